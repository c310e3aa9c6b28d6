//! What the network learned, asked of a run: switching a hidden neuron off
//! (its output held at 0) to see what the output, the loss and the accuracy
//! lose without it, and which inputs it relies on ([`crate::importance`]).

use crate::error::{Error, Result};
use crate::importance::{self, Importance, MAX_REPEATS};
use crate::saliency::{self, Saliency};

use super::{METRICS_SAMPLE, Session, Split};

impl Session {
    /// Switches hidden neuron `neuron` of layer `l` (both from 0) off or
    /// back on. The metrics are measured at once (a new history entry), so
    /// the loss and accuracy shown are of the network as it now computes;
    /// training goes on with the mask. An error (no such hidden neuron)
    /// changes nothing.
    pub fn set_neuron_off(&mut self, l: usize, neuron: usize, off: bool) -> Result<()> {
        if self.network.is_off(l, neuron) == off {
            // Still checks that there is such a neuron.
            return self.network.set_off(l, neuron, off);
        }
        self.network.set_off(l, neuron, off)?;
        self.record_metrics();
        self.preview();
        Ok(())
    }

    /// The switched-off neurons, `(layer, neuron)` from 0, layer by layer.
    pub fn off_neurons(&self) -> Vec<(usize, usize)> {
        self.network.off_neurons()
    }
}

impl Session {
    /// Feature importance of every network input over the test set (the
    /// training set when there is no test set), on the metrics' sample of
    /// a large one: sensitivity and permutation importance with `repeats`
    /// shuffles (1 to 20) from `seed`. Nothing of the run changes.
    pub fn importance(&self, repeats: usize, seed: u64) -> Result<Importance> {
        if !(1..=MAX_REPEATS).contains(&repeats) {
            let expected = format!("a whole number from 1 to {MAX_REPEATS}");
            return Err(Error::invalid("repeats", repeats, expected));
        }
        let (set, data) = if self.test.is_empty() {
            (Split::Train, &self.train)
        } else {
            (Split::Test, &self.test)
        };
        let network = &self.network;
        let (loss, output) = (self.config.network.loss, self.config.network.output_activation);
        Ok(importance::importance(network, set, data, loss, output, repeats, seed, METRICS_SAMPLE))
    }
}

impl Session {
    /// The saliency ∂ŷₖ/∂x of example `index` of `split`: of output `output`,
    /// or when none is given, of the largest output (the class predicted;
    /// the one output of a network that has one).
    pub fn saliency(&self, split: Split, index: usize, output: Option<usize>) -> Result<Saliency> {
        let data = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        if index >= data.len() {
            let expected = format!("an index below {} (the size of that set)", data.len());
            return Err(Error::invalid("example", index, expected));
        }
        let inputs = data.input(index);
        let output = match output {
            Some(k) => k,
            None => {
                let first = saliency::saliency(&self.network, inputs, 0)?;
                let largest = first.outputs.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1));
                match largest.map(|(k, _)| k) {
                    Some(0) | None => return Ok(first),
                    Some(k) => k,
                }
            }
        };
        saliency::saliency(&self.network, inputs, output)
    }
}

//! Switched-off neurons: which hidden neurons are held at 0, switching one
//! off or on, and the masking the forward and backward passes apply to them.

use crate::error::{Error, Result};

use super::Network;

impl Network {
    /// Whether neuron `neuron` of layer `l` is switched off.
    pub fn is_off(&self, l: usize, neuron: usize) -> bool {
        self.off.get(l).is_some_and(|off| off.contains(&neuron))
    }

    /// Layer `l`'s switched-off neurons, in increasing order.
    pub fn off_in(&self, l: usize) -> &[usize] {
        &self.off[l]
    }

    /// The switched-off neurons as `(layer, neuron)`, layer by layer.
    pub fn off_neurons(&self) -> Vec<(usize, usize)> {
        let per_layer = self.off.iter().enumerate();
        per_layer.flat_map(|(l, off)| off.iter().map(move |&j| (l, j))).collect()
    }

    /// Switches hidden neuron `neuron` of layer `l` off (its output held at
    /// 0, so it passes nothing on and its own weights get no gradient from
    /// the data) or back on. The output layer's neurons cannot be.
    pub fn set_off(&mut self, l: usize, neuron: usize, off: bool) -> Result<()> {
        let hidden = self.layout.layers() - 1;
        if l >= hidden {
            let expected = match hidden {
                0 => "none: this network has no hidden layer".to_string(),
                n => format!("a hidden layer from 0 to {}", n - 1),
            };
            return Err(Error::invalid("off: layer", l, expected));
        }
        let width = self.layout.width(l);
        if neuron >= width {
            let expected = format!("a neuron of hidden layer {l}, from 0 to {}", width - 1);
            return Err(Error::invalid("off: neuron", neuron, expected));
        }
        let list = &mut self.off[l];
        match (list.binary_search(&neuron), off) {
            (Err(at), true) => list.insert(at, neuron),
            (Ok(at), false) => _ = list.remove(at),
            _ => {}
        }
        Ok(())
    }

    /// Sets layer `l`'s switched-off neurons to 0 in `values` (one row of the
    /// layer's width per example): their a in the forward pass, their δ in
    /// the backward pass.
    pub(super) fn hold_off_at_zero(&self, l: usize, values: &mut [f64]) {
        let width = self.layout.width(l);
        for &j in &self.off[l] {
            values.iter_mut().skip(j).step_by(width).for_each(|v| *v = 0.0);
        }
    }
}

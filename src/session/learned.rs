//! What the network learned, asked of a run: switching a hidden neuron off
//! (its output held at 0) to see what the output, the loss and the accuracy
//! lose without it.

use crate::error::Result;

use super::Session;

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

//! What the network learned, for JavaScript: forwards to the session's
//! switched-off neurons.

use wasm_bindgen::prelude::*;

use super::Lab;
use super::interop::{js_error, to_js};

#[wasm_bindgen]
impl Lab {
    /// Switches hidden neuron `neuron` of layer `layer` (both from 0) off
    /// (its output held at 0) or back on, and measures the metrics at once.
    /// An error names the layer or neuron that does not exist; nothing changes.
    #[wasm_bindgen(js_name = setNeuronOff)]
    pub fn set_neuron_off(&mut self, layer: u32, neuron: u32, off: bool) -> Result<(), JsError> {
        let session = self.run.present();
        session.set_neuron_off(layer as usize, neuron as usize, off).map_err(js_error)
    }

    /// The switched-off neurons, `[[layer, neuron], …]` from 0, layer by layer.
    #[wasm_bindgen(js_name = offNeurons)]
    pub fn off_neurons(&self) -> JsValue {
        to_js(&self.run.shown().off_neurons())
    }
}

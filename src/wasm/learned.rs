//! What the network learned, for JavaScript: forwards to the session's
//! switched-off neurons.

use wasm_bindgen::prelude::*;

use super::Lab;
use super::interop::{js_error, to_js};
use crate::representation::Axes;
use crate::session::Split;

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

#[wasm_bindgen]
impl Lab {
    /// Feature importance of every network input over the test set (the
    /// training set when there is none): `{ set, examples, loss,
    /// sensitivity, permutation, permutation_spread, repeats, seed }`, for
    /// the moment on screen. `repeats` shuffles per input (1 to 20).
    pub fn importance(&self, repeats: u32, seed: u32) -> Result<JsValue, JsError> {
        let importance = self.run.shown().importance(repeats as usize, seed.into());
        Ok(to_js(&importance.map_err(js_error)?))
    }
}

#[wasm_bindgen]
impl Lab {
    /// The saliency ∂ŷₖ/∂x of one example (`split` `"train"` or `"test"`)
    /// at the moment on screen: `{ output, outputs, gradient }`; `output`
    /// the output differentiated (left out: the largest, the class predicted).
    pub fn saliency(
        &self,
        split: &str,
        index: u32,
        output: Option<u32>,
    ) -> Result<JsValue, JsError> {
        let split = Split::from_name(split).map_err(js_error)?;
        let output = output.map(|k| k as usize);
        let saliency = self.run.shown().saliency(split, index as usize, output);
        Ok(to_js(&saliency.map_err(js_error)?))
    }
}

#[wasm_bindgen]
impl Lab {
    /// Layer `layer` (from 0; the output layer last) as it sees the input
    /// space, at the moment on screen: `axes` `"principal"` (its two
    /// principal components) or `"neurons"` (neurons `first` and `second`).
    /// `{ layer, width, neurons, pca, train, test, train_labels,
    /// test_labels, shown, grid }`; see docs/api.md.
    pub fn representation(
        &self,
        layer: u32,
        axes: &str,
        first: u32,
        second: u32,
    ) -> Result<JsValue, JsError> {
        let axes = match axes {
            "principal" => Axes::Principal,
            "neurons" => Axes::Neurons(first as usize, second as usize),
            other => {
                let message = format!(
                    "representation: axes: {other} is not allowed; expected \"principal\" or \"neurons\""
                );
                return Err(js_error(message));
            }
        };
        let representation = self.run.shown().representation(layer as usize, axes);
        Ok(to_js(&representation.map_err(js_error)?))
    }
}

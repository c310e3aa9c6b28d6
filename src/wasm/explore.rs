//! The loss landscape and sharpness for JavaScript: forwards to
//! `Session::landscape`, `landscape_path`, `sharpness` and `last_step_fit`
//! for the moment on screen.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::Lab;
use super::interop::{js_error, to_js};
use crate::landscape::Directions;

/// A number field of an options object, or `None` when it is missing.
fn number(options: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(options, &JsValue::from_str(key)).ok().and_then(|v| v.as_f64())
}

/// A whole number field for an index or a seed (missing: 0).
fn whole(options: &JsValue, key: &str) -> Result<u64, JsError> {
    match number(options, key) {
        None => Ok(0),
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= 2f64.powi(53) => Ok(v as u64),
        Some(v) => {
            Err(js_error(format!("{key}: {v} is not allowed; expected a whole number from 0")))
        }
    }
}

#[wasm_bindgen]
impl Lab {
    /// The training loss over a plane through the current weights:
    /// `options` `{directions: "random" | "path" | "weights", seed, first,
    /// second, resolution, range}` (range left out: 1 for random directions,
    /// else what holds the projected path). See docs/api.md for the result.
    pub fn landscape(&self, options: JsValue) -> Result<JsValue, JsError> {
        let name = Reflect::get(&options, &JsValue::from_str("directions"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "random".into());
        let directions = match name.as_str() {
            "random" => Directions::Random { seed: whole(&options, "seed")? },
            "path" => Directions::Path,
            "weights" => Directions::Weights {
                first: whole(&options, "first")? as usize,
                second: whole(&options, "second")? as usize,
            },
            other => {
                return Err(js_error(format!(
                    "directions: {other} is not allowed; expected \"random\", \"path\" or \"weights\""
                )));
            }
        };
        let resolution = whole(&options, "resolution")?.min(u32::MAX as u64) as usize;
        let resolution = if number(&options, "resolution").is_none() { 41 } else { resolution };
        let range = number(&options, "range");
        let plane = self.run.shown().landscape(directions, resolution, range).map_err(js_error)?;
        Ok(to_js(&plane))
    }

    /// The training loss on the straight line from the first checkpoint's
    /// weights (t = 0) to the current ones (t = 1) and a little beyond:
    /// `{t, losses, start_epoch, climb}`.
    #[wasm_bindgen(js_name = landscapePath)]
    pub fn landscape_path(&self) -> JsValue {
        to_js(&self.run.shown().landscape_path())
    }

    /// The largest eigenvalue of the training loss's Hessian at the current
    /// weights: `{lambda, iterations, converged, learning_rate, threshold}`
    /// (threshold = 2 / learning rate).
    pub fn sharpness(&self, seed: u32) -> JsValue {
        to_js(&self.run.shown().sharpness(seed as u64))
    }

    /// Where the last step landed on the parabola fitted along it:
    /// `{before, halfway, after, a, b, c, vertex, verdict}`; an error before
    /// any step.
    #[wasm_bindgen(js_name = lastStep)]
    pub fn last_step(&self) -> Result<JsValue, JsError> {
        self.run.shown().last_step_fit().map(|fit| to_js(&fit)).map_err(js_error)
    }
}

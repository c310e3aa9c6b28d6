//! Conversions between the engine's types and JavaScript values: plain
//! objects, typed arrays, errors, and a JS object read as a settings tree.
//! Nothing here decides anything; `mod.rs` forwards, this converts.

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::config::Config;
use crate::config::read;
use crate::dataset::{Labels, Points};
use crate::network::{Gradients, Trace};
use crate::session::{Checkpoint, Session, Slice, TrainReport};
use crate::table::{Selection, TableData, TargetKind};

/// An engine error (or any message) as a JS `Error`.
pub fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Serializes plain data as plain JS objects (u64 as numbers, maps as objects).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("plain data serializes")
}

/// A JS object from key/value pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value)
            .expect("setting a key of a new object");
    }
    object.into()
}

pub fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

/// Per-layer slices as an array of Float64Arrays.
pub fn layers_of(count: usize, layer: impl Fn(usize) -> JsValue) -> JsValue {
    (0..count).map(layer).collect::<Array>().into()
}

pub fn config_from(value: JsValue) -> Result<Config, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Config::default());
    }
    let config = read::config_from_tree(&value).map_err(js_error)?;
    config.validate().map_err(js_error)?;
    Ok(config)
}

/// A JS value as a settings tree for the engine's config reader (the same
/// rules and messages as for JSON text).
impl read::Tree for JsValue {
    fn field(&self, key: &str) -> Option<Self> {
        self.keys()?;
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }
    fn keys(&self) -> Option<Vec<String>> {
        (self.is_object() && !Array::is_array(self)).then(|| {
            Object::keys(self.unchecked_ref::<Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        })
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn text(&self) -> Option<String> {
        self.as_string()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }
    fn describe(&self) -> String {
        js_sys::JSON::stringify(self)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| format!("{self:?}"))
    }
}

pub fn report(report: TrainReport) -> JsValue {
    to_js(&report)
}

/// A checkpoint's parameters and optimizer state.
pub fn checkpoint_object(checkpoint: &Checkpoint) -> JsValue {
    object(&[
        ("params", f64s(checkpoint.params())),
        ("steps", JsValue::from(checkpoint.optimizer().steps() as f64)),
        ("state", state_object(checkpoint.optimizer())),
    ])
}

pub fn example_object(session: &Session, trace: &Trace, grads: &Gradients) -> JsValue {
    let network = session.network();
    let loss = network.data_loss(trace, session.config().network.loss);
    let mut fields = trace_fields(trace, grads, network.layout().layers());
    fields.push(("gradInputs", grads.grad_inputs().map_or(JsValue::NULL, f64s)));
    fields.push(("loss", JsValue::from(loss)));
    object(&fields)
}

/// A batch's values for JS: inputs and targets, and per layer z, a, δ and ∂L/∂a.
pub fn trace_fields(
    trace: &Trace,
    grads: &Gradients,
    layers: usize,
) -> Vec<(&'static str, JsValue)> {
    vec![
        ("inputs", f64s(trace.inputs())),
        ("targets", f64s(trace.targets())),
        ("z", layers_of(layers, |l| f64s(trace.z(l)))),
        ("a", layers_of(layers, |l| f64s(trace.a(l)))),
        ("gradZ", layers_of(layers, |l| f64s(grads.grad_z(l)))),
        ("gradA", layers_of(layers, |l| f64s(grads.grad_a(l)))),
    ]
}

/// An optimizer's per-parameter state: one Float64Array per buffer, by name.
pub fn state_object(optimizer: &crate::OptimizerState) -> JsValue {
    let state = Object::new();
    for (name, values) in optimizer.buffers() {
        Reflect::set(&state, &name.into(), &f64s(values)).expect("setting a key of a new object");
    }
    state.into()
}

/// The page's choice of columns, `{inputs, target, kind, standardize}`
/// (`kind` and `standardize` optional), read with the config reader's rules.
pub fn selection_from(value: &JsValue) -> Result<Selection, JsError> {
    use read::Tree;
    let bad = |what: &str| js_error(format!("column choice: {what}"));
    let column = |v: &JsValue| match v.number() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e9 => Ok(n as usize),
        _ => Err(bad(&format!("{} is not a column number", v.describe()))),
    };
    let inputs = value
        .field("inputs")
        .and_then(|v| v.items())
        .ok_or_else(|| bad("`inputs` must list the input columns"))?;
    let target =
        value.field("target").ok_or_else(|| bad("`target` must name the target column"))?;
    let kind = match value.field("kind") {
        None => TargetKind::Auto,
        Some(k) => TargetKind::from_name(&k.text().unwrap_or_default()).map_err(js_error)?,
    };
    Ok(Selection {
        inputs: inputs.iter().map(column).collect::<Result<_, _>>()?,
        target: column(&target)?,
        kind,
        standardize: value.field("standardize").and_then(|v| v.boolean()).unwrap_or(false),
    })
}

/// A slice as `{x, y, held}` (`held` a Float64Array).
pub fn slice_object(slice: &Slice) -> JsValue {
    object(&[
        ("x", JsValue::from(slice.x as u32)),
        ("y", JsValue::from(slice.y as u32)),
        ("held", f64s(&slice.held)),
    ])
}

/// The page's slice, `{x, y, held}`, read with the config reader's rules:
/// inputs as whole numbers, `held` as numbers (the engine checks the rest).
pub fn slice_from(value: &JsValue) -> Result<Slice, JsError> {
    use read::Tree;
    let bad = |field: &str, what: String| js_error(format!("slice.{field}: {what}"));
    let axis = |field: &str| match value.field(field).and_then(|v| v.number()) {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e9 => Ok(n as usize),
        _ => Err(bad(field, "must be an input's number, from 0".into())),
    };
    // A Float64Array reads as an array here too.
    let held = value.field("held").map(|v| Array::from(&v)).filter(|a| a.length() > 0);
    let held = held.ok_or_else(|| bad("held", "must list a value for every input".into()))?;
    let held = held
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_f64().ok_or_else(|| {
                bad(&format!("held[{i}]"), format!("{} is not a number", v.describe()))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Slice { x: axis("x")?, y: axis("y")?, held })
}

/// A table's data as `CsvTable.data` gives it: `{inputs, values | classes,
/// inputNames, targetName, classNames, means, scales}`, the numbers as
/// typed arrays (`inputs` row by row, `classes` a Uint32Array).
pub fn table_data_object(data: &TableData) -> JsValue {
    let texts = |names: &[String]| names.iter().map(JsValue::from).collect::<Array>().into();
    let target = match &data.points.labels {
        Labels::Values(values) => ("values", f64s(values)),
        Labels::Classes { of, .. } => {
            let of: Vec<u32> = of.iter().map(|&c| c as u32).collect();
            ("classes", Uint32Array::from(of.as_slice()).into())
        }
    };
    object(&[
        ("inputs", f64s(&data.points.coords)),
        target,
        ("inputNames", texts(&data.input_names)),
        ("targetName", JsValue::from(&data.target_name)),
        ("classNames", texts(&data.class_names)),
        ("means", f64s(&data.means)),
        ("scales", f64s(&data.scales)),
    ])
}

/// The data `table_data_object` wrote (from this thread or another),
/// checked that its parts fit together; errors name the field.
pub fn table_data_from(value: &JsValue) -> Result<TableData, JsError> {
    let get = |key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let bad = |key: &str, what: &str| js_error(format!("table data: `{key}` must be {what}"));
    let numbers = |key: &str| {
        get(key)
            .and_then(|v| v.dyn_into::<Float64Array>().ok())
            .map(|a| a.to_vec())
            .ok_or_else(|| bad(key, "a Float64Array"))
    };
    let texts = |key: &str| {
        get(key)
            .filter(Array::is_array)
            .and_then(|v| Array::from(&v).iter().map(|s| s.as_string()).collect::<Option<Vec<_>>>())
            .ok_or_else(|| bad(key, "a list of names"))
    };
    let input_names = texts("inputNames")?;
    let class_names = texts("classNames")?;
    let labels = match get("classes") {
        Some(classes) => {
            let of = classes
                .dyn_into::<Uint32Array>()
                .map_err(|_| bad("classes", "a Uint32Array"))?
                .to_vec();
            Labels::Classes {
                count: class_names.len(),
                of: of.into_iter().map(|c| c as usize).collect(),
            }
        }
        None => Labels::Values(numbers("values")?),
    };
    let data = TableData {
        points: Points { dims: input_names.len(), coords: numbers("inputs")?, labels },
        input_names,
        target_name: get("targetName")
            .and_then(|v| v.as_string())
            .ok_or_else(|| bad("targetName", "a name"))?,
        class_names,
        means: numbers("means")?,
        scales: numbers("scales")?,
    };
    data.check().map_err(js_error)?;
    Ok(data)
}

//! The JavaScript API: a thin wrapper that turns a [`Session`] into a `Lab`
//! object. The only Rust that names wasm-bindgen; compiled for wasm32 only.
//! Numbers travel as typed arrays, settings as plain objects; every engine
//! error becomes a JS `Error` carrying the engine's message.
//! See `docs/api.md` for the API as JavaScript sees it.

use js_sys::{Array, Float32Array, Float64Array, Object, Reflect, Uint32Array};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::config::{Config, MAX_RATE, MAX_SAMPLES};
use crate::dataset::{EXTENT, target_range};
use crate::gradcheck;
use crate::grid;
use crate::network::{Gradients, Trace};
use crate::query;
use crate::reader;
use crate::session::{Checkpoint, Metrics, Session, Split, TrainReport};
use crate::stepper::Until;
use crate::{
    Activation, DatasetKind, Error, Feature, Init, Loss, Optimizer, Param, Penalty, Schedule,
};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Serializes plain data as plain JS objects (u64 as numbers, maps as objects).
fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("plain data serializes")
}

/// A JS object from key/value pairs.
fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value)
            .expect("setting a key of a new object");
    }
    object.into()
}

fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

/// Per-layer slices as an array of Float64Arrays.
fn layers_of(count: usize, layer: impl Fn(usize) -> JsValue) -> JsValue {
    (0..count).map(layer).collect::<Array>().into()
}

fn config_from(value: JsValue) -> Result<Config, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Config::default());
    }
    let config = reader::config_from_tree(&value).map_err(js_error)?;
    config.validate().map_err(js_error)?;
    Ok(config)
}

/// A JS value as a settings tree for the engine's config reader (the same
/// rules and messages as for JSON text).
impl reader::Tree for JsValue {
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

fn split_from(name: &str) -> Result<Split, JsError> {
    match name {
        "train" => Ok(Split::Train),
        "test" => Ok(Split::Test),
        other => Err(js_error(Error::Invalid {
            field: "split".into(),
            value: other.into(),
            expected: "\"train\" or \"test\"".into(),
        })),
    }
}

fn report(report: TrainReport) -> JsValue {
    to_js(&report)
}

/// A network, its data and its training, as one handle.
#[wasm_bindgen]
pub struct Lab {
    session: Session,
    /// A past moment being looked at (from the timeline), if any; training
    /// or stepping from it makes it the present and replaces the future.
    view: Option<(usize, Session)>,
    grid: Vec<f32>,
}

#[wasm_bindgen]
impl Lab {
    /// A new lab from a config object; missing settings take their defaults
    /// (`new Lab()` is TensorFlow Playground's opening screen).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Lab, JsError> {
        let session = Session::new(config_from(config)?).map_err(js_error)?;
        Ok(Lab { session, view: None, grid: Vec::new() })
    }

    /// A new lab from a config exported with `configJson()`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Lab, JsError> {
        let value = js_sys::JSON::parse(json).map_err(|e| {
            let message = e
                .dyn_into::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            js_error(Error::Parse { what: "config JSON".into(), message })
        })?;
        Lab::new(value)
    }

    /// A lab on given data instead of a generated set: `inputs` holds
    /// `n_inputs` numbers per example, `targets` `n_outputs` per example, all
    /// used for training. The network gets as many inputs and outputs as the
    /// data has; the config supplies everything else.
    #[wasm_bindgen(js_name = withData)]
    pub fn with_data(
        config: JsValue,
        inputs: Vec<f64>,
        targets: Vec<f64>,
        n_inputs: u32,
        n_outputs: u32,
    ) -> Result<Lab, JsError> {
        let (n_in, n_out) = (n_inputs as usize, n_outputs as usize);
        if n_in == 0 || inputs.len() % n_in != 0 {
            return Err(js_error(Error::Invalid {
                field: "inputs".into(),
                value: format!("{} numbers", inputs.len()),
                expected: format!("a whole number of examples of {n_in} inputs"),
            }));
        }
        let examples = inputs.len() / n_in;
        if n_out == 0 || targets.len() != examples * n_out {
            return Err(js_error(Error::Invalid {
                field: "targets".into(),
                value: format!("{} numbers", targets.len()),
                expected: format!("{n_out} per example, {} in all", examples * n_out),
            }));
        }
        let train = crate::Examples {
            n_inputs: n_in,
            n_outputs: n_out,
            inputs,
            targets,
            ..crate::Examples::default()
        };
        let session = Session::with_data(config_from(config)?, train, crate::Examples::default())
            .map_err(js_error)?;
        Ok(Lab { session, view: None, grid: Vec::new() })
    }

    /// Reads a URL query: `{config, warnings: string[], unknown: [key, value][]}`.
    /// Never throws: unusable values fall back to their defaults, with a warning each.
    #[wasm_bindgen(js_name = parseQuery)]
    pub fn parse_query(query: &str) -> JsValue {
        let parsed = query::from_query(query);
        object(&[
            ("config", to_js(&parsed.config)),
            ("warnings", to_js(&parsed.warnings)),
            ("unknown", to_js(&parsed.unknown)),
        ])
    }

    /// A fresh random seed (from the browser's crypto), for a first visit.
    #[wasm_bindgen(js_name = randomSeed)]
    pub fn random_seed() -> u32 {
        getrandom::u32().unwrap_or(1) % 1_000_000
    }

    /// The whole config, as a plain object.
    pub fn config(&self) -> JsValue {
        to_js(self.shown().config())
    }

    /// The config as JSON text, for export.
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(&self) -> String {
        self.shown().config().to_json()
    }

    /// The config as a URL query string (what the page puts in its address).
    pub fn query(&self) -> String {
        query::to_query(self.shown().config())
    }

    /// Applies a changed config, keeping what still holds (see the engine's
    /// `Session::reconfigure`). On error nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, config: JsValue) -> Result<(), JsError> {
        let config = config_from(config)?;
        self.present().reconfigure(config).map_err(js_error)
    }

    /// Trains `n` batches: `{batches, epochs, diverged}`.
    #[wasm_bindgen(js_name = trainBatches)]
    pub fn train_batches(&mut self, n: u32) -> JsValue {
        report(self.present().train_batches(n.into()))
    }

    /// Trains `n` epochs (a partly done epoch counts as the first).
    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, n: u32) -> JsValue {
        report(self.present().train_epochs(n.into()))
    }

    /// Trains whole batches until at least `n` examples have been used.
    #[wasm_bindgen(js_name = trainExamples)]
    pub fn train_examples(&mut self, n: u32) -> JsValue {
        report(self.present().train_examples(n.into()))
    }

    /// New initial weights from the same seed; the same data.
    pub fn reset(&mut self) {
        self.present().reset();
    }

    /// After divergence: back to the last state whose numbers were all finite.
    #[wasm_bindgen(js_name = restoreLastFinite)]
    pub fn restore_last_finite(&mut self) -> Result<(), JsError> {
        self.present().restore_last_finite().map_err(js_error)
    }

    /// True when training stopped on a NaN or infinity.
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.shown().diverged()
    }

    /// Whole epochs trained.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.shown().trainer().progress().epochs as f64
    }

    /// Examples trained on.
    #[wasm_bindgen(getter)]
    pub fn examples(&self) -> f64 {
        self.shown().trainer().progress().examples as f64
    }

    /// Batches (optimizer steps) run.
    #[wasm_bindgen(getter)]
    pub fn batches(&self) -> f64 {
        self.shown().trainer().progress().batches as f64
    }

    /// The learning rate the next batch uses (after the schedule).
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.shown().trainer().learning_rate()
    }

    /// The network and training state now: sizes, activations, every
    /// parameter, the last batch's gradients, the last update and the
    /// optimizer's state (see docs/api.md for every field).
    pub fn snapshot(&self) -> JsValue {
        let network = self.shown().network();
        let trainer = self.shown().trainer();
        let layout = network.layout();
        let optimizer = trainer.optimizer();
        let update = trainer.update();
        let batch: Vec<u32> = trainer.batch_indices().iter().map(|&i| i as u32).collect();
        let metrics = self.shown().history().last().copied();
        object(&[
            ("sizes", to_js(&layout.sizes())),
            ("activations", to_js(&network.activations())),
            ("nWeights", JsValue::from(layout.n_weights() as u32)),
            ("params", f64s(network.params())),
            ("grads", f64s(trainer.gradients().grad_params())),
            ("delta", f64s(&update.delta)),
            ("deltaReg", f64s(&update.delta_reg)),
            ("learningRate", JsValue::from(trainer.learning_rate())),
            ("lastLearningRate", JsValue::from(update.learning_rate)),
            (
                "optimizer",
                object(&[
                    ("name", JsValue::from_str(optimizer.optimizer().name())),
                    ("steps", JsValue::from(optimizer.steps() as f64)),
                    ("state", state_object(optimizer)),
                    // Adam's [1 − β₁ᵗ, 1 − β₂ᵗ] for the steps taken so far; null otherwise.
                    (
                        "biasCorrections",
                        optimizer
                            .bias_corrections()
                            .map_or(JsValue::NULL, |(c1, c2)| to_js(&[c1, c2])),
                    ),
                ]),
            ),
            ("batch", Uint32Array::from(batch.as_slice()).into()),
            ("epoch", JsValue::from(self.epoch())),
            ("batches", JsValue::from(self.batches())),
            ("examples", JsValue::from(self.examples())),
            ("diverged", JsValue::from(self.shown().diverged())),
            ("metrics", metrics.map_or(JsValue::NULL, |m| to_js(&m))),
        ])
    }

    /// The metrics history from entry `from` on, column by column:
    /// `{epoch, examples, trainLoss, testLoss, regLoss, trainAccuracy,
    /// testAccuracy}` as Float64Arrays (NaN where a value does not exist).
    pub fn history(&self, from: u32) -> JsValue {
        let all = self.session.history();
        let rows = &all[(from as usize).min(all.len())..];
        let column = |f: &dyn Fn(&Metrics) -> f64| -> JsValue {
            f64s(&rows.iter().map(f).collect::<Vec<f64>>())
        };
        object(&[
            ("from", JsValue::from(from)),
            ("length", JsValue::from(all.len() as u32)),
            ("epoch", column(&|m| m.epoch as f64)),
            ("examples", column(&|m| m.examples as f64)),
            ("trainLoss", column(&|m| m.train_loss)),
            ("testLoss", column(&|m| m.test_loss.unwrap_or(f64::NAN))),
            ("regLoss", column(&|m| m.regularization_loss)),
            ("trainAccuracy", column(&|m| m.train_accuracy.unwrap_or(f64::NAN))),
            ("testAccuracy", column(&|m| m.test_accuracy.unwrap_or(f64::NAN))),
        ])
    }

    /// Every neuron's activation over a `resolution`-wide grid of the input
    /// plane, in one Float32Array `[neuron][pixel]` (neurons layer by layer,
    /// the output's last; pixels row by row from the top edge, x2 = 6).
    /// For one-dimensional data the grid is one row. Pass the array a
    /// previous call returned as `into` and it is filled again, with no new
    /// allocation, when its length still fits.
    #[wasm_bindgen(js_name = evaluateGrid)]
    pub fn evaluate_grid(
        &mut self,
        resolution: u32,
        into: Option<Float32Array>,
    ) -> Result<Float32Array, JsError> {
        check_resolution(resolution)?;
        let mut grid = std::mem::take(&mut self.grid);
        self.shown_mut().evaluate_grid(resolution as usize, &mut grid);
        self.grid = grid;
        match into {
            Some(out) if out.length() as usize == self.grid.len() => {
                out.copy_from(&self.grid);
                Ok(out)
            }
            _ => Ok(Float32Array::from(self.grid.as_slice())),
        }
    }

    /// Each of the named input features over a grid of the input plane,
    /// `[feature][pixel]`, laid out as `evaluateGrid`'s (dims 1 or 2).
    #[wasm_bindgen(js_name = featureMaps)]
    pub fn feature_maps(
        features: Vec<String>,
        resolution: u32,
        dims: u32,
    ) -> Result<Float32Array, JsError> {
        check_resolution(resolution)?;
        let features = features
            .iter()
            .map(|name| {
                Feature::from_name(name).ok_or_else(|| {
                    js_error(Error::Invalid {
                        field: "features".into(),
                        value: name.clone(),
                        expected: "a feature name such as x1 or sin_x2".into(),
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let dims = if dims == 1 { 1 } else { 2 };
        Ok(Float32Array::from(grid::feature_maps(&features, resolution as usize, dims).as_slice()))
    }

    /// Everything the page offers, from the engine itself: activations,
    /// losses with the outputs and targets they need, optimizers, schedules
    /// and initialisers with their default constants, data sets, features.
    pub fn catalog() -> JsValue {
        let names = |items: &mut dyn Iterator<Item = &'static str>| -> JsValue {
            items.map(JsValue::from_str).collect::<Array>().into()
        };
        let losses: Array = Loss::ALL
            .iter()
            .map(|&loss| {
                let ranges = Object::new();
                for &a in loss.output_activations() {
                    let (low, high) = target_range(loss, a);
                    let pair: Array = [low, high].iter().map(|&v| JsValue::from(v)).collect();
                    Reflect::set(&ranges, &a.name().into(), &pair).expect("setting a key");
                }
                object(&[
                    ("name", loss.name().into()),
                    ("outputs", names(&mut loss.output_activations().iter().map(|a| a.name()))),
                    ("defaultOutput", loss.default_output_activation().name().into()),
                    ("targetRange", ranges.into()),
                    ("fromLogits", loss.from_logits().into()),
                ])
            })
            .collect();
        let named = |list: &[&str], defaults: &dyn Fn(&str) -> JsValue| -> JsValue {
            list.iter()
                .map(|&n| object(&[("name", n.into()), ("defaults", defaults(n))]))
                .collect::<Array>()
                .into()
        };
        let datasets: Array = DatasetKind::ALL
            .iter()
            .map(|d| {
                object(&[
                    ("name", d.name().into()),
                    ("problem", to_js(&d.problem())),
                    ("dims", (d.dims() as u32).into()),
                ])
            })
            .collect();
        let features: Array = Feature::ALL
            .iter()
            .map(|f| {
                object(&[
                    ("name", f.name().into()),
                    ("label", f.label().into()),
                    ("usesX2", f.uses_x2().into()),
                ])
            })
            .collect();
        object(&[
            ("activations", names(&mut Activation::ALL.iter().map(|a| a.name()))),
            ("losses", losses.into()),
            ("optimizers", named(&Optimizer::ALL_NAMES, &|n| to_js(&Optimizer::from_name(n)))),
            ("schedules", named(&Schedule::ALL_NAMES, &|n| to_js(&Schedule::from_name(n)))),
            ("inits", named(&Init::ALL_NAMES, &|n| to_js(&Init::from_name(n)))),
            ("penalties", names(&mut Penalty::ALL.iter().map(|p| p.name()))),
            ("datasets", datasets.into()),
            ("features", features.into()),
            (
                "limits",
                object(&[
                    ("maxSamples", (MAX_SAMPLES as u32).into()),
                    ("maxRate", MAX_RATE.into()),
                    ("extent", EXTENT.into()),
                ]),
            ),
            ("defaults", to_js(&Config::default())),
        ])
    }

    /// The data: `{dims, classes, train, test}`, each set `{points, classes,
    /// values, targets}` (points `[example][coordinate]`; classes or values
    /// as the problem has them; targets as encoded for the loss).
    pub fn points(&self) -> JsValue {
        let set = |data: &crate::Examples| {
            let classes: Vec<u32> = data.classes.iter().map(|&c| c as u32).collect();
            let values: Vec<f64> = if data.classes.is_empty() {
                data.targets.iter().step_by(data.n_outputs.max(1)).copied().collect()
            } else {
                Vec::new()
            };
            object(&[
                ("length", JsValue::from(data.len() as u32)),
                ("points", f64s(&data.points)),
                ("classes", Uint32Array::from(classes.as_slice()).into()),
                ("values", f64s(&values)),
                ("targets", f64s(&data.targets)),
            ])
        };
        let classes = match self.shown().points().map(|p| &p.labels) {
            Some(crate::dataset::Labels::Classes { count, .. }) => *count as u32,
            _ => 0,
        };
        object(&[
            ("dims", JsValue::from(self.shown().dims() as u32)),
            ("classes", JsValue::from(classes)),
            ("train", set(self.shown().train_set())),
            ("test", set(self.shown().test_set())),
        ])
    }

    /// One example (`split` "train" or "test") run on its own: its inputs and
    /// targets, every layer's z and a, and its own gradients (δ = dL/dz,
    /// dL/da, dL/dx) and loss.
    pub fn example(&self, split: &str, index: u32) -> Result<JsValue, JsError> {
        let (trace, grads) =
            self.shown().example(split_from(split)?, index as usize).map_err(js_error)?;
        Ok(example_object(self.shown(), &trace, &grads))
    }

    /// Runs the next phase of the batch being stepped through (starting one
    /// if none is): `{kind, layer}` with kind `forward_z`, `forward_a`,
    /// `loss`, `backward_delta`, `backward_params` or `update`.
    #[wasm_bindgen(js_name = stepPhase)]
    pub fn step_phase(&mut self) -> Result<JsValue, JsError> {
        let phase = self.present().step_phase().map_err(js_error)?;
        Ok(to_js(&phase))
    }

    /// Undoes the last phase (into the previous batch from a batch's start);
    /// false when there is nothing to go back to.
    #[wasm_bindgen(js_name = backPhase)]
    pub fn back_phase(&mut self) -> Result<bool, JsError> {
        self.present().back_phase().map_err(js_error)
    }

    /// Runs phases to the end of the backward pass (`"backward"`), the batch
    /// (`"batch"`) or the epoch (`"epoch"`).
    #[wasm_bindgen(js_name = runTo)]
    pub fn run_to(&mut self, until: &str) -> Result<(), JsError> {
        let until = match until {
            "backward" => Until::Backward,
            "batch" => Until::Batch,
            "epoch" => Until::Epoch,
            other => {
                return Err(js_error(Error::Invalid {
                    field: "until".into(),
                    value: other.into(),
                    expected: "\"backward\", \"batch\" or \"epoch\"".into(),
                }));
            }
        };
        self.present().run_to(until).map_err(js_error)
    }

    /// Where stepping through a batch stands, or null when not stepping:
    /// `{plan, done, batch, loss, inputs, targets, z, a, gradZ, gradA, grads,
    /// before: {params, steps, state}, delta, deltaReg}`. Only the values of
    /// the phases done are meaningful (see docs/api.md).
    #[wasm_bindgen(js_name = stepState)]
    pub fn step_state(&self) -> JsValue {
        let session = self.shown();
        let Some(stepper) = session.stepper() else {
            return JsValue::NULL;
        };
        let trainer = session.trainer();
        let (trace, grads) = (trainer.trace(), trainer.gradients());
        let layers = session.network().layout().layers();
        let before = stepper.before();
        let update = trainer.update();
        let batch: Vec<u32> = trainer.batch_indices().iter().map(|&i| i as u32).collect();
        let mut fields = vec![
            ("plan", to_js(&stepper.plan())),
            ("done", JsValue::from(stepper.done() as u32)),
            ("complete", JsValue::from(stepper.complete())),
            ("batch", Uint32Array::from(batch.as_slice()).into()),
            (
                "loss",
                stepper.loss().map_or(JsValue::NULL, |l| {
                    object(&[
                        ("data", JsValue::from(l.data)),
                        ("regularization", JsValue::from(l.regularization)),
                        ("examples", f64s(&l.examples)),
                    ])
                }),
            ),
            ("grads", f64s(grads.grad_params())),
            ("before", checkpoint_object(before)),
            ("delta", f64s(&update.delta)),
            ("deltaReg", f64s(&update.delta_reg)),
            ("learningRate", JsValue::from(update.learning_rate)),
            // The factor the output's gradient is multiplied by: 1/(N·K), or 1/N for softmax_ce.
            (
                "lossGradScale",
                if batch.is_empty() {
                    JsValue::NULL
                } else {
                    let outputs = session.network().layout().width(layers - 1);
                    JsValue::from(session.config().loss.gradient_scale(batch.len(), outputs))
                },
            ),
        ];
        fields.extend(trace_fields(trace, grads, layers));
        object(&fields)
    }

    /// Central finite differences on the current batch (while stepping: at
    /// the parameters the batch started with, so beside its gradients): for
    /// each parameter index given (all when none are), `{index, analytic,
    /// numeric, relativeError, agrees}`.
    #[wasm_bindgen(js_name = gradCheck)]
    pub fn grad_check(&self, indices: Option<Vec<u32>>) -> Result<JsValue, JsError> {
        let session = self.shown();
        let network = session.network();
        let indices: Vec<usize> = match indices {
            Some(list) => list.into_iter().map(|i| i as usize).collect(),
            None => (0..network.layout().n_params()).collect(),
        };
        let c = session.config();
        // While stepping, the batch's gradients belong to the parameters it
        // started with (the update may have moved them since): check those.
        let batch_network;
        let network = match session.stepper() {
            Some(stepper) => {
                let mut n = network.clone();
                n.params_mut().copy_from_slice(stepper.before().params());
                batch_network = n;
                &batch_network
            }
            None => network,
        };
        let results = gradcheck::check(
            network,
            session.trainer().trace(),
            c.loss,
            c.regularization,
            &indices,
        )
        .map_err(js_error)?;
        let rows: Array = results
            .iter()
            .map(|r| {
                object(&[
                    ("index", JsValue::from(r.index as u32)),
                    ("analytic", JsValue::from(r.analytic)),
                    ("numeric", JsValue::from(r.numeric)),
                    ("relativeError", JsValue::from(r.relative_error)),
                    ("agrees", JsValue::from(r.agrees())),
                ])
            })
            .collect();
        Ok(rows.into())
    }

    /// The timeline's moments: `{length, epoch, examples, bytes, viewing}`
    /// (`viewing` is the index looked at, or -1 for the present).
    pub fn timeline(&self) -> JsValue {
        let entries = self.session.timeline().entries();
        let column = |f: &dyn Fn(&Checkpoint) -> f64| -> JsValue {
            f64s(&entries.iter().map(f).collect::<Vec<f64>>())
        };
        object(&[
            ("length", JsValue::from(entries.len() as u32)),
            ("epoch", column(&|c| c.epoch() as f64)),
            ("examples", column(&|c| c.examples() as f64)),
            ("bytes", JsValue::from(self.session.timeline().bytes() as f64)),
            ("viewing", JsValue::from(self.view.as_ref().map_or(-1, |(i, _)| *i as i32))),
        ])
    }

    /// Looks at timeline moment `index`: every read shows the run as it was
    /// then. Training, stepping or changing settings from there replaces the
    /// future; `viewPresent()` comes back.
    #[wasm_bindgen(js_name = viewAt)]
    pub fn view_at(&mut self, index: u32) -> Result<(), JsError> {
        let past = self.session.at(index as usize).map_err(js_error)?;
        self.view = Some((index as usize, past));
        Ok(())
    }

    /// Back to the present after `viewAt`.
    #[wasm_bindgen(js_name = viewPresent)]
    pub fn view_present(&mut self) {
        self.view = None;
    }

    /// Sets every parameter at once, in `snapshot().params`'s layout.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: &[f64]) -> Result<(), JsError> {
        self.present().set_params(params).map_err(js_error)
    }

    /// Whether metrics are evaluated after every epoch (on by default; a
    /// benchmark turns them off to time training alone).
    #[wasm_bindgen(js_name = setRecordMetrics)]
    pub fn set_record_metrics(&mut self, on: bool) {
        self.present().set_record_metrics(on);
    }

    /// Sets parameter `index` (see `weightIndex`, `biasIndex`) by hand.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, index: u32, value: f64) -> Result<(), JsError> {
        let layout = self.present().network().layout();
        let param = layout.param(index as usize).ok_or_else(|| {
            js_error(Error::Invalid {
                field: "parameter".into(),
                value: index.to_string(),
                expected: format!("an index below {}", layout.n_params()),
            })
        })?;
        self.present().set_param(param, value).map_err(js_error)
    }

    /// The parameter index of weight `W[neuron][input]` of `layer` (0 = first hidden).
    #[wasm_bindgen(js_name = weightIndex)]
    pub fn weight_index(&self, layer: u32, neuron: u32, input: u32) -> Result<u32, JsError> {
        self.index(Param::Weight {
            layer: layer as usize,
            neuron: neuron as usize,
            input: input as usize,
        })
    }

    /// The parameter index of bias `b[neuron]` of `layer`.
    #[wasm_bindgen(js_name = biasIndex)]
    pub fn bias_index(&self, layer: u32, neuron: u32) -> Result<u32, JsError> {
        self.index(Param::Bias { layer: layer as usize, neuron: neuron as usize })
    }
}

impl Lab {
    /// The session on screen: the past moment looked at, or the present.
    fn shown(&self) -> &Session {
        self.view.as_ref().map_or(&self.session, |(_, s)| s)
    }

    fn shown_mut(&mut self) -> &mut Session {
        match &mut self.view {
            Some((_, s)) => s,
            None => &mut self.session,
        }
    }

    /// The present, for anything that changes the run: a past moment being
    /// looked at becomes the present (its future is replaced).
    fn present(&mut self) -> &mut Session {
        if let Some((_, past)) = self.view.take() {
            self.session = past;
        }
        &mut self.session
    }

    fn index(&self, param: Param) -> Result<u32, JsError> {
        self.shown().network().layout().index(param).map(|i| i as u32).ok_or_else(|| {
            js_error(Error::Invalid {
                field: "parameter".into(),
                value: format!("{param:?}"),
                expected: "a weight or bias of this network".into(),
            })
        })
    }
}

fn check_resolution(resolution: u32) -> Result<(), JsError> {
    if (2..=512).contains(&resolution) {
        Ok(())
    } else {
        Err(js_error(Error::Invalid {
            field: "resolution".into(),
            value: resolution.to_string(),
            expected: "a whole number from 2 to 512".into(),
        }))
    }
}

/// A checkpoint's parameters and optimizer state.
fn checkpoint_object(checkpoint: &Checkpoint) -> JsValue {
    object(&[
        ("params", f64s(checkpoint.params())),
        ("steps", JsValue::from(checkpoint.optimizer().steps() as f64)),
        ("state", state_object(checkpoint.optimizer())),
    ])
}

fn example_object(session: &Session, trace: &Trace, grads: &Gradients) -> JsValue {
    let network = session.network();
    let loss = network.data_loss(trace, session.config().loss);
    let mut fields = trace_fields(trace, grads, network.layout().layers());
    fields.push(("gradInputs", grads.grad_inputs().map_or(JsValue::NULL, f64s)));
    fields.push(("loss", JsValue::from(loss)));
    object(&fields)
}

/// A batch's values for JS: inputs and targets, and per layer z, a, δ and ∂L/∂a.
fn trace_fields(trace: &Trace, grads: &Gradients, layers: usize) -> Vec<(&'static str, JsValue)> {
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
fn state_object(optimizer: &crate::OptimizerState) -> JsValue {
    let state = Object::new();
    for (name, values) in optimizer.buffers() {
        Reflect::set(&state, &name.into(), &f64s(values)).expect("setting a key of a new object");
    }
    state.into()
}

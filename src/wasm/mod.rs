//! The JavaScript API: a thin wrapper that turns a [`Session`] (through
//! [`TimeTravel`]) into a `Lab` object; each method forwards to the core and
//! converts with `interop`. The only Rust that names wasm-bindgen; compiled
//! for wasm32 only.
//! Numbers travel as typed arrays, settings as plain objects; every engine
//! error becomes a JS `Error` carrying the engine's message.
//! See `docs/api.md` for the API as JavaScript sees it.

mod data;
mod explore;
mod interop;
mod learned;

pub use data::CsvTable;

use js_sys::{Array, Float32Array, Uint32Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::config::{Catalog, query};
use crate::dataset::Examples;
use crate::grid;
use crate::session::{
    Checkpoint, DEFAULT_BUDGET, Metrics, Session, Slice, Split, TimeTravel, Until,
};
use crate::{Error, Feature, Param};
use interop::{
    checkpoint_object, config_from, example_object, f64s, js_error, object, report, state_object,
    to_js, trace_fields,
};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// A network, its data and its training, as one handle.
#[wasm_bindgen]
pub struct Lab {
    /// The run, and the moment of it on screen (training or stepping from a
    /// past moment makes it the present and replaces the future).
    run: TimeTravel,
    grid: Vec<f32>,
    /// The slice of a table's inputs the plane shows (none: the default).
    slice: Option<Slice>,
}

#[wasm_bindgen]
impl Lab {
    /// A new lab from a config object; missing settings take their defaults
    /// (`new Lab()` is TensorFlow Playground's opening screen).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Lab, JsError> {
        let session = Session::new(config_from(config)?).map_err(js_error)?;
        Ok(Lab::of(session))
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
        let train = Examples::from_flat(inputs, targets, n_inputs as usize, n_outputs as usize)
            .map_err(js_error)?;
        let session = Session::with_data(config_from(config)?, train, Examples::default())
            .map_err(js_error)?;
        Ok(Lab::of(session))
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
        to_js(self.run.shown().config())
    }

    /// The config as JSON text, for export.
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(&self) -> String {
        self.run.shown().config().to_json()
    }

    /// The config as a URL query string (what the page puts in its address).
    pub fn query(&self) -> String {
        query::to_query(self.run.shown().config())
    }

    /// Applies a changed config, keeping what still holds (see the engine's
    /// `Session::reconfigure`). On error nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, config: JsValue) -> Result<(), JsError> {
        let config = config_from(config)?;
        self.run.present().reconfigure(config).map_err(js_error)
    }

    /// Trains `n` batches: `{batches, epochs, diverged}`.
    #[wasm_bindgen(js_name = trainBatches)]
    pub fn train_batches(&mut self, n: u32) -> JsValue {
        report(self.run.present().train_batches(n.into()))
    }

    /// Trains `n` epochs (a partly done epoch counts as the first).
    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, n: u32) -> JsValue {
        report(self.run.present().train_epochs(n.into()))
    }

    /// Trains whole batches until at least `n` examples have been used.
    #[wasm_bindgen(js_name = trainExamples)]
    pub fn train_examples(&mut self, n: u32) -> JsValue {
        report(self.run.present().train_examples(n.into()))
    }

    /// New initial weights from the same seed; the same data.
    pub fn reset(&mut self) {
        self.run.present().reset();
    }

    /// Measures the metrics for the network as it stands when it has trained
    /// since they were last measured (e.g. paused mid-epoch); true if it did.
    #[wasm_bindgen(js_name = recordMetricsIfMoved)]
    pub fn record_metrics_if_moved(&mut self) -> bool {
        if self.run.viewing().is_some() {
            return false;
        }
        self.run.present().record_metrics_if_moved()
    }

    /// After divergence: back to the last state whose numbers were all finite.
    #[wasm_bindgen(js_name = restoreLastFinite)]
    pub fn restore_last_finite(&mut self) -> Result<(), JsError> {
        self.run.present().restore_last_finite().map_err(js_error)
    }

    /// True when training stopped on a NaN or infinity.
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        self.run.shown().diverged()
    }

    /// Whole epochs trained.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.run.shown().trainer().progress().epochs as f64
    }

    /// Examples trained on.
    #[wasm_bindgen(getter)]
    pub fn examples(&self) -> f64 {
        self.run.shown().trainer().progress().examples as f64
    }

    /// How many examples the metrics evaluate of the training and the test
    /// set, and how many each has: `[[used, of], [used, of]]` (a set larger
    /// than 5,000 is measured on a fixed sample).
    #[wasm_bindgen(getter, js_name = metricsSample)]
    pub fn metrics_sample(&self) -> JsValue {
        to_js(&self.run.shown().metrics_sample())
    }

    /// Batches (optimizer steps) run.
    #[wasm_bindgen(getter)]
    pub fn batches(&self) -> f64 {
        self.run.shown().trainer().progress().batches as f64
    }

    /// The learning rate the next batch uses (after the schedule).
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.run.shown().trainer().learning_rate()
    }

    /// The network and training state now: sizes, activations, every
    /// parameter, the last batch's gradients, the last update and the
    /// optimizer's state (see docs/api.md for every field).
    pub fn snapshot(&self) -> JsValue {
        let network = self.run.shown().network();
        let trainer = self.run.shown().trainer();
        let layout = network.layout();
        let optimizer = trainer.optimizer();
        let update = trainer.update();
        let batch: Vec<u32> = trainer.batch_indices().iter().map(|&i| i as u32).collect();
        let metrics = self.run.shown().history().last().copied();
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
                    // CG's line-search or the evolution strategy's loss evaluations so far.
                    ("evaluations", JsValue::from(optimizer.evaluations() as f64)),
                    // What CG's or the evolution strategy's last step did; null otherwise.
                    ("search", update.search.map_or(JsValue::NULL, |s| to_js(&s))),
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
            ("diverged", JsValue::from(self.run.shown().diverged())),
            ("metrics", metrics.map_or(JsValue::NULL, |m| to_js(&m))),
            ("off", to_js(&network.off_neurons())),
        ])
    }

    /// The metrics history from entry `from` on, column by column:
    /// `{epoch, examples, trainLoss, testLoss, regLoss, trainAccuracy,
    /// testAccuracy}` as Float64Arrays (NaN where a value does not exist).
    pub fn history(&self, from: u32) -> JsValue {
        let all = self.run.history();
        let rows = &all[(from as usize).min(all.len())..];
        let column = |f: &dyn Fn(&Metrics) -> f64| -> JsValue {
            f64s(&rows.iter().map(f).collect::<Vec<f64>>())
        };
        object(&[
            ("from", JsValue::from(from)),
            ("length", JsValue::from(all.len() as u32)),
            ("thinned", JsValue::from(self.run.history_thinned() as f64)),
            ("epoch", column(&|m| m.epoch as f64)),
            ("examples", column(&|m| m.examples as f64)),
            ("trainLoss", column(&|m| m.train_loss)),
            ("testLoss", column(&|m| m.test_loss.unwrap_or(f64::NAN))),
            ("regLoss", column(&|m| m.regularization_loss)),
            ("trainAccuracy", column(&|m| m.train_accuracy.unwrap_or(f64::NAN))),
            ("testAccuracy", column(&|m| m.test_accuracy.unwrap_or(f64::NAN))),
        ])
    }

    /// The gradient health history from record `from` on: `{from, length,
    /// thinned, records}`, each record `{epoch, examples, batches,
    /// grad_norm, grad_norm_max, clipped, layers: [{activation_rms,
    /// saturated, dead, off, delta_rms, weight_grad_rms, update_ratio_log10,
    /// grad_ratio}]}` (null where a layer has no such number; `off` the
    /// neurons switched off all epoch, left out of the two shares).
    pub fn health(&self, from: u32) -> JsValue {
        let all = self.run.health();
        let rows = &all[(from as usize).min(all.len())..];
        object(&[
            ("from", JsValue::from(from)),
            ("length", JsValue::from(all.len() as u32)),
            ("thinned", JsValue::from(self.run.health_thinned() as f64)),
            ("records", to_js(&rows)),
        ])
    }

    /// Every layer's activations and δ in the batch shown (before training,
    /// the initialisation's), as histograms of `bins` bins on ranges shared
    /// by the layers: `[{activations, deltas, activation_std, delta_std}]`,
    /// each histogram `{low, high, counts}`.
    pub fn histograms(&self, bins: u32) -> JsValue {
        to_js(&self.run.shown().batch_histograms(bins.clamp(1, 200) as usize))
    }

    /// What the health and loss histories say is wrong: `[{kind, message,
    /// layers, chart, remedies}]`, empty when nothing is.
    pub fn diagnoses(&self) -> JsValue {
        to_js(&self.run.diagnoses())
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
        grid::check_resolution(resolution as usize).map_err(js_error)?;
        let mut grid = std::mem::take(&mut self.grid);
        let session = self.run.shown_mut();
        let evaluated = match &self.slice {
            Some(slice) => session.evaluate_slice(resolution as usize, slice, &mut grid),
            None => {
                session.evaluate_grid(resolution as usize, &mut grid);
                Ok(())
            }
        };
        self.grid = grid;
        evaluated.map_err(js_error)?;
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
        grid::check_resolution(resolution as usize).map_err(js_error)?;
        let features = Feature::from_names(&features).map_err(js_error)?;
        let dims = if dims == 1 { 1 } else { 2 };
        Ok(Float32Array::from(grid::feature_maps(&features, resolution as usize, dims).as_slice()))
    }

    /// Everything the page offers, from the engine itself: activations,
    /// losses with the outputs and targets they need, optimizers, schedules
    /// and initialisers with their default constants, data sets, features.
    pub fn catalog() -> JsValue {
        to_js(&Catalog::new())
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
        let classes = match self.run.shown().points().map(|p| &p.labels) {
            Some(crate::dataset::Labels::Classes { count, .. }) => *count as u32,
            _ => 0,
        };
        object(&[
            ("dims", JsValue::from(self.run.shown().dims() as u32)),
            ("classes", JsValue::from(classes)),
            ("train", set(self.run.shown().train_set())),
            ("test", set(self.run.shown().test_set())),
        ])
    }

    /// One example (`split` "train" or "test") run on its own: its inputs and
    /// targets, every layer's z and a, and its own gradients (δ = dL/dz,
    /// dL/da, dL/dx) and loss.
    pub fn example(&self, split: &str, index: u32) -> Result<JsValue, JsError> {
        let (trace, grads) = self
            .run
            .shown()
            .example(Split::from_name(split).map_err(js_error)?, index as usize)
            .map_err(js_error)?;
        Ok(example_object(self.run.shown(), &trace, &grads))
    }

    /// Runs the next phase of the batch being stepped through (starting one
    /// if none is): `{kind, layer}` with kind `forward_z`, `forward_a`,
    /// `loss`, `backward_delta`, `backward_params` or `update`.
    #[wasm_bindgen(js_name = stepPhase)]
    pub fn step_phase(&mut self) -> Result<JsValue, JsError> {
        let phase = self.run.present().step_phase().map_err(js_error)?;
        Ok(to_js(&phase))
    }

    /// Undoes the last phase (into the previous batch from a batch's start);
    /// false when there is nothing to go back to.
    #[wasm_bindgen(js_name = backPhase)]
    pub fn back_phase(&mut self) -> Result<bool, JsError> {
        self.run.present().back_phase().map_err(js_error)
    }

    /// Runs phases to the end of the backward pass (`"backward"`), the batch
    /// (`"batch"`) or the epoch (`"epoch"`).
    #[wasm_bindgen(js_name = runTo)]
    pub fn run_to(&mut self, until: &str) -> Result<(), JsError> {
        let until = Until::from_name(until).map_err(js_error)?;
        self.run.present().run_to(until).map_err(js_error)
    }

    /// Where stepping through a batch stands, or null when not stepping:
    /// `{plan, done, batch, loss, inputs, targets, z, a, gradZ, gradA, grads,
    /// before: {params, steps, state}, delta, deltaReg}`. Only the values of
    /// the phases done are meaningful (see docs/api.md).
    #[wasm_bindgen(js_name = stepState)]
    pub fn step_state(&self) -> JsValue {
        let session = self.run.shown();
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
            // The gradients' global norm and, when clipping applied, its scale.
            ("clipping", to_js(&trainer.clipping())),
            // The factor the output's gradient is multiplied by: 1/(N·K), or 1/N for softmax_ce.
            ("lossGradScale", session.loss_gradient_scale().map_or(JsValue::NULL, JsValue::from)),
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
        let indices: Option<Vec<usize>> =
            indices.map(|list| list.into_iter().map(|i| i as usize).collect());
        let results = self.run.shown().grad_check(indices.as_deref()).map_err(js_error)?;
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

    /// Sets the timeline's memory budget in bytes (left out: the default,
    /// 32 MB); over it, the older checkpoints are thinned at once.
    #[wasm_bindgen(js_name = setTimelineBudget)]
    pub fn set_timeline_budget(&mut self, bytes: Option<f64>) -> Result<(), JsError> {
        let budget = match bytes {
            None => DEFAULT_BUDGET,
            Some(b) if b.is_finite() && b >= 0.0 => b as usize,
            Some(b) => {
                return Err(js_error(Error::invalid(
                    "timeline budget",
                    b,
                    "a number of bytes from 0",
                )));
            }
        };
        self.run.present().set_timeline_budget(budget);
        Ok(())
    }

    /// The timeline's moments: `{length, epoch, examples, bytes, viewing}`
    /// (`viewing` is the index looked at, or -1 for the present).
    pub fn timeline(&self) -> JsValue {
        let entries = self.run.timeline().entries();
        let column = |f: &dyn Fn(&Checkpoint) -> f64| -> JsValue {
            f64s(&entries.iter().map(f).collect::<Vec<f64>>())
        };
        object(&[
            ("length", JsValue::from(entries.len() as u32)),
            ("epoch", column(&|c| c.epoch() as f64)),
            ("examples", column(&|c| c.examples() as f64)),
            ("bytes", JsValue::from(self.run.timeline().bytes() as f64)),
            ("viewing", JsValue::from(self.run.viewing().map_or(-1, |i| i as i32))),
        ])
    }

    /// Looks at timeline moment `index`: every read shows the run as it was
    /// then. Training, stepping or changing settings from there replaces the
    /// future; `viewPresent()` comes back.
    #[wasm_bindgen(js_name = viewAt)]
    pub fn view_at(&mut self, index: u32) -> Result<(), JsError> {
        self.run.view_at(index as usize).map_err(js_error)
    }

    /// The epoch the run had reached before continuing from a past moment
    /// replaced it, while `undoReplace()` can still bring it back; else null.
    #[wasm_bindgen(getter, js_name = replacedEpoch)]
    pub fn replaced_epoch(&self) -> Option<f64> {
        self.run.replaced().map(|e| e as f64)
    }

    /// Brings back the run that continuing from a past moment replaced;
    /// false if there is none.
    #[wasm_bindgen(js_name = undoReplace)]
    pub fn undo_replace(&mut self) -> bool {
        self.run.undo_replace()
    }

    /// Forgets the replaced run (the user keeps the new one).
    #[wasm_bindgen(js_name = keepPresent)]
    pub fn keep_present(&mut self) {
        self.run.keep_present();
    }

    /// Back to the present after `viewAt`.
    #[wasm_bindgen(js_name = viewPresent)]
    pub fn view_present(&mut self) {
        self.run.view_present();
    }

    /// Sets every parameter at once, in `snapshot().params`'s layout.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: &[f64]) -> Result<(), JsError> {
        self.run.present().set_params(params).map_err(js_error)
    }

    /// Whether metrics are evaluated after every epoch (on by default; a
    /// benchmark turns them off to time training alone).
    #[wasm_bindgen(js_name = setRecordMetrics)]
    pub fn set_record_metrics(&mut self, on: bool) {
        self.run.present().set_record_metrics(on);
    }

    /// Sets parameter `index` (see `weightIndex`, `biasIndex`) by hand.
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, index: u32, value: f64) -> Result<(), JsError> {
        let param = self.run.present().param_at(index as usize).map_err(js_error)?;
        self.run.present().set_param(param, value).map_err(js_error)
    }

    /// The parameter index of weight `W[neuron][input]` of `layer` (0 = first hidden).
    #[wasm_bindgen(js_name = weightIndex)]
    pub fn weight_index(&self, layer: u32, neuron: u32, input: u32) -> Result<u32, JsError> {
        let (layer, neuron, input) = (layer as usize, neuron as usize, input as usize);
        self.index(Param::Weight { layer, neuron, input })
    }

    /// The parameter index of bias `b[neuron]` of `layer`.
    #[wasm_bindgen(js_name = biasIndex)]
    pub fn bias_index(&self, layer: u32, neuron: u32) -> Result<u32, JsError> {
        self.index(Param::Bias { layer: layer as usize, neuron: neuron as usize })
    }
}

impl Lab {
    fn of(session: Session) -> Lab {
        Lab { run: TimeTravel::new(session), grid: Vec::new(), slice: None }
    }

    fn index(&self, param: Param) -> Result<u32, JsError> {
        self.run.shown().param_index(param).map(|i| i as u32).map_err(js_error)
    }
}

/// A model's text parsed by the browser (the engine reads the object).
fn model_tree(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| {
        js_error(Error::Parse {
            what: "model".into(),
            message: "not JSON: is this a model file?".into(),
        })
    })
}

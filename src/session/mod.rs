//! A session owns one run: its config, data, network, training loop and the
//! history of its metrics. The page talks to nothing else.
//!
//! Its children see its private fields: `metrics` (how the network does, and
//! the history of it), `reconfigure` (live changes that keep what still
//! holds), `checkpoint` (a moment to come back to), `stepper` (one batch phase
//! by phase), `timeline` (a checkpoint per epoch, and looking back at one),
//! `table` (a run on a table's rows), `slice` (which 2-D slice of a table's
//! inputs the plane shows), `predict` (the network on an input of the
//! user's, and on every example), `drawn` (a run on points the user drew),
//! `model` (a run as a file) and `explore` (the loss landscape and
//! sharpness around the current point).

mod checkpoint;
pub mod drawn;
mod explore;
mod health;
mod learned;
mod metrics;
mod model;
mod predict;
mod reconfigure;
mod represent;
mod slice;
mod stepper;
mod table;
mod timeline;

pub use checkpoint::Checkpoint;
pub use metrics::{METRICS_SAMPLE, Metrics, evaluate, evaluate_sample, metrics_sample};
pub use predict::Predictions;
pub use represent::Representation;
pub use slice::Slice;
pub use stepper::{BatchLoss, Phase, Stepper, Until, plan};
pub use timeline::{DEFAULT_BUDGET, TimeTravel, Timeline};

use serde::Serialize;

use crate::config::{Config, MAX_PARAMS};
use crate::dataset::{self, Examples, Points};
use crate::error::{Error, Result};
use crate::gradcheck::{self, GradCheck};
use crate::grid::GridEvaluator;
use crate::network::{Gradients, Layout, Network, Param, Trace};
use crate::rng::{self, Rng, Stream};
use crate::table::TableData;
use crate::trainer::Trainer;

/// Examples evaluated per forward pass when computing metrics.
const EVAL_CHUNK: usize = 256;

/// What a call to train did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrainReport {
    /// Batches (optimizer steps) run.
    pub batches: u64,
    /// Epochs completed.
    pub epochs: u64,
    /// True if training stopped because a number became NaN or infinite.
    pub diverged: bool,
}

/// One run.
#[derive(Debug, Clone)]
pub struct Session {
    config: Config,
    points: Option<Points>,
    /// The table the data came from (none for generated or given data).
    table: Option<TableData>,
    /// True when `points` are the user's (drawn, or generated and then edited).
    drawn: bool,
    train: Examples,
    test: Examples,
    network: Network,
    trainer: Trainer,
    history: Vec<Metrics>,
    /// How many times `history` was thinned.
    history_thinned: u64,
    /// The gradient health per epoch.
    health: Vec<crate::health::HealthRecord>,
    /// How many times `health` was thinned.
    health_thinned: u64,
    eval: Trace,
    init_rng: Rng,
    timeline: Timeline,
    diverged: bool,
    grid: GridEvaluator,
    /// Evaluate the metrics at the end of every epoch (off only for benchmarks).
    record_metrics: bool,
    /// Where stepping through a batch phase by phase stands (none when not stepping).
    stepper: Option<Stepper>,
}

/// Which examples: the training set or the test set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    Train,
    Test,
}

impl Split {
    /// `"train"` or `"test"`.
    pub fn from_name(name: &str) -> Result<Split> {
        match name {
            "train" => Ok(Split::Train),
            "test" => Ok(Split::Test),
            other => Err(Error::invalid("split", other, "\"train\" or \"test\"")),
        }
    }
}

/// Generates the config's points and encodes its training and test sets.
fn make_data(config: &Config) -> (Points, Examples, Examples) {
    let points = dataset::generate(
        config.data.dataset,
        config.data.samples,
        config.data.noise,
        config.data.classes,
        &mut rng::stream(config.seed, Stream::Data),
    );
    let (train_idx, test_idx) = dataset::split(
        points.len(),
        config.data.train_fraction,
        &mut rng::stream(config.seed, Stream::Split),
    );
    let (train, test) = encode(config, &points, &train_idx, &test_idx);
    (points, train, test)
}

fn encode(
    config: &Config,
    points: &Points,
    train_idx: &[usize],
    test_idx: &[usize],
) -> (Examples, Examples) {
    let encode = |idx: &[usize]| {
        let network = &config.network;
        Examples::encode(points, idx, &network.features, network.loss, network.output_activation)
    };
    (encode(train_idx), encode(test_idx))
}

impl Session {
    /// A new run: generates the data, initialises the network, evaluates it.
    pub fn new(config: Config) -> Result<Session> {
        config.validate()?;
        let (points, train, test) = make_data(&config);
        let mut session = Session::build(config, train, test)?;
        session.points = Some(points);
        Ok(session)
    }

    /// A run on given data instead of a generated set (a CSV file, a
    /// benchmark). The network takes as many inputs and outputs as the data
    /// has; the config's data settings and features are not used.
    pub fn with_data(config: Config, train: Examples, mut test: Examples) -> Result<Session> {
        config.validate()?;
        if train.is_empty() {
            return Err(Error::invalid("training set", "empty", "at least one example"));
        }
        if test.is_empty() {
            (test.n_inputs, test.n_outputs) = (train.n_inputs, train.n_outputs);
        }
        for (name, data) in [("training set", &train), ("test set", &test)] {
            if data.n_inputs != train.n_inputs || data.n_inputs == 0 {
                return Err(Error::shape(
                    format!("{name} inputs per example"),
                    train.n_inputs,
                    data.n_inputs,
                ));
            }
            if data.n_outputs != train.n_outputs || data.n_outputs == 0 {
                return Err(Error::shape(
                    format!("{name} targets per example"),
                    train.n_outputs,
                    data.n_outputs,
                ));
            }
            if data.targets.len() != data.len() * data.n_outputs {
                return Err(Error::shape(
                    format!("{name} targets"),
                    data.len() * data.n_outputs,
                    data.targets.len(),
                ));
            }
        }
        let sizes = data_sizes(&config, &train);
        let layout = Layout::new(&sizes)?;
        if layout.n_params() > MAX_PARAMS {
            return Err(Error::invalid(
                "hidden",
                format!("{:?}", &sizes[1..sizes.len() - 1]),
                format!("a network of at most {MAX_PARAMS} weights and biases"),
            ));
        }
        Session::build(config, train, test)
    }

    fn build(config: Config, train: Examples, test: Examples) -> Result<Session> {
        let mut init_rng = rng::stream(config.weight_seed(), Stream::Init);
        let mut network = Network::new(&data_sizes(&config, &train), &config.activations())?;
        network.initialise_with_gain(config.network.init, config.network.init_gain, &mut init_rng);
        let mut trainer = Trainer::new(
            &network,
            train.len(),
            config.training,
            config.network.loss,
            rng::stream(config.weight_seed(), Stream::Shuffle),
        );
        trainer.set_seed(config.weight_seed());
        let eval = Trace::new(network.layout(), EVAL_CHUNK);
        let mut session = Session {
            config,
            points: None,
            table: None,
            drawn: false,
            train,
            test,
            network,
            trainer,
            history: Vec::new(),
            history_thinned: 0,
            health: Vec::new(),
            health_thinned: 0,
            eval,
            init_rng,
            timeline: Timeline::default(),
            diverged: false,
            grid: GridEvaluator::new(),
            record_metrics: true,
            stepper: None,
        };
        session.record_metrics();
        session.preview();
        Ok(session)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The points: generated, drawn, or a table's rows (none for given data).
    pub fn points(&self) -> Option<&Points> {
        self.points.as_ref().or(self.table.as_ref().map(|t| &t.points))
    }

    pub fn train_set(&self) -> &Examples {
        &self.train
    }

    pub fn test_set(&self) -> &Examples {
        &self.test
    }

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The metrics after every epoch (and at the start, and after each change of network).
    pub fn history(&self) -> &[Metrics] {
        &self.history
    }

    /// True if training stopped on a NaN or infinity; see [`Session::restore_last_finite`].
    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// Trains `n` batches (fewer if it diverges).
    pub fn train_batches(&mut self, n: u64) -> TrainReport {
        self.train_while(|report, _| report.batches < n)
    }

    /// Trains `n` whole epochs; a partly done epoch counts as the first.
    pub fn train_epochs(&mut self, n: u64) -> TrainReport {
        self.train_while(|report, _| report.epochs < n)
    }

    /// Trains whole batches until at least `n` examples have been used.
    pub fn train_examples(&mut self, n: u64) -> TrainReport {
        let start = self.trainer.progress().examples;
        self.train_while(|_, trainer| trainer.progress().examples - start < n)
    }

    fn train_while(&mut self, go_on: impl Fn(&TrainReport, &Trainer) -> bool) -> TrainReport {
        // A batch stepped halfway has moved nothing yet: training runs it whole.
        self.stepper = None;
        let mut report = TrainReport { batches: 0, epochs: 0, diverged: self.diverged };
        while !self.diverged && go_on(&report, &self.trainer) {
            let outcome = self.trainer.train_batch(&mut self.network, &self.train);
            report.batches += 1;
            if !outcome.finite {
                self.diverged = true;
            }
            if outcome.epoch_ended || !outcome.finite {
                self.record_health();
            }
            if outcome.epoch_ended {
                report.epochs += 1;
                if self.record_metrics {
                    self.record_metrics();
                }
            }
        }
        report.diverged = self.diverged;
        report
    }

    /// Whether the metrics are evaluated after every epoch (they are unless a
    /// benchmark turns them off to time training alone).
    pub fn set_record_metrics(&mut self, on: bool) {
        self.record_metrics = on;
    }

    /// Sets every parameter at once (in the flat layout), e.g. to start
    /// several runs from the same weights.
    pub fn set_params(&mut self, params: &[f64]) -> Result<()> {
        let n = self.network.params().len();
        if params.len() != n {
            return Err(Error::shape("parameters", n, params.len()));
        }
        if let Some(bad) = params.iter().find(|p| !p.is_finite()) {
            return Err(Error::invalid("parameters", bad, "finite numbers"));
        }
        self.network.params_mut().copy_from_slice(params);
        self.preview();
        Ok(())
    }

    /// Sets one weight or bias by hand.
    pub fn set_param(&mut self, param: Param, value: f64) -> Result<()> {
        let index = self.network.layout().index(param).ok_or_else(|| {
            Error::invalid("parameter", format!("{param:?}"), "a weight or bias of this network")
        })?;
        if !value.is_finite() {
            return Err(Error::invalid("parameter value", value, "a finite number"));
        }
        self.network.params_mut()[index] = value;
        self.preview();
        Ok(())
    }

    /// Starts again from new initial weights (the same data and seed).
    pub fn reset(&mut self) {
        let config = self.config.clone();
        let (points, table, drawn) = (self.points.take(), self.table.take(), self.drawn);
        let (train, test) = (std::mem::take(&mut self.train), std::mem::take(&mut self.test));
        *self = Session::build(config, train, test).expect("a validated config builds");
        (self.points, self.table, self.drawn) = (points, table, drawn);
    }

    /// Fills the trainer's trace and gradients with the coming batch at the
    /// current parameters (nothing moves).
    fn preview(&mut self) {
        self.stepper = None;
        self.trainer.preview(&self.network, &self.train);
    }

    /// The number of coordinates of a point (1 or 2).
    pub fn dims(&self) -> usize {
        match (&self.points, &self.table) {
            (Some(points), _) => points.dims,
            (None, Some(table)) => table.points.dims.min(2),
            (None, None) => 2,
        }
    }

    /// Every neuron's activation over a `resolution`-wide grid of the input
    /// plane, `[neuron][pixel]` (see [`crate::grid`]); `out` is resized. A
    /// table shows its default slice ([`Session::evaluate_slice`] another).
    pub fn evaluate_grid(&mut self, resolution: usize, out: &mut Vec<f32>) {
        match self.default_slice() {
            // A table: its default slice (see `slice.rs`).
            Some(slice) => self.slice_grid(resolution, &slice, out),
            None => {
                let (features, dims) = (&self.config.network.features, self.dims());
                self.grid.evaluate(&self.network, features, resolution, dims, out);
            }
        }
    }

    /// The factor the loss's gradient at the output carries for the batch
    /// in the trainer (1/(N·K), or 1/N for softmax cross-entropy: the loss
    /// is a mean), or `None` before there is a batch.
    pub fn loss_gradient_scale(&self) -> Option<f64> {
        let batch = self.trainer.batch_indices().len();
        let outputs = self.network.layout().outputs();
        (batch > 0).then(|| self.config.network.loss.gradient_scale(batch, outputs))
    }

    /// The flat index of a weight or bias of this network.
    pub fn param_index(&self, param: Param) -> Result<usize> {
        self.network.layout().index(param).ok_or_else(|| {
            Error::invalid("parameter", format!("{param:?}"), "a weight or bias of this network")
        })
    }

    /// The weight or bias at a flat index.
    pub fn param_at(&self, index: usize) -> Result<Param> {
        let layout = self.network.layout();
        layout.param(index).ok_or_else(|| {
            Error::invalid("parameter", index, format!("an index below {}", layout.n_params()))
        })
    }

    /// Central finite differences on the current batch for the parameters at
    /// `indices` (every one when `None`). While a batch is being stepped
    /// through, its gradients belong to the parameters it started with (the
    /// update may have moved them since), so those are checked.
    pub fn grad_check(&self, indices: Option<&[usize]>) -> Result<Vec<GradCheck>> {
        let all: Vec<usize>;
        let indices = match indices {
            Some(list) => list,
            None => {
                all = (0..self.network.layout().n_params()).collect();
                &all
            }
        };
        let batch_network;
        let network = match &self.stepper {
            Some(stepper) => {
                let mut n = self.network.clone();
                n.params_mut().copy_from_slice(stepper.before().params());
                batch_network = n;
                &batch_network
            }
            None => &self.network,
        };
        let c = &self.config;
        let (loss, regularization) = (c.network.loss, c.training.regularization);
        gradcheck::check(network, self.trainer.trace(), loss, regularization, indices)
    }

    /// One example run on its own as a batch of one: its trace, and its
    /// gradients (including dL/dx) for its own loss.
    pub fn example(&self, split: Split, index: usize) -> Result<(Trace, Gradients)> {
        let data = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        if index >= data.len() {
            return Err(Error::invalid(
                "example",
                index,
                format!("an index below {} (the size of that set)", data.len()),
            ));
        }
        let layout = self.network.layout();
        let mut trace = Trace::with_batch(layout, data.input(index), data.target(index))?;
        self.network.forward(&mut trace);
        let mut grads = Gradients::new(layout, 1);
        let c = &self.config;
        self.network.backward(&trace, c.network.loss, c.training.regularization, &mut grads, true);
        Ok((trace, grads))
    }
}

/// The network's sizes for this config on this data: the config's hidden
/// layers between the data's input and output widths.
fn data_sizes(config: &Config, data: &Examples) -> Vec<usize> {
    let mut sizes = vec![data.n_inputs];
    sizes.extend(config.network.hidden.iter().map(|h| h.neurons));
    sizes.push(data.n_outputs);
    sizes
}

//! A session owns one run: its config, data, network, training loop and the
//! history of its metrics. The page talks to nothing else.
//!
//! Its children see its private fields: `checkpoint` (a moment to come back
//! to), `stepper` (one batch phase by phase), `timeline` (a checkpoint per
//! epoch, and looking back at one).

mod checkpoint;
mod model;
mod stepper;
mod table;
mod timeline;

pub use checkpoint::Checkpoint;
pub use stepper::{BatchLoss, Phase, Stepper, Until, plan};
pub use timeline::{DEFAULT_BUDGET, TimeTravel, Timeline};

use serde::Serialize;

use crate::config::{Config, MAX_PARAMS};
use crate::dataset::{self, Examples, Feature, Points};
use crate::error::{Error, Result};
use crate::gradcheck::{self, GradCheck};
use crate::grid::GridEvaluator;
use crate::loss::Loss;
use crate::network::{Gradients, Layout, Network, Param, Trace};
use crate::rng::{self, Rng, Stream};
use crate::table::TableData;
use crate::trainer::Trainer;

/// The most metrics the history keeps: past it the older part is thinned
/// (every other entry goes), so a long run's memory stays flat.
const MAX_HISTORY: usize = 8192;
/// The most recent history entries, which thinning never touches.
const KEEP_RECENT_HISTORY: usize = 1024;

/// Examples evaluated per forward pass when computing metrics.
const EVAL_CHUNK: usize = 256;

/// The most examples of each set the per-epoch metrics evaluate: a larger set
/// is measured on a fixed, evenly spaced sample of this many, so that an
/// epoch's end costs the same at 100,000 points as at 10,000. The metrics
/// never feed training, so training is the same bit for bit either way.
pub const METRICS_SAMPLE: usize = 5_000;

/// How many examples of a set of `len` the metrics evaluate.
pub fn metrics_sample(len: usize) -> usize {
    len.min(METRICS_SAMPLE)
}

/// How the network does at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Whole epochs trained so far.
    pub epoch: u64,
    /// Examples trained on so far.
    pub examples: u64,
    /// Mean data loss over the training set.
    pub train_loss: f64,
    /// Mean data loss over the test set (none when it is empty).
    pub test_loss: Option<f64>,
    /// The penalty term (0 without regularization).
    pub regularization_loss: f64,
    /// Share of training examples classified right (none for regression).
    pub train_accuracy: Option<f64>,
    /// Share of test examples classified right (none for regression or no test set).
    pub test_accuracy: Option<f64>,
}

impl Metrics {
    /// False if a loss is NaN or infinite.
    pub fn is_finite(&self) -> bool {
        self.train_loss.is_finite()
            && self.regularization_loss.is_finite()
            && self.test_loss.is_none_or(f64::is_finite)
    }
}

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
    train: Examples,
    test: Examples,
    network: Network,
    trainer: Trainer,
    history: Vec<Metrics>,
    /// How many times `history` was thinned.
    history_thinned: u64,
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
        let network = Network::initialised(
            &data_sizes(&config, &train),
            &config.activations(),
            config.network.init,
            &mut init_rng,
        )?;
        let trainer = Trainer::new(
            &network,
            train.len(),
            config.training,
            config.network.loss,
            rng::stream(config.weight_seed(), Stream::Shuffle),
        );
        let eval = Trace::new(network.layout(), EVAL_CHUNK);
        let mut session = Session {
            config,
            points: None,
            table: None,
            train,
            test,
            network,
            trainer,
            history: Vec::new(),
            history_thinned: 0,
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

    /// The generated points (none for given data).
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

    /// Evaluates the network now and appends the result to the history; while
    /// every number is finite, the moment goes on the timeline.
    pub fn record_metrics(&mut self) {
        let metrics = self.metrics();
        self.history.push(metrics);
        if self.history.len() > MAX_HISTORY {
            self.thin_history();
        }
        if !metrics.is_finite() {
            self.diverged = true;
        }
        if !self.diverged {
            let checkpoint = self.checkpoint();
            self.timeline.push(checkpoint);
        }
    }

    /// Records the metrics when the network has trained since they were last
    /// recorded (a pause mid-epoch); true if it did. Training is untouched.
    pub fn record_metrics_if_moved(&mut self) -> bool {
        let examples = self.trainer.progress().examples;
        if self.diverged || self.history.last().is_some_and(|m| m.examples == examples) {
            return false;
        }
        self.record_metrics();
        true
    }

    /// Drops every other entry of the history's older part, keeping the
    /// first and the most recent ones; counts the thinning.
    fn thin_history(&mut self) {
        let older = self.history.len() - KEEP_RECENT_HISTORY;
        let mut index = 0;
        self.history.retain(|_| {
            let keep = index == 0 || index >= older || index % 2 == 0;
            index += 1;
            keep
        });
        self.history_thinned += 1;
    }

    /// How many times the history has been thinned (a reader of it by
    /// index starts over when this changes).
    pub fn history_thinned(&self) -> u64 {
        self.history_thinned
    }

    /// The metrics of the current network.
    pub fn metrics(&mut self) -> Metrics {
        let progress = self.trainer.progress();
        let (epoch, examples) = (progress.epochs, progress.examples);
        let (train_loss, train_accuracy) = self.evaluate_set(false);
        let (test_loss, test_accuracy) = self.evaluate_set(true);
        let has_test = !self.test.is_empty();
        Metrics {
            epoch,
            examples,
            train_loss,
            test_loss: has_test.then_some(test_loss),
            regularization_loss: self
                .config
                .training
                .regularization
                .value(self.network.all_weights()),
            train_accuracy,
            test_accuracy: if has_test { test_accuracy } else { None },
        }
    }

    /// Mean data loss and accuracy over the training or the test set (its
    /// fixed sample when it is larger than [`METRICS_SAMPLE`]).
    fn evaluate_set(&mut self, test: bool) -> (f64, Option<f64>) {
        let data = if test { &self.test } else { &self.train };
        evaluate_sample(
            &self.network,
            data,
            self.config.network.loss,
            self.config.network.output_activation,
            &mut self.eval,
            METRICS_SAMPLE,
        )
    }

    /// How many examples the metrics evaluate of the training and the test
    /// set, and how many each set has: `[(used, of); 2]`.
    pub fn metrics_sample(&self) -> [(usize, usize); 2] {
        [self.train.len(), self.test.len()].map(|n| (metrics_sample(n), n))
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
        let (points, table) = (self.points.take(), self.table.take());
        let (train, test) = (std::mem::take(&mut self.train), std::mem::take(&mut self.test));
        *self = Session::build(config, train, test).expect("a validated config builds");
        (self.points, self.table) = (points, table);
    }

    /// Applies a changed config, keeping what still holds: a change of the
    /// learning rate, optimizer, schedule, batch size, shuffling or
    /// regularization keeps the network; a change of features, layers,
    /// activations or loss keeps every weight that still fits; a change of
    /// the seed, the data, the weight seed or the initialisation starts
    /// afresh (on generated data; the same seed gives the same points).
    pub fn reconfigure(&mut self, config: Config) -> Result<()> {
        config.validate()?;
        let old = &self.config;
        let fresh_data = config.seed != old.seed || !config.data.same_points(&old.data);
        let fresh_weights =
            config.weight_seed() != old.weight_seed() || config.network.init != old.network.init;
        if (fresh_data || fresh_weights) && self.points.is_some() {
            *self = Session::new(config)?;
            return Ok(());
        }
        if let Some(table) = &self.table {
            table::check_loss(&config, table)?;
            // A new seed or share splits the rows anew; new weights start afresh.
            let resplit =
                config.seed != old.seed || config.data.train_fraction != old.data.train_fraction;
            if resplit || fresh_weights {
                *self = Session::with_table(config, table.clone())?;
                return Ok(());
            }
        }
        if fresh_weights {
            // Given data stays; the network starts from the new weights (on
            // an error, nothing has changed).
            *self = Session::build(config, self.train.clone(), self.test.clone())?;
            return Ok(());
        }
        let (network, old_network) = (&config.network, &old.network);
        let reshaped = self.sizes_for(&config) != self.sizes_for(old)
            || network.features != old_network.features;
        let re_encoded = reshaped
            || network.loss != old_network.loss
            || network.output_activation != old_network.output_activation;
        // Given data keeps its own inputs and targets; generated data is
        // encoded anew for the new features, loss or output.
        if re_encoded && let Some(points) = &self.points {
            let (train_idx, test_idx) = dataset::split(
                points.len(),
                config.data.train_fraction,
                &mut rng::stream(config.seed, Stream::Split),
            );
            (self.train, self.test) = encode(&config, points, &train_idx, &test_idx);
        }
        if re_encoded && let Some(table) = &self.table {
            (self.train, self.test) = table::split_and_encode(&config, table);
        }
        if reshaped {
            let sizes = self.sizes_for(&config);
            // A table's inputs are its columns, matched by position.
            let old_features =
                if self.table.is_some() { &[][..] } else { &self.config.network.features[..] };
            let (network, map) =
                reshape(&self.network, old_features, &config, &sizes, &mut self.init_rng)?;
            self.network = network;
            self.trainer.remap(&self.network, &map);
            // Checkpoints of the old shape cannot be restored into the new one.
            self.timeline.clear();
            self.eval = Trace::new(self.network.layout(), EVAL_CHUNK);
        } else {
            for (l, &a) in config.activations().iter().enumerate() {
                self.network.set_activation(l, a);
            }
        }
        self.trainer.set_settings(&self.network, config.training, config.network.loss);
        self.config = config;
        if re_encoded || self.diverged {
            self.diverged = false;
            self.record_metrics();
        }
        self.preview();
        Ok(())
    }

    /// The network sizes a config asks for: generated data follows the
    /// config's features and loss; given data keeps its own widths.
    fn sizes_for(&self, config: &Config) -> Vec<usize> {
        if let Some(table) = &self.table {
            let mut sizes = vec![table.points.dims];
            sizes.extend(config.network.hidden.iter().map(|h| h.neurons));
            sizes.push(dataset::output_count(&table.points.labels, config.network.loss));
            return sizes;
        }
        if self.points.is_some() { config.sizes() } else { data_sizes(config, &self.train) }
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
    /// plane, `[neuron][pixel]` (see [`crate::grid`]); `out` is resized.
    pub fn evaluate_grid(&mut self, resolution: usize, out: &mut Vec<f32>) {
        match &self.table {
            // A table's first two inputs over the plane, the rest held at their means.
            Some(table) if table.points.dims >= 2 => {
                let (held, ranges) = (self.held_inputs(), [table.range(0), table.range(1)]);
                self.grid.evaluate_slice(&self.network, (0, 1), ranges, &held, resolution, 2, out);
            }
            Some(table) => {
                // One input: the row of the plane, over its range.
                let ranges = [table.range(0), (0.0, 0.0)];
                self.grid.evaluate_slice(&self.network, (0, 1), ranges, &[0.0], resolution, 1, out);
            }
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

/// Mean data loss and accuracy of `network` over `data`, in chunks through `trace`.
pub fn evaluate(
    network: &Network,
    data: &Examples,
    loss: Loss,
    output: crate::Activation,
    trace: &mut Trace,
) -> (f64, Option<f64>) {
    evaluate_sample(network, data, loss, output, trace, usize::MAX)
}

/// [`evaluate`] over at most `limit` examples of `data`, evenly spaced (the
/// `k`-th of `m` is example `k·len/m`); all of them, in order, when it has no
/// more than `limit`.
pub fn evaluate_sample(
    network: &Network,
    data: &Examples,
    loss: Loss,
    output: crate::Activation,
    trace: &mut Trace,
    limit: usize,
) -> (f64, Option<f64>) {
    let (n_in, n_out) = (data.n_inputs, data.n_outputs);
    let (len, used) = (data.len(), data.len().min(limit));
    let example = |k: usize| if used == len { k } else { k * len / used };
    let last = network.layout().layers() - 1;
    let (low, high) = dataset::target_range(loss, output);
    let mut total_loss = 0.0;
    let mut correct = 0usize;
    let mut start = 0;
    while start < used {
        let count = (used - start).min(trace.capacity());
        trace.set_len(count);
        for e in 0..count {
            let i = example(start + e);
            trace.inputs_mut()[e * n_in..(e + 1) * n_in]
                .copy_from_slice(&data.inputs[i * n_in..(i + 1) * n_in]);
            trace.targets_mut()[e * n_out..(e + 1) * n_out]
                .copy_from_slice(&data.targets[i * n_out..(i + 1) * n_out]);
        }
        network.forward(trace);
        let (z, a, y) = (trace.z(last), trace.a(last), trace.targets());
        for e in 0..count {
            let row = e * n_out..(e + 1) * n_out;
            total_loss += loss.example_loss(&z[row.clone()], &a[row.clone()], &y[row.clone()]);
            if let Some(&class) = data.classes.get(example(start + e)) {
                correct += usize::from(dataset::predicted_class(&a[row], low, high) == class);
            }
        }
        start += count;
    }
    let n = used.max(1) as f64;
    let accuracy = (!data.classes.is_empty()).then(|| correct as f64 / n);
    (total_loss / n, accuracy)
}

/// A network for a new config that keeps every old weight that still fits:
/// hidden layers match by position, the output layer matches the output
/// layer, and first-layer inputs match by feature. Returns it with the old
/// index of each new parameter (`None` for new ones, drawn from `init_rng`).
fn reshape(
    old: &Network,
    old_features: &[Feature],
    config: &Config,
    sizes: &[usize],
    init_rng: &mut Rng,
) -> Result<(Network, Vec<Option<usize>>)> {
    let mut network = Network::new(sizes, &config.activations())?;
    // Generated data: first-layer inputs are features, matched by name; given
    // data: columns, matched by position.
    let by_feature =
        old_features.len() == old.layout().inputs() && config.network.features.len() == sizes[0];
    let (old_layout, new_layout): (&Layout, Layout) = (old.layout(), network.layout().clone());
    let (old_layers, new_layers) = (old_layout.layers(), new_layout.layers());
    let old_layer = |l: usize| -> Option<usize> {
        if l + 1 == new_layers {
            Some(old_layers - 1)
        } else if l + 1 < old_layers {
            Some(l)
        } else {
            None
        }
    };
    let mut map = Vec::with_capacity(new_layout.n_params());
    for index in 0..new_layout.n_params() {
        let param = new_layout.param(index).expect("index within the layout");
        let old_param = match param {
            Param::Weight { layer, neuron, input } => old_layer(layer).and_then(|ol| {
                let old_input = match (layer == 0, ol == 0) {
                    (true, true) if by_feature => {
                        old_features.iter().position(|f| *f == config.network.features[input])
                    }
                    (true, true) => Some(input),
                    (false, false) => Some(input),
                    // One of them reads features, the other neurons: nothing carries over.
                    _ => None,
                };
                old_input.map(|i| Param::Weight { layer: ol, neuron, input: i })
            }),
            Param::Bias { layer, neuron } => {
                old_layer(layer).map(|ol| Param::Bias { layer: ol, neuron })
            }
        };
        let old_index = old_param.and_then(|p| old_layout.index(p));
        let value = match (old_index, param) {
            (Some(i), _) => old.params()[i],
            (None, Param::Weight { layer, .. }) => config.network.init.weight(
                new_layout.fan_in(layer),
                new_layout.width(layer),
                init_rng,
            ),
            (None, Param::Bias { .. }) => config.network.init.bias(),
        };
        network.params_mut()[index] = value;
        map.push(old_index);
    }
    Ok((network, map))
}

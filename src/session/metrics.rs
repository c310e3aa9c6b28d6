//! How the network does: the metrics of one moment (losses and accuracies
//! over the training and test sets, on a fixed sample of a large set), and
//! the run's history of them, thinned when it grows long.

use serde::Serialize;

use crate::dataset::{self, Examples};
use crate::loss::Loss;
use crate::network::{Network, Trace};

use super::Session;

/// The most metrics the history keeps: past it the older part is thinned
/// (every other entry goes), so a long run's memory stays flat.
pub(super) const MAX_HISTORY: usize = 8192;
/// The most recent history entries, which thinning never touches.
pub(super) const KEEP_RECENT_HISTORY: usize = 1024;

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

impl Session {
    /// Evaluates the network now and appends the result to the history; while
    /// every number is finite, the moment goes on the timeline.
    pub fn record_metrics(&mut self) {
        let metrics = self.metrics();
        // Thinned before the push, so the history never outgrows its
        // capacity of MAX_HISTORY (a push past it would double it: the soak
        // saw the wasm memory step up by 1.3 MB at epoch 8,193).
        if self.history.len() == MAX_HISTORY {
            self.thin_history();
        }
        self.history.push(metrics);
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

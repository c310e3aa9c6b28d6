//! Gradient health: per-layer statistics of the training loop, gathered batch
//! by batch into buffers allocated once (one number or flag per layer or
//! neuron) and summed up per epoch into a [`HealthRecord`].
//!
//! The definitions are the standard ones, so the numbers match what learners
//! meet elsewhere:
//! - activation RMS: √(mean a²) over every example and neuron of the epoch;
//! - saturated share: tanh |a| > 0.97, sigmoid a < 0.03 or a > 0.97, over
//!   every example and switched-on neuron of the epoch;
//! - dead share: the switched-on ReLU neurons whose a was 0 for every
//!   example of the epoch, out of the layer's switched-on neurons;
//! - δ RMS: √(mean δ²), δ = ∂L/∂z, over every example and neuron of the epoch;
//! - ∂L/∂W RMS: √ of the epoch's mean over batches of mean (∂L/∂W)²;
//! - update-to-data ratio: log10 of the epoch's mean over batches of
//!   std(η·∂L/∂W) / std(W) (W before the step, η the batch's learning rate;
//!   about −3 is healthy for SGD);
//! - gradient-to-data ratio: the mean over batches of std(∂L/∂W) / std(W);
//! - the global gradient norm: the 2-norm of every parameter's ∂L/∂θ (the
//!   norm that clipping compares with its maximum), before clipping.
//!
//! A switched-off neuron (its output held at 0, the user's choice) is not a
//! sign of trouble: a neuron counts in the saturated and dead shares only in
//! the batches it was on (its 0 would read as dead, and for a sigmoid as
//! saturated), and the record says how many were off all epoch. The RMS keep
//! the standard per-layer definitions, its zeros included: they measure the
//! signal a layer passes on (a) and back (δ), and a switched-off neuron
//! really passes nothing; the ∂L/∂W statistics are the whole matrix's, which
//! the optimizer steps.
//!
//! The statistics only read the trace, the gradients and the parameters, so
//! training is bit-identical with them.

use serde::Serialize;

use crate::activation::Activation;
use crate::network::{Gradients, Layout, Network, Trace};

/// A tanh unit is saturated beyond this |a|.
pub const TANH_SATURATED: f64 = 0.97;
/// A sigmoid unit is saturated below this a or above 1 minus it.
pub const SIGMOID_SATURATED: f64 = 0.03;

/// One layer's health over an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LayerHealth {
    pub activation_rms: f64,
    /// Share of saturated activations of the neurons switched on (tanh and
    /// sigmoid layers only; none if every neuron was off all epoch).
    pub saturated: Option<f64>,
    /// Share of the neurons switched on that were dead all epoch (ReLU
    /// layers only; none if every neuron was off all epoch).
    pub dead: Option<f64>,
    /// Neurons switched off in every batch of the epoch: left out of the
    /// saturated and dead shares (a neuron switched off for part of the
    /// epoch counts in them for the batches it was on).
    pub off: usize,
    pub delta_rms: f64,
    pub weight_grad_rms: f64,
    /// log10 of the update-to-data ratio (none when std(W) is 0).
    pub update_ratio_log10: Option<f64>,
    /// The gradient-to-data ratio (none when std(W) is 0).
    pub grad_ratio: Option<f64>,
}

/// The network's health over an epoch (or the part of one before a NaN).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthRecord {
    /// Whole epochs trained when it was recorded.
    pub epoch: u64,
    /// Examples trained on when it was recorded.
    pub examples: u64,
    /// Batches it sums up.
    pub batches: u64,
    /// The mean over its batches of the global gradient norm.
    pub grad_norm: f64,
    /// The largest global gradient norm of its batches.
    pub grad_norm_max: f64,
    /// How many of its batches were clipped.
    pub clipped: u64,
    /// Layer by layer, input side first.
    pub layers: Vec<LayerHealth>,
}

/// Running sums over the batches of an epoch: one slot per layer (and one
/// flag per neuron), allocated when the layout is.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthAccumulator {
    batches: u64,
    grad_norm_sum: f64,
    grad_norm_max: f64,
    clipped: u64,
    activation_sq: Vec<f64>,
    saturated: Vec<u64>,
    /// Values seen per layer (examples × neurons).
    values: Vec<u64>,
    /// Values of the neurons switched on, per layer (the saturated share's count).
    live_values: Vec<u64>,
    /// Per neuron, flat over the layers: a ≠ 0 for some example this epoch.
    alive: Vec<bool>,
    /// Per neuron, flat over the layers: switched on in some batch this epoch.
    counted: Vec<bool>,
    /// Where each layer's neurons start in `alive`.
    neuron_offsets: Vec<usize>,
    delta_sq: Vec<f64>,
    weight_grad_ms: Vec<f64>,
    update_ratio: Vec<f64>,
    grad_ratio: Vec<f64>,
    /// Batches whose std(W) was not 0, per layer (the ratios' count).
    ratio_batches: Vec<u64>,
}

/// Σx and Σx² in one pass, in four lanes so the compiler can use SIMD
/// (the statistics run every batch: they must cost little beside it).
#[inline]
fn sum_and_squares(values: &[f64]) -> (f64, f64) {
    let (mut sum, mut sq) = ([0.0; 4], [0.0; 4]);
    let chunks = values.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..4 {
            sum[k] += c[k];
            sq[k] += c[k] * c[k];
        }
    }
    let (mut s, mut q) = ((sum[0] + sum[1]) + (sum[2] + sum[3]), (sq[0] + sq[1]) + (sq[2] + sq[3]));
    for &v in rest {
        s += v;
        q += v * v;
    }
    (s, q)
}

/// Σx², as [`sum_and_squares`].
#[inline]
fn squares(values: &[f64]) -> f64 {
    let mut sq = [0.0; 4];
    let chunks = values.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..4 {
            sq[k] += c[k] * c[k];
        }
    }
    (sq[0] + sq[1]) + (sq[2] + sq[3]) + rest.iter().map(|v| v * v).sum::<f64>()
}

/// How many of `values` lie below `low` or above `high`.
#[inline]
fn count_outside(values: &[f64], low: f64, high: f64) -> u64 {
    values.iter().map(|&v| u64::from(v < low) + u64::from(v > high)).sum()
}

/// The population standard deviation from Σx, Σx² and n: √(Σx²/n − (Σx/n)²).
fn std_of(sum: f64, squares: f64, n: f64) -> f64 {
    let mean = sum / n;
    (squares / n - mean * mean).max(0.0).sqrt()
}

/// The 2-norm of every parameter's gradient together.
pub fn global_norm(grads: &[f64]) -> f64 {
    squares(grads).sqrt()
}

/// The factor `clip_grad_norm_` (PyTorch) scales every gradient by when
/// their global norm is `norm` and the maximum `max_norm`:
/// max_norm / (norm + 10⁻⁶), when that is below 1; `None` when nothing is
/// scaled (PyTorch multiplies by 1 then).
pub fn clip_scale(norm: f64, max_norm: f64) -> Option<f64> {
    let coefficient = max_norm / (norm + 1e-6);
    (coefficient < 1.0).then_some(coefficient)
}

/// True if activation `a` of `activation` counts as saturated; `None` when
/// the activation does not saturate.
pub fn is_saturated(activation: Activation, a: f64) -> Option<bool> {
    match activation {
        Activation::Tanh => Some(a.abs() > TANH_SATURATED),
        Activation::Sigmoid => Some(!(SIGMOID_SATURATED..=1.0 - SIGMOID_SATURATED).contains(&a)),
        _ => None,
    }
}

impl HealthAccumulator {
    /// Empty sums for a network of this layout.
    pub fn new(layout: &Layout) -> HealthAccumulator {
        let layers = layout.layers();
        let mut neuron_offsets = vec![0];
        for l in 0..layers {
            neuron_offsets.push(neuron_offsets[l] + layout.width(l));
        }
        HealthAccumulator {
            batches: 0,
            grad_norm_sum: 0.0,
            grad_norm_max: 0.0,
            clipped: 0,
            activation_sq: vec![0.0; layers],
            saturated: vec![0; layers],
            values: vec![0; layers],
            live_values: vec![0; layers],
            alive: vec![false; layout.n_neurons()],
            counted: vec![false; layout.n_neurons()],
            neuron_offsets,
            delta_sq: vec![0.0; layers],
            weight_grad_ms: vec![0.0; layers],
            update_ratio: vec![0.0; layers],
            grad_ratio: vec![0.0; layers],
            ratio_batches: vec![0; layers],
        }
    }

    /// Batches summed since the last [`HealthAccumulator::finish`].
    pub fn batches(&self) -> u64 {
        self.batches
    }

    /// Starts a new epoch's sums (nothing is freed or allocated).
    pub fn clear(&mut self) {
        self.batches = 0;
        self.grad_norm_sum = 0.0;
        self.grad_norm_max = 0.0;
        self.clipped = 0;
        self.activation_sq.fill(0.0);
        self.saturated.fill(0);
        self.values.fill(0);
        self.live_values.fill(0);
        self.alive.fill(false);
        self.counted.fill(false);
        self.delta_sq.fill(0.0);
        self.weight_grad_ms.fill(0.0);
        self.update_ratio.fill(0.0);
        self.grad_ratio.fill(0.0);
        self.ratio_batches.fill(0);
    }

    /// Adds one batch: its trace and gradients, at the parameters before its
    /// step, the learning rate of the step, its global gradient norm and
    /// whether it was clipped.
    pub fn add_batch(
        &mut self,
        network: &Network,
        trace: &Trace,
        grads: &Gradients,
        learning_rate: f64,
        grad_norm: f64,
        clipped: bool,
    ) {
        self.batches += 1;
        self.grad_norm_sum += grad_norm;
        // NaN stays visible as the max (f64::max would drop it).
        if grad_norm > self.grad_norm_max || grad_norm.is_nan() {
            self.grad_norm_max = grad_norm;
        }
        self.clipped += u64::from(clipped);
        let layout = network.layout();
        for l in 0..layout.layers() {
            let activation = network.activations()[l];
            let width = layout.width(l);
            let a = trace.a(l);
            self.activation_sq[l] += squares(a);
            self.values[l] += a.len() as u64;
            // Switched-off neurons (their a held at 0) count in neither share.
            let off = network.off_in(l);
            let rows = (a.len() / width) as u64;
            self.live_values[l] += rows * (width - off.len()) as u64;
            let counted = &mut self.counted[self.neuron_offsets[l]..self.neuron_offsets[l + 1]];
            for (j, flag) in counted.iter_mut().enumerate() {
                *flag |= off.binary_search(&j).is_err();
            }
            // The saturated values of a layer's neurons switched on.
            let saturated_on = |low: f64, high: f64| {
                let held = off.iter().map(|&j| {
                    let column = a.iter().skip(j).step_by(width);
                    column.map(|&v| u64::from(v < low) + u64::from(v > high)).sum::<u64>()
                });
                count_outside(a, low, high) - held.sum::<u64>()
            };
            match activation {
                Activation::Tanh => {
                    self.saturated[l] += saturated_on(-TANH_SATURATED, TANH_SATURATED);
                }
                Activation::Sigmoid => {
                    self.saturated[l] += saturated_on(SIGMOID_SATURATED, 1.0 - SIGMOID_SATURATED);
                }
                Activation::Relu => {
                    let alive = &mut self.alive[self.neuron_offsets[l]..self.neuron_offsets[l + 1]];
                    for row in a.chunks_exact(width) {
                        for (flag, &v) in alive.iter_mut().zip(row) {
                            *flag |= v != 0.0;
                        }
                    }
                }
                _ => {}
            }
            self.delta_sq[l] += squares(grads.grad_z(l));
            let g = &grads.grad_params()[layout.weights(l)];
            let n = g.len() as f64;
            let (g_sum, g_squares) = sum_and_squares(g);
            self.weight_grad_ms[l] += g_squares / n;
            let (w_sum, w_squares) = sum_and_squares(network.weights(l));
            let w_std = std_of(w_sum, w_squares, n);
            if w_std > 0.0 {
                let g_std = std_of(g_sum, g_squares, n);
                self.update_ratio[l] += learning_rate * g_std / w_std;
                self.grad_ratio[l] += g_std / w_std;
                self.ratio_batches[l] += 1;
            }
        }
    }

    /// The epoch's record (none before any batch); the sums start afresh.
    pub fn finish(&mut self, network: &Network, epoch: u64, examples: u64) -> Option<HealthRecord> {
        if self.batches == 0 {
            return None;
        }
        let batches = self.batches as f64;
        let layout = network.layout();
        let layers = (0..layout.layers())
            .map(|l| {
                let values = self.values[l].max(1) as f64;
                let activation = network.activations()[l];
                let neurons = self.neuron_offsets[l]..self.neuron_offsets[l + 1];
                let (alive, counted) = (&self.alive[neurons.clone()], &self.counted[neurons]);
                let live = counted.iter().filter(|&&c| c).count();
                let dead = alive.iter().zip(counted).filter(|&(&a, &c)| c && !a).count();
                let shares = live > 0;
                let ratio_batches = self.ratio_batches[l] as f64;
                let has_ratio = self.ratio_batches[l] > 0;
                LayerHealth {
                    activation_rms: (self.activation_sq[l] / values).sqrt(),
                    saturated: is_saturated(activation, 0.0)
                        .filter(|_| shares)
                        .map(|_| self.saturated[l] as f64 / self.live_values[l].max(1) as f64),
                    dead: (activation == Activation::Relu && shares)
                        .then(|| dead as f64 / live as f64),
                    off: counted.len() - live,
                    delta_rms: (self.delta_sq[l] / values).sqrt(),
                    weight_grad_rms: (self.weight_grad_ms[l] / batches).sqrt(),
                    update_ratio_log10: has_ratio
                        .then(|| (self.update_ratio[l] / ratio_batches).log10()),
                    grad_ratio: has_ratio.then(|| self.grad_ratio[l] / ratio_batches),
                }
            })
            .collect();
        let record = HealthRecord {
            epoch,
            examples,
            batches: self.batches,
            grad_norm: self.grad_norm_sum / batches,
            grad_norm_max: self.grad_norm_max,
            clipped: self.clipped,
            layers,
        };
        self.clear();
        Some(record)
    }
}

/// Counts of values in `bins` equal bins from `low` to `high` (the last bin
/// includes `high`; values outside go to the end bins, NaN to none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub low: f64,
    pub high: f64,
    pub counts: Vec<u32>,
}

/// Counts `values` into a [`Histogram`].
pub fn histogram(values: &[f64], low: f64, high: f64, bins: usize) -> Histogram {
    let mut counts = vec![0u32; bins.max(1)];
    let last = counts.len() - 1;
    let width = (high - low) / counts.len() as f64;
    for &v in values.iter().filter(|v| !v.is_nan()) {
        let k = if width > 0.0 { ((v - low) / width).floor() } else { 0.0 };
        counts[(k.max(0.0) as usize).min(last)] += 1;
    }
    Histogram { low, high, counts }
}

/// One layer's values in a batch, as histograms on ranges shared by every
/// layer (so a layer whose values shrink shows narrower), with their spreads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerHistograms {
    pub activations: Histogram,
    pub deltas: Histogram,
    /// The population standard deviation of the activations and of δ.
    pub activation_std: f64,
    pub delta_std: f64,
}

/// Every layer's activations and δ = ∂L/∂z in the batch of `trace` and
/// `grads`: activations from the smallest to the largest of any layer, δ
/// from −m to m, m the largest |δ| of any layer.
pub fn batch_histograms(trace: &Trace, grads: &Gradients, bins: usize) -> Vec<LayerHistograms> {
    let layers = trace.sizes().len() - 1;
    let (mut low, mut high, mut largest) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for l in 0..layers {
        for &v in trace.a(l).iter().filter(|v| v.is_finite()) {
            (low, high) = (low.min(v), high.max(v));
        }
        for &v in grads.grad_z(l).iter().filter(|v| v.is_finite()) {
            largest = largest.max(v.abs());
        }
    }
    if low >= high {
        (low, high) = if low.is_finite() { (low - 1.0, low + 1.0) } else { (-1.0, 1.0) };
    }
    let spread = if largest > 0.0 { largest } else { 1.0 };
    let std = |values: &[f64]| {
        let (sum, sq) = sum_and_squares(values);
        std_of(sum, sq, values.len().max(1) as f64)
    };
    (0..layers)
        .map(|l| LayerHistograms {
            activations: histogram(trace.a(l), low, high, bins),
            deltas: histogram(grads.grad_z(l), -spread, spread, bins),
            activation_std: std(trace.a(l)),
            delta_std: std(grads.grad_z(l)),
        })
        .collect()
}

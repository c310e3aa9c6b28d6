//! Is the step too big? The sharpness of the training loss, the largest
//! eigenvalue λ of its Hessian, by power iteration on Hessian-vector products
//! from central differences of the engine's gradient; plain gradient descent
//! at learning rate η overshoots along that direction when λ > 2/η. And
//! where the last step landed on the parabola fitted along it.
//!
//! The loss is the training objective the gradient is of: the mean data loss
//! over the training set (its metrics sample) plus the penalty.

use serde::Serialize;

use crate::dataset::Examples;
use crate::landscape::{LossProbe, PROBE_CHUNK, dot, norm};
use crate::loss::Loss;
use crate::network::{Gradients, Network, Trace};
use crate::regularization::Regularization;
use crate::rng::{self, Rng};
use crate::session::METRICS_SAMPLE;

/// The step of the central differences along a unit vector.
pub const HVP_STEP: f64 = 1e-4;
/// Power iteration stops when λ changes by less than this, relatively.
pub const TOLERANCE: f64 = 1e-7;
/// The most power iterations.
pub const MAX_ITERATIONS: usize = 300;

/// The full-batch gradient of the training objective at any parameters,
/// without allocating.
#[derive(Debug, Clone)]
pub struct GradientProbe {
    network: Network,
    trace: Trace,
    grads: Gradients,
}

/// What the gradient is of.
#[derive(Debug, Clone, Copy)]
pub struct Objective<'a> {
    pub data: &'a Examples,
    pub loss: Loss,
    pub regularization: Regularization,
}

impl GradientProbe {
    pub fn new(network: &Network) -> GradientProbe {
        GradientProbe {
            network: network.clone(),
            trace: Trace::new(network.layout(), PROBE_CHUNK),
            grads: Gradients::new(network.layout(), PROBE_CHUNK),
        }
    }

    /// Writes into `out` the gradient of the mean loss over the metrics
    /// sample of the data (plus the penalty's) at `params`.
    pub fn gradient(&mut self, objective: Objective, params: &[f64], out: &mut [f64]) {
        self.network.params_mut().copy_from_slice(params);
        out.fill(0.0);
        let data = objective.data;
        let (n_in, n_out) = (data.n_inputs, data.n_outputs);
        let (len, used) = (data.len(), data.len().min(METRICS_SAMPLE));
        let example = |k: usize| if used == len { k } else { k * len / used };
        let mut start = 0;
        while start < used {
            let count = (used - start).min(self.trace.capacity());
            self.trace.set_len(count);
            for e in 0..count {
                let i = example(start + e);
                self.trace.inputs_mut()[e * n_in..(e + 1) * n_in]
                    .copy_from_slice(&data.inputs[i * n_in..(i + 1) * n_in]);
                self.trace.targets_mut()[e * n_out..(e + 1) * n_out]
                    .copy_from_slice(&data.targets[i * n_out..(i + 1) * n_out]);
            }
            self.network.forward(&mut self.trace);
            let (loss, reg) = (objective.loss, objective.regularization);
            self.network.backward(&self.trace, loss, reg, &mut self.grads, false);
            // Each chunk's gradient is of its own mean; weighted by its share
            // they give the whole sample's mean (and the penalty's once).
            let share = count as f64 / used as f64;
            out.iter_mut().zip(self.grads.grad_params()).for_each(|(o, g)| *o += share * g);
            start += count;
        }
    }

    /// H·v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / 2ε for a unit vector `v`.
    pub fn hessian_times(
        &mut self,
        objective: Objective,
        theta: &[f64],
        v: &[f64],
        scratch: &mut [Vec<f64>; 3],
        out: &mut [f64],
    ) {
        let [shifted, plus, minus] = scratch;
        shifted.iter_mut().zip(theta.iter().zip(v)).for_each(|(s, (t, v))| *s = t + HVP_STEP * v);
        self.gradient(objective, shifted, plus);
        shifted.iter_mut().zip(theta.iter().zip(v)).for_each(|(s, (t, v))| *s = t - HVP_STEP * v);
        self.gradient(objective, shifted, minus);
        for k in 0..out.len() {
            out[k] = (plus[k] - minus[k]) / (2.0 * HVP_STEP);
        }
    }
}

/// The sharpness found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sharpness {
    /// The largest eigenvalue of the Hessian.
    pub lambda: f64,
    /// Power iterations run (in total, with the shifted rerun if needed).
    pub iterations: usize,
    /// True if λ settled within [`TOLERANCE`].
    pub converged: bool,
    /// The learning rate of the next step, and 2/η.
    pub learning_rate: f64,
    pub threshold: f64,
}

/// The largest Hessian eigenvalue at `theta` by power iteration, seeded.
/// When the eigenvalue largest in size is negative, a second run on
/// H + |λ|·I finds the largest one.
pub fn sharpness(
    network: &Network,
    objective: Objective,
    seed: u64,
    learning_rate: f64,
) -> Sharpness {
    let theta = network.params();
    let mut probe = GradientProbe::new(network);
    let (first, mut iterations, mut converged) =
        power_iteration(&mut probe, objective, theta, 0.0, seed);
    let mut lambda = first.0;
    if lambda < 0.0 {
        let shift = -lambda;
        let (second, more, ok) = power_iteration(&mut probe, objective, theta, shift, seed);
        lambda = second.0 - shift;
        iterations += more;
        converged = ok;
    }
    Sharpness { lambda, iterations, converged, learning_rate, threshold: 2.0 / learning_rate }
}

/// Power iteration on H + shift·I: ((λ, v), iterations, converged).
fn power_iteration(
    probe: &mut GradientProbe,
    objective: Objective,
    theta: &[f64],
    shift: f64,
    seed: u64,
) -> ((f64, Vec<f64>), usize, bool) {
    let n = theta.len();
    let mut rng: Rng = rand::SeedableRng::seed_from_u64(seed);
    let mut v: Vec<f64> = (0..n).map(|_| rng::normal(&mut rng)).collect();
    let length = norm(&v);
    v.iter_mut().for_each(|x| *x /= length);
    let mut scratch = [vec![0.0; n], vec![0.0; n], vec![0.0; n]];
    let mut hv = vec![0.0; n];
    let mut lambda = f64::NAN;
    for iteration in 1..=MAX_ITERATIONS {
        probe.hessian_times(objective, theta, &v, &mut scratch, &mut hv);
        hv.iter_mut().zip(&v).for_each(|(h, v)| *h += shift * v);
        let next = dot(&v, &hv);
        let length = norm(&hv);
        if !(length > 0.0 && length.is_finite()) {
            return ((next, v), iteration, true);
        }
        v.iter_mut().zip(&hv).for_each(|(v, h)| *v = h / length);
        let settled = (next - lambda).abs() <= TOLERANCE * next.abs().max(1e-12);
        lambda = next;
        if settled {
            return ((lambda, v), iteration, true);
        }
    }
    ((lambda, v), MAX_ITERATIONS, false)
}

/// Where the last step landed on the parabola fitted along it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepFit {
    /// The training loss before the step (s = 0), halfway (s = ½) and after (s = 1).
    pub before: f64,
    pub halfway: f64,
    pub after: f64,
    /// The parabola L(s) ≈ a·s² + b·s + c through those three points.
    pub a: f64,
    pub b: f64,
    pub c: f64,
    /// Where it is lowest, −b / 2a, in units of the step (none unless a > 0).
    pub vertex: Option<f64>,
    /// `"short"` (s* > 1.1: the minimum lies ahead), `"at"` (1/1.1 ≤ s* ≤
    /// 1.1), `"past"` (½ ≤ s* < 1/1.1), `"far_past"` (s* < ½: it landed higher
    /// than it left), `"uphill"` (s* ≤ 0: the loss rose from the step's start),
    /// `"no_minimum"` (the loss curves down along the step).
    pub verdict: &'static str,
}

/// Fits L(θ_prev + s·Δ) at s = 0, ½, 1 for the step Δ that led to `theta`
/// (θ_prev = θ − Δ; s = 1 is θ exactly).
pub fn step_fit(network: &Network, data: &Examples, loss: Loss, step: &[f64]) -> StepFit {
    let theta = network.params();
    let mut probe = LossProbe::new(network);
    let mut at = |s: f64| {
        let params = probe.params_mut();
        for k in 0..theta.len() {
            params[k] = theta[k] - (1.0 - s) * step[k];
        }
        probe.loss(data, loss)
    };
    let (before, halfway, after) = (at(0.0), at(0.5), at(1.0));
    let a = 2.0 * (after - 2.0 * halfway + before);
    let b = (after - before) - a;
    let c = before;
    let vertex = (a > 0.0).then(|| -b / (2.0 * a));
    let verdict = match vertex {
        None => "no_minimum",
        Some(s) if s <= 0.0 => "uphill",
        Some(s) if s > 1.1 => "short",
        Some(s) if s >= 1.0 / 1.1 => "at",
        Some(s) if s >= 0.5 => "past",
        Some(_) => "far_past",
    };
    StepFit { before, halfway, after, a, b, c, vertex, verdict }
}

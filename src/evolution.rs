//! A gradient-free baseline: an evolution strategy with antithetic Gaussian
//! perturbations. For `pairs` draws ε ~ N(0, I) over every parameter it
//! evaluates the loss at θ + σε and θ − σε and estimates the gradient from
//! the losses alone,
//!
//! ```text
//! ĝ = Σⱼ (L(θ + σεⱼ) − L(θ − σεⱼ)) εⱼ / (2σ · pairs),
//! ```
//!
//! whose expectation is the gradient of the loss smoothed by N(0, σ²I) (the
//! gradient itself for a quadratic). The update is θ ← θ − η ĝ. Generic over
//! [`Evaluate`], so the tests run the trainer's own code.

use crate::rng::{self, Rng};

/// A loss evaluated at a point: the total (what is minimised) and the part
/// of it that is the regularization penalty.
pub trait Evaluate {
    fn evaluate(&mut self, x: &[f64]) -> (f64, f64);
}

/// The buffers the estimate works in (allocated once).
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    noise: Vec<f64>,
    trial: Vec<f64>,
}

impl Scratch {
    pub fn new(n: usize) -> Scratch {
        Scratch { noise: vec![0.0; n], trial: vec![0.0; n] }
    }
}

/// What one estimate did.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Estimate {
    /// Loss evaluations made (2 per pair).
    pub evaluations: u32,
    /// The mean of L(θ + σε) and L(θ − σε) over the pairs: the loss the
    /// perturbations saw around θ.
    pub mean_loss: f64,
}

/// Writes ĝ into `estimate` and the penalty's part of it (the same sum over
/// the penalty's values alone, so `estimate − estimate_reg` is the data
/// loss's part) into `estimate_reg`, drawing the perturbations from `rng`.
#[allow(clippy::too_many_arguments)]
pub fn estimate<E: Evaluate>(
    loss: &mut E,
    x: &[f64],
    sigma: f64,
    pairs: usize,
    rng: &mut Rng,
    estimate: &mut [f64],
    estimate_reg: &mut [f64],
    scratch: &mut Scratch,
) -> Estimate {
    estimate.fill(0.0);
    estimate_reg.fill(0.0);
    let scale = 1.0 / (2.0 * sigma * pairs as f64);
    let mut total = 0.0;
    for _ in 0..pairs {
        rng::fill_normal(rng, &mut scratch.noise);
        let mut at = |sign: f64| {
            for ((t, &x), &e) in scratch.trial.iter_mut().zip(x).zip(&scratch.noise) {
                *t = x + sign * sigma * e;
            }
            loss.evaluate(&scratch.trial)
        };
        let (plus, plus_reg) = at(1.0);
        let (minus, minus_reg) = at(-1.0);
        total += plus + minus;
        let (weight, weight_reg) = ((plus - minus) * scale, (plus_reg - minus_reg) * scale);
        for ((g, r), &e) in estimate.iter_mut().zip(estimate_reg.iter_mut()).zip(&scratch.noise) {
            *g += weight * e;
            *r += weight_reg * e;
        }
    }
    Estimate { evaluations: 2 * pairs as u32, mean_loss: total / (2 * pairs) as f64 }
}

/// The generator of step `step`'s perturbations: from the seed and the step
/// alone, so a run reloaded or replayed from any point draws the same ones.
pub fn step_rng(seed: u64, step: u64) -> Rng {
    rng::stream(seed ^ step.wrapping_mul(0xD1B5_4A32_D192_ED03), rng::Stream::Evolution)
}

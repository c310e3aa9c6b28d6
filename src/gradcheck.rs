//! Central finite differences: the always-available check of every analytic gradient.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::network::{Gradients, Network, Trace};
use crate::regularization::Regularization;

/// Relative error above which an analytic and a numeric gradient disagree.
pub const TOLERANCE: f64 = 1e-4;

/// One parameter's analytic gradient beside its finite-difference estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradCheck {
    /// The parameter's index in the flat layout.
    pub index: usize,
    /// dL/dθ from backprop.
    pub analytic: f64,
    /// (L(θ + h) − L(θ − h)) / 2h.
    pub numeric: f64,
    /// |analytic − numeric| / max(|analytic|, |numeric|, 1e-6).
    pub relative_error: f64,
}

impl GradCheck {
    /// True if the two agree within [`TOLERANCE`].
    pub fn agrees(&self) -> bool {
        self.relative_error <= TOLERANCE
    }
}

/// The total loss (data plus penalty) of the batch in `trace` at the network's parameters.
pub fn total_loss(
    network: &Network,
    trace: &mut Trace,
    loss: Loss,
    regularization: Regularization,
) -> f64 {
    network.forward(trace);
    network.data_loss(trace, loss) + regularization.value(network.all_weights())
}

/// Checks the parameters at `indices` on the batch held in `trace` (its
/// inputs and targets); the network is left as it was.
pub fn check(
    network: &Network,
    trace: &Trace,
    loss: Loss,
    regularization: Regularization,
    indices: &[usize],
) -> Result<Vec<GradCheck>> {
    let n_params = network.layout().n_params();
    if let Some(&bad) = indices.iter().find(|&&i| i >= n_params) {
        return Err(Error::invalid("parameter index", bad, format!("below {n_params}")));
    }
    let mut trace = trace.clone();
    let mut grads = Gradients::new(network.layout(), trace.len());
    network.forward(&mut trace);
    network.backward(&trace, loss, regularization, &mut grads, false);
    let mut probe = network.clone();
    let mut results = Vec::with_capacity(indices.len());
    for &index in indices {
        let theta = network.params()[index];
        // A step that balances truncation error (h²) against rounding (ε / h).
        let h = 1e-5 * theta.abs().max(1.0);
        probe.params_mut()[index] = theta + h;
        let up = total_loss(&probe, &mut trace, loss, regularization);
        probe.params_mut()[index] = theta - h;
        let down = total_loss(&probe, &mut trace, loss, regularization);
        probe.params_mut()[index] = theta;
        let numeric = (up - down) / (2.0 * h);
        let analytic = grads.grad_params()[index];
        let scale = analytic.abs().max(numeric.abs()).max(1e-6);
        results.push(GradCheck {
            index,
            analytic,
            numeric,
            relative_error: (analytic - numeric).abs() / scale,
        });
    }
    Ok(results)
}

/// Checks every parameter.
pub fn check_all(
    network: &Network,
    trace: &Trace,
    loss: Loss,
    regularization: Regularization,
) -> Result<Vec<GradCheck>> {
    let all: Vec<usize> = (0..network.layout().n_params()).collect();
    check(network, trace, loss, regularization, &all)
}

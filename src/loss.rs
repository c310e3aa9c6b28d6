//! Loss functions: the value of one example and dL/dz of the output layer.
//!
//! With N examples and K outputs the batch loss is the mean of the examples'
//! losses, and every gradient here is of that mean, so it carries the 1/N.

use serde::Serialize;

use crate::activation::{Activation, log_sum_exp};
use crate::math;

/// How far the network's output is from the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Mean squared error (1/K) Σ_k (ŷ_k − y_k)², without a ½ (PyTorch's `MSELoss`).
    Mse,
    /// Binary cross-entropy computed from the logits z (PyTorch's
    /// `BCEWithLogitsLoss`): (1/K) Σ_k max(z,0) − z y + log(1 + e^−|z|). Output: sigmoid.
    Bce,
    /// Softmax cross-entropy from the logits: −Σ_k y_k log softmax(z)_k. Output:
    /// softmax. y is one-hot, or any probabilities (PyTorch's probability targets).
    SoftmaxCe,
    /// Hinge (1/K) Σ_k max(0, 1 − y ŷ) with y in {−1, +1}. Output: linear or tanh.
    Hinge,
}

impl Loss {
    /// Every loss, in the order a menu lists them.
    pub const ALL: [Loss; 4] = [Loss::Mse, Loss::Bce, Loss::SoftmaxCe, Loss::Hinge];

    /// The name used in configs, URLs and the golden files.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::Bce => "bce",
            Loss::SoftmaxCe => "softmax_ce",
            Loss::Hinge => "hinge",
        }
    }

    /// The loss with this name.
    pub fn from_name(name: &str) -> Option<Loss> {
        Loss::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The output activations this loss works with.
    pub fn output_activations(self) -> &'static [Activation] {
        match self {
            Loss::Mse => &[
                Activation::Linear,
                Activation::Sigmoid,
                Activation::Tanh,
                Activation::Relu,
                Activation::LeakyRelu,
            ],
            Loss::Bce => &[Activation::Sigmoid],
            Loss::SoftmaxCe => &[Activation::Softmax],
            Loss::Hinge => &[Activation::Linear, Activation::Tanh],
        }
    }

    /// The output activation a new network gets for this loss.
    pub fn default_output_activation(self) -> Activation {
        match self {
            Loss::Mse | Loss::Hinge => Activation::Tanh,
            Loss::Bce => Activation::Sigmoid,
            Loss::SoftmaxCe => Activation::Softmax,
        }
    }

    /// True when dL/dz is computed straight from the logits (bce, softmax_ce),
    /// so that there is no separate dL/da · f'(z) factorisation to show.
    pub fn from_logits(self) -> bool {
        matches!(self, Loss::Bce | Loss::SoftmaxCe)
    }

    /// The targets of the two classes of a two-class problem with one output.
    pub fn binary_targets(self) -> (f64, f64) {
        match self {
            Loss::Bce | Loss::SoftmaxCe => (0.0, 1.0),
            Loss::Mse | Loss::Hinge => (-1.0, 1.0),
        }
    }

    /// The loss of one example, given its output layer's z and a and its target y.
    /// The batch loss is the mean of these.
    pub fn example_loss(self, z: &[f64], a: &[f64], y: &[f64]) -> f64 {
        let k = y.len() as f64;
        match self {
            Loss::Mse => a.iter().zip(y).map(|(a, y)| (a - y) * (a - y)).sum::<f64>() / k,
            Loss::Bce => {
                z.iter()
                    .zip(y)
                    .map(|(&z, &y)| z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs())))
                    .sum::<f64>()
                    / k
            }
            Loss::SoftmaxCe => {
                let lse = log_sum_exp(z);
                -z.iter().zip(y).map(|(&z, &y)| y * (z - lse)).sum::<f64>()
            }
            Loss::Hinge => a.iter().zip(y).map(|(a, y)| (1.0 - y * a).max(0.0)).sum::<f64>() / k,
        }
    }

    /// The mean loss of a batch; `z`, `a` and `y` hold one row of K values per example.
    pub fn batch_loss(self, z: &[f64], a: &[f64], y: &[f64], k: usize) -> f64 {
        let n = y.len() / k;
        if n == 0 {
            return 0.0;
        }
        let total: f64 = (0..n)
            .map(|e| {
                let row = e * k..(e + 1) * k;
                self.example_loss(&z[row.clone()], &a[row.clone()], &y[row])
            })
            .sum();
        total / n as f64
    }

    /// The factor every output gradient carries for a batch of `batch_len`
    /// examples with `k` outputs: 1/N for softmax_ce (summed over outputs),
    /// 1/(N K) for the others (averaged over outputs).
    pub fn gradient_scale(self, batch_len: usize, k: usize) -> f64 {
        match self {
            Loss::SoftmaxCe => 1.0 / batch_len as f64,
            _ => 1.0 / (batch_len * k) as f64,
        }
    }

    /// (dL/da, dL/dz) of one output neuron with pre-activation `z`, activation
    /// `a` and target `y`; `scale` is [`Loss::gradient_scale`]. dL/da is the
    /// loss's own factor where it factors as dL/da · f'(z) (mse, hinge); for
    /// the losses computed from logits (bce, softmax_ce) it is 0.
    #[inline]
    pub fn output_gradient(
        self,
        activation: Activation,
        z: f64,
        a: f64,
        y: f64,
        scale: f64,
    ) -> (f64, f64) {
        match self {
            Loss::Mse => {
                let da = 2.0 * (a - y) * scale;
                (da, da * activation.derivative(z, a))
            }
            Loss::Hinge => {
                // Zero exactly at the kink 1 − y ŷ = 0, as PyTorch's relu.
                let da = if 1.0 - y * a > 0.0 { -y * scale } else { 0.0 };
                (da, da * activation.derivative(z, a))
            }
            // a = sigmoid(z) resp. softmax(z): dL/dz = (a − y) · scale.
            Loss::Bce | Loss::SoftmaxCe => (0.0, (a - y) * scale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_from_logits_is_finite_when_confidently_wrong() {
        let l = Loss::Bce.example_loss(&[-45.0], &[0.0], &[1.0]);
        assert!((l - 45.0).abs() < 1e-12, "{l}");
    }

    #[test]
    fn hinge_gradient_is_zero_at_the_kink() {
        let (_, dz) = Loss::Hinge.output_gradient(Activation::Linear, 1.0, 1.0, 1.0, 1.0);
        assert_eq!(dz, 0.0);
    }

    #[test]
    fn mse_has_no_half() {
        assert_eq!(Loss::Mse.example_loss(&[0.0], &[3.0], &[1.0]), 4.0);
    }
}

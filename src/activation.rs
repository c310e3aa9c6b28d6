//! Activation functions, each written beside the derivative backprop uses.

use serde::Serialize;

use crate::math;

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.01;

/// The activation of one layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// f(z) = z, f' = 1.
    Linear,
    /// f(z) = 1 / (1 + e^-z), f' = a (1 − a).
    Sigmoid,
    /// f(z) = tanh z, f' = 1 − a².
    Tanh,
    /// f(z) = max(0, z), f' = 1 for z > 0 else 0 (so relu'(0) = 0, as PyTorch).
    Relu,
    /// f(z) = z for z > 0 else 0.01 z, f' = 1 for z > 0 else 0.01 (so f'(0) = 0.01, as PyTorch).
    LeakyRelu,
    /// e^(z_k − max z) / Σ_j e^(z_j − max z) over a layer; output layer only, with `softmax_ce`.
    Softmax,
}

impl Activation {
    /// Every activation, in the order a menu lists them.
    pub const ALL: [Activation; 6] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Softmax,
    ];

    /// The name used in configs, URLs and the golden files.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Softmax => "softmax",
        }
    }

    /// The activation with this name.
    pub fn from_name(name: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.name() == name)
    }

    /// True when each output depends only on its own pre-activation.
    pub fn is_elementwise(self) -> bool {
        self != Activation::Softmax
    }

    /// f(z) for an elementwise activation. For softmax (which needs the whole
    /// layer) use [`Activation::apply_row`]; here it returns z unchanged.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Linear | Activation::Softmax => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => math::tanh(z),
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
        }
    }

    /// f'(z), given z and a = f(z) (sigmoid and tanh use a, the rest z).
    /// For softmax this is only the Jacobian's diagonal a(1 − a); the engine
    /// never uses it, because softmax always pairs with `softmax_ce`, whose
    /// dL/dz is computed directly.
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid | Activation::Softmax => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
        }
    }

    /// Applies the activation to one example's layer: `a = f(z)`.
    #[inline]
    pub fn apply_row(self, z: &[f64], a: &mut [f64]) {
        if self == Activation::Softmax {
            softmax(z, a);
        } else {
            self.apply_all(z, a);
        }
    }

    /// a = f(z) elementwise over a whole slice (every example of a layer at
    /// once), with the choice of function made once, outside the loop.
    /// Not for softmax, which works per example.
    #[inline]
    pub fn apply_all(self, z: &[f64], a: &mut [f64]) {
        let pairs = a.iter_mut().zip(z);
        match self {
            Activation::Linear | Activation::Softmax => a.copy_from_slice(z),
            Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = sigmoid(z)),
            Activation::Tanh => pairs.for_each(|(a, &z)| *a = math::tanh(z)),
            Activation::Relu => pairs.for_each(|(a, &z)| *a = if z > 0.0 { z } else { 0.0 }),
            Activation::LeakyRelu => {
                pairs.for_each(|(a, &z)| *a = if z > 0.0 { z } else { LEAKY_SLOPE * z })
            }
        }
    }

    /// δ = g ⊙ f'(z) elementwise: backprop through the activation, given
    /// ∂L/∂a in `grad_a`, with the choice of derivative made once.
    #[inline]
    pub fn backprop_all(self, z: &[f64], a: &[f64], grad_a: &[f64], delta: &mut [f64]) {
        let items = delta.iter_mut().zip(grad_a).zip(z.iter().zip(a));
        match self {
            Activation::Linear => delta.copy_from_slice(grad_a),
            Activation::Sigmoid | Activation::Softmax => {
                items.for_each(|((d, &g), (_, &a))| *d = g * (a * (1.0 - a)))
            }
            Activation::Tanh => items.for_each(|((d, &g), (_, &a))| *d = g * (1.0 - a * a)),
            Activation::Relu => {
                items.for_each(|((d, &g), (&z, _))| *d = g * if z > 0.0 { 1.0 } else { 0.0 })
            }
            Activation::LeakyRelu => items
                .for_each(|((d, &g), (&z, _))| *d = g * if z > 0.0 { 1.0 } else { LEAKY_SLOPE }),
        }
    }
}

/// The logistic function without overflow: saturates to exactly 0 or 1.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

/// Softmax of one row, shifted by its maximum so large logits cannot overflow.
pub fn softmax(z: &[f64], out: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (o, &z) in out.iter_mut().zip(z) {
        *o = math::exp(z - max);
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

/// log Σ e^z, shifted by the maximum.
pub fn log_sum_exp(z: &[f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|&z| math::exp(z - max)).sum();
    max + math::ln(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_saturates_exactly() {
        assert_eq!(sigmoid(800.0), 1.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn kinks_follow_pytorch() {
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::LeakyRelu.derivative(0.0, 0.0), LEAKY_SLOPE);
        assert_eq!(Activation::LeakyRelu.apply(-2.0), -0.02);
    }

    #[test]
    fn softmax_is_stable_for_large_logits() {
        let mut p = [0.0; 3];
        softmax(&[900.0, 899.0, -900.0], &mut p);
        assert!(p.iter().all(|p| p.is_finite()));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!((log_sum_exp(&[900.0, 900.0]) - (900.0 + std::f64::consts::LN_2)).abs() < 1e-12);
    }

    #[test]
    fn names_round_trip() {
        for a in Activation::ALL {
            assert_eq!(Activation::from_name(a.name()), Some(a));
        }
    }
}

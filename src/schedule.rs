//! Learning-rate schedules, evaluated per epoch (PyTorch's `lr_scheduler` values).

use serde::{Deserialize, Serialize};

use crate::math;

/// How the learning rate changes from epoch to epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// η at every epoch.
    #[default]
    Constant,
    /// η γᵉ.
    Exponential { gamma: f64 },
    /// η γ^⌊e / step_size⌋.
    Step { step_size: u32, gamma: f64 },
    /// η_min + (η − η_min)(1 + cos(π e / t_max)) / 2, unclamped: past t_max it
    /// rises again, as PyTorch's `CosineAnnealingLR`.
    Cosine { t_max: u32, eta_min: f64 },
}

impl Schedule {
    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Exponential { .. } => "exponential",
            Schedule::Step { .. } => "step",
            Schedule::Cosine { .. } => "cosine",
        }
    }

    /// The learning rate at epoch `epoch` (0 for the first) for a base rate `lr`.
    pub fn learning_rate(self, lr: f64, epoch: u64) -> f64 {
        let e = epoch as f64;
        match self {
            Schedule::Constant => lr,
            Schedule::Exponential { gamma } => lr * math::pow(gamma, e),
            Schedule::Step { step_size, gamma } => {
                lr * math::pow(gamma, (epoch / u64::from(step_size.max(1))) as f64)
            }
            Schedule::Cosine { t_max, eta_min } => {
                let t_max = f64::from(t_max.max(1));
                eta_min + (lr - eta_min) * (1.0 + math::cos(std::f64::consts::PI * e / t_max)) / 2.0
            }
        }
    }
}

//! Learning-rate schedules, evaluated per epoch (PyTorch's `lr_scheduler` values).

use serde::Serialize;

use crate::math;

/// How the learning rate changes from epoch to epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// η at every epoch.
    #[default]
    Constant,
    /// η γᵉ (γ 0.95 unless given).
    Exponential { gamma: f64 },
    /// η γ^⌊e / step_size⌋ (every 10 epochs, γ 0.5, unless given).
    Step { step_size: u32, gamma: f64 },
    /// η_min + (η − η_min)(1 + cos(π e / t_max)) / 2, unclamped: past t_max it
    /// rises again, as PyTorch's `CosineAnnealingLR` (t_max 100, η_min 0 unless given).
    Cosine { t_max: u32, eta_min: f64 },
}

/// The parameters a schedule gets when they are not given.
pub mod defaults {
    pub fn exponential_gamma() -> f64 {
        0.95
    }
    pub fn step_size() -> u32 {
        10
    }
    pub fn step_gamma() -> f64 {
        0.5
    }
    pub fn t_max() -> u32 {
        100
    }
}

impl Schedule {
    /// Every schedule's name, in the order a menu lists them.
    pub const ALL_NAMES: [&'static str; 4] = ["constant", "exponential", "step", "cosine"];

    /// The schedule with this name and its default parameters.
    pub fn from_name(name: &str) -> Option<Schedule> {
        Some(match name {
            "constant" => Schedule::Constant,
            "exponential" => Schedule::Exponential { gamma: defaults::exponential_gamma() },
            "step" => {
                Schedule::Step { step_size: defaults::step_size(), gamma: defaults::step_gamma() }
            }
            "cosine" => Schedule::Cosine { t_max: defaults::t_max(), eta_min: 0.0 },
            _ => return None,
        })
    }

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

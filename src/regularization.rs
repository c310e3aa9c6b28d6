//! Weight penalties added to the data loss. They touch weights only, never biases.

use serde::Serialize;

use crate::math;

/// Which penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Penalty {
    None,
    /// λ Σ |w|, gradient λ sign(w) with sign(0) = 0.
    L1,
    /// (λ/2) Σ w², gradient λ w.
    L2,
}

/// A penalty and its strength λ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Regularization {
    pub kind: Penalty,
    pub lambda: f64,
}

impl Default for Regularization {
    fn default() -> Self {
        Regularization::NONE
    }
}

impl Penalty {
    pub const ALL: [Penalty; 3] = [Penalty::None, Penalty::L1, Penalty::L2];

    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Penalty::None => "none",
            Penalty::L1 => "l1",
            Penalty::L2 => "l2",
        }
    }

    pub fn from_name(name: &str) -> Option<Penalty> {
        Penalty::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl Regularization {
    /// No penalty.
    pub const NONE: Regularization = Regularization { kind: Penalty::None, lambda: 0.0 };

    pub fn l1(lambda: f64) -> Self {
        Regularization { kind: Penalty::L1, lambda }
    }

    pub fn l2(lambda: f64) -> Self {
        Regularization { kind: Penalty::L2, lambda }
    }

    /// True when the penalty changes nothing.
    pub fn is_none(self) -> bool {
        self.kind == Penalty::None || self.lambda == 0.0
    }

    /// The penalty's value over all weights.
    pub fn value(self, weights: &[f64]) -> f64 {
        match self.kind {
            Penalty::None => 0.0,
            Penalty::L1 => self.lambda * weights.iter().map(|w| w.abs()).sum::<f64>(),
            Penalty::L2 => 0.5 * self.lambda * weights.iter().map(|w| w * w).sum::<f64>(),
        }
    }

    /// The penalty's derivative with respect to one weight.
    #[inline]
    pub fn gradient(self, w: f64) -> f64 {
        match self.kind {
            Penalty::None => 0.0,
            Penalty::L1 => self.lambda * math::sign(w),
            Penalty::L2 => self.lambda * w,
        }
    }
}

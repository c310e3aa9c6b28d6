//! How weights and biases start. Every initialiser is seeded.

use serde::Serialize;

use crate::rng::{self, Rng};

/// The initial distribution of the weights (and the value of the biases).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Init {
    /// Every weight and bias 0: all neurons of a layer stay identical (the symmetry problem).
    Zeros,
    /// Weights U(−range, range), biases 0.
    Uniform { range: f64 },
    /// Glorot: U(−a, a) with a = √(6 / (fan_in + fan_out)); biases 0.
    XavierUniform,
    /// Glorot: N(0, σ²) with σ = √(2 / (fan_in + fan_out)); biases 0.
    XavierNormal,
    /// Kaiming: U(−a, a) with a = √(6 / fan_in); biases 0.
    HeUniform,
    /// Kaiming: N(0, σ²) with σ = √(2 / fan_in); biases 0.
    HeNormal,
    /// TensorFlow Playground's: weights U(−0.5, 0.5), biases 0.1.
    Playground,
}

fn default_uniform_range() -> f64 {
    0.5
}

impl Init {
    /// Every initialiser's name, in the order a menu lists them.
    pub const ALL_NAMES: [&'static str; 7] = [
        "playground",
        "xavier_uniform",
        "xavier_normal",
        "he_uniform",
        "he_normal",
        "uniform",
        "zeros",
    ];

    /// The initialiser with this name (uniform with range 0.5).
    pub fn from_name(name: &str) -> Option<Init> {
        Some(match name {
            "zeros" => Init::Zeros,
            "uniform" => Init::Uniform { range: default_uniform_range() },
            "xavier_uniform" => Init::XavierUniform,
            "xavier_normal" => Init::XavierNormal,
            "he_uniform" => Init::HeUniform,
            "he_normal" => Init::HeNormal,
            "playground" => Init::Playground,
            _ => return None,
        })
    }

    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Init::Zeros => "zeros",
            Init::Uniform { .. } => "uniform",
            Init::XavierUniform => "xavier_uniform",
            Init::XavierNormal => "xavier_normal",
            Init::HeUniform => "he_uniform",
            Init::HeNormal => "he_normal",
            Init::Playground => "playground",
        }
    }

    /// A weight of a layer with `fan_in` inputs and `fan_out` neurons.
    pub fn weight(self, fan_in: usize, fan_out: usize, rng: &mut Rng) -> f64 {
        let (fan_in, fan_out) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros => 0.0,
            Init::Uniform { range } => rng::uniform(rng, -range, range),
            Init::XavierUniform => {
                let a = (6.0 / (fan_in + fan_out)).sqrt();
                rng::uniform(rng, -a, a)
            }
            Init::XavierNormal => (2.0 / (fan_in + fan_out)).sqrt() * rng::normal(rng),
            Init::HeUniform => {
                let a = (6.0 / fan_in).sqrt();
                rng::uniform(rng, -a, a)
            }
            Init::HeNormal => (2.0 / fan_in).sqrt() * rng::normal(rng),
            Init::Playground => rng::uniform(rng, -0.5, 0.5),
        }
    }

    /// Every bias starts at this value.
    pub fn bias(self) -> f64 {
        match self {
            Init::Playground => 0.1,
            _ => 0.0,
        }
    }
}

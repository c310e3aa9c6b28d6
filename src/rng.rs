//! Seeded randomness. One seed in the config drives every random choice, split
//! into independent streams so that, say, changing the initialiser does not
//! change the data set.

use rand::{RngExt, SeedableRng};

use crate::math;

/// The engine's generator: PCG (64-bit MCG variant), portable and seedable.
pub type Rng = rand_pcg::Pcg64Mcg;

/// What a stream of random numbers is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Generating the data set's points.
    Data = 1,
    /// Splitting points into training and test sets.
    Split = 2,
    /// Initial weights and biases.
    Init = 3,
    /// The per-epoch order of training examples.
    Shuffle = 4,
    /// The evolution strategy's perturbations.
    Evolution = 5,
}

/// A generator for one stream of one seed.
pub fn stream(seed: u64, stream: Stream) -> Rng {
    // Mix the stream id into the seed so that nearby seeds and streams are unrelated.
    let mixed = seed ^ (stream as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    Rng::seed_from_u64(mixed)
}

/// A uniform number in [low, high).
pub fn uniform(rng: &mut Rng, low: f64, high: f64) -> f64 {
    low + (high - low) * rng.random::<f64>()
}

/// Standard normal numbers into `out`, both of each Box–Muller pair used
/// (half the logarithms and cosines of [`normal`] per number).
pub fn fill_normal(rng: &mut Rng, out: &mut [f64]) {
    let mut pairs = out.chunks_exact_mut(2);
    for pair in &mut pairs {
        let u1 = 1.0 - rng.random::<f64>();
        let u2 = rng.random::<f64>();
        let radius = (-2.0 * math::ln(u1)).sqrt();
        let angle = std::f64::consts::TAU * u2;
        pair[0] = radius * math::cos(angle);
        pair[1] = radius * math::sin(angle);
    }
    if let [last] = pairs.into_remainder() {
        *last = normal(rng);
    }
}

/// A standard normal number (Box–Muller, with libm so it is identical everywhere).
pub fn normal(rng: &mut Rng) -> f64 {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * math::ln(u1)).sqrt() * math::cos(std::f64::consts::TAU * u2)
}

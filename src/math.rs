//! The transcendental functions the engine uses, in one place.
//!
//! They come from the pure-Rust `libm` crate rather than the platform's C
//! library, so a native build and a wasm build compute bit-identical numbers.

#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

#[inline]
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

#[inline]
pub fn floor(x: f64) -> f64 {
    libm::floor(x)
}

/// sign with sign(0) = 0, as L1's subgradient and Rprop use it.
#[inline]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

//! The transcendental functions the engine uses, in one place, in pure Rust:
//! a native build and a wasm build compute bit-identical numbers.
//!
//! `exp` and `tanh`, the hot spots of small networks, are the engine's own
//! (libm's are slow in wasm) and accurate to about one unit in the last
//! place, far inside the golden tolerance; the rest come from the `libm`
//! crate.

/// ln 2 split in two for exact range reduction (fdlibm's constants): the
/// high part has enough trailing zero bits that k · LN2_HI is exact.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// 1/k! for k = 13 down to 0: e^r's Taylor series, enough for |r| ≤ ln2 / 2
/// (the first term left out is below 4e-18).
const EXP_TAYLOR: [f64; 14] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    1.0 / 2.0,
    1.0,
    1.0,
];

#[inline(always)]
fn horner(x: f64, coefficients: &[f64]) -> f64 {
    let mut p = 0.0;
    for &c in coefficients {
        p = p * x + c;
    }
    p
}

/// 1.5 · 2^52: adding it to a number below 2^51 in size rounds that number
/// to an integer held in the low bits of the sum (round to nearest even).
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// e^x for |x| ≤ 708 (no overflow, no subnormals), without branches so that
/// a loop of them can run in SIMD lanes: x = k ln 2 + r, e^r by its series,
/// 2^k built in the exponent bits.
#[inline(always)]
fn exp_core(x: f64) -> f64 {
    let shifted = x * std::f64::consts::LOG2_E + ROUNDER;
    let k = shifted - ROUNDER;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = horner(r, &EXP_TAYLOR);
    // k sits in the low bits of `shifted`; move it into the exponent field.
    let k_bits = shifted.to_bits().wrapping_sub(ROUNDER.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    p * scale
}

/// 2^k as an f64, for k from −1022 to 1023.
#[inline(always)]
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// e^x, to about one unit in the last place.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.abs() <= 708.0 {
        return exp_core(x);
    }
    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.133_219_101_941_1 {
        return 0.0;
    }
    // Near overflow or in the subnormals: the same reduction, scaled in two steps.
    let shifted = x * std::f64::consts::LOG2_E + ROUNDER;
    let k = shifted - ROUNDER;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = horner(r, &EXP_TAYLOR);
    let k = k as i64;
    if k > 0 { p * pow2(k - 1) * 2.0 } else { p * pow2(k + 1000) * pow2(-1000) }
}

/// (e^r − 1 − r) / r² on |r| ≤ ln2 / 2, highest power first: a Chebyshev fit
/// of degree 9 made with mpmath at 40 digits; e^r − 1 = r + r² P(r) is then
/// within 1.6e-16 relative.
const EXPM1_TAIL: [f64; 10] = [
    f64::from_bits(0x3e5a_f389_ecfc_4b9c),
    f64::from_bits(0x3e92_8917_c89a_43a7),
    f64::from_bits(0x3ec7_1de0_db2f_6b19),
    f64::from_bits(0x3efa_019b_9149_a41c),
    f64::from_bits(0x3f2a_01a0_1a7c_2efe),
    f64::from_bits(0x3f56_c16c_1788_9ef1),
    f64::from_bits(0x3f81_1111_1111_09b5),
    f64::from_bits(0x3fa5_5555_5555_3d68),
    f64::from_bits(0x3fc5_5555_5555_5556),
    f64::from_bits(0x3fe0_0000_0000_0001),
];

/// e^y − 1 for −40 ≤ y ≤ 0, accurate near 0 (no cancellation), without
/// branches: y = k ln 2 + r, e^r − 1 from the fit, then 2^k (e^r − 1) + (2^k − 1).
#[inline(always)]
fn expm1_core(y: f64) -> f64 {
    let shifted = y * std::f64::consts::LOG2_E + ROUNDER;
    let k = shifted - ROUNDER;
    let r = (y - k * LN2_HI) - k * LN2_LO;
    // e^r − 1 = r + r² P(r): the exact leading term kept apart.
    let q = r + (r * r) * horner(r, &EXPM1_TAIL);
    let k_bits = shifted.to_bits().wrapping_sub(ROUNDER.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    scale * q + (scale - 1.0)
}

/// tanh x, to about one unit in the last place; exactly ±1 beyond |x| ≈ 19.
/// tanh |x| = −m / (2 + m) with m = e^(−2|x|) − 1, which loses nothing near
/// 0; no branches, so a loop of them runs in SIMD lanes.
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    // e^−40 is far below where tanh rounds to 1.
    let clamped = if a > 20.0 { 20.0 } else { a };
    let m = expm1_core(-2.0 * clamped);
    (-m / (2.0 + m)).copysign(x)
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Units in the last place between two doubles of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn exp_is_within_two_ulps_of_libm_everywhere() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let mut worst = 0;
        for _ in 0..400_000 {
            let x = rng.random_range(-740.0..709.0);
            worst = worst.max(ulps(exp(x), libm::exp(x)));
        }
        for _ in 0..400_000 {
            let x = rng.random_range(-40.0..40.0);
            worst = worst.max(ulps(exp(x), libm::exp(x)));
        }
        assert!(worst <= 2, "exp is {worst} ulps from libm");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn tanh_is_within_three_ulps_of_libm_everywhere() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(8);
        let mut worst = 0;
        for range in [1e-6, 0.6, 3.0, 25.0] {
            for _ in 0..300_000 {
                let x = rng.random_range(-range..range);
                worst = worst.max(ulps(tanh(x), libm::tanh(x)));
            }
        }
        assert!(worst <= 3, "tanh is {worst} ulps from libm");
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(400.0), 1.0);
        assert_eq!(tanh(-400.0), -1.0);
        assert_eq!(tanh(1e-300), 1e-300);
        assert!(tanh(f64::NAN).is_nan());
    }
}

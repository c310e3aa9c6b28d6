//! Helpers shared by the integration tests.
#![allow(dead_code)]

use backprop_lab::{Activation, Config, HiddenLayer, Loss, NetworkConfig};
use rand::{RngExt, SeedableRng};

pub type TestRng = rand_pcg::Pcg64Mcg;

pub fn rng(seed: u64) -> TestRng {
    TestRng::seed_from_u64(seed)
}

/// Asserts that two slices agree elementwise within `tol · (1 + |want|)`,
/// naming the first element that does not.
pub fn assert_close(what: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: {} values, want {}", got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= tol * (1.0 + w.abs()), "{what}[{i}]: got {g}, want {w}");
    }
}

/// Random targets suited to a loss: one-hot for softmax_ce, values in [0, 1]
/// for bce, ±1 for hinge, anything for mse.
pub fn targets(loss: Loss, n: usize, k: usize, rng: &mut TestRng) -> Vec<f64> {
    let mut y = vec![0.0; n * k];
    for row in y.chunks_mut(k) {
        match loss {
            Loss::SoftmaxCe => row[rng.random_range(0..k)] = 1.0,
            Loss::Bce => row.iter_mut().for_each(|v| *v = rng.random::<f64>()),
            Loss::Hinge => {
                row.iter_mut().for_each(|v| *v = if rng.random::<bool>() { 1.0 } else { -1.0 })
            }
            Loss::Mse => row.iter_mut().for_each(|v| *v = rng.random_range(-1.0..1.0)),
        }
    }
    y
}

/// The playground's default config with a given hidden stack.
pub fn config_with(hidden: &[(usize, Activation)]) -> Config {
    Config {
        network: NetworkConfig {
            hidden: hidden
                .iter()
                .map(|&(neurons, activation)| HiddenLayer { neurons, activation })
                .collect(),
            ..Default::default()
        },
        ..Config::default()
    }
}

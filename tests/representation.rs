//! The input space as a layer sees it: PCA against hand-checked cases, and
//! the points and the warped grid against direct forward passes.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, Feature, HiddenLayer, NetworkConfig, Session,
    representation::{Axes, grid_lines, pca},
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn pca_of_a_hand_checked_tilted_cloud() {
    // Mean 0; covariance [[2.5, 1.5], [1.5, 2.5]] (population): eigenvalues
    // 4 along (1, 1)/√2 and 1 along (1, −1)/√2.
    let rows = [2.0, 2.0, -2.0, -2.0, 1.0, -1.0, -1.0, 1.0];
    let p = pca(&rows, 2);
    let h = 0.5f64.sqrt();
    assert!(p.mean.iter().all(|&m| m == 0.0));
    assert!(close(p.variances[0], 4.0) && close(p.variances[1], 1.0), "{:?}", p.variances);
    assert!(close(p.explained[0], 0.8) && close(p.explained[1], 0.2), "{:?}", p.explained);
    assert!(close(p.components[0][0], h) && close(p.components[0][1], h), "{:?}", p.components);
    assert!(close(p.components[1][0], h) && close(p.components[1][1], -h), "{:?}", p.components);
}

#[test]
fn pca_of_a_hand_checked_axis_aligned_cloud_in_three_dimensions() {
    // Offset by (1, 1, 5): spread 1 along x, 2 along y, none along z.
    let rows = [2.0, 1.0, 5.0, 0.0, 1.0, 5.0, 1.0, 3.0, 5.0, 1.0, -1.0, 5.0];
    let p = pca(&rows, 3);
    assert_eq!(p.mean, vec![1.0, 1.0, 5.0]);
    assert!(close(p.variances[0], 2.0) && close(p.variances[1], 0.5), "{:?}", p.variances);
    assert!(close(p.explained[0], 0.8));
    let unit = |c: &[f64], k: usize| (0..3).all(|i| close(c[i], if i == k { 1.0 } else { 0.0 }));
    assert!(unit(&p.components[0], 1) && unit(&p.components[1], 0), "{:?}", p.components);
}

fn circle() -> Session {
    let config = Config {
        data: DataConfig { dataset: DatasetKind::Circle, noise: 0.1, ..Default::default() },
        network: NetworkConfig {
            features: vec![Feature::X1, Feature::X2, Feature::X1Squared],
            hidden: vec![
                HiddenLayer { neurons: 5, activation: Activation::Tanh },
                HiddenLayer { neurons: 3, activation: Activation::Relu },
            ],
            ..Default::default()
        },
        ..Config::default()
    };
    let mut session = Session::new(config).unwrap();
    session.train_epochs(15);
    session
}

/// Layer `l`'s activations at input-plane point (x1, x2), by the engine's ordinary forward pass.
fn direct(session: &Session, l: usize, x1: f64, x2: f64) -> Vec<f64> {
    session.run_input(&[x1, x2]).unwrap().a(l).to_vec()
}

#[test]
fn the_warped_grid_and_the_points_are_the_layers_activations_in_two_neurons() {
    let session = circle();
    let r = session.representation(0, Axes::Neurons(1, 3)).unwrap();
    let lines = grid_lines(6.0, 13, 49);
    assert_eq!(r.grid.len(), 26);
    for (line, want) in r.grid.iter().zip(&lines) {
        assert_eq!(line.len(), 2 * 49);
        for (s, &[x1, x2]) in want.iter().enumerate().step_by(6) {
            let a = direct(&session, 0, x1, x2);
            assert!(close(line[2 * s], a[1]) && close(line[2 * s + 1], a[3]), "({x1}, {x2})");
        }
    }
    // The points: every training example's activations.
    let train = session.train_set();
    assert_eq!(r.train.len(), 2 * train.len());
    for e in (0..train.len()).step_by(17) {
        let [x1, x2] = [train.points[2 * e], train.points[2 * e + 1]];
        let a = direct(&session, 0, x1, x2);
        assert!(close(r.train[2 * e], a[1]) && close(r.train[2 * e + 1], a[3]), "example {e}");
        assert_eq!(r.train_labels[e], train.classes[e] as f64);
    }
}

#[test]
fn the_warped_grid_in_principal_components_is_the_projection_of_direct_passes() {
    let session = circle();
    let r = session.representation(1, Axes::Principal).unwrap();
    let p = r.pca.as_ref().unwrap();
    assert!(p.explained[0] >= p.explained[1] && p.explained[0] + p.explained[1] <= 1.0 + 1e-12);
    let project = |a: &[f64], k: usize| -> f64 {
        a.iter().zip(&p.mean).zip(&p.components[k]).map(|((v, m), c)| (v - m) * c).sum()
    };
    let lines = grid_lines(6.0, 13, 49);
    for (line, want) in r.grid.iter().zip(&lines).step_by(5) {
        for (s, &[x1, x2]) in want.iter().enumerate().step_by(8) {
            let a = direct(&session, 1, x1, x2);
            assert!(close(line[2 * s], project(&a, 0)) && close(line[2 * s + 1], project(&a, 1)));
        }
    }
    // Over the points themselves, the first coordinate has the larger spread, as PCA promises.
    let spread = |k: usize| {
        let xs: Vec<f64> = r.train.iter().chain(&r.test).skip(k).step_by(2).copied().collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64
    };
    assert!(close(spread(0), p.variances[0]) || (spread(0) - p.variances[0]).abs() < 1e-9);
    assert!(spread(0) >= spread(1));
}

#[test]
fn a_switched_off_neuron_sits_at_zero_and_bad_layers_and_neurons_are_named() {
    let mut session = circle();
    session.set_neuron_off(0, 3, true).unwrap();
    let r = session.representation(0, Axes::Neurons(3, 0)).unwrap();
    assert!(r.train.iter().step_by(2).all(|&v| v == 0.0));
    for (layer, axes, says) in [
        (3, Axes::Principal, "from 0 to 2"),
        (0, Axes::Neurons(1, 1), "two different neurons"),
        (1, Axes::Neurons(0, 3), "from 0 to 2"),
        (2, Axes::Principal, "at least 2 neurons"),
    ] {
        let message = session.representation(layer, axes).unwrap_err().to_string();
        assert!(message.contains(says), "{message}");
    }
}

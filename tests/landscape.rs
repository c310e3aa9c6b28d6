//! The loss landscape: the plane's centre and the path's ends are the
//! engine's own losses, bit for bit; filter normalization, principal
//! components and the projection against direct computations.

mod common;

use backprop_lab::landscape::{self, Directions, PATH_STEPS_PER_UNIT};
use backprop_lab::{Activation, Config, Examples, Init, Loss, Optimizer, Session};
use common::{config_with, rng};
use rand::RngExt;

fn trained(epochs: u64) -> Session {
    let mut session = Session::new(Config::default()).unwrap();
    session.train_epochs(epochs);
    session
}

fn current_loss(session: &Session) -> f64 {
    let last = session.history().last().unwrap();
    assert_eq!(
        last.examples,
        session.trainer().progress().examples,
        "metrics of the current point"
    );
    last.train_loss
}

#[test]
fn the_plane_at_its_centre_is_the_current_loss_exactly() {
    let mut session = trained(4);
    for directions in [
        Directions::Random { seed: 7 },
        Directions::Path,
        Directions::Weights { first: 0, second: 5 },
    ] {
        let plane = session.landscape(directions, 11, None).unwrap();
        assert_eq!(plane.center.to_bits(), current_loss(&session).to_bits(), "{directions:?}");
        assert_eq!(plane.losses.len(), 121);
        assert_eq!(plane.coords[5], 0.0);
        assert!(plane.min.loss <= plane.center);
        // The current point is the path's last point, at the centre.
        let last = plane.path.last().unwrap();
        assert!(last.alpha.abs() < 1e-12 && last.beta.abs() < 1e-12, "{last:?}");
    }
    // Mid-epoch, once the metrics are taken where the network stands.
    session.train_batches(7);
    assert!(session.record_metrics_if_moved());
    let plane = session.landscape(Directions::Random { seed: 1 }, 5, Some(0.5)).unwrap();
    assert_eq!(plane.center.to_bits(), current_loss(&session).to_bits());
    assert_eq!(plane.path.last().unwrap().epoch, 4);
    // A training set larger than one chunk of the metrics (500 > 256) goes
    // through them chunk by chunk, and still agrees bit for bit.
    let mut config = Config::default();
    config.data.samples = 1000;
    let mut large = Session::new(config).unwrap();
    large.train_epochs(2);
    assert_eq!(large.train_set().len(), 500);
    let plane = large.landscape(Directions::Random { seed: 3 }, 3, None).unwrap();
    assert_eq!(plane.center.to_bits(), current_loss(&large).to_bits());
    assert_eq!(large.landscape_path().losses[0].to_bits(), large.history()[0].train_loss.to_bits());
}

#[test]
fn a_point_of_the_plane_is_the_loss_of_those_weights() {
    let session = trained(2);
    let (first, second) = (3, 9);
    let plane = session.landscape(Directions::Weights { first, second }, 7, Some(0.3)).unwrap();
    // Column 1, row 5: α = coords[1] on `first`, β = coords[5] on `second`.
    let (alpha, beta) = (plane.coords[1], plane.coords[5]);
    assert!((alpha - -0.2).abs() < 1e-15 && (beta - 0.2).abs() < 1e-15);
    let mut moved = session.clone();
    let mut params = session.network().params().to_vec();
    params[first] += alpha;
    params[second] += beta;
    moved.set_params(&params).unwrap();
    // Away from the centre the plane is display work in f32 (the heatmaps'
    // cheaper tanh): within 1e-4 of the exact loss, relative.
    let exact = moved.metrics().train_loss;
    let shown = plane.losses[5 * 7 + 1];
    assert!((shown - exact).abs() <= 1e-4 * exact, "{shown} against {exact}");
    assert_ne!(shown.to_bits(), exact.to_bits(), "the f32 plane should not match to the bit");
    // The centre's 3 × 3 block, which the curvature reads, is exact.
    for (i, j) in [(2, 2), (3, 2), (4, 4), (3, 3), (2, 4)] {
        let mut params = session.network().params().to_vec();
        params[first] += plane.coords[i];
        params[second] += plane.coords[j];
        moved.set_params(&params).unwrap();
        assert_eq!(plane.losses[j * 7 + i].to_bits(), moved.metrics().train_loss.to_bits());
    }
    // The minimum marked is the grid's lowest value, where it is, and exact.
    let lowest = plane.losses.iter().copied().fold(f64::INFINITY, f64::min);
    assert_eq!(plane.min.loss, lowest);
    let k = plane.losses.iter().position(|&l| l == lowest).unwrap();
    assert_eq!((plane.min.alpha, plane.min.beta), (plane.coords[k % 7], plane.coords[k / 7]));
}

#[test]
fn the_path_curve_ends_at_the_initial_and_current_losses() {
    let session = trained(5);
    let curve = session.landscape_path();
    let n = PATH_STEPS_PER_UNIT;
    assert_eq!((curve.t[0], curve.t[n]), (0.0, 1.0));
    assert!(*curve.t.last().unwrap() > 1.0, "goes a little beyond");
    assert_eq!(curve.losses[0].to_bits(), session.history()[0].train_loss.to_bits());
    assert_eq!(curve.losses[n].to_bits(), current_loss(&session).to_bits());
    assert_eq!(curve.start_epoch, 0);
    // The climb is the largest rise after a lower point, computed directly.
    let mut want = 0.0f64;
    for i in 0..=n {
        for j in i..=n {
            want = want.max(curve.losses[j] - curve.losses[i]);
        }
    }
    assert_eq!(curve.climb, want);
}

#[test]
fn filter_normalization_scales_each_neurons_row_to_its_weights() {
    let session = trained(1);
    let network = session.network();
    let (layout, params) = (network.layout(), network.params());
    let mut r = rng(3);
    let raw: Vec<f64> = (0..params.len()).map(|_| r.random_range(-1.0..1.0)).collect();
    let mut d = raw.clone();
    landscape::filter_normalize(layout, params, &mut d);
    for l in 0..layout.layers() {
        let fan_in = layout.fan_in(l);
        for j in 0..layout.width(l) {
            let start = layout.weight_index(l, j, 0);
            let row = start..start + fan_in;
            let w_norm: f64 = params[row.clone()].iter().map(|w| w * w).sum::<f64>().sqrt();
            let r_norm: f64 = raw[row.clone()].iter().map(|x| x * x).sum::<f64>().sqrt();
            for i in row {
                let want = raw[i] * w_norm / r_norm;
                assert!((d[i] - want).abs() <= 1e-15 * (1.0 + want.abs()), "layer {l} neuron {j}");
            }
            assert_eq!(d[layout.bias_index(l, j)], 0.0, "biases are held");
        }
    }
    let (a, b) =
        (landscape::random_basis(layout, params, 5), landscape::random_basis(layout, params, 5));
    assert_eq!(a, b, "seeded");
    assert_ne!(a.d1, landscape::random_basis(layout, params, 6).d1);
    assert_ne!(a.d1, a.d2);
}

#[test]
fn principal_directions_are_orthonormal() {
    let session = trained(12);
    let plane = session.landscape(Directions::Path, 5, None).unwrap();
    let points: Vec<&[f64]> = session.timeline().entries().iter().map(|c| c.params()).collect();
    let basis = landscape::path_basis(&points, session.network().params()).unwrap();
    let (n1, n2) = (landscape::norm(&basis.d1), landscape::norm(&basis.d2));
    assert!((n1 - 1.0).abs() < 1e-12 && (n2 - 1.0).abs() < 1e-12);
    assert!(landscape::dot(&basis.d1, &basis.d2).abs() < 1e-12);
    let [e1, e2] = basis.explained.unwrap();
    assert!(e1 >= e2 && e2 > 0.0 && e1 + e2 <= 1.0 + 1e-12, "{e1} {e2}");
    assert_eq!(plane.explained, basis.explained);
    // The automatic range holds the whole path.
    let reach = plane.path.iter().map(|p| p.alpha.abs().max(p.beta.abs())).fold(0.0, f64::max);
    assert!((plane.range - 1.25 * reach).abs() < 1e-12);
}

/// A linear model 2 → 1 whose second input is always 0: that weight never
/// moves, so training's path lies in a plane of its three parameters.
fn planar_run() -> Session {
    let mut r = rng(11);
    let n = 40;
    let mut inputs = Vec::new();
    let mut targets = Vec::new();
    for _ in 0..n {
        let x: f64 = r.random_range(-1.0..1.0);
        inputs.extend([x, 0.0]);
        targets.push(0.7 * x - 0.2 + 0.1 * r.random_range(-1.0..1.0));
    }
    let mut config = config_with(&[]);
    config.network.output_activation = Activation::Linear;
    config.network.loss = Loss::Mse;
    config.training.optimizer = Optimizer::Sgd;
    config.training.learning_rate = 0.05;
    config.training.batch_size = 8;
    let train = Examples::from_flat(inputs, targets, 2, 1).unwrap();
    config.network.init = Init::Zeros;
    let mut session = Session::with_data(config, train, Examples::default()).unwrap();
    session.train_epochs(6);
    session
}

#[test]
fn the_projection_reproduces_checkpoints_of_a_path_in_a_plane() {
    let session = planar_run();
    let theta = session.network().params();
    let points: Vec<&[f64]> = session.timeline().entries().iter().map(|c| c.params()).collect();
    assert!(points.len() >= 6);
    let basis = landscape::path_basis(&points, theta).unwrap();
    assert!(basis.d1[1].abs() < 1e-12 && basis.d2[1].abs() < 1e-12, "the still weight");
    for checkpoint in &points {
        let (alpha, beta) = landscape::project(&basis, theta, checkpoint);
        for k in 0..3 {
            let rebuilt = theta[k] + alpha * basis.d1[k] + beta * basis.d2[k];
            assert!((rebuilt - checkpoint[k]).abs() < 1e-12, "{rebuilt} vs {}", checkpoint[k]);
        }
    }
    let plane = session.landscape(Directions::Path, 9, None).unwrap();
    assert_eq!(plane.path.len(), points.len());
    let [e1, e2] = plane.explained.unwrap();
    assert!((e1 + e2 - 1.0).abs() < 1e-9, "the plane holds all of the path");
}

#[test]
fn jacobi_finds_eigenpairs() {
    let (values, _) = landscape::jacobi_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
    let mut sorted = values.clone();
    sorted.sort_by(f64::total_cmp);
    assert!((sorted[0] - 1.0).abs() < 1e-14 && (sorted[1] - 3.0).abs() < 1e-14);
    let n = 6;
    let mut r = rng(4);
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let x: f64 = r.random_range(-1.0..1.0);
            (m[i * n + j], m[j * n + i]) = (x, x);
        }
    }
    let (values, vectors) = landscape::jacobi_eigen(&m, n);
    for k in 0..n {
        for i in 0..n {
            let mv: f64 = (0..n).map(|j| m[i * n + j] * vectors[j * n + k]).sum();
            assert!((mv - values[k] * vectors[i * n + k]).abs() < 1e-12, "pair {k}");
        }
    }
    let trace: f64 = (0..n).map(|i| m[i * n + i]).sum();
    assert!((values.iter().sum::<f64>() - trace).abs() < 1e-12);
}

#[test]
fn bad_requests_are_named_and_change_nothing() {
    let fresh = Session::new(Config::default()).unwrap();
    let err = fresh.landscape(Directions::Path, 11, None).unwrap_err().to_string();
    assert!(err.contains("directions") && err.contains("train a few epochs"), "{err}");
    let session = trained(2);
    let n = session.network().params().len();
    for (directions, resolution, range, field) in [
        (Directions::Random { seed: 1 }, 10, None, "resolution"),
        (Directions::Random { seed: 1 }, 1, None, "resolution"),
        (Directions::Random { seed: 1 }, 103, None, "resolution"),
        (Directions::Random { seed: 1 }, 11, Some(0.0), "range"),
        (Directions::Random { seed: 1 }, 11, Some(f64::NAN), "range"),
        (Directions::Weights { first: n, second: 0 }, 11, None, "first weight"),
        (Directions::Weights { first: 2, second: 2 }, 11, None, "second weight"),
    ] {
        let err = session.landscape(directions, resolution, range).unwrap_err().to_string();
        assert!(err.contains(field), "{err}");
    }
    let before = (session.network().params().to_vec(), session.history().to_vec());
    session.landscape(Directions::Random { seed: 2 }, 9, None).unwrap();
    session.landscape_path();
    assert_eq!((session.network().params().to_vec(), session.history().to_vec()), before);
}

#[test]
fn a_quadratic_bowl_reads_as_one() {
    // Linear regression's loss is quadratic in the weights: at its minimum
    // the plane curves up in both directions, with the grid's exact curvature.
    let session = planar_run();
    let plane =
        session.landscape(Directions::Weights { first: 0, second: 2 }, 5, Some(0.1)).unwrap();
    let [high, low] = plane.curvature_eigenvalues;
    assert!(high >= low && low > 0.0, "{high} {low}");
    // ∂²L/∂w² = 2 mean(x²), ∂²L/∂b² = 2 for squared error without ½.
    let xs = session.train_set().inputs.iter().step_by(2);
    let mean_x2: f64 = xs.map(|x| x * x).sum::<f64>() / 40.0;
    assert!((plane.curvature[0] - 2.0 * mean_x2).abs() < 1e-9, "{:?}", plane.curvature);
    assert!((plane.curvature[2] - 2.0).abs() < 1e-9);
}

//! Sharpness against the eigenvalues of the full Hessian (finite differences
//! of the gradient, a direct computation), and the last step's parabola on a
//! quadratic where the answer is known.

mod common;

use backprop_lab::landscape::jacobi_eigen;
use backprop_lab::{
    Activation, Config, Examples, Gradients, Init, Loss, Optimizer, Penalty, Regularization,
    Session, Trace,
};
use common::{config_with, rng};
use rand::RngExt;

/// The gradient of the training objective over the whole training set, in
/// one batch.
fn full_gradient(session: &Session, params: &[f64]) -> Vec<f64> {
    let mut network = session.network().clone();
    network.params_mut().copy_from_slice(params);
    let data = session.train_set();
    let mut trace = Trace::with_batch(network.layout(), &data.inputs, &data.targets).unwrap();
    network.forward(&mut trace);
    let mut grads = Gradients::new(network.layout(), data.len());
    let c = session.config();
    network.backward(&trace, c.network.loss, c.training.regularization, &mut grads, false);
    grads.grad_params().to_vec()
}

/// Every eigenvalue of the Hessian, from central differences of the
/// gradient, column by column (symmetrized).
fn hessian_eigenvalues(session: &Session) -> Vec<f64> {
    let theta = session.network().params().to_vec();
    let n = theta.len();
    let h = 1e-5;
    let mut hessian = vec![0.0; n * n];
    for j in 0..n {
        let (mut plus, mut minus) = (theta.clone(), theta.clone());
        plus[j] += h;
        minus[j] -= h;
        let (gp, gm) = (full_gradient(session, &plus), full_gradient(session, &minus));
        for i in 0..n {
            hessian[i * n + j] = (gp[i] - gm[i]) / (2.0 * h);
        }
    }
    let symmetric: Vec<f64> =
        (0..n * n).map(|k| (hessian[k] + hessian[(k % n) * n + k / n]) / 2.0).collect();
    let (values, _) = jacobi_eigen(&symmetric, n);
    values
}

#[test]
fn sharpness_is_the_largest_eigenvalue_of_the_full_hessian() {
    let mut l2 = config_with(&[(3, Activation::Sigmoid)]);
    l2.network.loss = Loss::Bce;
    l2.network.output_activation = Activation::Sigmoid;
    l2.training.regularization = Regularization { kind: Penalty::L2, lambda: 0.01 };
    for (name, config, epochs) in [
        ("tanh, mse, trained", config_with(&[(3, Activation::Tanh)]), 20),
        ("tanh, mse, at the start", config_with(&[(3, Activation::Tanh)]), 0),
        ("sigmoid, bce, l2", l2, 5),
    ] {
        let mut session = Session::new(Config { ..config }).unwrap();
        session.train_epochs(epochs);
        let values = hessian_eigenvalues(&session);
        let largest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let found = session.sharpness(1);
        assert!(found.converged, "{name}: {found:?}");
        assert!(
            (found.lambda - largest).abs() <= 1e-4 * largest.abs(),
            "{name}: power iteration {} against the full Hessian's {largest} ({values:?})",
            found.lambda
        );
        assert_eq!(found.threshold, 2.0 / session.trainer().learning_rate());
    }
}

/// Linear regression, 2 inputs → 1 output, squared error: the loss is
/// quadratic, with Hessian (2/N) Σ x̃ x̃ᵀ (x̃ = [x, 1]) and gradient
/// (2/N) Σ (w·x̃ − y) x̃.
struct Regression {
    xs: Vec<[f64; 3]>,
    ys: Vec<f64>,
}

impl Regression {
    fn new() -> Regression {
        let mut r = rng(21);
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for _ in 0..30 {
            let x = [r.random_range(-1.0..1.0), r.random_range(-2.0..2.0), 1.0];
            ys.push(0.5 * x[0] - 1.5 * x[1] + 0.3 + 0.2 * r.random_range(-1.0..1.0));
            xs.push(x);
        }
        Regression { xs, ys }
    }

    fn hessian(&self) -> [[f64; 3]; 3] {
        let n = self.xs.len() as f64;
        let mut h = [[0.0; 3]; 3];
        for x in &self.xs {
            for i in 0..3 {
                for j in 0..3 {
                    h[i][j] += 2.0 * x[i] * x[j] / n;
                }
            }
        }
        h
    }

    fn gradient(&self, w: &[f64]) -> [f64; 3] {
        let n = self.xs.len() as f64;
        let mut g = [0.0; 3];
        for (x, y) in self.xs.iter().zip(&self.ys) {
            let residual = w[0] * x[0] + w[1] * x[1] + w[2] - y;
            (0..3).for_each(|i| g[i] += 2.0 * residual * x[i] / n);
        }
        g
    }

    /// A session on this data, full batch, plain SGD at `lr`, weights 0.
    fn session(&self, lr: f64) -> Session {
        let inputs: Vec<f64> = self.xs.iter().flat_map(|x| [x[0], x[1]]).collect();
        let train = Examples::from_flat(inputs, self.ys.clone(), 2, 1).unwrap();
        let mut config = config_with(&[]);
        config.network.output_activation = Activation::Linear;
        config.network.loss = Loss::Mse;
        config.network.init = Init::Zeros;
        config.training.optimizer = Optimizer::Sgd;
        config.training.learning_rate = lr;
        config.training.batch_size = self.xs.len();
        Session::with_data(config, train, Examples::default()).unwrap()
    }
}

#[test]
fn the_sharpness_of_a_quadratic_is_its_hessians_top_eigenvalue() {
    let data = Regression::new();
    let h = data.hessian();
    let flat: Vec<f64> = h.iter().flatten().copied().collect();
    let (values, _) = jacobi_eigen(&flat, 3);
    let largest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let found = data.session(0.1).sharpness(3);
    assert!((found.lambda - largest).abs() < 1e-6 * largest, "{} vs {largest}", found.lambda);
    assert_eq!(found.threshold, 20.0);
}

#[test]
fn the_last_step_lands_where_the_quadratic_says() {
    let data = Regression::new();
    let h = data.hessian();
    // Plain gradient descent from 0 along −g: L(s) has its minimum at
    // s* = gᵀg / (η gᵀHg); η = c · gᵀg / gᵀHg puts it at s* = 1/c.
    let g = data.gradient(&[0.0; 3]);
    let gg: f64 = g.iter().map(|x| x * x).sum();
    let ghg: f64 =
        (0..3).flat_map(|i| (0..3).map(move |j| (i, j))).map(|(i, j)| g[i] * h[i][j] * g[j]).sum();
    for (c, verdict) in [(0.5, "short"), (1.0, "at"), (1.5, "past"), (3.0, "far_past")] {
        let lr = c * gg / ghg;
        let mut session = data.session(lr);
        let err = session.last_step_fit().unwrap_err().to_string();
        assert!(err.contains("last step"), "{err}");
        session.train_batches(1);
        let fit = session.last_step_fit().unwrap();
        let vertex = fit.vertex.unwrap();
        assert!((vertex - 1.0 / c).abs() < 1e-9, "c = {c}: vertex {vertex}");
        assert_eq!(fit.verdict, verdict, "c = {c}");
        assert_eq!(fit.after.to_bits(), session.metrics().train_loss.to_bits());
        // The parabola's curvature is the Hessian's along the step: a = ½ ΔᵀHΔ.
        let want_a = 0.5 * lr * lr * ghg;
        assert!((fit.a - want_a).abs() < 1e-9 * (1.0 + want_a), "{} vs {want_a}", fit.a);
    }
}

//! The evolution strategy: its estimate points along the gradient (on a
//! quadratic, where its expectation is the gradient itself), the W1 loss
//! falls under it, and runs are bit-identical from the seed.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::evolution::{self, Evaluate, Scratch};
use backprop_lab::optimizer::SearchStep;
use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, HiddenLayer, NetworkConfig, Optimizer,
    Regularization, Session, TrainingConfig,
};

const N: usize = 12;

/// f(x) = Σ cᵢ xᵢ² / 2 + Σ xᵢ, with a penalty part 0.05 Σ xᵢ² counted apart.
struct Quadratic {
    evaluations: usize,
}

fn curvature(i: usize) -> f64 {
    1.0 + i as f64
}

impl Evaluate for Quadratic {
    fn evaluate(&mut self, x: &[f64]) -> (f64, f64) {
        self.evaluations += 1;
        let data: f64 = x.iter().enumerate().map(|(i, v)| 0.5 * curvature(i) * v * v + v).sum();
        let penalty: f64 = x.iter().map(|v| 0.05 * v * v).sum();
        (data + penalty, penalty)
    }
}

fn gradient(x: &[f64]) -> Vec<f64> {
    x.iter().enumerate().map(|(i, v)| curvature(i) * v + 1.0 + 0.1 * v).collect()
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let dot = |u: &[f64], v: &[f64]| u.iter().zip(v).map(|(x, y)| x * y).sum::<f64>();
    dot(a, b) / (dot(a, a) * dot(b, b)).sqrt()
}

fn estimate_at(x: &[f64], pairs: usize, seed: u64) -> (Vec<f64>, Vec<f64>, usize) {
    let mut f = Quadratic { evaluations: 0 };
    let (mut g, mut g_reg) = (vec![0.0; N], vec![0.0; N]);
    let mut rng = evolution::step_rng(seed, 1);
    let mut scratch = Scratch::new(N);
    let e = evolution::estimate(&mut f, x, 0.1, pairs, &mut rng, &mut g, &mut g_reg, &mut scratch);
    assert_eq!(e.evaluations as usize, 2 * pairs);
    (g, g_reg, f.evaluations)
}

#[test]
fn the_estimate_points_along_the_gradient_with_many_pairs() {
    let x: Vec<f64> = (0..N).map(|i| (i as f64 - 5.0) / 4.0).collect();
    let truth = gradient(&x);
    let (many, _, evaluations) = estimate_at(&x, 2000, 3);
    assert_eq!(evaluations, 4000, "two loss evaluations per pair");
    let c = cosine(&many, &truth);
    assert!(c > 0.9, "2,000 pairs: cosine {c}");
    // With few pairs the estimate is noisy: its cosine is well below.
    let (few, _, _) = estimate_at(&x, 2, 3);
    let c_few = cosine(&few, &truth);
    assert!(c_few < c, "2 pairs: cosine {c_few} against {c}");
    // On a quadratic the antithetic difference is exactly 2σ εᵀ∇f: the mean
    // of many estimates is the gradient itself.
    let mean: Vec<f64> = (0..40u64)
        .map(|seed| estimate_at(&x, 200, seed).0)
        .fold(vec![0.0; N], |acc, g| acc.iter().zip(&g).map(|(a, b)| a + b / 40.0).collect());
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    let error: Vec<f64> = mean.iter().zip(&truth).map(|(m, t)| m - t).collect();
    // 8,000 pairs: the error's expected size is about ‖∇f‖ √(N / 8000) ≈ 0.04 ‖∇f‖.
    assert!(norm(&error) < 0.1 * norm(&truth), "{mean:?} against {truth:?}");
    assert!(cosine(&mean, &truth) > 0.99);
}

#[test]
fn the_penalty_part_is_the_same_estimate_of_the_penalty_alone() {
    let x: Vec<f64> = (0..N).map(|i| 0.3 * i as f64 - 1.0).collect();
    let (_, g_reg, _) = estimate_at(&x, 3000, 9);
    let truth: Vec<f64> = x.iter().map(|v| 0.1 * v).collect();
    assert!(cosine(&g_reg, &truth) > 0.9, "{g_reg:?}");
}

fn w1(optimizer: Optimizer) -> Config {
    let tanh = |neurons| HiddenLayer { neurons, activation: Activation::Tanh };
    Config {
        data: DataConfig { dataset: DatasetKind::Circle, ..Default::default() },
        network: NetworkConfig { hidden: vec![tanh(4), tanh(2)], ..Default::default() },
        training: TrainingConfig {
            optimizer,
            regularization: Regularization::l2(0.001),
            ..Default::default()
        },
        ..Config::default()
    }
}

#[test]
fn the_w1_loss_falls_and_the_evaluations_are_counted() {
    let mut session = Session::new(w1(Optimizer::from_name("evolution").unwrap())).unwrap();
    let loss = |s: &Session| {
        let m = s.history().last().unwrap();
        m.train_loss + m.regularization_loss
    };
    let start = loss(&session);
    let report = session.train_epochs(20);
    assert!(!report.diverged);
    let end = loss(&session);
    assert!(end < 0.9 * start, "20 epochs: {start} → {end}");
    let batches = session.trainer().progress().batches;
    let pairs = 8;
    assert_eq!(session.trainer().optimizer().evaluations(), 2 * pairs * batches);
    let update = session.trainer().update();
    let Some(SearchStep::Evolution(step)) = update.search else { panic!("an ES step") };
    assert_eq!(step.evaluations as u64, 2 * pairs);
    // Δθ = −η ĝ, exactly, with ĝ the state's estimate.
    let state = session.trainer().optimizer();
    let estimate = state.buffers().find(|(name, _)| *name == "estimate").unwrap().1;
    for (&d, &g) in update.delta.iter().zip(estimate) {
        assert_eq!(d, -update.learning_rate * g);
    }
    let n_weights = session.network().layout().n_weights();
    assert!(update.delta_reg[..n_weights].iter().any(|&r| r != 0.0), "the penalty's part");
    // (A bias has no penalty, but its share of the estimate from the
    // penalty's changes, noise of mean 0, is the penalty's part too.)
}

#[test]
fn runs_are_bit_identical_from_the_seed_and_differ_with_it() {
    let run = |seed: u64| {
        let mut config = w1(Optimizer::Evolution { sigma: 0.05, pairs: 3 });
        config.seed = seed;
        let mut session = Session::new(config).unwrap();
        session.train_batches(57);
        session.network().params().iter().map(|p| p.to_bits()).collect::<Vec<u64>>()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}

#[test]
fn a_run_reloaded_mid_way_goes_on_bit_for_bit() {
    let config = w1(Optimizer::Evolution { sigma: 0.05, pairs: 3 });
    let mut straight = Session::new(config.clone()).unwrap();
    straight.train_batches(40);
    let mut first = Session::new(config).unwrap();
    first.train_batches(17);
    let mut reloaded = Session::from_model_json(&first.model_json().unwrap()).unwrap();
    reloaded.train_batches(23);
    assert_eq!(straight.network().params(), reloaded.network().params());
    assert_eq!(
        straight.trainer().optimizer().evaluations(),
        reloaded.trainer().optimizer().evaluations()
    );
}

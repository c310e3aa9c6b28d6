//! Conjugate gradient: on a convex quadratic it reaches the minimiser within
//! n iterations; every accepted step satisfies both strong Wolfe
//! conditions, checked here directly; on the W1 network every iteration
//! lowers the full-batch loss (penalty included); runs are bit-identical.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::cg::{self, Memory, Objective, Scratch, Wolfe};
use backprop_lab::optimizer::SearchStep;
use backprop_lab::rng::{self, Stream};
use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, HiddenLayer, NetworkConfig, Optimizer,
    Regularization, Session, TrainingConfig,
};

const N: usize = 10;

/// f(x) = ½ xᵀAx − bᵀx with A = Q diag(λ) Qᵀ, ten distinct λ spread evenly
/// on a log scale from 1 to 10, Q a seeded random rotation; b = A x* for a
/// chosen minimiser x*. (With λ up to 100, rounding alone keeps even plain
/// linear CG 2·10⁻⁷ away after ten iterations: finite termination is a
/// property of exact arithmetic.)
struct Quadratic {
    a: Vec<Vec<f64>>,
    b: Vec<f64>,
    minimiser: Vec<f64>,
    evaluations: usize,
}

fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).map(|(x, y)| x * y).sum()
}

impl Quadratic {
    fn new() -> Quadratic {
        let mut rng = rng::stream(7, Stream::Data);
        // Gram–Schmidt on random vectors: an orthonormal basis.
        let mut q: Vec<Vec<f64>> = Vec::new();
        while q.len() < N {
            let mut v: Vec<f64> = (0..N).map(|_| rng::normal(&mut rng)).collect();
            for u in &q {
                let along = dot(&v, u);
                v.iter_mut().zip(u).for_each(|(x, y)| *x -= along * y);
            }
            let norm = dot(&v, &v).sqrt();
            q.push(v.iter().map(|x| x / norm).collect());
        }
        let lambda: Vec<f64> = (0..N).map(|i| 10f64.powf(i as f64 / (N - 1) as f64)).collect();
        let a: Vec<Vec<f64>> = (0..N)
            .map(|i| (0..N).map(|j| (0..N).map(|k| q[k][i] * lambda[k] * q[k][j]).sum()).collect())
            .collect();
        let minimiser: Vec<f64> = (0..N).map(|i| (i as f64 - 4.5) / 3.0).collect();
        let b = a.iter().map(|row| dot(row, &minimiser)).collect();
        Quadratic { a, b, minimiser, evaluations: 0 }
    }

    fn value(&self, x: &[f64]) -> f64 {
        let ax: Vec<f64> = self.a.iter().map(|row| dot(row, x)).collect();
        0.5 * dot(x, &ax) - dot(&self.b, x)
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        self.a.iter().zip(&self.b).map(|(row, b)| dot(row, x) - b).collect()
    }
}

impl Objective for Quadratic {
    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        self.evaluations += 1;
        grad.copy_from_slice(&self.gradient(x));
        self.value(x)
    }
}

const WOLFE: Wolfe = Wolfe { c1: 1e-4, c2: 0.1 };

#[test]
fn reaches_a_quadratics_minimiser_within_n_iterations_by_strong_wolfe_steps() {
    let mut f = Quadratic::new();
    let mut x = vec![0.0; N];
    let (mut direction, mut prev_grad, mut delta) = (vec![0.0; N], vec![0.0; N], vec![0.0; N]);
    let mut memory = Memory::default();
    let mut scratch = Scratch::new(N);
    let error = |x: &[f64], f: &Quadratic| {
        x.iter().zip(&f.minimiser).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)
    };
    assert!(error(&x, &f) > 1.0, "the start is far from the minimiser");
    let mut iterations = 0;
    while error(&x, &f) > 1e-9 {
        assert!(iterations < N, "not at the minimiser after {N} iterations: {}", error(&x, &f));
        let (value, grad) = (f.value(&x), f.gradient(&x));
        let start = x.clone();
        let step = cg::iterate(
            &mut f,
            &mut x,
            value,
            &grad,
            &mut direction,
            &mut prev_grad,
            &mut memory,
            WOLFE,
            0.01,
            N as u64,
            &mut delta,
            &mut scratch,
        );
        iterations += 1;
        // Both strong Wolfe inequalities, from the quadratic itself.
        let slope0 = dot(&grad, &direction);
        assert!(slope0 < 0.0, "iteration {iterations}: d is a descent direction");
        let moved: Vec<f64> =
            start.iter().zip(&direction).map(|(s, d)| s + step.alpha * d).collect();
        assert_eq!(moved, x, "x moved by α·d");
        let value1 = f.value(&x);
        assert!(
            value1 <= value + WOLFE.c1 * step.alpha * slope0,
            "iteration {iterations}: sufficient decrease {value1} against {value}"
        );
        let slope1 = dot(&f.gradient(&x), &direction);
        assert!(
            slope1.abs() <= WOLFE.c2 * slope0.abs(),
            "iteration {iterations}: curvature |{slope1}| against {}",
            slope0.abs()
        );
        // On a quadratic the search ends at the line's minimum (the cubic and
        // secant steps are exact there), which finite termination needs.
        assert!(slope1.abs() <= 1e-8 * slope0.abs(), "iteration {iterations}: inexact search");
        assert!(step.wolfe && step.alpha > 0.0 && step.evaluations > 0);
        assert_eq!(step.restarted, iterations == 1, "only the first iteration starts from −∇f");
        assert!(step.beta >= 0.0, "PR+ keeps β ≥ 0");
    }
    println!("quadratic: {iterations} iterations, {} evaluations", f.evaluations);
}

#[test]
fn restarts_every_n_iterations_and_on_a_direction_that_does_not_descend() {
    let mut f = Quadratic::new();
    let mut x = vec![0.0; N];
    let (mut direction, mut prev_grad, mut delta) = (vec![0.0; N], vec![0.0; N], vec![0.0; N]);
    let mut memory = Memory::default();
    let mut scratch = Scratch::new(N);
    let mut restarts = Vec::new();
    for k in 0..7 {
        let (value, grad) = (f.value(&x), f.gradient(&x));
        let step = cg::iterate(
            &mut f,
            &mut x,
            value,
            &grad,
            &mut direction,
            &mut prev_grad,
            &mut memory,
            WOLFE,
            0.01,
            3,
            &mut delta,
            &mut scratch,
        );
        if step.restarted {
            restarts.push(k);
        }
    }
    assert_eq!(restarts, [0, 3, 6], "a restart every 3 iterations");
    // A direction that climbs: the last one reversed, with the gradient
    // equal to the last one, gives β = 0 → d = −g, a restart of itself;
    // here the memory says conjugate while the old direction points uphill.
    let grad = f.gradient(&x);
    let value = f.value(&x);
    direction.iter_mut().zip(&grad).for_each(|(d, g)| *d = 1e6 * g);
    prev_grad.iter_mut().zip(&grad).for_each(|(p, g)| *p = 0.5 * g);
    memory.since_restart = 0;
    let step = cg::iterate(
        &mut f,
        &mut x,
        value,
        &grad,
        &mut direction,
        &mut prev_grad,
        &mut memory,
        WOLFE,
        0.01,
        100,
        &mut delta,
        &mut scratch,
    );
    assert!(step.restarted, "an uphill direction is replaced by −∇f");
    assert_eq!(step.beta, 0.0);
    assert!(step.value_after < step.value_before);
}

fn w1(optimizer: Optimizer, regularization: Regularization) -> Config {
    let tanh = |neurons| HiddenLayer { neurons, activation: Activation::Tanh };
    Config {
        data: DataConfig { dataset: DatasetKind::Circle, ..Default::default() },
        network: NetworkConfig { hidden: vec![tanh(4), tanh(2)], ..Default::default() },
        training: TrainingConfig { optimizer, regularization, ..Default::default() },
        ..Config::default()
    }
}

fn cg_default() -> Optimizer {
    Optimizer::from_name("cg").unwrap()
}

#[test]
fn every_iteration_lowers_the_full_batch_loss_of_w1_penalty_included() {
    let mut session = Session::new(w1(cg_default(), Regularization::l2(0.001))).unwrap();
    let total = |s: &Session| {
        let m = s.history().last().unwrap();
        m.train_loss + m.regularization_loss
    };
    let first = total(&session);
    let mut evaluations = 0;
    for epoch in 1..=40 {
        let before = total(&session);
        let report = session.train_batches(1);
        assert_eq!(report.epochs, 1, "one CG iteration is one epoch");
        assert_eq!(session.trainer().batch_indices().len(), session.train_set().len());
        let after = total(&session);
        assert!(after < before, "epoch {epoch}: the loss went from {before} to {after}");
        let Some(SearchStep::Cg(step)) = session.trainer().update().search else {
            panic!("a CG step");
        };
        // The line search saw the loss the metrics measure, penalty included.
        assert!((step.value_before - before).abs() < 1e-12, "{} {before}", step.value_before);
        assert!((step.value_after - after).abs() < 1e-12, "{} {after}", step.value_after);
        assert!(step.wolfe, "epoch {epoch}: the step satisfies the strong Wolfe conditions");
        evaluations += u64::from(step.evaluations);
        assert_eq!(session.trainer().optimizer().evaluations(), evaluations);
    }
    let last = total(&session);
    assert!(last < 0.5 * first, "40 CG iterations more than halve the loss: {first} → {last}");
}

#[test]
fn the_penalty_part_of_a_cg_step_follows_its_direction() {
    let mut session = Session::new(w1(cg_default(), Regularization::l2(0.01))).unwrap();
    session.train_batches(3);
    let update = session.trainer().update();
    let Some(SearchStep::Cg(step)) = update.search else { panic!("a CG step") };
    let n_weights = session.network().layout().n_weights();
    let reg = &update.delta_reg;
    assert!(reg[..n_weights].iter().any(|&r| r != 0.0), "weights have a penalty part");
    assert!(reg[n_weights..].iter().all(|&r| r == 0.0), "biases have none");
    let state = session.trainer().optimizer();
    let direction = state.buffers().find(|(name, _)| *name == "direction").unwrap().1;
    for (i, (&d, &delta)) in direction.iter().zip(&update.delta).enumerate() {
        assert_eq!(delta, step.alpha * d, "Δθ[{i}] = α·d");
    }
}

#[test]
fn cg_is_deterministic_and_ignores_the_batch_size() {
    let run = |batch_size| {
        let mut config = w1(cg_default(), Regularization::NONE);
        config.training.batch_size = batch_size;
        let mut session = Session::new(config).unwrap();
        session.train_epochs(15);
        (session.network().params().to_vec(), session.trainer().optimizer().evaluations())
    };
    let (a, b, c) = (run(10), run(10), run(3));
    let bits = |p: &[f64]| p.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.0), bits(&b.0), "same seed, same bits");
    assert_eq!(a.1, b.1);
    // The batch size does not apply (the epoch's order does: reshuffled
    // sums differ only in rounding).
    for (x, y) in a.0.iter().zip(&c.0) {
        assert!((x - y).abs() < 1e-9, "{x} {y}");
    }
}

#[test]
fn c1_must_stay_below_c2() {
    let config = w1(Optimizer::Cg { c1: 0.5, c2: 0.1 }, Regularization::NONE);
    let message = config.validate().unwrap_err().to_string();
    assert!(message.contains("optimizer.c1"), "{message}");
}

#[test]
fn a_cg_run_reloaded_mid_way_goes_on_bit_for_bit() {
    let config = w1(cg_default(), Regularization::l2(0.001));
    let mut straight = Session::new(config.clone()).unwrap();
    straight.train_epochs(12);
    let mut first = Session::new(config).unwrap();
    first.train_epochs(5);
    let mut reloaded = Session::from_model_json(&first.model_json().unwrap()).unwrap();
    assert_eq!(reloaded.trainer().optimizer().memory(), first.trainer().optimizer().memory());
    reloaded.train_epochs(7);
    assert_eq!(straight.network().params(), reloaded.network().params());
    let evaluations = |s: &Session| s.trainer().optimizer().evaluations();
    assert_eq!(evaluations(&straight), evaluations(&reloaded));
}

#[test]
fn the_setup_file_and_the_address_keep_both_optimizers_and_their_constants() {
    use backprop_lab::config::query::{from_query, to_query};
    for optimizer in
        [Optimizer::Cg { c1: 0.001, c2: 0.3 }, Optimizer::Evolution { sigma: 0.02, pairs: 13 }]
    {
        let config = w1(optimizer, Regularization::NONE);
        assert_eq!(Config::from_json(&config.to_json()).unwrap(), config);
        let parsed = from_query(&to_query(&config));
        assert_eq!(parsed.config, config);
        assert!(parsed.warnings.is_empty());
    }
    // Missing constants take the defaults; a fractional pair count is refused by name.
    let json = r#"{"optimizer": {"kind": "evolution"}}"#;
    let config = Config::from_json(json).unwrap();
    assert_eq!(config.training.optimizer, Optimizer::Evolution { sigma: 0.1, pairs: 8 });
    let error = Config::from_json(r#"{"optimizer": {"kind": "evolution", "pairs": 2.5}}"#);
    assert!(error.unwrap_err().to_string().contains("pairs"));
    let error = Config::from_json(r#"{"optimizer": {"kind": "cg", "c2": 1.5}}"#);
    assert!(error.unwrap_err().to_string().contains("optimizer.c2"));
}

#[test]
fn switching_to_cg_mid_epoch_takes_the_whole_set_and_back_again_the_batches() {
    let mut session = Session::new(w1(Optimizer::Sgd, Regularization::NONE)).unwrap();
    session.train_batches(7);
    assert_eq!(session.trainer().progress().cursor, 70);
    let n = session.train_set().len();
    let mut config = session.config().clone();
    config.training.optimizer = cg_default();
    session.reconfigure(config.clone()).unwrap();
    assert_eq!(session.trainer().next_batch().len(), n, "CG's batch is the whole set");
    let report = session.train_batches(1);
    assert_eq!(report.epochs, 1, "and its step ends the epoch");
    assert_eq!(session.trainer().progress().cursor, 0);
    assert_eq!(session.trainer().batch_indices().len(), n);
    config.training.optimizer = Optimizer::Sgd;
    session.reconfigure(config).unwrap();
    assert_eq!(session.trainer().next_batch().len(), 10);
    session.train_batches(3);
    assert_eq!(session.trainer().progress().cursor, 30);
}

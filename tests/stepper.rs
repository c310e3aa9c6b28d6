//! Stepping through a batch phase by phase runs the engine's own code:
//! the phases come in order, and a stepped batch leaves everything
//! bit-identical to the same batch trained at once, for every optimizer.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, HiddenLayer, NetworkConfig, Optimizer, Phase,
    Regularization, Session, TrainingConfig, Until,
};

fn config(optimizer: &str) -> Config {
    Config {
        data: DataConfig { dataset: DatasetKind::Spiral, ..Default::default() },
        network: NetworkConfig {
            hidden: vec![
                HiddenLayer { neurons: 5, activation: Activation::Tanh },
                HiddenLayer { neurons: 3, activation: Activation::Relu },
            ],
            ..Default::default()
        },
        training: TrainingConfig {
            optimizer: Optimizer::from_name(optimizer).unwrap(),
            regularization: Regularization::l2(0.003),
            batch_size: 100, // 250 examples: batches of 100, 100 and 50
            learning_rate: 0.01,
            ..Default::default()
        },
        ..Config::default()
    }
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// Everything that must agree between two runs.
#[derive(Debug, PartialEq)]
struct Fingerprint {
    params: Vec<u64>,
    optimizer_state: Vec<Vec<u64>>,
    counters: (u64, u64, u64),
    order: Vec<usize>,
    history: usize,
}

fn fingerprint(session: &Session) -> Fingerprint {
    let trainer = session.trainer();
    let progress = trainer.progress();
    Fingerprint {
        params: bits(session.network().params()),
        optimizer_state: trainer.optimizer().buffers().map(|(_, b)| bits(b)).collect(),
        counters: (progress.examples, progress.batches, progress.epochs),
        order: progress.order.clone(),
        history: session.history().len(),
    }
}

#[test]
fn the_phases_come_in_order() {
    let mut session = Session::new(config("sgd")).unwrap();
    let mut seen = Vec::new();
    for _ in 0..14 {
        seen.push(session.step_phase().unwrap());
    }
    use Phase::*;
    assert_eq!(
        seen,
        [
            ForwardZ { layer: 0 },
            ForwardA { layer: 0 },
            ForwardZ { layer: 1 },
            ForwardA { layer: 1 },
            ForwardZ { layer: 2 },
            ForwardA { layer: 2 },
            Loss,
            BackwardDelta { layer: 2 },
            BackwardParams { layer: 2 },
            BackwardDelta { layer: 1 },
            BackwardParams { layer: 1 },
            BackwardDelta { layer: 0 },
            BackwardParams { layer: 0 },
            Update,
        ]
    );
    assert!(session.stepper().unwrap().complete());
    // The next phase starts the next batch.
    assert_eq!(session.step_phase().unwrap(), ForwardZ { layer: 0 });
    assert_eq!(session.stepper().unwrap().done(), 1);
}

#[test]
fn a_stepped_batch_equals_a_trained_batch_for_every_optimizer() {
    for name in Optimizer::ALL_NAMES {
        let mut trained = Session::new(config(name)).unwrap();
        let mut stepped = Session::new(config(name)).unwrap();
        // Four batches: through an epoch's end (the third is the partial one).
        for batch in 0..4 {
            trained.train_batches(1);
            let phases = stepped.stepper().map_or(0, |_| 0);
            assert_eq!(phases, 0);
            loop {
                if stepped.step_phase().unwrap() == Phase::Update {
                    break;
                }
            }
            assert_eq!(fingerprint(&stepped), fingerprint(&trained), "{name}, batch {batch}");
            assert_eq!(stepped.history(), trained.history(), "{name}, batch {batch}");
        }
    }
}

#[test]
fn the_loss_phase_reports_the_batch_and_each_example() {
    let mut session = Session::new(config("sgd")).unwrap();
    while session.step_phase().unwrap() != Phase::Loss {}
    let loss = session.stepper().unwrap().loss().unwrap().clone();
    assert_eq!(loss.examples.len(), 100);
    let mean = loss.examples.iter().sum::<f64>() / 100.0;
    assert!((mean - loss.data).abs() < 1e-12);
    let expected =
        session.network().data_loss(session.trainer().trace(), session.config().network.loss);
    assert_eq!(loss.data, expected);
    assert!(loss.regularization > 0.0);
}

#[test]
fn going_back_a_phase_recomputes_exactly_what_was_there() {
    let mut session = Session::new(config("adam")).unwrap();
    session.train_batches(2);
    let start = fingerprint(&session);
    for _ in 0..9 {
        session.step_phase().unwrap();
    }
    let deltas = session.trainer().gradients().grad_z(2).to_vec();
    session.step_phase().unwrap();
    session.step_phase().unwrap();
    assert!(session.back_phase().unwrap());
    assert!(session.back_phase().unwrap());
    assert_eq!(session.stepper().unwrap().done(), 9);
    assert_eq!(session.trainer().gradients().grad_z(2), deltas.as_slice());
    // Through the update and back again: the parameters return.
    session.run_to(Until::Batch).unwrap();
    assert_ne!(fingerprint(&session), start);
    let after = fingerprint(&session);
    assert!(session.back_phase().unwrap());
    assert_eq!(fingerprint(&session), start, "undoing the update restores the state");
    session.step_phase().unwrap();
    assert_eq!(fingerprint(&session), after, "and redoing it gives the same result");
}

#[test]
fn going_back_from_a_batch_start_enters_the_previous_batch() {
    let mut session = Session::new(config("momentum")).unwrap();
    session.run_to(Until::Batch).unwrap();
    let after_first = fingerprint(&session);
    session.step_phase().unwrap(); // the second batch's first phase
    assert!(session.back_phase().unwrap()); // its start
    assert_eq!(session.stepper().unwrap().done(), 0);
    assert!(session.back_phase().unwrap()); // into the first batch, before its update
    let stepper = session.stepper().unwrap();
    assert_eq!(stepper.done(), stepper.plan().len() - 1);
    session.step_phase().unwrap();
    assert_eq!(fingerprint(&session), after_first);
    // Nothing before the first batch.
    let mut fresh = Session::new(config("sgd")).unwrap();
    assert!(!fresh.back_phase().unwrap());
}

#[test]
fn running_to_the_end_of_the_backward_pass_the_batch_and_the_epoch() {
    let mut stepped = Session::new(config("nesterov")).unwrap();
    let mut trained = Session::new(config("nesterov")).unwrap();
    stepped.run_to(Until::Backward).unwrap();
    let s = stepped.stepper().unwrap();
    assert_eq!(s.plan()[s.done()], Phase::Update, "stops just before the update");
    assert_eq!(stepped.trainer().progress().batches, 0);
    stepped.run_to(Until::Batch).unwrap();
    assert_eq!(stepped.trainer().progress().batches, 1);
    stepped.run_to(Until::Epoch).unwrap();
    trained.train_epochs(1);
    assert_eq!(fingerprint(&stepped), fingerprint(&trained));
    stepped.run_to(Until::Epoch).unwrap();
    trained.train_epochs(1);
    assert_eq!(fingerprint(&stepped), fingerprint(&trained));
}

#[test]
fn training_after_stepping_halfway_runs_the_batch_whole() {
    let mut stepped = Session::new(config("rmsprop")).unwrap();
    let mut trained = Session::new(config("rmsprop")).unwrap();
    for _ in 0..5 {
        stepped.step_phase().unwrap();
    }
    stepped.train_batches(3);
    trained.train_batches(3);
    assert!(stepped.stepper().is_none());
    assert_eq!(fingerprint(&stepped), fingerprint(&trained));
}

#[test]
fn the_timeline_goes_back_and_the_future_is_replaced() {
    let base = Config {
        training: TrainingConfig { batch_size: 25, ..Default::default() },
        ..Config::default()
    };
    let mut session = Session::new(base.clone()).unwrap();
    session.train_epochs(6);
    let timeline = session.timeline();
    assert_eq!(timeline.len(), 7, "the start and every epoch's end");
    assert_eq!(timeline.entries()[3].epoch(), 3);

    let mut past = session.at(3).unwrap();
    let mut reference = Session::new(base).unwrap();
    reference.train_epochs(3);
    assert_eq!(fingerprint(&past), fingerprint(&reference));
    assert_eq!(past.timeline().len(), 4);
    assert_eq!(past.history().len(), 4);
    // The original is untouched until the past is trained on.
    assert_eq!(session.timeline().len(), 7);
    past.train_epochs(2);
    reference.train_epochs(2);
    assert_eq!(fingerprint(&past), fingerprint(&reference));
    assert_eq!(past.timeline().len(), 6);
    assert!(session.at(99).unwrap_err().to_string().contains("timeline entry: 99"));
}

#[test]
fn the_timeline_stays_within_its_budget() {
    let mut timeline = backprop_lab::Timeline::with_budget(300_000);
    let mut session = Session::new(Config::default()).unwrap();
    for _ in 0..600 {
        session.train_batches(1);
        timeline.push(session.checkpoint());
    }
    assert!(timeline.bytes() <= 300_000, "{} bytes", timeline.bytes());
    let entries = timeline.entries();
    assert_eq!(entries[0].examples(), 10, "the first is kept");
    assert_eq!(entries.last().unwrap().examples(), 6000, "the latest is kept");
    // The recent ones are dense, the old ones thinned.
    let recent: Vec<u64> = entries[entries.len() - 5..].iter().map(|c| c.examples()).collect();
    assert_eq!(recent, [5960, 5970, 5980, 5990, 6000]);
    assert!(entries.windows(2).all(|w| w[0].examples() < w[1].examples()));
    assert!(entries.len() < 600);
}

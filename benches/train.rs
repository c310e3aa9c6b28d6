//! Native throughput of the workloads in docs/performance.md (and bench/),
//! for the wasm/native ratio: W1 (Playground's default 2 → [4, 2] → 1 on
//! circle), W2 (its largest, 2 → [8 × 6] → 1 on spiral), W3 (64 → [128, 64]
//! → 10 on 2,000 random examples): plain SGD at 0.03, batches of 10, tanh
//! everywhere, squared error, examples in a fixed order; W4 (the page's
//! digits preset, 64 → [32 relu] → 10, softmax cross-entropy, batches of 32,
//! on the 1,438 training examples of an 80 % split of `www/data/digits.csv`,
//! plain SGD at 0.03 in a fixed order, as bench/workloads.mjs builds it); and
//! G (every neuron of the W2 network over a 100 × 100 grid).
//!
//! `cargo bench --bench train`; `cargo xtask bench` reads the medians.

use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, Examples, HiddenLayer, Init, Loss, NetworkConfig,
    Optimizer, Session, TrainingConfig,
    health::HealthAccumulator,
    landscape::Directions,
    rng::{Stream, stream},
    table::{ReadOptions, Selection, Table, TargetKind},
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::RngExt;

fn tanh_layers(widths: &[usize]) -> Vec<HiddenLayer> {
    widths.iter().map(|&neurons| HiddenLayer { neurons, activation: Activation::Tanh }).collect()
}

fn workload(dataset: DatasetKind, hidden: &[usize]) -> Config {
    Config {
        data: DataConfig { dataset, ..Default::default() },
        network: NetworkConfig { hidden: tanh_layers(hidden), ..Default::default() },
        training: TrainingConfig { shuffle: false, ..Default::default() },
        ..Config::default()
    }
}

/// W3: 2,000 examples of 64 inputs and 10 targets in [−1, 1].
fn w3() -> Session {
    let mut rng = stream(20_261_127, Stream::Data);
    let mut numbers =
        |n: usize| -> Vec<f64> { (0..n).map(|_| rng.random_range(-1.0..1.0)).collect() };
    let train = Examples {
        n_inputs: 64,
        n_outputs: 10,
        inputs: numbers(2000 * 64),
        targets: numbers(2000 * 10),
        ..Examples::default()
    };
    let config = Config {
        network: NetworkConfig {
            hidden: tanh_layers(&[128, 64]),
            init: Init::XavierUniform,
            ..Default::default()
        },
        training: TrainingConfig { shuffle: false, ..Default::default() },
        ..Config::default()
    };
    Session::with_data(config, train, Examples::default()).expect("a valid workload")
}

/// W4: the digits the page reads, standardized, with the page's preset
/// network and batch size, trained by plain SGD (bench/workloads.mjs).
fn w4() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/digits.csv");
    let bytes = std::fs::read(path).expect("www/data/digits.csv");
    let table = Table::read(&bytes, ReadOptions::default()).expect("the digits file reads");
    let selection = Selection {
        inputs: (0..64).collect(),
        target: 64,
        kind: TargetKind::Classes,
        standardize: true,
    };
    let data = table.data(&selection).expect("64 inputs and a class");
    let config = Config {
        data: DataConfig { train_fraction: 0.8, ..Default::default() },
        network: NetworkConfig {
            hidden: vec![HiddenLayer { neurons: 32, activation: Activation::Relu }],
            output_activation: Activation::Softmax,
            loss: Loss::SoftmaxCe,
            ..Default::default()
        },
        training: TrainingConfig {
            optimizer: Optimizer::Sgd,
            batch_size: 32,
            shuffle: false,
            ..Default::default()
        },
        ..Config::default()
    };
    let session = Session::with_table(config, data).expect("a valid workload");
    assert_eq!(session.train_set().len(), 1438, "W4 trains on 80 % of the 1,797 digits");
    session
}

fn train(c: &mut Criterion) {
    let mut group = c.benchmark_group("train");
    for (name, mut session) in [
        ("W1", Session::new(workload(DatasetKind::Circle, &[4, 2])).unwrap()),
        ("W2", Session::new(workload(DatasetKind::Spiral, &[8; 6])).unwrap()),
        ("W3", w3()),
        ("W4", w4()),
    ] {
        // Training alone, as the peers are timed.
        session.set_record_metrics(false);
        group.throughput(Throughput::Elements(session.train_set().len() as u64));
        group.bench_function(name, |b| b.iter(|| session.train_epochs(1)));
    }
    group.finish();
}

/// One CG iteration (a full-batch epoch: its gradient and its line search)
/// and one evolution-strategy step (a batch of 10, 8 pairs: 16 forward
/// passes besides the batch's own) on the W2 network, defaults otherwise.
fn searches(c: &mut Criterion) {
    for (name, optimizer) in [("cg/W2", "cg"), ("evolution/W2", "evolution")] {
        let mut config = workload(DatasetKind::Spiral, &[8; 6]);
        config.training.optimizer = Optimizer::from_name(optimizer).expect("a listed optimizer");
        let mut session = Session::new(config).unwrap();
        session.set_record_metrics(false);
        c.bench_function(name, |b| b.iter(|| session.train_batches(1)));
    }
}

fn grid(c: &mut Criterion) {
    let mut session = Session::new(workload(DatasetKind::Spiral, &[8; 6])).unwrap();
    let mut out = Vec::new();
    c.bench_function("grid/G", |b| b.iter(|| session.evaluate_grid(100, &mut out)));
}

/// The gradient-health statistics of one W2 epoch alone (its batches' sums
/// and the record), to set against `train/W2`, which includes them.
fn health(c: &mut Criterion) {
    let mut session = Session::new(workload(DatasetKind::Spiral, &[8; 6])).unwrap();
    session.train_epochs(1);
    let (network, trainer) = (session.network(), session.trainer());
    let batches = session.train_set().len().div_ceil(trainer.settings().batch_size);
    let mut sums = HealthAccumulator::new(network.layout());
    c.bench_function("health/W2", |b| {
        b.iter(|| {
            for _ in 0..batches {
                sums.add_batch(network, trainer.trace(), trainer.gradients(), 0.03, 1.0, false);
            }
            sums.finish(network, 1, 250)
        })
    });
}

/// A 41 × 41 loss landscape of the W2 network (random directions, range 1),
/// as the page's panel computes it (bench/frame.mjs times it in Chromium).
fn landscape(c: &mut Criterion) {
    let mut session = Session::new(workload(DatasetKind::Spiral, &[8; 6])).unwrap();
    session.train_epochs(5);
    let mut group = c.benchmark_group("landscape");
    group.sample_size(10);
    group.bench_function("W2", |b| {
        b.iter(|| session.landscape(Directions::Random { seed: 1 }, 41, Some(1.0)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, train, grid, searches, health, landscape);
criterion_main!(benches);

//! Training throughput of the workloads in the performance notes:
//! W1 (Playground's default 2 → [4, 2] → 1 on circle) and W2 (its largest,
//! 2 → [8 × 6] → 1 on spiral): plain SGD, learning rate 0.03, batches of 10,
//! tanh everywhere, squared error, examples in a fixed order.

use backprop_lab::rng::{Stream, stream};
use backprop_lab::{Activation, Config, DatasetKind, HiddenLayer, Network, Session, Trainer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn workload(dataset: DatasetKind, hidden: &[usize]) -> Config {
    Config {
        dataset,
        hidden: hidden
            .iter()
            .map(|&neurons| HiddenLayer { neurons, activation: Activation::Tanh })
            .collect(),
        shuffle: false,
        ..Config::default()
    }
}

fn train_epochs(c: &mut Criterion) {
    let mut group = c.benchmark_group("train_epoch");
    for (name, config) in [
        ("W1", workload(DatasetKind::Circle, &[4, 2])),
        ("W2", workload(DatasetKind::Spiral, &[8; 6])),
    ] {
        let session = Session::new(config.clone()).unwrap();
        let data = session.train_set().clone();
        let mut network: Network = session.network().clone();
        let settings = *session.trainer().settings();
        let mut trainer = Trainer::new(&network, data.len(), settings, stream(1, Stream::Shuffle));
        group.throughput(Throughput::Elements(data.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..data.len().div_ceil(config.batch_size) {
                    trainer.train_batch(&mut network, &data);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, train_epochs);
criterion_main!(benches);

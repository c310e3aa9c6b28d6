//! The built-in data sets: sizes, labels, bounds, encodings and determinism.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::dataset::{self, EXTENT, Examples, Labels, Points, generate, target_range};
use backprop_lab::rng::{Stream, stream};
use backprop_lab::{Activation, Config, DataConfig, DatasetKind, Feature, Loss, Problem, Session};

fn points(kind: DatasetKind, noise: f64, seed: u64) -> Points {
    generate(kind, 300, noise, 4, &mut stream(seed, Stream::Data))
}

#[test]
fn every_data_set_has_its_size_labels_and_bounds() {
    for kind in DatasetKind::ALL {
        let p = points(kind, 0.0, 3);
        assert_eq!(p.len(), 300, "{kind:?}");
        assert_eq!(p.dims, kind.dims());
        assert!(p.coords.iter().all(|c| c.abs() <= EXTENT), "{kind:?} leaves the plane");
        match (&p.labels, kind.problem()) {
            (Labels::Classes { count, of }, Problem::Binary | Problem::Multiclass) => {
                let expected = if kind.problem() == Problem::Binary { 2 } else { 4 };
                assert_eq!(*count, expected, "{kind:?}");
                for class in 0..*count {
                    let n = of.iter().filter(|&&c| c == class).count();
                    assert_eq!(n, 300 / count, "{kind:?}: class {class} has {n} points");
                }
            }
            (Labels::Values(v), Problem::Regression) => {
                assert_eq!(v.len(), 300);
                assert!(v.iter().all(|v| v.abs() <= 1.0), "{kind:?} values outside [-1, 1]");
            }
            (labels, problem) => panic!("{kind:?}: {problem:?} with {labels:?}"),
        }
    }
}

#[test]
fn clean_two_class_sets_are_separable_by_their_rule() {
    type Rule = fn(f64, f64) -> usize;
    let rule: [(DatasetKind, Rule); 3] = [
        (DatasetKind::Circle, |x, y| usize::from(x * x + y * y < 9.0)),
        (DatasetKind::Xor, |x, y| usize::from(x * y > 0.0)),
        (DatasetKind::Gauss, |x, y| usize::from(x + y > 0.0)),
    ];
    for (kind, class_of) in rule {
        let p = points(kind, 0.0, 8);
        let Labels::Classes { of, .. } = &p.labels else { unreachable!() };
        let right =
            (0..p.len()).filter(|&i| class_of(p.point(i)[0], p.point(i)[1]) == of[i]).count();
        let needed = if kind == DatasetKind::Gauss { 0.97 } else { 1.0 };
        assert!(right as f64 >= needed * p.len() as f64, "{kind:?}: {right} of {}", p.len());
    }
}

#[test]
fn noise_moves_points_but_not_classes() {
    let clean = points(DatasetKind::Spiral, 0.0, 5);
    let noisy = points(DatasetKind::Spiral, 0.5, 5);
    assert_eq!(clean.labels, noisy.labels);
    assert_ne!(clean.coords, noisy.coords);
}

#[test]
fn the_same_seed_gives_the_same_points() {
    for kind in DatasetKind::ALL {
        assert_eq!(points(kind, 0.3, 11), points(kind, 0.3, 11), "{kind:?}");
        assert_ne!(points(kind, 0.3, 11), points(kind, 0.3, 12), "{kind:?}");
    }
}

#[test]
fn features_are_computed_from_the_point() {
    let (x1, x2): (f64, f64) = (1.5, -2.0);
    let expected = [x1, x2, x1 * x1, x2 * x2, x1 * x2, x1.sin(), x2.sin(), x1.cos(), x2.cos()];
    for (feature, want) in Feature::ALL.into_iter().zip(expected) {
        assert!((feature.value(x1, x2) - want).abs() < 1e-15, "{feature:?}");
        assert_eq!(Feature::from_name(feature.name()), Some(feature));
    }
}

#[test]
fn targets_are_encoded_as_each_loss_needs() {
    let p = points(DatasetKind::Blobs, 0.0, 2);
    let idx: Vec<usize> = (0..8).collect();
    let features = [Feature::X1, Feature::X2];
    let Labels::Classes { of, .. } = &p.labels else { unreachable!() };

    let one_hot = Examples::encode(&p, &idx, &features, Loss::SoftmaxCe, Activation::Softmax);
    assert_eq!(one_hot.n_outputs, 4);
    for (e, &i) in idx.iter().enumerate() {
        let row = one_hot.target(e);
        assert_eq!(row.iter().sum::<f64>(), 1.0);
        assert_eq!(row[of[i]], 1.0);
    }
    let hinge = Examples::encode(&p, &idx, &features, Loss::Hinge, Activation::Tanh);
    assert!(hinge.targets.iter().all(|&t| t == 1.0 || t == -1.0));
    assert_eq!(hinge.targets.iter().filter(|&&t| t == 1.0).count(), 8);

    let two = points(DatasetKind::Xor, 0.0, 2);
    let mse = Examples::encode(&two, &idx, &features, Loss::Mse, Activation::Tanh);
    assert_eq!(mse.n_outputs, 1);
    assert!(mse.targets.iter().all(|&t| t == 1.0 || t == -1.0));
    let bce = Examples::encode(&two, &idx, &features, Loss::Bce, Activation::Sigmoid);
    assert!(bce.targets.iter().all(|&t| t == 1.0 || t == 0.0));
    for e in 0..8 {
        // Class 1 is the high target under either encoding.
        assert_eq!(mse.target(e)[0] == 1.0, bce.target(e)[0] == 1.0);
    }
    let softmax = Examples::encode(&two, &idx, &features, Loss::SoftmaxCe, Activation::Softmax);
    assert_eq!(softmax.n_outputs, 2);
    assert_eq!(target_range(Loss::Mse, Activation::Sigmoid), (0.0, 1.0));
}

#[test]
fn the_split_follows_the_training_share() {
    let (train, test) = dataset::split(500, 0.3, &mut stream(1, Stream::Split));
    assert_eq!((train.len(), test.len()), (150, 350));
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort();
    assert_eq!(all, (0..500).collect::<Vec<_>>());
    let (train, test) = dataset::split(500, 1.0, &mut stream(1, Stream::Split));
    assert_eq!((train.len(), test.len()), (500, 0));
}

#[test]
fn a_session_without_test_points_reports_no_test_metrics() {
    let session = Session::new(Config {
        data: DataConfig { train_fraction: 1.0, ..Default::default() },
        ..Config::default()
    })
    .unwrap();
    let m = session.history()[0];
    assert_eq!(m.test_loss, None);
    assert_eq!(m.test_accuracy, None);
    assert!(m.train_accuracy.is_some());
}

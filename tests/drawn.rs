//! Points the user draws: every bad number named with its point, too few to
//! train on refused, a split that moves at most one other point when one
//! is drawn or erased, new points under a running network that keeps its
//! weights, and a drawn run through live changes, the timeline and a file.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::config::MAX_SAMPLES;
use backprop_lab::dataset::{Labels, Points};
use backprop_lab::session::drawn::{check_trainable, label_numbers, points_for, split};
use backprop_lab::{Config, DatasetKind, Feature, Optimizer, Session, Split};

/// Two classes side by side: class 0 on the left (x1 < −1), class 1 on the right.
fn two_sides(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut coords = Vec::new();
    let mut labels = Vec::new();
    for i in 0..n {
        let class = i % 2;
        let x1 = if class == 0 { -4.0 } else { 2.0 } + (i % 7) as f64 * 0.3;
        coords.extend([x1, -5.0 + (i % 11) as f64]);
        labels.push(class as f64);
    }
    (coords, labels)
}

fn drawn_session(config: Config, n: usize) -> Session {
    let (coords, labels) = two_sides(n);
    Session::with_points(config.clone(), points_for(&config, &coords, &labels).unwrap()).unwrap()
}

fn message(result: Result<impl std::fmt::Debug, backprop_lab::Error>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn every_bad_number_is_named_with_its_point() {
    let c = Config::default();
    let nan = message(points_for(&c, &[0.0, 0.0, f64::NAN, 1.0], &[0.0, 1.0]));
    assert_eq!(
        nan,
        "point 2, x1: NaN is not allowed; expected a number from −6 to 6 (the plane shown)"
    );
    let far = message(points_for(&c, &[0.0, 7.0], &[1.0]));
    assert_eq!(
        far,
        "point 1, x2: 7 is not allowed; expected a number from −6 to 6 (the plane shown)"
    );
    assert_eq!(
        message(points_for(&c, &[0.0, 0.0, 1.0, 1.0], &[0.0, 2.0])),
        "point 2, class: 2 is not allowed; expected one of the 2 classes, 0 to 1"
    );
    assert!(message(points_for(&c, &[0.0, 0.0], &[0.5])).starts_with("point 1, class: 0.5"));
    assert_eq!(
        message(points_for(&c, &[0.0, 0.0, 1.0], &[0.0, 1.0])),
        "point coordinates: expected 4 values, got 3"
    );
    let mut plane = Config::default();
    plane.data.dataset = DatasetKind::Plane;
    plane.network.output_activation = backprop_lab::Activation::Linear;
    assert!(
        message(points_for(&plane, &[1.0, 1.0], &[f64::INFINITY]))
            .starts_with("point 1, value: inf is not allowed")
    );
    let too_many = vec![0.0; MAX_SAMPLES + 1];
    assert_eq!(
        message(points_for(&plane, &[too_many.clone(), too_many.clone()].concat(), &too_many)),
        format!(
            "points: {} is not allowed; expected at most {MAX_SAMPLES} points",
            MAX_SAMPLES + 1
        )
    );
    // One dimension: one coordinate a point.
    let mut sine = plane.clone();
    sine.data.dataset = DatasetKind::Sine;
    sine.network.features = vec![Feature::X1];
    let line = points_for(&sine, &[-6.0, 6.0], &[0.5, -1.5]).unwrap();
    assert_eq!((line.dims, line.len()), (1, 2));
    // Multiclass: as many classes as the config has.
    let mut blobs = Config::default();
    blobs.data.dataset = DatasetKind::Blobs;
    blobs.data.classes = 4;
    assert!(points_for(&blobs, &[0.0, 0.0], &[3.0]).is_ok());
    assert!(points_for(&blobs, &[0.0, 0.0], &[4.0]).is_err());
}

#[test]
fn too_few_points_to_train_on_are_named() {
    let c = Config::default();
    let none = points_for(&c, &[], &[]).unwrap();
    assert_eq!(
        message(check_trainable(&none)),
        "points: none is not allowed; expected at least one point to train on"
    );
    let one_class = points_for(&c, &[0.0, 0.0, 1.0, 1.0], &[1.0, 1.0]).unwrap();
    let text = message(Session::with_points(c.clone(), one_class));
    assert_eq!(
        text,
        "points: all of one class is not allowed; expected points of at least two classes to tell apart"
    );
    let two = points_for(&c, &[0.0, 0.0, 1.0, 1.0], &[1.0, 0.0]).unwrap();
    let session = Session::with_points(c, two).unwrap();
    assert_eq!(session.train_set().len() + session.test_set().len(), 2);
    assert_eq!(session.train_set().len(), 1);
}

/// Which points are for training, as a set of their numbers.
fn training_points(points: &Points, fraction: f64, seed: u64) -> Vec<Vec<u64>> {
    let labels = label_numbers(points);
    let (train, _) = split(points, fraction, seed);
    let mut set: Vec<Vec<u64>> = train
        .iter()
        .map(|&i| points.point(i).iter().chain([&labels[i]]).map(|v| v.to_bits()).collect())
        .collect();
    set.sort();
    set
}

#[test]
fn the_split_moves_at_most_one_other_point_when_one_is_drawn_or_erased() {
    let c = Config::default();
    let mut rng = 12345u64;
    let mut next = || {
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((rng >> 11) as f64 / (1u64 << 53) as f64) * 12.0 - 6.0
    };
    let (mut coords, mut labels) = (Vec::new(), Vec::new());
    for n in 0..200 {
        let before = points_for(&c, &coords, &labels).unwrap();
        coords.extend([next(), next()]);
        labels.push((n % 2) as f64);
        let after = points_for(&c, &coords, &labels).unwrap();
        let drawn: Vec<u64> =
            coords[2 * n..].iter().chain([&labels[n]]).map(|v| v.to_bits()).collect();
        for fraction in [0.3, 0.5, 0.8] {
            let old = training_points(&before, fraction, 7);
            let new: Vec<Vec<u64>> =
                training_points(&after, fraction, 7).into_iter().filter(|p| *p != drawn).collect();
            // Of the points drawn before, at most one changes sides.
            let moved = old.iter().filter(|p| !new.contains(p)).count()
                + new.iter().filter(|p| !old.contains(p)).count();
            assert!(moved <= 1, "{moved} points changed sides after point {}", n + 1);
            let (train, test) = split(&after, fraction, 7);
            assert_eq!(train.len(), ((after.len() as f64 * fraction).round() as usize).max(1));
            assert_eq!(train.len() + test.len(), after.len());
            assert!(train.windows(2).all(|w| w[0] < w[1]), "in drawing order");
        }
    }
    // Erasing any one point: at most one other changes sides.
    let all = points_for(&c, &coords, &labels).unwrap();
    let full = training_points(&all, 0.5, 7);
    for erased in (0..labels.len()).step_by(13) {
        let mut c2 = coords.clone();
        c2.drain(2 * erased..2 * erased + 2);
        let mut l2 = labels.clone();
        l2.remove(erased);
        let fewer = training_points(&points_for(&c, &c2, &l2).unwrap(), 0.5, 7);
        let gone = all.point(erased).iter().chain([&labels[erased]]).map(|v| v.to_bits());
        let gone: Vec<u64> = gone.collect();
        let kept: Vec<&Vec<u64>> = full.iter().filter(|p| **p != gone).collect();
        let moved = kept.iter().filter(|p| !fewer.contains(p)).count()
            + fewer.iter().filter(|p| !kept.contains(p)).count();
        assert!(moved <= 1, "erasing point {erased} moved {moved} others");
    }
    // The order the points were drawn in does not matter; the seed does.
    let reversed_coords: Vec<f64> = coords.chunks(2).rev().flatten().copied().collect();
    let reversed_labels: Vec<f64> = labels.iter().rev().copied().collect();
    let reversed = points_for(&c, &reversed_coords, &reversed_labels).unwrap();
    assert_eq!(training_points(&reversed, 0.5, 7), full);
    assert_ne!(training_points(&all, 0.5, 8), full);
}

#[test]
fn new_points_go_under_the_running_network_which_keeps_its_weights() {
    let mut config = Config::default();
    config.training.optimizer = Optimizer::from_name("adam").unwrap();
    let mut session = Session::new(config.clone()).unwrap();
    session.train_batches(37);
    let params = session.network().params().to_vec();
    let optimizer = session.trainer().optimizer().clone();
    let (examples, history) = (session.trainer().progress().examples, session.history().len());
    let (coords, labels) = two_sides(40);
    session.set_points(points_for(&config, &coords, &labels).unwrap()).unwrap();
    assert!(session.drawn());
    assert_eq!(session.network().params(), params);
    assert_eq!(session.trainer().optimizer(), &optimizer);
    let progress = session.trainer().progress();
    assert_eq!((progress.examples, progress.cursor), (examples, 0));
    assert_eq!(progress.order.len(), 20);
    assert_eq!(session.train_set().len() + session.test_set().len(), 40);
    assert_eq!(session.history().len(), history + 1, "the metrics on the new points");
    assert_eq!(session.history().last().unwrap().examples, examples);
    // It trains on them, and learns the two sides.
    session.train_epochs(300);
    let metrics = session.history().last().unwrap();
    assert_eq!(metrics.train_accuracy, Some(1.0));
    assert_eq!(metrics.test_accuracy, Some(1.0));
    // The data as CSV: the points in drawing order.
    let csv = session.data_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("x1,x2,class"));
    assert_eq!(lines.next(), Some("-4,-5,0"));
    assert_eq!(lines.next(), Some("2.3,-4,1"));
}

#[test]
fn points_that_cannot_be_trained_on_change_nothing() {
    let config = Config::default();
    let mut session = drawn_session(config.clone(), 30);
    session.train_batches(5);
    let (params, train, history) =
        (session.network().params().to_vec(), session.train_set().clone(), session.history().len());
    let one_class = points_for(&config, &[1.0, 1.0, 2.0, 2.0], &[0.0, 0.0]).unwrap();
    assert!(session.set_points(one_class).is_err());
    assert!(session.set_points(points_for(&config, &[], &[]).unwrap()).is_err());
    // Points of another kind of data (values, one coordinate) do not fit.
    let line = Points { dims: 1, coords: vec![0.0], labels: Labels::Values(vec![0.0]) };
    assert!(message(session.set_points(line)).contains("points of 2 for the circle data set"));
    assert_eq!(session.network().params(), params);
    assert_eq!(session.train_set(), &train);
    assert_eq!(session.history().len(), history);
    // A table's run cannot take drawn points.
    let csv = b"a,b,y\n0,0,x\n1,1,z\n2,2,x\n";
    let table = backprop_lab::table::Table::read(csv, Default::default()).unwrap();
    let selection = backprop_lab::table::Selection {
        inputs: vec![0, 1],
        target: 2,
        kind: backprop_lab::table::TargetKind::Auto,
        standardize: false,
    };
    let mut on_table =
        Session::with_table(config.clone(), table.data(&selection).unwrap()).unwrap();
    let (coords, labels) = two_sides(4);
    let text = message(on_table.set_points(points_for(&config, &coords, &labels).unwrap()));
    assert!(text.contains("a generated data set's plane"), "{text}");
}

#[test]
fn live_changes_keep_the_drawn_points() {
    let mut session = drawn_session(Config::default(), 40);
    session.train_epochs(3);
    let points = session.points().unwrap().clone();
    // Generated sets' settings do not bring generated points back.
    let mut config = session.config().clone();
    config.data.samples = 300;
    config.data.noise = 0.3;
    config.training.learning_rate = 0.1;
    let params = session.network().params().to_vec();
    session.reconfigure(config.clone()).unwrap();
    assert_eq!(session.points(), Some(&points));
    assert_eq!(session.network().params(), params);
    // A new training share splits them anew and keeps the network.
    config.data.train_fraction = 0.8;
    session.reconfigure(config.clone()).unwrap();
    assert_eq!(session.train_set().len(), 32);
    assert_eq!(session.trainer().progress().order.len(), 32);
    assert_eq!(session.network().params(), params);
    session.train_epochs(1);
    // A new feature: encoded anew from the drawn points.
    config.network.features.push(Feature::X1Squared);
    session.reconfigure(config.clone()).unwrap();
    assert_eq!(session.train_set().n_inputs, 3);
    let e = 5;
    let x1 = session.train_set().points[2 * e];
    assert_eq!(session.train_set().input(e)[2], x1 * x1);
    // Reset: the same points, the seed's first weights.
    session.reset();
    assert!(session.drawn());
    assert_eq!(session.points(), Some(&points));
    // A new seed: the same points split anew, from new weights.
    let before = session.train_set().points.clone();
    config.seed = 99;
    session.reconfigure(config.clone()).unwrap();
    assert!(session.drawn());
    assert_eq!(session.points(), Some(&points));
    assert_ne!(session.train_set().points, before);
    // Classes the points do not have room for are refused, nothing changed.
    let mut blobs = Config::default();
    blobs.data.dataset = DatasetKind::Blobs;
    blobs.data.classes = 4;
    blobs.network.loss = backprop_lab::Loss::SoftmaxCe;
    blobs.network.output_activation = backprop_lab::Activation::Softmax;
    let coords = [0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
    let points = points_for(&blobs, &coords, &[0.0, 1.0, 2.0, 3.0]).unwrap();
    let mut four = Session::with_points(blobs.clone(), points).unwrap();
    blobs.data.classes = 3;
    let text = message(four.reconfigure(blobs.clone()));
    assert_eq!(text, "point 4, class: 3 is not allowed; expected one of the 3 classes, 0 to 2");
    assert_eq!(four.config().data.classes, 4);
    blobs.data.classes = 5;
    four.reconfigure(blobs).unwrap();
    assert_eq!(four.network().layout().outputs(), 5);
}

#[test]
fn the_timeline_looks_back_across_a_change_of_points() {
    let mut session = drawn_session(Config::default(), 30);
    session.train_epochs(4);
    let (coords, labels) = two_sides(50);
    let config = session.config().clone();
    session.set_points(points_for(&config, &coords, &labels).unwrap()).unwrap();
    session.train_epochs(2);
    // Epoch 2, with the points of then gone: its network over the points now.
    let mut past = session.at(2).unwrap();
    assert_eq!(past.trainer().progress().epochs, 2);
    assert_eq!(past.trainer().progress().order.len(), session.train_set().len());
    past.train_epochs(1);
    assert_eq!(past.trainer().progress().epochs, 3);
    // Going back to the last finite state works after a change of points too.
    session.restore_last_finite().unwrap();
    let (_, _) = session.example(Split::Train, 0).unwrap();
}

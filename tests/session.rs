//! Changing a running session: what is kept, what starts afresh, and bad input.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, Feature, HiddenLayer, Loss, NetworkConfig,
    Optimizer, Param, Schedule, Session, Trace, TrainingConfig,
};

fn trained(config: Config) -> Session {
    let mut session = Session::new(config).unwrap();
    session.train_epochs(3);
    session
}

#[test]
fn training_settings_change_without_touching_the_network() {
    let mut session = trained(Config::default());
    let params = session.network().params().to_vec();
    let history = session.history().len();
    let config = Config {
        training: TrainingConfig {
            learning_rate: 0.3,
            optimizer: Optimizer::from_name("adam").unwrap(),
            schedule: Schedule::Exponential { gamma: 0.9 },
            batch_size: 25,
            ..session.config().training
        },
        ..session.config().clone()
    };
    session.reconfigure(config).unwrap();
    assert_eq!(session.network().params(), params);
    assert_eq!(session.history().len(), history);
    assert_eq!(session.trainer().progress().epochs, 3);
    assert_eq!(session.trainer().optimizer().optimizer().name(), "adam");
    assert_eq!(session.trainer().optimizer().steps(), 0, "a new optimizer starts fresh");
    session.train_epochs(1);
    assert_eq!(session.trainer().progress().batches, 75 + 10);
}

#[test]
fn a_new_neuron_keeps_every_weight_that_fits() {
    let mut session = trained(Config::default());
    let before = session.network().clone();
    let mut config = session.config().clone();
    config.network.hidden[0].neurons = 5;
    session.reconfigure(config).unwrap();
    let after = session.network();
    assert_eq!(after.layout().sizes(), [2, 5, 2, 1]);
    for j in 0..4 {
        for i in 0..2 {
            let w = |n: &backprop_lab::Network| {
                n.params()
                    [n.layout().index(Param::Weight { layer: 0, neuron: j, input: i }).unwrap()]
            };
            assert_eq!(w(after), w(&before));
        }
    }
    // Layer 1 keeps its 2×4 block; the column for the new neuron is new.
    for j in 0..2 {
        for i in 0..4 {
            let idx = |n: &backprop_lab::Network| {
                n.layout().index(Param::Weight { layer: 1, neuron: j, input: i }).unwrap()
            };
            assert_eq!(after.params()[idx(after)], before.params()[idx(&before)]);
        }
    }
    assert_eq!(after.weights(2), before.weights(2), "the output layer is kept");
    // Training goes on with the optimizer state carried over.
    assert_eq!(session.trainer().progress().epochs, 3);
    session.train_epochs(1);
}

#[test]
fn adding_and_removing_layers_keeps_the_output_layer() {
    let mut session = trained(Config::default());
    let output = session.network().weights(2).to_vec();
    let mut config = session.config().clone();
    config.network.hidden.push(HiddenLayer { neurons: 2, activation: Activation::Relu });
    session.reconfigure(config.clone()).unwrap();
    assert_eq!(session.network().layout().sizes(), [2, 4, 2, 2, 1]);
    assert_eq!(session.network().weights(3), output);
    config.network.hidden.clear();
    session.reconfigure(config).unwrap();
    assert_eq!(session.network().layout().sizes(), [2, 1]);
    session.train_epochs(2);
    assert!(session.history().last().unwrap().is_finite());
}

#[test]
fn a_new_feature_keeps_the_weights_of_the_old_ones() {
    let mut session = trained(Config::default());
    let w = session.network().weights(0).to_vec(); // 4 rows of [x1, x2]
    let mut config = session.config().clone();
    config.network.features = vec![Feature::X1Squared, Feature::X1, Feature::X2];
    session.reconfigure(config).unwrap();
    let new = session.network().weights(0);
    for j in 0..4 {
        assert_eq!(&new[j * 3 + 1..j * 3 + 3], &w[j * 2..j * 2 + 2]);
    }
    assert_eq!(session.train_set().n_inputs, 3);
    assert_eq!(session.train_set().input(0)[0], session.train_set().input(0)[1].powi(2));
}

#[test]
fn an_activation_change_keeps_the_weights() {
    let mut session = trained(Config::default());
    let params = session.network().params().to_vec();
    let mut config = session.config().clone();
    config.network.hidden[1].activation = Activation::Relu;
    session.reconfigure(config).unwrap();
    assert_eq!(session.network().params(), params);
    assert_eq!(session.network().activations()[1], Activation::Relu);
}

#[test]
fn a_loss_change_re_encodes_the_targets() {
    let mut session = trained(Config::default());
    let config = Config {
        network: NetworkConfig {
            loss: Loss::SoftmaxCe,
            output_activation: Activation::Softmax,
            ..session.config().network.clone()
        },
        ..session.config().clone()
    };
    session.reconfigure(config).unwrap();
    assert_eq!(session.network().layout().outputs(), 2);
    assert!(session.train_set().targets.iter().all(|&t| t == 0.0 || t == 1.0));
    session.train_epochs(1);
}

#[test]
fn new_data_or_seed_starts_afresh() {
    let mut session = trained(Config::default());
    session
        .reconfigure(Config {
            data: DataConfig { dataset: DatasetKind::Xor, ..session.config().data.clone() },
            ..session.config().clone()
        })
        .unwrap();
    assert_eq!(session.trainer().progress().epochs, 0);
    assert_eq!(session.history().len(), 1);
    let fresh = Session::new(session.config().clone()).unwrap();
    assert_eq!(session.network().params(), fresh.network().params());
}

#[test]
fn a_bad_change_is_refused_and_nothing_is_lost() {
    let mut session = trained(Config::default());
    let params = session.network().params().to_vec();
    let config = session.config().clone();
    let error = session
        .reconfigure(Config {
            training: TrainingConfig { learning_rate: -3.0, ..config.training },
            ..config.clone()
        })
        .unwrap_err();
    assert_eq!(error.field(), Some("learning_rate"));
    assert_eq!(session.config(), &config);
    assert_eq!(session.network().params(), params);
}

#[test]
fn weights_and_biases_can_be_set_by_hand() {
    let mut session = Session::new(Config::default()).unwrap();
    session.set_param(Param::Bias { layer: 2, neuron: 0 }, -0.25).unwrap();
    assert_eq!(session.network().biases(2), [-0.25]);
    session.set_param(Param::Weight { layer: 0, neuron: 3, input: 1 }, 2.0).unwrap();
    assert_eq!(session.network().weights(0)[7], 2.0);
    let error =
        session.set_param(Param::Weight { layer: 0, neuron: 4, input: 0 }, 1.0).unwrap_err();
    assert!(error.to_string().contains("a weight or bias of this network"), "{error}");
    let error = session.set_param(Param::Bias { layer: 0, neuron: 0 }, f64::NAN).unwrap_err();
    assert!(error.to_string().contains("a finite number"), "{error}");
}

#[test]
fn a_checkpoint_brings_back_an_earlier_moment() {
    let mut session = trained(Config::default());
    let checkpoint = session.checkpoint();
    let params = session.network().params().to_vec();
    let history = session.history().to_vec();
    session.train_epochs(4);
    session.restore(&checkpoint).unwrap();
    assert_eq!(session.network().params(), params);
    assert_eq!(session.history(), history);
    // Training from the checkpoint repeats what happened the first time.
    let mut again = trained(Config::default());
    again.train_epochs(4);
    session.train_epochs(4);
    assert_eq!(session.network().params(), again.network().params());
}

#[test]
fn reset_draws_the_same_initial_network() {
    let mut session = trained(Config::default());
    session.reset();
    let fresh = Session::new(Config::default()).unwrap();
    assert_eq!(session.network().params(), fresh.network().params());
    assert_eq!(session.history(), fresh.history());
}

#[test]
fn given_data_sets_the_input_and_output_widths() {
    use backprop_lab::Examples;
    // 64 inputs, 10 outputs: wider than any feature set.
    let n = 40;
    let inputs: Vec<f64> = (0..n * 64).map(|i| ((i * 37 % 101) as f64 / 50.0) - 1.0).collect();
    let targets: Vec<f64> =
        (0..n * 10).map(|i| if i % 10 == (i / 10) % 10 { 1.0 } else { 0.0 }).collect();
    let train = Examples { n_inputs: 64, n_outputs: 10, inputs, targets, ..Examples::default() };
    let config = Config {
        network: NetworkConfig {
            hidden: vec![HiddenLayer { neurons: 16, activation: Activation::Tanh }],
            output_activation: Activation::Linear,
            ..Default::default()
        },
        ..Config::default()
    };
    let mut session =
        Session::with_data(config.clone(), train.clone(), Examples::default()).unwrap();
    assert_eq!(session.network().layout().sizes(), [64, 16, 10]);
    let start = session.history()[0].train_loss;
    session.train_epochs(50);
    assert!(session.history().last().unwrap().train_loss < start);
    // A new hidden layer keeps the data's widths and the weights that fit.
    let first = session.network().weights(0).to_vec();
    let mut wider = config.clone();
    wider.network.hidden.push(HiddenLayer { neurons: 8, activation: Activation::Relu });
    session.reconfigure(wider).unwrap();
    assert_eq!(session.network().layout().sizes(), [64, 16, 8, 10]);
    assert_eq!(session.network().weights(0), first);
    // Mismatched widths are refused with a message.
    let bad = Examples { n_outputs: 3, ..train.clone() };
    let error = Session::with_data(config, train, bad).unwrap_err();
    assert!(
        error.to_string().contains("test set inputs per example")
            || error.to_string().contains("targets"),
        "{error}"
    );
}

#[test]
fn a_weight_seed_changes_the_starting_weights_and_keeps_the_points() {
    let base = Session::new(Config::default()).unwrap();
    let mut other = base.clone();
    let config = Config { weight_seed: Some(7), ..Config::default() };
    other.reconfigure(config).unwrap();
    assert_eq!(other.points(), base.points(), "the same points");
    assert_eq!(other.train_set(), base.train_set(), "the same split");
    assert_ne!(other.network().params(), base.network().params(), "other weights");
    // The weight seed alone decides the weights: seed 7's weights on seed 1's points.
    let seven = Session::new(Config { seed: 7, ..Config::default() }).unwrap();
    assert_eq!(other.network().params(), seven.network().params());
    // Unset, the weight seed is the seed: links made before it mean what they meant.
    let same = Config { weight_seed: Some(1), ..Config::default() };
    assert_eq!(Session::new(same).unwrap().network().params(), base.network().params());
}

/// A data set of `samples` points, split in half, with a small network.
fn large(samples: usize) -> Config {
    let mut config = Config::default();
    config.data = DataConfig { samples, ..config.data };
    config
}

/// The examples `indices` of `data`, as a set of their own.
fn subset(
    data: &backprop_lab::Examples,
    indices: impl Iterator<Item = usize>,
) -> backprop_lab::Examples {
    let (n_in, n_out) = (data.n_inputs, data.n_outputs);
    let mut out = backprop_lab::Examples {
        inputs: vec![],
        targets: vec![],
        classes: vec![],
        points: vec![],
        ..*data
    };
    for i in indices {
        out.inputs.extend_from_slice(&data.inputs[i * n_in..(i + 1) * n_in]);
        out.targets.extend_from_slice(&data.targets[i * n_out..(i + 1) * n_out]);
        out.classes.extend(data.classes.get(i));
    }
    out
}

#[test]
fn metrics_of_a_large_set_are_a_fixed_evenly_spaced_sample() {
    use backprop_lab::session::{METRICS_SAMPLE, evaluate};
    let mut session = Session::new(large(30_000)).unwrap();
    session.train_batches(50);
    assert_eq!(session.metrics_sample(), [(METRICS_SAMPLE, 15_000), (METRICS_SAMPLE, 15_000)]);
    let metrics = session.metrics();
    let c = session.config().network.clone();
    let mut trace = Trace::new(session.network().layout(), 64);
    let mut on = |data: &backprop_lab::Examples| {
        let sample = subset(data, (0..METRICS_SAMPLE).map(|k| k * data.len() / METRICS_SAMPLE));
        evaluate(session.network(), &sample, c.loss, c.output_activation, &mut trace)
    };
    let (train_loss, train_accuracy) = on(session.train_set());
    let (test_loss, test_accuracy) = on(session.test_set());
    assert_eq!(metrics.train_loss, train_loss);
    assert_eq!(metrics.train_accuracy, train_accuracy);
    assert_eq!(metrics.test_loss, Some(test_loss));
    assert_eq!(metrics.test_accuracy, test_accuracy);
    // Not the whole set: the sample's loss differs from the whole set's in its last digits at least.
    let (whole, _) =
        evaluate(session.network(), session.train_set(), c.loss, c.output_activation, &mut trace);
    assert_ne!(whole, train_loss);
    assert!(
        (whole - train_loss).abs() < 0.05 * whole,
        "a sample this size is close: {whole} and {train_loss}"
    );
}

#[test]
fn metrics_of_a_set_within_the_sample_size_use_every_example() {
    use backprop_lab::session::{METRICS_SAMPLE, evaluate};
    let mut session = Session::new(large(2 * METRICS_SAMPLE)).unwrap();
    session.train_batches(20);
    assert_eq!(session.metrics_sample(), [(METRICS_SAMPLE, METRICS_SAMPLE); 2]);
    let c = session.config().network.clone();
    let mut trace = Trace::new(session.network().layout(), 64);
    let (whole, _) =
        evaluate(session.network(), session.train_set(), c.loss, c.output_activation, &mut trace);
    assert_eq!(session.metrics().train_loss, whole);
}

#[test]
fn training_a_large_set_is_the_same_with_or_without_its_metrics() {
    let mut config = large(12_000);
    config.training.batch_size = 200;
    let mut measured = Session::new(config.clone()).unwrap();
    let mut bare = Session::new(config).unwrap();
    bare.set_record_metrics(false);
    measured.train_epochs(3);
    bare.train_epochs(3);
    assert_eq!(measured.history().len(), 4, "the start and three epochs");
    assert_eq!(measured.network().params(), bare.network().params());
}

#[test]
fn a_long_runs_history_is_thinned_and_stays_flat() {
    let mut config = Config::default();
    config.data.samples = 20;
    let mut session = Session::new(config).unwrap();
    session.train_epochs(9000);
    let history = session.history();
    assert!(history.len() <= 8192, "{}", history.len());
    assert_eq!(session.history_thinned(), 1);
    assert_eq!(history[0].epoch, 0, "the start stays");
    assert_eq!(history.last().unwrap().epoch, 9000, "the present stays");
    assert!(history.windows(2).all(|w| w[0].epoch < w[1].epoch), "in order");
    // The most recent thousand epochs are all there.
    assert!(history.iter().rev().take(1024).zip((7977..=9000).rev()).all(|(m, e)| m.epoch == e));
    // Going back to a checkpoint keeps the history up to it.
    let timeline_len = session.timeline().len();
    let past = session.at(timeline_len - 50).unwrap();
    let at = past.trainer().progress().examples;
    assert!(past.history().iter().all(|m| m.examples <= at));
    assert_eq!(past.history().last().unwrap().examples, at);
}

#[test]
fn metrics_measured_mid_epoch_are_the_networks_and_change_no_training() {
    let mut paused = Session::new(Config::default()).unwrap();
    let mut straight = paused.clone();
    paused.train_batches(37); // an epoch and a half of 25 batches
    assert!(paused.record_metrics_if_moved());
    assert!(!paused.record_metrics_if_moved(), "nothing trained since");
    let last = *paused.history().last().unwrap();
    assert_eq!(last.examples, paused.trainer().progress().examples);
    assert_eq!(last, paused.metrics());
    paused.train_batches(40);
    straight.train_batches(77);
    assert_eq!(paused.network().params(), straight.network().params(), "training is untouched");
}

#[test]
fn a_smaller_timeline_budget_thins_at_once_and_keeps_the_recent_moments() {
    let mut config = Config::default();
    config.data.samples = 20;
    let mut session = Session::new(config).unwrap();
    session.train_epochs(400);
    let full = session.timeline().len();
    assert_eq!(full, 401, "a checkpoint at the start and at every epoch's end");
    let one = session.timeline().bytes() / full;
    // Room for 150 checkpoints: the older part is thinned to fit.
    session.set_timeline_budget(150 * one);
    let timeline = session.timeline();
    assert!(timeline.bytes() <= 150 * one, "{} over {}", timeline.bytes(), 150 * one);
    assert!(timeline.len() < full && timeline.len() > 100);
    assert_eq!(timeline.entries()[0].epoch(), 0, "the start stays");
    let recent: Vec<u64> = timeline.entries().iter().rev().take(100).map(|c| c.epoch()).collect();
    assert_eq!(recent, (301..=400).rev().collect::<Vec<u64>>(), "the last hundred stay whole");
    // Training on keeps within it; the budget never changes a number trained.
    let mut unbudgeted = session.clone();
    unbudgeted.set_timeline_budget(backprop_lab::session::DEFAULT_BUDGET);
    session.train_epochs(100);
    unbudgeted.train_epochs(100);
    assert!(session.timeline().bytes() <= 150 * one);
    assert_eq!(session.network().params(), unbudgeted.network().params());
}

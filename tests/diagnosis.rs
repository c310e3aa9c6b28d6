//! Diagnoses: each fires on the trouble it names, with its numbers, and
//! never on the healthy default run.

mod common;

use backprop_lab::diagnosis::{self, Kind, Remedy};
use backprop_lab::health::{HealthRecord, LayerHealth};
use backprop_lab::{Activation, Config, Metrics, Session};

fn layer() -> LayerHealth {
    LayerHealth {
        activation_rms: 0.5,
        saturated: Some(0.1),
        dead: None,
        off: 0,
        delta_rms: 0.01,
        weight_grad_rms: 0.01,
        update_ratio_log10: Some(-3.0),
        grad_ratio: Some(0.03),
    }
}

fn record(epoch: u64, layers: Vec<LayerHealth>) -> HealthRecord {
    HealthRecord {
        epoch,
        examples: epoch * 100,
        batches: 10,
        grad_norm: 0.1,
        grad_norm_max: 0.2,
        clipped: 0,
        layers,
    }
}

fn kinds(health: &[HealthRecord], history: &[Metrics], diverged: bool) -> Vec<Kind> {
    diagnosis::diagnose(health, history, diverged).iter().map(|d| d.kind).collect()
}

#[test]
fn the_default_run_raises_no_diagnosis() {
    let mut session = Session::new(Config::default()).unwrap();
    for _ in 0..10 {
        session.train_epochs(50);
        assert_eq!(session.diagnoses(), [], "at epoch {}", session.trainer().progress().epochs);
    }
}

#[test]
fn switched_off_relus_are_not_diagnosed_dead() {
    // Half of a ReLU layer switched off: each gives 0 for every example, which
    // would be a dead share of 0.5, enough for the diagnosis.
    let mut session = Session::new(common::config_with(&[(4, Activation::Relu)])).unwrap();
    session.set_neuron_off(0, 1, true).unwrap();
    session.set_neuron_off(0, 3, true).unwrap();
    session.train_epochs(10);
    let now = session.health().last().unwrap();
    assert_eq!((now.layers[0].off, now.layers[0].dead), (2, Some(0.0)), "{:?}", now.layers[0]);
    assert!(session.health().iter().all(|r| r.layers[0].dead == Some(0.0)));
    assert_eq!(session.diagnoses(), []);
    // A truly dead one among those switched on is still named, its share of those on.
    let mut session = Session::new(common::config_with(&[(4, Activation::Relu)])).unwrap();
    session.set_neuron_off(0, 1, true).unwrap();
    session.set_neuron_off(0, 3, true).unwrap();
    let mut params = session.network().params().to_vec();
    params[session.network().layout().bias_index(0, 2)] = -1e3;
    session.set_params(&params).unwrap();
    session.train_epochs(3);
    let now = session.health().last().unwrap();
    assert_eq!((now.layers[0].off, now.layers[0].dead), (2, Some(0.5)), "{:?}", now.layers[0]);
    let dead = session.diagnoses();
    assert_eq!(dead.iter().map(|d| d.kind).collect::<Vec<_>>(), [Kind::DeadRelu]);
    assert!(dead[0].message.contains("(2 switched off, not counted)"), "{}", dead[0].message);
}

#[test]
fn eight_sigmoid_layers_have_vanishing_gradients_with_their_numbers() {
    let config = common::config_with(&[(4, Activation::Sigmoid); 8]);
    let mut session = Session::new(config).unwrap();
    session.train_epochs(2);
    assert_eq!(session.diagnoses(), [], "not before three epochs");
    session.train_epochs(1);
    let diagnoses = session.diagnoses();
    let vanishing = diagnoses.iter().find(|d| d.kind == Kind::Vanishing).expect("vanishing");
    let now = session.health().last().unwrap();
    let (first, last) = (now.layers[0].weight_grad_rms, now.layers[8].weight_grad_rms);
    assert!(first * 1e3 < last);
    assert_eq!(vanishing.layers[0], 0);
    let k = vanishing.layers.len();
    assert!(vanishing.message.starts_with(&format!("Vanishing gradients in layers 1–{k}:")));
    assert!(now.layers[k - 1].weight_grad_rms * 1e3 < last);
    assert!(now.layers[k].weight_grad_rms * 1e3 >= last, "layer {} is not named", k + 1);
    assert!(vanishing.message.contains(&diagnosis::number(first)), "{}", vanishing.message);
    assert_eq!(vanishing.chart, "weight_grad_rms");
    assert!(vanishing.remedies.contains(&Remedy::ReluHe));
    assert!(vanishing.remedies.contains(&Remedy::Adam));
}

#[test]
fn vanishing_needs_three_epochs_in_a_row() {
    let healthy = vec![layer(), layer()];
    let vanished = vec![LayerHealth { weight_grad_rms: 1e-6, ..layer() }, layer()];
    let mut health = vec![record(1, vanished.clone()), record(2, vanished.clone())];
    assert_eq!(kinds(&health, &[], false), []);
    health.push(record(3, vanished.clone()));
    let found = diagnosis::diagnose(&health, &[], false);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "Vanishing gradients in layer 1: the first layer's ∂L/∂W RMS is 1.00 × 10⁻⁶, 1.00 × 10⁴ \
         times smaller than the last layer's 0.0100, for 3 epochs, so the first layers barely learn."
    );
    health.push(record(4, healthy));
    assert_eq!(kinds(&health, &[], false), []);
}

#[test]
fn growing_norms_before_a_nan_are_exploding_gradients() {
    let mut config = common::config_with(&[(4, Activation::Tanh), (2, Activation::Tanh)]);
    config.network.output_activation = Activation::Linear;
    config.training.learning_rate = 3.0;
    let mut session = Session::new(config).unwrap();
    assert!(session.train_epochs(100).diverged);
    let diagnoses = session.diagnoses();
    assert_eq!(diagnoses.len(), 1, "after a NaN only this: {diagnoses:?}");
    let exploding = &diagnoses[0];
    assert_eq!(exploding.kind, Kind::Exploding);
    assert_eq!(exploding.remedies, [Remedy::LowerLearningRate, Remedy::Clip]);
    assert!(exploding.message.contains("grew from"), "{}", exploding.message);
    // Without the divergence, the same records are no diagnosis of explosion.
    assert!(!kinds(session.health(), &[], false).contains(&Kind::Exploding));
    // A divergence without growth first (one jump) is not called exploding.
    let flat_norms = vec![record(1, vec![layer()]), record(2, vec![layer()])];
    assert_eq!(kinds(&flat_norms, &[], true), []);
}

#[test]
fn numbers_are_written_as_the_page_writes_them() {
    let cases = [
        (0.0, "0"),
        (0.69, "0.690"),
        (-2.43, "−2.43"),
        (1234.5, "1234"),
        (12345.0, "1.23 × 10⁴"),
        (1.42e-8, "1.42 × 10⁻⁸"),
        (-9.996e5, "−1.00 × 10⁶"),
        (0.001, "0.00100"),
    ];
    for (v, want) in cases {
        assert_eq!(diagnosis::number(v), want, "{v}");
    }
}

#[test]
fn saturated_and_dead_layers_are_named() {
    let saturated = LayerHealth { saturated: Some(0.95), ..layer() };
    let dead = LayerHealth { saturated: None, dead: Some(0.75), ..layer() };
    let layers = vec![layer(), saturated, dead, layer()];
    let health: Vec<HealthRecord> = (1..=3).map(|e| record(e, layers.clone())).collect();
    let diagnoses = diagnosis::diagnose(&health, &[], false);
    assert_eq!(
        diagnoses.iter().map(|d| d.kind).collect::<Vec<_>>(),
        [Kind::Saturated, Kind::DeadRelu]
    );
    assert_eq!(diagnoses[0].layers, [1]);
    assert!(diagnoses[0].message.contains("95.0 % of layer 2's"), "{}", diagnoses[0].message);
    assert_eq!(diagnoses[1].layers, [2]);
    assert!(diagnoses[1].message.contains("75.0 % of layer 3's"), "{}", diagnoses[1].message);
    // A layer's switched-off neurons are said to be left out.
    let dead = LayerHealth { saturated: None, dead: Some(0.5), off: 2, ..layer() };
    let health: Vec<HealthRecord> = (1..=3).map(|e| record(e, vec![dead, layer()])).collect();
    let diagnoses = diagnosis::diagnose(&health, &[], false);
    assert!(
        diagnoses[0]
            .message
            .contains("50.0 % of layer 1's neurons (2 switched off, not counted) gave 0"),
        "{}",
        diagnoses[0].message
    );
    // The output layer's saturation is no diagnosis (a confident output is fine).
    let output = vec![layer(), LayerHealth { saturated: Some(1.0), ..layer() }];
    let health: Vec<HealthRecord> = (1..=3).map(|e| record(e, output.clone())).collect();
    assert_eq!(kinds(&health, &[], false), []);
}

fn metrics(epoch: u64, loss: f64) -> Metrics {
    Metrics {
        epoch,
        examples: epoch * 100,
        train_loss: loss,
        test_loss: None,
        regularization_loss: 0.0,
        train_accuracy: None,
        test_accuracy: None,
    }
}

#[test]
fn a_flat_loss_still_high_is_named_and_a_converged_one_is_not() {
    let stuck: Vec<Metrics> = (0..=21).map(|e| metrics(e, 0.69 + 1e-5 * e as f64)).collect();
    let diagnoses = diagnosis::diagnose(&[], &stuck, false);
    assert_eq!(diagnoses.len(), 1);
    assert_eq!(diagnoses[0].kind, Kind::FlatLoss);
    assert!(diagnoses[0].message.contains("between 0.690 and 0.690"), "{}", diagnoses[0].message);
    let converged: Vec<Metrics> =
        (0..=21).map(|e| metrics(e, if e == 0 { 0.7 } else { 0.01 })).collect();
    assert_eq!(kinds(&[], &converged, false), []);
    assert_eq!(kinds(&[], &stuck[..20], false), [], "not before 20 epochs");
}

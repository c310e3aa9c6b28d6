//! Gradient health: every statistic against a direct computation, the
//! history's thinning and truncation, and gradient clipping against a hand
//! computation.

mod common;

use backprop_lab::config::query::{from_query, to_query};
use backprop_lab::health::{self, HealthRecord};
use backprop_lab::rng::{self, Stream};
use backprop_lab::{
    Activation, Config, Init, Network, Optimizer, Regularization, Session, Trainer,
};

/// Population standard deviation, two passes.
fn std(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// Plain SGD on squared error, batches of 7, shuffled from seed 3.
fn mse_trainer(network: &Network, examples: usize, learning_rate: f64) -> Trainer {
    let settings =
        backprop_lab::TrainingConfig { batch_size: 7, learning_rate, ..Default::default() };
    Trainer::new(
        network,
        examples,
        settings,
        backprop_lab::Loss::Mse,
        rng::stream(3, Stream::Shuffle),
    )
}

fn rms(values: &[f64]) -> f64 {
    (values.iter().map(|v| v * v).sum::<f64>() / values.len() as f64).sqrt()
}

/// Within rounding: the engine sums in four lanes and takes the variance
/// from Σx and Σx² in one pass; the direct computation is two-pass.
fn close(what: &str, got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-10 * (1.0 + want.abs()), "{what}: got {got}, want {want}");
}

/// What a direct computation over one epoch's batches finds for layer `l`.
#[derive(Default)]
struct Direct {
    activations: Vec<f64>,
    deltas: Vec<f64>,
    /// Per neuron: nonzero for some example.
    alive: Vec<bool>,
    /// Per batch: mean (∂L/∂W)², std(η ∂L/∂W)/std(W), std(∂L/∂W)/std(W).
    grad_ms: Vec<f64>,
    update_ratio: Vec<f64>,
    grad_ratio: Vec<f64>,
}

#[test]
fn every_statistic_matches_a_direct_computation() {
    let config = common::config_with(&[
        (3, Activation::Tanh),
        (4, Activation::Relu),
        (2, Activation::Sigmoid),
    ]);
    let session = Session::new(Config { seed: 5, ..config.clone() }).unwrap();
    let data = session.train_set();
    let sizes = [2, 3, 4, 2, 1];
    let activations = [Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Tanh];
    let mut init_rng = rng::stream(3, Stream::Init);
    let mut network =
        Network::initialised(&sizes, &activations, Init::XavierNormal, &mut init_rng).unwrap();
    // A dead ReLU (bias far below) and a saturating sigmoid layer (large weights).
    let dead_bias = network.layout().bias_index(1, 2);
    network.params_mut()[dead_bias] = -100.0;
    for i in network.layout().weights(2) {
        network.params_mut()[i] *= 20.0;
    }
    let mut trainer = mse_trainer(&network, data.len(), 0.1);
    let layers = sizes.len() - 1;
    let mut direct: Vec<Direct> = (0..layers)
        .map(|l| Direct { alive: vec![false; sizes[l + 1]], ..Default::default() })
        .collect();
    let mut norms = Vec::new();
    loop {
        let before = network.clone();
        let lr = trainer.learning_rate();
        let outcome = trainer.train_batch(&mut network, data);
        let (trace, grads) = (trainer.trace(), trainer.gradients());
        let all: Vec<f64> = grads.grad_params().to_vec();
        norms.push(all.iter().map(|g| g * g).sum::<f64>().sqrt());
        for (l, d) in direct.iter_mut().enumerate() {
            let width = sizes[l + 1];
            d.activations.extend_from_slice(trace.a(l));
            d.deltas.extend_from_slice(grads.grad_z(l));
            for (k, &a) in trace.a(l).iter().enumerate() {
                d.alive[k % width] |= a != 0.0;
            }
            let g = &grads.grad_params()[before.layout().weights(l)];
            let w = before.weights(l);
            d.grad_ms.push(g.iter().map(|v| v * v).sum::<f64>() / g.len() as f64);
            let scaled: Vec<f64> = g.iter().map(|v| lr * v).collect();
            d.update_ratio.push(std(&scaled) / std(w));
            d.grad_ratio.push(std(g) / std(w));
        }
        if outcome.epoch_ended {
            break;
        }
    }
    let batches = data.len().div_ceil(7);
    assert_eq!(data.len() % 7, 5, "a smaller last batch");
    assert_eq!(norms.len(), batches);
    let record = trainer.finish_health(&network).unwrap();
    assert_eq!(record.batches, batches as u64);
    assert_eq!((record.epoch, record.examples), (1, data.len() as u64));
    close("grad norm", record.grad_norm, norms.iter().sum::<f64>() / batches as f64);
    close("grad norm max", record.grad_norm_max, norms.iter().copied().fold(0.0, f64::max));
    assert_eq!(record.clipped, 0);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    for (l, (got, d)) in record.layers.iter().zip(&direct).enumerate() {
        close(&format!("layer {l} a rms"), got.activation_rms, rms(&d.activations));
        close(&format!("layer {l} δ rms"), got.delta_rms, rms(&d.deltas));
        close(&format!("layer {l} ∂L/∂W rms"), got.weight_grad_rms, mean(&d.grad_ms).sqrt());
        close(
            &format!("layer {l} update ratio"),
            got.update_ratio_log10.unwrap(),
            mean(&d.update_ratio).log10(),
        );
        close(&format!("layer {l} grad ratio"), got.grad_ratio.unwrap(), mean(&d.grad_ratio));
        let saturated = |f: fn(f64) -> bool| {
            d.activations.iter().filter(|&&a| f(a)).count() as f64 / d.activations.len() as f64
        };
        let dead = d.alive.iter().filter(|a| !**a).count() as f64 / d.alive.len() as f64;
        match activations[l] {
            Activation::Tanh => {
                assert_eq!(got.saturated, Some(saturated(|a| a.abs() > 0.97)));
                assert_eq!(got.dead, None);
            }
            Activation::Sigmoid => {
                assert_eq!(got.saturated, Some(saturated(|a| !(0.03..=0.97).contains(&a))));
            }
            _ => {
                assert_eq!(got.saturated, None);
                assert_eq!(got.dead, Some(dead));
            }
        }
    }
    assert!(record.layers.iter().all(|l| l.off == 0), "no neuron switched off");
    // The constructed troubles show: one ReLU of four dead, the sigmoids saturated.
    assert_eq!(record.layers[1].dead, Some(0.25));
    assert!(record.layers[2].saturated.unwrap() > 0.5, "{:?}", record.layers[2]);
    assert!(trainer.finish_health(&network).is_none(), "the sums start afresh");
}

/// An epoch's health record, and per layer every activation and those of
/// the neurons switched on (with their neuron).
struct OffEpoch {
    record: HealthRecord,
    all: Vec<Vec<f64>>,
    on: Vec<Vec<(usize, f64)>>,
}

/// One epoch of a 2-4-3-1 network (ReLU, sigmoid, tanh), neurons switched
/// off as `off(batch, network)` says before each batch.
fn epoch_with_off(off: impl Fn(usize, &mut Network)) -> OffEpoch {
    let session = Session::new(Config { seed: 5, ..Config::default() }).unwrap();
    let data = session.train_set();
    let sizes = [2, 4, 3, 1];
    let activations = [Activation::Relu, Activation::Sigmoid, Activation::Tanh];
    let mut init_rng = rng::stream(3, Stream::Init);
    let mut network =
        Network::initialised(&sizes, &activations, Init::XavierNormal, &mut init_rng).unwrap();
    // ReLU neuron 2 dead (bias far below), 1 and 3 alive (bias above);
    // the sigmoids saturating often (large weights).
    for (j, bias) in [(1, 10.0), (2, -100.0), (3, 10.0)] {
        let at = network.layout().bias_index(0, j);
        network.params_mut()[at] = bias;
    }
    for i in network.layout().weights(1) {
        network.params_mut()[i] *= 2.0;
    }
    let mut trainer = mse_trainer(&network, data.len(), 0.01);
    let mut all = vec![Vec::new(); 3];
    let mut on = vec![Vec::new(); 3];
    for batch in 0.. {
        off(batch, &mut network);
        let outcome = trainer.train_batch(&mut network, data);
        for l in 0..3 {
            let width = sizes[l + 1];
            for (k, &a) in trainer.trace().a(l).iter().enumerate() {
                all[l].push(a);
                if !network.is_off(l, k % width) {
                    on[l].push((k % width, a));
                }
            }
        }
        if outcome.epoch_ended {
            break;
        }
    }
    OffEpoch { record: trainer.finish_health(&network).unwrap(), all, on }
}

#[test]
fn switched_off_neurons_count_as_neither_dead_nor_saturated() {
    let plain = epoch_with_off(|_, _| {}).record;
    assert_eq!(plain.layers[0].dead, Some(0.25), "neuron 0 alive, 2 dead: {:?}", plain.layers[0]);
    // ReLU neuron 0 and sigmoid neuron 1 off all epoch.
    let OffEpoch { record, all, on } = epoch_with_off(|_, network| {
        network.set_off(0, 0, true).unwrap();
        network.set_off(1, 1, true).unwrap();
    });
    let relu = &record.layers[0];
    assert_eq!(
        (relu.off, relu.dead),
        (1, Some(1.0 / 3.0)),
        "neuron 2 of 1, 2, 3 is dead: {relu:?}"
    );
    let sigmoid = &record.layers[1];
    assert_eq!(sigmoid.off, 1);
    // Its held 0 is below 0.03, yet not counted as saturated.
    assert!(on[1].iter().all(|&(j, _)| j != 1));
    let saturated = on[1].iter().filter(|&&(_, a)| !(0.03..=0.97).contains(&a)).count();
    assert_eq!(sigmoid.saturated, Some(saturated as f64 / on[1].len() as f64));
    assert!((0.2..0.8).contains(&sigmoid.saturated.unwrap()), "{sigmoid:?}");
    assert_eq!(record.layers[2].off, 0, "the output layer's neurons cannot be off");
    // The RMS keep their per-layer definition: the held zeros are the signal passed on.
    for (l, (got, all)) in record.layers.iter().zip(&all).enumerate() {
        close(&format!("layer {l} a rms"), got.activation_rms, rms(all));
    }
    // Every neuron of a layer off: no share (0 of 0), all of them named.
    let record = epoch_with_off(|_, network| {
        for j in 0..4 {
            network.set_off(0, j, true).unwrap();
        }
    })
    .record;
    assert_eq!((record.layers[0].off, record.layers[0].dead), (4, None));
    assert_eq!(record.layers[0].activation_rms, 0.0);
}

#[test]
fn a_neuron_switched_off_for_part_of_an_epoch_counts_for_the_batches_it_was_on() {
    // ReLU neuron 2 (dead) and sigmoid neuron 0 switched off from the fourth batch on.
    let OffEpoch { record, on, .. } = epoch_with_off(|batch, network| {
        if batch == 3 {
            network.set_off(0, 2, true).unwrap();
            network.set_off(1, 0, true).unwrap();
        }
    });
    assert_eq!(record.layers[0].off, 0, "on for three batches");
    assert_eq!(record.layers[0].dead, Some(0.25), "still dead in the batches it was on");
    assert_eq!(record.layers[1].off, 0);
    let early = on[1].iter().filter(|&&(j, _)| j == 0).count();
    assert_eq!(early, 3 * 7, "sigmoid neuron 0 counted in three batches of 7");
    let saturated = on[1].iter().filter(|&&(_, a)| !(0.03..=0.97).contains(&a)).count();
    assert_eq!(record.layers[1].saturated, Some(saturated as f64 / on[1].len() as f64));
}

#[test]
fn a_zero_weight_matrix_has_no_ratio() {
    let mut config = Config::default();
    config.network.init = Init::Zeros;
    let mut session = Session::new(config).unwrap();
    session.train_epochs(1);
    let record = &session.health()[0];
    assert_eq!(record.layers[0].update_ratio_log10, None, "std(W) = 0 at the start");
    assert_eq!(record.layers[0].grad_ratio, None);
}

#[test]
fn the_health_history_has_an_epoch_each_is_thinned_and_goes_back_in_time() {
    let mut config = Config::default();
    config.data.samples = 20;
    let mut session = Session::new(config).unwrap();
    assert!(session.health().is_empty(), "nothing before training");
    session.train_epochs(2500);
    let health = session.health();
    assert!(health.len() <= 2048, "{}", health.len());
    assert_eq!(session.health_thinned(), 1);
    assert_eq!(health[0].epoch, 1, "the first epoch stays");
    assert_eq!(health.last().unwrap().epoch, 2500, "the present stays");
    assert!(health.windows(2).all(|w| w[0].epoch < w[1].epoch), "in order");
    let timeline_len = session.timeline().len();
    let past = session.at(timeline_len - 50).unwrap();
    let at = past.trainer().progress().examples;
    assert_eq!(past.health().last().unwrap().examples, at, "the future is dropped");
}

#[test]
fn health_is_recorded_when_a_run_diverges_mid_epoch() {
    let mut config = common::config_with(&[(4, Activation::Tanh), (2, Activation::Tanh)]);
    config.network.output_activation = Activation::Linear;
    config.training.learning_rate = 3.0;
    let mut session = Session::new(config).unwrap();
    let report = session.train_epochs(100);
    assert!(report.diverged);
    let last: &HealthRecord = session.health().last().unwrap();
    assert_eq!(last.examples, session.trainer().progress().examples, "up to the NaN");
}

#[test]
fn clip_scale_is_pytorchs() {
    // clip_grad_norm_: coefficient max_norm / (norm + 1e-6), applied when below 1.
    assert_eq!(health::clip_scale(5.0, 1.0), Some(1.0 / (5.0 + 1e-6)));
    assert_eq!(health::clip_scale(0.5, 1.0), None);
    assert_eq!(health::clip_scale(2.0, 2.0), Some(2.0 / 2.000_001), "at the maximum: just below");
    assert_eq!(health::global_norm(&[3.0, -4.0]), 5.0);
    assert_eq!(health::global_norm(&[2.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 6.0]), 7.0);
}

/// One SGD step with clipping, computed directly from the gradients.
#[test]
fn a_clipped_step_is_the_gradient_scaled_to_the_maximum_norm() {
    let mut config = Config::default();
    config.training.learning_rate = 0.5;
    config.training.regularization = Regularization::l2(0.01);
    config.training.clip_norm = Some(0.1);
    let mut session = Session::new(config.clone()).unwrap();
    let before = session.network().params().to_vec();
    session.train_batches(1);
    let grads = session.trainer().gradients().grad_params().to_vec();
    // The norm by hand: a sum of squares, its root.
    let mut sum = 0.0;
    for g in &grads {
        sum += g * g;
    }
    let norm = sum.sqrt();
    assert!(norm > 0.1, "this batch's norm {norm} is above the maximum");
    let scale = 0.1 / (norm + 1e-6);
    let clipping = session.trainer().clipping();
    assert!((clipping.norm - norm).abs() <= 1e-15 * norm, "{} vs {norm}", clipping.norm);
    assert_eq!(clipping.max_norm, Some(0.1));
    assert!((clipping.scale.unwrap() - scale).abs() <= 1e-15 * scale);
    let after = session.network().params();
    for i in 0..before.len() {
        let want = before[i] - 0.5 * grads[i] * scale;
        assert!((after[i] - want).abs() <= 1e-15, "param {i}: {} vs {want}", after[i]);
    }
    // The penalty's part of the update is clipped too.
    let update = session.trainer().update();
    let n_weights = session.network().layout().n_weights();
    for (i, (&reg, &w)) in update.delta_reg.iter().zip(&before).take(n_weights).enumerate() {
        let want = -0.5 * scale * 0.01 * w;
        assert!((reg - want).abs() <= 1e-17, "reg part {i}");
    }
    assert_eq!(session.health()[..], [], "no epoch yet");
}

#[test]
fn clipping_below_the_maximum_changes_nothing_bit_for_bit() {
    for optimizer in [Optimizer::Sgd, Optimizer::from_name("adam").unwrap()] {
        let mut config = Config::default();
        config.training.optimizer = optimizer;
        let mut plain = Session::new(config.clone()).unwrap();
        config.training.clip_norm = Some(1000.0);
        let mut clipped = Session::new(config).unwrap();
        plain.train_epochs(3);
        clipped.train_epochs(3);
        assert_eq!(plain.network().params(), clipped.network().params());
        assert_eq!(clipped.health().iter().map(|h| h.clipped).sum::<u64>(), 0);
    }
}

#[test]
fn clipping_keeps_a_large_rate_finite_and_counts_its_batches() {
    let mut config = common::config_with(&[(4, Activation::Tanh), (2, Activation::Tanh)]);
    config.network.output_activation = Activation::Linear;
    config.training.learning_rate = 3.0;
    config.training.clip_norm = Some(0.1);
    let mut session = Session::new(config).unwrap();
    assert!(!session.train_epochs(20).diverged);
    let clipped: u64 = session.health().iter().map(|h| h.clipped).sum();
    assert!(clipped > 0, "some batches were clipped");
    assert!(session.health().iter().all(|h| h.clipped <= h.batches));
}

#[test]
fn clip_norm_is_a_setting_with_a_url_key_and_bounds() {
    let parsed = from_query("#clip_norm=0.5&learning_rate=1");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(parsed.config.training.clip_norm, Some(0.5));
    assert!(to_query(&parsed.config).contains("clip_norm=0.5"));
    // Old links have no clipping, and write none.
    assert_eq!(from_query("#learning_rate=1").config.training.clip_norm, None);
    assert!(!to_query(&Config::default()).contains("clip_norm"));
    for bad in ["0", "-1", "x", "1e9"] {
        let parsed = from_query(&format!("#clip_norm={bad}&learning_rate=1"));
        assert_eq!(parsed.config.training.clip_norm, None, "{bad}");
        assert_eq!(parsed.config.training.learning_rate, 1.0, "the rest is kept");
        assert!(parsed.warnings.iter().any(|w| w.contains("clip_norm")), "{:?}", parsed.warnings);
    }
    let json = Config::from_json(r#"{"clip_norm": 2}"#).unwrap();
    assert_eq!(json.training.clip_norm, Some(2.0));
    let error = Config::from_json(r#"{"clip_norm": 0}"#).unwrap_err().to_string();
    assert!(error.contains("clip_norm"), "{error}");
    assert_eq!(Config::from_json(&json.to_json()).unwrap(), json, "round trip");
}

#[test]
fn the_init_gain_scales_every_initial_weight_and_nothing_else() {
    let plain = Session::new(Config::default()).unwrap();
    let mut config = Config::default();
    config.network.init_gain = Some(2.5);
    let scaled = Session::new(config.clone()).unwrap();
    let n_weights = plain.network().layout().n_weights();
    let (p, s) = (plain.network().params(), scaled.network().params());
    for i in 0..n_weights {
        assert_eq!(s[i], p[i] * 2.5, "weight {i}");
    }
    assert_eq!(s[n_weights..], p[n_weights..], "biases as the initialiser sets them");
    // A gain of 1 is the initialiser itself, bit for bit.
    config.network.init_gain = Some(1.0);
    assert_eq!(Session::new(config.clone()).unwrap().network().params(), p);
    // A new gain starts afresh, from the same draws.
    let mut run = Session::new(Config::default()).unwrap();
    run.train_epochs(2);
    config.network.init_gain = Some(0.5);
    run.reconfigure(config).unwrap();
    assert_eq!(run.trainer().progress().epochs, 0);
    assert_eq!(run.network().params()[0], p[0] * 0.5);
    // Its URL key; old links have none; the bounds.
    let parsed = from_query("#init_gain=0.25");
    assert_eq!(parsed.config.network.init_gain, Some(0.25));
    assert!(to_query(&parsed.config).contains("init_gain=0.25"));
    assert!(!to_query(&Config::default()).contains("init_gain"));
    let bad = from_query("#init_gain=0&seed=4");
    assert_eq!((bad.config.network.init_gain, bad.config.seed), (None, 4));
    assert!(bad.warnings.iter().any(|w| w.contains("init_gain")), "{:?}", bad.warnings);
}

#[test]
fn histograms_count_every_value_of_every_layer_on_shared_ranges() {
    let h = health::histogram(&[0.0, 0.1, 0.5, 0.99, 1.0, f64::NAN, -3.0], 0.0, 1.0, 4);
    assert_eq!(
        h.counts,
        [3, 0, 1, 2],
        "[0, .25): 0, 0.1 and −3 (below, to the first); 1.0 in the last"
    );
    let config = common::config_with(&[(4, Activation::Tanh), (3, Activation::Relu)]);
    let session = Session::new(config).unwrap();
    let histograms = session.batch_histograms(10);
    let (trace, grads) = (session.trainer().trace(), session.trainer().gradients());
    assert_eq!(histograms.len(), 3);
    let all_a: Vec<f64> = (0..3).flat_map(|l| trace.a(l).to_vec()).collect();
    let low = all_a.iter().copied().fold(f64::INFINITY, f64::min);
    let high = all_a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let largest = (0..3).flat_map(|l| grads.grad_z(l).to_vec()).fold(0.0f64, |m, v| m.max(v.abs()));
    for (l, h) in histograms.iter().enumerate() {
        assert_eq!((h.activations.low, h.activations.high), (low, high), "shared range");
        assert_eq!((h.deltas.low, h.deltas.high), (-largest, largest));
        assert_eq!(h.activations.counts.iter().sum::<u32>() as usize, trace.a(l).len());
        assert_eq!(h.deltas.counts.iter().sum::<u32>() as usize, grads.grad_z(l).len());
        close("a std", h.activation_std, std(trace.a(l)));
        close("δ std", h.delta_std, std(grads.grad_z(l)));
        // Each value in its bin, counted directly.
        let width = (high - low) / 10.0;
        let mut want = [0u32; 10];
        for &v in trace.a(l) {
            want[(((v - low) / width).floor() as usize).min(9)] += 1;
        }
        assert_eq!(h.activations.counts, want, "layer {l}");
    }
}

#[test]
fn a_small_gain_fades_and_a_large_one_saturates_through_the_layers() {
    let histograms = |gain: f64| {
        let mut config = common::config_with(&[(8, Activation::Tanh); 6]);
        config.network.init = Init::XavierNormal;
        config.network.init_gain = Some(gain);
        Session::new(config).unwrap().batch_histograms(20)
    };
    let small = histograms(0.3);
    assert!(
        small[5].activation_std < 0.05 * small[0].activation_std,
        "fades: {} vs {}",
        small[5].activation_std,
        small[0].activation_std
    );
    let large = histograms(4.0);
    let ends = |h: &backprop_lab::health::Histogram| h.counts[0] + h.counts[19];
    let total: u32 = large[5].activations.counts.iter().sum();
    assert!(
        ends(&large[5].activations) as f64 > 0.7 * total as f64,
        "saturates: {:?}",
        large[5].activations.counts
    );
}

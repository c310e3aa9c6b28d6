//! What the network learned: a switched-off neuron.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, Gradients, HiddenLayer, Init, Loss, Network,
    NetworkConfig, Regularization, Session, Trace, rng::Rng,
};
use common::{rng, targets};
use rand::{RngExt, SeedableRng};

/// Runs a batch forward and backward: its trace and gradients (with dL/dx).
fn pass(network: &Network, inputs: &[f64], y: &[f64], loss: Loss) -> (Trace, Gradients) {
    let mut trace = Trace::with_batch(network.layout(), inputs, y).unwrap();
    network.forward(&mut trace);
    let mut grads = Gradients::new(network.layout(), trace.len());
    network.backward(&trace, loss, Regularization::NONE, &mut grads, true);
    (trace, grads)
}

/// The engine's masked network computes what a network with the silenced
/// neurons' outgoing weights set to 0 computes: the same outputs, losses,
/// dL/dx and gradients of every parameter, except that the outgoing weights
/// get none (their input, the neuron's output, is 0); the incoming weights
/// and the bias get none either.
#[test]
fn a_switched_off_neuron_is_a_neuron_whose_outgoing_weights_are_zero() {
    let cases = [
        (vec![3, 5, 4, 2], [Activation::Tanh, Activation::Relu, Activation::Tanh], Loss::Mse),
        (
            vec![2, 6, 3],
            [Activation::Sigmoid, Activation::Softmax, Activation::Linear],
            Loss::SoftmaxCe,
        ),
        (
            vec![4, 3, 3, 1],
            [Activation::LeakyRelu, Activation::Tanh, Activation::Sigmoid],
            Loss::Bce,
        ),
    ];
    for (sizes, activations, loss) in cases {
        let activations = &activations[..sizes.len() - 1];
        let mut init = Rng::seed_from_u64(7);
        let mut masked =
            Network::initialised(&sizes, activations, Init::XavierUniform, &mut init).unwrap();
        let off = [(0, 1), (0, sizes[1] - 1), (sizes.len() - 3, 0)];
        for (l, j) in off {
            masked.set_off(l, j, true).unwrap();
        }
        let mut zeroed =
            Network::with_params(&sizes, activations, masked.params().to_vec()).unwrap();
        let layout = masked.layout().clone();
        let mut outgoing = Vec::new();
        for &(l, j) in &off {
            for k in 0..layout.width(l + 1) {
                let index = layout.weight_index(l + 1, k, j);
                zeroed.params_mut()[index] = 0.0;
                outgoing.push(index);
            }
        }
        let mut r = rng(3);
        let n = 9;
        let inputs: Vec<f64> = (0..n * sizes[0]).map(|_| r.random_range(-2.0..2.0)).collect();
        let y = targets(loss, n, *sizes.last().unwrap(), &mut r);
        let (trace, grads) = pass(&masked, &inputs, &y, loss);
        let (want_trace, want_grads) = pass(&zeroed, &inputs, &y, loss);
        assert_eq!(trace.output(), want_trace.output(), "{sizes:?}: outputs");
        assert_eq!(masked.data_loss(&trace, loss), zeroed.data_loss(&want_trace, loss));
        assert_eq!(grads.grad_inputs(), want_grads.grad_inputs(), "{sizes:?}: dL/dx");
        for (i, (&got, &want)) in
            grads.grad_params().iter().zip(want_grads.grad_params()).enumerate()
        {
            let expected = if outgoing.contains(&i) { 0.0 } else { want };
            assert_eq!(got, expected, "{sizes:?}: dL/dθ[{i}] ({:?})", layout.param(i));
        }
        for &(l, j) in &off {
            for e in 0..n {
                assert_eq!(trace.a(l)[e * layout.width(l) + j], 0.0, "held at 0");
                assert_eq!(grads.grad_z(l)[e * layout.width(l) + j], 0.0, "δ of an off neuron");
            }
            let fan_in = layout.fan_in(l);
            let incoming = (0..fan_in).map(|i| layout.weight_index(l, j, i));
            for index in incoming.chain([layout.bias_index(l, j)]) {
                assert_eq!(grads.grad_params()[index], 0.0, "incoming {index}");
            }
            // The test can fail: the neuron would pass something on if it were on.
            assert_ne!(want_trace.a(l)[j], 0.0);
        }
    }
}

fn spiral() -> Config {
    Config {
        data: DataConfig { dataset: DatasetKind::Spiral, ..Default::default() },
        network: NetworkConfig {
            hidden: vec![
                HiddenLayer { neurons: 6, activation: Activation::Tanh },
                HiddenLayer { neurons: 4, activation: Activation::Tanh },
            ],
            ..Default::default()
        },
        ..Config::default()
    }
}

#[test]
fn switching_a_neuron_off_changes_the_loss_and_on_again_restores_it_exactly() {
    let mut session = Session::new(spiral()).unwrap();
    session.train_epochs(30);
    let before = *session.history().last().unwrap();
    session.set_neuron_off(0, 2, true).unwrap();
    let off = *session.history().last().unwrap();
    assert_ne!(off.train_loss, before.train_loss);
    assert_ne!(off.test_loss, before.test_loss);
    assert_eq!(session.off_neurons(), vec![(0, 2)]);
    session.set_neuron_off(0, 2, false).unwrap();
    let on = *session.history().last().unwrap();
    assert_eq!((on.train_loss, on.test_loss), (before.train_loss, before.test_loss));
    assert_eq!(on.train_accuracy, before.train_accuracy);
    assert!(session.off_neurons().is_empty());
}

#[test]
fn only_hidden_neurons_can_be_switched_off_and_an_error_changes_nothing() {
    let mut session = Session::new(spiral()).unwrap();
    session.set_neuron_off(1, 3, true).unwrap();
    let history = session.history().len();
    let message = session.set_neuron_off(2, 0, true).unwrap_err().to_string();
    assert!(message.contains("off: layer") && message.contains("from 0 to 1"), "{message}");
    let message = session.set_neuron_off(0, 6, true).unwrap_err().to_string();
    assert!(message.contains("off: neuron") && message.contains("from 0 to 5"), "{message}");
    assert_eq!(session.off_neurons(), vec![(1, 3)]);
    assert_eq!(session.history().len(), history);
}

/// Trained with a neuron off (plain SGD, no penalty), its weights in and
/// out do not move: no gradient reaches them; the rest of the network trains.
#[test]
fn training_with_a_neuron_off_leaves_its_weights_alone() {
    let mut session = Session::new(spiral()).unwrap();
    session.set_neuron_off(0, 4, true).unwrap();
    let start = session.network().params().to_vec();
    session.train_epochs(5);
    let layout = session.network().layout().clone();
    let params = session.network().params();
    let mut still = vec![layout.bias_index(0, 4)];
    still.extend((0..layout.fan_in(0)).map(|i| layout.weight_index(0, 4, i)));
    still.extend((0..layout.width(1)).map(|k| layout.weight_index(1, k, 4)));
    for i in 0..params.len() {
        if still.contains(&i) {
            assert_eq!(params[i], start[i], "parameter {i} of the off neuron moved");
        } else if i == layout.bias_index(0, 3) {
            assert_ne!(params[i], start[i], "the others train");
        }
    }
}

#[test]
fn the_grid_shows_the_neuron_off_and_the_output_without_it() {
    let mut session = Session::new(spiral()).unwrap();
    session.train_epochs(10);
    session.set_neuron_off(0, 1, true).unwrap();
    let mut grid = Vec::new();
    let res = 21;
    session.evaluate_grid(res, &mut grid);
    let pixels = res * res;
    assert!(grid[pixels..2 * pixels].iter().all(|&v| v == 0.0), "neuron 1 of layer 0 is dark");
    let last = grid.len() / pixels - 1;
    for p in (0..pixels).step_by(13) {
        let (x1, x2) = backprop_lab::grid::pixel_point(res, 2, p);
        let trace = session.run_input(&[x1, x2]).unwrap();
        let shown = grid[last * pixels + p] as f64;
        assert!((shown - trace.output()[0]).abs() < 1e-3, "pixel {p}");
    }
}

#[test]
fn the_mask_survives_a_model_file_and_a_new_shape_that_keeps_the_neuron() {
    let mut session = Session::new(spiral()).unwrap();
    session.train_epochs(4);
    session.set_neuron_off(0, 5, true).unwrap();
    session.set_neuron_off(1, 0, true).unwrap();
    let json = session.model_json().unwrap();
    let loaded = Session::from_model_json(&json).unwrap();
    assert_eq!(loaded.off_neurons(), vec![(0, 5), (1, 0)]);
    assert_eq!(loaded.history().last(), session.history().last());

    let bad = json.replace("\"off\":[[0,5],[1,0]]", "\"off\":[[0,9]]");
    let message = Session::from_model_json(&bad).unwrap_err().to_string();
    assert!(message.contains("`off`") && message.contains("neuron"), "{message}");

    let mut config = session.config().clone();
    config.network.hidden[0].neurons = 5;
    session.reconfigure(config).unwrap();
    assert_eq!(session.off_neurons(), vec![(1, 0)], "neuron 5 of layer 0 is gone");
}

/// Stepping a batch phase by phase with a neuron off ends where training does.
#[test]
fn a_stepped_batch_with_a_neuron_off_equals_a_trained_one() {
    let mut stepped = Session::new(spiral()).unwrap();
    stepped.set_neuron_off(1, 2, true).unwrap();
    let mut trained = stepped.clone();
    stepped.run_to(backprop_lab::Until::Batch).unwrap();
    trained.train_batches(1);
    assert_eq!(stepped.network().params(), trained.network().params());
}

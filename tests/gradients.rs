//! Backprop against central finite differences on random networks of every
//! activation, loss and regularization.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_lab::gradcheck::{self, total_loss};
use backprop_lab::{Activation, Gradients, Loss, Network, Regularization, Trace};
use common::{rng, targets};
use rand::RngExt;

const HIDDEN: [Activation; 5] = [
    Activation::Linear,
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
];

/// A random network of sizes 3 → 5 → 4 → k with `hidden` in both hidden
/// layers, and a random batch of 4 examples for it.
fn random_case(hidden: Activation, output: Activation, loss: Loss, seed: u64) -> (Network, Trace) {
    let mut r = rng(seed);
    let k = if loss == Loss::SoftmaxCe { 3 } else { 2 };
    let sizes = [3, 5, 4, k];
    let mut network = Network::new(&sizes, &[hidden, hidden, output]).unwrap();
    for p in network.params_mut() {
        *p = r.random_range(-1.0..1.0);
    }
    let n = 4;
    let inputs: Vec<f64> = (0..n * 3).map(|_| r.random_range(-2.0..2.0)).collect();
    let y = targets(loss, n, k, &mut r);
    let trace = Trace::with_batch(network.layout(), &inputs, &y).unwrap();
    (network, trace)
}

#[test]
fn parameter_gradients_match_finite_differences() {
    let mut checked = 0;
    let mut worst: f64 = 0.0;
    for hidden in HIDDEN {
        for loss in Loss::ALL {
            for &output in loss.output_activations() {
                for reg in
                    [Regularization::NONE, Regularization::l1(0.01), Regularization::l2(0.05)]
                {
                    let seed = checked as u64 + 7;
                    let (network, trace) = random_case(hidden, output, loss, seed);
                    for result in gradcheck::check_all(&network, &trace, loss, reg).unwrap() {
                        let size = result.analytic.abs().max(result.numeric.abs());
                        let error = (result.analytic - result.numeric).abs();
                        if size > 1e-4 {
                            worst = worst.max(error / size);
                        }
                        // Rounding in the numeric estimate is about ε L / h ≈ 1e-11.
                        assert!(
                            error <= 1e-9 + 1e-6 * size,
                            "{hidden:?} hidden, {output:?} output, {loss:?}, {reg:?}: parameter {} \
                             analytic {} numeric {} (relative error {:e})",
                            result.index,
                            result.analytic,
                            result.numeric,
                            result.relative_error
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked == 5 * 9 * 3, "only {checked} configurations checked");
    println!("{checked} networks, worst relative error {worst:e}");
}

#[test]
fn input_gradients_match_finite_differences() {
    for hidden in HIDDEN {
        for loss in Loss::ALL {
            let output = loss.default_output_activation();
            let reg = Regularization::l2(0.01);
            let (network, trace) = random_case(hidden, output, loss, 99);
            let mut grads = Gradients::new(network.layout(), trace.len());
            network.backward(&trace_forwarded(&network, &trace), loss, reg, &mut grads, true);
            let analytic = grads.grad_inputs().unwrap().to_vec();
            for (i, &analytic) in analytic.iter().enumerate() {
                let h = 1e-5;
                let mut probe = trace.clone();
                probe.inputs_mut()[i] += h;
                let up = total_loss(&network, &mut probe, loss, reg);
                probe.inputs_mut()[i] -= 2.0 * h;
                let down = total_loss(&network, &mut probe, loss, reg);
                let numeric = (up - down) / (2.0 * h);
                let scale = analytic.abs().max(numeric.abs());
                assert!(
                    (analytic - numeric).abs() <= 1e-9 + 1e-6 * scale,
                    "{hidden:?}/{loss:?}: dL/dx[{i}] analytic {analytic} numeric {numeric}"
                );
            }
        }
    }
}

fn trace_forwarded(network: &Network, trace: &Trace) -> Trace {
    let mut t = trace.clone();
    network.forward(&mut t);
    t
}

#[test]
fn a_wrong_gradient_is_caught() {
    // The check must be able to fail: compare against a deliberately wrong loss.
    let (network, trace) = random_case(Activation::Tanh, Activation::Tanh, Loss::Mse, 3);
    let right = gradcheck::check_all(&network, &trace, Loss::Mse, Regularization::NONE).unwrap();
    assert!(right.iter().all(|r| r.agrees()));
    // Gradients of mse checked against the numeric slope of hinge disagree somewhere.
    let mut grads = Gradients::new(network.layout(), trace.len());
    let mut t = trace.clone();
    network.forward(&mut t);
    network.backward(&t, Loss::Mse, Regularization::NONE, &mut grads, false);
    let hinge = gradcheck::check_all(&network, &trace, Loss::Hinge, Regularization::NONE).unwrap();
    let disagree =
        hinge.iter().filter(|r| (r.numeric - grads.grad_params()[r.index]).abs() > 1e-3).count();
    assert!(disagree > 0);
}

#[test]
fn softmax_ce_takes_probability_targets() {
    // Soft targets, summing to 1 or not: the gradient still matches the loss.
    for targets in [[0.2, 0.5, 0.3], [0.7, 0.0, 0.6], [0.0, 0.0, 0.0]] {
        let (network, trace) =
            random_case(Activation::Tanh, Activation::Softmax, Loss::SoftmaxCe, 21);
        let n = trace.len();
        let y: Vec<f64> = (0..n).flat_map(|_| targets).collect();
        let trace = Trace::with_batch(network.layout(), trace.inputs(), &y).unwrap();
        for r in
            gradcheck::check_all(&network, &trace, Loss::SoftmaxCe, Regularization::NONE).unwrap()
        {
            let size = r.analytic.abs().max(r.numeric.abs());
            assert!((r.analytic - r.numeric).abs() <= 1e-9 + 1e-6 * size, "{targets:?}: {r:?}");
        }
    }
}

#[test]
fn backward_never_accumulates() {
    let (network, trace) = random_case(Activation::Relu, Activation::Linear, Loss::Mse, 5);
    let t = trace_forwarded(&network, &trace);
    let mut grads = Gradients::new(network.layout(), t.len());
    network.backward(&t, Loss::Mse, Regularization::l1(0.1), &mut grads, true);
    let first = grads.clone();
    network.backward(&t, Loss::Mse, Regularization::l1(0.1), &mut grads, true);
    assert_eq!(first, grads);
}

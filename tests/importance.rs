//! Feature importance: sensitivity and permutation importance against a
//! direct computation, example by example, and on data where only x₁
//! matters, x₁ first.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use backprop_lab::{
    Activation, Config, Examples, Gradients, HiddenLayer, Loss, Network, NetworkConfig,
    Regularization, Session, Split, Trace, TrainingConfig,
    importance::{permutation, sensitivity, shuffle_order},
};
use common::rng;
use rand::RngExt;

/// `n` examples of 3 inputs in (−1, 1), the target tanh(2·x₁): x₂ and x₃ are noise.
fn only_x1(n: usize, seed: u64) -> Examples {
    let mut r = rng(seed);
    let inputs: Vec<f64> = (0..n * 3).map(|_| r.random_range(-1.0..1.0)).collect();
    let targets = inputs.chunks(3).map(|x| (2.0 * x[0]).tanh()).collect();
    Examples::from_flat(inputs, targets, 3, 1).unwrap()
}

fn config() -> Config {
    Config {
        network: NetworkConfig {
            hidden: vec![HiddenLayer { neurons: 6, activation: Activation::Tanh }],
            output_activation: Activation::Linear,
            ..Default::default()
        },
        training: TrainingConfig {
            learning_rate: 0.01,
            optimizer: backprop_lab::Optimizer::from_name("adam").unwrap(),
            ..Default::default()
        },
        ..Config::default()
    }
}

/// One example's own loss and its gradient with respect to its inputs.
fn alone(network: &Network, x: &[f64], y: &[f64], loss: Loss) -> (f64, Vec<f64>) {
    let mut trace = Trace::with_batch(network.layout(), x, y).unwrap();
    network.forward(&mut trace);
    let mut grads = Gradients::new(network.layout(), 1);
    network.backward(&trace, loss, Regularization::NONE, &mut grads, true);
    let last = network.layout().layers() - 1;
    let l = loss.example_loss(trace.z(last), trace.a(last), y);
    (l, grads.grad_inputs().unwrap().to_vec())
}

fn trained() -> Session {
    let mut session = Session::with_data(config(), only_x1(300, 1), only_x1(600, 2)).unwrap();
    session.train_epochs(40);
    session
}

#[test]
fn sensitivity_is_the_mean_of_each_examples_own_input_gradient() {
    let session = trained();
    let (network, data) = (session.network(), session.test_set());
    // 600 examples: chunks of 256, 256 and 88, each scaled back by its own size.
    let got = sensitivity(network, data, Loss::Mse);
    let mut want = vec![0.0; 3];
    for e in 0..data.len() {
        let (_, g) = alone(network, data.input(e), data.target(e), Loss::Mse);
        for i in 0..3 {
            want[i] += g[i].abs() / data.len() as f64;
        }
    }
    common::assert_close("sensitivity", &got, &want, 1e-12);
}

#[test]
fn permutation_importance_is_the_mean_rise_of_the_loss_over_seeded_shuffles() {
    let session = trained();
    let (network, data) = (session.network(), session.test_set());
    let (repeats, seed) = (3, 11);
    let (base, means, spreads) =
        permutation(network, data, Loss::Mse, Activation::Linear, repeats, seed);
    let mean_loss = |inputs: &[f64]| {
        let n = data.len();
        let total: f64 = (0..n)
            .map(|e| alone(network, &inputs[e * 3..e * 3 + 3], data.target(e), Loss::Mse).0)
            .sum();
        total / n as f64
    };
    let want_base = mean_loss(&data.inputs);
    assert!((base - want_base).abs() < 1e-12 * want_base, "{base} vs {want_base}");
    for column in 0..3 {
        let rises: Vec<f64> = (0..repeats)
            .map(|r| {
                let order = shuffle_order(seed, column, r, data.len());
                let mut inputs = data.inputs.clone();
                for (k, &from) in order.iter().enumerate() {
                    inputs[k * 3 + column] = data.inputs[from * 3 + column];
                }
                mean_loss(&inputs) - want_base
            })
            .collect();
        let mean = rises.iter().sum::<f64>() / repeats as f64;
        let spread =
            (rises.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / repeats as f64).sqrt();
        assert!(
            (means[column] - mean).abs() < 1e-12,
            "column {column}: {} vs {mean}",
            means[column]
        );
        assert!((spreads[column] - spread).abs() < 1e-12, "column {column} spread");
    }
    // The shuffles are the seed's: another seed shuffles otherwise.
    assert_ne!(shuffle_order(seed, 0, 0, 50), shuffle_order(seed + 1, 0, 0, 50));
    assert_ne!(shuffle_order(seed, 0, 0, 50), shuffle_order(seed, 1, 0, 50));
}

#[test]
fn where_only_x1_matters_x1_ranks_first_by_both_measures() {
    let session = trained();
    let importance = session.importance(5, 1).unwrap();
    assert_eq!(importance.set, Split::Test);
    assert_eq!(importance.examples, 600);
    let s = &importance.sensitivity;
    let p = &importance.permutation;
    assert!(s[0] > 3.0 * s[1].max(s[2]), "sensitivity {s:?}");
    assert!(p[0] > 10.0 * p[1].max(p[2]), "permutation {p:?}");
    assert!(p[0] > importance.loss, "shuffling x1 more than doubles the loss: {p:?}");
    // Asking changes nothing of the run, and the same seed gives the same numbers.
    assert_eq!(session.importance(5, 1).unwrap(), importance);
    assert_eq!(importance.loss, session.history().last().unwrap().test_loss.unwrap());
}

#[test]
fn without_a_test_set_the_training_set_is_measured_and_bad_repeats_are_named() {
    let session = Session::with_data(config(), only_x1(50, 3), Examples::default()).unwrap();
    assert_eq!(session.importance(1, 0).unwrap().set, Split::Train);
    for bad in [0, 21] {
        let message = session.importance(bad, 0).unwrap_err().to_string();
        assert!(message.contains("repeats") && message.contains("from 1 to 20"), "{message}");
    }
}

#[test]
fn a_switched_off_neuron_counts() {
    let mut session = trained();
    let before = session.importance(2, 4).unwrap();
    session.set_neuron_off(0, 0, true).unwrap();
    let after = session.importance(2, 4).unwrap();
    assert_ne!(before.sensitivity, after.sensitivity);
}

/// ∂ŷₖ/∂x by central differences of the network's own forward pass.
fn numeric_saliency(network: &Network, x: &[f64], k: usize) -> Vec<f64> {
    let h = 1e-6;
    let out = |x: &[f64]| {
        let y = vec![0.0; network.layout().outputs()];
        let mut trace = Trace::with_batch(network.layout(), x, &y).unwrap();
        network.forward(&mut trace);
        trace.output()[k]
    };
    (0..x.len())
        .map(|i| {
            let (mut up, mut down) = (x.to_vec(), x.to_vec());
            up[i] += h;
            down[i] -= h;
            (out(&up) - out(&down)) / (2.0 * h)
        })
        .collect()
}

#[test]
fn saliency_is_the_outputs_gradient_by_its_inputs() {
    use backprop_lab::{Init, rng::Rng, saliency::saliency};
    use rand::SeedableRng;
    let cases: [(&[usize], &[Activation]); 3] = [
        (&[3, 5, 4, 1], &[Activation::Tanh, Activation::Sigmoid, Activation::Tanh]),
        (&[4, 6, 3], &[Activation::Tanh, Activation::Softmax]),
        (&[2, 3, 2], &[Activation::Sigmoid, Activation::Linear]),
    ];
    for (sizes, activations) in cases {
        let mut init = Rng::seed_from_u64(5);
        let mut network =
            Network::initialised(sizes, activations, Init::XavierNormal, &mut init).unwrap();
        let mut r = rng(9);
        let x: Vec<f64> = (0..sizes[0]).map(|_| r.random_range(-1.5..1.5)).collect();
        for off in [false, true] {
            if off {
                network.set_off(0, 1, true).unwrap();
            }
            for k in 0..*sizes.last().unwrap() {
                let got = saliency(&network, &x, k).unwrap();
                let want = numeric_saliency(&network, &x, k);
                common::assert_close(
                    &format!("{sizes:?} off {off} ∂ŷ{k}/∂x"),
                    &got.gradient,
                    &want,
                    1e-7,
                );
                assert!(got.gradient.iter().any(|g| g.abs() > 1e-3), "{sizes:?}: not all 0");
            }
        }
    }
    let network = Network::new(&[2, 3, 1], &[Activation::Tanh, Activation::Tanh]).unwrap();
    let message = saliency(&network, &[0.0, 0.0], 1).unwrap_err().to_string();
    assert!(message.contains("output") && message.contains("from 0 to 0"), "{message}");
}

#[test]
fn where_only_x1_matters_the_saliencies_are_mostly_x1s() {
    // One example's saliency is local (where tanh(2·x₁) flattens, little
    // moves ŷ); over many examples, x₁'s dominates.
    let session = trained();
    let mut mean = [0.0; 3];
    for index in 0..100 {
        let s = session.saliency(Split::Test, index, None).unwrap();
        assert_eq!(s.output, 0);
        for (m, g) in mean.iter_mut().zip(&s.gradient) {
            *m += g.abs() / 100.0;
        }
    }
    assert!(mean[0] > 5.0 * mean[1].max(mean[2]), "{mean:?}");
    let message = session.saliency(Split::Test, 600, None).unwrap_err().to_string();
    assert!(message.contains("example") && message.contains("below 600"), "{message}");
}

#[test]
fn the_saliency_of_a_multiclass_example_is_of_the_class_it_predicts() {
    let config = Config {
        data: backprop_lab::DataConfig {
            dataset: backprop_lab::DatasetKind::Blobs,
            ..Default::default()
        },
        network: NetworkConfig {
            loss: Loss::SoftmaxCe,
            output_activation: Activation::Softmax,
            ..Default::default()
        },
        ..Config::default()
    };
    let mut session = Session::new(config).unwrap();
    session.train_epochs(5);
    for index in 0..20 {
        let s = session.saliency(Split::Train, index, None).unwrap();
        let largest = s.outputs.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(s.outputs[s.output], largest);
        let chosen = session.saliency(Split::Train, index, Some(2)).unwrap();
        assert_eq!(chosen.output, 2);
    }
}

/// A run on one of the page's real tables (the last column the class), standardized.
fn real(file: &str, train_epochs: u64) -> Session {
    use backprop_lab::table::{ReadOptions, Selection, Table, TargetKind};
    let path = format!("{}/www/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let table = Table::read(&std::fs::read(path).unwrap(), ReadOptions::default()).unwrap();
    let columns = table.columns.len();
    let selection = Selection {
        inputs: (0..columns - 1).collect(),
        target: columns - 1,
        kind: TargetKind::Classes,
        standardize: true,
    };
    let config = Config {
        network: NetworkConfig {
            hidden: vec![HiddenLayer { neurons: 8, activation: Activation::Tanh }],
            output_activation: Activation::Softmax,
            loss: Loss::SoftmaxCe,
            ..Default::default()
        },
        ..config()
    };
    let mut session = Session::with_table(config, table.data(&selection).unwrap()).unwrap();
    session.train_epochs(train_epochs);
    session
}

#[test]
fn importance_and_saliency_cover_every_column_of_iris_and_breast_cancer() {
    for (file, width) in [("iris.csv", 4), ("breast_cancer.csv", 30)] {
        let session = real(file, 5);
        let importance = session.importance(2, 3).unwrap();
        assert_eq!(importance.sensitivity.len(), width, "{file}");
        assert_eq!(importance.permutation.len(), width, "{file}");
        assert!(importance.sensitivity.iter().all(|s| s.is_finite() && *s >= 0.0), "{file}");
        assert!(importance.permutation.iter().any(|&p| p > 0.0), "{file}: some column matters");
        let saliency = session.saliency(Split::Test, 0, None).unwrap();
        assert_eq!(saliency.gradient.len(), width);
    }
}

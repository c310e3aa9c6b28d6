//! The config: its default, its JSON form, and one test per setting that can be wrong.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::{
    Activation, Config, DatasetKind, Error, Feature, HiddenLayer, Init, Loss, NetworkConfig,
    Optimizer, Regularization, Schedule, Session, TrainingConfig,
};

/// Validates `config` and checks that the error names `field`, shows
/// `value` and says what is `expected`.
fn rejects(config: Config, field: &str, value: &str, expected: &str) {
    let error = config.validate().expect_err(&format!("{field} = {value} must be rejected"));
    let message = error.to_string();
    assert_eq!(error.field(), Some(field), "{message}");
    assert!(message.starts_with(&format!("{field}: {value} is not allowed")), "{message}");
    assert!(message.contains(expected), "{message} should mention {expected:?}");
    // A session refuses it with the same error.
    assert_eq!(Session::new(config).unwrap_err(), error);
}

fn with(change: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::default();
    change(&mut config);
    config
}

#[test]
fn the_default_is_tensorflow_playgrounds_opening_screen() {
    let c = Config::default();
    c.validate().unwrap();
    assert_eq!(c.data.dataset, DatasetKind::Circle);
    assert_eq!(c.sizes(), [2, 4, 2, 1]);
    assert_eq!(c.activations(), [Activation::Tanh; 3]);
    assert_eq!(
        (c.training.learning_rate, c.training.batch_size, c.data.noise, c.data.train_fraction),
        (0.03, 10, 0.0, 0.5)
    );
    assert_eq!(
        (c.network.loss, c.training.optimizer, c.network.init),
        (Loss::Mse, Optimizer::Sgd, Init::Playground)
    );
    assert_eq!(c.training.regularization, Regularization::NONE);
    assert_eq!(c.network.features, [Feature::X1, Feature::X2]);
}

#[test]
fn json_round_trips_and_fills_in_defaults() {
    let config = Config {
        network: NetworkConfig { init: Init::Uniform { range: 0.2 }, ..Default::default() },
        training: TrainingConfig {
            optimizer: Optimizer::from_name("adam").unwrap(),
            schedule: Schedule::Cosine { t_max: 50, eta_min: 0.001 },
            regularization: Regularization::l2(0.003),
            ..Default::default()
        },
        ..Config::default()
    };
    assert_eq!(Config::from_json(&config.to_json()).unwrap(), config);
    let partial =
        Config::from_json(r#"{"learning_rate": 0.1, "optimizer": {"kind": "momentum"}}"#).unwrap();
    assert_eq!(partial.training.learning_rate, 0.1);
    assert_eq!(partial.training.optimizer, Optimizer::Momentum { momentum: 0.9, dampening: 0.0 });
    assert_eq!(partial.data.dataset, DatasetKind::Circle);
}

#[test]
fn bad_json_names_the_problem() {
    let cases = [
        (
            r#"{"learning_rat": 0.1}"#,
            "unknown field `learning_rat`; the fields are seed, weight_seed, dataset",
        ),
        (
            r#"{"dataset": "donut"}"#,
            "dataset: unknown variant `donut`, expected one of circle, xor",
        ),
        (r#"{"batch_size": "ten"}"#, r#"batch_size: "ten" is not a whole number"#),
        (r#"{"batch_size": 2.5}"#, "batch_size: 2.5 is not a whole number"),
        (r#"{"optimizer": {"kind": "adam", "beta3": 1}}"#, "unknown field `beta3` in optimizer"),
        (r#"{"optimizer": {"kind": "adamw"}}"#, "optimizer.kind: unknown variant `adamw`"),
        (r#"{"optimizer": {"momentum": 0.5}}"#, "optimizer: missing field `kind`"),
        (r#"{"hidden": [{"neurons": 3}]}"#, "hidden[0]: missing field `activation`"),
        (
            r#"{"hidden": [{"neurons": 3, "activation": "swish"}]}"#,
            "hidden[0].activation: unknown variant `swish`",
        ),
        (r#"{"features": "x1"}"#, r#"features: "x1" is not a list of feature names"#),
        (r#"{"shuffle": "yes"}"#, r#"shuffle: "yes" is not true or false"#),
        ("[1, 2]", "config: [1,2] is not an object"),
        ("{", "EOF while parsing"),
    ];
    for (json, needle) in cases {
        let error = Config::from_json(json).unwrap_err();
        assert!(matches!(error, Error::Parse { .. }), "{error}");
        let message = error.to_string();
        assert!(message.starts_with("could not read the config"), "{message}");
        assert!(message.contains(needle), "{message} should contain {needle:?}");
    }
    // A value that parses but is not allowed is reported by validation.
    let error = Config::from_json(r#"{"learning_rate": -1}"#).unwrap_err();
    assert_eq!(error.field(), Some("learning_rate"));
}

#[test]
fn samples() {
    rejects(with(|c| c.data.samples = 1), "samples", "1", "a whole number from 2 to 100000");
    rejects(with(|c| c.data.samples = 1_000_000), "samples", "1000000", "from 2 to 100000");
}

#[test]
fn noise() {
    rejects(with(|c| c.data.noise = -0.1), "noise", "-0.1", "a number from 0 to 1");
    rejects(with(|c| c.data.noise = f64::NAN), "noise", "NaN", "a number from 0 to 1");
}

#[test]
fn train_fraction() {
    rejects(
        with(|c| c.data.train_fraction = 0.0),
        "train_fraction",
        "0",
        "greater than 0 and at most 1",
    );
    rejects(with(|c| c.data.train_fraction = 1.5), "train_fraction", "1.5", "at most 1");
}

#[test]
fn classes() {
    rejects(
        with(|c| {
            c.data.dataset = DatasetKind::Blobs;
            c.data.classes = 7;
        }),
        "classes",
        "7",
        "from 3 to 5",
    );
    // Ignored by two-class data sets.
    with(|c| c.data.classes = 7).validate().unwrap();
}

#[test]
fn features() {
    rejects(with(|c| c.network.features.clear()), "features", "none", "at least one input feature");
    rejects(
        with(|c| c.network.features.push(Feature::X1)),
        "features",
        "x1",
        "each feature at most once",
    );
    rejects(
        with(|c| {
            c.data.dataset = DatasetKind::Sine;
            c.network.output_activation = Activation::Linear;
        }),
        "features",
        "x2",
        "the sine data set has one input",
    );
}

#[test]
fn hidden_layers() {
    rejects(
        with(|c| c.network.hidden[1].neurons = 0),
        "hidden[1].neurons",
        "0",
        "at least 1 neuron",
    );
    rejects(
        with(|c| c.network.hidden[0].activation = Activation::Softmax),
        "hidden[0].activation",
        "softmax",
        "softmax belongs to the output layer",
    );
    rejects(
        with(|c| {
            c.network.hidden = vec![HiddenLayer { neurons: 5000, activation: Activation::Relu }; 3]
        }),
        "hidden",
        "[5000, 5000, 5000]",
        "at most 2000000 weights and biases",
    );
    rejects(
        with(|c| {
            c.network.hidden =
                vec![HiddenLayer { neurons: usize::MAX / 2, activation: Activation::Relu }; 2]
        }),
        "hidden",
        &format!("{:?}", [usize::MAX / 2; 2]),
        "weights and biases",
    );
    // No hidden layer at all is a valid (linear-model) network.
    with(|c| c.network.hidden.clear()).validate().unwrap();
}

#[test]
fn init_range() {
    rejects(
        with(|c| c.network.init = Init::Uniform { range: -1.0 }),
        "init.range",
        "-1",
        "from 0 to 1000",
    );
}

#[test]
fn output_activation() {
    rejects(
        with(|c| c.network.loss = Loss::Bce),
        "output_activation",
        "tanh",
        "sigmoid for the bce loss",
    );
    rejects(
        with(|c| c.network.loss = Loss::SoftmaxCe),
        "output_activation",
        "tanh",
        "softmax for the softmax_ce loss",
    );
    rejects(
        with(|c| c.network.output_activation = Activation::Softmax),
        "output_activation",
        "softmax",
        "linear, sigmoid, tanh, relu or leaky_relu for the mse loss",
    );
    rejects(
        with(|c| {
            c.network.loss = Loss::Hinge;
            c.network.output_activation = Activation::Relu;
        }),
        "output_activation",
        "relu",
        "linear or tanh for the hinge loss",
    );
}

#[test]
fn loss() {
    rejects(
        with(|c| {
            c.data.dataset = DatasetKind::Plane;
            c.network.loss = Loss::Hinge;
        }),
        "loss",
        "hinge",
        "mse: the plane data set asks for a value",
    );
}

#[test]
fn regularization_lambda() {
    rejects(
        with(|c| c.training.regularization = Regularization::l2(-0.1)),
        "regularization.lambda",
        "-0.1",
        "from 0 to 1000",
    );
    rejects(
        with(|c| c.training.regularization.lambda = 0.1),
        "regularization.lambda",
        "0.1",
        "0 when the regularization is none",
    );
}

#[test]
fn learning_rate() {
    rejects(
        with(|c| c.training.learning_rate = -0.1),
        "learning_rate",
        "-0.1",
        "a number from 0 to 1000",
    );
    rejects(
        with(|c| c.training.learning_rate = f64::INFINITY),
        "learning_rate",
        "inf",
        "from 0 to 1000",
    );
    rejects(with(|c| c.training.learning_rate = 1e6), "learning_rate", "1000000", "from 0 to 1000");
}

#[test]
fn batch_size() {
    rejects(
        with(|c| c.training.batch_size = 0),
        "batch_size",
        "0",
        "a whole number from 1 to 100000",
    );
}

#[test]
fn optimizer_constants() {
    let bad = |optimizer: Optimizer| with(|c| c.training.optimizer = optimizer);
    rejects(
        bad(Optimizer::Momentum { momentum: 1.0, dampening: 0.0 }),
        "optimizer.momentum",
        "1",
        "from 0 to 0.999999",
    );
    rejects(
        bad(Optimizer::Momentum { momentum: 0.9, dampening: 2.0 }),
        "optimizer.dampening",
        "2",
        "from 0 to 1",
    );
    rejects(bad(Optimizer::Nesterov { momentum: -0.5 }), "optimizer.momentum", "-0.5", "from 0");
    rejects(bad(Optimizer::Rmsprop { alpha: 1.5, eps: 1e-8 }), "optimizer.alpha", "1.5", "from 0");
    rejects(
        bad(Optimizer::Rmsprop { alpha: 0.9, eps: 0.0 }),
        "optimizer.eps",
        "0",
        "greater than 0",
    );
    rejects(
        bad(Optimizer::Adagrad { eps: 1e-10, initial_accumulator_value: -1.0, lr_decay: 0.0 }),
        "optimizer.initial_accumulator_value",
        "-1",
        "from 0",
    );
    rejects(
        bad(Optimizer::Adagrad { eps: 1e-10, initial_accumulator_value: 0.0, lr_decay: -1.0 }),
        "optimizer.lr_decay",
        "-1",
        "from 0",
    );
    rejects(
        bad(Optimizer::Adam { beta1: 1.0, beta2: 0.999, eps: 1e-8 }),
        "optimizer.beta1",
        "1",
        "from 0",
    );
    rejects(
        bad(Optimizer::Adam { beta1: 0.9, beta2: 2.0, eps: 1e-8 }),
        "optimizer.beta2",
        "2",
        "from 0",
    );
    rejects(
        bad(Optimizer::Adam { beta1: 0.9, beta2: 0.999, eps: -1.0 }),
        "optimizer.eps",
        "-1",
        "greater than 0",
    );
    let rprop = |eta_minus, eta_plus, step_size_min, step_size_max| Optimizer::Rprop {
        eta_minus,
        eta_plus,
        step_size_min,
        step_size_max,
    };
    rejects(bad(rprop(1.5, 1.2, 1e-6, 50.0)), "optimizer.eta_minus", "1.5", "less than 1");
    rejects(bad(rprop(0.5, 0.9, 1e-6, 50.0)), "optimizer.eta_plus", "0.9", "greater than 1");
    rejects(bad(rprop(0.5, 1.2, 0.0, 50.0)), "optimizer.step_size_min", "0", "greater than 0");
    rejects(
        bad(rprop(0.5, 1.2, 1.0, 0.5)),
        "optimizer.step_size_max",
        "0.5",
        "from step_size_min (1)",
    );
}

#[test]
fn schedule_parameters() {
    let bad = |schedule: Schedule| with(|c| c.training.schedule = schedule);
    rejects(bad(Schedule::Exponential { gamma: 0.0 }), "schedule.gamma", "0", "greater than 0");
    rejects(bad(Schedule::Step { step_size: 0, gamma: 0.5 }), "schedule.step_size", "0", "from 1");
    rejects(
        bad(Schedule::Step { step_size: 5, gamma: -1.0 }),
        "schedule.gamma",
        "-1",
        "greater than 0",
    );
    rejects(bad(Schedule::Cosine { t_max: 0, eta_min: 0.0 }), "schedule.t_max", "0", "from 1");
    rejects(bad(Schedule::Cosine { t_max: 10, eta_min: -1.0 }), "schedule.eta_min", "-1", "from 0");
}

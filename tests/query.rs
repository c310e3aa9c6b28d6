//! The configuration in the page's URL: round trips, and bad values that fall
//! back to their default one setting at a time, with a message each.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::config::query::{from_query, to_query};
use backprop_lab::{
    Activation, Config, DataConfig, DatasetKind, Feature, HiddenLayer, Init, Loss, NetworkConfig,
    Optimizer, Regularization, Schedule, TrainingConfig,
};

#[test]
fn every_kind_of_config_round_trips() {
    let mut configs = Vec::new();
    for (o, name) in Optimizer::ALL_NAMES.iter().enumerate() {
        let schedule = Schedule::from_name(Schedule::ALL_NAMES[o % 4]).unwrap();
        configs.push(Config {
            seed: 4_000_000_000 + o as u64,
            network: NetworkConfig {
                init: Init::from_name(Init::ALL_NAMES[o % Init::ALL_NAMES.len()]).unwrap(),
                ..Default::default()
            },
            training: TrainingConfig {
                optimizer: Optimizer::from_name(name).unwrap(),
                schedule,
                learning_rate: 0.003 * (o + 1) as f64,
                ..Default::default()
            },
            ..Config::default()
        });
    }
    configs.push(Config {
        data: DataConfig {
            dataset: DatasetKind::Blobs,
            classes: 5,
            noise: 0.35,
            train_fraction: 0.7,
            samples: 1234,
        },
        network: NetworkConfig {
            loss: Loss::SoftmaxCe,
            output_activation: Activation::Softmax,
            features: vec![Feature::SinX2, Feature::X1X2, Feature::X1],
            hidden: vec![
                HiddenLayer { neurons: 16, activation: Activation::Relu },
                HiddenLayer { neurons: 3, activation: Activation::LeakyRelu },
                HiddenLayer { neurons: 1, activation: Activation::Sigmoid },
            ],
            init: Init::Uniform { range: 0.25 },
            init_gain: Some(0.5),
        },
        training: TrainingConfig {
            regularization: Regularization::l1(0.0003),
            clip_norm: Some(2.5),
            optimizer: Optimizer::Adam { beta1: 0.8, beta2: 0.95, eps: 1e-6 },
            schedule: Schedule::Cosine { t_max: 40, eta_min: 0.0001 },
            batch_size: 1,
            shuffle: false,
            ..Default::default()
        },
        ..Config::default()
    });
    configs.push(Config {
        data: DataConfig { dataset: DatasetKind::Sine, ..Default::default() },
        network: NetworkConfig {
            features: vec![Feature::X1, Feature::SinX1],
            output_activation: Activation::Linear,
            hidden: vec![],
            ..Default::default()
        },
        training: TrainingConfig {
            optimizer: Optimizer::Rprop {
                eta_minus: 0.4,
                eta_plus: 1.3,
                step_size_min: 1e-7,
                step_size_max: 10.0,
            },
            schedule: Schedule::Step { step_size: 7, gamma: 0.7 },
            ..Default::default()
        },
        ..Config::default()
    });
    // CG's and the evolution strategy's constants, away from their defaults.
    for optimizer in
        [Optimizer::Cg { c1: 0.001, c2: 0.4 }, Optimizer::Evolution { sigma: 0.02, pairs: 31 }]
    {
        let training = TrainingConfig { optimizer, ..Default::default() };
        configs.push(Config { training, ..Config::default() });
    }
    for config in configs {
        config.validate().unwrap();
        let query = to_query(&config);
        let parsed = from_query(&query);
        assert_eq!(parsed.config, config, "{query}");
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert!(parsed.unknown.is_empty());
    }
}

#[test]
fn the_query_names_every_setting() {
    let query = to_query(&Config::default());
    assert!(query.starts_with("seed=1&dataset=circle&"), "{query}");
    for key in [
        "&hidden.neurons=4,2&",
        "&hidden.activation=tanh,tanh&",
        "&regularization.kind=none&regularization.lambda=0&",
        "&optimizer.kind=sgd&",
        "&learning_rate=0.03&",
        "&schedule.kind=constant&",
        "&batch_size=10&",
    ] {
        assert!(query.contains(key), "{query} lacks {key}");
    }
    // Only the constants the chosen kinds have.
    assert!(!query.contains("beta1") && !query.contains("gamma"), "{query}");
    let mut adam = Config::default();
    adam.training.optimizer = Optimizer::from_name("adam").unwrap();
    let query = to_query(&adam);
    assert!(
        query.contains("&optimizer.kind=adam&optimizer.beta1=0.9&optimizer.beta2=0.999&optimizer.eps=0.00000001&"),
        "{query}"
    );
}

/// Reads `query` and checks that exactly one warning came, mentioning `needle`.
fn one_warning(query: &str, needle: &str) -> Config {
    let parsed = from_query(query);
    assert_eq!(parsed.warnings.len(), 1, "{query}: {:?}", parsed.warnings);
    assert!(parsed.warnings[0].contains(needle), "{:?} should mention {needle:?}", parsed.warnings);
    parsed.config.validate().unwrap();
    parsed.config
}

#[test]
fn a_bad_value_falls_back_for_that_setting_only() {
    let c = one_warning("learning_rate=fast&batch_size=5", "learning_rate: “fast” is not a number");
    assert_eq!((c.training.learning_rate, c.training.batch_size), (0.03, 5));

    let c = one_warning("noise=7&dataset=xor", "noise: 7 is not allowed");
    assert_eq!((c.data.noise, c.data.dataset), (0.0, DatasetKind::Xor));

    let c = one_warning("dataset=donut&noise=0.2", "one of circle, xor");
    assert_eq!((c.data.dataset, c.data.noise), (DatasetKind::Circle, 0.2));

    let c = one_warning("hidden=4,0,3&learning_rate=0.1", "hidden[1].neurons: 0 is not allowed");
    assert_eq!((c.sizes(), c.training.learning_rate), (vec![2, 4, 2, 1], 0.1));
    one_warning("hidden=4,0,3", "hidden.neurons=0 in a link");

    // `hidden=0` alone, in either form, is no hidden layer.
    for link in ["hidden=0", "hidden.neurons=0", "hidden="] {
        let parsed = from_query(link);
        assert_eq!(parsed.config.sizes(), vec![2, 1], "{link}");
        assert!(parsed.warnings.is_empty(), "{link}: {:?}", parsed.warnings);
    }

    let c = one_warning("optimizer=adam&beta1=3&learning_rate=0.01", "optimizer.beta1: 3");
    assert_eq!(c.training.optimizer, Optimizer::from_name("adam").unwrap());
    assert_eq!(c.training.learning_rate, 0.01);

    let c = one_warning("loss=bce&output_activation=tanh", "sigmoid for the bce loss");
    assert_eq!((c.network.loss, c.network.output_activation), (Loss::Bce, Activation::Sigmoid));

    let c = one_warning("features=x1,banana", "features");
    assert_eq!(c.network.features, [Feature::X1, Feature::X2]);

    let c = one_warning("seed=-4", "seed");
    assert_eq!(c.seed, 1);
}

#[test]
fn several_bad_values_give_several_messages() {
    let parsed = from_query("#learning_rate=-1&batch_size=0&noise=x&dataset=spiral");
    assert_eq!(parsed.warnings.len(), 3, "{:?}", parsed.warnings);
    assert_eq!(parsed.config.data.dataset, DatasetKind::Spiral);
    assert_eq!(
        parsed.config,
        Config {
            data: DataConfig { dataset: DatasetKind::Spiral, ..Default::default() },
            ..Config::default()
        }
    );
}

#[test]
fn unknown_keys_are_handed_back() {
    let parsed = from_query("dataset=xor&edges=gradient&zoom=2");
    assert!(parsed.warnings.is_empty());
    assert_eq!(
        parsed.unknown,
        [("edges".to_string(), "gradient".to_string()), ("zoom".to_string(), "2".to_string())]
    );
}

#[test]
fn activations_fill_every_hidden_layer() {
    let c = from_query("hidden=3,3,3&activations=relu").config;
    assert!(c.network.hidden.iter().all(|h| h.activation == Activation::Relu));
    let parsed = from_query("hidden=3,3&activations=relu,sigmoid,tanh");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(
        parsed.config.activations(),
        [Activation::Relu, Activation::Sigmoid, Activation::Tanh]
    );
}

#[test]
fn percent_encoding_and_empty_queries_work() {
    assert_eq!(from_query("").config, Config::default());
    assert_eq!(from_query("#").config, Config::default());
    let c = from_query("hidden=5%2C5&features=x1%2Cx1x2").config;
    assert_eq!(c.sizes(), [2, 5, 5, 1]);
}

#[test]
fn constants_apply_whatever_the_key_order() {
    let c = from_query("momentum=0.5&optimizer=nesterov&gamma=0.8&schedule=exponential").config;
    assert_eq!(c.training.optimizer, Optimizer::Nesterov { momentum: 0.5 });
    assert_eq!(c.training.schedule, Schedule::Exponential { gamma: 0.8 });
}

#[test]
fn no_hidden_layer_is_written_as_zero_and_reads_back() {
    let mut config = backprop_lab::Config::default();
    config.network.hidden.clear();
    let query = backprop_lab::config::query::to_query(&config);
    assert!(query.contains("hidden.neurons=0&"), "{query}");
    let parsed = from_query(&query);
    assert_eq!(parsed.config, config);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

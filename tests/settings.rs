//! The table of settings: every setting written to a URL and read back, under
//! its path and its old key; a bad value of each dropping that setting alone;
//! bounds errors naming the setting; the catalog's shape.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::config::query::{from_query, to_query};
use backprop_lab::config::table::{SETTINGS, Setting, Value};
use backprop_lab::config::{Catalog, MAX_RATE};
use backprop_lab::{Activation, Config, DatasetKind, Feature, HiddenLayer};

/// The kind settings' names, for the setting's object (`optimizer`).
fn kinds(setting: &Setting) -> Vec<&'static str> {
    SETTINGS.iter().find(|s| s.member() == Some("kind") && s.top() == setting.top()).map_or(
        Vec::new(),
        |kind| match kind.value {
            Value::Choice(choice) => (choice.names)(),
            _ => Vec::new(),
        },
    )
}

/// Configs that have `setting`: the default, then one per kind of its object.
fn bases(setting: &Setting) -> Vec<Config> {
    let mut bases = vec![Config::default()];
    let kind = SETTINGS.iter().find(|s| s.member() == Some("kind") && s.top() == setting.top());
    if let Some(Setting { value: Value::Choice(choice), .. }) = kind {
        for name in kinds(setting) {
            let mut c = Config::default();
            assert!((choice.set)(&mut c, name));
            bases.push(c);
        }
    }
    bases.into_iter().filter(|c| setting.applies(c)).collect()
}

/// Every way this test changes a setting from its base value.
fn changes(setting: &Setting, base: &Config) -> Vec<Config> {
    let mut out = Vec::new();
    let mut with = |change: &dyn Fn(&mut Config)| {
        let mut c = base.clone();
        change(&mut c);
        out.push(c);
    };
    match setting.value {
        Value::Seed(p) => with(&|c| *(p.get_mut)(c).unwrap() += 41),
        Value::Count(p) => {
            for v in [3, 4, 11, 777] {
                with(&|c| *(p.get_mut)(c).unwrap() = v);
            }
        }
        Value::Epochs(p) => with(&|c| *(p.get_mut)(c).unwrap() += 3),
        Value::Number(p) => {
            for v in [0.37, 0.0123, 1.7, 35.0, 1e-7] {
                with(&|c| *(p.get_mut)(c).unwrap() = v);
            }
        }
        Value::Flag(p) => with(&|c| *(p.get_mut)(c).unwrap() ^= true),
        Value::Choice(choice) => {
            for name in (choice.names)() {
                with(&|c| assert!((choice.set)(c, name)));
            }
        }
        Value::Features(p) => {
            with(&|c| *(p.get_mut)(c).unwrap() = vec![Feature::X2, Feature::X1X2, Feature::CosX1])
        }
        Value::Neurons => with(&|c| {
            c.network.hidden = [3, 5, 1]
                .map(|neurons| HiddenLayer { neurons, activation: Activation::Tanh })
                .into()
        }),
        Value::Activations => with(&|c| {
            c.network.hidden[0].activation = Activation::Relu;
            c.network.hidden[1].activation = Activation::LeakyRelu;
        }),
    }
    out
}

/// A valid config with `setting` away from its default, and the text it has there.
fn changed(setting: &Setting) -> (Config, String) {
    for base in bases(setting) {
        for c in changes(setting, &base) {
            if c.validate().is_ok() && setting.text(&c) != setting.text(&Config::default()) {
                let text = setting.text(&c).unwrap();
                return (c, text);
            }
        }
    }
    panic!("{}: no valid value away from the default", setting.path)
}

/// The query with `key`'s value replaced (or the pair dropped if `value` is None).
fn replace(query: &str, key: &str, value: Option<&str>) -> String {
    query
        .split('&')
        .filter_map(|pair| match pair.split_once('=') {
            Some((k, _)) if k == key => value.map(|v| format!("{key}={v}")),
            _ => Some(pair.to_string()),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn every_setting_round_trips_under_its_path_and_its_old_keys() {
    for setting in &SETTINGS {
        let (config, text) = changed(setting);
        let query = to_query(&config);
        assert!(query.contains(&format!("{}={text}", setting.path)), "{query}");
        let parsed = from_query(&query);
        assert_eq!(parsed.config, config, "{}: {query}", setting.path);
        assert!(parsed.warnings.is_empty() && parsed.unknown.is_empty(), "{parsed:?}");
        for alias in setting.aliases {
            let old = query.replace(&format!("{}=", setting.path), &format!("{alias}="));
            let parsed = from_query(&old);
            assert_eq!(parsed.config, config, "{old}");
            assert!(parsed.warnings.is_empty() && parsed.unknown.is_empty(), "{parsed:?}");
        }
    }
}

#[test]
fn a_link_of_old_keys_only_reads_as_the_new_form() {
    let (mut config, _) = changed(Setting::find("optimizer.beta1").unwrap());
    config.network.init = backprop_lab::Init::Uniform { range: 0.2 };
    config.training.schedule = backprop_lab::Schedule::Cosine { t_max: 7, eta_min: 0.01 };
    config.training.regularization = backprop_lab::Regularization::l2(0.5);
    let mut old = to_query(&config);
    for setting in &SETTINGS {
        if let Some(alias) = setting.aliases.first() {
            old = old.replace(&format!("{}=", setting.path), &format!("{alias}="));
        }
    }
    assert!(old.split('&').all(|pair| !pair.split('=').next().unwrap().contains('.')), "{old}");
    let parsed = from_query(&old);
    assert_eq!(parsed.config, config, "{old}");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(to_query(&parsed.config), to_query(&config));
}

#[test]
fn a_bad_value_drops_that_setting_alone() {
    for setting in &SETTINGS {
        let (mut config, _) = changed(setting);
        // Change other settings too, so that keeping them shows.
        config.seed = 99;
        config.training.batch_size = 17;
        config.data.noise = 0.125;
        let query = to_query(&config);
        let bad = match setting.value {
            Value::Flag(_) => "maybe",
            Value::Seed(_) | Value::Count(_) | Value::Epochs(_) | Value::Neurons => "-2",
            _ => "bogus",
        };
        let parsed = from_query(&replace(&query, setting.path, Some(bad)));
        let without = from_query(&replace(&query, setting.path, None));
        assert_eq!(parsed.warnings.len(), 1, "{}: {:?}", setting.path, parsed.warnings);
        let warning = &parsed.warnings[0];
        assert!(warning.starts_with(&format!("{}: \u{201c}{bad}\u{201d} is not ", setting.path)));
        // Unset: the weight seed is the seed's; clipping and the init gain are none.
        let used = setting.text(&parsed.config).unwrap_or_else(|| match setting.value {
            Value::Seed(_) => format!("the seed, {}", config.seed),
            _ => "none".into(),
        });
        assert!(warning.ends_with(&format!("using the default, {used}")), "{warning}");
        assert_eq!(parsed.config, without.config, "{}", setting.path);
        for other in SETTINGS.iter().filter(|s| s.path != setting.path) {
            if other.applies(&parsed.config) && other.top() != setting.top() {
                assert_eq!(other.text(&parsed.config), other.text(&config), "{}", other.path);
            }
        }
    }
}

#[test]
fn a_value_out_of_bounds_drops_that_setting_alone_and_is_named() {
    for setting in SETTINGS.iter().filter(|s| s.bounds.is_some()) {
        let (mut config, _) = changed(setting);
        config.seed = 99;
        config.data.dataset = DatasetKind::Xor;
        let value = match setting.value {
            Value::Count(_) | Value::Epochs(_) => 0.0,
            _ => 10.0 * MAX_RATE,
        };
        let mut bad = config.clone();
        match setting.value {
            Value::Count(p) => *(p.get_mut)(&mut bad).unwrap() = 0,
            Value::Epochs(p) => *(p.get_mut)(&mut bad).unwrap() = 0,
            Value::Number(p) => *(p.get_mut)(&mut bad).unwrap() = value,
            _ => unreachable!("only numbers have bounds"),
        }
        let error = bad.validate().unwrap_err();
        assert_eq!(error.field(), Some(setting.path), "{error}");
        assert!(
            error.to_string().starts_with(&format!("{}: {value} is not allowed", setting.path))
        );

        let parsed = from_query(&to_query(&bad));
        assert_eq!(parsed.warnings.len(), 1, "{}: {:?}", setting.path, parsed.warnings);
        assert!(parsed.warnings[0].starts_with(&error.to_string()), "{:?}", parsed.warnings);
        assert_eq!((parsed.config.seed, parsed.config.data.dataset), (99, DatasetKind::Xor));
        // The setting takes the value it has when it is left out; the rest is kept.
        let without = from_query(&replace(&to_query(&bad), setting.path, None));
        assert!(without.warnings.is_empty(), "{:?}", without.warnings);
        assert_eq!(parsed.config, without.config, "{}", setting.path);
        assert_ne!(parsed.config, Config::default(), "{}", setting.path);
    }
}

#[test]
fn the_new_form_of_a_varied_config_round_trips() {
    let config = Config::from_json(
        r#"{"seed": 12, "dataset": "blobs", "classes": 4, "samples": 300, "noise": 0.2,
            "features": ["x1", "x2", "x1x2"],
            "hidden": [{"neurons": 6, "activation": "relu"}, {"neurons": 3, "activation": "sigmoid"}],
            "output_activation": "softmax", "loss": "softmax_ce",
            "init": {"kind": "uniform", "range": 0.3},
            "regularization": {"kind": "l1", "lambda": 0.001},
            "optimizer": {"kind": "rprop", "eta_minus": 0.4, "step_size_max": 9},
            "schedule": {"kind": "step", "step_size": 4, "gamma": 0.8},
            "learning_rate": 0.2, "batch_size": 7, "shuffle": false}"#,
    )
    .unwrap();
    let query = to_query(&config);
    assert!(
        query.contains("&optimizer.kind=rprop&optimizer.eta_minus=0.4&optimizer.eta_plus=1.2&")
    );
    assert!(query.contains("&init.kind=uniform&init.range=0.3&"), "{query}");
    let parsed = from_query(&query);
    assert_eq!(parsed.config, config);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn the_catalog_has_the_shape_the_page_reads() {
    let catalog = serde_json::to_value(Catalog::new()).unwrap();
    let keys: Vec<&String> = catalog.as_object().unwrap().keys().collect();
    for key in [
        "activations",
        "losses",
        "optimizers",
        "schedules",
        "inits",
        "penalties",
        "datasets",
        "features",
        "limits",
        "defaults",
    ] {
        assert!(keys.iter().any(|k| *k == key), "{key} missing from {keys:?}");
    }
    assert_eq!(catalog["activations"][2], "tanh");
    let bce = &catalog["losses"].as_array().unwrap().iter().find(|l| l["name"] == "bce").unwrap();
    assert_eq!(bce["outputs"], serde_json::json!(["sigmoid"]));
    assert_eq!(bce["defaultOutput"], "sigmoid");
    assert_eq!(bce["targetRange"], serde_json::json!({"sigmoid": [0.0, 1.0]}));
    assert_eq!(bce["fromLogits"], true);
    let adam = &catalog["optimizers"][5];
    assert_eq!(adam["name"], "adam");
    assert_eq!(
        adam["defaults"],
        serde_json::json!({"kind": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    );
    assert_eq!(
        catalog["schedules"][3]["defaults"],
        serde_json::json!({"kind": "cosine", "t_max": 100, "eta_min": 0.0})
    );
    assert_eq!(
        catalog["inits"][5]["defaults"],
        serde_json::json!({"kind": "uniform", "range": 0.5})
    );
    assert_eq!(catalog["penalties"], serde_json::json!(["none", "l1", "l2"]));
    let sine =
        catalog["datasets"].as_array().unwrap().iter().find(|d| d["name"] == "sine").unwrap();
    assert_eq!(sine, &serde_json::json!({"name": "sine", "problem": "regression", "dims": 1}));
    assert_eq!(
        catalog["features"][4],
        serde_json::json!({"name": "x1x2", "label": "X₁X₂", "usesX2": true})
    );
    assert_eq!(
        catalog["limits"],
        serde_json::json!({"maxSamples": 100000, "maxRate": 1000.0, "extent": 6.0})
    );
    assert_eq!(catalog["defaults"], serde_json::to_value(Config::default()).unwrap());
    assert_eq!(catalog["defaults"]["hidden"][0]["neurons"], 4);
    assert_eq!(catalog["defaults"]["batch_size"], 10);
}

//! A trained run saved as a model file and loaded again continues
//! bit-identically to never having stopped; a damaged or foreign file is
//! refused with a message that says what does not fit.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::session::drawn;
use backprop_lab::table::{ReadOptions, Selection, Table, TargetKind};
use backprop_lab::{Activation, Config, Loss, Optimizer, Regularization, Session};

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// Trains `original` on and a copy loaded from its model file alike, and
/// checks that they stay bit-identical.
fn continues_identically(mut original: Session) {
    let json = original.model_json().unwrap();
    let mut loaded = Session::from_model_json(&json).unwrap();
    assert_eq!(loaded.config(), original.config());
    assert_eq!(bits(loaded.network().params()), bits(original.network().params()));
    assert_eq!(loaded.trainer().progress(), original.trainer().progress());
    assert_eq!(loaded.trainer().optimizer(), original.trainer().optimizer());
    assert_eq!(loaded.history().len(), original.history().len());
    for session in [&mut original, &mut loaded] {
        session.train_batches(17);
        session.train_epochs(2);
    }
    assert_eq!(bits(loaded.network().params()), bits(original.network().params()));
    let losses =
        |s: &Session| s.history().iter().map(|m| m.train_loss.to_bits()).collect::<Vec<_>>();
    assert_eq!(losses(&loaded), losses(&original));
    // Saved again, the file is the same.
    assert_eq!(loaded.model_json().unwrap(), original.model_json().unwrap());
}

#[test]
fn every_optimizer_continues_bit_identically_from_the_middle_of_an_epoch() {
    for name in Optimizer::ALL_NAMES {
        let mut config = Config::default();
        config.data.dataset = backprop_lab::DatasetKind::Spiral;
        config.training.optimizer = Optimizer::from_name(name).unwrap();
        config.training.regularization = Regularization::l2(0.001);
        config.training.learning_rate = 0.01;
        config.weight_seed = Some(5);
        let mut session = Session::new(config).unwrap();
        session.train_epochs(3);
        session.train_batches(7); // mid-epoch, the order shuffled three times
        continues_identically(session);
    }
}

#[test]
fn a_run_on_a_table_saves_its_rows_and_continues() {
    let path = format!("{}/www/data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let table = Table::read(&std::fs::read(path).unwrap(), ReadOptions::default()).unwrap();
    let selection = Selection {
        inputs: vec![0, 1, 2, 3],
        target: 4,
        kind: TargetKind::Auto,
        standardize: true,
    };
    let mut config = Config::default();
    config.network.loss = Loss::SoftmaxCe;
    config.network.output_activation = Activation::Softmax;
    config.training.optimizer = Optimizer::from_name("adam").unwrap();
    let mut session = Session::with_table(config, table.data(&selection).unwrap()).unwrap();
    session.train_batches(25);
    let loaded = Session::from_model_json(&session.model_json().unwrap()).unwrap();
    assert_eq!(loaded.table(), session.table());
    continues_identically(session);
}

#[test]
fn a_run_on_drawn_points_saves_them_and_continues() {
    let mut config = Config::default();
    config.training.optimizer = Optimizer::from_name("rmsprop").unwrap();
    let mut session = Session::new(config.clone()).unwrap();
    session.train_batches(30);
    // The generated points taken over and edited: every third one erased.
    let points = session.points().unwrap().clone();
    let labels = drawn::label_numbers(&points);
    let (mut coords, mut kept) = (Vec::new(), Vec::new());
    for i in (0..points.len()).filter(|i| i % 3 != 0) {
        coords.extend_from_slice(points.point(i));
        kept.push(labels[i]);
    }
    session.set_points(drawn::points_for(&config, &coords, &kept).unwrap()).unwrap();
    session.train_batches(23);
    let json = session.model_json().unwrap();
    let loaded = Session::from_model_json(&json).unwrap();
    assert!(loaded.drawn());
    assert_eq!(loaded.points(), session.points());
    continues_identically(session);
    // Drawn points that do not fit the file's own config are named.
    let mut model: serde_json::Value = serde_json::from_str(&json).unwrap();
    model["drawn"]["labels"][4] = 7.into();
    let text = Session::from_model_json(&model.to_string()).map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        text,
        "could not read the model: its drawn points do not fit its config: point 5, class: 7 is not allowed; expected one of the 2 classes, 0 to 1"
    );
}

#[test]
fn a_file_that_is_not_a_model_or_does_not_fit_is_refused() {
    let mut session = Session::new(Config::default()).unwrap();
    session.train_epochs(2);
    let n = session.network().layout().n_params();
    let good: serde_json::Value = serde_json::from_str(&session.model_json().unwrap()).unwrap();
    let message = |json: &str| Session::from_model_json(json).map(|_| ()).unwrap_err().to_string();
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut model = good.clone();
        edit(&mut model);
        message(&model.to_string())
    };
    assert!(message("{not json").contains("not JSON"));
    assert!(message(r#"{"seed": 1}"#).contains("not a Backprop Lab model"));
    assert!(edited(&|m| m["version"] = 2.into()).contains("file version 2"));
    assert!(
        edited(&|m| m["params"].as_array_mut().unwrap().pop().map(|_| ()).unwrap())
            .contains(&format!("{} weights and biases, but its config's network has {n}", n - 1))
    );
    assert!(edited(&|m| m["config"]["learning_rate"] = "fast".into()).contains("learning_rate"));
    assert!(edited(&|m| m["progress"]["order"][0] = 1.into()).contains("not an order of the 250"));
    assert!(edited(&|m| m["params"][3] = "x".into()).contains("params"));
    assert!(
        edited(&|m| m["optimizer"]["buffers"] = serde_json::json!([["velocity", []]]))
            .contains("velocity")
    );
    assert!(
        edited(&|m| {
            m.as_object_mut().unwrap().remove("progress");
        })
        .contains("`progress` is missing")
    );
}

/// The iris table, standardized, and a config that suits it.
fn iris() -> (Config, backprop_lab::table::TableData) {
    let path = format!("{}/www/data/iris.csv", env!("CARGO_MANIFEST_DIR"));
    let table = Table::read(&std::fs::read(path).unwrap(), ReadOptions::default()).unwrap();
    let selection = Selection {
        inputs: vec![0, 1, 2, 3],
        target: 4,
        kind: TargetKind::Auto,
        standardize: true,
    };
    let mut config = Config::default();
    config.network.loss = Loss::SoftmaxCe;
    config.network.output_activation = Activation::Softmax;
    config.training.optimizer = Optimizer::from_name("adam").unwrap();
    (config, table.data(&selection).unwrap())
}

fn tree(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap()
}

/// Trains `original` and `restored` alike and checks they stay bit-identical.
fn train_alike(mut original: Session, mut restored: Session) {
    assert_eq!(bits(restored.network().params()), bits(original.network().params()));
    assert_eq!(restored.trainer().progress(), original.trainer().progress());
    assert_eq!(restored.trainer().optimizer(), original.trainer().optimizer());
    for session in [&mut original, &mut restored] {
        session.train_batches(13);
        session.train_epochs(2);
    }
    assert_eq!(bits(restored.network().params()), bits(original.network().params()));
    assert_eq!(restored.trainer().progress(), original.trainer().progress());
}

#[test]
fn a_links_state_on_its_config_continues_bit_identically() {
    let mut config = Config::default();
    config.training.optimizer = Optimizer::from_name("momentum").unwrap();
    config.training.regularization = Regularization::l2(0.001);
    let mut session = Session::new(config.clone()).unwrap();
    session.train_epochs(3);
    session.train_batches(7);
    let state = session.state_json(false, false).unwrap();
    // The address holds the config and the seed gives the order: neither is in it, nor the history.
    let parsed = tree(&state);
    for key in ["config", "table", "history"] {
        assert!(parsed.get(key).is_none(), "{key} left out");
    }
    assert!(parsed["progress"].get("order").is_none(), "the seeded order left out");
    assert_eq!(parsed["progress"]["batches"], session.trainer().progress().batches);
    // Opened on a fresh page: the address's config, then the state.
    let fresh = Session::new(config).unwrap();
    let restored = fresh.restored(&parsed).unwrap();
    assert_eq!(restored.history().len(), 1, "the history starts at the shared moment");
    assert_eq!(restored.history()[0].epoch, 3);
    assert_eq!(restored.timeline().len(), 1);
    // The fresh run it was put on is as it was.
    assert_eq!(fresh.trainer().progress().batches, 0);
    // What a tab keeps for a reload has the history too.
    let kept = fresh.restored(&tree(&session.state_json(false, true).unwrap())).unwrap();
    assert_eq!(kept.history(), session.history());
    train_alike(session, restored);
}

#[test]
fn a_links_state_names_a_built_in_table_or_carries_an_imported_ones_rows() {
    let (config, data) = iris();
    let mut session = Session::with_table(config.clone(), data.clone()).unwrap();
    session.train_batches(23);
    // A built-in set: the page reopens it by name, so no rows.
    let named = session.state_json(false, false).unwrap();
    assert!(tree(&named).get("table").is_none());
    let reopened = Session::with_table(config.clone(), data).unwrap();
    train_alike(session.clone(), reopened.restored(&tree(&named)).unwrap());
    // An imported file: the rows travel with the state, onto whatever the page opened.
    let carried = session.state_json(true, false).unwrap();
    let opened = Session::new(config).unwrap();
    let restored = opened.restored(&tree(&carried)).unwrap();
    assert_eq!(restored.table(), session.table());
    train_alike(session, restored);
}

#[test]
fn a_state_on_other_data_or_another_network_is_refused() {
    let mut session = Session::new(Config::default()).unwrap();
    session.train_epochs(2);
    let state = tree(&session.state_json(false, false).unwrap());
    let refused = |config: Config| {
        Session::new(config).unwrap().restored(&state).map(|_| ()).unwrap_err().to_string()
    };
    let seed = Config { seed: 2, ..Config::default() };
    assert!(refused(seed).contains("trained on other data"), "another seed");
    let mut noise = Config::default();
    noise.data.noise = 0.3;
    assert!(refused(noise).contains("trained on other data"), "other points");
    let mut wider = Config::default();
    wider.network.hidden[0].neurons = 5;
    assert!(refused(wider).contains("weights and biases"), "another network");
    let mut adam = Config::default();
    adam.training.optimizer = Optimizer::from_name("adam").unwrap();
    assert!(refused(adam).contains("optimizer state"), "another optimizer's state");
    // A learning rate changed in the address: the weights fit, training goes on at the new rate.
    let mut faster = Config::default();
    faster.training.learning_rate = 0.1;
    let restored = Session::new(faster).unwrap().restored(&state).unwrap();
    assert_eq!(bits(restored.network().params()), bits(session.network().params()));
}

#[test]
fn a_model_file_checks_its_data_and_reads_files_from_before_the_check() {
    let mut session = Session::new(Config::default()).unwrap();
    session.train_epochs(2);
    let mut model = tree(&session.model_json().unwrap());
    assert_eq!(model["data_check"], session.data_check().as_str());
    model["data_check"] = "0000000000000000".into();
    let message = Session::from_model(&model).map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("trained on other data"), "{message}");
    model.as_object_mut().unwrap().remove("data_check");
    let loaded = Session::from_model(&model).unwrap();
    assert_eq!(bits(loaded.network().params()), bits(session.network().params()));
}

#[test]
fn replaying_an_absurd_number_of_shuffles_is_refused() {
    let session = Session::new(Config::default()).unwrap();
    let mut state = tree(&session.state_json(false, false).unwrap());
    state["progress"]["shuffles"] = 1e12.into();
    let message = session.restored(&state).map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("would hold the page too long"), "{message}");
}

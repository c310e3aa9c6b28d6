//! The JavaScript API in a real browser (headless Chromium): run with
//! `wasm-pack test --headless --chrome` or `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use backprop_lab::wasm::{CsvTable, Lab};
use js_sys::{Float32Array, Float64Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().unwrap_or_else(|| panic!("{key} is not a number"))
}

fn f64s(value: &JsValue, key: &str) -> Vec<f64> {
    get(value, key).dyn_into::<Float64Array>().unwrap_or_else(|_| panic!("{key}")).to_vec()
}

/// A config object as JavaScript would write it.
fn config(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// The message of the JS `Error` a call threw.
fn error_message(result: Result<impl Sized, wasm_bindgen::JsError>) -> String {
    let Err(error) = result else { panic!("expected an error") };
    let value = JsValue::from(error);
    let error: js_sys::Error = value.dyn_into().expect("a JS Error");
    error.message().into()
}

#[wasm_bindgen_test]
fn runs_in_a_browser_window() {
    let window = web_sys::window().expect("a browser window");
    assert!(window.performance().is_some());
}

#[wasm_bindgen_test]
fn builds_from_a_partial_config_and_trains() {
    let mut lab =
        Lab::new(config(r#"{"dataset": "xor", "hidden": [{"neurons": 6, "activation": "relu"}]}"#))
            .unwrap();
    let cfg = lab.config();
    assert_eq!(get(&cfg, "dataset").as_string().unwrap(), "xor");
    assert_eq!(number(&cfg, "learning_rate"), 0.03, "missing settings take their defaults");
    let before = number(&get(&lab.snapshot(), "metrics"), "train_loss");
    let report = lab.train_epochs(30);
    assert_eq!(number(&report, "epochs"), 30.0);
    assert_eq!(get(&report, "diverged").as_bool(), Some(false));
    assert_eq!(lab.epoch(), 30.0);
    assert_eq!(lab.examples(), 30.0 * 250.0);
    let after = number(&get(&lab.snapshot(), "metrics"), "train_loss");
    assert!(after < 0.5 * before, "loss {before} -> {after}");
    let history = lab.history(0);
    assert_eq!(number(&history, "length"), 31.0);
    assert_eq!(f64s(&history, "trainLoss").len(), 31);
    assert_eq!(f64s(&lab.history(29), "epoch"), [29.0, 30.0]);
}

#[wasm_bindgen_test]
fn the_snapshot_holds_parameters_gradients_update_and_state() {
    let mut lab =
        Lab::new(config(r#"{"optimizer": {"kind": "adam"}, "learning_rate": 0.01}"#)).unwrap();
    lab.train_batches(3);
    let snapshot = lab.snapshot();
    let params = f64s(&snapshot, "params");
    assert_eq!(params.len(), 2 * 4 + 4 * 2 + 2 + 4 + 2 + 1);
    assert_eq!(number(&snapshot, "nWeights"), 18.0);
    assert_eq!(f64s(&snapshot, "grads").len(), params.len());
    let delta = f64s(&snapshot, "delta");
    assert!(delta.iter().any(|&d| d != 0.0));
    let optimizer = get(&snapshot, "optimizer");
    assert_eq!(get(&optimizer, "name").as_string().unwrap(), "adam");
    assert_eq!(number(&optimizer, "steps"), 3.0);
    let state = get(&optimizer, "state");
    assert_eq!(f64s(&state, "exp_avg").len(), params.len());
    assert_eq!(f64s(&state, "exp_avg_sq").len(), params.len());
    let batch: js_sys::Uint32Array = get(&snapshot, "batch").dyn_into().unwrap();
    assert_eq!(batch.length(), 10);
}

#[wasm_bindgen_test]
fn the_grid_holds_every_neuron_at_every_pixel() {
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    let grid: Float32Array = lab.evaluate_grid(50, None).unwrap();
    // 4 + 2 + 1 neurons, 50 × 50 pixels each.
    assert_eq!(grid.length(), 7 * 2500);
    let values = grid.to_vec();
    assert!(values.iter().all(|v| (-1.0..=1.0).contains(v)), "tanh outputs");
    // The output map matches a single example run at a pixel's point: pixel
    // (row 0, col 0) of a 50-grid sits at (−5.88, 5.88).
    let output = &values[6 * 2500..];
    assert!(output.iter().any(|&v| v != output[0]), "the output varies over the plane");
    // Filling the same array again: no new allocation, new values.
    lab.train_epochs(5);
    let again = lab.evaluate_grid(50, Some(grid.clone())).unwrap();
    assert!(js_sys::Object::is(&again, &grid), "the array passed in is reused");
    assert_ne!(grid.to_vec(), values, "and holds the trained network's values");
    let maps = Lab::feature_maps(vec!["x1".into(), "x2".into()], 50, 2).unwrap().to_vec();
    assert_eq!(maps.len(), 2 * 2500);
    assert!((maps[0] - (-5.88)).abs() < 1e-5 && (maps[2500] - 5.88).abs() < 1e-5);
    assert!(
        error_message(lab.evaluate_grid(100_000, None))
            .contains("resolution: 100000 is not allowed")
    );
    assert!(error_message(Lab::feature_maps(vec!["x3".into()], 10, 2)).contains("features: x3"));
}

#[wasm_bindgen_test]
fn a_weight_set_by_hand_changes_the_output() {
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    let index = lab.bias_index(2, 0).unwrap();
    lab.set_param(index, 0.75).unwrap();
    assert_eq!(f64s(&lab.snapshot(), "params")[index as usize], 0.75);
    let w = lab.weight_index(0, 1, 1).unwrap();
    assert_eq!(w, 3);
    let example = lab.example("train", 0).unwrap();
    let z_out = get(&example, "z");
    let z_out: Float64Array = js_sys::Array::from(&z_out).get(2).dyn_into().unwrap();
    let a1: Float64Array = js_sys::Array::from(&get(&example, "a")).get(1).dyn_into().unwrap();
    let params = f64s(&lab.snapshot(), "params");
    // z of the output = w · a1 + b with the bias just set.
    let expected = params[16] * a1.get_index(0) + params[17] * a1.get_index(1) + 0.75;
    assert!((z_out.get_index(0) - expected).abs() < 1e-12);
    assert!(error_message(lab.set_param(9999, 1.0)).contains("parameter: 9999 is not allowed"));
    assert!(error_message(lab.set_param(index, f64::NAN)).contains("a finite number"));
}

#[wasm_bindgen_test]
fn engine_errors_arrive_as_js_errors_with_the_message() {
    let message = error_message(Lab::new(config(r#"{"learning_rate": -1}"#)));
    assert_eq!(message, "learning_rate: -1 is not allowed; expected a number from 0 to 1000");
    let message = error_message(Lab::new(config(r#"{"dataset": "donut"}"#)));
    assert!(message.contains("unknown variant `donut`"), "{message}");
    let message = error_message(Lab::from_json("{\"batch_size\": 0}"));
    assert!(message.starts_with("batch_size: 0 is not allowed"), "{message}");
    // A failed change leaves the lab as it was.
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    let before = f64s(&lab.snapshot(), "params");
    assert!(error_message(lab.set_config(config(r#"{"noise": 5}"#))).starts_with("noise: 5"));
    assert_eq!(f64s(&lab.snapshot(), "params"), before);
    assert!(error_message(lab.example("validation", 0)).contains("\"train\" or \"test\""));
}

#[wasm_bindgen_test]
fn the_url_query_round_trips_and_reports_bad_values() {
    let lab = Lab::new(config(r#"{"dataset": "spiral", "noise": 0.25}"#)).unwrap();
    let parsed = Lab::parse_query(&lab.query());
    assert_eq!(get(&get(&parsed, "config"), "dataset").as_string().unwrap(), "spiral");
    assert_eq!(js_sys::Array::from(&get(&parsed, "warnings")).length(), 0);
    let parsed = Lab::parse_query("#learning_rate=oops&edges=gradient");
    let warnings = js_sys::Array::from(&get(&parsed, "warnings"));
    assert_eq!(warnings.length(), 1);
    assert!(warnings.get(0).as_string().unwrap().starts_with("learning_rate"));
    assert_eq!(js_sys::Array::from(&get(&parsed, "unknown")).length(), 1);
    let seed = Lab::random_seed();
    assert!(seed < 1_000_000);
}

#[wasm_bindgen_test]
fn an_architecture_change_keeps_training_going() {
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    lab.train_epochs(2);
    let first_weights = f64s(&lab.snapshot(), "params")[..8].to_vec();
    lab.set_config(config(
        r#"{"hidden": [{"neurons": 5, "activation": "tanh"}, {"neurons": 2, "activation": "tanh"}]}"#,
    ))
    .unwrap();
    let params = f64s(&lab.snapshot(), "params");
    assert_eq!(&params[..8], first_weights.as_slice(), "the first 4 neurons keep their weights");
    assert_eq!(lab.epoch(), 2.0);
    lab.train_epochs(1);
    assert_eq!(lab.epoch(), 3.0);
}

#[wasm_bindgen_test]
fn given_data_and_given_weights() {
    // 3 inputs, 2 outputs, 4 examples.
    let inputs: Vec<f64> = (0..12).map(|i| i as f64 / 12.0).collect();
    let targets = vec![1.0, -1.0, -1.0, 1.0, 1.0, 1.0, -1.0, -1.0];
    let mut lab = Lab::with_data(
        config(r#"{"hidden": [{"neurons": 3, "activation": "tanh"}]}"#),
        inputs.clone(),
        targets.clone(),
        3,
        2,
    )
    .unwrap();
    let sizes = get(&lab.snapshot(), "sizes");
    assert_eq!(js_sys::Array::from(&sizes).length(), 3);
    let params = f64s(&lab.snapshot(), "params");
    assert_eq!(params.len(), 3 * 3 + 3 * 2 + 3 + 2);
    let zeros = vec![0.25; params.len()];
    lab.set_params(&zeros).unwrap();
    assert_eq!(f64s(&lab.snapshot(), "params"), zeros);
    lab.set_record_metrics(false);
    lab.train_epochs(5);
    assert_eq!(number(&lab.history(0), "length"), 1.0, "no metrics while they are off");
    assert!(
        error_message(lab.set_params(&[1.0])).contains("parameters: expected 20 values, got 1")
    );
    assert!(
        error_message(Lab::with_data(JsValue::UNDEFINED, inputs, targets, 5, 2))
            .starts_with("inputs: 12 numbers is not allowed")
    );
}

fn params(lab: &Lab) -> Vec<u64> {
    f64s(&lab.snapshot(), "params").iter().map(|v| v.to_bits()).collect()
}

#[wasm_bindgen_test]
fn stepping_through_a_batch_from_javascript() {
    let mut stepped =
        Lab::new(config(r#"{"optimizer": {"kind": "adam"}, "learning_rate": 0.01}"#)).unwrap();
    let mut trained =
        Lab::new(config(r#"{"optimizer": {"kind": "adam"}, "learning_rate": 0.01}"#)).unwrap();
    assert!(stepped.step_state().is_null());
    let mut kinds = Vec::new();
    loop {
        let phase = stepped.step_phase().unwrap();
        let kind = get(&phase, "kind").as_string().unwrap();
        kinds.push(kind.clone());
        if kind == "update" {
            break;
        }
    }
    assert_eq!(kinds.len(), 3 * 4 + 2);
    assert_eq!(kinds[0], "forward_z");
    assert_eq!(kinds[6], "loss");
    assert_eq!(kinds[7], "backward_delta");
    let state = stepped.step_state();
    assert_eq!(number(&state, "done"), 14.0);
    assert_eq!(get(&state, "complete").as_bool(), Some(true));
    assert_eq!(f64s(&get(&state, "loss"), "examples").len(), 10);
    assert_eq!(f64s(&get(&state, "before"), "params").len(), 25);
    trained.train_batches(1);
    assert_eq!(params(&stepped), params(&trained), "a stepped batch equals a trained one");

    // Back over the update, and forward again.
    assert!(stepped.back_phase().unwrap());
    assert_eq!(number(&stepped.step_state(), "done"), 13.0);
    stepped.step_phase().unwrap();
    assert_eq!(params(&stepped), params(&trained));

    stepped.run_to("epoch").unwrap();
    trained.train_epochs(1);
    assert_eq!(params(&stepped), params(&trained));
    assert!(error_message(stepped.run_to("week")).contains("until: week is not allowed"));
}

#[wasm_bindgen_test]
fn the_gradient_check_agrees_everywhere() {
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    lab.train_epochs(3);
    let results = js_sys::Array::from(&lab.grad_check(None).unwrap());
    assert_eq!(results.length(), 25);
    for row in results.iter() {
        assert_eq!(get(&row, "agrees").as_bool(), Some(true), "{:?}", number(&row, "index"));
        assert!(number(&row, "relativeError") < 1e-5);
    }
    let one = js_sys::Array::from(&lab.grad_check(Some(vec![5])).unwrap());
    assert_eq!(number(&one.get(0), "index"), 5.0);
    assert!(error_message(lab.grad_check(Some(vec![99]))).contains("parameter index: 99"));
}

#[wasm_bindgen_test]
fn the_timeline_shows_the_past_and_resuming_replaces_the_future() {
    let mut lab = Lab::new(JsValue::UNDEFINED).unwrap();
    lab.train_epochs(5);
    assert_eq!(number(&lab.timeline(), "length"), 6.0);
    let mut reference = Lab::new(JsValue::UNDEFINED).unwrap();
    reference.train_epochs(2);
    lab.view_at(2).unwrap();
    assert_eq!(number(&lab.timeline(), "viewing"), 2.0);
    assert_eq!(lab.epoch(), 2.0);
    assert_eq!(params(&lab), params(&reference));
    assert_eq!(number(&lab.history(0), "length"), 6.0, "the present's history is still there");
    lab.view_present();
    assert_eq!(lab.epoch(), 5.0);
    lab.view_at(2).unwrap();
    lab.train_epochs(1);
    reference.train_epochs(1);
    assert_eq!(params(&lab), params(&reference));
    assert_eq!(number(&lab.timeline(), "length"), 4.0, "the future was replaced");
    assert_eq!(number(&lab.timeline(), "viewing"), -1.0);
    assert!(error_message(lab.view_at(40)).contains("timeline entry: 40"));
}

#[wasm_bindgen_test]
fn a_csv_file_previews_trains_and_exports() {
    let csv = b"a;b;kind\n0,5;1;x\n1;0;y\n1;1;x\n0;0;y\n2;1;x\n1;2;y\n";
    let preview = Lab::preview_csv(csv).unwrap();
    assert_eq!(get(&preview, "delimiter").as_string().unwrap(), ";");
    assert_eq!(number(&preview, "rows"), 6.0);
    let columns: js_sys::Array = get(&preview, "columns").dyn_into().unwrap();
    assert_eq!(get(&columns.get(2), "numeric").as_bool(), Some(false));
    assert_eq!(number(&columns.get(2), "distinct"), 2.0);

    let selection = config(r#"{"inputs": [0, 1], "target": 2, "standardize": true}"#);
    let cfg = config(
        r#"{"loss": "softmax_ce", "output_activation": "softmax", "train_fraction": 1, "hidden": [{"neurons": 3, "activation": "tanh"}]}"#,
    );
    let mut lab = Lab::with_csv(cfg, csv, selection).unwrap();
    assert_eq!(get(&lab.snapshot(), "sizes").dyn_into::<js_sys::Array>().unwrap().length(), 3);
    let table = lab.table();
    let classes: js_sys::Array = get(&table, "classNames").dyn_into().unwrap();
    assert_eq!(classes.get(1).as_string().unwrap(), "y");
    lab.train_epochs(5);
    assert_eq!(lab.epoch(), 5.0);
    assert!(lab.data_csv().starts_with("a,b,kind\n0.5,1,x\n"), "{}", lab.data_csv());

    // Bad files and choices are errors naming the problem.
    let message = error_message(Lab::preview_csv(b"a,b\n1,2\n3\n"));
    assert!(message.contains("line 3"), "{message}");
    let message = error_message(Lab::with_csv(
        JsValue::UNDEFINED,
        csv,
        config(r#"{"inputs": [2], "target": 0}"#),
    ));
    assert!(message.contains("line 2, column 3"), "{message}");
    let message = error_message(Lab::with_csv(JsValue::UNDEFINED, csv, config(r#"{"target": 0}"#)));
    assert!(message.contains("column choice"), "{message}");
}

#[wasm_bindgen_test]
fn a_csv_table_read_once_makes_the_same_lab_as_with_csv() {
    let csv = b"a;b;c;kind\n0,5;1;7;x\n1;0;-2;y\n1;1;3;x\n0;0;0,25;y\n2;1;9;z\n1;2;4;y\n";
    let table = CsvTable::new(csv).unwrap();
    let json = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(json(&table.preview()), json(&Lab::preview_csv(csv).unwrap()));
    let cfg = r#"{"loss": "softmax_ce", "output_activation": "softmax", "seed": 4, "train_fraction": 0.5}"#;
    let values =
        r#"{"loss": "mse", "output_activation": "linear", "seed": 4, "train_fraction": 0.5}"#;
    for (settings, choice) in [
        (cfg, r#"{"inputs": [0, 1, 2], "target": 3, "standardize": true}"#),
        (values, r#"{"inputs": [0, 1], "target": 2, "kind": "values"}"#),
        (cfg, r#"{"inputs": [2, 0], "target": 1, "kind": "classes", "standardize": true}"#),
    ] {
        let mut expected = Lab::with_csv(config(settings), csv, config(choice)).unwrap();
        let data = table.data(config(choice)).unwrap();
        let mut labs = [
            Lab::with_table(config(settings), &table, config(choice)).unwrap(),
            Lab::with_table_data(config(settings), data).unwrap(),
        ];
        expected.train_epochs(3);
        for lab in &mut labs {
            assert_eq!(json(&lab.table()), json(&expected.table()), "{choice}");
            lab.train_epochs(3);
            assert_eq!(params(lab), params(&expected), "{choice}");
            assert_eq!(lab.data_csv(), expected.data_csv(), "{choice}");
        }
    }
    // The same errors as withCsv, from the table read once and from its data.
    let bad = config(r#"{"inputs": [3], "target": 0}"#);
    let message = error_message(table.data(bad.clone()));
    assert_eq!(message, error_message(Lab::with_csv(JsValue::UNDEFINED, csv, bad)));
    assert!(message.contains("line 2, column 4"), "{message}");
    assert_eq!(
        error_message(CsvTable::new(b"a,b\n1,2\n3\n")),
        error_message(Lab::preview_csv(b"a,b\n1,2\n3\n"))
    );
    let message = error_message(Lab::with_table_data(
        config(cfg),
        table.data(config(r#"{"inputs": [0, 1], "target": 2, "kind": "values"}"#)).unwrap(),
    ));
    assert!(message.contains("mse"), "a value target needs mse: {message}");
    // Data that does not fit together is refused, naming the field.
    let data = table.data(config(r#"{"inputs": [0, 1], "target": 3}"#)).unwrap();
    get(&data, "classes").dyn_into::<js_sys::Uint32Array>().unwrap().set_index(1, 3);
    let message = error_message(Lab::with_table_data(config(cfg), data.clone()));
    assert!(
        message.starts_with("classes: 3 is not allowed; expected a class from 0 to 2"),
        "{message}"
    );
    Reflect::set(&data, &"means".into(), &Float64Array::new_with_length(1)).unwrap();
    let message = error_message(Lab::with_table_data(config(cfg), data.clone()));
    assert!(message.starts_with("means: expected 2 values, got 1"), "{message}");
    Reflect::set(&data, &"inputs".into(), &JsValue::NULL).unwrap();
    let message = error_message(Lab::with_table_data(config(cfg), data));
    assert!(message.contains("`inputs` must be a Float64Array"), "{message}");
}

#[wasm_bindgen_test]
fn a_model_saved_and_loaded_trains_on_bit_identically() {
    let mut lab = Lab::new(config(
        r#"{"dataset": "spiral", "optimizer": {"kind": "adam"}, "learning_rate": 0.01}"#,
    ))
    .unwrap();
    lab.train_epochs(2);
    lab.train_batches(5);
    let mut loaded = Lab::from_model(&lab.model_json().unwrap()).unwrap();
    lab.train_batches(30);
    loaded.train_batches(30);
    let (a, b) = (f64s(&lab.snapshot(), "params"), f64s(&loaded.snapshot(), "params"));
    assert_eq!(
        a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    assert!(error_message(Lab::from_model("{")).contains("not JSON"));
    assert!(
        error_message(Lab::from_model(r#"{"format": "x"}"#)).contains("not a Backprop Lab model")
    );
}

//! Every parser fed seeded random and mutated input (proptest): the config
//! reader (JSON text, which is also a saved setup file), the URL query and
//! the CSV reader. Properties: nothing panics; every error names the setting,
//! line or column it is about; a valid input read, written and read again
//! gives the same thing.
//!
//! `cargo test` runs 10,000 cases of each; `cargo xtask fuzz [cases]` runs
//! millions (it sets `PROPTEST_CASES`).
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::config::SETTINGS;
use backprop_lab::config::query::{from_query, to_query};
use backprop_lab::table::{ReadOptions, Selection, Table, TargetKind};
use backprop_lab::{Activation, Config, Loss};
use proptest::prelude::*;
use proptest::test_runner::{Config as Runner, RngAlgorithm, TestRng, TestRunner};

/// Cases per property: 10,000 unless `PROPTEST_CASES` says otherwise.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

/// A runner seeded from `name`, so a failure repeats run after run.
fn runner(name: &str) -> TestRunner {
    let mut seed = [0u8; 32];
    for (i, b) in name.bytes().enumerate() {
        seed[i % 32] ^= b;
    }
    let config = Runner { cases: cases(), failure_persistence: None, ..Runner::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

/// True if a message says where the problem is: a setting by its path, a
/// line or a column, or the config as a whole.
fn names_a_place(message: &str) -> bool {
    let settings =
        SETTINGS.iter().flat_map(|s| std::iter::once(s.path).chain(s.aliases.iter().copied()));
    let tops = SETTINGS.iter().map(|s| s.top());
    message.contains("line ")
        || message.contains("column")
        || message.contains("config: ")
        || message.contains("field `")
        || message.contains("hidden[")
        || settings
            .chain(tops)
            .any(|p| message.contains(&format!("{p}:")) || message.contains(&format!("{p} ")))
}

/// Keys a config may have, and some it may not.
fn key() -> impl Strategy<Value = String> {
    let known: Vec<String> = SETTINGS
        .iter()
        .flat_map(|s| {
            [s.top().to_string(), s.path.to_string(), s.member().unwrap_or("kind").to_string()]
        })
        .chain(["neurons", "activation", "learning_rat", "", "__proto__"].map(String::from))
        .collect();
    prop_oneof![4 => proptest::sample::select(known), 1 => "[a-z_.]{0,12}"]
}

/// A value a user could write, of any JSON type.
fn json_leaf() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as J;
    let names = [
        "circle", "spiral", "tanh", "relu", "softmax", "mse", "bce", "adam", "rprop", "step",
        "cosine", "uniform", "l2", "x1", "x1x2", "x1_x2", "NaN",
    ];
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        (-3i64..40).prop_map(J::from),
        prop_oneof![any::<f64>(), -1.5f64..2.0, Just(1e300), Just(0.999_999_9)].prop_map(J::from),
        proptest::sample::select(names.to_vec()).prop_map(J::from),
        "\\PC{0,8}".prop_map(J::from),
    ]
}

fn json_tree() -> impl Strategy<Value = serde_json::Value> {
    json_leaf().prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            proptest::collection::vec((key(), inner), 0..8)
                .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A link: settings under their paths or old keys, with values good and bad.
fn query() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        (-2i64..20).prop_map(|v| v.to_string()),
        (-0.5f64..1.5).prop_map(|v| v.to_string()),
        proptest::sample::select(vec![
            "tanh",
            "adam",
            "softmax_ce",
            "spiral",
            "4,2",
            "0",
            "",
            "x1,x2,x1x2",
            "relu,relu",
            "true",
            "NaN",
            "1e999",
            "%zz",
            "a=b"
        ])
        .prop_map(String::from),
        "\\PC{0,6}",
    ];
    proptest::collection::vec((key(), value), 0..14).prop_map(|pairs| {
        pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    })
}

/// A valid config made through the URL form (which always gives one).
fn valid_config() -> impl Strategy<Value = Config> {
    query().prop_map(|q| from_query(&q).config)
}

/// Text with a few characters deleted, replaced or inserted.
fn mutated(text: String, edits: Vec<(usize, u8, char)>) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, what, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let at = at % chars.len();
        match what % 3 {
            0 => {
                chars.remove(at);
            }
            1 => chars[at] = c,
            _ => chars.insert(at, c),
        }
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, char)>> {
    let c = prop_oneof![
        proptest::sample::select(vec![
            '"', '{', '}', '[', ']', ',', ':', '0', '9', '.', '-', 'e', '&', '=', ';', '\n', '\t'
        ]),
        any::<char>()
    ];
    proptest::collection::vec((any::<usize>(), any::<u8>(), c), 1..4)
}

/// Reads JSON text as a setup file would be read: an error names its place;
/// a config read writes itself and reads back the same.
fn check_json(text: &str) -> Result<(), TestCaseError> {
    match Config::from_json(text) {
        Ok(config) => {
            prop_assert!(config.validate().is_ok());
            let again = Config::from_json(&config.to_json());
            prop_assert_eq!(again.as_ref(), Ok(&config), "{}", text);
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(
                names_a_place(&message),
                "{} gave an error naming no place: {}",
                text,
                message
            );
        }
    }
    Ok(())
}

#[test]
fn config_json_of_any_shape() {
    runner("config_json_of_any_shape")
        .run(&json_tree(), |tree| check_json(&tree.to_string()))
        .unwrap();
}

#[test]
fn setup_files_mutated() {
    runner("setup_files_mutated")
        .run(&(valid_config(), edits()), |(config, edits)| {
            check_json(&mutated(config.to_json(), edits))
        })
        .unwrap();
}

#[test]
fn links_of_any_form() {
    let strategy =
        prop_oneof![query(), (valid_config(), edits()).prop_map(|(c, e)| mutated(to_query(&c), e))];
    runner("links_of_any_form")
        .run(&strategy, |link| {
            let parsed = from_query(&link);
            // Whatever the link, the page gets a valid config, and says why
            // it did not use each setting it dropped.
            prop_assert!(parsed.config.validate().is_ok(), "{}", link);
            for warning in &parsed.warnings {
                prop_assert!(
                    names_a_place(warning),
                    "{}: a warning naming no setting: {}",
                    link,
                    warning
                );
            }
            // What the page writes back reads back the same, with no warning.
            let again = from_query(&to_query(&parsed.config));
            prop_assert_eq!(&again.config, &parsed.config, "{}", link);
            prop_assert!(again.warnings.is_empty(), "{}: {:?}", link, again.warnings);
            Ok(())
        })
        .unwrap();
}

/// A CSV cell: numbers, text, empties, quotes, delimiters inside quotes.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-1e4f64..1e4).prop_map(|v| v.to_string()),
        1 => proptest::sample::select(vec!["", "NaN", "inf", "-inf", "0,5", "\"a,b\"", "\"q\"\"q\"", "cat", "dog", "1e400", " 3 "]).prop_map(String::from),
        1 => "\\PC{0,5}",
    ]
}

fn csv_text() -> impl Strategy<Value = String> {
    let delimiter = proptest::sample::select(vec![",", ";", "\t"]);
    (delimiter, 1usize..6, 0usize..8, any::<bool>()).prop_flat_map(|(d, width, rows, header)| {
        let row = proptest::collection::vec(cell(), width);
        let ragged = proptest::collection::vec(cell(), 1..7);
        let rows = proptest::collection::vec(prop_oneof![8 => row, 1 => ragged], rows);
        rows.prop_map(move |rows| {
            let mut text = String::new();
            if header {
                text.push_str(&(0..width).map(|c| format!("col{c}")).collect::<Vec<_>>().join(d));
                text.push('\n');
            }
            for row in rows {
                text.push_str(&row.join(d));
                text.push('\n');
            }
            text
        })
    })
}

#[test]
fn csv_of_any_shape_and_bytes() {
    let bytes = prop_oneof![
        4 => csv_text().prop_map(String::into_bytes),
        1 => (csv_text(), edits()).prop_map(|(t, e)| mutated(t, e).into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..64),
    ];
    let strategy =
        (bytes, proptest::collection::vec(0usize..7, 0..4), 0usize..7, 0u8..3, any::<bool>());
    runner("csv_of_any_shape_and_bytes")
        .run(&strategy, |(bytes, inputs, target, kind, standardize)| {
            let table = match Table::read(&bytes, ReadOptions::default()) {
                Ok(table) => table,
                Err(error) => {
                    let message = error.to_string();
                    let placed = names_a_place(&message)
                        || message.contains("empty")
                        || message.contains("rows");
                    prop_assert!(placed, "an error naming no place: {}", message);
                    return Ok(());
                }
            };
            prop_assert!(table.rows() >= 1);
            for column in &table.columns {
                let len = match &column.values {
                    backprop_lab::table::Values::Numbers(v) => v.len(),
                    backprop_lab::table::Values::Text(v) => v.len(),
                };
                prop_assert_eq!(len, table.rows());
            }
            let kind = [TargetKind::Auto, TargetKind::Classes, TargetKind::Values][kind as usize];
            let selection = Selection { inputs, target, kind, standardize };
            match table.data(&selection) {
                Ok(data) => {
                    let examples = data.examples(Loss::SoftmaxCe, Activation::Softmax);
                    prop_assert_eq!(examples.len(), table.rows());
                    prop_assert!(examples.inputs.iter().all(|v| v.is_finite()));
                    prop_assert!(examples.targets.iter().all(|v| v.is_finite()));
                }
                Err(error) => {
                    let message = error.to_string();
                    let placed = names_a_place(&message)
                        || ["inputs", "target", "input column"]
                            .iter()
                            .any(|f| message.starts_with(f));
                    prop_assert!(placed, "an error naming no place: {}", message);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn model_files_mutated() {
    // A small trained run, so each case (which builds a run) stays quick.
    let mut config = Config::default();
    config.data.samples = 24;
    config.network.hidden.truncate(1);
    config.training.optimizer = backprop_lab::Optimizer::from_name("adam").unwrap();
    let mut session = backprop_lab::Session::new(config).unwrap();
    session.train_batches(5);
    let model = session.model_json().unwrap();
    let mut runner = runner("model_files_mutated");
    // Each case builds a whole run: a tenth as many cases as the parsers'.
    let cases = (cases() / 10).max(1);
    runner = TestRunner::new_with_rng(
        Runner { cases, failure_persistence: None, ..Runner::default() },
        runner.new_rng(),
    );
    runner
        .run(&edits(), |edits| {
            let text = mutated(model.clone(), edits);
            match backprop_lab::Session::from_model_json(&text) {
                Ok(loaded) => {
                    // What loads saves and loads back the same.
                    let again = loaded.model_json().unwrap();
                    let reloaded = backprop_lab::Session::from_model_json(&again).unwrap();
                    prop_assert_eq!(reloaded.model_json().unwrap(), again);
                }
                Err(error) => {
                    let message = error.to_string();
                    let placed = names_a_place(&message)
                        || message.contains('`')
                        || [
                            "weights and biases",
                            "format",
                            "version",
                            "optimizer state",
                            "parameters",
                        ]
                        .iter()
                        .any(|part| message.contains(part));
                    prop_assert!(placed, "an error naming no place: {}", message);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn link_states_mutated() {
    // A link's state (no config, no history, the seeded order left out) on
    // the run its address opens: what loads is the same state again.
    let mut config = Config::default();
    config.data.samples = 24;
    config.network.hidden.truncate(1);
    config.training.optimizer = backprop_lab::Optimizer::from_name("rmsprop").unwrap();
    let mut session = backprop_lab::Session::new(config.clone()).unwrap();
    session.train_batches(7);
    let state = session.state_json(false, false).unwrap();
    let fresh = backprop_lab::Session::new(config).unwrap();
    let cases = (cases() / 10).max(1);
    let runner = runner("link_states_mutated");
    let mut runner = TestRunner::new_with_rng(
        Runner { cases, failure_persistence: None, ..Runner::default() },
        runner.clone().new_rng(),
    );
    runner
        .run(&edits(), |edits| {
            let text = mutated(state.clone(), edits);
            let tree: serde_json::Value = match serde_json::from_str(&text) {
                Ok(tree) => tree,
                Err(_) => return Ok(()), // the page reads JSON with the browser's parser first
            };
            match fresh.restored(&tree) {
                Ok(restored) => {
                    let again = restored.state_json(false, false).unwrap();
                    let reread: serde_json::Value = serde_json::from_str(&again).unwrap();
                    prop_assert_eq!(
                        fresh.restored(&reread).unwrap().state_json(false, false).unwrap(),
                        again
                    );
                }
                Err(error) => {
                    let message = error.to_string();
                    let placed = message.contains('`')
                        || [
                            "weights and biases",
                            "format",
                            "version",
                            "optimizer state",
                            "parameters",
                            "other data",
                        ]
                        .iter()
                        .any(|part| message.contains(part));
                    prop_assert!(placed, "an error naming no place: {}", message);
                }
            }
            Ok(())
        })
        .unwrap();
}

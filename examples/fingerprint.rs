//! Prints, for each config in tests/determinism-configs.json, the bits of
//! every parameter and training loss after 30 epochs: the native half of the
//! native-versus-wasm determinism check (tests/determinism.mjs is the other).

use backprop_lab::{Config, Session};

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/determinism-configs.json");
    let configs: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the configs file"))
            .expect("JSON");
    let runs: Vec<serde_json::Value> = configs
        .iter()
        .map(|json| {
            let config = Config::from_json(&json.to_string()).expect("a valid config");
            let mut session = Session::new(config).expect("a session");
            session.train_epochs(30);
            let bits = |values: &mut dyn Iterator<Item = f64>| -> Vec<String> {
                values.map(|v| format!("{:016x}", v.to_bits())).collect()
            };
            serde_json::json!({
                "params": bits(&mut session.network().params().iter().copied()),
                "trainLoss": bits(&mut session.history().iter().map(|m| m.train_loss)),
            })
        })
        .collect();
    println!("{}", serde_json::Value::from(runs));
}

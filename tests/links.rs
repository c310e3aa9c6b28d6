//! Links shared before the URL keys became the JSON paths still open the same
//! setup, and the flat JSON form of a config has not changed.
#![cfg(not(target_arch = "wasm32"))]

use backprop_lab::config::query::from_query;
use backprop_lab::{Config, Feature};

/// `(name, link, json)` for every case of `tests/fixtures/links_v1.txt`.
fn cases() -> Vec<(String, String, String)> {
    let text = include_str!("fixtures/links_v1.txt");
    let lines: Vec<&str> = text.lines().collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(name) = lines[i].strip_prefix("# ").filter(|n| !n.contains(' ')) {
            cases.push((name.to_string(), lines[i + 1].to_string(), lines[i + 2].to_string()));
            i += 3;
        } else {
            i += 1;
        }
    }
    cases
}

#[test]
fn every_link_already_shared_opens_the_same_setup() {
    let cases = cases();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for (name, link, json) in cases {
        let parsed = from_query(&link);
        assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
        assert!(parsed.unknown.is_empty(), "{name}: {:?}", parsed.unknown);
        assert_eq!(parsed.config.to_json(), json, "{name}");
    }
}
#[test]
fn the_flat_json_form_is_unchanged_and_reads_back() {
    for (name, _, json) in cases() {
        let config = Config::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(config.to_json(), json, "{name}");
    }
}

#[test]
fn features_are_written_by_the_names_the_catalog_uses_and_old_setups_still_read() {
    let names: Vec<String> = Feature::ALL.iter().map(|f| f.name().to_string()).collect();
    let config = Config::from_json(&format!(r#"{{"features": {names:?}}}"#)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&config.to_json()).unwrap();
    assert_eq!(json["features"], serde_json::json!(names));
    let old = Config::from_json(r#"{"features": ["x1", "x1_x2"]}"#).unwrap();
    assert_eq!(old.network.features, [Feature::X1, Feature::X1X2]);
}

//! The configuration as a URL query, for the page's address bar: shareable,
//! and forgiving when read. Its keys are the settings' JSON paths
//! (`dataset=circle&hidden.neurons=4,2&optimizer.kind=adam&optimizer.beta1=0.9&…`);
//! the keys of older links (`hidden`, `activations`, `optimizer`, `beta1`, …)
//! are read too.
//!
//! Reading goes: query text → a settings tree in the JSON form (each value
//! typed as its setting says; a value that does not parse stays text) → the
//! one reader ([`super::read`]) → `validate`. A value the reader or
//! `validate` rejects is reported and dropped, so that setting takes its
//! default, and the rest is read again.

use serde_json::{Map, Value as Json};

use crate::config::Config;
use crate::config::read::read;
use crate::config::table::{SETTINGS, Setting, Value, members};

/// What reading a query produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuery {
    /// A valid config: the query's settings where usable, defaults elsewhere.
    pub config: Config,
    /// One message per setting that could not be used.
    pub warnings: Vec<String>,
    /// Keys that are not settings (left for the page to interpret).
    pub unknown: Vec<(String, String)>,
}

/// The config as a query string: every setting it has, in a fixed order.
pub fn to_query(config: &Config) -> String {
    SETTINGS
        .iter()
        .filter_map(|s| s.text(config).map(|text| format!("{}={text}", s.path)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A setting as the query gave it: the key used and the value.
#[derive(Debug, Clone)]
struct Given {
    key: String,
    text: String,
}

fn split(text: &str) -> Vec<&str> {
    if text.is_empty() { Vec::new() } else { text.split(',').map(str::trim).collect() }
}

/// A URL value typed as its setting says, or left as text when it does not parse.
fn typed(setting: &Setting, text: &str) -> Json {
    let as_text = || Json::String(text.to_string());
    match setting.value {
        Value::Seed(_) | Value::Count(_) | Value::Epochs(_) => {
            text.parse::<u64>().map_or_else(|_| as_text(), Json::from)
        }
        Value::Number(_) => match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Json::from(v),
            _ => as_text(),
        },
        Value::Flag(_) => match text {
            "true" | "1" => Json::Bool(true),
            "false" | "0" => Json::Bool(false),
            _ => as_text(),
        },
        Value::Features(_) => Json::Array(split(text).into_iter().map(Json::from).collect()),
        Value::Choice(_) | Value::Neurons | Value::Activations => as_text(),
    }
}

/// The JSON form of the object `top` for a kind named `name`, with that
/// kind's default constants (`{"kind": name}` if there is no such kind).
fn kind_object(kind: &Setting, name: &str) -> Json {
    let mut scratch = Config::default();
    match kind.value {
        Value::Choice(choice) if (choice.set)(&mut scratch, name) => {
            serde_json::to_value(&scratch).expect("a config serializes")[kind.top()].take()
        }
        _ => serde_json::json!({ "kind": name }),
    }
}

/// The settings tree of the given settings, and the warnings that building it
/// gave (a count of activations that does not match the layers).
fn tree_of(given: &[Option<Given>]) -> (Json, Vec<String>) {
    let default = Config::default();
    let mut tree = Map::new();
    let mut warnings = Vec::new();
    for (setting, given) in SETTINGS.iter().zip(given) {
        let Some(Given { key, text }) = given else { continue };
        match (setting.value, setting.member()) {
            (Value::Neurons, _) => {
                let counts: Option<Vec<u64>> =
                    split(text).into_iter().map(|n| n.parse().ok()).collect();
                let Some(mut counts) = counts else {
                    tree.insert(setting.top().into(), Json::String(text.clone()));
                    continue;
                };
                // `hidden=0` (like an empty `hidden=`) is a network with no hidden layer.
                if counts == [0] {
                    counts.clear();
                }
                let hidden = &default.network.hidden;
                let layers = counts.iter().enumerate().map(|(l, &neurons)| {
                    let layer = hidden.get(l).or(hidden.last()).expect("a default layer");
                    serde_json::json!({ "neurons": neurons, "activation": layer.activation })
                });
                tree.insert(setting.top().into(), Json::Array(layers.collect()));
            }
            (Value::Activations, Some(member)) => {
                let layers = tree.entry(setting.top()).or_insert_with(|| {
                    serde_json::to_value(&default.network.hidden).expect("layers serialize")
                });
                let Json::Array(layers) = layers else { continue };
                let names = split(text);
                if names.len() != layers.len() && names.len() > 1 {
                    warnings.push(format!(
                        "{key}: {} given for {} hidden layers; the last one fills the rest",
                        names.len(),
                        layers.len()
                    ));
                }
                for (l, layer) in layers.iter_mut().enumerate() {
                    if let Some(&name) = names.get(l).or(names.last()) {
                        layer[member] = Json::from(name);
                    }
                }
            }
            (_, None) => {
                tree.insert(setting.path.into(), typed(setting, text));
            }
            (_, Some("kind")) => {
                tree.insert(setting.top().into(), kind_object(setting, text));
            }
            (_, Some(member)) => {
                let object = tree.entry(setting.top()).or_insert_with(|| {
                    let kind = members(setting.top()).next().expect("an object's kind");
                    let name = kind.text(&default).expect("a kind has a name");
                    kind_object(kind, &name)
                });
                // A constant the chosen kind does not have is ignored.
                if let Some(slot) = object.get_mut(member) {
                    *slot = typed(setting, text);
                }
            }
        }
    }
    (Json::Object(tree), warnings)
}

/// The given settings an error's path names: that setting, or those of the
/// object or list it names, or else those of the same object.
fn named(path: &str, given: &[Option<Given>]) -> Vec<usize> {
    // `hidden[1].neurons` → `hidden.neurons`
    let mut plain = String::new();
    let mut depth = 0;
    for ch in path.chars() {
        match ch {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => plain.push(ch),
            _ => {}
        }
    }
    let top = plain.split('.').next().unwrap_or("");
    let is_given = |i: &usize| given[*i].is_some();
    let all = 0..SETTINGS.len();
    let exact: Vec<usize> =
        all.clone().filter(|&i| SETTINGS[i].path == plain).filter(is_given).collect();
    if !exact.is_empty() {
        return exact;
    }
    let within: Vec<usize> = all
        .clone()
        .filter(|&i| {
            SETTINGS[i].path.strip_prefix(plain.as_str()).is_some_and(|r| r.starts_with('.'))
        })
        .filter(is_given)
        .collect();
    if !within.is_empty() {
        return within;
    }
    all.filter(|&i| SETTINGS[i].top() == top).filter(is_given).collect()
}

/// A setting dropped, and why: written once the config it falls back to is known.
enum Dropped {
    /// The reader could not use the value.
    Unreadable { setting: usize, given: Given },
    /// `validate` rejected it (the message), for these settings.
    Invalid { message: String, settings: Vec<usize> },
    /// Nothing given could be blamed: everything was dropped.
    Everything { message: String },
}

/// Reads a query (with or without a leading `#` or `?`).
pub fn from_query(query: &str) -> ParsedQuery {
    let query = query.trim_start_matches(['#', '?']);
    let mut given: Vec<Option<Given>> = vec![None; SETTINGS.len()];
    let mut unknown = Vec::new();
    for (key, text) in form_urlencoded::parse(query.as_bytes()) {
        match SETTINGS.iter().position(|s| s.path == key || s.aliases.contains(&key.as_ref())) {
            Some(i) => given[i] = Some(Given { key: key.into(), text: text.trim().into() }),
            None => unknown.push((key.into_owned(), text.into_owned())),
        }
    }

    let (_, mut warnings) = tree_of(&given);
    let mut dropped = Vec::new();
    let config = loop {
        let (tree, _) = tree_of(&given);
        let error = match read(&tree) {
            Err(error) => {
                match named(&error.path, &given).first() {
                    Some(&i) => {
                        let given = given[i].take().expect("named settings were given");
                        dropped.push(Dropped::Unreadable { setting: i, given });
                    }
                    None => {
                        given.iter_mut().for_each(|g| *g = None);
                        dropped.push(Dropped::Everything { message: error.message });
                    }
                }
                continue;
            }
            Ok(config) => match config.validate() {
                Ok(()) => break config,
                Err(error) => error,
            },
        };
        let settings = named(error.field().unwrap_or(""), &given);
        if settings.is_empty() {
            given.iter_mut().for_each(|g| *g = None);
            dropped.push(Dropped::Everything { message: error.to_string() });
        } else {
            settings.iter().for_each(|&i| given[i] = None);
            dropped.push(Dropped::Invalid { message: error.to_string(), settings });
        }
    };

    // An unset weight seed is the seed's; anything else unset is none.
    let text = |i: usize| match SETTINGS[i].text(&config) {
        Some(text) => text,
        None if matches!(SETTINGS[i].value, Value::Seed(_)) => format!("the seed, {}", config.seed),
        None => "none".into(),
    };
    for d in dropped {
        warnings.push(match d {
            Dropped::Unreadable { setting, given: Given { key, text: value } } => format!(
                "{key}: \u{201c}{value}\u{201d} is not {}; using the default, {}",
                SETTINGS[setting].expected(),
                text(setting)
            ),
            Dropped::Invalid { message, settings } => {
                let used: Vec<String> = settings.into_iter().map(text).collect();
                format!("{message}; using {}", used.join(" "))
            }
            Dropped::Everything { message } => {
                format!("{message}; using the default configuration")
            }
        });
    }
    ParsedQuery { config, warnings, unknown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_round_trips() {
        let parsed = from_query(&to_query(&Config::default()));
        assert_eq!(parsed.config, Config::default());
        assert!(parsed.warnings.is_empty());
    }
}

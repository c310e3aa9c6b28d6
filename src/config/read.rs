//! Reading a config from a loosely typed tree: JSON text natively, a plain
//! JavaScript object in the browser (see `wasm.rs`), a URL query once typed
//! (see [`super::query`]), with one set of rules and messages for all, driven
//! by [`SETTINGS`]. Missing settings take their defaults; an unknown
//! setting, a value of the wrong type or an unknown name is an error that
//! says which one and what is allowed. (Range checks come after, in
//! [`Config::validate`].)

use crate::activation::Activation;
use crate::config::table::{SETTINGS, Setting, Value, members, top_level};
use crate::config::{Config, HiddenLayer};
use crate::dataset::Feature;
use crate::error::{Error, Result};

/// A node of a settings tree: an object, an array, a number, a string or a
/// boolean. Absent, null and undefined values are `None` from [`Tree::field`].
pub trait Tree: Sized {
    /// The value under `key`, if this is an object that has it.
    fn field(&self, key: &str) -> Option<Self>;
    /// The keys, if this is an object.
    fn keys(&self) -> Option<Vec<String>>;
    fn number(&self) -> Option<f64>;
    fn text(&self) -> Option<String>;
    fn boolean(&self) -> Option<bool>;
    /// The items, if this is an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The value as a user wrote it, for messages.
    fn describe(&self) -> String;
}

impl Tree for serde_json::Value {
    fn field(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null()).cloned()
    }
    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|o| o.keys().cloned().collect())
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
    fn describe(&self) -> String {
        self.to_string()
    }
}

/// Why a tree could not be read: the path of the value at fault
/// (`optimizer.beta1`, `hidden[1].activation`, `config` for the whole) and
/// the message.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Error {
        Error::Parse { what: "config".into(), message: e.message }
    }
}

type Read<T> = std::result::Result<T, ReadError>;

fn fail(path: &str, message: String) -> ReadError {
    ReadError { path: path.to_string(), message }
}

fn type_error<T: Tree>(field: &str, value: &T, expected: &str) -> ReadError {
    fail(field, format!("{field}: {} is not {expected}", value.describe()))
}

/// The settings an object may hold, checked before anything is read.
fn check_keys<T: Tree>(tree: &T, path: &str, allowed: &[&str]) -> Read<()> {
    let keys = tree.keys().ok_or_else(|| {
        type_error(if path.is_empty() { "config" } else { path }, tree, "an object")
    })?;
    for key in keys {
        if !allowed.contains(&key.as_str()) {
            let at = if path.is_empty() { String::new() } else { format!(" in {path}") };
            let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            return Err(fail(
                &field,
                format!("unknown field `{key}`{at}; the fields are {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

fn number<T: Tree>(tree: &T, field: &str) -> Read<f64> {
    tree.number().ok_or_else(|| type_error(field, tree, "a number"))
}

/// A whole number from 0 to `max`.
fn whole<T: Tree>(tree: &T, field: &str, max: f64) -> Read<u64> {
    match tree.number() {
        Some(v) if v >= 0.0 && v <= max && v.fract() == 0.0 => Ok(v as u64),
        _ => Err(type_error(field, tree, "a whole number")),
    }
}

/// A name from a list (`from_name`), or an error listing the names.
fn name<T: Tree, V>(
    tree: &T,
    field: &str,
    names: &[&str],
    from_name: impl Fn(&str) -> Option<V>,
) -> Read<V> {
    let text = tree.text().ok_or_else(|| type_error(field, tree, "a name"))?;
    from_name(&text).ok_or_else(|| {
        fail(
            field,
            format!("{field}: unknown variant `{text}`, expected one of {}", names.join(", ")),
        )
    })
}

fn required<T: Tree>(tree: &T, field: &str, path: &str) -> Read<T> {
    tree.field(field).ok_or_else(|| fail(path, format!("{path}: missing field `{field}`")))
}

/// A feature by name; `x1_x2` is how setups saved before 2026-11-30 wrote
/// `x1x2`, and still reads.
fn feature(name: &str) -> Option<Feature> {
    Feature::from_name(if name == "x1_x2" { "x1x2" } else { name })
}

/// Reads one value of `setting` at `path` into `config`.
fn read_value<T: Tree>(tree: &T, setting: &Setting, path: &str, config: &mut Config) -> Read<()> {
    match setting.value {
        Value::Seed(p) => {
            let v = whole(tree, path, 9_007_199_254_740_991.0)?;
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v;
            }
        }
        Value::Count(p) => {
            let v = whole(tree, path, 1e15)? as usize;
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v;
            }
        }
        Value::Epochs(p) => {
            let v = number(tree, path)?;
            if !(v >= 0.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0) {
                return Err(fail(path, format!("{path}: {v} is not a whole number")));
            }
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v as u32;
            }
        }
        Value::Number(p) => {
            let v = number(tree, path)?;
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v;
            }
        }
        Value::Flag(p) => {
            let v = tree.boolean().ok_or_else(|| type_error(path, tree, "true or false"))?;
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v;
            }
        }
        Value::Choice(choice) => {
            let names = (choice.names)();
            let text = tree.text().ok_or_else(|| type_error(path, tree, "a name"))?;
            if !(choice.set)(config, &text) {
                return Err(fail(
                    path,
                    format!(
                        "{path}: unknown variant `{text}`, expected one of {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        Value::Features(p) => {
            let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
            let items =
                tree.items().ok_or_else(|| type_error(path, tree, "a list of feature names"))?;
            let v =
                items.iter().map(|item| name(item, path, &names, feature)).collect::<Read<_>>()?;
            if let Some(slot) = (p.get_mut)(config) {
                *slot = v;
            }
        }
        Value::Neurons | Value::Activations => unreachable!("read with their list"),
    }
    Ok(())
}

/// Reads the list of objects `top` (the hidden layers), one per item.
fn read_layers<T: Tree>(tree: &T, top: &str, config: &mut Config) -> Read<()> {
    let items = tree.items().ok_or_else(|| type_error(top, tree, "a list of layers"))?;
    let fields: Vec<&str> = members(top).filter_map(|s| s.member()).collect();
    let activations: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
    let mut layers = Vec::with_capacity(items.len());
    for (l, layer) in items.iter().enumerate() {
        let path = format!("{top}[{l}]");
        check_keys(layer, &path, &fields)?;
        let mut hidden = HiddenLayer { neurons: 0, activation: Activation::Linear };
        for setting in members(top) {
            let member = setting.member().expect("a member");
            let value = required(layer, member, &path)?;
            let at = format!("{path}.{member}");
            match setting.value {
                Value::Neurons => hidden.neurons = whole(&value, &at, 1e15)? as usize,
                Value::Activations => {
                    hidden.activation = name(&value, &at, &activations, Activation::from_name)?
                }
                _ => unreachable!("a hidden layer holds neurons and an activation"),
            }
        }
        layers.push(hidden);
    }
    config.network.hidden = layers;
    Ok(())
}

/// Reads the object `top` with a `kind` and the constants that kind has.
fn read_kind<T: Tree>(tree: &T, top: &str, config: &mut Config) -> Read<()> {
    if tree.keys().is_none() {
        return Err(type_error(top, tree, "an object with a kind"));
    }
    let mut settings = members(top);
    let kind = settings.next().expect("an object's kind comes first");
    let value = required(tree, kind.member().expect("a member"), top)?;
    read_value(&value, kind, kind.path, config)?;
    let constants: Vec<&Setting> = settings.filter(|s| s.applies(config)).collect();
    let mut allowed = vec!["kind"];
    allowed.extend(constants.iter().filter_map(|s| s.member()));
    check_keys(tree, top, &allowed)?;
    for setting in constants {
        if let Some(value) = tree.field(setting.member().expect("a member")) {
            read_value(&value, setting, setting.path, config)?;
        }
    }
    Ok(())
}

/// Reads a config from a tree, as [`read`] does; the error is the engine's.
pub fn config_from_tree<T: Tree>(tree: &T) -> Result<Config> {
    Ok(read(tree)?)
}

/// Reads a config from a tree; fields left out take their defaults (an
/// output activation left out becomes the loss's own when the default does
/// not suit the loss; features left out keep those the data set can feed).
/// The result is not yet validated.
pub fn read<T: Tree>(tree: &T) -> Read<Config> {
    let fields = top_level();
    check_keys(tree, "", &fields)?;
    let mut c = Config::default();
    for top in fields {
        let Some(value) = tree.field(top) else { continue };
        if let Some(setting) = SETTINGS.iter().find(|s| s.path == top) {
            read_value(&value, setting, top, &mut c)?;
        } else if members(top).any(|s| matches!(s.value, Value::Neurons)) {
            read_layers(&value, top, &mut c)?;
        } else {
            read_kind(&value, top, &mut c)?;
        }
    }
    let network = &mut c.network;
    if tree.field("output_activation").is_none()
        && !network.loss.output_activations().contains(&network.output_activation)
    {
        network.output_activation = network.loss.default_output_activation();
    }
    if tree.field("features").is_none() && c.data.dataset.dims() < 2 {
        network.features.retain(|f| !f.uses_x2());
    }
    Ok(c)
}

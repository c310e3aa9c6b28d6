//! Reading a config from a loosely typed tree: JSON text natively, a plain
//! JavaScript object in the browser (see `wasm.rs`), with one set of rules
//! and messages for both. Missing settings take their defaults; an unknown
//! setting, a value of the wrong type or an unknown name is an error that
//! says which one and what is allowed. (Range checks come after, in
//! [`Config::validate`].)

use crate::activation::Activation;
use crate::config::{Config, HiddenLayer};
use crate::dataset::{DatasetKind, Feature};
use crate::error::{Error, Result};
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::{Penalty, Regularization};
use crate::schedule::Schedule;

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

fn parse_error(message: String) -> Error {
    Error::Parse { what: "config".into(), message }
}

fn type_error<T: Tree>(field: &str, value: &T, expected: &str) -> Error {
    parse_error(format!("{field}: {} is not {expected}", value.describe()))
}

/// The settings an object may hold, checked before anything is read.
fn check_keys<T: Tree>(tree: &T, path: &str, allowed: &[&str]) -> Result<()> {
    let keys = tree.keys().ok_or_else(|| {
        type_error(if path.is_empty() { "config" } else { path }, tree, "an object")
    })?;
    for key in keys {
        if !allowed.contains(&key.as_str()) {
            let at = if path.is_empty() { String::new() } else { format!(" in {path}") };
            return Err(parse_error(format!(
                "unknown field `{key}`{at}; the fields are {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn number<T: Tree>(tree: &T, field: &str) -> Result<f64> {
    tree.number().ok_or_else(|| type_error(field, tree, "a number"))
}

/// A whole number from 0 to `max`.
fn whole<T: Tree>(tree: &T, field: &str, max: f64) -> Result<u64> {
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
) -> Result<V> {
    let text = tree.text().ok_or_else(|| type_error(field, tree, "a name"))?;
    from_name(&text).ok_or_else(|| {
        parse_error(format!(
            "{field}: unknown variant `{text}`, expected one of {}",
            names.join(", ")
        ))
    })
}

fn required<T: Tree>(tree: &T, field: &str, path: &str) -> Result<T> {
    tree.field(field).ok_or_else(|| parse_error(format!("{path}: missing field `{field}`")))
}

/// Sets `*slot` from `tree[key]` when it is there.
fn read<T: Tree, V>(
    tree: &T,
    key: &str,
    slot: &mut V,
    parse: impl FnOnce(&T, &str) -> Result<V>,
) -> Result<()> {
    if let Some(value) = tree.field(key) {
        *slot = parse(&value, key)?;
    }
    Ok(())
}

const FIELDS: [&str; 17] = [
    "seed",
    "dataset",
    "samples",
    "noise",
    "train_fraction",
    "classes",
    "features",
    "hidden",
    "output_activation",
    "init",
    "loss",
    "regularization",
    "optimizer",
    "learning_rate",
    "schedule",
    "batch_size",
    "shuffle",
];

/// Reads a config from a tree; fields left out take their defaults. The
/// result is not yet validated.
pub fn config_from_tree<T: Tree>(tree: &T) -> Result<Config> {
    check_keys(tree, "", &FIELDS)?;
    let mut c = Config::default();
    let datasets: Vec<&str> = DatasetKind::ALL.iter().map(|d| d.name()).collect();
    let activations: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
    let losses: Vec<&str> = Loss::ALL.iter().map(|l| l.name()).collect();
    read(tree, "seed", &mut c.seed, |v, f| whole(v, f, 9_007_199_254_740_991.0))?;
    read(tree, "dataset", &mut c.dataset, |v, f| name(v, f, &datasets, DatasetKind::from_name))?;
    read(tree, "samples", &mut c.samples, |v, f| Ok(whole(v, f, 1e15)? as usize))?;
    read(tree, "noise", &mut c.noise, number)?;
    read(tree, "train_fraction", &mut c.train_fraction, number)?;
    read(tree, "classes", &mut c.classes, |v, f| Ok(whole(v, f, 1e15)? as usize))?;
    read(tree, "features", &mut c.features, |v, f| {
        let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
        let items = v.items().ok_or_else(|| type_error(f, v, "a list of feature names"))?;
        items.iter().map(|item| name(item, f, &names, Feature::from_name)).collect()
    })?;
    read(tree, "hidden", &mut c.hidden, |v, f| {
        let items = v.items().ok_or_else(|| type_error(f, v, "a list of layers"))?;
        items
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let path = format!("hidden[{l}]");
                check_keys(layer, &path, &["neurons", "activation"])?;
                let neurons =
                    whole(&required(layer, "neurons", &path)?, &format!("{path}.neurons"), 1e15)?;
                let activation = name(
                    &required(layer, "activation", &path)?,
                    &format!("{path}.activation"),
                    &activations,
                    Activation::from_name,
                )?;
                Ok(HiddenLayer { neurons: neurons as usize, activation })
            })
            .collect()
    })?;
    read(tree, "output_activation", &mut c.output_activation, |v, f| {
        name(v, f, &activations, Activation::from_name)
    })?;
    read(tree, "init", &mut c.init, init)?;
    read(tree, "loss", &mut c.loss, |v, f| name(v, f, &losses, Loss::from_name))?;
    read(tree, "regularization", &mut c.regularization, regularization)?;
    read(tree, "optimizer", &mut c.optimizer, optimizer)?;
    read(tree, "learning_rate", &mut c.learning_rate, number)?;
    read(tree, "schedule", &mut c.schedule, schedule)?;
    read(tree, "batch_size", &mut c.batch_size, |v, f| Ok(whole(v, f, 1e15)? as usize))?;
    read(tree, "shuffle", &mut c.shuffle, |v, f| {
        v.boolean().ok_or_else(|| type_error(f, v, "true or false"))
    })?;
    Ok(c)
}

/// The `kind` of a tagged object, with the fields it may have.
fn kind<T: Tree>(tree: &T, path: &str, kinds: &[&str]) -> Result<String> {
    if tree.keys().is_none() {
        return Err(type_error(path, tree, "an object with a kind"));
    }
    let kind = required(tree, "kind", path)?;
    let text = kind.text().ok_or_else(|| type_error(&format!("{path}.kind"), &kind, "a name"))?;
    if !kinds.contains(&text.as_str()) {
        return Err(parse_error(format!(
            "{path}.kind: unknown variant `{text}`, expected one of {}",
            kinds.join(", ")
        )));
    }
    Ok(text)
}

/// Reads the constants `keys` of a tagged object into `values` (which hold
/// the defaults); any other field is an error.
fn constants<T: Tree>(tree: &T, path: &str, keys: &[&str], values: &mut [&mut f64]) -> Result<()> {
    let mut allowed = vec!["kind"];
    allowed.extend_from_slice(keys);
    check_keys(tree, path, &allowed)?;
    for (key, value) in keys.iter().zip(values.iter_mut()) {
        if let Some(v) = tree.field(key) {
            **value = number(&v, &format!("{path}.{key}"))?;
        }
    }
    Ok(())
}

fn optimizer<T: Tree>(tree: &T, path: &str) -> Result<Optimizer> {
    let kind = kind(tree, path, &Optimizer::ALL_NAMES)?;
    let mut o = Optimizer::from_name(&kind).expect("a known optimizer");
    match &mut o {
        Optimizer::Sgd => constants(tree, path, &[], &mut [])?,
        Optimizer::Momentum { momentum, dampening } => {
            constants(tree, path, &["momentum", "dampening"], &mut [momentum, dampening])?
        }
        Optimizer::Nesterov { momentum } => constants(tree, path, &["momentum"], &mut [momentum])?,
        Optimizer::Rmsprop { alpha, eps } => {
            constants(tree, path, &["alpha", "eps"], &mut [alpha, eps])?
        }
        Optimizer::Adagrad { eps, initial_accumulator_value, lr_decay } => constants(
            tree,
            path,
            &["eps", "initial_accumulator_value", "lr_decay"],
            &mut [eps, initial_accumulator_value, lr_decay],
        )?,
        Optimizer::Adam { beta1, beta2, eps } => {
            constants(tree, path, &["beta1", "beta2", "eps"], &mut [beta1, beta2, eps])?
        }
        Optimizer::Rprop { eta_minus, eta_plus, step_size_min, step_size_max } => constants(
            tree,
            path,
            &["eta_minus", "eta_plus", "step_size_min", "step_size_max"],
            &mut [eta_minus, eta_plus, step_size_min, step_size_max],
        )?,
    }
    Ok(o)
}

fn schedule<T: Tree>(tree: &T, path: &str) -> Result<Schedule> {
    let kind = kind(tree, path, &Schedule::ALL_NAMES)?;
    let mut s = Schedule::from_name(&kind).expect("a known schedule");
    match &mut s {
        Schedule::Constant => constants(tree, path, &[], &mut [])?,
        Schedule::Exponential { gamma } => constants(tree, path, &["gamma"], &mut [gamma])?,
        Schedule::Step { step_size, gamma } => {
            let mut size = f64::from(*step_size);
            constants(tree, path, &["step_size", "gamma"], &mut [&mut size, gamma])?;
            *step_size = whole_u32(size, &format!("{path}.step_size"))?;
        }
        Schedule::Cosine { t_max, eta_min } => {
            let mut t = f64::from(*t_max);
            constants(tree, path, &["t_max", "eta_min"], &mut [&mut t, eta_min])?;
            *t_max = whole_u32(t, &format!("{path}.t_max"))?;
        }
    }
    Ok(s)
}

fn whole_u32(value: f64, field: &str) -> Result<u32> {
    if value >= 0.0 && value <= f64::from(u32::MAX) && value.fract() == 0.0 {
        Ok(value as u32)
    } else {
        Err(parse_error(format!("{field}: {value} is not a whole number")))
    }
}

fn init<T: Tree>(tree: &T, path: &str) -> Result<Init> {
    let kind = kind(tree, path, &Init::ALL_NAMES)?;
    let mut i = Init::from_name(&kind).expect("a known initialiser");
    match &mut i {
        Init::Uniform { range } => constants(tree, path, &["range"], &mut [range])?,
        _ => constants(tree, path, &[], &mut [])?,
    }
    Ok(i)
}

fn regularization<T: Tree>(tree: &T, path: &str) -> Result<Regularization> {
    check_keys(tree, path, &["kind", "lambda"])?;
    let names: Vec<&str> = Penalty::ALL.iter().map(|p| p.name()).collect();
    let kind =
        name(&required(tree, "kind", path)?, &format!("{path}.kind"), &names, Penalty::from_name)?;
    let mut lambda = 0.0;
    read(tree, "lambda", &mut lambda, |v, f| number(v, &format!("{path}.{f}")))?;
    Ok(Regularization { kind, lambda })
}

//! The settings, each named once: its JSON path (which is also its URL key),
//! the URL keys it had before (still read), where it lives in [`Config`], how
//! its value is typed and its bounds. Its default is whatever
//! `Config::default()` holds (or the kind's `from_name`, for the constants of
//! an optimizer, schedule or initialiser): never written here.
//!
//! A path `a.b` is the field `b` of the object `a` of the JSON form; when `a`
//! has a `kind`, `a.kind` comes first and the constants follow, each present
//! only for the kinds that have it. `hidden.neurons` and `hidden.activation`
//! are the fields of every item of the `hidden` list.

use crate::activation::Activation;
use crate::config::{Config, MAX_RATE, MAX_SAMPLES};
use crate::dataset::{DatasetKind, Feature};
use crate::error::{Error, Result};
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::{Penalty, Regularization};
use crate::schedule::Schedule;

/// Where a value of type `T` lives in a config; `None` when the config's
/// chosen kind does not have it (Adam's β₁ under SGD).
pub struct Place<T: 'static> {
    pub get: fn(&Config) -> Option<&T>,
    pub get_mut: fn(&mut Config) -> Option<&mut T>,
}

impl<T> Clone for Place<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Place<T> {}

/// A name from a list (a data set, a loss, an optimizer's kind…).
#[derive(Clone, Copy)]
pub struct Choice {
    /// Every name, in menu order.
    pub names: fn() -> Vec<&'static str>,
    pub get: fn(&Config) -> &'static str,
    /// Sets the name (a kind with its default constants); false if unknown.
    pub set: fn(&mut Config, &str) -> bool,
}

/// How a setting's value is typed.
#[derive(Clone, Copy)]
pub enum Value {
    /// A whole number up to 2⁵³ − 1 (the seed).
    Seed(Place<u64>),
    /// A whole number (a count of points, classes, examples).
    Count(Place<usize>),
    /// A whole number of epochs.
    Epochs(Place<u32>),
    Number(Place<f64>),
    Flag(Place<bool>),
    Choice(Choice),
    /// A list of feature names.
    Features(Place<Vec<Feature>>),
    /// Every hidden layer's neuron count (their number is the list's length).
    Neurons,
    /// Every hidden layer's activation.
    Activations,
}

/// The values a number may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bounds {
    /// From `low` to `high`, both included.
    Closed(f64, f64),
    /// Greater than `low` and less than `high`.
    Open(f64, f64),
    /// Greater than `low` and at most `high`.
    AboveAtMost(f64, f64),
    /// A whole number from `low` to `high`.
    Whole(f64, f64),
}

impl Bounds {
    pub fn contains(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Bounds::Closed(low, high) | Bounds::Whole(low, high) => (low..=high).contains(&v),
                Bounds::Open(low, high) => v > low && v < high,
                Bounds::AboveAtMost(low, high) => v > low && v <= high,
            }
    }

    /// What is allowed, for messages.
    pub fn expected(self) -> String {
        match self {
            Bounds::Closed(low, high) => format!("a number from {low} to {high}"),
            Bounds::Open(low, high) => format!("a number greater than {low} and less than {high}"),
            Bounds::AboveAtMost(low, high) => {
                format!("a number greater than {low} and at most {high}")
            }
            Bounds::Whole(low, high) => format!("a whole number from {low} to {high}"),
        }
    }
}

/// One setting.
#[derive(Clone, Copy)]
pub struct Setting {
    /// Its path in the JSON form, and its URL key: `optimizer.beta1`.
    pub path: &'static str,
    /// URL keys it was written under before, still read: `beta1`.
    pub aliases: &'static [&'static str],
    pub value: Value,
    /// The bounds `Config::validate` checks (rules that tie settings
    /// together are code there).
    pub bounds: Option<Bounds>,
}

/// A plain field: `field!(data.noise)`.
macro_rules! field {
    ($($f:ident).+) => {
        Place { get: |c| Some(&c.$($f).+), get_mut: |c| Some(&mut c.$($f).+) }
    };
}

/// A constant of some kinds: `constant!(training.optimizer, Optimizer::Adam { beta1, .. } => beta1)`.
macro_rules! constant {
    ($($f:ident).+, $($pattern:pat_param)|+ => $v:ident) => {
        Place {
            get: |c| match &c.$($f).+ {
                $($pattern)|+ => Some($v),
                _ => None,
            },
            get_mut: |c| match &mut c.$($f).+ {
                $($pattern)|+ => Some($v),
                _ => None,
            },
        }
    };
}

/// A name chosen from a list: `choice!(data.dataset, dataset_names, DatasetKind::from_name)`.
macro_rules! choice {
    ($($f:ident).+, $names:expr, $from_name:expr) => {
        Value::Choice(Choice {
            names: $names,
            get: |c| c.$($f).+.name(),
            set: |c, name| match $from_name(name) {
                Some(v) => {
                    c.$($f).+ = v;
                    true
                }
                None => false,
            },
        })
    };
}

const fn setting(path: &'static str, value: Value, bounds: Option<Bounds>) -> Setting {
    Setting { path, aliases: &[], value, bounds }
}

const fn aka(
    path: &'static str,
    aliases: &'static [&'static str],
    value: Value,
    bounds: Option<Bounds>,
) -> Setting {
    Setting { path, aliases, value, bounds }
}

fn dataset_names() -> Vec<&'static str> {
    DatasetKind::ALL.iter().map(|d| d.name()).collect()
}
fn activation_names() -> Vec<&'static str> {
    Activation::ALL.iter().map(|a| a.name()).collect()
}
fn loss_names() -> Vec<&'static str> {
    Loss::ALL.iter().map(|l| l.name()).collect()
}
fn penalty_names() -> Vec<&'static str> {
    Penalty::ALL.iter().map(|p| p.name()).collect()
}
fn regularization(name: &str) -> Option<Regularization> {
    Penalty::from_name(name).map(|kind| Regularization { kind, ..Regularization::NONE })
}

const RATE: Option<Bounds> = Some(Bounds::Closed(0.0, MAX_RATE));
/// A decay factor: below 1.
const DECAY: Option<Bounds> = Some(Bounds::Closed(0.0, 0.999_999));
const EPOCHS: Option<Bounds> = Some(Bounds::Whole(1.0, 1_000_000.0));

/// Every setting, in the order of the JSON form (which the URL form follows).
pub static SETTINGS: [Setting; 43] = [
    setting("seed", Value::Seed(field!(seed)), None),
    // Unset, the weights follow `seed`; read, it takes `seed`'s value first.
    setting(
        "weight_seed",
        Value::Seed(Place {
            get: |c| c.weight_seed.as_ref(),
            get_mut: |c| Some(c.weight_seed.get_or_insert(c.seed)),
        }),
        None,
    ),
    setting("dataset", choice!(data.dataset, dataset_names, DatasetKind::from_name), None),
    setting(
        "samples",
        Value::Count(field!(data.samples)),
        Some(Bounds::Whole(2.0, MAX_SAMPLES as f64)),
    ),
    setting("noise", Value::Number(field!(data.noise)), Some(Bounds::Closed(0.0, 1.0))),
    setting(
        "train_fraction",
        Value::Number(field!(data.train_fraction)),
        Some(Bounds::AboveAtMost(0.0, 1.0)),
    ),
    // From 3 to 5, for the multiclass data sets only: checked in `validate`.
    setting("classes", Value::Count(field!(data.classes)), None),
    setting("features", Value::Features(field!(network.features)), None),
    aka("hidden.neurons", &["hidden"], Value::Neurons, None),
    aka("hidden.activation", &["activations"], Value::Activations, None),
    setting(
        "output_activation",
        choice!(network.output_activation, activation_names, Activation::from_name),
        None,
    ),
    aka(
        "init.kind",
        &["init"],
        choice!(network.init, || Init::ALL_NAMES.to_vec(), Init::from_name),
        None,
    ),
    aka(
        "init.range",
        &["init_range"],
        Value::Number(constant!(network.init, Init::Uniform { range } => range)),
        RATE,
    ),
    setting("loss", choice!(network.loss, loss_names, Loss::from_name), None),
    // Unset, the initial weights are the initialiser's; read, it starts at 1.
    setting(
        "init_gain",
        Value::Number(Place {
            get: |c| c.network.init_gain.as_ref(),
            get_mut: |c| Some(c.network.init_gain.get_or_insert(1.0)),
        }),
        Some(Bounds::AboveAtMost(0.0, 100.0)),
    ),
    aka(
        "regularization.kind",
        &["regularization"],
        Value::Choice(Choice {
            names: penalty_names,
            get: |c| c.training.regularization.kind.name(),
            set: |c, name| match regularization(name) {
                Some(r) => {
                    c.training.regularization = r;
                    true
                }
                None => false,
            },
        }),
        None,
    ),
    aka(
        "regularization.lambda",
        &["lambda"],
        Value::Number(field!(training.regularization.lambda)),
        RATE,
    ),
    aka(
        "optimizer.kind",
        &["optimizer"],
        choice!(training.optimizer, || Optimizer::ALL_NAMES.to_vec(), Optimizer::from_name),
        None,
    ),
    aka(
        "optimizer.momentum",
        &["momentum"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Momentum { momentum, .. } | Optimizer::Nesterov { momentum } => momentum)),
        DECAY,
    ),
    aka(
        "optimizer.dampening",
        &["dampening"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Momentum { dampening, .. } => dampening)),
        Some(Bounds::Closed(0.0, 1.0)),
    ),
    aka(
        "optimizer.alpha",
        &["alpha"],
        Value::Number(constant!(training.optimizer, Optimizer::Rmsprop { alpha, .. } => alpha)),
        DECAY,
    ),
    aka(
        "optimizer.beta1",
        &["beta1"],
        Value::Number(constant!(training.optimizer, Optimizer::Adam { beta1, .. } => beta1)),
        DECAY,
    ),
    aka(
        "optimizer.beta2",
        &["beta2"],
        Value::Number(constant!(training.optimizer, Optimizer::Adam { beta2, .. } => beta2)),
        DECAY,
    ),
    aka(
        "optimizer.eps",
        &["eps"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Rmsprop { eps, .. }
            | Optimizer::Adagrad { eps, .. }
            | Optimizer::Adam { eps, .. } => eps)),
        Some(Bounds::Open(0.0, 1.0)),
    ),
    aka(
        "optimizer.initial_accumulator_value",
        &["initial_accumulator_value"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Adagrad { initial_accumulator_value, .. } => initial_accumulator_value)),
        RATE,
    ),
    aka(
        "optimizer.lr_decay",
        &["lr_decay"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Adagrad { lr_decay, .. } => lr_decay)),
        RATE,
    ),
    aka(
        "optimizer.eta_minus",
        &["eta_minus"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Rprop { eta_minus, .. } => eta_minus)),
        Some(Bounds::Open(0.0, 1.0)),
    ),
    aka(
        "optimizer.eta_plus",
        &["eta_plus"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Rprop { eta_plus, .. } => eta_plus)),
        Some(Bounds::Open(1.0, MAX_RATE)),
    ),
    aka(
        "optimizer.step_size_min",
        &["step_size_min"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Rprop { step_size_min, .. } => step_size_min)),
        Some(Bounds::Open(0.0, MAX_RATE)),
    ),
    // From step_size_min to MAX_RATE: checked in `validate`.
    aka(
        "optimizer.step_size_max",
        &["step_size_max"],
        Value::Number(constant!(training.optimizer,
            Optimizer::Rprop { step_size_max, .. } => step_size_max)),
        None,
    ),
    // Below c2: checked in `validate`.
    setting(
        "optimizer.c1",
        Value::Number(constant!(training.optimizer, Optimizer::Cg { c1, .. } => c1)),
        Some(Bounds::Open(0.0, 1.0)),
    ),
    setting(
        "optimizer.c2",
        Value::Number(constant!(training.optimizer, Optimizer::Cg { c2, .. } => c2)),
        Some(Bounds::Open(0.0, 1.0)),
    ),
    setting(
        "optimizer.sigma",
        Value::Number(constant!(training.optimizer, Optimizer::Evolution { sigma, .. } => sigma)),
        Some(Bounds::AboveAtMost(0.0, 10.0)),
    ),
    setting(
        "optimizer.pairs",
        Value::Count(constant!(training.optimizer, Optimizer::Evolution { pairs, .. } => pairs)),
        Some(Bounds::Whole(1.0, 1000.0)),
    ),
    setting("learning_rate", Value::Number(field!(training.learning_rate)), RATE),
    aka(
        "schedule.kind",
        &["schedule"],
        choice!(training.schedule, || Schedule::ALL_NAMES.to_vec(), Schedule::from_name),
        None,
    ),
    aka(
        "schedule.step_size",
        &["step_size"],
        Value::Epochs(constant!(training.schedule, Schedule::Step { step_size, .. } => step_size)),
        EPOCHS,
    ),
    aka(
        "schedule.gamma",
        &["gamma"],
        Value::Number(constant!(training.schedule,
            Schedule::Exponential { gamma } | Schedule::Step { gamma, .. } => gamma)),
        Some(Bounds::Open(0.0, 10.0)),
    ),
    aka(
        "schedule.t_max",
        &["t_max"],
        Value::Epochs(constant!(training.schedule, Schedule::Cosine { t_max, .. } => t_max)),
        EPOCHS,
    ),
    aka(
        "schedule.eta_min",
        &["eta_min"],
        Value::Number(constant!(training.schedule, Schedule::Cosine { eta_min, .. } => eta_min)),
        RATE,
    ),
    setting(
        "batch_size",
        Value::Count(field!(training.batch_size)),
        Some(Bounds::Whole(1.0, MAX_SAMPLES as f64)),
    ),
    setting("shuffle", Value::Flag(field!(training.shuffle)), None),
    // Unset, there is no clipping; read, it starts at 1 before taking the value.
    setting(
        "clip_norm",
        Value::Number(Place {
            get: |c| c.training.clip_norm.as_ref(),
            get_mut: |c| Some(c.training.clip_norm.get_or_insert(1.0)),
        }),
        Some(Bounds::AboveAtMost(0.0, MAX_RATE)),
    ),
];

fn list<T>(items: impl IntoIterator<Item = T>, name: impl Fn(T) -> String) -> String {
    items.into_iter().map(name).collect::<Vec<_>>().join(",")
}

impl Setting {
    /// The setting a URL key or JSON path names (its path or an old key).
    pub fn find(key: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.path == key || s.aliases.contains(&key))
    }

    /// The object of the JSON form the setting belongs to (`optimizer`), or
    /// its own key (`learning_rate`).
    pub fn top(&self) -> &'static str {
        self.path.split('.').next().unwrap_or(self.path)
    }

    /// The setting's key inside its object (`beta1`), if it is in one.
    pub fn member(&self) -> Option<&'static str> {
        self.path.split_once('.').map(|(_, member)| member)
    }

    /// The setting's value as a number, if it is one and `config` has it.
    pub fn number(&self, config: &Config) -> Option<f64> {
        match self.value {
            Value::Seed(p) => (p.get)(config).map(|&v| v as f64),
            Value::Count(p) => (p.get)(config).map(|&v| v as f64),
            Value::Epochs(p) => (p.get)(config).map(|&v| f64::from(v)),
            Value::Number(p) => (p.get)(config).copied(),
            _ => None,
        }
    }

    /// Checks the setting's bounds; the error names its path.
    pub fn check(&self, config: &Config) -> Result<()> {
        match (self.bounds, self.number(config)) {
            (Some(bounds), Some(v)) if !bounds.contains(v) => {
                Err(Error::invalid(self.path, v, bounds.expected()))
            }
            _ => Ok(()),
        }
    }

    /// True when `config` has this setting: always for one outside an
    /// object (an unset `weight_seed` too), else when it is a constant of
    /// its object's chosen kind.
    pub fn applies(&self, config: &Config) -> bool {
        if !self.path.contains('.') {
            return true;
        }
        match self.value {
            Value::Seed(p) => (p.get)(config).is_some(),
            Value::Count(p) => (p.get)(config).is_some(),
            Value::Epochs(p) => (p.get)(config).is_some(),
            Value::Number(p) => (p.get)(config).is_some(),
            Value::Flag(p) => (p.get)(config).is_some(),
            Value::Features(p) => (p.get)(config).is_some(),
            Value::Choice(_) | Value::Neurons | Value::Activations => true,
        }
    }

    /// The value as the URL form writes it, if `config` has the setting.
    pub fn text(&self, config: &Config) -> Option<String> {
        let hidden = &config.network.hidden;
        match self.value {
            Value::Seed(p) => (p.get)(config).map(u64::to_string),
            Value::Count(p) => (p.get)(config).map(usize::to_string),
            Value::Epochs(p) => (p.get)(config).map(u32::to_string),
            Value::Number(p) => (p.get)(config).map(f64::to_string),
            Value::Flag(p) => (p.get)(config).map(bool::to_string),
            Value::Choice(choice) => Some((choice.get)(config).to_string()),
            Value::Features(p) => (p.get)(config).map(|f| list(f, |f| f.name().to_string())),
            // No hidden layer is written `0`, which reads back as none.
            Value::Neurons if hidden.is_empty() => Some("0".into()),
            Value::Neurons => Some(list(hidden, |h| h.neurons.to_string())),
            Value::Activations => Some(list(hidden, |h| h.activation.name().to_string())),
        }
    }

    /// What a value of this setting must be, for messages.
    pub fn expected(&self) -> String {
        let one_of = |names: Vec<&str>| format!("one of {}", names.join(", "));
        match self.value {
            Value::Seed(_) | Value::Count(_) | Value::Epochs(_) => "a whole number".into(),
            Value::Number(_) => "a number".into(),
            Value::Flag(_) => "true or false".into(),
            Value::Choice(choice) => one_of((choice.names)()),
            Value::Features(_) => {
                let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
                format!("a list of {}", names.join(", "))
            }
            Value::Neurons => "a list of neuron counts".into(),
            Value::Activations => {
                let names: Vec<&str> = Activation::ALL
                    .iter()
                    .filter(|&&a| a != Activation::Softmax)
                    .map(|a| a.name())
                    .collect();
                format!("a list of {}", names.join(", "))
            }
        }
    }
}

/// The names of the JSON form's top-level fields, in order.
pub fn top_level() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for setting in &SETTINGS {
        if !names.contains(&setting.top()) {
            names.push(setting.top());
        }
    }
    names
}

/// The settings of the object `top` (`optimizer`), its `kind` first.
pub fn members(top: &str) -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(move |s| s.member().is_some() && s.top() == top)
}

//! The configuration as a URL query (`dataset=circle&hidden=4,2&…`), for the
//! page's address bar: shareable, and forgiving when read. A value that cannot
//! be used is reported and replaced by the default of that setting alone.

use std::fmt::Display;

use crate::activation::Activation;
use crate::config::{Config, HiddenLayer};
use crate::dataset::{DatasetKind, Feature};
use crate::init::Init;
use crate::loss::Loss;
use crate::optimizer::Optimizer;
use crate::regularization::{Penalty, Regularization};
use crate::schedule::Schedule;

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

fn list<T>(items: impl IntoIterator<Item = T>, name: impl Fn(T) -> String) -> String {
    items.into_iter().map(name).collect::<Vec<_>>().join(",")
}

/// The config as a query string: every setting, in a fixed order.
pub fn to_query(config: &Config) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("seed", config.seed.to_string()),
        ("dataset", config.dataset.name().into()),
        ("samples", config.samples.to_string()),
        ("noise", config.noise.to_string()),
        ("train_fraction", config.train_fraction.to_string()),
        ("classes", config.classes.to_string()),
        ("features", list(&config.features, |f| f.name().into())),
        ("hidden", list(&config.hidden, |h| h.neurons.to_string())),
        ("activations", list(&config.hidden, |h| h.activation.name().into())),
        ("output_activation", config.output_activation.name().into()),
        ("loss", config.loss.name().into()),
        ("init", config.init.name().into()),
    ];
    if let Init::Uniform { range } = config.init {
        pairs.push(("init_range", range.to_string()));
    }
    pairs.push(("regularization", config.regularization.kind.name().into()));
    pairs.push(("lambda", config.regularization.lambda.to_string()));
    pairs.push(("optimizer", config.optimizer.name().into()));
    pairs.extend(optimizer_constants(config.optimizer));
    pairs.push(("learning_rate", config.learning_rate.to_string()));
    pairs.push(("schedule", config.schedule.name().into()));
    match config.schedule {
        Schedule::Constant => {}
        Schedule::Exponential { gamma } => pairs.push(("gamma", gamma.to_string())),
        Schedule::Step { step_size, gamma } => {
            pairs.push(("step_size", step_size.to_string()));
            pairs.push(("gamma", gamma.to_string()));
        }
        Schedule::Cosine { t_max, eta_min } => {
            pairs.push(("t_max", t_max.to_string()));
            pairs.push(("eta_min", eta_min.to_string()));
        }
    }
    pairs.push(("batch_size", config.batch_size.to_string()));
    pairs.push(("shuffle", config.shuffle.to_string()));
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn optimizer_constants(optimizer: Optimizer) -> Vec<(&'static str, String)> {
    let s = |x: f64| x.to_string();
    match optimizer {
        Optimizer::Sgd => vec![],
        Optimizer::Momentum { momentum, dampening } => {
            vec![("momentum", s(momentum)), ("dampening", s(dampening))]
        }
        Optimizer::Nesterov { momentum } => vec![("momentum", s(momentum))],
        Optimizer::Rmsprop { alpha, eps } => vec![("alpha", s(alpha)), ("eps", s(eps))],
        Optimizer::Adagrad { eps, initial_accumulator_value, lr_decay } => vec![
            ("eps", s(eps)),
            ("initial_accumulator_value", s(initial_accumulator_value)),
            ("lr_decay", s(lr_decay)),
        ],
        Optimizer::Adam { beta1, beta2, eps } => {
            vec![("beta1", s(beta1)), ("beta2", s(beta2)), ("eps", s(eps))]
        }
        Optimizer::Rprop { eta_minus, eta_plus, step_size_min, step_size_max } => vec![
            ("eta_minus", s(eta_minus)),
            ("eta_plus", s(eta_plus)),
            ("step_size_min", s(step_size_min)),
            ("step_size_max", s(step_size_max)),
        ],
    }
}

/// Reads values one key at a time, noting every one it cannot use.
struct Reader {
    config: Config,
    warnings: Vec<String>,
}

impl Reader {
    fn warn(&mut self, key: &str, value: &str, expected: &str, default: impl Display) {
        self.warnings.push(format!(
            "{key}: \u{201c}{value}\u{201d} is not {expected}; using the default, {default}"
        ));
    }

    /// Parses `value` with `parse`, or warns and leaves the setting as it is.
    fn take<T>(
        &mut self,
        key: &str,
        value: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
        default: impl Display,
    ) -> Option<T> {
        let parsed = parse(value.trim());
        if parsed.is_none() {
            self.warn(key, value, expected, default);
        }
        parsed
    }
}

/// The config's whole-number setting named `key` (samples, classes, batch_size).
fn count_field<'a>(config: &'a mut Config, key: &str) -> &'a mut usize {
    match key {
        "samples" => &mut config.samples,
        "classes" => &mut config.classes,
        _ => &mut config.batch_size,
    }
}

/// The config's number setting named `key` (noise, train_fraction, learning_rate).
fn number_field<'a>(config: &'a mut Config, key: &str) -> &'a mut f64 {
    match key {
        "noise" => &mut config.noise,
        "train_fraction" => &mut config.train_fraction,
        _ => &mut config.learning_rate,
    }
}

fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok()
}

fn names<T>(s: &str, from_name: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(',').map(|item| from_name(item.trim())).collect()
}

fn one_of(names: &[&str]) -> String {
    format!("one of {}", names.join(", "))
}

/// Reads a query (with or without a leading `#` or `?`).
pub fn from_query(query: &str) -> ParsedQuery {
    let query = query.trim_start_matches(['#', '?']);
    let default = Config::default();
    let mut r = Reader { config: default.clone(), warnings: Vec::new() };
    let mut unknown = Vec::new();
    // The raw values of the optimizer's and schedule's constants: applied once
    // the optimizer and schedule themselves are known, whatever the key order.
    let mut constants: Vec<(String, String)> = Vec::new();
    let mut activations: Option<Vec<Activation>> = None;
    let mut init_range = None;
    let mut lambda = None;

    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let (key, value) = (key.as_ref(), value.as_ref());
        let c = &default;
        match key {
            "seed" => {
                if let Some(v) = r.take(key, value, "a whole number", |s| s.parse().ok(), c.seed) {
                    r.config.seed = v;
                }
            }
            "dataset" => {
                let all: Vec<&str> = DatasetKind::ALL.iter().map(|d| d.name()).collect();
                if let Some(v) =
                    r.take(key, value, &one_of(&all), DatasetKind::from_name, c.dataset.name())
                {
                    r.config.dataset = v;
                }
            }
            "samples" | "classes" | "batch_size" => {
                let parse = |s: &str| s.parse::<usize>().ok();
                let current = *count_field(&mut default.clone(), key);
                if let Some(v) = r.take(key, value, "a whole number", parse, current) {
                    *count_field(&mut r.config, key) = v;
                }
            }
            "noise" | "train_fraction" | "learning_rate" => {
                let current = *number_field(&mut default.clone(), key);
                if let Some(v) = r.take(key, value, "a number", number, current) {
                    *number_field(&mut r.config, key) = v;
                }
            }
            "features" => {
                let all: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
                let expected = format!("a list of {}", all.join(", "));
                if let Some(v) =
                    r.take(key, value, &expected, |s| names(s, Feature::from_name), "x1,x2")
                {
                    r.config.features = v;
                }
            }
            "hidden" => {
                let parse = |s: &str| names(s, |n| n.parse::<usize>().ok());
                if let Some(v) = r.take(key, value, "a list of neuron counts", parse, "4,2") {
                    r.config.hidden = v
                        .into_iter()
                        .map(|neurons| HiddenLayer { neurons, activation: Activation::Tanh })
                        .collect();
                }
            }
            "activations" => {
                let expected = "a list of linear, sigmoid, tanh, relu, leaky_relu";
                activations =
                    r.take(key, value, expected, |s| names(s, Activation::from_name), "tanh");
            }
            "output_activation" => {
                let expected = "linear, sigmoid, tanh, relu, leaky_relu or softmax";
                if let Some(v) = r.take(key, value, expected, Activation::from_name, "tanh") {
                    r.config.output_activation = v;
                }
            }
            "loss" => {
                let all: Vec<&str> = Loss::ALL.iter().map(|l| l.name()).collect();
                if let Some(v) = r.take(key, value, &one_of(&all), Loss::from_name, "mse") {
                    r.config.loss = v;
                }
            }
            "init" => {
                if let Some(v) =
                    r.take(key, value, &one_of(&Init::ALL_NAMES), Init::from_name, "playground")
                {
                    r.config.init = v;
                }
            }
            "init_range" => init_range = r.take(key, value, "a number", number, 0.5),
            "regularization" => {
                if let Some(v) =
                    r.take(key, value, "one of none, l1, l2", Penalty::from_name, "none")
                {
                    r.config.regularization.kind = v;
                }
            }
            "lambda" => lambda = r.take(key, value, "a number", number, 0),
            "optimizer" => {
                let expected = one_of(&Optimizer::ALL_NAMES);
                if let Some(v) = r.take(key, value, &expected, Optimizer::from_name, "sgd") {
                    r.config.optimizer = v;
                }
            }
            "schedule" => {
                let expected = one_of(&Schedule::ALL_NAMES);
                if let Some(v) = r.take(key, value, &expected, Schedule::from_name, "constant") {
                    r.config.schedule = v;
                }
            }
            "shuffle" => {
                let parse = |s: &str| match s {
                    "true" | "1" => Some(true),
                    "false" | "0" => Some(false),
                    _ => None,
                };
                if let Some(v) = r.take(key, value, "true or false", parse, true) {
                    r.config.shuffle = v;
                }
            }
            "momentum"
            | "dampening"
            | "alpha"
            | "eps"
            | "initial_accumulator_value"
            | "lr_decay"
            | "beta1"
            | "beta2"
            | "eta_minus"
            | "eta_plus"
            | "step_size_min"
            | "step_size_max"
            | "gamma"
            | "step_size"
            | "t_max"
            | "eta_min" => {
                constants.push((key.to_string(), value.to_string()));
            }
            _ => unknown.push((key.to_string(), value.to_string())),
        }
    }

    // Per-layer activations: one per hidden layer.
    if let Some(list) = activations {
        let layers = r.config.hidden.len();
        // One activation for all layers is a shorthand; another count is a mistake.
        if list.len() != layers && list.len() > 1 {
            r.warnings.push(format!(
                "activations: {} given for {layers} hidden layers; the last one fills the rest",
                list.len()
            ));
        }
        for (l, layer) in r.config.hidden.iter_mut().enumerate() {
            if let Some(&a) = list.get(l).or(list.last()) {
                layer.activation = a;
            }
        }
    }
    if let (Init::Uniform { range }, Some(v)) = (&mut r.config.init, init_range) {
        *range = v;
    }
    if let Some(v) = lambda {
        r.config.regularization.lambda = v;
    }
    if r.config.regularization.kind == Penalty::None {
        r.config.regularization.lambda = 0.0;
    }
    apply_constants(&mut r, &constants);
    fall_back_until_valid(&mut r);
    ParsedQuery { config: r.config, warnings: r.warnings, unknown }
}

/// Sets the optimizer's and schedule's constants from their raw values; a
/// constant the chosen optimizer or schedule does not have is ignored.
fn apply_constants(r: &mut Reader, constants: &[(String, String)]) {
    for (key, value) in constants {
        let key = key.as_str();
        if key == "step_size" || key == "t_max" {
            let Some(v) =
                r.take(key, value, "a whole number", |s| s.parse::<u32>().ok(), "its default")
            else {
                continue;
            };
            match &mut r.config.schedule {
                Schedule::Step { step_size, .. } if key == "step_size" => *step_size = v,
                Schedule::Cosine { t_max, .. } if key == "t_max" => *t_max = v,
                _ => {}
            }
            continue;
        }
        let Some(v) = r.take(key, value, "a number", number, "its default") else {
            continue;
        };
        match (&mut r.config.optimizer, key) {
            (
                Optimizer::Momentum { momentum, .. } | Optimizer::Nesterov { momentum },
                "momentum",
            ) => *momentum = v,
            (Optimizer::Momentum { dampening, .. }, "dampening") => *dampening = v,
            (Optimizer::Rmsprop { alpha, .. }, "alpha") => *alpha = v,
            (
                Optimizer::Rmsprop { eps, .. }
                | Optimizer::Adagrad { eps, .. }
                | Optimizer::Adam { eps, .. },
                "eps",
            ) => *eps = v,
            (Optimizer::Adagrad { initial_accumulator_value, .. }, "initial_accumulator_value") => {
                *initial_accumulator_value = v
            }
            (Optimizer::Adagrad { lr_decay, .. }, "lr_decay") => *lr_decay = v,
            (Optimizer::Adam { beta1, .. }, "beta1") => *beta1 = v,
            (Optimizer::Adam { beta2, .. }, "beta2") => *beta2 = v,
            (Optimizer::Rprop { eta_minus, .. }, "eta_minus") => *eta_minus = v,
            (Optimizer::Rprop { eta_plus, .. }, "eta_plus") => *eta_plus = v,
            (Optimizer::Rprop { step_size_min, .. }, "step_size_min") => *step_size_min = v,
            (Optimizer::Rprop { step_size_max, .. }, "step_size_max") => *step_size_max = v,
            _ => match (&mut r.config.schedule, key) {
                (Schedule::Exponential { gamma } | Schedule::Step { gamma, .. }, "gamma") => {
                    *gamma = v
                }
                (Schedule::Cosine { eta_min, .. }, "eta_min") => *eta_min = v,
                _ => {}
            },
        }
    }
}

/// Replaces each setting that validation rejects by its default, one at a
/// time, until the config is valid.
fn fall_back_until_valid(r: &mut Reader) {
    let default = Config::default();
    for _ in 0..64 {
        let Err(error) = r.config.validate() else { return };
        let field = error.field().unwrap_or("").to_string();
        let c = &mut r.config;
        let restored: String = if field.starts_with("hidden") {
            c.hidden = default.hidden.clone();
            "4,2 tanh".into()
        } else if field.starts_with("optimizer.") {
            c.optimizer = Optimizer::from_name(c.optimizer.name()).expect("a known optimizer");
            format!("{}'s default constants", c.optimizer.name())
        } else if field.starts_with("schedule.") {
            c.schedule = Schedule::from_name(c.schedule.name()).expect("a known schedule");
            format!("the {} schedule's default parameters", c.schedule.name())
        } else {
            match field.as_str() {
                "samples" => {
                    c.samples = default.samples;
                    c.samples.to_string()
                }
                "noise" => {
                    c.noise = default.noise;
                    c.noise.to_string()
                }
                "train_fraction" => {
                    c.train_fraction = default.train_fraction;
                    c.train_fraction.to_string()
                }
                "classes" => {
                    c.classes = default.classes;
                    c.classes.to_string()
                }
                "features" => {
                    c.features = if c.dataset.dims() == 1 {
                        vec![Feature::X1]
                    } else {
                        default.features.clone()
                    };
                    list(&c.features, |f| f.name().to_string())
                }
                "init.range" => {
                    c.init = Init::from_name("uniform").expect("uniform exists");
                    "a range of 0.5".into()
                }
                "output_activation" => {
                    c.output_activation = c.loss.default_output_activation();
                    c.output_activation.name().into()
                }
                "loss" => {
                    c.loss = Loss::Mse;
                    if !Loss::Mse.output_activations().contains(&c.output_activation) {
                        c.output_activation = Activation::Linear;
                    }
                    "mse".into()
                }
                "regularization.lambda" => {
                    c.regularization = Regularization::NONE;
                    "no regularization".into()
                }
                "learning_rate" => {
                    c.learning_rate = default.learning_rate;
                    c.learning_rate.to_string()
                }
                "batch_size" => {
                    c.batch_size = default.batch_size;
                    c.batch_size.to_string()
                }
                _ => {
                    // Not expected: validation names only the fields above.
                    *c = default.clone();
                    "the default configuration".into()
                }
            }
        };
        r.warnings.push(format!("{error}; using {restored}"));
    }
    r.config = default;
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

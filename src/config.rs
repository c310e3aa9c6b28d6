//! Everything that defines a run, in one serde struct with a documented default
//! and a `validate()` that names the first bad setting.

use serde::Serialize;

use crate::activation::Activation;
use crate::dataset::{DatasetKind, Feature, Problem};
use crate::error::{Error, Result};
use crate::init::Init;
use crate::loss::Loss;
use crate::network::Layout;
use crate::optimizer::Optimizer;
use crate::regularization::{Penalty, Regularization};
use crate::schedule::Schedule;

/// The most points a data set may have.
pub const MAX_SAMPLES: usize = 100_000;
/// The most weights and biases a network may have (about 80 MB of state).
pub const MAX_PARAMS: usize = 2_000_000;
/// The largest learning rate (and λ) accepted; beyond it nothing but NaN can come.
pub const MAX_RATE: f64 = 1000.0;

/// One hidden layer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HiddenLayer {
    pub neurons: usize,
    pub activation: Activation,
}

/// A whole run. `Config::default()` is TensorFlow Playground's opening screen:
/// the circle data set (500 points, no noise, half for training), inputs x1 and
/// x2, two hidden layers of 4 and 2 tanh neurons, a tanh output with squared
/// error, Playground's initialisation, plain SGD at learning rate 0.03 with
/// batches of 10, and no regularization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Seeds the data, the train/test split, the initial weights and the shuffles. Default 1.
    pub seed: u64,
    /// Default `circle`.
    pub dataset: DatasetKind,
    /// Number of points, training and test together. Default 500.
    pub samples: usize,
    /// From 0 (clean) to 1 (heavy). Default 0.
    pub noise: f64,
    /// Share of the points used for training, in (0, 1]. Default 0.5.
    pub train_fraction: f64,
    /// Classes of the multiclass data sets, 3 to 5. Default 3.
    pub classes: usize,
    /// The network's inputs. Default x1, x2.
    pub features: Vec<Feature>,
    /// Hidden layers, input side first. Default 4 then 2 tanh neurons.
    pub hidden: Vec<HiddenLayer>,
    /// The output layer's activation; it must suit the loss. Default tanh.
    pub output_activation: Activation,
    /// Default `playground`: weights U(−0.5, 0.5), biases 0.1.
    pub init: Init,
    /// Default `mse`.
    pub loss: Loss,
    /// Default none.
    pub regularization: Regularization,
    /// Default `sgd`.
    pub optimizer: Optimizer,
    /// Default 0.03.
    pub learning_rate: f64,
    /// Default constant.
    pub schedule: Schedule,
    /// Examples per update, from 1 to the whole training set. Default 10.
    pub batch_size: usize,
    /// Reshuffle the training examples every epoch. Default true.
    pub shuffle: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            dataset: DatasetKind::Circle,
            samples: 500,
            noise: 0.0,
            train_fraction: 0.5,
            classes: 3,
            features: vec![Feature::X1, Feature::X2],
            hidden: vec![
                HiddenLayer { neurons: 4, activation: Activation::Tanh },
                HiddenLayer { neurons: 2, activation: Activation::Tanh },
            ],
            output_activation: Activation::Tanh,
            init: Init::Playground,
            loss: Loss::Mse,
            regularization: Regularization::NONE,
            optimizer: Optimizer::Sgd,
            learning_rate: 0.03,
            schedule: Schedule::Constant,
            batch_size: 10,
            shuffle: true,
        }
    }
}

/// Checks that `value` is a finite number in `[low, high]`.
fn check_range(field: &str, value: f64, low: f64, high: f64) -> Result<()> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(field, value, format!("a number from {low} to {high}")))
    }
}

/// Checks that `value` is a finite number in `(low, high)` (both ends excluded).
fn check_open(field: &str, value: f64, low: f64, high: f64) -> Result<()> {
    if value.is_finite() && value > low && value < high {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            value,
            format!("a number greater than {low} and less than {high}"),
        ))
    }
}

fn check_count(field: &str, value: usize, low: usize, high: usize) -> Result<()> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(field, value, format!("a whole number from {low} to {high}")))
    }
}

fn names(activations: &[Activation]) -> String {
    let names: Vec<&str> = activations.iter().map(|a| a.name()).collect();
    match names.as_slice() {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        [] => String::new(),
    }
}

impl Config {
    /// Reads a config from JSON; missing fields take their defaults. The
    /// result is validated.
    pub fn from_json(json: &str) -> Result<Config> {
        let tree: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| Error::Parse { what: "config JSON".into(), message: e.to_string() })?;
        let config = crate::reader::config_from_tree(&tree)?;
        config.validate()?;
        Ok(config)
    }

    /// The config as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a config always serializes")
    }

    /// The problem the data set poses.
    pub fn problem(&self) -> Problem {
        self.dataset.problem()
    }

    /// The number of outputs the network needs for this data set and loss.
    pub fn outputs(&self) -> usize {
        match self.problem() {
            Problem::Regression => 1,
            Problem::Binary if self.loss != Loss::SoftmaxCe => 1,
            Problem::Binary => 2,
            Problem::Multiclass => self.classes,
        }
    }

    /// `[inputs, hidden…, outputs]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![self.features.len()];
        sizes.extend(self.hidden.iter().map(|h| h.neurons));
        sizes.push(self.outputs());
        sizes
    }

    /// One activation per layer, the output's last.
    pub fn activations(&self) -> Vec<Activation> {
        let mut activations: Vec<Activation> = self.hidden.iter().map(|h| h.activation).collect();
        activations.push(self.output_activation);
        activations
    }

    /// Checks every setting; the error names the first one that is not allowed.
    pub fn validate(&self) -> Result<()> {
        // The data.
        check_count("samples", self.samples, 2, MAX_SAMPLES)?;
        check_range("noise", self.noise, 0.0, 1.0)?;
        if !(self.train_fraction.is_finite()
            && self.train_fraction > 0.0
            && self.train_fraction <= 1.0)
        {
            return Err(Error::invalid(
                "train_fraction",
                self.train_fraction,
                "a number greater than 0 and at most 1",
            ));
        }
        if self.problem() == Problem::Multiclass {
            check_count("classes", self.classes, 3, 5)?;
        }
        if self.features.is_empty() {
            return Err(Error::invalid("features", "none", "at least one input feature"));
        }
        for (i, feature) in self.features.iter().enumerate() {
            if self.features[..i].contains(feature) {
                return Err(Error::invalid(
                    "features",
                    feature.name(),
                    "each feature at most once",
                ));
            }
            if feature.uses_x2() && self.dataset.dims() < 2 {
                return Err(Error::invalid(
                    "features",
                    feature.name(),
                    format!(
                        "features of x1 only: the {} data set has one input",
                        self.dataset.name()
                    ),
                ));
            }
        }

        // The network.
        for (l, layer) in self.hidden.iter().enumerate() {
            if layer.neurons == 0 {
                return Err(Error::invalid(format!("hidden[{l}].neurons"), 0, "at least 1 neuron"));
            }
            if layer.activation == Activation::Softmax {
                return Err(Error::invalid(
                    format!("hidden[{l}].activation"),
                    "softmax",
                    "linear, sigmoid, tanh, relu or leaky_relu: softmax belongs to the output layer",
                ));
            }
        }
        let sizes = self.sizes();
        let too_big = || {
            Error::invalid(
                "hidden",
                format!("{:?}", &sizes[1..sizes.len() - 1]),
                format!("a network of at most {MAX_PARAMS} weights and biases"),
            )
        };
        let layout = Layout::new(&sizes).map_err(|_| too_big())?;
        if layout.n_params() > MAX_PARAMS {
            return Err(too_big());
        }
        if let Init::Uniform { range } = self.init {
            check_range("init.range", range, 0.0, MAX_RATE)?;
        }

        // The loss and the output it needs.
        let allowed = self.loss.output_activations();
        if !allowed.contains(&self.output_activation) {
            return Err(Error::invalid(
                "output_activation",
                self.output_activation.name(),
                format!("{} for the {} loss", names(allowed), self.loss.name()),
            ));
        }
        if self.problem() == Problem::Regression && self.loss != Loss::Mse {
            return Err(Error::invalid(
                "loss",
                self.loss.name(),
                format!("mse: the {} data set asks for a value, not a class", self.dataset.name()),
            ));
        }
        check_range("regularization.lambda", self.regularization.lambda, 0.0, MAX_RATE)?;
        if self.regularization.kind == Penalty::None && self.regularization.lambda != 0.0 {
            return Err(Error::invalid(
                "regularization.lambda",
                self.regularization.lambda,
                "0 when the regularization is none",
            ));
        }

        // The optimizer and its schedule.
        check_range("learning_rate", self.learning_rate, 0.0, MAX_RATE)?;
        check_count("batch_size", self.batch_size, 1, MAX_SAMPLES)?;
        match self.optimizer {
            Optimizer::Sgd => {}
            Optimizer::Momentum { momentum, dampening } => {
                check_range("optimizer.momentum", momentum, 0.0, 0.999_999)?;
                check_range("optimizer.dampening", dampening, 0.0, 1.0)?;
            }
            Optimizer::Nesterov { momentum } => {
                check_range("optimizer.momentum", momentum, 0.0, 0.999_999)?;
            }
            Optimizer::Rmsprop { alpha, eps } => {
                check_range("optimizer.alpha", alpha, 0.0, 0.999_999)?;
                check_open("optimizer.eps", eps, 0.0, 1.0)?;
            }
            Optimizer::Adagrad { eps, initial_accumulator_value, lr_decay } => {
                check_open("optimizer.eps", eps, 0.0, 1.0)?;
                check_range(
                    "optimizer.initial_accumulator_value",
                    initial_accumulator_value,
                    0.0,
                    MAX_RATE,
                )?;
                check_range("optimizer.lr_decay", lr_decay, 0.0, MAX_RATE)?;
            }
            Optimizer::Adam { beta1, beta2, eps } => {
                check_range("optimizer.beta1", beta1, 0.0, 0.999_999)?;
                check_range("optimizer.beta2", beta2, 0.0, 0.999_999)?;
                check_open("optimizer.eps", eps, 0.0, 1.0)?;
            }
            Optimizer::Rprop { eta_minus, eta_plus, step_size_min, step_size_max } => {
                check_open("optimizer.eta_minus", eta_minus, 0.0, 1.0)?;
                check_open("optimizer.eta_plus", eta_plus, 1.0, MAX_RATE)?;
                check_open("optimizer.step_size_min", step_size_min, 0.0, MAX_RATE)?;
                if !(step_size_max.is_finite()
                    && step_size_max >= step_size_min
                    && step_size_max <= MAX_RATE)
                {
                    return Err(Error::invalid(
                        "optimizer.step_size_max",
                        step_size_max,
                        format!("a number from step_size_min ({step_size_min}) to {MAX_RATE}"),
                    ));
                }
            }
        }
        match self.schedule {
            Schedule::Constant => {}
            Schedule::Exponential { gamma } => check_open("schedule.gamma", gamma, 0.0, 10.0)?,
            Schedule::Step { step_size, gamma } => {
                check_count("schedule.step_size", step_size as usize, 1, 1_000_000)?;
                check_open("schedule.gamma", gamma, 0.0, 10.0)?;
            }
            Schedule::Cosine { t_max, eta_min } => {
                check_count("schedule.t_max", t_max as usize, 1, 1_000_000)?;
                check_range("schedule.eta_min", eta_min, 0.0, MAX_RATE)?;
            }
        }
        Ok(())
    }
}

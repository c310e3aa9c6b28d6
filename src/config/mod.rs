//! Everything that defines a run: [`Config`], nested by what each part
//! describes, with a documented default and a `validate()` that names the
//! first bad setting. Each setting is named once, in [`table::SETTINGS`]
//! (its JSON path, URL key, old URL keys, how it is read and its bounds);
//! [`read`] reads a config from JSON or a JS object with it, [`query`] writes
//! and reads the URL form with it, and [`Catalog`] lists the choices for the page.

use serde::Serialize;

use crate::activation::Activation;
use crate::dataset::{DatasetKind, EXTENT, Feature, Problem, target_range};
use crate::error::{Error, Result};
use crate::init::Init;
use crate::loss::Loss;
use crate::network::Layout;
use crate::optimizer::Optimizer;
use crate::regularization::{Penalty, Regularization};
use crate::schedule::Schedule;

pub mod query;
pub mod read;
pub mod table;

pub use table::{Bounds, SETTINGS, Setting};

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
///
/// Its JSON (and JS object) form is flat: the parts' fields side by side,
/// `{"seed":1,"dataset":"circle",…,"hidden":[…],…,"optimizer":{"kind":"sgd"},…}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Seeds the data and the train/test split, and, unless `weight_seed`
    /// is set, the initial weights and the shuffles. Default 1.
    pub seed: u64,
    /// Seeds the initial weights and the per-epoch shuffles apart from the
    /// data, so the same points can be tried from other starting weights.
    /// Default none: `seed` does (as every link made before it did).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_seed: Option<u64>,
    /// The points: which data set, how many, how noisy, how split.
    #[serde(flatten)]
    pub data: DataConfig,
    /// The network: its inputs, layers, output, loss and initial weights.
    #[serde(flatten)]
    pub network: NetworkConfig,
    /// How it is trained: everything a change of which keeps the network.
    #[serde(flatten)]
    pub training: TrainingConfig,
}

/// The data: everything that decides the points and their split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataConfig {
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
}

/// The network: its shape, what it computes and how its weights start.
/// (Fields in the order of the JSON form: `init` before `loss`.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkConfig {
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
    /// A factor on every initial weight (the initialiser's gain), to see a
    /// too-small or too-large initialisation fade or saturate. Default none
    /// (1: the initialiser as it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_gain: Option<f64>,
}

/// How the network is trained; a change of any of it keeps the network.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrainingConfig {
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
    /// Clip the gradients to this global 2-norm before each step, as
    /// PyTorch's `clip_grad_norm_`. Default none (no clipping).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clip_norm: Option<f64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            weight_seed: None,
            data: DataConfig {
                dataset: DatasetKind::Circle,
                samples: 500,
                noise: 0.0,
                train_fraction: 0.5,
                classes: 3,
            },
            network: NetworkConfig {
                features: vec![Feature::X1, Feature::X2],
                hidden: vec![
                    HiddenLayer { neurons: 4, activation: Activation::Tanh },
                    HiddenLayer { neurons: 2, activation: Activation::Tanh },
                ],
                output_activation: Activation::Tanh,
                init: Init::Playground,
                loss: Loss::Mse,
                init_gain: None,
            },
            training: TrainingConfig {
                regularization: Regularization::NONE,
                optimizer: Optimizer::Sgd,
                learning_rate: 0.03,
                schedule: Schedule::Constant,
                batch_size: 10,
                shuffle: true,
                clip_norm: None,
            },
        }
    }
}

impl Default for DataConfig {
    fn default() -> Self {
        Config::default().data
    }
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Config::default().network
    }
}

impl Default for TrainingConfig {
    fn default() -> Self {
        Config::default().training
    }
}

impl DataConfig {
    /// True when both generate the same points with the same split: every
    /// setting equal, except the number of classes of a data set that has none.
    pub fn same_points(&self, other: &DataConfig) -> bool {
        let classes_matter = self.dataset.problem() == Problem::Multiclass;
        let classes = if classes_matter { self.classes } else { other.classes };
        DataConfig { classes, ..self.clone() } == *other
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
    /// The seed of the initial weights and the shuffles.
    pub fn weight_seed(&self) -> u64 {
        self.weight_seed.unwrap_or(self.seed)
    }

    /// Reads a config from JSON; missing fields take their defaults. The
    /// result is validated.
    pub fn from_json(json: &str) -> Result<Config> {
        let tree: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| Error::Parse { what: "config JSON".into(), message: e.to_string() })?;
        let config = read::config_from_tree(&tree)?;
        config.validate()?;
        Ok(config)
    }

    /// The config as JSON (the flat form).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a config always serializes")
    }

    /// The problem the data set poses.
    pub fn problem(&self) -> Problem {
        self.data.dataset.problem()
    }

    /// The number of outputs the network needs for this data set and loss.
    pub fn outputs(&self) -> usize {
        match self.problem() {
            Problem::Regression => 1,
            Problem::Binary if self.network.loss != Loss::SoftmaxCe => 1,
            Problem::Binary => 2,
            Problem::Multiclass => self.data.classes,
        }
    }

    /// `[inputs, hidden…, outputs]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![self.network.features.len()];
        sizes.extend(self.network.hidden.iter().map(|h| h.neurons));
        sizes.push(self.outputs());
        sizes
    }

    /// One activation per layer, the output's last.
    pub fn activations(&self) -> Vec<Activation> {
        let network = &self.network;
        let mut activations: Vec<Activation> =
            network.hidden.iter().map(|h| h.activation).collect();
        activations.push(network.output_activation);
        activations
    }

    /// Checks every setting; the error names the first one that is not
    /// allowed. The bounds of single settings come from [`SETTINGS`]; the
    /// rules that tie settings together are here.
    pub fn validate(&self) -> Result<()> {
        for setting in &SETTINGS {
            setting.check(self)?;
        }
        let (data, network, training) = (&self.data, &self.network, &self.training);

        // The data.
        if self.problem() == Problem::Multiclass && !(3..=5).contains(&data.classes) {
            return Err(Error::invalid("classes", data.classes, "a whole number from 3 to 5"));
        }
        if network.features.is_empty() {
            return Err(Error::invalid("features", "none", "at least one input feature"));
        }
        for (i, feature) in network.features.iter().enumerate() {
            if network.features[..i].contains(feature) {
                return Err(Error::invalid(
                    "features",
                    feature.name(),
                    "each feature at most once",
                ));
            }
            if feature.uses_x2() && data.dataset.dims() < 2 {
                return Err(Error::invalid(
                    "features",
                    feature.name(),
                    format!(
                        "features of x1 only: the {} data set has one input",
                        data.dataset.name()
                    ),
                ));
            }
        }

        // The network.
        for (l, layer) in network.hidden.iter().enumerate() {
            if layer.neurons == 0 {
                return Err(Error::invalid(
                    format!("hidden[{l}].neurons"),
                    0,
                    "at least 1 neuron (a network with no hidden layer has an empty list of layers, or hidden.neurons=0 in a link)",
                ));
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

        // The loss and the output it needs.
        let allowed = network.loss.output_activations();
        if !allowed.contains(&network.output_activation) {
            return Err(Error::invalid(
                "output_activation",
                network.output_activation.name(),
                format!("{} for the {} loss", names(allowed), network.loss.name()),
            ));
        }
        if self.problem() == Problem::Regression && network.loss != Loss::Mse {
            return Err(Error::invalid(
                "loss",
                network.loss.name(),
                format!("mse: the {} data set asks for a value, not a class", data.dataset.name()),
            ));
        }
        let regularization = training.regularization;
        if regularization.kind == Penalty::None && regularization.lambda != 0.0 {
            return Err(Error::invalid(
                "regularization.lambda",
                regularization.lambda,
                "0 when the regularization is none",
            ));
        }

        // The optimizer's constants that depend on each other.
        if let Optimizer::Rprop { step_size_min, step_size_max, .. } = training.optimizer
            && !(step_size_max.is_finite()
                && step_size_max >= step_size_min
                && step_size_max <= MAX_RATE)
        {
            return Err(Error::invalid(
                "optimizer.step_size_max",
                step_size_max,
                format!("a number from step_size_min ({step_size_min}) to {MAX_RATE}"),
            ));
        }
        if let Optimizer::Cg { c1, c2 } = training.optimizer
            && c1 >= c2
        {
            return Err(Error::invalid("optimizer.c1", c1, format!("a number below c2 ({c2})")));
        }
        Ok(())
    }
}

/// The choices and limits the page offers, as `Lab.catalog()` returns them:
/// every name from the engine's own lists, every default from `Config::default()`
/// and the kinds' `from_name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub activations: Vec<&'static str>,
    pub losses: Vec<LossEntry>,
    pub optimizers: Vec<Kind<Optimizer>>,
    pub schedules: Vec<Kind<Schedule>>,
    pub inits: Vec<Kind<Init>>,
    pub penalties: Vec<&'static str>,
    pub datasets: Vec<DatasetEntry>,
    pub features: Vec<FeatureEntry>,
    pub limits: Limits,
    pub defaults: Config,
}

/// A loss, the output activations it allows, and the targets' range for each.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LossEntry {
    pub name: &'static str,
    pub outputs: Vec<&'static str>,
    pub default_output: &'static str,
    /// `{activation: [low, high]}`, in the order of `outputs`.
    #[serde(serialize_with = "as_map")]
    pub target_range: Vec<(&'static str, [f64; 2])>,
    pub from_logits: bool,
}

fn as_map<S: serde::Serializer>(
    pairs: &[(&'static str, [f64; 2])],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// An optimizer, schedule or initialiser with its default constants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kind<T> {
    pub name: &'static str,
    pub defaults: T,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatasetEntry {
    pub name: &'static str,
    pub problem: Problem,
    pub dims: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeatureEntry {
    pub name: &'static str,
    pub label: &'static str,
    pub uses_x2: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_samples: usize,
    pub max_rate: f64,
    pub extent: f64,
}

fn kinds<T>(names: &[&'static str], from_name: impl Fn(&str) -> Option<T>) -> Vec<Kind<T>> {
    names
        .iter()
        .map(|&name| Kind { name, defaults: from_name(name).expect("a listed name") })
        .collect()
}

impl Catalog {
    pub fn new() -> Catalog {
        let activation_names = |list: &[Activation]| list.iter().map(|a| a.name()).collect();
        Catalog {
            activations: activation_names(&Activation::ALL),
            losses: Loss::ALL
                .iter()
                .map(|&loss| LossEntry {
                    name: loss.name(),
                    outputs: activation_names(loss.output_activations()),
                    default_output: loss.default_output_activation().name(),
                    target_range: loss
                        .output_activations()
                        .iter()
                        .map(|&a| {
                            let (low, high) = target_range(loss, a);
                            (a.name(), [low, high])
                        })
                        .collect(),
                    from_logits: loss.from_logits(),
                })
                .collect(),
            optimizers: kinds(&Optimizer::ALL_NAMES, Optimizer::from_name),
            schedules: kinds(&Schedule::ALL_NAMES, Schedule::from_name),
            inits: kinds(&Init::ALL_NAMES, Init::from_name),
            penalties: Penalty::ALL.iter().map(|p| p.name()).collect(),
            datasets: DatasetKind::ALL
                .iter()
                .map(|d| DatasetEntry { name: d.name(), problem: d.problem(), dims: d.dims() })
                .collect(),
            features: Feature::ALL
                .iter()
                .map(|f| FeatureEntry { name: f.name(), label: f.label(), uses_x2: f.uses_x2() })
                .collect(),
            limits: Limits { max_samples: MAX_SAMPLES, max_rate: MAX_RATE, extent: EXTENT },
            defaults: Config::default(),
        }
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new()
    }
}

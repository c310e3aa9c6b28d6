//! A trained model as a file: the config, the data (a table's rows, or
//! drawn points; a generated set is remade from its config), every parameter, the
//! optimizer's state, the counters and the metrics so far. Loading it gives
//! back the same run: training continues bit-identically to never having
//! stopped. Read with the config reader's [`Tree`], so JSON text natively
//! and a parsed JS object in the browser follow the same rules.
//!
//! A link carries less, the run's state alone ([`Session::state_json`]):
//! its address holds the config and names a built-in data set, so the state
//! leaves out the config, a built-in table's rows, the metrics history and
//! an order of the examples its seed gives anyway. Both carry a check of the
//! data, so weights are never put on other data than they were trained on.

use rand::seq::SliceRandom;
use serde::Serialize;

use crate::config::Config;
use crate::config::read::{Tree, config_from_tree};
use crate::dataset::{Labels, Points};
use crate::error::{Error, Result};
use crate::optimizer::OptimizerState;
use crate::rng::{self, Rng, Stream};
use crate::table::TableData;
use crate::trainer::Progress;

use super::{Metrics, Session, drawn};

/// What the file says it is.
const FORMAT: &str = "backprop-lab model";
/// The version this engine writes and reads.
const VERSION: u64 = 1;

#[derive(Serialize)]
struct ModelFile<'a> {
    format: &'static str,
    version: u64,
    /// Left out of a link's state (its address holds the config).
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a Config>,
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<TableFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    drawn: Option<DrawnFile<'a>>,
    params: &'a [f64],
    /// The switched-off neurons, `[layer, neuron]` from 0 (none: left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    off: Vec<[usize; 2]>,
    optimizer: OptimizerFile<'a>,
    progress: ProgressFile<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a [Metrics]>,
    diverged: bool,
    /// [`Session::data_check`] of the data trained on.
    data_check: String,
}

#[derive(Serialize)]
struct TableFile<'a> {
    input_names: &'a [String],
    target_name: &'a str,
    class_names: &'a [String],
    means: &'a [f64],
    scales: &'a [f64],
    /// `[row][input]`, as trained on (standardized if it was).
    inputs: &'a [f64],
    /// Each row's class, or (for a value target) its value.
    classes: Option<&'a [usize]>,
    values: Option<&'a [f64]>,
}

/// Drawn points: `[point][coordinate]` and each one's class or value.
#[derive(Serialize)]
struct DrawnFile<'a> {
    coords: &'a [f64],
    labels: Vec<f64>,
}

#[derive(Serialize)]
struct OptimizerFile<'a> {
    steps: u64,
    buffers: Vec<(&'static str, &'a [f64])>,
    reg_velocity: &'a [f64],
    first_learning_rate: f64,
    /// CG's and the evolution strategy's loss evaluations (left out at 0).
    #[serde(skip_serializing_if = "is_zero")]
    evaluations: u64,
    /// CG's memory between iterations: its last α, the last slope and the
    /// iterations since its last restart (for CG only).
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<[f64; 3]>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct ProgressFile<'a> {
    examples: u64,
    batches: u64,
    epochs: u64,
    /// Left out of a link's state when the seed's shuffles give it.
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'a [usize]>,
    cursor: usize,
    shuffles: u64,
}

fn bad(message: impl Into<String>) -> Error {
    Error::Parse { what: "model".into(), message: message.into() }
}

fn field<T: Tree>(tree: &T, key: &str) -> Result<T> {
    tree.field(key).ok_or_else(|| bad(format!("`{key}` is missing")))
}

fn numbers<T: Tree>(tree: &T, key: &str) -> Result<Vec<f64>> {
    let items = field(tree, key)?.items().ok_or_else(|| bad(format!("`{key}` is not a list")))?;
    items
        .iter()
        .map(|v| {
            v.number().ok_or_else(|| bad(format!("`{key}` holds {}, not a number", v.describe())))
        })
        .collect()
}

fn whole<T: Tree>(tree: &T, key: &str) -> Result<u64> {
    match field(tree, key)?.number() {
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 => Ok(v as u64),
        _ => Err(bad(format!("`{key}` is not a whole number"))),
    }
}

fn wholes<T: Tree>(tree: &T, key: &str) -> Result<Vec<usize>> {
    numbers(tree, key)?
        .into_iter()
        .map(|v| {
            if v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                Ok(v as usize)
            } else {
                Err(bad(format!("`{key}` holds {v}, not a whole number")))
            }
        })
        .collect()
}

fn texts<T: Tree>(tree: &T, key: &str) -> Result<Vec<String>> {
    let items = field(tree, key)?.items().ok_or_else(|| bad(format!("`{key}` is not a list")))?;
    items
        .iter()
        .map(|v| v.text().ok_or_else(|| bad(format!("`{key}` holds {}, not text", v.describe()))))
        .collect()
}

/// Which parts a written model holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parts {
    /// A model file: everything.
    File,
    /// A link's state, with or without the table's rows and the history.
    State { rows: bool, history: bool },
}

impl Session {
    /// The run as a model file (JSON). A run on given examples that came
    /// from neither a generated set nor a table cannot be saved.
    pub fn model_json(&self) -> Result<String> {
        self.write_model(Parts::File)
    }

    /// The run's state alone, for a link whose address holds the config:
    /// the parameters, the optimizer's state, the counters and the data
    /// check; a table's rows only with `rows` (a built-in set is named by
    /// the address instead), the metrics history only with `history`. Read
    /// back with [`Session::restored`].
    pub fn state_json(&self, rows: bool, history: bool) -> Result<String> {
        self.write_model(Parts::State { rows, history })
    }

    fn write_model(&self, parts: Parts) -> Result<String> {
        if self.points.is_none() && self.table.is_none() {
            return Err(Error::invalid(
                "model",
                "given examples",
                "a generated data set or a table",
            ));
        }
        let (file, rows, history) = match parts {
            Parts::File => (true, true, true),
            Parts::State { rows, history } => (false, rows, history),
        };
        let table = self.table.as_ref().filter(|_| rows);
        let table = table.map(|t| TableFile {
            input_names: &t.input_names,
            target_name: &t.target_name,
            class_names: &t.class_names,
            means: &t.means,
            scales: &t.scales,
            inputs: &t.points.coords,
            classes: match &t.points.labels {
                Labels::Classes { of, .. } => Some(of),
                Labels::Values(_) => None,
            },
            values: match &t.points.labels {
                Labels::Values(v) => Some(v),
                Labels::Classes { .. } => None,
            },
        });
        let drawn = self
            .points
            .as_ref()
            .filter(|_| self.drawn)
            .map(|p| DrawnFile { coords: &p.coords, labels: drawn::label_numbers(p) });
        let (optimizer, progress) = (self.trainer.optimizer(), self.trainer.progress());
        let seeded =
            || seeded_order(self.config.weight_seed(), progress.order.len(), progress.shuffles).0;
        let order = (file || progress.order != seeded()).then_some(&progress.order[..]);
        let model = ModelFile {
            format: FORMAT,
            version: VERSION,
            config: file.then_some(&self.config),
            table,
            drawn,
            params: self.network.params(),
            off: self.network.off_neurons().into_iter().map(|(l, j)| [l, j]).collect(),
            optimizer: OptimizerFile {
                steps: optimizer.steps(),
                buffers: optimizer.buffers().collect(),
                reg_velocity: optimizer.reg_velocity(),
                first_learning_rate: optimizer.first_learning_rate(),
                evaluations: optimizer.evaluations(),
                search: optimizer.optimizer().full_batch().then(|| {
                    let m = optimizer.memory();
                    [m.alpha, m.slope, m.since_restart as f64]
                }),
            },
            progress: ProgressFile {
                examples: progress.examples,
                batches: progress.batches,
                epochs: progress.epochs,
                order,
                cursor: progress.cursor,
                shuffles: progress.shuffles,
            },
            history: history.then_some(&self.history[..]),
            diverged: self.diverged,
            data_check: self.data_check(),
        };
        serde_json::to_string(&model).map_err(|e| bad(e.to_string()))
    }

    /// A fingerprint of the training and test examples as the network sees
    /// them (FNV-1a over their bits): the same data gives the same text.
    pub fn data_check(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut add = |word: u64| {
            for byte in word.to_le_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for set in [&self.train, &self.test] {
            add(set.n_inputs as u64);
            add(set.n_outputs as u64);
            add(set.len() as u64);
            set.inputs.iter().chain(&set.targets).for_each(|v| add(v.to_bits()));
        }
        format!("{hash:016x}")
    }

    /// A run from a model file's JSON text.
    pub fn from_model_json(json: &str) -> Result<Session> {
        let tree: serde_json::Value =
            serde_json::from_str(json).map_err(|e| bad(format!("not JSON: {e}")))?;
        Session::from_model(&tree)
    }

    /// A run from a model file read as a tree. Errors say what does not fit;
    /// nothing is half-loaded.
    pub fn from_model<T: Tree>(tree: &T) -> Result<Session> {
        check_format(tree)?;
        let config = config_from_tree(&field(tree, "config")?)?;
        config.validate()?;
        let base = match (tree.field("table"), tree.field("drawn")) {
            (Some(table), _) => Session::with_table(config, table_from(&table)?)?,
            (None, Some(drawn)) => {
                let points = drawn::points_for(
                    &config,
                    &numbers(&drawn, "coords")?,
                    &numbers(&drawn, "labels")?,
                )
                .map_err(|e| bad(format!("its drawn points do not fit its config: {e}")))?;
                Session::with_points(config, points)?
            }
            (None, None) => Session::new(config)?,
        };
        base.with_state(tree)
    }

    /// This run's config and data (a state's own table rows if it has them)
    /// with a saved state ([`Session::state_json`], or a whole model file,
    /// whose config is then not used): what opening a link does. This run is
    /// left as it was; an error says what does not fit.
    pub fn restored<T: Tree>(&self, tree: &T) -> Result<Session> {
        check_format(tree)?;
        let base = match tree.field("table") {
            Some(table) => Session::with_table(self.config.clone(), table_from(&table)?)?,
            None => {
                let mut base =
                    Session::build(self.config.clone(), self.train.clone(), self.test.clone())?;
                (base.points, base.table) = (self.points.clone(), self.table.clone());
                base.drawn = self.drawn;
                base
            }
        };
        base.with_state(tree)
    }

    /// This fresh run (its config and data, initial weights) with the
    /// tree's parameters, optimizer state, counters and history.
    fn with_state<T: Tree>(mut self, tree: &T) -> Result<Session> {
        let config = self.config.clone();
        if let Some(check) = tree.field("data_check") {
            if check.text().as_deref() != Some(self.data_check().as_str()) {
                return Err(bad(
                    "its weights were trained on other data than these (another seed, data set, file or version of Backprop Lab made them)",
                ));
            }
        }
        let n_params = self.network.layout().n_params();
        let params = numbers(tree, "params")?;
        if params.len() != n_params {
            return Err(bad(format!(
                "it has {} weights and biases, but its config's network has {n_params}",
                params.len()
            )));
        }
        self.set_params(&params)?;
        if let Some(off) = tree.field("off") {
            let pairs = off.items().ok_or_else(|| bad("`off` is not a list"))?;
            for pair in pairs {
                let at = |k: usize| {
                    let v = pair.items()?.get(k)?.number()?;
                    (v >= 0.0 && v.fract() == 0.0 && v < 1e9).then_some(v as usize)
                };
                let (Some(l), Some(j)) = (at(0), at(1)) else {
                    return Err(bad("`off` holds something other than [layer, neuron] pairs"));
                };
                self.network.set_off(l, j, true).map_err(|e| {
                    bad(format!("`off` names no hidden neuron of its network: {e}"))
                })?;
            }
        }

        let o = field(tree, "optimizer")?;
        let buffers = field(&o, "buffers")?
            .items()
            .ok_or_else(|| bad("`optimizer.buffers` is not a list"))?;
        let names = config.training.optimizer.state_names();
        if buffers.len() != names.len() {
            let held: Vec<String> = buffers
                .iter()
                .map(|b| b.items().and_then(|i| i.first()?.text()).unwrap_or_default())
                .collect();
            let list = |names: &[String]| match names {
                [] => "nothing".to_string(),
                names => format!("`{}`", names.join("`, `")),
            };
            let keeps: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            return Err(bad(format!(
                "its optimizer state holds {}, but the {} optimizer keeps {}",
                list(&held),
                config.training.optimizer.name(),
                list(&keeps)
            )));
        }
        let mut values = Vec::with_capacity(names.len());
        for (k, pair) in buffers.iter().enumerate() {
            let items = pair.items().unwrap_or_default();
            let name = items.first().and_then(|n| n.text()).unwrap_or_default();
            if names.get(k) != Some(&name.as_str()) {
                return Err(bad(format!(
                    "optimizer state `{name}` is not one the {} optimizer has",
                    config.training.optimizer.name()
                )));
            }
            let list = items
                .get(1)
                .and_then(|l| l.items())
                .ok_or_else(|| bad(format!("optimizer state `{name}` is not a list")))?;
            values.push(list.iter().map(|v| v.number().unwrap_or(f64::NAN)).collect());
        }
        let mut optimizer = OptimizerState::from_parts(
            config.training.optimizer,
            n_params,
            whole(&o, "steps")?,
            values,
            numbers(&o, "reg_velocity")?,
            field(&o, "first_learning_rate")?
                .number()
                .ok_or_else(|| bad("`optimizer.first_learning_rate` is not a number"))?,
        )?;
        let evaluations = match o.field("evaluations") {
            Some(_) => whole(&o, "evaluations")?,
            None => 0,
        };
        let memory = match o.field("search") {
            Some(_) => match numbers(&o, "search")?[..] {
                [alpha, slope, since_restart] if since_restart >= 0.0 => {
                    crate::cg::Memory { alpha, slope, since_restart: since_restart as u64 }
                }
                _ => return Err(bad("`optimizer.search` is not [alpha, slope, iterations]")),
            },
            None => crate::cg::Memory::default(),
        };
        optimizer.set_search(evaluations, memory)?;

        let p = field(tree, "progress")?;
        let n = self.train.len();
        // The shuffle generator as it was: the seed's, after as many shuffles.
        let shuffles = whole(&p, "shuffles")?;
        if shuffles.saturating_mul(n.max(1) as u64) > MAX_SHUFFLED {
            return Err(bad(format!(
                "`progress.shuffles`: replaying {shuffles} shuffles of {n} examples would hold the page too long"
            )));
        }
        let (seeded, rng) = seeded_order(config.weight_seed(), n, shuffles);
        let order = match p.field("order") {
            Some(_) => wholes(&p, "order")?,
            None => seeded,
        };
        let mut seen = vec![false; n];
        if order.len() != n
            || !order.iter().all(|&i| i < n && !std::mem::replace(&mut seen[i], true))
        {
            return Err(bad(format!(
                "`progress.order` is not an order of the {n} training examples"
            )));
        }
        let cursor = whole(&p, "cursor")? as usize;
        if cursor > n {
            return Err(bad(format!("`progress.cursor` is past the {n} training examples")));
        }
        let progress = Progress {
            examples: whole(&p, "examples")?,
            batches: whole(&p, "batches")?,
            epochs: whole(&p, "epochs")?,
            order,
            cursor,
            rng,
            shuffles,
        };
        self.trainer.restore(&progress, &optimizer);
        self.history = match tree.field("history") {
            Some(history) => history_from(&history)?,
            None => Vec::new(),
        };
        self.history_thinned = 0;
        if self.history.is_empty() {
            let now = self.metrics();
            self.history.push(now);
        }
        self.diverged = tree.field("diverged").and_then(|d| d.boolean()).unwrap_or(false);
        self.timeline.clear();
        if !self.diverged {
            self.timeline.push(self.checkpoint());
        }
        self.preview();
        Ok(self)
    }
}

/// The most examples a model's shuffles may move when it is read (the
/// generator is the seed's after replaying them, a few seconds' work):
/// some 20 hours of training 250 examples at full speed.
const MAX_SHUFFLED: u64 = 1_000_000_000;

/// The order of `n` examples after `shuffles` shuffles from the seed, and
/// the shuffle generator after them (as the trainer leaves them).
fn seeded_order(seed: u64, n: usize, shuffles: u64) -> (Vec<usize>, Rng) {
    let mut rng = rng::stream(seed, Stream::Shuffle);
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..shuffles {
        order.shuffle(&mut rng);
    }
    (order, rng)
}

/// Refuses what is not a model of this version.
fn check_format<T: Tree>(tree: &T) -> Result<()> {
    let format = tree.field("format").and_then(|f| f.text());
    if format.as_deref() != Some(FORMAT) {
        return Err(bad(
            "this is not a Backprop Lab model file (its `format` is not \"backprop-lab model\")",
        ));
    }
    let version = whole(tree, "version")?;
    if version != VERSION {
        return Err(bad(format!(
            "this model was saved by another version of Backprop Lab (file version {version}); this page reads version {VERSION}"
        )));
    }
    Ok(())
}

fn table_from<T: Tree>(tree: &T) -> Result<TableData> {
    let input_names = texts(tree, "input_names")?;
    let inputs = numbers(tree, "inputs")?;
    let dims = input_names.len();
    if dims == 0 || inputs.len() % dims != 0 || inputs.iter().any(|v| !v.is_finite()) {
        return Err(bad("the table's `inputs` are not finite rows of one number per input"));
    }
    let rows = inputs.len() / dims;
    let class_names = texts(tree, "class_names")?;
    let labels = match tree.field("classes") {
        Some(_) => {
            let of = wholes(tree, "classes")?;
            if of.iter().any(|&c| c >= class_names.len()) {
                return Err(bad("the table's `classes` name a class it does not have"));
            }
            Labels::Classes { count: class_names.len(), of }
        }
        None => Labels::Values(numbers(tree, "values")?),
    };
    let labelled = match &labels {
        Labels::Classes { of, .. } => of.len(),
        Labels::Values(v) => v.len(),
    };
    if labelled != rows {
        return Err(bad(format!("the table has {rows} rows but {labelled} targets")));
    }
    Ok(TableData {
        points: Points { dims, coords: inputs, labels },
        input_names,
        target_name: field(tree, "target_name")?.text().unwrap_or_default(),
        class_names,
        means: numbers(tree, "means")?,
        scales: numbers(tree, "scales")?,
    })
}

fn history_from<T: Tree>(tree: &T) -> Result<Vec<Metrics>> {
    let rows = tree.items().ok_or_else(|| bad("`history` is not a list"))?;
    let optional = |row: &T, key: &str| row.field(key).and_then(|v| v.number());
    rows.iter()
        .map(|row| {
            Ok(Metrics {
                epoch: whole(row, "epoch")?,
                examples: whole(row, "examples")?,
                // NaN and infinity are written null (JSON has neither).
                train_loss: optional(row, "train_loss").unwrap_or(f64::NAN),
                test_loss: optional(row, "test_loss"),
                regularization_loss: optional(row, "regularization_loss").unwrap_or(0.0),
                train_accuracy: optional(row, "train_accuracy"),
                test_accuracy: optional(row, "test_accuracy"),
            })
        })
        .collect()
}

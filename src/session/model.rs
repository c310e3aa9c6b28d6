//! A trained model as a file: the config, the data (a table's rows, or
//! drawn points; a generated set is remade from its config), every parameter, the
//! optimizer's state, the counters and the metrics so far. Loading it gives
//! back the same run: training continues bit-identically to never having
//! stopped. Read with the config reader's [`Tree`], so JSON text natively
//! and a parsed JS object in the browser follow the same rules.

use rand::seq::SliceRandom;
use serde::Serialize;

use crate::config::Config;
use crate::config::read::{Tree, config_from_tree};
use crate::dataset::{Labels, Points};
use crate::error::{Error, Result};
use crate::optimizer::OptimizerState;
use crate::rng::{self, Stream};
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
    config: &'a Config,
    table: Option<TableFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    drawn: Option<DrawnFile<'a>>,
    params: &'a [f64],
    optimizer: OptimizerFile<'a>,
    progress: ProgressFile<'a>,
    history: &'a [Metrics],
    diverged: bool,
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
}

#[derive(Serialize)]
struct ProgressFile<'a> {
    examples: u64,
    batches: u64,
    epochs: u64,
    order: &'a [usize],
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

impl Session {
    /// The run as a model file (JSON). A run on given examples that came
    /// from neither a generated set nor a table cannot be saved.
    pub fn model_json(&self) -> Result<String> {
        if self.points.is_none() && self.table.is_none() {
            return Err(Error::invalid(
                "model",
                "given examples",
                "a generated data set or a table",
            ));
        }
        let table = self.table.as_ref().map(|t| TableFile {
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
        let file = ModelFile {
            format: FORMAT,
            version: VERSION,
            config: &self.config,
            table,
            drawn,
            params: self.network.params(),
            optimizer: OptimizerFile {
                steps: optimizer.steps(),
                buffers: optimizer.buffers().collect(),
                reg_velocity: optimizer.reg_velocity(),
                first_learning_rate: optimizer.first_learning_rate(),
            },
            progress: ProgressFile {
                examples: progress.examples,
                batches: progress.batches,
                epochs: progress.epochs,
                order: &progress.order,
                cursor: progress.cursor,
                shuffles: progress.shuffles,
            },
            history: &self.history,
            diverged: self.diverged,
        };
        serde_json::to_string(&file).map_err(|e| bad(e.to_string()))
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
        let config = config_from_tree(&field(tree, "config")?)?;
        config.validate()?;
        let mut session = match (tree.field("table"), tree.field("drawn")) {
            (Some(table), _) => Session::with_table(config.clone(), table_from(&table)?)?,
            (None, Some(drawn)) => {
                let points = drawn::points_for(
                    &config,
                    &numbers(&drawn, "coords")?,
                    &numbers(&drawn, "labels")?,
                )
                .map_err(|e| bad(format!("its drawn points do not fit its config: {e}")))?;
                Session::with_points(config.clone(), points)?
            }
            (None, None) => Session::new(config.clone())?,
        };
        let n_params = session.network.layout().n_params();
        let params = numbers(tree, "params")?;
        if params.len() != n_params {
            return Err(bad(format!(
                "it has {} weights and biases, but its config's network has {n_params}",
                params.len()
            )));
        }
        session.set_params(&params)?;

        let o = field(tree, "optimizer")?;
        let buffers = field(&o, "buffers")?
            .items()
            .ok_or_else(|| bad("`optimizer.buffers` is not a list"))?;
        let names = config.training.optimizer.state_names();
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
        let optimizer = OptimizerState::from_parts(
            config.training.optimizer,
            n_params,
            whole(&o, "steps")?,
            values,
            numbers(&o, "reg_velocity")?,
            field(&o, "first_learning_rate")?
                .number()
                .ok_or_else(|| bad("`optimizer.first_learning_rate` is not a number"))?,
        )?;

        let p = field(tree, "progress")?;
        let order = wholes(&p, "order")?;
        let n = session.train.len();
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
        // The shuffle generator as it was: the seed's, after as many shuffles.
        let shuffles = whole(&p, "shuffles")?;
        let mut rng = rng::stream(config.weight_seed(), Stream::Shuffle);
        let mut scratch: Vec<usize> = (0..n).collect();
        for _ in 0..shuffles {
            scratch.shuffle(&mut rng);
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
        session.trainer.restore(&progress, &optimizer);
        session.history = history_from(&field(tree, "history")?)?;
        if session.history.is_empty() {
            let now = session.metrics();
            session.history.push(now);
        }
        session.diverged = tree.field("diverged").and_then(|d| d.boolean()).unwrap_or(false);
        session.timeline.clear();
        if !session.diverged {
            session.timeline.push(session.checkpoint());
        }
        session.preview();
        Ok(session)
    }
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

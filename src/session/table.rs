//! A run on a table's data (a CSV file, a typed table, a built-in real data
//! set): the rows split into training and test sets by the config's seed and
//! share, the chosen columns as the network's inputs, the target encoded for
//! the loss; a 2-D slice of the input space for the heatmaps.

use crate::config::Config;
use crate::dataset::{self, Examples, Labels, Points, Problem};
use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::rng::{self, Stream};
use crate::table::{TableData, data_csv, write_csv};

use super::Session;

/// The training and test examples of a table's rows under a config.
pub(super) fn split_and_encode(config: &Config, table: &TableData) -> (Examples, Examples) {
    let (train_idx, test_idx) = dataset::split(
        table.points.len(),
        config.data.train_fraction,
        &mut rng::stream(config.seed, Stream::Split),
    );
    let (loss, output) = (config.network.loss, config.network.output_activation);
    let encode = |idx: &[usize]| Examples::encode_columns(&table.points, idx, loss, output);
    (encode(&train_idx), encode(&test_idx))
}

impl Session {
    /// A run on a table's data. The network takes one input per chosen
    /// column and as many outputs as the target and loss need; the config's
    /// seed and training share split the rows, and its generated-data
    /// settings and features are not used.
    pub fn with_table(config: Config, table: TableData) -> Result<Session> {
        config.validate()?;
        check_loss(&config, &table)?;
        let (train, test) = split_and_encode(&config, &table);
        if train.is_empty() {
            return Err(Error::invalid(
                "train_fraction",
                config.data.train_fraction,
                format!(
                    "a share that leaves at least one of the {} rows for training",
                    table.points.len()
                ),
            ));
        }
        let mut session = Session::with_data(config, train, test)?;
        session.table = Some(table);
        session.preview();
        Ok(session)
    }

    /// The table the run's data came from, if it did.
    pub fn table(&self) -> Option<&TableData> {
        self.table.as_ref()
    }

    /// The data as CSV text, every row in its original order: a table's
    /// columns as the file had them (standardization undone) and its target
    /// by name; a generated set's coordinates and its class or value.
    pub fn data_csv(&self) -> String {
        let (names, inputs, points): (Vec<String>, Vec<f64>, &Points) =
            match (&self.table, &self.points) {
                (Some(table), _) => {
                    let k = table.points.dims;
                    let inputs = table
                        .points
                        .coords
                        .iter()
                        .enumerate()
                        .map(|(i, x)| x * table.scales[i % k] + table.means[i % k])
                        .collect();
                    let mut names = table.input_names.clone();
                    names.push(table.target_name.clone());
                    (names, inputs, &table.points)
                }
                (None, Some(points)) => {
                    let mut names: Vec<String> =
                        (1..=points.dims).map(|d| format!("x{d}")).collect();
                    names.push(match points.labels {
                        Labels::Classes { .. } => "class".into(),
                        Labels::Values(_) => "value".into(),
                    });
                    (names, points.coords.clone(), points)
                }
                (None, None) => return self.given_csv(),
            };
        let class_names = self.table.as_ref().map(|t| t.class_names.as_slice()).unwrap_or(&[]);
        let targets: Vec<String> = match &points.labels {
            Labels::Classes { of, .. } => of
                .iter()
                .map(|&c| class_names.get(c).cloned().unwrap_or_else(|| c.to_string()))
                .collect(),
            Labels::Values(values) => values.iter().map(f64::to_string).collect(),
        };
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        data_csv(&names, &inputs, &targets)
    }

    /// Given examples (no points): the training then the test set, inputs
    /// and encoded targets as numbers.
    fn given_csv(&self) -> String {
        let (k, m) = (self.train.n_inputs, self.train.n_outputs);
        let mut names: Vec<String> = (1..=k).map(|i| format!("input {i}")).collect();
        names.extend((1..=m).map(|j| format!("target {j}")));
        let rows = |data: &Examples| {
            (0..data.len()).map(|e| [data.input(e), data.target(e)].concat()).collect::<Vec<_>>()
        };
        let all: Vec<Vec<f64>> = [rows(&self.train), rows(&self.test)].concat();
        let columns: Vec<Vec<f64>> =
            (0..k + m).map(|c| all.iter().map(|r| r[c]).collect()).collect();
        let columns: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        write_csv(&names, &columns)
    }
}

/// A value to predict needs squared error; classes can take any loss.
pub(super) fn check_loss(config: &Config, table: &TableData) -> Result<()> {
    if table.problem() == Problem::Regression && config.network.loss != Loss::Mse {
        return Err(Error::invalid(
            "loss",
            config.network.loss.name(),
            format!("mse: the target “{}” is a value to predict, not a class", table.target_name),
        ));
    }
    Ok(())
}

//! A table of data read from CSV (a file, a paste from a spreadsheet, the
//! page's table editor), and the examples a user makes of it by picking the
//! input columns and the target. The `csv` crate reads the text; `read.rs`
//! guesses the delimiter and the header, types each column, and names the
//! line and column of anything it cannot use.

use serde::Serialize;

use crate::activation::Activation;
use crate::dataset::{Examples, Labels, Points, Problem};
use crate::error::{Error, Result};
use crate::loss::Loss;

mod read;
use read::number;

/// The most rows a table may have (as many as a data set may have points).
pub const MAX_ROWS: usize = crate::config::MAX_SAMPLES;
/// The most columns a table may have.
pub const MAX_COLUMNS: usize = 1_000;
/// The largest text read, in bytes.
pub const MAX_BYTES: usize = 64 << 20;
/// The most classes a text target may have.
pub const MAX_CLASSES: usize = 100;

/// Where a cell stands, as a user counts: lines of the file and columns
/// from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub line: u64,
    pub column: usize,
}

/// One column: its numbers while every cell is one, else its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Numbers(Vec<f64>),
    Text(Vec<String>),
}

/// A column and what made any of its cells unusable as a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Values,
    /// The first empty cell.
    pub first_empty: Option<Cell>,
    /// The first NaN or infinite cell, with its text.
    pub first_non_finite: Option<(Cell, String)>,
    /// The first cell that is not a number, with its text (for a text column).
    pub first_text: Option<(Cell, String)>,
}

impl Column {
    /// True if every cell is a finite number.
    pub fn is_numeric(&self) -> bool {
        matches!(self.values, Values::Numbers(_))
            && self.first_empty.is_none()
            && self.first_non_finite.is_none()
    }
}

/// A table: named columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// True if the first row held the column names.
    pub header: bool,
    /// The delimiter found: `,`, `;` or a tab.
    pub delimiter: char,
    rows: usize,
    /// The file line of each row, for messages.
    lines: Vec<u64>,
}

/// How to read a table: each `None` is guessed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReadOptions {
    pub delimiter: Option<u8>,
    pub header: Option<bool>,
}

/// What the target column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Classes for a text column, values for a numeric one.
    Auto,
    /// One class per distinct value (one-hot targets, for softmax).
    Classes,
    /// A number to predict (regression).
    Values,
}

impl TargetKind {
    /// `"auto"`, `"classes"` or `"values"`.
    pub fn from_name(name: &str) -> Result<TargetKind> {
        match name {
            "auto" => Ok(TargetKind::Auto),
            "classes" => Ok(TargetKind::Classes),
            "values" => Ok(TargetKind::Values),
            other => Err(Error::invalid("kind", other, "\"auto\", \"classes\" or \"values\"")),
        }
    }
}

/// Which columns make the examples (from JavaScript: `{inputs, target,
/// kind: "auto" | "classes" | "values", standardize}`, columns from 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub inputs: Vec<usize>,
    pub target: usize,
    pub kind: TargetKind,
    /// Shift and scale every input to mean 0 and standard deviation 1.
    pub standardize: bool,
}

/// What the page shows of the table a run's data came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableInfo<'a> {
    pub input_names: &'a [String],
    pub target_name: &'a str,
    pub class_names: &'a [String],
    pub means: &'a [f64],
    pub scales: &'a [f64],
    pub rows: usize,
    /// Per input, the range the plane shows it over (as trained on).
    pub ranges: Vec<(f64, f64)>,
}

/// The data a table makes: its rows as points (the chosen inputs as
/// coordinates, the target as a class or a value), with the names and the
/// standardization needed to show and undo it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// `dims` = the number of inputs; labels from the target column.
    pub points: Points,
    pub input_names: Vec<String>,
    pub target_name: String,
    /// The class names in class order (empty for regression).
    pub class_names: Vec<String>,
    /// Per input, the mean subtracted and the standard deviation divided by
    /// (0 and 1 when not standardized).
    pub means: Vec<f64>,
    pub scales: Vec<f64>,
}

impl TableData {
    /// Every row encoded for a loss and output activation (see
    /// [`Examples::encode_columns`]).
    pub fn examples(&self, loss: Loss, output: Activation) -> Examples {
        let all: Vec<usize> = (0..self.points.len()).collect();
        Examples::encode_columns(&self.points, &all, loss, output)
    }

    /// Its names and standardization, for the page.
    pub fn info(&self) -> TableInfo<'_> {
        TableInfo {
            input_names: &self.input_names,
            target_name: &self.target_name,
            class_names: &self.class_names,
            means: &self.means,
            scales: &self.scales,
            rows: self.points.len(),
            ranges: (0..self.points.dims).map(|i| self.range(i)).collect(),
        }
    }

    /// The range the plane shows input `i` over: its values' span with a
    /// tenth on each side (a span of 1 around a constant input).
    pub fn range(&self, i: usize) -> (f64, f64) {
        let k = self.points.dims;
        let values = self.points.coords.iter().skip(i).step_by(k);
        let (low, high) =
            values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let pad = if high > low { (high - low) / 10.0 } else { 0.5 };
        (low - pad, high + pad)
    }

    /// Checks that its parts fit together, as data handed from elsewhere
    /// (the rows of `Table::data` sent from another thread) must: one name,
    /// mean and scale per input, whole rows of finite inputs, one finite
    /// target per row, each class one of its class names. Errors name the
    /// field as JavaScript spells it.
    pub fn check(&self) -> Result<()> {
        let k = self.points.dims;
        if k == 0 {
            return Err(Error::invalid("inputNames", "none", "at least one input"));
        }
        for (what, len) in [
            ("inputNames", self.input_names.len()),
            ("means", self.means.len()),
            ("scales", self.scales.len()),
        ] {
            if len != k {
                return Err(Error::shape(what, k, len));
            }
        }
        let coords = &self.points.coords;
        if coords.len() % k != 0 {
            return Err(Error::shape("inputs", coords.len().div_ceil(k) * k, coords.len()));
        }
        if let Some(v) = coords.iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid("inputs", v, "finite numbers"));
        }
        let rows = coords.len() / k;
        match &self.points.labels {
            Labels::Values(values) => {
                if values.len() != rows {
                    return Err(Error::shape("values", rows, values.len()));
                }
                if let Some(v) = values.iter().find(|v| !v.is_finite()) {
                    return Err(Error::invalid("values", v, "finite numbers"));
                }
                if !self.class_names.is_empty() {
                    return Err(Error::shape("classNames", 0, self.class_names.len()));
                }
            }
            Labels::Classes { count, of } => {
                if of.len() != rows {
                    return Err(Error::shape("classes", rows, of.len()));
                }
                if *count != self.class_names.len() {
                    return Err(Error::shape("classNames", *count, self.class_names.len()));
                }
                if let Some(c) = of.iter().find(|&&c| c >= *count) {
                    return Err(Error::invalid(
                        "classes",
                        c,
                        format!("a class from 0 to {}", count.saturating_sub(1)),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The problem its target poses.
    pub fn problem(&self) -> Problem {
        match &self.points.labels {
            Labels::Values(_) => Problem::Regression,
            Labels::Classes { count: 2, .. } => Problem::Binary,
            Labels::Classes { .. } => Problem::Multiclass,
        }
    }
}

/// What the page shows of a table before the user picks its columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub header: bool,
    pub delimiter: char,
    pub rows: usize,
    pub columns: Vec<ColumnPreview>,
    /// The first rows as the file wrote them (cells as text).
    pub first_rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnPreview {
    pub name: String,
    /// Every cell a finite number: usable as an input.
    pub numeric: bool,
    /// Distinct values, up to one past [`MAX_CLASSES`] (as a target: its classes).
    pub distinct: usize,
    /// Why it cannot be an input, naming the line and column (none if it can).
    pub problem: Option<String>,
}

impl Table {
    /// The page's preview: column names and kinds, and the first `rows` rows.
    pub fn preview(&self, rows: usize) -> Preview {
        let cell = |column: &Column, row: usize| match &column.values {
            Values::Numbers(v) if v[row].is_nan() => String::new(),
            Values::Numbers(v) => v[row].to_string(),
            Values::Text(t) => t[row].clone(),
        };
        let columns = self
            .columns
            .iter()
            .enumerate()
            .map(|(c, column)| {
                let mut seen = std::collections::BTreeSet::new();
                for row in 0..self.rows {
                    seen.insert(cell(column, row));
                    if seen.len() > MAX_CLASSES {
                        break;
                    }
                }
                ColumnPreview {
                    name: column.name.clone(),
                    numeric: column.is_numeric(),
                    distinct: seen.len(),
                    problem: self.input_values(c).err().map(|e| e.to_string()),
                }
            })
            .collect();
        let first_rows = (0..self.rows.min(rows))
            .map(|row| self.columns.iter().map(|c| cell(c, row)).collect())
            .collect();
        Preview {
            header: self.header,
            delimiter: self.delimiter,
            rows: self.rows,
            columns,
            first_rows,
        }
    }
}

/// The CSV text of a data set: one column per input, then the target (a
/// class by name, or a value); `names` names them in that order.
pub fn data_csv(names: &[&str], inputs: &[f64], targets: &[String]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(names).expect("writing to memory");
    let k = names.len() - 1;
    let mut record: Vec<String> = Vec::with_capacity(k + 1);
    for (row, target) in targets.iter().enumerate() {
        record.clear();
        record.extend(inputs[row * k..(row + 1) * k].iter().map(f64::to_string));
        record.push(target.clone());
        writer.write_record(&record).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV is text")
}

fn parse_error(message: String) -> Error {
    Error::Parse { what: "CSV".into(), message }
}

fn at(cell: Cell) -> String {
    format!("line {}, column {}", cell.line, cell.column)
}

impl Table {
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The file line of row `row` (counting from 0), for messages.
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// The data a selection of columns makes; errors name the column and
    /// the first line that cannot be used.
    pub fn data(&self, selection: &Selection) -> Result<TableData> {
        let width = self.columns.len();
        let check = |c: usize, what: &str| {
            if c < width {
                Ok(())
            } else {
                Err(Error::invalid(what, c + 1, format!("a column from 1 to {width}")))
            }
        };
        if selection.inputs.is_empty() {
            return Err(Error::invalid("inputs", "none", "at least one input column"));
        }
        for &c in &selection.inputs {
            check(c, "input column")?;
            if c == selection.target {
                return Err(Error::invalid(
                    "inputs",
                    &self.columns[c].name,
                    "columns other than the target",
                ));
            }
        }
        check(selection.target, "target column")?;
        let n = self.rows;
        let mut inputs = vec![0.0; n * selection.inputs.len()];
        let mut means = Vec::new();
        let mut scales = Vec::new();
        let k = selection.inputs.len();
        for (i, &c) in selection.inputs.iter().enumerate() {
            let values = self.input_values(c)?;
            let (mean, scale) =
                if selection.standardize { mean_and_spread(values) } else { (0.0, 1.0) };
            for (row, &v) in values.iter().enumerate() {
                inputs[row * k + i] = (v - mean) / scale;
            }
            means.push(mean);
            scales.push(scale);
        }
        let target = &self.columns[selection.target];
        if let Some(cell) = target.first_empty {
            return Err(parse_error(format!(
                "{}: the target “{}” is missing",
                at(cell),
                target.name
            )));
        }
        let classes = match (selection.kind, &target.values) {
            (TargetKind::Values, Values::Text(_)) => {
                let (cell, text) =
                    target.first_text.clone().expect("a text column has a text cell");
                return Err(parse_error(format!(
                    "{}: “{text}” in the target “{}” is not a number, so it cannot be predicted as a value; choose classes",
                    at(cell),
                    target.name
                )));
            }
            (TargetKind::Values, Values::Numbers(_)) | (TargetKind::Auto, Values::Numbers(_)) => {
                None
            }
            _ => Some(self.class_labels(selection.target)?),
        };
        let input_names = selection.inputs.iter().map(|&c| self.columns[c].name.clone()).collect();
        let (labels, class_names) = match classes {
            None => (Labels::Values(self.input_values(selection.target)?.to_vec()), Vec::new()),
            Some((names, of)) => (Labels::Classes { count: names.len(), of }, names),
        };
        Ok(TableData {
            points: Points { dims: k, coords: inputs, labels },
            input_names,
            target_name: target.name.clone(),
            class_names,
            means,
            scales,
        })
    }

    /// A column's numbers, or an error naming its first unusable cell.
    fn input_values(&self, c: usize) -> Result<&[f64]> {
        let column = &self.columns[c];
        if let Some((cell, text)) = &column.first_text {
            return Err(parse_error(format!(
                "{}: “{text}” in “{}” is not a number",
                at(*cell),
                column.name
            )));
        }
        if let Some(cell) = column.first_empty {
            return Err(parse_error(format!("{}: “{}” is empty", at(cell), column.name)));
        }
        if let Some((cell, text)) = &column.first_non_finite {
            return Err(parse_error(format!(
                "{}: “{text}” in “{}” is not a finite number",
                at(*cell),
                column.name
            )));
        }
        match &column.values {
            Values::Numbers(v) => Ok(v),
            Values::Text(_) => unreachable!("a column with no text cell holds numbers"),
        }
    }

    /// The distinct values of a column as classes (numbers in numeric
    /// order, text in alphabetical order) and each row's class.
    fn class_labels(&self, c: usize) -> Result<(Vec<String>, Vec<usize>)> {
        let column = &self.columns[c];
        let cells: Vec<String> = match &column.values {
            Values::Numbers(v) => v.iter().map(|x| x.to_string()).collect(),
            Values::Text(t) => t.clone(),
        };
        let mut names: Vec<String> = cells.clone();
        let delimiter = self.delimiter as u8;
        names.sort_by(|a, b| match (number(a, delimiter), number(b, delimiter)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => a.cmp(b),
        });
        names.dedup();
        if names.len() < 2 {
            return Err(Error::invalid(
                "target",
                format!(
                    "“{}”, whose only class is {}",
                    column.name,
                    names.first().map_or("", String::as_str)
                ),
                "at least two classes to tell apart",
            ));
        }
        if names.len() > MAX_CLASSES {
            return Err(Error::invalid(
                "target",
                format!("“{}”, with {} distinct values", column.name, names.len()),
                format!(
                    "at most {MAX_CLASSES} classes (is it a value to predict rather than a class?)"
                ),
            ));
        }
        let labels = cells
            .iter()
            .map(|cell| {
                names
                    .binary_search_by(|n| match (number(n, delimiter), number(cell, delimiter)) {
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        _ => n.as_str().cmp(cell.as_str()),
                    })
                    .expect("every cell is among the names")
            })
            .collect();
        Ok((names, labels))
    }
}

/// Mean and standard deviation (population), the deviation 1 for a constant column.
fn mean_and_spread(values: &[f64]) -> (f64, f64) {
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    let sd = variance.sqrt();
    (mean, if sd > 0.0 && sd.is_finite() { sd } else { 1.0 })
}

/// Rows as CSV text with a header, numbers written so they read back the same.
pub fn write_csv(names: &[&str], columns: &[&[f64]]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(names).expect("writing to memory");
    let rows = columns.first().map_or(0, |c| c.len());
    let mut record = Vec::with_capacity(columns.len());
    for row in 0..rows {
        record.clear();
        record.extend(columns.iter().map(|c| c[row].to_string()));
        writer.write_record(&record).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory"))
        .expect("CSV of numbers is text")
}

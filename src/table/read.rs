//! Reading CSV text into a table: the text checked (size, UTF-8, no NUL),
//! the delimiter and the header guessed from the first lines, and each
//! cell typed into its column (a number, with a decimal comma where the
//! delimiter allows, or text), every problem named by its line and column.

use super::{
    Cell, Column, MAX_BYTES, MAX_COLUMNS, MAX_ROWS, ReadOptions, Table, Values, parse_error,
};
use crate::error::{Error, Result};

/// The delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A cell as a number: plain (`0.85`, `-1e3`), or with a decimal comma
/// (`0,85`) when the delimiter is not a comma. `None` if it is not one.
pub(super) fn number(text: &str, delimiter: u8) -> Option<f64> {
    let text = text.trim();
    if let Ok(v) = text.parse::<f64>() {
        return Some(v);
    }
    if delimiter != b',' && text.matches(',').count() == 1 && !text.contains('.') {
        return text.replace(',', ".").parse().ok();
    }
    None
}

/// The text as UTF-8, or an error saying where it stops being text.
fn decode(bytes: &[u8]) -> Result<&str> {
    if bytes.len() > MAX_BYTES {
        // "more than": a size rounded to whole MB could read as the limit itself.
        return Err(Error::invalid(
            "file",
            format!("more than {} MB", MAX_BYTES >> 20),
            format!("at most {} MB", MAX_BYTES >> 20),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        parse_error(format!("line {line} is not text (not UTF-8): is this a CSV file?"))
    })?;
    if let Some(nul) = text.find('\0') {
        let line = text[..nul].matches('\n').count() + 1;
        return Err(parse_error(format!(
            "line {line} holds a NUL byte: this looks like a binary file, not CSV"
        )));
    }
    // A byte-order mark, as spreadsheets write it, is not part of the first name.
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The delimiter that splits the first lines into the same number of
/// fields, the most fields winning (a comma on a tie).
fn guess_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let mut best = (b',', 1usize);
    for &d in &DELIMITERS {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(d)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(line.as_bytes());
                reader.records().next().and_then(|r| r.ok()).map_or(0, |r| r.len())
            })
            .collect();
        let fields = counts.first().copied().unwrap_or(0);
        if fields > best.1 && counts.iter().all(|&c| c == fields) {
            best = (d, fields);
        }
    }
    best.0
}

impl Table {
    /// Reads CSV text. Errors name the line (and column) they are about.
    pub fn read(bytes: &[u8], options: ReadOptions) -> Result<Table> {
        let text = decode(bytes)?;
        let delimiter = options.delimiter.unwrap_or_else(|| guess_delimiter(text));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut records =
            reader.records().filter(|r| r.as_ref().map_or(true, |r| !r.iter().all(str::is_empty)));
        // The first rows decide whether the first is a header.
        let mut sample = Vec::new();
        for record in records.by_ref().take(21) {
            sample.push(record.map_err(|e| csv_error(&e))?);
        }
        let Some(first) = sample.first() else {
            return Err(parse_error("the file is empty".into()));
        };
        let width = first.len();
        if width > MAX_COLUMNS {
            return Err(Error::invalid("columns", width, format!("at most {MAX_COLUMNS} columns")));
        }
        let header = options.header.unwrap_or_else(|| looks_like_header(&sample, delimiter));
        let names: Vec<String> = (0..width)
            .map(|c| match first.get(c) {
                Some(name) if header && !name.is_empty() => name.to_string(),
                _ => format!("column {}", c + 1),
            })
            .collect();
        for (c, name) in names.iter().enumerate() {
            if let Some(before) = names[..c].iter().position(|n| n == name) {
                return Err(parse_error(format!(
                    "columns {} and {} are both named “{name}”: give each column its own name",
                    before + 1,
                    c + 1
                )));
            }
        }
        let mut columns: Vec<Column> = names
            .into_iter()
            .map(|name| Column {
                name,
                values: Values::Numbers(Vec::new()),
                first_empty: None,
                first_non_finite: None,
                first_text: None,
            })
            .collect();
        let mut lines = Vec::new();
        let skip = usize::from(header);
        let rest = records.map(|r| r.map_err(|e| csv_error(&e)));
        for record in sample.into_iter().skip(skip).map(Ok).chain(rest) {
            let record = record?;
            if lines.len() == MAX_ROWS {
                return Err(Error::invalid(
                    "rows",
                    format!("more than {MAX_ROWS}"),
                    format!("at most {MAX_ROWS} rows"),
                ));
            }
            let line = record.position().map_or(0, |p| p.line());
            for (c, text) in record.iter().enumerate() {
                push_cell(&mut columns[c], text, Cell { line, column: c + 1 }, delimiter);
            }
            lines.push(line);
        }
        if lines.is_empty() {
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            return Err(parse_error(format!(
                "the file has a header ({}) but no rows of data",
                names.join(", ")
            )));
        }
        Ok(Table { columns, header, delimiter: delimiter as char, rows: lines.len(), lines })
    }
}

/// The first row is a header when one of its cells is text in a column
/// whose other cells (of the first rows) are numbers, or when every cell of
/// it is text.
fn looks_like_header(sample: &[csv::StringRecord], delimiter: u8) -> bool {
    let is_text = |t: &str| !t.is_empty() && number(t, delimiter).is_none();
    let (first, rest) = sample.split_first().expect("at least one row");
    if rest.is_empty() {
        // One row of names alone is a header with no data, not data.
        return first.iter().all(is_text);
    }
    let numeric_below = |c: usize| {
        rest.iter().all(|r| r.get(c).is_none_or(|t| t.is_empty() || !is_text(t)))
            && rest.iter().any(|r| r.get(c).is_some_and(|t| !t.is_empty()))
    };
    first.iter().all(is_text)
        || first.iter().enumerate().any(|(c, t)| is_text(t) && numeric_below(c))
}

/// Adds one cell to a column, turning it into a text column at its first
/// cell that is not a number.
fn push_cell(column: &mut Column, text: &str, cell: Cell, delimiter: u8) {
    if text.is_empty() && column.first_empty.is_none() {
        column.first_empty = Some(cell);
    }
    let parsed = if text.is_empty() { Some(f64::NAN) } else { number(text, delimiter) };
    match (&mut column.values, parsed) {
        (Values::Numbers(values), Some(v)) => {
            if !v.is_finite() && !text.is_empty() && column.first_non_finite.is_none() {
                column.first_non_finite = Some((cell, text.to_string()));
            }
            values.push(v);
        }
        (Values::Numbers(values), None) => {
            column.first_text = Some((cell, text.to_string()));
            let mut cells: Vec<String> = values
                .iter()
                .map(|v| if v.is_nan() { String::new() } else { v.to_string() })
                .collect();
            cells.push(text.to_string());
            column.values = Values::Text(cells);
        }
        (Values::Text(cells), _) => cells.push(text.to_string()),
    }
}

fn csv_error(error: &csv::Error) -> Error {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => parse_error(format!(
            "line {} has {len} fields where the first row has {expected_len}: every row needs the same number of columns",
            pos.as_ref().map_or(0, |p| p.line())
        )),
        csv::ErrorKind::Utf8 { pos, .. } => parse_error(format!(
            "line {} is not text (not UTF-8)",
            pos.as_ref().map_or(0, |p| p.line())
        )),
        _ => parse_error(error.to_string()),
    }
}

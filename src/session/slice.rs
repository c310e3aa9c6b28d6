//! Which 2-D slice of a table's inputs the heatmaps and the output plot
//! show: two inputs along the plane's axes, every other one held at a value
//! the user can set. The default axes are the two inputs that tell the
//! training set's targets apart best; the default held values their means.

use crate::error::{Error, Result};
use crate::table::TableData;

use super::Session;

/// A slice of a table's input space: input `x` along the plane's x1, input
/// `y` along x2, every other input `i` held at `held[i]`, in the file's
/// units (standardization is the engine's business). For a one-input table
/// `x` and `y` are both 0 and the plane is one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub x: usize,
    pub y: usize,
    /// One value per input, in the file's units (those of `x` and `y` unused).
    pub held: Vec<f64>,
}

impl Session {
    /// The slice shown until the user picks another (none without a table):
    /// the two inputs with the largest score (below), every input held at
    /// its mean over the training set.
    ///
    /// The score is scale-free, so standardizing changes nothing: for
    /// classes, the spread of the classes' means over the spread within the
    /// classes (the F statistic's ratio); for a value, the squared
    /// correlation with it. Ties go to the earlier input. On iris this is
    /// the petals; on digits, two pixels that differ between digits rather
    /// than the border's pixels, which are always blank.
    pub fn default_slice(&self) -> Option<Slice> {
        let table = self.table.as_ref()?;
        let k = table.points.dims;
        let scores: Vec<f64> = (0..k).map(|i| self.axis_score(i)).collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let (x, y) = if k == 1 { (0, 0) } else { (order[0], order[1]) };
        Some(Slice { x, y, held: self.training_means(table) })
    }

    /// Checks a slice against this run's table; each error names the field
    /// (`slice.x`, `slice.held[2] (petal_length_cm)`) and what is allowed.
    pub fn check_slice(&self, slice: &Slice) -> Result<()> {
        let Some(table) = &self.table else {
            return Err(Error::invalid(
                "slice",
                "a slice of inputs",
                "a table's data (generated data has its own plane)",
            ));
        };
        let k = table.points.dims;
        for (field, axis) in [("slice.x", slice.x), ("slice.y", slice.y)] {
            if axis >= k {
                return Err(Error::invalid(field, axis, format!("an input from 0 to {}", k - 1)));
            }
        }
        if k >= 2 && slice.x == slice.y {
            let name = &table.input_names[slice.x];
            return Err(Error::invalid(
                "slice.y",
                slice.y,
                format!("an input other than x's ({name})"),
            ));
        }
        if slice.held.len() != k {
            return Err(Error::shape("slice.held", k, slice.held.len()));
        }
        if let Some(i) = slice.held.iter().position(|v| !v.is_finite()) {
            let field = format!("slice.held[{i}] ({})", table.input_names[i]);
            return Err(Error::invalid(field, slice.held[i], "a finite number"));
        }
        Ok(())
    }

    /// Every neuron over the plane of `slice` (see [`crate::grid`]): its
    /// axes over their ranges, the other inputs at their held values. A
    /// slice that does not fit the table changes nothing and says why.
    pub fn evaluate_slice(
        &mut self,
        resolution: usize,
        slice: &Slice,
        out: &mut Vec<f32>,
    ) -> Result<()> {
        self.check_slice(slice)?;
        self.slice_grid(resolution, slice, out);
        Ok(())
    }

    /// [`Session::evaluate_slice`] for a slice known to fit (a table's own default).
    pub(super) fn slice_grid(&mut self, resolution: usize, slice: &Slice, out: &mut Vec<f32>) {
        let Some(table) = &self.table else { return };
        if table.points.dims == 1 {
            // One input: the row of the plane, over its range.
            let ranges = [table.range(0), (0.0, 0.0)];
            self.grid.evaluate_slice(&self.network, (0, 1), ranges, &[0.0], resolution, 1, out);
            return;
        }
        let held: Vec<f64> =
            slice.held.iter().enumerate().map(|(i, &v)| trained_value(table, i, v)).collect();
        let (axes, ranges) = ((slice.x, slice.y), [table.range(slice.x), table.range(slice.y)]);
        self.grid.evaluate_slice(&self.network, axes, ranges, &held, resolution, 2, out);
    }

    /// How well input `i` alone tells the training set's targets apart.
    fn axis_score(&self, i: usize) -> f64 {
        let data = &self.train;
        let column: Vec<f64> = (0..data.len()).map(|e| data.input(e)[i]).collect();
        // A constant input tells nothing (its sums of squares would be rounding noise).
        if column.iter().all(|&v| v == column[0]) {
            return 0.0;
        }
        if data.classes.is_empty() {
            let values: Vec<f64> = (0..data.len()).map(|e| data.target(e)[0]).collect();
            return squared_correlation(&column, &values);
        }
        class_separation(&column, &data.classes)
    }

    /// Each input's mean over the training set in the file's units
    /// (averaged there, so a column of zeros keeps a mean of exactly 0 rather
    /// than the rounding of undoing its standardization).
    fn training_means(&self, table: &TableData) -> Vec<f64> {
        let (n, k) = (self.train.len().max(1) as f64, self.train.n_inputs);
        let value = |i: usize, v: f64| file_value(table, i, v);
        (0..k)
            .map(|i| {
                (0..self.train.len()).map(|e| value(i, self.train.input(e)[i])).sum::<f64>() / n
            })
            .collect()
    }
}

/// A value of input `i` as trained on, in the file's units.
pub(super) fn file_value(table: &TableData, i: usize, value: f64) -> f64 {
    value * table.scales[i] + table.means[i]
}

/// A value of input `i` in the file's units, as trained on.
pub(super) fn trained_value(table: &TableData, i: usize, value: f64) -> f64 {
    (value - table.means[i]) / table.scales[i]
}

/// The spread of the classes' means over the spread within the classes
/// (both as sums of squares); infinite when the classes do not overlap at all.
fn class_separation(values: &[f64], classes: &[usize]) -> f64 {
    let count = classes.iter().max().map_or(0, |&c| c + 1);
    let (mut sums, mut sizes) = (vec![0.0; count], vec![0usize; count]);
    for (&v, &c) in values.iter().zip(classes) {
        sums[c] += v;
        sizes[c] += 1;
    }
    let means: Vec<f64> = sums.iter().zip(&sizes).map(|(s, &n)| s / n.max(1) as f64).collect();
    let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
    let between: f64 = means.iter().zip(&sizes).map(|(m, &n)| n as f64 * (m - mean).powi(2)).sum();
    let within: f64 = values.iter().zip(classes).map(|(v, &c)| (v - means[c]).powi(2)).sum();
    match (between > 0.0, within > 0.0) {
        (false, _) => 0.0,
        (true, false) => f64::INFINITY,
        (true, true) => between / within,
    }
}

/// The squared correlation of two columns (0 when either is constant).
fn squared_correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().max(1) as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma).powi(2);
        vb += (y - mb).powi(2);
    }
    if va > 0.0 && vb > 0.0 { cov * cov / (va * vb) } else { 0.0 }
}

//! Seeded toy data sets, input features, and targets encoded for each loss.
//!
//! Points live in the input plane [−6, 6]² (or on the line [−6, 6] for 1-D
//! sets). Two-class sets name their classes 0 (orange) and 1 (blue); a point's
//! class never depends on the noise, which only moves it (classification) or
//! perturbs its value (regression).

use serde::Serialize;

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::math;
use crate::rng::{self, Rng};

/// Half the side of the input plane: points and heatmaps span [−EXTENT, EXTENT].
pub const EXTENT: f64 = 6.0;

/// The kind of problem a data set poses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Two classes.
    Binary,
    /// Three or more classes.
    Multiclass,
    /// A real value to predict.
    Regression,
}

/// A built-in data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// Two classes: a disc inside a ring.
    Circle,
    /// Two classes by quadrant: x1·x2 > 0 against x1·x2 < 0.
    Xor,
    /// Two Gaussian clusters.
    Gauss,
    /// Two interleaved spirals.
    Spiral,
    /// Two interleaved half-moons.
    Moons,
    /// 3 to 5 interleaved spiral arms, one class each.
    Spirals,
    /// 3 to 5 Gaussian clusters, one class each.
    Blobs,
    /// Regression: a tilted plane, (x1 + x2) / 12.
    Plane,
    /// Regression: six Gaussian bumps, alternately up and down.
    Bumps,
    /// Regression in one dimension: sin x.
    Sine,
}

impl DatasetKind {
    /// Every data set, in the order the page lists them.
    pub const ALL: [DatasetKind; 10] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Spirals,
        DatasetKind::Blobs,
        DatasetKind::Plane,
        DatasetKind::Bumps,
        DatasetKind::Sine,
    ];

    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gauss => "gauss",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
            DatasetKind::Spirals => "spirals",
            DatasetKind::Blobs => "blobs",
            DatasetKind::Plane => "plane",
            DatasetKind::Bumps => "bumps",
            DatasetKind::Sine => "sine",
        }
    }

    pub fn from_name(name: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn problem(self) -> Problem {
        match self {
            DatasetKind::Circle
            | DatasetKind::Xor
            | DatasetKind::Gauss
            | DatasetKind::Spiral
            | DatasetKind::Moons => Problem::Binary,
            DatasetKind::Spirals | DatasetKind::Blobs => Problem::Multiclass,
            DatasetKind::Plane | DatasetKind::Bumps | DatasetKind::Sine => Problem::Regression,
        }
    }

    /// The number of raw coordinates of a point (1 or 2).
    pub fn dims(self) -> usize {
        if self == DatasetKind::Sine { 1 } else { 2 }
    }

    /// The number of classes for `classes` requested (fixed at 2 for two-class sets).
    pub fn class_count(self, classes: usize) -> Option<usize> {
        match self.problem() {
            Problem::Binary => Some(2),
            Problem::Multiclass => Some(classes),
            Problem::Regression => None,
        }
    }
}

/// What is known about each point: its class, or its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    /// The class of each point, in 0..count.
    Classes { count: usize, of: Vec<usize> },
    /// The value of each point.
    Values(Vec<f64>),
}

/// Raw points and their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// Coordinates per point (1 or 2 for a generated set; a table's inputs).
    pub dims: usize,
    /// `[point][coordinate]`.
    pub coords: Vec<f64>,
    pub labels: Labels,
}

impl Points {
    pub fn len(&self) -> usize {
        self.coords.len() / self.dims
    }

    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }

    /// Point `i`'s coordinates.
    pub fn point(&self, i: usize) -> &[f64] {
        &self.coords[i * self.dims..(i + 1) * self.dims]
    }
}

/// Generates `samples` points of a data set. `noise` in [0, 1]; `classes` is
/// used by the multiclass sets only.
pub fn generate(
    kind: DatasetKind,
    samples: usize,
    noise: f64,
    classes: usize,
    rng: &mut Rng,
) -> Points {
    let mut coords = Vec::with_capacity(samples * kind.dims());
    let mut class_of = Vec::with_capacity(samples);
    let mut values = Vec::with_capacity(samples);
    let class_count = kind.class_count(classes).unwrap_or(0);
    let jitter = |rng: &mut Rng, spread: f64| noise * spread * rng::uniform(rng, -1.0, 1.0);
    for i in 0..samples {
        // Classes take turns so that every class has its share of the points.
        let class = if class_count > 0 { i % class_count } else { 0 };
        // The position of this point within its class, in [0, 1).
        let along = i
            .checked_div(class_count)
            .map_or(0.0, |k| k as f64 / samples.div_ceil(class_count) as f64);
        let (x, y) = match kind {
            DatasetKind::Circle => {
                let radius = if class == 1 {
                    rng::uniform(rng, 0.0, 2.5)
                } else {
                    rng::uniform(rng, 3.5, 5.0)
                };
                let angle = rng::uniform(rng, 0.0, std::f64::consts::TAU);
                let (x, y) = (radius * math::sin(angle), radius * math::cos(angle));
                (x + jitter(rng, 2.5), y + jitter(rng, 2.5))
            }
            DatasetKind::Xor => {
                // Away from the axes by 0.3, in the quadrants of this class.
                let mut x = rng::uniform(rng, 0.3, 5.0);
                let mut y = rng::uniform(rng, 0.3, 5.0);
                if rng::uniform(rng, 0.0, 1.0) < 0.5 {
                    x = -x;
                    if class == 1 {
                        y = -y;
                    }
                } else if class == 0 {
                    y = -y;
                }
                (x + jitter(rng, 2.5), y + jitter(rng, 2.5))
            }
            DatasetKind::Gauss => {
                let centre = if class == 1 { 2.0 } else { -2.0 };
                let spread = (0.5 + 3.5 * noise).sqrt();
                (centre + spread * rng::normal(rng), centre + spread * rng::normal(rng))
            }
            DatasetKind::Spiral | DatasetKind::Spirals => {
                let radius = 5.0 * along;
                let turns = if kind == DatasetKind::Spiral { 1.75 } else { 1.25 };
                let angle = turns * std::f64::consts::TAU * along
                    + std::f64::consts::TAU * class as f64 / class_count as f64;
                (
                    radius * math::sin(angle) + jitter(rng, 1.5),
                    radius * math::cos(angle) + jitter(rng, 1.5),
                )
            }
            DatasetKind::Moons => {
                let t = rng::uniform(rng, 0.0, std::f64::consts::PI);
                let (x, y) = if class == 1 {
                    (math::cos(t), math::sin(t))
                } else {
                    (1.0 - math::cos(t), 0.5 - math::sin(t))
                };
                let spread = 1.5 * noise;
                (
                    (x - 0.5) * 3.5 + spread * rng::normal(rng),
                    (y - 0.25) * 3.5 + spread * rng::normal(rng),
                )
            }
            DatasetKind::Blobs => {
                let angle = std::f64::consts::TAU * class as f64 / class_count as f64;
                let spread = 0.6 + 2.4 * noise;
                (
                    3.5 * math::cos(angle) + spread * rng::normal(rng),
                    3.5 * math::sin(angle) + spread * rng::normal(rng),
                )
            }
            DatasetKind::Plane | DatasetKind::Bumps => {
                let x = rng::uniform(rng, -EXTENT, EXTENT);
                let y = rng::uniform(rng, -EXTENT, EXTENT);
                let value = if kind == DatasetKind::Plane { (x + y) / 12.0 } else { bumps(x, y) };
                values.push(value + jitter(rng, 1.0));
                (x, y)
            }
            DatasetKind::Sine => {
                let x = rng::uniform(rng, -EXTENT, EXTENT);
                values.push(math::sin(x) + jitter(rng, 1.0));
                (x, 0.0)
            }
        };
        coords.push(x);
        if kind.dims() == 2 {
            coords.push(y);
        }
        class_of.push(class);
    }
    let labels = match kind.problem() {
        Problem::Regression => Labels::Values(values),
        _ => Labels::Classes { count: class_count, of: class_of },
    };
    Points { dims: kind.dims(), coords, labels }
}

/// Six Gaussian bumps of alternating sign, clamped to [−1, 1].
fn bumps(x: f64, y: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let sum: f64 = BUMPS
        .iter()
        .map(|&(cx, cy, sign)| {
            let d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            sign * math::exp(-d2 / (2.0 * 1.6 * 1.6))
        })
        .sum();
    sum.clamp(-1.0, 1.0)
}

/// An input feature computed from a point (x1, x2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    #[serde(rename = "x1x2")]
    X1X2,
    SinX1,
    SinX2,
    CosX1,
    CosX2,
}

impl Feature {
    /// Every feature, in the order the network's input column shows them.
    pub const ALL: [Feature; 9] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
        Feature::CosX1,
        Feature::CosX2,
    ];

    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1_squared",
            Feature::X2Squared => "x2_squared",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sin_x1",
            Feature::SinX2 => "sin_x2",
            Feature::CosX1 => "cos_x1",
            Feature::CosX2 => "cos_x2",
        }
    }

    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// How the page labels it.
    /// Features by name; an unknown name is an error naming it.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Vec<Feature>> {
        names
            .iter()
            .map(|name| {
                let name = name.as_ref();
                Feature::from_name(name).ok_or_else(|| {
                    Error::invalid("features", name, "a feature name such as x1 or sin_x2")
                })
            })
            .collect()
    }

    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "X₁",
            Feature::X2 => "X₂",
            Feature::X1Squared => "X₁²",
            Feature::X2Squared => "X₂²",
            Feature::X1X2 => "X₁X₂",
            Feature::SinX1 => "sin(X₁)",
            Feature::SinX2 => "sin(X₂)",
            Feature::CosX1 => "cos(X₁)",
            Feature::CosX2 => "cos(X₂)",
        }
    }

    /// True if it needs a second coordinate.
    pub fn uses_x2(self) -> bool {
        matches!(
            self,
            Feature::X2 | Feature::X2Squared | Feature::X1X2 | Feature::SinX2 | Feature::CosX2
        )
    }

    /// The feature's value at (x1, x2).
    #[inline]
    pub fn value(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => math::sin(x1),
            Feature::SinX2 => math::sin(x2),
            Feature::CosX1 => math::cos(x1),
            Feature::CosX2 => math::cos(x2),
        }
    }

    /// Fills `out` with the features of the point `(x1, x2)`.
    #[inline]
    pub fn fill(features: &[Feature], x1: f64, x2: f64, out: &mut [f64]) {
        for (o, f) in out.iter_mut().zip(features) {
            *o = f.value(x1, x2);
        }
    }
}

/// The two target values of a class that is absent (`low`) or present
/// (`high`), as the loss and the output activation need them: {0, 1} for
/// bce and softmax_ce and for mse on an output that cannot go negative,
/// {−1, +1} otherwise.
pub fn target_range(loss: Loss, output: Activation) -> (f64, f64) {
    match loss {
        Loss::Bce | Loss::SoftmaxCe => (0.0, 1.0),
        Loss::Hinge => (-1.0, 1.0),
        Loss::Mse => match output {
            Activation::Sigmoid | Activation::Relu | Activation::Softmax => (0.0, 1.0),
            _ => (-1.0, 1.0),
        },
    }
}

/// The number of outputs a network needs for these labels and this loss.
pub fn output_count(labels: &Labels, loss: Loss) -> usize {
    match labels {
        Labels::Classes { count: 2, .. } if loss != Loss::SoftmaxCe => 1,
        Labels::Classes { count, .. } => *count,
        Labels::Values(_) => 1,
    }
}

/// Examples ready for a network: input features and encoded targets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    pub n_inputs: usize,
    pub n_outputs: usize,
    /// `[example][feature]`.
    pub inputs: Vec<f64>,
    /// `[example][output]`.
    pub targets: Vec<f64>,
    /// The class of each example (empty for regression).
    pub classes: Vec<usize>,
    /// The raw points, `[example][coordinate]`, for drawing.
    pub points: Vec<f64>,
}

impl Examples {
    pub fn len(&self) -> usize {
        self.inputs.len().checked_div(self.n_inputs).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    pub fn input(&self, i: usize) -> &[f64] {
        &self.inputs[i * self.n_inputs..(i + 1) * self.n_inputs]
    }

    pub fn target(&self, i: usize) -> &[f64] {
        &self.targets[i * self.n_outputs..(i + 1) * self.n_outputs]
    }

    /// Examples given as flat arrays (a CSV file, a benchmark): `inputs`
    /// holds `n_inputs` numbers per example, `targets` `n_outputs`. Errors
    /// name the array whose length does not fit.
    pub fn from_flat(
        inputs: Vec<f64>,
        targets: Vec<f64>,
        n_inputs: usize,
        n_outputs: usize,
    ) -> Result<Examples> {
        if n_inputs == 0 || inputs.len() % n_inputs != 0 {
            return Err(Error::invalid(
                "inputs",
                format!("{} numbers", inputs.len()),
                format!("a whole number of examples of {n_inputs} inputs"),
            ));
        }
        let examples = inputs.len() / n_inputs;
        if n_outputs == 0 || targets.len() != examples * n_outputs {
            return Err(Error::invalid(
                "targets",
                format!("{} numbers", targets.len()),
                format!("{n_outputs} per example, {} in all", examples * n_outputs),
            ));
        }
        Ok(Examples { n_inputs, n_outputs, inputs, targets, ..Examples::default() })
    }

    /// Encodes the points at `indices` with these features, for this loss and output activation.
    pub fn encode(
        points: &Points,
        indices: &[usize],
        features: &[Feature],
        loss: Loss,
        output: Activation,
    ) -> Examples {
        let n_inputs = features.len();
        let mut examples = Examples::with_targets(points, indices, n_inputs, loss, output);
        for (e, &p) in indices.iter().enumerate() {
            let point = points.point(p);
            let (x1, x2) = (point[0], point.get(1).copied().unwrap_or(0.0));
            Feature::fill(features, x1, x2, &mut examples.inputs[e * n_inputs..]);
        }
        examples
    }

    /// Encodes the points at `indices` with their coordinates as the inputs
    /// (a table's columns), for this loss and output activation.
    pub fn encode_columns(
        points: &Points,
        indices: &[usize],
        loss: Loss,
        output: Activation,
    ) -> Examples {
        let mut examples = Examples::with_targets(points, indices, points.dims, loss, output);
        for (e, &p) in indices.iter().enumerate() {
            examples.inputs[e * points.dims..(e + 1) * points.dims]
                .copy_from_slice(points.point(p));
        }
        examples
    }

    /// The examples of the points at `indices` with their targets encoded
    /// (one output ±1 or 0/1 for two classes unless softmax, else one per
    /// class; the value for regression), their points, and inputs left 0.
    fn with_targets(
        points: &Points,
        indices: &[usize],
        n_inputs: usize,
        loss: Loss,
        output: Activation,
    ) -> Examples {
        let n_outputs = output_count(&points.labels, loss);
        let (low, high) = target_range(loss, output);
        let mut examples = Examples {
            n_inputs,
            n_outputs,
            inputs: vec![0.0; indices.len() * n_inputs],
            targets: vec![0.0; indices.len() * n_outputs],
            classes: Vec::new(),
            points: Vec::with_capacity(indices.len() * points.dims),
        };
        for (e, &p) in indices.iter().enumerate() {
            examples.points.extend_from_slice(points.point(p));
            let target = &mut examples.targets[e * n_outputs..(e + 1) * n_outputs];
            match &points.labels {
                Labels::Values(values) => target[0] = values[p],
                Labels::Classes { of, .. } => {
                    let class = of[p];
                    examples.classes.push(class);
                    if n_outputs == 1 {
                        target[0] = if class == 1 { high } else { low };
                    } else {
                        for (k, t) in target.iter_mut().enumerate() {
                            *t = if k == class { high } else { low };
                        }
                    }
                }
            }
        }
        examples
    }
}

/// The class a network's output row predicts: argmax for several outputs,
/// else which side of the midpoint between the two targets it lies on.
pub fn predicted_class(output: &[f64], low: f64, high: f64) -> usize {
    if output.len() == 1 {
        usize::from(output[0] >= (low + high) / 2.0)
    } else {
        let mut best = 0;
        for (k, &v) in output.iter().enumerate() {
            if v > output[best] {
                best = k;
            }
        }
        best
    }
}

/// Splits point indices into training and test sets: a seeded shuffle, then
/// the first `round(len · train_fraction)` (at least one) for training.
pub fn split(len: usize, train_fraction: f64, rng: &mut Rng) -> (Vec<usize>, Vec<usize>) {
    use rand::seq::SliceRandom;
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(rng);
    let train = ((len as f64 * train_fraction).round() as usize).clamp(1.min(len), len);
    let test = order.split_off(train);
    (order, test)
}

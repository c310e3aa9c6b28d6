//! The input space as a layer sees it, for a run: its examples (a sample of
//! a large set) and, for points on a plane, a grid over the input plane, in
//! two coordinates of one layer (two neurons, or the principal components
//! of its activations over the examples). See [`crate::representation`].

use serde::Serialize;

use crate::dataset::{EXTENT, Examples, Feature};
use crate::error::Result;
use crate::importance::sample;
use crate::representation::{self, Axes, Pca, Projection};

use super::Session;

/// The most examples of each set shown (evenly spaced).
pub const MOST_POINTS: usize = 2000;
/// The grid's lines each way, and the points along each.
const GRID_LINES: usize = 13;
const GRID_SAMPLES: usize = 49;

/// What the page draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Representation {
    pub layer: usize,
    /// The layer's neurons.
    pub width: usize,
    /// The two neurons shown (from 0), or none for principal components.
    pub neurons: Option<[usize; 2]>,
    /// The principal components, when they are the axes.
    pub pca: Option<Pca>,
    /// `[point][2]` for the training and the test examples shown.
    pub train: Vec<f64>,
    pub test: Vec<f64>,
    /// Each point's class (its number) or value.
    pub train_labels: Vec<f64>,
    pub test_labels: Vec<f64>,
    /// How many examples of each set are shown, of how many.
    pub shown: [[usize; 2]; 2],
    /// The input plane's grid lines, each `[point][2]` flat, from
    /// [`representation::grid_lines`]; empty unless the data is points on a plane.
    pub grid: Vec<Vec<f64>>,
}

/// Each example's class (as a number) or, for a value, its first target.
fn labels(data: &Examples) -> Vec<f64> {
    if !data.classes.is_empty() {
        return data.classes.iter().map(|&c| c as f64).collect();
    }
    (0..data.len()).map(|i| data.target(i)[0]).collect()
}

impl Session {
    /// Layer `layer` (from 0; the output layer is the last) of the network
    /// as it computes now, in the coordinates `axes` asks for. An error
    /// names a layer or neuron the network does not have.
    pub fn representation(&self, layer: usize, axes: Axes) -> Result<Representation> {
        let network = &self.network;
        representation::check(network, layer, axes)?;
        let width = network.layout().width(layer);
        let (train, test) = (sample(&self.train, MOST_POINTS), sample(&self.test, MOST_POINTS));
        let train_a = representation::activations(network, layer, &train.inputs);
        let test_a = representation::activations(network, layer, &test.inputs);
        let projection = match axes {
            Axes::Neurons(i, j) => Projection::Neurons(i, j),
            Axes::Principal => {
                let all: Vec<f64> = train_a.iter().chain(&test_a).copied().collect();
                Projection::Principal(representation::pca(&all, width))
            }
        };
        let plane = self.table.is_none() && self.points.as_ref().is_some_and(|p| p.dims == 2);
        let grid = if plane {
            let features = &self.config.network.features;
            let mut inputs = vec![0.0; features.len()];
            representation::grid_lines(EXTENT, GRID_LINES, GRID_SAMPLES)
                .iter()
                .map(|line| {
                    let mut rows = Vec::with_capacity(line.len() * features.len());
                    for &[x1, x2] in line {
                        Feature::fill(features, x1, x2, &mut inputs);
                        rows.extend_from_slice(&inputs);
                    }
                    projection.apply(&representation::activations(network, layer, &rows), width)
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Representation {
            layer,
            width,
            neurons: match axes {
                Axes::Neurons(i, j) => Some([i, j]),
                Axes::Principal => None,
            },
            train: projection.apply(&train_a, width),
            test: projection.apply(&test_a, width),
            pca: match projection {
                Projection::Principal(p) => Some(p),
                Projection::Neurons(..) => None,
            },
            train_labels: labels(&train),
            test_labels: labels(&test),
            shown: [[train.len(), self.train.len()], [test.len(), self.test.len()]],
            grid,
        })
    }
}

//! The input space as a layer sees it: every example's activations in one
//! layer, shown in two coordinates, either two of its neurons or its two
//! principal components (PCA over the examples' activations), with, for
//! points on a plane, the lines of a grid over the input plane carried
//! through the same map, so the warping the layers do is visible.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::landscape::jacobi_eigen;
use crate::network::{Network, Trace};

/// Rows evaluated per forward pass.
const CHUNK: usize = 256;

/// The two coordinates a layer's activations are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axes {
    /// Two neurons of the layer (from 0): their activations as they are.
    Neurons(usize, usize),
    /// The layer's two principal components over the examples.
    Principal,
}

/// The two principal components of rows of `width` numbers: their mean,
/// the unit eigenvectors of the covariance (population, 1/n) with the two
/// largest eigenvalues, those eigenvalues, and each one's share of the
/// total variance. Each component's sign is fixed so that its largest
/// entry (in size) is positive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pca {
    pub mean: Vec<f64>,
    pub components: [Vec<f64>; 2],
    pub variances: [f64; 2],
    pub explained: [f64; 2],
}

/// PCA of `rows` (`[row][width]`, at least one row, width at least 2).
pub fn pca(rows: &[f64], width: usize) -> Pca {
    let n = (rows.len() / width).max(1) as f64;
    let mut mean = vec![0.0; width];
    for row in rows.chunks_exact(width) {
        mean.iter_mut().zip(row).for_each(|(m, v)| *m += v / n);
    }
    let mut covariance = vec![0.0; width * width];
    for row in rows.chunks_exact(width) {
        for i in 0..width {
            let di = row[i] - mean[i];
            for j in i..width {
                covariance[i * width + j] += di * (row[j] - mean[j]) / n;
            }
        }
    }
    for i in 0..width {
        for j in 0..i {
            covariance[i * width + j] = covariance[j * width + i];
        }
    }
    let (values, vectors) = jacobi_eigen(&covariance, width);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    let component = |k: usize| {
        let mut c: Vec<f64> = (0..width).map(|i| vectors[i * width + order[k]]).collect();
        let largest = c.iter().copied().fold(0.0f64, |m, v| if v.abs() > m.abs() { v } else { m });
        if largest < 0.0 {
            c.iter_mut().for_each(|v| *v = -*v);
        }
        c
    };
    let variance = |k: usize| values[order[k]].max(0.0);
    let share = |k: usize| if total > 0.0 { variance(k) / total } else { 0.0 };
    Pca {
        mean,
        components: [component(0), component(1)],
        variances: [variance(0), variance(1)],
        explained: [share(0), share(1)],
    }
}

/// Layer `layer`'s activations for every row of `inputs` (`[row][input]`),
/// `[row][neuron]`.
pub fn activations(network: &Network, layer: usize, inputs: &[f64]) -> Vec<f64> {
    let layout = network.layout();
    let (n_in, width) = (layout.inputs(), layout.width(layer));
    let rows = inputs.len() / n_in;
    let mut out = Vec::with_capacity(rows * width);
    let mut trace = Trace::new(layout, CHUNK);
    let mut start = 0;
    while start < rows {
        let count = (rows - start).min(CHUNK);
        trace.set_len(count);
        trace.inputs_mut().copy_from_slice(&inputs[start * n_in..(start + count) * n_in]);
        for l in 0..=layer {
            network.forward_layer(l, &mut trace);
        }
        out.extend_from_slice(trace.a(layer));
        start += count;
    }
    out
}

/// The map from a layer's activations to the two coordinates shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    Neurons(usize, usize),
    Principal(Pca),
}

impl Projection {
    /// The two coordinates of each row of activations, `[row][2]`.
    pub fn apply(&self, rows: &[f64], width: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(rows.len() / width * 2);
        for row in rows.chunks_exact(width) {
            match self {
                Projection::Neurons(i, j) => out.extend([row[*i], row[*j]]),
                Projection::Principal(p) => {
                    for c in &p.components {
                        out.push(
                            row.iter().zip(&p.mean).zip(c).map(|((v, m), c)| (v - m) * c).sum(),
                        );
                    }
                }
            }
        }
        out
    }
}

/// Checks the layer and the axes against the network; the projection's
/// kind (a PCA is fitted later, on the examples).
pub fn check(network: &Network, layer: usize, axes: Axes) -> Result<()> {
    let layout = network.layout();
    if layer >= layout.layers() {
        let expected = format!("a layer from 0 to {}", layout.layers() - 1);
        return Err(Error::invalid("representation: layer", layer, expected));
    }
    let width = layout.width(layer);
    match axes {
        Axes::Principal if width < 2 => Err(Error::invalid(
            "representation: layer",
            layer,
            "a layer of at least 2 neurons for two principal components",
        )),
        Axes::Neurons(i, j) if i >= width || j >= width || i == j => Err(Error::invalid(
            "representation: neurons",
            format!("{i} and {j}"),
            format!("two different neurons of the layer, from 0 to {}", width - 1),
        )),
        _ => Ok(()),
    }
}

/// The lines of a grid over the input plane [−extent, extent]²: `lines`
/// lines across and as many up, each sampled at `samples` points, as
/// `[line][point][x1, x2]` (the across lines first, from the bottom).
pub fn grid_lines(extent: f64, lines: usize, samples: usize) -> Vec<Vec<[f64; 2]>> {
    let at = |k: usize, count: usize| -extent + 2.0 * extent * k as f64 / (count - 1) as f64;
    let mut out = Vec::with_capacity(2 * lines);
    for k in 0..lines {
        out.push((0..samples).map(|s| [at(s, samples), at(k, lines)]).collect());
    }
    for k in 0..lines {
        out.push((0..samples).map(|s| [at(k, lines), at(s, samples)]).collect());
    }
    out
}

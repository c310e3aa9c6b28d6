//! The network evaluated over a grid of the input plane: the output and every
//! neuron at every pixel, in one call, layer by layer over all points.
//!
//! Pixel (row r, column c) of a `res × res` grid sits at
//! x1 = −6 + (c + ½)·12/res, x2 = 6 − (r + ½)·12/res: row 0 is the top edge
//! (largest x2). For one-dimensional data the grid is one row of `res` pixels.

use crate::dataset::{EXTENT, Feature};
use crate::network::{Network, Trace};

/// Points evaluated per forward pass.
const CHUNK: usize = 1024;

/// The input-plane coordinates of pixel `p` of a grid.
pub fn pixel_point(resolution: usize, dims: usize, p: usize) -> (f64, f64) {
    let step = 2.0 * EXTENT / resolution as f64;
    let (row, col) = if dims == 1 { (0, p) } else { (p / resolution, p % resolution) };
    let x1 = -EXTENT + (col as f64 + 0.5) * step;
    let x2 = if dims == 1 { 0.0 } else { EXTENT - (row as f64 + 0.5) * step };
    (x1, x2)
}

/// The number of pixels of a grid.
pub fn pixel_count(resolution: usize, dims: usize) -> usize {
    if dims == 1 { resolution } else { resolution * resolution }
}

/// Each feature's value over the grid, `[feature][pixel]`.
pub fn feature_maps(features: &[Feature], resolution: usize, dims: usize) -> Vec<f32> {
    let pixels = pixel_count(resolution, dims);
    let mut out = vec![0.0; features.len() * pixels];
    for p in 0..pixels {
        let (x1, x2) = pixel_point(resolution, dims, p);
        for (f, feature) in features.iter().enumerate() {
            out[f * pixels + p] = feature.value(x1, x2) as f32;
        }
    }
    out
}

/// Evaluates networks over grids, reusing its buffers from call to call.
#[derive(Debug, Clone, Default)]
pub struct GridEvaluator {
    trace: Option<Trace>,
}

impl GridEvaluator {
    pub fn new() -> GridEvaluator {
        GridEvaluator::default()
    }

    /// Every neuron's activation at every pixel, `[neuron][pixel]`, neurons
    /// numbered layer by layer (the output layer's last). `out` is resized.
    pub fn evaluate(
        &mut self,
        network: &Network,
        features: &[Feature],
        resolution: usize,
        dims: usize,
        out: &mut Vec<f32>,
    ) {
        let layout = network.layout();
        if self.trace.as_ref().is_none_or(|t| t.sizes() != layout.sizes()) {
            self.trace = Some(Trace::new(layout, CHUNK));
        }
        let trace = self.trace.as_mut().expect("just made");
        let pixels = pixel_count(resolution, dims);
        out.resize(layout.n_neurons() * pixels, 0.0);
        let n_in = features.len();
        let mut start = 0;
        while start < pixels {
            let count = (pixels - start).min(CHUNK);
            trace.set_len(count);
            for (k, row) in trace.inputs_mut().chunks_exact_mut(n_in).enumerate() {
                let (x1, x2) = pixel_point(resolution, dims, start + k);
                Feature::fill(features, x1, x2, row);
            }
            network.forward(trace);
            let mut neuron = 0;
            for l in 0..layout.layers() {
                let width = layout.width(l);
                let a = trace.a(l);
                for j in 0..width {
                    let column = &mut out[(neuron + j) * pixels + start..][..count];
                    for (k, value) in column.iter_mut().enumerate() {
                        *value = a[k * width + j] as f32;
                    }
                }
                neuron += width;
            }
            start += count;
        }
    }
}

//! The network evaluated over a grid of the input plane: the output and every
//! neuron at every pixel, in one call, layer by layer over all points.
//!
//! Pixel (row r, column c) of a `res × res` grid sits at
//! x1 = −6 + (c + ½)·12/res, x2 = 6 − (r + ½)·12/res: row 0 is the top edge
//! (largest x2). For one-dimensional data the grid is one row of `res` pixels.

use crate::activation::Activation;
use crate::dataset::{EXTENT, Feature};
use crate::error::{Error, Result};
use crate::network::Network;

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

/// Pixels evaluated together: a row of them for one neuron stays in the
/// first-level cache while every input adds into it.
const CHUNK: usize = 2048;

/// The finest grid the page may ask for, per side.
pub const MAX_RESOLUTION: usize = 512;

/// Checks a grid's resolution (pixels per side) before it is evaluated.
pub fn check_resolution(resolution: usize) -> Result<()> {
    if (2..=MAX_RESOLUTION).contains(&resolution) {
        Ok(())
    } else {
        Err(Error::invalid(
            "resolution",
            resolution,
            format!("a whole number from 2 to {MAX_RESOLUTION}"),
        ))
    }
}

/// Evaluates networks over grids, reusing its buffers from call to call.
///
/// This is display work (heatmap pixels), so it runs in f32 with a cheaper
/// tanh (within 1e-4 of the exact value, a fortieth of a colour step): neuron by neuron over rows of
/// pixels, each weight adding a whole row of its input at once, which the
/// compiler turns into SIMD. Training never uses it.
#[derive(Debug, Clone, Default)]
pub struct GridEvaluator {
    inputs: Vec<f32>,
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
        let pixels = pixel_count(resolution, dims);
        self.inputs.resize(features.len() * pixels, 0.0);
        for p in 0..pixels {
            let (x1, x2) = pixel_point(resolution, dims, p);
            for (f, feature) in features.iter().enumerate() {
                self.inputs[f * pixels + p] = feature.value(x1, x2) as f32;
            }
        }
        self.run(network, pixels, out, true);
    }

    /// Loads `columns` examples as the evaluator's inputs, laid out
    /// `[input][column]`; `value(input, column)` gives each number.
    pub fn load_columns(
        &mut self,
        n_inputs: usize,
        columns: usize,
        value: impl Fn(usize, usize) -> f64,
    ) {
        self.inputs.resize(n_inputs * columns, 0.0);
        for i in 0..n_inputs {
            for c in 0..columns {
                self.inputs[i * columns + c] = value(i, c) as f32;
            }
        }
    }

    /// Every neuron over the loaded columns, `[neuron][column]`, with the
    /// output layer left as its pre-activation z (the caller applies the
    /// output function and the loss exactly).
    pub fn logits(&mut self, network: &Network, columns: usize, out: &mut Vec<f32>) {
        self.run(network, columns, out, false);
    }

    /// The same over a slice of a wider input space: input `axes.0` runs
    /// along x1 and `axes.1` along x2 of the plane, the plane's [−EXTENT,
    /// EXTENT] mapped onto each one's `ranges` (low, high); every other input
    /// is held at its value in `held`. With `dims` 1 the plane is one row
    /// and only `axes.0` varies.
    #[allow(clippy::too_many_arguments)]
    pub fn evaluate_slice(
        &mut self,
        network: &Network,
        axes: (usize, usize),
        ranges: [(f64, f64); 2],
        held: &[f64],
        resolution: usize,
        dims: usize,
        out: &mut Vec<f32>,
    ) {
        let pixels = pixel_count(resolution, dims);
        self.inputs.resize(held.len() * pixels, 0.0);
        let along =
            |u: f64, (low, high): (f64, f64)| low + (u + EXTENT) / (2.0 * EXTENT) * (high - low);
        for p in 0..pixels {
            let (u1, u2) = pixel_point(resolution, dims, p);
            let (x1, x2) = (along(u1, ranges[0]), along(u2, ranges[1]));
            for (i, &value) in held.iter().enumerate() {
                let x = if i == axes.0 {
                    x1
                } else if i == axes.1 {
                    x2
                } else {
                    value
                };
                self.inputs[i * pixels + p] = x as f32;
            }
        }
        self.run(network, pixels, out, true);
    }

    /// Runs the network over the inputs laid out `[input][pixel]`.
    fn run(&mut self, network: &Network, pixels: usize, out: &mut Vec<f32>, activate_output: bool) {
        let layout = network.layout();
        out.resize(layout.n_neurons() * pixels, 0.0);
        let mut start = 0;
        while start < pixels {
            let count = (pixels - start).min(CHUNK);
            let mut offset = 0; // first neuron of the layer
            for l in 0..layout.layers() {
                let (fan_in, width) = (layout.fan_in(l), layout.width(l));
                let (earlier, current) = out.split_at_mut(offset * pixels);
                let weights = network.weights(l);
                for (j, &bias) in network.biases(l).iter().enumerate() {
                    let row = &mut current[j * pixels + start..][..count];
                    row.fill(bias as f32);
                    for i in 0..fan_in {
                        let w = weights[j * fan_in + i] as f32;
                        let input = if l == 0 {
                            &self.inputs[i * pixels + start..][..count]
                        } else {
                            &earlier[(offset - fan_in + i) * pixels + start..][..count]
                        };
                        for (z, &x) in row.iter_mut().zip(input) {
                            *z += w * x;
                        }
                    }
                }
                if l + 1 < layout.layers() || activate_output {
                    activate(
                        network.activations()[l],
                        &mut current[..width * pixels],
                        pixels,
                        start,
                        count,
                    );
                }
                for &j in network.off_in(l) {
                    current[j * pixels + start..][..count].fill(0.0);
                }
                offset += width;
            }
            start += count;
        }
    }
}

/// Applies an activation to a layer's rows (`[neuron][pixel]`) for the pixels
/// `start .. start + count`.
fn activate(activation: Activation, rows: &mut [f32], pixels: usize, start: usize, count: usize) {
    let width = rows.len() / pixels;
    if activation == Activation::Softmax {
        for p in start..start + count {
            let max = (0..width).map(|j| rows[j * pixels + p]).fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for j in 0..width {
                let e = (rows[j * pixels + p] - max).exp();
                rows[j * pixels + p] = e;
                sum += e;
            }
            for j in 0..width {
                rows[j * pixels + p] /= sum;
            }
        }
        return;
    }
    for j in 0..width {
        let row = &mut rows[j * pixels + start..][..count];
        match activation {
            Activation::Linear | Activation::Softmax => {}
            Activation::Tanh => row.iter_mut().for_each(|v| *v = tanh_f32(*v)),
            Activation::Sigmoid => row.iter_mut().for_each(|v| *v = 0.5 + 0.5 * tanh_f32(0.5 * *v)),
            Activation::Relu => row.iter_mut().for_each(|v| *v = v.max(0.0)),
            Activation::LeakyRelu => {
                row.iter_mut().for_each(|v| *v = if *v > 0.0 { *v } else { 0.01 * *v })
            }
        }
    }
}

/// A cheap tanh for pixels: Lambert's continued fraction to its 7th term,
/// within 1e-4 of tanh, clamped to ±1; no branch, so it runs in SIMD lanes.
#[inline(always)]
fn tanh_f32(x: f32) -> f32 {
    let x = x.clamp(-4.97, 4.97);
    let x2 = x * x;
    let p = x * (135_135.0 + x2 * (17_325.0 + x2 * (378.0 + x2)));
    let q = 135_135.0 + x2 * (62_370.0 + x2 * (3_150.0 + x2 * 28.0));
    (p / q).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pixel_tanh_is_close_to_tanh() {
        let mut worst = 0.0f64;
        for k in -20_000..=20_000 {
            let x = k as f64 / 1000.0;
            worst = worst.max((tanh_f32(x as f32) as f64 - x.tanh()).abs());
        }
        assert!(worst < 1e-4, "{worst}");
    }
}

#[cfg(test)]
mod grid_tests {
    use crate::{
        Config, DataConfig, DatasetKind, NetworkConfig, Session, dataset::Feature,
        grid::pixel_point,
    };

    /// The pixels agree with the exact forward pass to display precision.
    #[test]
    fn pixels_match_the_exact_network() {
        for config in [
            Config {
                data: DataConfig { dataset: DatasetKind::Spiral, ..Default::default() },
                ..Config::default()
            },
            Config {
                data: DataConfig { dataset: DatasetKind::Blobs, ..Default::default() },
                network: NetworkConfig {
                    loss: crate::Loss::SoftmaxCe,
                    output_activation: crate::Activation::Softmax,
                    hidden: vec![
                        crate::HiddenLayer { neurons: 5, activation: crate::Activation::Relu },
                        crate::HiddenLayer { neurons: 4, activation: crate::Activation::Sigmoid },
                    ],
                    features: vec![Feature::X1, Feature::X2, Feature::X1X2],
                    ..Default::default()
                },
                ..Config::default()
            },
        ] {
            let mut session = Session::new(config).unwrap();
            session.train_epochs(20);
            let mut grid = Vec::new();
            let res = 37;
            session.evaluate_grid(res, &mut grid);
            let network = session.network();
            let layout = network.layout();
            let pixels = res * res;
            for p in (0..pixels).step_by(7) {
                let (x1, x2) = pixel_point(res, 2, p);
                let mut inputs = vec![0.0; session.config().network.features.len()];
                Feature::fill(&session.config().network.features, x1, x2, &mut inputs);
                let targets = vec![0.0; layout.outputs()];
                let mut trace = crate::Trace::with_batch(layout, &inputs, &targets).unwrap();
                network.forward(&mut trace);
                let mut neuron = 0;
                for l in 0..layout.layers() {
                    for &exact in trace.a(l) {
                        let shown = grid[neuron * pixels + p] as f64;
                        assert!(
                            (shown - exact).abs() < 1e-3,
                            "layer {l} pixel {p}: {shown} vs {exact}"
                        );
                        neuron += 1;
                    }
                }
            }
        }
    }
}

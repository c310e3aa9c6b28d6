//! The loss landscape: the training loss over a plane of parameter space
//! through the current weights, and along the straight line from the initial
//! weights to the current ones.
//!
//! A plane is θ + α·d₁ + β·d₂ for α, β on a square grid. The directions are
//! two seeded random ones normalized per neuron to the scale of its weights
//! ("filter normalization", Li et al. 2018, biases held), the two principal
//! components of the training path's checkpoints (so the path lies in the
//! picture), or two chosen parameters. The loss is the one the metrics report
//! (the training set's mean data loss, on the same sample in the same order),
//! so the plane's centre and the path's ends equal the loss chart's values
//! exactly. The plane's other points are display work in f32 ([`FastLoss`]),
//! within 1e-4 of the exact loss. Every point reuses the same buffers.

use serde::Serialize;

use crate::dataset::Examples;
use crate::error::{Error, Result};
use crate::grid::GridEvaluator;
use crate::loss::Loss;
use crate::network::{Layout, Network, Trace};
use crate::rng::{self, Rng};
use crate::session::METRICS_SAMPLE;

/// The most grid points on a side.
pub const MAX_RESOLUTION: usize = 101;
/// The most checkpoints the principal components are computed from (evenly
/// spaced over the path, the start and the end included).
const MAX_PCA_CHECKPOINTS: usize = 64;
/// Path-curve points per unit of t (t = 1 is the current point, exactly).
pub const PATH_STEPS_PER_UNIT: usize = 40;
/// How far past the current point the path curve goes, in units of t.
pub const PATH_BEYOND: f64 = 0.25;

/// Examples per forward pass of a [`LossProbe`]. The chunking changes no
/// number: each example's loss is its own, and they are summed in order.
pub const PROBE_CHUNK: usize = 32;

/// Evaluates the training loss at any parameters without allocating.
#[derive(Debug, Clone)]
pub struct LossProbe {
    network: Network,
    trace: Trace,
}

impl LossProbe {
    /// A probe for `network`'s shape.
    pub fn new(network: &Network) -> LossProbe {
        LossProbe { network: network.clone(), trace: Trace::new(network.layout(), PROBE_CHUNK) }
    }

    /// The parameters the next evaluation uses.
    pub fn params_mut(&mut self) -> &mut [f64] {
        self.network.params_mut()
    }

    /// The mean data loss over `data`'s metrics sample at the parameters set:
    /// the metrics' number bit for bit (the same examples, each example's
    /// loss summed in the same order), without their accuracy.
    pub fn loss(&mut self, data: &Examples, loss: Loss) -> f64 {
        let (n_in, n_out) = (data.n_inputs, data.n_outputs);
        let (len, used) = (data.len(), data.len().min(METRICS_SAMPLE));
        let example = |k: usize| if used == len { k } else { k * len / used };
        let last = self.network.layout().layers() - 1;
        let mut total = 0.0;
        let mut start = 0;
        while start < used {
            let count = (used - start).min(PROBE_CHUNK);
            self.trace.set_len(count);
            let (inputs, targets) = self.trace.batch_mut();
            for e in 0..count {
                let i = example(start + e);
                inputs[e * n_in..(e + 1) * n_in].copy_from_slice(data.input(i));
                targets[e * n_out..(e + 1) * n_out].copy_from_slice(data.target(i));
            }
            self.network.forward(&mut self.trace);
            let (z, a, y) = (self.trace.z(last), self.trace.a(last), self.trace.targets());
            for e in 0..count {
                let row = e * n_out..(e + 1) * n_out;
                total += loss.example_loss(&z[row.clone()], &a[row.clone()], &y[row]);
            }
            start += count;
        }
        total / used.max(1) as f64
    }
}

/// The same loss for display: the network's hidden layers in f32 with the
/// heatmaps' cheaper tanh (within 1e-4), the output function and the loss
/// exact from the f32 logits. A plane's 1,681 points cost one forward pass
/// each over the whole sample, which the exact probe makes 3 to 6 times
/// slower; the plane's centre and its neighbours are still computed exactly.
#[derive(Debug, Clone)]
pub struct FastLoss {
    evaluator: GridEvaluator,
    examples: usize,
    targets: Vec<f64>,
    neurons: Vec<f32>,
    z: Vec<f64>,
    a: Vec<f64>,
}

impl FastLoss {
    /// Loads `data`'s metrics sample (the examples [`LossProbe::loss`] uses).
    pub fn new(data: &Examples) -> FastLoss {
        let (len, used) = (data.len(), data.len().min(METRICS_SAMPLE));
        let example = |k: usize| if used == len { k } else { k * len / used };
        let mut evaluator = GridEvaluator::new();
        evaluator.load_columns(data.n_inputs, used, |i, c| data.input(example(c))[i]);
        let targets = (0..used).flat_map(|c| data.target(example(c)).iter().copied()).collect();
        FastLoss {
            evaluator,
            examples: used,
            targets,
            neurons: Vec::new(),
            z: vec![0.0; data.n_outputs],
            a: vec![0.0; data.n_outputs],
        }
    }

    /// The mean data loss of `network` over the loaded examples.
    pub fn loss(&mut self, network: &Network, loss: Loss) -> f64 {
        let columns = self.examples;
        self.evaluator.logits(network, columns, &mut self.neurons);
        let layout = network.layout();
        let last = layout.layers() - 1;
        let (n_out, first_output) = (layout.width(last), layout.n_neurons() - layout.width(last));
        let activation = network.activations()[last];
        let mut total = 0.0;
        for e in 0..columns {
            for j in 0..n_out {
                self.z[j] = self.neurons[(first_output + j) * columns + e] as f64;
            }
            activation.apply_row(&self.z, &mut self.a);
            total += loss.example_loss(&self.z, &self.a, &self.targets[e * n_out..(e + 1) * n_out]);
        }
        total / columns.max(1) as f64
    }
}

/// How the plane's two directions are chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Directions {
    /// Two seeded Gaussian directions, normalized per neuron.
    Random { seed: u64 },
    /// The two principal components of the checkpoints' path.
    Path,
    /// The axes of two parameters (flat indices).
    Weights { first: usize, second: usize },
}

impl Directions {
    /// The name the page uses: `"random"`, `"path"` or `"weights"`.
    pub fn name(&self) -> &'static str {
        match self {
            Directions::Random { .. } => "random",
            Directions::Path => "path",
            Directions::Weights { .. } => "weights",
        }
    }
}

/// A point of the plane, in its coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlanePoint {
    pub alpha: f64,
    pub beta: f64,
    pub loss: f64,
}

/// A checkpoint of the path projected onto the plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PathPoint {
    pub epoch: u64,
    pub alpha: f64,
    pub beta: f64,
}

/// The two directions of a plane and, for principal components, the share of
/// the path's spread (about the current point) each one captures.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    pub d1: Vec<f64>,
    pub d2: Vec<f64>,
    pub explained: Option<[f64; 2]>,
}

/// The loss over a square grid of a plane through the current point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plane {
    /// `"random"`, `"path"` or `"weights"`.
    pub directions: &'static str,
    /// Grid points on a side (odd: the centre is a grid point).
    pub resolution: usize,
    /// α and β each run from −range to +range.
    pub range: f64,
    /// The coordinates of the grid's columns (α) and rows (β), the same values.
    pub coords: Vec<f64>,
    /// The loss, row by row: `losses[row · resolution + column]` at
    /// (α, β) = (coords[column], coords[row]).
    pub losses: Vec<f64>,
    /// The loss at (0, 0): the current loss.
    pub center: f64,
    /// The lowest loss of the grid and where.
    pub min: PlanePoint,
    /// The checkpoints (and the current point, last) projected onto the plane.
    pub path: Vec<PathPoint>,
    /// For principal components: the share of the path's spread of each.
    pub explained: Option<[f64; 2]>,
    /// The curvature at the centre from the grid's second differences:
    /// [∂²L/∂α², ∂²L/∂α∂β, ∂²L/∂β²].
    pub curvature: [f64; 3],
    /// The eigenvalues of that 2 × 2 curvature, larger first.
    pub curvature_eigenvalues: [f64; 2],
}

/// The loss along the straight line from the initial to the current weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathCurve {
    /// t for each point: 0 is the initial weights, 1 the current ones.
    pub t: Vec<f64>,
    pub losses: Vec<f64>,
    /// The epoch of the initial weights (the first checkpoint).
    pub start_epoch: u64,
    /// The largest rise of the loss on the way from t = 0 to t = 1 after a
    /// lower point (0 when it never goes up): the height of a hill crossed.
    pub climb: f64,
}

/// Seeded Gaussian numbers normalized per neuron: each neuron's row of
/// incoming weights in `raw` is scaled to the norm of the same row of
/// `params`; biases get 0 (Li et al.'s default: they are held).
pub fn filter_normalize(layout: &Layout, params: &[f64], raw: &mut [f64]) {
    for l in 0..layout.layers() {
        let fan_in = layout.fan_in(l);
        let range = layout.weights(l);
        let rows = raw[range.clone()].chunks_exact_mut(fan_in);
        for (d, w) in rows.zip(params[range].chunks_exact(fan_in)) {
            let (dn, wn) = (norm(d), norm(w));
            let scale = if dn > 0.0 { wn / dn } else { 0.0 };
            d.iter_mut().for_each(|x| *x *= scale);
        }
        raw[layout.biases(l)].fill(0.0);
    }
}

/// Two filter-normalized random directions from `seed`.
pub fn random_basis(layout: &Layout, params: &[f64], seed: u64) -> Basis {
    let mut rng: Rng = rand::SeedableRng::seed_from_u64(seed);
    let mut draw = || {
        let mut d: Vec<f64> = (0..params.len()).map(|_| rng::normal(&mut rng)).collect();
        filter_normalize(layout, params, &mut d);
        d
    };
    let d1 = draw();
    let d2 = draw();
    Basis { d1, d2, explained: None }
}

/// The two principal components of the path: of the checkpoints' offsets
/// from the current point (θᵢ − θ, uncentred as in Li et al.), from the
/// eigenvectors of their Gram matrix. Orthonormal.
pub fn path_basis(checkpoints: &[&[f64]], current: &[f64]) -> Result<Basis> {
    let offsets: Vec<Vec<f64>> = evenly(checkpoints, MAX_PCA_CHECKPOINTS)
        .into_iter()
        .map(|c| c.iter().zip(current).map(|(a, b)| a - b).collect::<Vec<f64>>())
        .filter(|o| norm(o) > 0.0)
        .collect();
    let m = offsets.len();
    let too_short = || {
        Error::invalid(
            "directions",
            "path",
            "a training path that turns: train a few epochs first (it spans no plane yet)",
        )
    };
    if m < 2 {
        return Err(too_short());
    }
    let mut gram = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..=i {
            let g = dot(&offsets[i], &offsets[j]);
            gram[i * m + j] = g;
            gram[j * m + i] = g;
        }
    }
    let (values, vectors) = jacobi_eigen(&gram, m);
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    if values[order[1]] <= 1e-12 * values[order[0]] {
        return Err(too_short());
    }
    let component = |k: usize| {
        let mut d = vec![0.0; current.len()];
        for (i, o) in offsets.iter().enumerate() {
            let u = vectors[i * m + order[k]];
            d.iter_mut().zip(o).for_each(|(d, o)| *d += u * o);
        }
        d
    };
    let mut d1 = component(0);
    scale_to_unit(&mut d1);
    let mut d2 = component(1);
    // Re-orthogonalize against rounding.
    let along = dot(&d2, &d1);
    d2.iter_mut().zip(&d1).for_each(|(d, e)| *d -= along * e);
    scale_to_unit(&mut d2);
    let explained = Some([values[order[0]] / total, values[order[1]] / total]);
    Ok(Basis { d1, d2, explained })
}

/// The axes of two parameters.
pub fn weights_basis(n_params: usize, first: usize, second: usize) -> Result<Basis> {
    for (field, index) in [("first weight", first), ("second weight", second)] {
        if index >= n_params {
            return Err(Error::invalid(field, index, format!("an index below {n_params}")));
        }
    }
    if first == second {
        return Err(Error::invalid("second weight", second, "a parameter other than the first"));
    }
    let mut d1 = vec![0.0; n_params];
    let mut d2 = vec![0.0; n_params];
    d1[first] = 1.0;
    d2[second] = 1.0;
    Ok(Basis { d1, d2, explained: None })
}

/// (α, β) of the point of the plane nearest to `point` (least squares: the
/// directions need not be orthogonal). Exact for a point in the plane.
pub fn project(basis: &Basis, origin: &[f64], point: &[f64]) -> (f64, f64) {
    let (d1, d2) = (&basis.d1, &basis.d2);
    let (mut r1, mut r2) = (0.0, 0.0);
    for k in 0..origin.len() {
        let offset = point[k] - origin[k];
        r1 += d1[k] * offset;
        r2 += d2[k] * offset;
    }
    let (a, b, c) = (dot(d1, d1), dot(d1, d2), dot(d2, d2));
    let det = a * c - b * b;
    if det.abs() <= f64::EPSILON * a * c {
        return (if a > 0.0 { r1 / a } else { 0.0 }, 0.0);
    }
    ((c * r1 - b * r2) / det, (a * r2 - b * r1) / det)
}

/// What a plane computation needs from the run.
pub struct Run<'a> {
    pub network: &'a Network,
    pub data: &'a Examples,
    pub loss: Loss,
}

/// The loss over the plane θ + α·d₁ + β·d₂, α and β from −range to +range
/// on `resolution` points each; `path` is projected onto it.
pub fn plane(
    run: &Run,
    basis: &Basis,
    directions: Directions,
    resolution: usize,
    range: f64,
    path: &[(u64, &[f64])],
) -> Result<Plane> {
    check_grid(resolution, range)?;
    let theta = run.network.params();
    let half = (resolution / 2) as f64;
    // The centre is exactly 0 (so the centre's parameters are exactly θ).
    let coords: Vec<f64> = (0..resolution).map(|i| range * (i as f64 - half) / half).collect();
    // Every point for display in f32; the centre's 3 × 3 block (which the
    // curvature reads) and the lowest point again exactly.
    let mut fast = FastLoss::new(run.data);
    let mut scratch = run.network.clone();
    let mut losses = Vec::with_capacity(resolution * resolution);
    let set = |params: &mut [f64], alpha: f64, beta: f64| {
        for k in 0..theta.len() {
            params[k] = theta[k] + alpha * basis.d1[k] + beta * basis.d2[k];
        }
    };
    for &beta in &coords {
        for &alpha in &coords {
            set(scratch.params_mut(), alpha, beta);
            losses.push(fast.loss(&scratch, run.loss));
        }
    }
    let mid = resolution / 2;
    let mut probe = LossProbe::new(run.network);
    let mut exact = |k: usize, losses: &mut [f64]| {
        set(probe.params_mut(), coords[k % resolution], coords[k / resolution]);
        losses[k] = probe.loss(run.data, run.loss);
    };
    for j in mid - 1..=mid + 1 {
        for i in mid - 1..=mid + 1 {
            exact(j * resolution + i, &mut losses);
        }
    }
    let lowest = |losses: &[f64]| {
        let (mut min, mut min_index) = (f64::INFINITY, mid * resolution + mid);
        for (k, &l) in losses.iter().enumerate() {
            if l < min {
                (min, min_index) = (l, k);
            }
        }
        min_index
    };
    exact(lowest(&losses), &mut losses);
    let min_index = lowest(&losses);
    let at = |i: usize, j: usize| losses[j * resolution + i];
    let center = at(mid, mid);
    let h = coords[mid + 1] - coords[mid];
    let aa = (at(mid + 1, mid) - 2.0 * center + at(mid - 1, mid)) / (h * h);
    let bb = (at(mid, mid + 1) - 2.0 * center + at(mid, mid - 1)) / (h * h);
    let ab = (at(mid + 1, mid + 1) - at(mid + 1, mid - 1) - at(mid - 1, mid + 1)
        + at(mid - 1, mid - 1))
        / (4.0 * h * h);
    let (mean, diff) = ((aa + bb) / 2.0, ((aa - bb) / 2.0).hypot(ab));
    Ok(Plane {
        directions: directions.name(),
        resolution,
        range,
        min: PlanePoint {
            alpha: coords[min_index % resolution],
            beta: coords[min_index / resolution],
            loss: losses[min_index],
        },
        path: path
            .iter()
            .map(|&(epoch, p)| {
                let (alpha, beta) = project(basis, theta, p);
                PathPoint { epoch, alpha, beta }
            })
            .collect(),
        explained: basis.explained,
        curvature: [aa, ab, bb],
        curvature_eigenvalues: [mean + diff, mean - diff],
        coords,
        losses,
        center,
    })
}

fn check_grid(resolution: usize, range: f64) -> Result<()> {
    if !(3..=MAX_RESOLUTION).contains(&resolution) || resolution % 2 == 0 {
        return Err(Error::invalid(
            "resolution",
            resolution,
            format!("an odd number of points from 3 to {MAX_RESOLUTION}"),
        ));
    }
    if !(range.is_finite() && range > 0.0 && range <= 1e3) {
        return Err(Error::invalid("range", range, "a number above 0 and at most 1000"));
    }
    Ok(())
}

/// The range that shows the whole projected path with a margin (1 when it
/// has not moved).
pub fn auto_range(points: &[PathPoint]) -> f64 {
    let reach = points.iter().map(|p| p.alpha.abs().max(p.beta.abs())).fold(0.0, f64::max);
    if reach > 0.0 && reach.is_finite() { (1.25 * reach).min(1e3) } else { 1.0 }
}

/// The loss at (1 − t)·θ₀ + t·θ for t from 0 to 1 + [`PATH_BEYOND`]
/// (t = 0 and t = 1 give θ₀ and θ exactly).
pub fn path_curve(run: &Run, initial: &[f64], start_epoch: u64) -> PathCurve {
    let theta = run.network.params();
    let steps = PATH_STEPS_PER_UNIT + (PATH_BEYOND * PATH_STEPS_PER_UNIT as f64) as usize;
    let mut probe = LossProbe::new(run.network);
    let (mut t_values, mut losses) = (Vec::with_capacity(steps + 1), Vec::with_capacity(steps + 1));
    for k in 0..=steps {
        let t = k as f64 / PATH_STEPS_PER_UNIT as f64;
        let params = probe.params_mut();
        for i in 0..theta.len() {
            params[i] = (1.0 - t) * initial[i] + t * theta[i];
        }
        t_values.push(t);
        losses.push(probe.loss(run.data, run.loss));
    }
    let (mut lowest, mut climb) = (f64::INFINITY, 0.0f64);
    for (&t, &l) in t_values.iter().zip(&losses) {
        if t > 1.0 {
            break;
        }
        lowest = lowest.min(l);
        climb = climb.max(l - lowest);
    }
    PathCurve { t: t_values, losses, start_epoch, climb }
}

/// The eigenvalues and eigenvectors of a symmetric `n × n` matrix (row-major)
/// by cyclic Jacobi rotations: `(values, vectors)` with eigenvector k in
/// column k of `vectors` (row-major `n × n`). Unsorted.
pub fn jacobi_eigen(matrix: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = matrix.to_vec();
    let mut v = vec![0.0; n * n];
    (0..n).for_each(|i| v[i * n + i] = 1.0);
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let scale: f64 = a.iter().map(|x| x * x).sum();
        if off <= 1e-30 * scale || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// At most `most` items, evenly spaced, the first and the last included.
fn evenly<'a>(items: &[&'a [f64]], most: usize) -> Vec<&'a [f64]> {
    let n = items.len();
    if n <= most {
        return items.to_vec();
    }
    (0..most).map(|k| items[k * (n - 1) / (most - 1)]).collect()
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

fn scale_to_unit(d: &mut [f64]) {
    let n = norm(d);
    if n > 0.0 {
        d.iter_mut().for_each(|x| *x /= n);
    }
}

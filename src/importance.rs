//! Which inputs the network relies on, measured two ways over a set of
//! examples (the test set, or a fixed, evenly spaced sample of it):
//!
//! - **sensitivity**: the mean over the examples of |∂Lₙ/∂xᵢ|, each
//!   example's own loss differentiated by backpropagation down to its inputs;
//! - **permutation importance**: how much the mean loss rises when input i's
//!   column is shuffled among the examples (its link to the targets broken,
//!   its spread kept), averaged over a few seeded shuffles.
//!
//! Both read the network as it computes (switched-off neurons included) and
//! the data loss alone (no penalty). Nothing of the run changes.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::Serialize;

use crate::activation::Activation;
use crate::dataset::Examples;
use crate::loss::Loss;
use crate::network::{Gradients, Network, Trace};
use crate::regularization::Regularization;
use crate::rng::Rng;
use crate::session::{Split, evaluate};

/// Examples per forward and backward pass.
const CHUNK: usize = 256;

/// The most shuffles per input.
pub const MAX_REPEATS: usize = 20;

/// Both measures for every input of the network, in its input order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Importance {
    /// Which set was measured (the test set; the training set when there is none).
    pub set: Split,
    /// How many examples were measured.
    pub examples: usize,
    /// Their mean data loss, unshuffled.
    pub loss: f64,
    /// Mean |∂Lₙ/∂xᵢ| per input.
    pub sensitivity: Vec<f64>,
    /// Mean rise of the loss with input i shuffled, per input.
    pub permutation: Vec<f64>,
    /// The standard deviation of that rise over the shuffles, per input.
    pub permutation_spread: Vec<f64>,
    /// Shuffles per input, and the seed they came from.
    pub repeats: usize,
    pub seed: u64,
}

/// The examples `k·len/used` for k < `used` (all, in order, when `used`
/// is the length): the same evenly spaced sample the metrics measure.
pub fn sample(data: &Examples, used: usize) -> Examples {
    let len = data.len();
    let used = used.min(len);
    if used == len {
        return data.clone();
    }
    let (n_in, n_out) = (data.n_inputs, data.n_outputs);
    let mut out = Examples { n_inputs: n_in, n_outputs: n_out, ..Examples::default() };
    for k in 0..used {
        let i = k * len / used;
        out.inputs.extend_from_slice(data.input(i));
        out.targets.extend_from_slice(data.target(i));
        if let Some(&class) = data.classes.get(i) {
            out.classes.push(class);
        }
    }
    out
}

/// Mean |∂Lₙ/∂xᵢ| over `data`, each example's own loss (the batch's mean
/// loss differentiated, times the batch's size).
pub fn sensitivity(network: &Network, data: &Examples, loss: Loss) -> Vec<f64> {
    let layout = network.layout();
    let n_in = data.n_inputs;
    let mut trace = Trace::new(layout, CHUNK);
    let mut grads = Gradients::new(layout, CHUNK);
    let mut totals = vec![0.0; n_in];
    let len = data.len();
    let mut start = 0;
    while start < len {
        let count = (len - start).min(CHUNK);
        trace.set_len(count);
        let (inputs, targets) = trace.batch_mut();
        inputs.copy_from_slice(&data.inputs[start * n_in..(start + count) * n_in]);
        let n_out = data.n_outputs;
        targets.copy_from_slice(&data.targets[start * n_out..(start + count) * n_out]);
        network.forward(&mut trace);
        network.backward(&trace, loss, Regularization::NONE, &mut grads, true);
        let per_example = grads.grad_inputs().expect("asked for");
        for row in per_example.chunks_exact(n_in) {
            for (total, g) in totals.iter_mut().zip(row) {
                *total += (g * count as f64).abs();
            }
        }
        start += count;
    }
    totals.iter().map(|t| t / len.max(1) as f64).collect()
}

/// The order input `column`'s values take in shuffle `repeat` of `len`
/// examples: row k gets the value of row `order[k]`. Seeded: the same
/// seed, column and repeat give the same order.
pub fn shuffle_order(seed: u64, column: usize, repeat: usize, len: usize) -> Vec<usize> {
    let mixed = seed
        ^ (column as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (repeat as u64 + 1).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(&mut Rng::seed_from_u64(mixed));
    order
}

/// Permutation importance over `data`: the base loss, and per input the
/// mean and standard deviation over `repeats` shuffles of the loss's rise.
pub fn permutation(
    network: &Network,
    data: &Examples,
    loss: Loss,
    output: Activation,
    repeats: usize,
    seed: u64,
) -> (f64, Vec<f64>, Vec<f64>) {
    let mut trace = Trace::new(network.layout(), CHUNK);
    let (base, _) = evaluate(network, data, loss, output, &mut trace);
    let (n_in, len) = (data.n_inputs, data.len());
    let mut shuffled = data.clone();
    let (mut means, mut spreads) = (Vec::with_capacity(n_in), Vec::with_capacity(n_in));
    for column in 0..n_in {
        let rises: Vec<f64> = (0..repeats)
            .map(|repeat| {
                let order = shuffle_order(seed, column, repeat, len);
                for (k, &from) in order.iter().enumerate() {
                    shuffled.inputs[k * n_in + column] = data.inputs[from * n_in + column];
                }
                evaluate(network, &shuffled, loss, output, &mut trace).0 - base
            })
            .collect();
        for k in 0..len {
            shuffled.inputs[k * n_in + column] = data.inputs[k * n_in + column];
        }
        let mean = rises.iter().sum::<f64>() / repeats as f64;
        let variance = rises.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / repeats as f64;
        means.push(mean);
        spreads.push(variance.sqrt());
    }
    (base, means, spreads)
}

/// Both measures over `data`, the examples of `set` (a sample of it, at
/// most `limit` examples).
#[allow(clippy::too_many_arguments)]
pub fn importance(
    network: &Network,
    set: Split,
    data: &Examples,
    loss: Loss,
    output: Activation,
    repeats: usize,
    seed: u64,
    limit: usize,
) -> Importance {
    let data = sample(data, limit);
    let sensitivity = sensitivity(network, &data, loss);
    let (base, permutation, permutation_spread) =
        permutation(network, &data, loss, output, repeats, seed);
    Importance {
        set,
        examples: data.len(),
        loss: base,
        sensitivity,
        permutation,
        permutation_spread,
        repeats,
        seed,
    }
}

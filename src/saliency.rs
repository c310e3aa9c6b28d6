//! Saliency of one example: ∂ŷₖ/∂x, how much output k moves with a small
//! nudge of each input, by backpropagating from that output (not from the
//! loss) down to the inputs. Switched-off neurons pass nothing back, as in
//! training.

use serde::Serialize;

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::network::{Network, Trace};

/// One example's saliency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Saliency {
    /// The output differentiated (from 0).
    pub output: usize,
    /// The network's outputs ŷ for the example.
    pub outputs: Vec<f64>,
    /// ∂ŷ_output/∂xᵢ for every input.
    pub gradient: Vec<f64>,
}

/// ∂ŷ_output/∂x of `network` at `inputs` (one example, the network's inputs).
pub fn saliency(network: &Network, inputs: &[f64], output: usize) -> Result<Saliency> {
    let layout = network.layout();
    if output >= layout.outputs() {
        let expected = format!("an output from 0 to {}", layout.outputs() - 1);
        return Err(Error::invalid("output", output, expected));
    }
    let targets = vec![0.0; layout.outputs()];
    let mut trace = Trace::with_batch(layout, inputs, &targets)?;
    network.forward(&mut trace);
    let last = layout.layers() - 1;
    let (z, a) = (trace.z(last), trace.a(last));
    // δ at the output: ∂ŷ_output/∂z, the activation's Jacobian's row.
    let mut delta: Vec<f64> = match network.activations()[last] {
        Activation::Softmax => {
            let k = output;
            (0..a.len()).map(|j| a[k] * (f64::from(u8::from(j == k)) - a[j])).collect()
        }
        activation => {
            let mut d = vec![0.0; a.len()];
            d[output] = activation.derivative(z[output], a[output]);
            d
        }
    };
    // Back through every layer: Wᵀδ, then (for a hidden layer) times f′(z), 0 where off.
    for l in (0..=last).rev() {
        let (fan_in, width) = (layout.fan_in(l), layout.width(l));
        let weights = network.weights(l);
        let mut below = vec![0.0; fan_in];
        for (k, &d) in delta.iter().enumerate().take(width) {
            for (i, b) in below.iter_mut().enumerate() {
                *b += weights[k * fan_in + i] * d;
            }
        }
        if l > 0 {
            let (z, a) = (trace.z(l - 1), trace.a(l - 1));
            let activation = network.activations()[l - 1];
            for (i, b) in below.iter_mut().enumerate() {
                *b *= activation.derivative(z[i], a[i]);
            }
            for &j in network.off_in(l - 1) {
                below[j] = 0.0;
            }
        }
        delta = below;
    }
    Ok(Saliency { output, outputs: trace.output().to_vec(), gradient: delta })
}

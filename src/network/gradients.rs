//! [`Gradients`]: what the backward pass computed for one batch (δ, ∂L/∂a,
//! ∂L/∂θ and ∂L/∂x), in buffers allocated once and overwritten by each pass.

use super::{Layout, Trace};

/// What the backward pass computed for one batch. Every value is a derivative
/// of the batch's mean loss; nothing accumulates across calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    pub(super) len: usize,
    sizes: Vec<usize>,
    pub(super) grad_z: Vec<Vec<f64>>,
    pub(super) grad_a: Vec<Vec<f64>>,
    pub(super) grad_params: Vec<f64>,
    pub(super) grad_inputs: Vec<f64>,
    pub(super) has_input_grads: bool,
}

impl Gradients {
    /// Buffers for batches of up to `capacity` examples.
    pub fn new(layout: &Layout, capacity: usize) -> Gradients {
        let sizes = layout.sizes().to_vec();
        let per_layer = || (1..sizes.len()).map(|l| vec![0.0; capacity * sizes[l]]).collect();
        Gradients {
            len: 0,
            grad_z: per_layer(),
            grad_a: per_layer(),
            grad_params: vec![0.0; layout.n_params()],
            grad_inputs: vec![0.0; capacity * sizes[0]],
            has_input_grads: false,
            sizes,
        }
    }

    pub(super) fn resize_to(&mut self, trace: &Trace) {
        assert_eq!(self.sizes, trace.sizes, "gradients built for another network");
        assert!(
            trace.len * self.sizes[0] <= self.grad_inputs.len(),
            "gradient buffers smaller than the batch"
        );
        self.len = trace.len;
        self.has_input_grads = false;
    }

    /// The number of examples these gradients are for.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// δ = dL/dz of layer `l`, `[example][neuron]`.
    pub fn grad_z(&self, l: usize) -> &[f64] {
        &self.grad_z[l][..self.len * self.sizes[l + 1]]
    }

    /// dL/da of layer `l`, `[example][neuron]` (the Σ_k w_kj δ_k of backprop).
    /// For the output layer of a loss computed from logits (bce,
    /// softmax_ce) it is 0: there dL/dz comes straight from the loss.
    pub fn grad_a(&self, l: usize) -> &[f64] {
        &self.grad_a[l][..self.len * self.sizes[l + 1]]
    }

    /// dL/dθ of every parameter (data plus regularization), in the flat layout.
    pub fn grad_params(&self) -> &[f64] {
        &self.grad_params
    }

    /// dL/dx, `[example][input]`, if the backward pass was asked for it.
    pub fn grad_inputs(&self) -> Option<&[f64]> {
        self.has_input_grads.then(|| &self.grad_inputs[..self.len * self.sizes[0]])
    }
}

//! [`Trace`]: one batch and everything the forward pass computed for it,
//! allocated once for a largest batch and reused, so training allocates
//! nothing per batch.

use crate::error::{Error, Result};

use super::Layout;

/// One batch and everything the forward pass computed for it: the inputs x,
/// the targets y, and every layer's pre-activations z and activations a, each
/// stored example by example (`[example][neuron]`, row-major).
///
/// A trace is allocated once for a largest batch (`capacity`) and reused.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub(super) len: usize,
    capacity: usize,
    pub(super) sizes: Vec<usize>,
    pub(super) inputs: Vec<f64>,
    targets: Vec<f64>,
    pub(super) z: Vec<Vec<f64>>,
    pub(super) a: Vec<Vec<f64>>,
}

impl Trace {
    /// An empty trace for up to `capacity` examples of this layout.
    pub fn new(layout: &Layout, capacity: usize) -> Trace {
        let sizes = layout.sizes().to_vec();
        let per_layer = |_| (1..sizes.len()).map(|l| vec![0.0; capacity * sizes[l]]).collect();
        Trace {
            len: 0,
            capacity,
            inputs: vec![0.0; capacity * sizes[0]],
            targets: vec![0.0; capacity * sizes[sizes.len() - 1]],
            z: per_layer(()),
            a: per_layer(()),
            sizes,
        }
    }

    /// A trace holding this batch (`inputs`: one row of n0 values per example;
    /// `targets`: one row of nL values per example).
    pub fn with_batch(layout: &Layout, inputs: &[f64], targets: &[f64]) -> Result<Trace> {
        let n = inputs.len() / layout.inputs();
        if n * layout.inputs() != inputs.len() {
            return Err(Error::shape("inputs", (n + 1) * layout.inputs(), inputs.len()));
        }
        if targets.len() != n * layout.outputs() {
            return Err(Error::shape("targets", n * layout.outputs(), targets.len()));
        }
        let mut trace = Trace::new(layout, n);
        trace.set_len(n);
        trace.inputs.copy_from_slice(inputs);
        trace.targets.copy_from_slice(targets);
        Ok(trace)
    }

    /// Catches a trace made for another network (in debug builds: it sits
    /// on the hot path).
    pub(super) fn check(&self, layout: &Layout) {
        debug_assert_eq!(self.sizes, layout.sizes(), "trace built for another network");
    }

    /// The number of examples in the batch.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The network sizes this trace was made for.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The largest batch this trace can hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Sets the number of examples (at most the capacity); fill inputs and targets next.
    pub fn set_len(&mut self, len: usize) {
        assert!(len <= self.capacity, "batch of {len} in a trace of capacity {}", self.capacity);
        self.len = len;
    }

    /// `[example][input]`.
    pub fn inputs(&self) -> &[f64] {
        &self.inputs[..self.len * self.sizes[0]]
    }

    pub fn inputs_mut(&mut self) -> &mut [f64] {
        &mut self.inputs[..self.len * self.sizes[0]]
    }

    /// `[example][output]`.
    pub fn targets(&self) -> &[f64] {
        &self.targets[..self.len * self.sizes[self.sizes.len() - 1]]
    }

    /// The inputs and the targets, to fill both at once.
    pub fn batch_mut(&mut self) -> (&mut [f64], &mut [f64]) {
        let k = self.sizes[self.sizes.len() - 1];
        (&mut self.inputs[..self.len * self.sizes[0]], &mut self.targets[..self.len * k])
    }

    pub fn targets_mut(&mut self) -> &mut [f64] {
        let k = self.sizes[self.sizes.len() - 1];
        &mut self.targets[..self.len * k]
    }

    /// Layer `l`'s pre-activations, `[example][neuron]`.
    pub fn z(&self, l: usize) -> &[f64] {
        &self.z[l][..self.len * self.sizes[l + 1]]
    }

    /// Layer `l`'s activations, `[example][neuron]`.
    pub fn a(&self, l: usize) -> &[f64] {
        &self.a[l][..self.len * self.sizes[l + 1]]
    }

    /// What layer `l` reads: the inputs for layer 0, else layer l − 1's activations.
    pub fn layer_input(&self, l: usize) -> &[f64] {
        if l == 0 { self.inputs() } else { self.a(l - 1) }
    }

    /// The network's outputs ŷ, `[example][output]`.
    pub fn output(&self) -> &[f64] {
        self.a(self.sizes.len() - 2)
    }
}

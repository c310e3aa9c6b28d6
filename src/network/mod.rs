//! A dense multilayer perceptron on flat buffers, and backpropagation through it.
//!
//! All parameters live in one `Vec<f64>`: every layer's weights first (layer by
//! layer, each `W[j][i]` row-major: row j is neuron j, column i its input i),
//! then every layer's biases. Gradients, optimizer state and updates use the
//! same layout, so one index names one parameter everywhere.
//!
//! Layers are counted from 0 here: layer `l` maps `sizes[l]` inputs to
//! `sizes[l + 1]` neurons (the golden README's layer l + 1).
//!
//! Forward and backward are split into the steps a learner sees, one layer at a
//! time ([`Network::forward_layer`], [`Network::backward_delta`],
//! [`Network::backward_params`]); training runs exactly these steps in a loop.

use std::ops::Range;

use serde::Serialize;

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::init::Init;
use crate::kernels;
use crate::loss::Loss;
use crate::regularization::Regularization;
use crate::rng::Rng;

/// The sizes of a network and where each layer's parameters sit in the flat vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    sizes: Vec<usize>,
    /// Start of each layer's weights; the last entry is the number of weights.
    weight_offsets: Vec<usize>,
    /// Start of each layer's biases; the last entry is the number of parameters.
    bias_offsets: Vec<usize>,
}

/// What one parameter index refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Param {
    /// `W[neuron][input]` of `layer`.
    Weight { layer: usize, neuron: usize, input: usize },
    /// `b[neuron]` of `layer`.
    Bias { layer: usize, neuron: usize },
}

impl Layout {
    /// A layout for `sizes = [n0, n1, …, nL]`: n0 inputs, then L layers.
    pub fn new(sizes: &[usize]) -> Result<Layout> {
        if sizes.len() < 2 {
            return Err(Error::invalid(
                "sizes",
                format!("{sizes:?}"),
                "an input size and at least one layer",
            ));
        }
        if let Some(i) = sizes.iter().position(|&n| n == 0) {
            return Err(Error::invalid(format!("sizes[{i}]"), 0, "at least 1"));
        }
        let mut weight_offsets: Vec<usize> = vec![0];
        for pair in sizes.windows(2) {
            let count = pair[0].checked_mul(pair[1]);
            let end = count.and_then(|c| weight_offsets.last().unwrap().checked_add(c));
            weight_offsets.push(end.ok_or_else(|| {
                Error::invalid("sizes", format!("{sizes:?}"), "a network that fits in memory")
            })?);
        }
        let mut bias_offsets = vec![*weight_offsets.last().unwrap()];
        for &n in &sizes[1..] {
            bias_offsets.push(bias_offsets.last().unwrap() + n);
        }
        Ok(Layout { sizes: sizes.to_vec(), weight_offsets, bias_offsets })
    }

    /// `[n0, n1, …, nL]`.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The number of layers L (hidden layers plus the output layer).
    pub fn layers(&self) -> usize {
        self.sizes.len() - 1
    }

    /// The number of inputs n0.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    /// The number of outputs nL.
    pub fn outputs(&self) -> usize {
        self.sizes[self.layers()]
    }

    /// The number of neurons of layer `l`.
    pub fn width(&self, l: usize) -> usize {
        self.sizes[l + 1]
    }

    /// The number of inputs of layer `l`.
    pub fn fan_in(&self, l: usize) -> usize {
        self.sizes[l]
    }

    /// Where layer `l`'s weights sit in the parameter vector.
    pub fn weights(&self, l: usize) -> Range<usize> {
        self.weight_offsets[l]..self.weight_offsets[l + 1]
    }

    /// Where layer `l`'s biases sit in the parameter vector.
    pub fn biases(&self, l: usize) -> Range<usize> {
        self.bias_offsets[l]..self.bias_offsets[l + 1]
    }

    /// The number of weights (they come first in the parameter vector).
    pub fn n_weights(&self) -> usize {
        self.bias_offsets[0]
    }

    /// The number of weights and biases.
    pub fn n_params(&self) -> usize {
        *self.bias_offsets.last().unwrap()
    }

    /// The number of neurons in all layers.
    pub fn n_neurons(&self) -> usize {
        self.n_params() - self.n_weights()
    }

    /// The index of `W[neuron][input]` of layer `l`.
    pub fn weight_index(&self, l: usize, neuron: usize, input: usize) -> usize {
        self.weight_offsets[l] + neuron * self.sizes[l] + input
    }

    /// The index of `b[neuron]` of layer `l`.
    pub fn bias_index(&self, l: usize, neuron: usize) -> usize {
        self.bias_offsets[l] + neuron
    }

    /// What parameter `index` is, or `None` past the end.
    pub fn param(&self, index: usize) -> Option<Param> {
        if index >= self.n_params() {
            return None;
        }
        let layers = 0..self.layers();
        if index < self.n_weights() {
            let layer = layers.clone().find(|&l| self.weights(l).contains(&index))?;
            let offset = index - self.weight_offsets[layer];
            let fan_in = self.sizes[layer];
            Some(Param::Weight { layer, neuron: offset / fan_in, input: offset % fan_in })
        } else {
            let layer = layers.clone().find(|&l| self.biases(l).contains(&index))?;
            Some(Param::Bias { layer, neuron: index - self.bias_offsets[layer] })
        }
    }

    /// The index of a parameter, or `None` if it is outside this network.
    pub fn index(&self, param: Param) -> Option<usize> {
        match param {
            Param::Weight { layer, neuron, input } => {
                (layer < self.layers() && neuron < self.width(layer) && input < self.fan_in(layer))
                    .then(|| self.weight_index(layer, neuron, input))
            }
            Param::Bias { layer, neuron } => (layer < self.layers() && neuron < self.width(layer))
                .then(|| self.bias_index(layer, neuron)),
        }
    }
}

/// A dense network: its layout, one activation per layer and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    layout: Layout,
    activations: Vec<Activation>,
    params: Vec<f64>,
    /// The switched-off neurons of each layer (hidden layers only), in
    /// increasing order: their output is held at 0. Mostly empty, so the
    /// passes pay one empty loop per layer for it.
    off: Vec<Vec<usize>>,
}

impl Network {
    /// A network with every parameter 0.
    pub fn new(sizes: &[usize], activations: &[Activation]) -> Result<Network> {
        let layout = Layout::new(sizes)?;
        if activations.len() != layout.layers() {
            return Err(Error::shape("activations", layout.layers(), activations.len()));
        }
        let params = vec![0.0; layout.n_params()];
        let off = vec![Vec::new(); layout.layers()];
        Ok(Network { layout, activations: activations.to_vec(), params, off })
    }

    /// A network initialised by `init`, drawing weights layer by layer, row by row.
    pub fn initialised(
        sizes: &[usize],
        activations: &[Activation],
        init: Init,
        rng: &mut Rng,
    ) -> Result<Network> {
        let mut network = Network::new(sizes, activations)?;
        network.initialise(init, rng);
        Ok(network)
    }

    /// A network with the given parameters (in the flat layout described above).
    pub fn with_params(
        sizes: &[usize],
        activations: &[Activation],
        params: Vec<f64>,
    ) -> Result<Network> {
        let mut network = Network::new(sizes, activations)?;
        if params.len() != network.params.len() {
            return Err(Error::shape("parameters", network.params.len(), params.len()));
        }
        network.params = params;
        Ok(network)
    }

    /// Redraws every parameter with `init`.
    pub fn initialise(&mut self, init: Init, rng: &mut Rng) {
        self.initialise_with_gain(init, None, rng);
    }

    /// Redraws every parameter with `init`, every weight times `gain` when
    /// there is one (the biases as `init` sets them).
    pub fn initialise_with_gain(&mut self, init: Init, gain: Option<f64>, rng: &mut Rng) {
        for l in 0..self.layout.layers() {
            let (fan_in, fan_out) = (self.layout.fan_in(l), self.layout.width(l));
            for w in &mut self.params[self.layout.weights(l)] {
                *w = init.weight(fan_in, fan_out, rng);
                if let Some(gain) = gain {
                    *w *= gain;
                }
            }
            self.params[self.layout.biases(l)].fill(init.bias());
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// Changes one layer's activation, keeping every parameter.
    pub fn set_activation(&mut self, l: usize, activation: Activation) {
        self.activations[l] = activation;
    }

    /// Every parameter, in the flat layout.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// All weights (the first part of the parameter vector).
    pub fn all_weights(&self) -> &[f64] {
        &self.params[..self.layout.n_weights()]
    }

    /// Layer `l`'s weights, row-major `W[neuron][input]`.
    pub fn weights(&self, l: usize) -> &[f64] {
        &self.params[self.layout.weights(l)]
    }

    /// Layer `l`'s biases.
    pub fn biases(&self, l: usize) -> &[f64] {
        &self.params[self.layout.biases(l)]
    }

    /// Whether neuron `neuron` of layer `l` is switched off.
    pub fn is_off(&self, l: usize, neuron: usize) -> bool {
        self.off.get(l).is_some_and(|off| off.contains(&neuron))
    }

    /// Layer `l`'s switched-off neurons, in increasing order.
    pub fn off_in(&self, l: usize) -> &[usize] {
        &self.off[l]
    }

    /// The switched-off neurons as `(layer, neuron)`, layer by layer.
    pub fn off_neurons(&self) -> Vec<(usize, usize)> {
        let per_layer = self.off.iter().enumerate();
        per_layer.flat_map(|(l, off)| off.iter().map(move |&j| (l, j))).collect()
    }

    /// Switches hidden neuron `neuron` of layer `l` off (its output held at
    /// 0, so it passes nothing on and its own weights get no gradient from
    /// the data) or back on. The output layer's neurons cannot be.
    pub fn set_off(&mut self, l: usize, neuron: usize, off: bool) -> Result<()> {
        let hidden = self.layout.layers() - 1;
        if l >= hidden {
            let expected = match hidden {
                0 => "none: this network has no hidden layer".to_string(),
                n => format!("a hidden layer from 0 to {}", n - 1),
            };
            return Err(Error::invalid("off: layer", l, expected));
        }
        let width = self.layout.width(l);
        if neuron >= width {
            let expected = format!("a neuron of hidden layer {l}, from 0 to {}", width - 1);
            return Err(Error::invalid("off: neuron", neuron, expected));
        }
        let list = &mut self.off[l];
        match (list.binary_search(&neuron), off) {
            (Err(at), true) => list.insert(at, neuron),
            (Ok(at), false) => _ = list.remove(at),
            _ => {}
        }
        Ok(())
    }

    /// Runs the whole forward pass over the trace's batch.
    pub fn forward(&self, trace: &mut Trace) {
        for l in 0..self.layout.layers() {
            self.forward_layer(l, trace);
        }
    }

    /// Layer `l` of the forward pass: z = W a_prev + b, then a = f(z), for
    /// every example. The stepper runs the same two halves one at a time.
    pub fn forward_layer(&self, l: usize, trace: &mut Trace) {
        self.forward_z(l, trace);
        self.forward_a(l, trace);
    }

    /// The first half of layer `l`: z = W a_prev + b for every example.
    pub fn forward_z(&self, l: usize, trace: &mut Trace) {
        trace.check(&self.layout);
        let (fan_in, width) = (self.layout.fan_in(l), self.layout.width(l));
        let weights = self.weights(l);
        let biases = self.biases(l);
        let len = trace.len;
        let input = if l == 0 { &trace.inputs[..] } else { &trace.a[l - 1][..] };
        kernels::affine(weights, biases, &input[..len * fan_in], &mut trace.z[l][..len * width]);
    }

    /// The second half of layer `l`: a = f(z) for every example.
    pub fn forward_a(&self, l: usize, trace: &mut Trace) {
        trace.check(&self.layout);
        let width = self.layout.width(l);
        let count = trace.len * width;
        let activation = self.activations[l];
        let (z, a) = (&trace.z[l][..count], &mut trace.a[l][..count]);
        if activation.is_elementwise() {
            activation.apply_all(z, a);
        } else {
            for (z_row, a_row) in z.chunks_exact(width).zip(a.chunks_exact_mut(width)) {
                activation.apply_row(z_row, a_row);
            }
        }
        for &j in &self.off[l] {
            a.iter_mut().skip(j).step_by(width).for_each(|v| *v = 0.0);
        }
    }

    /// The batch's mean data loss (after a forward pass).
    pub fn data_loss(&self, trace: &Trace, loss: Loss) -> f64 {
        let last = self.layout.layers() - 1;
        loss.batch_loss(trace.z(last), trace.a(last), trace.targets(), self.layout.outputs())
    }

    /// The whole backward pass: every layer's dL/dz, dL/dW and dL/db (data plus
    /// regularization), and dL/dx when `input_grads` is set. Overwrites `grads`.
    pub fn backward(
        &self,
        trace: &Trace,
        loss: Loss,
        regularization: Regularization,
        grads: &mut Gradients,
        input_grads: bool,
    ) {
        for l in (0..self.layout.layers()).rev() {
            self.backward_delta(l, trace, loss, grads);
            self.backward_params(l, trace, regularization, grads);
        }
        if input_grads {
            self.backward_inputs(grads);
        }
    }

    /// dL/dz of layer `l` for every example: from the loss for the output layer,
    /// else δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f'(z_l). Needs layer l + 1's δ first.
    pub fn backward_delta(&self, l: usize, trace: &Trace, loss: Loss, grads: &mut Gradients) {
        trace.check(&self.layout);
        grads.resize_to(trace);
        let width = self.layout.width(l);
        let activation = self.activations[l];
        let len = trace.len;
        let (z, a) = (&trace.z[l], &trace.a[l]);
        if l + 1 == self.layout.layers() {
            let y = trace.targets();
            let scale = loss.gradient_scale(len, width);
            let count = len * width;
            let (grad_a, grad_z) = (&mut grads.grad_a[l][..count], &mut grads.grad_z[l][..count]);
            for k in 0..count {
                (grad_a[k], grad_z[k]) = loss.output_gradient(activation, z[k], a[k], y[k], scale);
            }
            if loss == Loss::SoftmaxCe {
                // With targets that are probabilities but do not sum to 1,
                // dL/dz = (softmax(z) Σy − y) / N; one-hot targets are the
                // case Σy = 1, where this is the (a − y) / N above, exactly.
                for ((dz, a), y) in grad_z
                    .chunks_exact_mut(width)
                    .zip(a[..count].chunks_exact(width))
                    .zip(y.chunks_exact(width))
                {
                    let total: f64 = y.iter().sum();
                    if total != 1.0 {
                        for k in 0..width {
                            dz[k] = (a[k] * total - y[k]) * scale;
                        }
                    }
                }
            }
            return;
        }
        let next_width = self.layout.width(l + 1);
        let next_weights = self.weights(l + 1);
        let (before, after) = grads.grad_z.split_at_mut(l + 1);
        let next_delta = &after[0];
        let grad_a = &mut grads.grad_a[l];
        kernels::transposed(
            next_weights,
            width,
            &next_delta[..len * next_width],
            &mut grad_a[..len * width],
        );
        let count = len * width;
        activation.backprop_all(
            &z[..count],
            &a[..count],
            &grad_a[..count],
            &mut before[l][..count],
        );
        // A neuron held at 0 passes nothing back: δ = dL/da · f'(z) · 0.
        for &j in &self.off[l] {
            before[l][..count].iter_mut().skip(j).step_by(width).for_each(|v| *v = 0.0);
        }
    }

    /// dL/dW = Σ_n δ_n a_prev,nᵀ + reg'(W) and dL/db = Σ_n δ_n of layer `l`.
    /// Needs the layer's δ first.
    pub fn backward_params(
        &self,
        l: usize,
        trace: &Trace,
        regularization: Regularization,
        grads: &mut Gradients,
    ) {
        let (fan_in, width) = (self.layout.fan_in(l), self.layout.width(l));
        let input = trace.layer_input(l);
        let delta = &grads.grad_z[l];
        let (weight_range, bias_range) = (self.layout.weights(l), self.layout.biases(l));
        let (grad_weights, grad_biases) = grads.grad_params.split_at_mut(bias_range.start);
        let grad_weights = &mut grad_weights[weight_range.clone()];
        let grad_biases = &mut grad_biases[..width];
        let len = trace.len;
        kernels::outer_sums(
            &delta[..len * width],
            &input[..len * fan_in],
            grad_weights,
            grad_biases,
        );
        if !regularization.is_none() {
            for (g, &w) in grad_weights.iter_mut().zip(&self.params[weight_range]) {
                *g += regularization.gradient(w);
            }
        }
    }

    /// dL/dx = W_0ᵀ δ_0 for every example. Needs layer 0's δ first.
    pub fn backward_inputs(&self, grads: &mut Gradients) {
        let (n0, width) = (self.layout.inputs(), self.layout.width(0));
        let weights = self.weights(0);
        let len = grads.len;
        kernels::transposed(
            weights,
            n0,
            &grads.grad_z[0][..len * width],
            &mut grads.grad_inputs[..len * n0],
        );
        grads.has_input_grads = true;
    }
}

/// One batch and everything the forward pass computed for it: the inputs x,
/// the targets y, and every layer's pre-activations z and activations a, each
/// stored example by example (`[example][neuron]`, row-major).
///
/// A trace is allocated once for a largest batch (`capacity`) and reused.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    len: usize,
    capacity: usize,
    sizes: Vec<usize>,
    inputs: Vec<f64>,
    targets: Vec<f64>,
    z: Vec<Vec<f64>>,
    a: Vec<Vec<f64>>,
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
    fn check(&self, layout: &Layout) {
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

/// What the backward pass computed for one batch. Every value is a derivative
/// of the batch's mean loss; nothing accumulates across calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    len: usize,
    sizes: Vec<usize>,
    grad_z: Vec<Vec<f64>>,
    grad_a: Vec<Vec<f64>>,
    grad_params: Vec<f64>,
    grad_inputs: Vec<f64>,
    has_input_grads: bool,
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

    fn resize_to(&mut self, trace: &Trace) {
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

//! Where each parameter sits in the flat vector: [`Layout`] (the sizes and
//! each layer's weight and bias offsets) and [`Param`], what one index names.
//! Every buffer of parameters (gradients, optimizer state, updates) shares it.

use std::ops::Range;

use serde::Serialize;

use crate::error::{Error, Result};

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

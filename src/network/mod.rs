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
//!
//! This file builds a network and holds its parameters; the rest is one file
//! per job: the flat layout (`layout.rs`), the forward pass (`forward.rs`),
//! the backward pass (`backward.rs`), switched-off neurons (`off.rs`), and the
//! buffers the passes fill (`trace.rs`, `gradients.rs`).

mod backward;
mod forward;
mod gradients;
mod layout;
mod off;
mod trace;

pub use gradients::Gradients;
pub use layout::{Layout, Param};
pub use trace::Trace;

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::init::Init;
use crate::rng::Rng;

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
}

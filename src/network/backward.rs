//! The backward pass, one layer at a time: each layer's δ = dL/dz, then its
//! dL/dW and dL/db (data plus regularization), and dL/dx at the end when
//! asked for.

use crate::kernels;
use crate::loss::Loss;
use crate::regularization::Regularization;

use super::{Gradients, Network, Trace};

impl Network {
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
        self.hold_off_at_zero(l, &mut before[l][..count]);
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

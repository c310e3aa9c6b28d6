//! The forward pass, one layer at a time and each layer in its two halves
//! (z = W a_prev + b, then a = f(z)), as the stepper shows them; and the
//! batch's data loss after it.

use crate::kernels;
use crate::loss::Loss;

use super::{Network, Trace};

impl Network {
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
        self.hold_off_at_zero(l, a);
    }

    /// The batch's mean data loss (after a forward pass).
    pub fn data_loss(&self, trace: &Trace, loss: Loss) -> f64 {
        let last = self.layout.layers() - 1;
        loss.batch_loss(trace.z(last), trace.a(last), trace.targets(), self.layout.outputs())
    }
}

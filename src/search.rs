//! The trainer's side of the optimizers that evaluate the loss themselves:
//! CG's line search (over the whole training set) and the evolution
//! strategy (over the batch). The network on the batch is their objective,
//! evaluated on a copy of the network and the batch, so the trainer's own
//! trace and gradients keep showing the batch at the parameters it started
//! from.

use crate::cg::{self, Objective, Wolfe};
use crate::evolution::{self, Evaluate};
use crate::loss::Loss;
use crate::network::{Gradients, Network, Trace};
use crate::optimizer::{self, Optimizer, OptimizerState, SearchStep, Update};
use crate::regularization::Regularization;

/// The copies and buffers a search works in, allocated once and rebuilt
/// only when the network's shape or the batch's capacity changes.
#[derive(Debug, Clone)]
pub struct Workspace {
    network: Network,
    trace: Trace,
    grads: Gradients,
    cg: cg::Scratch,
    evolution: evolution::Scratch,
}

impl Workspace {
    /// A workspace fitting `network` and the batch in `batch`, holding a
    /// copy of that batch.
    fn fit<'a>(
        slot: &'a mut Option<Workspace>,
        network: &Network,
        batch: &Trace,
    ) -> &'a mut Workspace {
        let fits = slot.as_ref().is_some_and(|w| {
            w.network.layout() == network.layout() && w.trace.capacity() >= batch.len()
        });
        if !fits {
            let layout = network.layout();
            let n = layout.n_params();
            *slot = Some(Workspace {
                network: network.clone(),
                trace: Trace::new(layout, batch.capacity()),
                grads: Gradients::new(layout, batch.capacity()),
                cg: cg::Scratch::new(n),
                evolution: evolution::Scratch::new(n),
            });
        }
        let w = slot.as_mut().expect("just fitted");
        // The activations may have changed without the shape.
        for (l, &activation) in network.activations().iter().enumerate() {
            if w.network.activations()[l] != activation {
                w.network.set_activation(l, activation);
            }
        }
        w.trace.set_len(batch.len());
        let (inputs, targets) = w.trace.batch_mut();
        inputs.copy_from_slice(&batch.inputs()[..inputs.len()]);
        targets.copy_from_slice(&batch.targets()[..targets.len()]);
        w
    }
}

/// The loss (data plus penalty) of the network at given parameters on the
/// workspace's batch.
struct NetworkLoss<'a> {
    network: &'a mut Network,
    trace: &'a mut Trace,
    grads: &'a mut Gradients,
    loss: Loss,
    regularization: Regularization,
}

impl Evaluate for NetworkLoss<'_> {
    fn evaluate(&mut self, x: &[f64]) -> (f64, f64) {
        self.network.params_mut().copy_from_slice(x);
        self.network.forward(self.trace);
        let penalty = self.regularization.value(self.network.all_weights());
        (self.network.data_loss(self.trace, self.loss) + penalty, penalty)
    }
}

impl Objective for NetworkLoss<'_> {
    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        let (value, _) = self.evaluate(x);
        self.network.backward(self.trace, self.loss, self.regularization, self.grads, false);
        grad.copy_from_slice(self.grads.grad_params());
        value
    }
}

/// One step of CG or the evolution strategy from the batch in `batch`
/// (run forward at the current parameters) with its gradients `grads`
/// (data plus penalty); `seed` draws the evolution strategy's perturbations.
/// Moves the parameters, writes the update (Δθ, its penalty part and what
/// the search did) and returns false if a parameter became NaN or infinite.
#[allow(clippy::too_many_arguments)]
pub fn step(
    state: &mut OptimizerState,
    workspace: &mut Option<Workspace>,
    network: &mut Network,
    batch: &Trace,
    grads: &Gradients,
    loss: Loss,
    regularization: Regularization,
    learning_rate: f64,
    seed: u64,
    update: &mut Update,
) -> bool {
    let n = network.layout().n_params();
    let n_weights = network.layout().n_weights();
    update.delta.resize(n, 0.0);
    update.delta_reg.resize(n, 0.0);
    update.learning_rate = learning_rate;
    let optimizer = state.optimizer();
    let w = Workspace::fit(workspace, network, batch);
    let mut objective = NetworkLoss {
        network: &mut w.network,
        trace: &mut w.trace,
        grads: &mut w.grads,
        loss,
        regularization,
    };
    let parts = state.begin_search(learning_rate);
    update.step = parts.step;
    let (first, rest) = parts.buffers.split_at_mut(1);
    match optimizer {
        Optimizer::Cg { c1, c2 } => {
            let value =
                network.data_loss(batch, loss) + regularization.value(network.all_weights());
            // The penalty's gradient at the start, for the split below.
            let reg_grad = &mut update.delta_reg;
            for (r, &weight) in reg_grad[..n_weights].iter_mut().zip(network.all_weights()) {
                *r = regularization.gradient(weight);
            }
            reg_grad[n_weights..].fill(0.0);
            let iteration = cg::iterate(
                &mut objective,
                network.params_mut(),
                value,
                grads.grad_params(),
                &mut first[0],
                &mut rest[0],
                parts.memory,
                Wolfe { c1, c2 },
                learning_rate,
                n as u64,
                &mut update.delta,
                &mut w.cg,
            );
            // The direction is linear in the gradients, so the penalty's part
            // of it follows the same recurrence: d_reg = −g_reg + β d_reg.
            let reg_direction = parts.reg_velocity;
            for (d, r) in reg_direction.iter_mut().zip(update.delta_reg.iter_mut()) {
                *d = -*r + iteration.beta * *d;
                *r = iteration.alpha * *d;
            }
            *parts.evaluations += u64::from(iteration.evaluations);
            update.search = Some(SearchStep::Cg(iteration));
        }
        Optimizer::Evolution { sigma, pairs } => {
            let mut rng = evolution::step_rng(seed, parts.step);
            let estimate = evolution::estimate(
                &mut objective,
                network.params(),
                sigma,
                pairs,
                &mut rng,
                &mut first[0],
                &mut update.delta_reg,
                &mut w.evolution,
            );
            let params = network.params_mut();
            for ((p, d), &g) in params.iter_mut().zip(update.delta.iter_mut()).zip(&first[0]) {
                *d = -learning_rate * g;
                *p += *d;
            }
            update.delta_reg.iter_mut().for_each(|r| *r *= -learning_rate);
            *parts.evaluations += u64::from(estimate.evaluations);
            update.search = Some(SearchStep::Evolution(estimate));
        }
        // The trainer sends only these two here; any other moves nothing.
        _ => {
            update.delta.fill(0.0);
            update.delta_reg.fill(0.0);
            update.search = None;
        }
    }
    optimizer::all_finite(network.params())
}

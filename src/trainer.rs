//! The training loop: mini-batches over a training set, one optimizer step each.
//!
//! A batch is `batch_size` examples taken in the epoch's order (reshuffled,
//! seeded, at every epoch's start unless turned off); the last batch of an
//! epoch may be smaller and is its own update, so no gradient is carried into
//! the next epoch. All buffers are allocated up front: training allocates
//! nothing per batch or per example.

use rand::seq::SliceRandom;

use crate::config::TrainingConfig;
use crate::dataset::Examples;
use crate::health::{self, HealthAccumulator, HealthRecord};
use crate::loss::Loss;
use crate::network::{Gradients, Network, Trace};
use crate::optimizer::{OptimizerState, Update};
use crate::regularization::Regularization;
use crate::rng::Rng;
use crate::search::{self, Workspace};

/// What one batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Examples in the batch.
    pub examples: usize,
    /// True if this batch was the epoch's last.
    pub epoch_ended: bool,
    /// False if a parameter became NaN or infinite.
    pub finite: bool,
}

/// Where training stands: counters and the order of the current epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Examples trained on so far.
    pub examples: u64,
    /// Batches (optimizer steps) so far.
    pub batches: u64,
    /// Whole epochs so far.
    pub epochs: u64,
    /// This epoch's order of the training examples.
    pub order: Vec<usize>,
    /// How many of them this epoch has used.
    pub cursor: usize,
    /// The generator of the coming shuffles.
    pub rng: Rng,
    /// Shuffles done so far (the generator's state is the seed's after this
    /// many shuffles of the training set).
    pub shuffles: u64,
}

/// The last step's gradient clipping.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Clipping {
    /// The global 2-norm of the gradients, before clipping.
    pub norm: f64,
    /// The maximum norm set (none when clipping is off).
    pub max_norm: Option<f64>,
    /// The factor every gradient was scaled by (none when it was not).
    pub scale: Option<f64>,
}

/// The training loop's state and buffers.
#[derive(Debug, Clone)]
pub struct Trainer {
    /// How training is driven: everything but the network and the data.
    settings: TrainingConfig,
    /// The loss trained on.
    loss: Loss,
    optimizer: OptimizerState,
    progress: Progress,
    trace: Trace,
    grads: Gradients,
    update: Update,
    /// Which training examples the trace holds.
    batch_indices: Vec<usize>,
    /// The gradients scaled by clipping, when it applies.
    clipped_grads: Vec<f64>,
    clipping: Clipping,
    /// The gradient health of the epoch so far.
    health: HealthAccumulator,
    /// Where CG and the evolution strategy evaluate the loss (none until used).
    search: Option<Workspace>,
    /// The seed of the evolution strategy's perturbations.
    seed: u64,
}

/// How many examples a batch holds: the whole training set for CG.
fn batch_capacity(settings: &TrainingConfig, train_len: usize) -> usize {
    if settings.optimizer.full_batch() {
        train_len.max(1)
    } else {
        settings.batch_size.min(train_len).max(1)
    }
}

impl Trainer {
    /// A trainer for `network` on a training set of `train_len` examples,
    /// minimising `loss` as `settings` say.
    pub fn new(
        network: &Network,
        train_len: usize,
        settings: TrainingConfig,
        loss: Loss,
        rng: Rng,
    ) -> Trainer {
        let layout = network.layout();
        let capacity = batch_capacity(&settings, train_len);
        let mut trainer = Trainer {
            optimizer: OptimizerState::new(settings.optimizer, layout.n_params()),
            progress: Progress {
                examples: 0,
                batches: 0,
                epochs: 0,
                order: (0..train_len).collect(),
                cursor: 0,
                rng,
                shuffles: 0,
            },
            trace: Trace::new(layout, capacity),
            grads: Gradients::new(layout, capacity),
            update: Update::new(layout.n_params()),
            batch_indices: Vec::with_capacity(capacity),
            clipped_grads: vec![0.0; layout.n_params()],
            clipping: Clipping::default(),
            health: HealthAccumulator::new(layout),
            search: None,
            seed: 0,
            settings,
            loss,
        };
        trainer.start_epoch();
        trainer
    }

    /// Shuffles the coming epoch's order (if shuffling is on).
    fn start_epoch(&mut self) {
        if self.settings.shuffle {
            self.progress.order.shuffle(&mut self.progress.rng);
            self.progress.shuffles += 1;
        }
    }

    /// Sets the seed the evolution strategy draws its perturbations from
    /// (the session's; each step's come from it and the step's number).
    pub fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    pub fn settings(&self) -> &TrainingConfig {
        &self.settings
    }

    pub fn loss(&self) -> Loss {
        self.loss
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn optimizer(&self) -> &OptimizerState {
        &self.optimizer
    }

    /// The last batch's trace (inputs, targets, every z and a).
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The last batch's gradients.
    pub fn gradients(&self) -> &Gradients {
        &self.grads
    }

    /// The last update.
    pub fn update(&self) -> &Update {
        &self.update
    }

    /// The last step's clipping: the gradients' norm and the scale applied.
    pub fn clipping(&self) -> Clipping {
        self.clipping
    }

    /// The gradient health of the batches of this epoch so far.
    pub fn health(&self) -> &HealthAccumulator {
        &self.health
    }

    /// Sums up the health of the batches since the last call (none if no
    /// batch ran since), and starts afresh.
    pub fn finish_health(&mut self, network: &Network) -> Option<HealthRecord> {
        let p = &self.progress;
        self.health.finish(network, p.epochs, p.examples)
    }

    /// The learning rate the next batch will use (the schedule at this epoch).
    pub fn learning_rate(&self) -> f64 {
        self.settings.schedule.learning_rate(self.settings.learning_rate, self.progress.epochs)
    }

    /// The training-set indices of the batch in the trace (the last one
    /// trained, or the coming one after a preview).
    pub fn batch_indices(&self) -> &[usize] {
        &self.batch_indices
    }

    /// The training-set indices of the next batch.
    pub fn next_batch(&self) -> &[usize] {
        &self.progress.order[self.batch_range()]
    }

    /// Where the next batch lies in the epoch's order.
    fn batch_range(&self) -> std::ops::Range<usize> {
        let p = &self.progress;
        if self.settings.optimizer.full_batch() {
            // CG takes the whole set, and its step ends the epoch.
            return 0..p.order.len();
        }
        p.cursor..(p.cursor + self.settings.batch_size).min(p.order.len())
    }

    /// Changes settings that need no new network. A new optimizer starts with
    /// fresh state; a new batch size reallocates the batch buffers.
    pub fn set_settings(&mut self, network: &Network, settings: TrainingConfig, loss: Loss) {
        self.loss = loss;
        if settings.optimizer != self.settings.optimizer {
            self.optimizer = OptimizerState::new(settings.optimizer, network.layout().n_params());
        }
        let capacity = batch_capacity(&settings, self.progress.order.len());
        if capacity != batch_capacity(&self.settings, self.progress.order.len()) {
            self.trace = Trace::new(network.layout(), capacity);
            self.grads = Gradients::new(network.layout(), capacity);
        }
        let reshuffle = settings.shuffle && !self.settings.shuffle && self.progress.cursor == 0;
        self.settings = settings;
        if reshuffle {
            self.start_epoch();
        }
    }

    /// Follows a new training set of `train_len` examples: the coming epoch
    /// starts afresh over it, its order from `rng` (the shuffle stream from
    /// its start, so the generator stays the seed's after `shuffles`
    /// shuffles); the counters and the optimizer's state go on.
    pub fn set_data(&mut self, network: &Network, train_len: usize, rng: Rng) {
        let p = &mut self.progress;
        p.order = (0..train_len).collect();
        p.cursor = 0;
        p.rng = rng;
        p.shuffles = 0;
        let capacity = batch_capacity(&self.settings, train_len);
        if capacity != self.trace.capacity() {
            self.trace = Trace::new(network.layout(), capacity);
            self.grads = Gradients::new(network.layout(), capacity);
        }
        self.start_epoch();
    }

    /// Follows a network whose parameters moved (`map[i]`: the old index of
    /// new parameter i, or `None` for a new one): the optimizer state moves with
    /// them and the buffers take the new shape.
    pub fn remap(&mut self, network: &Network, map: &[Option<usize>]) {
        self.optimizer.remap(map);
        let capacity = self.trace.capacity();
        self.trace = Trace::new(network.layout(), capacity);
        self.grads = Gradients::new(network.layout(), capacity);
        self.update = Update::new(network.layout().n_params());
        self.clipped_grads = vec![0.0; network.layout().n_params()];
        self.health = HealthAccumulator::new(network.layout());
    }

    /// Puts training back to an earlier point.
    /// An optimizer state of another optimizer than the one now set (the
    /// user changed it since) is not brought back: the current one starts fresh.
    pub fn restore(&mut self, progress: &Progress, optimizer: &OptimizerState) {
        self.progress.clone_from(progress);
        if optimizer.optimizer() == self.settings.optimizer {
            self.optimizer.clone_from(optimizer);
        } else {
            self.optimizer = OptimizerState::new(self.settings.optimizer, self.update.delta.len());
        }
        self.update.step = optimizer.steps();
        self.update.delta.fill(0.0);
        self.update.delta_reg.fill(0.0);
        self.update.search = None;
        self.clipping = Clipping::default();
        self.health.clear();
    }

    /// Loads the next batch into the trace (inputs and targets) without running it.
    pub fn load_batch(&mut self, data: &Examples) {
        let count = self.next_batch().len();
        self.trace.set_len(count);
        let (n_in, n_out) = (data.n_inputs, data.n_outputs);
        self.batch_indices.clear();
        let range = self.batch_range();
        self.batch_indices.extend_from_slice(&self.progress.order[range]);
        let (inputs, targets) = self.trace.batch_mut();
        // Gathered element by element: rows are a few numbers long, too
        // short for a call to memcpy to pay.
        for (&e, row) in self.batch_indices.iter().zip(inputs.chunks_exact_mut(n_in)) {
            for (d, &s) in row.iter_mut().zip(data.input(e)) {
                *d = s;
            }
        }
        for (&e, row) in self.batch_indices.iter().zip(targets.chunks_exact_mut(n_out)) {
            for (d, &s) in row.iter_mut().zip(data.target(e)) {
                *d = s;
            }
        }
    }

    /// Runs the next batch forward and backward without updating anything, so
    /// that the trace and gradients show where training stands.
    pub fn preview(&mut self, network: &Network, data: &Examples) {
        self.load_batch(data);
        network.forward(&mut self.trace);
        let s = self.settings;
        network.backward(&self.trace, self.loss, s.regularization, &mut self.grads, false);
    }

    /// Trains on the next batch: forward, backward, one optimizer step.
    pub fn train_batch(&mut self, network: &mut Network, data: &Examples) -> BatchOutcome {
        self.load_batch(data);
        network.forward(&mut self.trace);
        let s = self.settings;
        network.backward(&self.trace, self.loss, s.regularization, &mut self.grads, false);
        self.apply_update(network)
    }

    /// The update step of a batch whose gradients are computed: adds the
    /// batch to the health statistics, clips the gradients if set, moves the
    /// parameters and advances the counters.
    pub fn apply_update(&mut self, network: &mut Network) -> BatchOutcome {
        let lr = self.learning_rate();
        let n_weights = network.layout().n_weights();
        let norm = health::global_norm(self.grads.grad_params());
        // CG and the evolution strategy take no gradient step to clip.
        let max_norm = self.settings.clip_norm.filter(|_| !self.settings.optimizer.searches());
        let scale = max_norm.and_then(|max| health::clip_scale(norm, max));
        self.clipping = Clipping { norm, max_norm, scale };
        self.health.add_batch(network, &self.trace, &self.grads, lr, norm, scale.is_some());
        let (grads, regularization) = match scale {
            // The penalty's share of the update is scaled with the rest.
            Some(scale) => {
                let g = self.grads.grad_params();
                for (c, &g) in self.clipped_grads.iter_mut().zip(g) {
                    *c = g * scale;
                }
                let r = self.settings.regularization;
                (&self.clipped_grads[..], Regularization { lambda: r.lambda * scale, ..r })
            }
            None => (self.grads.grad_params(), self.settings.regularization),
        };
        let finite = if self.settings.optimizer.searches() {
            search::step(
                &mut self.optimizer,
                &mut self.search,
                network,
                &self.trace,
                &self.grads,
                self.loss,
                regularization,
                lr,
                self.seed,
                &mut self.update,
            )
        } else {
            self.optimizer.step(
                network.params_mut(),
                grads,
                n_weights,
                regularization,
                lr,
                &mut self.update,
            )
        };
        let examples = self.trace.len();
        let p = &mut self.progress;
        p.cursor += examples;
        p.examples += examples as u64;
        p.batches += 1;
        let epoch_ended = p.cursor >= p.order.len();
        if epoch_ended {
            p.cursor = 0;
            p.epochs += 1;
            self.start_epoch();
        }
        BatchOutcome { examples, epoch_ended, finite }
    }

    /// The trace and gradients buffers, for code that runs the passes itself (the stepper).
    pub fn buffers_mut(&mut self) -> (&mut Trace, &mut Gradients) {
        (&mut self.trace, &mut self.grads)
    }
}

//! Stepping through one batch, phase by phase: forward layer by layer (z,
//! then a), the loss, backward layer by layer (δ, then ∂L/∂W and ∂L/∂b), and
//! the update. Every phase runs the engine's own code on the trainer's own
//! buffers, in the order training runs it, so a batch stepped through leaves
//! the parameters bit-identical to the same batch trained at once.

use serde::Serialize;

use super::{Checkpoint, Session};
use crate::error::{Error, Result};

/// How many earlier batches stepping can go back to.
const EARLIER_BATCHES: usize = 32;

/// One phase of a batch. Layers count from 0 (the first hidden layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Phase {
    /// z = W a_prev + b for every example of the batch.
    ForwardZ { layer: usize },
    /// a = f(z).
    ForwardA { layer: usize },
    /// The batch's loss (data and penalty), and each example's.
    Loss,
    /// δ = ∂L/∂z: from the loss for the output layer, else (Wᵀ δ_next) ⊙ f'(z).
    BackwardDelta { layer: usize },
    /// ∂L/∂W = Σ δ a_prevᵀ (+ the penalty's) and ∂L/∂b = Σ δ.
    BackwardParams { layer: usize },
    /// The optimizer's step.
    Update,
}

/// The phases of a batch through a network of `layers` layers, in order.
pub fn plan(layers: usize) -> Vec<Phase> {
    let mut phases = Vec::with_capacity(4 * layers + 2);
    for layer in 0..layers {
        phases.push(Phase::ForwardZ { layer });
        phases.push(Phase::ForwardA { layer });
    }
    phases.push(Phase::Loss);
    for layer in (0..layers).rev() {
        phases.push(Phase::BackwardDelta { layer });
        phases.push(Phase::BackwardParams { layer });
    }
    phases.push(Phase::Update);
    phases
}

/// The loss of the batch being stepped through.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchLoss {
    /// The mean data loss.
    pub data: f64,
    /// The penalty term.
    pub regularization: f64,
    /// Each example's own loss (their mean is `data`).
    pub examples: Vec<f64>,
}

/// Where stepping through a batch stands.
#[derive(Debug, Clone)]
pub struct Stepper {
    plan: Vec<Phase>,
    done: usize,
    /// The run as it was before this batch.
    before: Checkpoint,
    /// The starts of earlier batches stepped through, oldest first.
    earlier: Vec<Checkpoint>,
    loss: Option<BatchLoss>,
}

impl Stepper {
    pub fn plan(&self) -> &[Phase] {
        &self.plan
    }

    /// How many phases of the batch are done (the plan's length once the
    /// update is done).
    pub fn done(&self) -> usize {
        self.done
    }

    /// True once the batch's update is done.
    pub fn complete(&self) -> bool {
        self.done == self.plan.len()
    }

    /// The run before this batch (its parameters and optimizer state).
    pub fn before(&self) -> &Checkpoint {
        &self.before
    }

    /// The batch loss, once the loss phase is done.
    pub fn loss(&self) -> Option<&BatchLoss> {
        self.loss.as_ref()
    }
}

/// How far [`Session::run_to`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Through the backward pass: every number of the batch, before the update.
    Backward,
    /// Through the update: the batch done.
    Batch,
    /// To the end of the epoch.
    Epoch,
}

impl Until {
    /// `"backward"`, `"batch"` or `"epoch"`.
    pub fn from_name(name: &str) -> Result<Until> {
        match name {
            "backward" => Ok(Until::Backward),
            "batch" => Ok(Until::Batch),
            "epoch" => Ok(Until::Epoch),
            other => Err(Error::invalid("until", other, "\"backward\", \"batch\" or \"epoch\"")),
        }
    }
}

impl Session {
    /// Where stepping stands, if a batch is being stepped through.
    pub fn stepper(&self) -> Option<&Stepper> {
        self.stepper.as_ref()
    }

    /// Runs the next phase and returns it. After a batch's update the next
    /// call starts the next batch.
    pub fn step_phase(&mut self) -> Result<Phase> {
        if self.diverged {
            return Err(Error::invalid(
                "step",
                "after divergence",
                "going back to the last finite state first",
            ));
        }
        let stepper = match self.stepper.take() {
            Some(mut s) if s.complete() => {
                s.earlier.push(std::mem::replace(&mut s.before, self.checkpoint()));
                if s.earlier.len() > EARLIER_BATCHES {
                    s.earlier.remove(0);
                }
                s.done = 0;
                s.loss = None;
                self.trainer.load_batch(&self.train);
                s
            }
            Some(s) => s,
            None => {
                self.trainer.load_batch(&self.train);
                Stepper {
                    plan: plan(self.network.layout().layers()),
                    done: 0,
                    before: self.checkpoint(),
                    earlier: Vec::new(),
                    loss: None,
                }
            }
        };
        let phase = stepper.plan[stepper.done];
        self.stepper = Some(stepper);
        self.run_phase(phase);
        let stepper = self.stepper.as_mut().expect("just set");
        stepper.done += 1;
        Ok(phase)
    }

    /// Runs one phase on the trainer's buffers, with the engine's own code.
    fn run_phase(&mut self, phase: Phase) {
        let (loss, regularization) =
            (self.config.network.loss, self.config.training.regularization);
        match phase {
            Phase::ForwardZ { layer } => {
                let (trace, _) = self.trainer.buffers_mut();
                self.network.forward_z(layer, trace);
            }
            Phase::ForwardA { layer } => {
                let (trace, _) = self.trainer.buffers_mut();
                self.network.forward_a(layer, trace);
            }
            Phase::Loss => {
                let trace = self.trainer.trace();
                let last = self.network.layout().layers() - 1;
                let k = self.network.layout().outputs();
                let (z, a, y) = (trace.z(last), trace.a(last), trace.targets());
                let examples: Vec<f64> = (0..trace.len())
                    .map(|n| {
                        let row = n * k..(n + 1) * k;
                        loss.example_loss(&z[row.clone()], &a[row.clone()], &y[row])
                    })
                    .collect();
                let batch = BatchLoss {
                    data: self.network.data_loss(trace, loss),
                    regularization: regularization.value(self.network.all_weights()),
                    examples,
                };
                self.stepper.as_mut().expect("stepping").loss = Some(batch);
            }
            Phase::BackwardDelta { layer } => {
                let (trace, grads) = self.trainer.buffers_mut();
                self.network.backward_delta(layer, trace, loss, grads);
            }
            Phase::BackwardParams { layer } => {
                let (trace, grads) = self.trainer.buffers_mut();
                self.network.backward_params(layer, trace, regularization, grads);
            }
            Phase::Update => {
                let outcome = self.trainer.apply_update(&mut self.network);
                if !outcome.finite {
                    self.diverged = true;
                }
                if outcome.epoch_ended || !outcome.finite {
                    self.record_health();
                }
                if outcome.epoch_ended {
                    self.record_metrics();
                }
            }
        }
    }

    /// Undoes the last phase (going back into the previous batch from a
    /// batch's start). Returns false when there is nothing to go back to.
    pub fn back_phase(&mut self) -> Result<bool> {
        let Some(mut stepper) = self.stepper.take() else {
            return Ok(false);
        };
        let target = if stepper.done > 0 {
            stepper.done - 1
        } else if let Some(previous) = stepper.earlier.pop() {
            stepper.before = previous;
            stepper.plan.len() - 1
        } else {
            self.stepper = Some(stepper);
            return Ok(false);
        };
        // Back to the batch's start, then the phases before the target again:
        // every phase before the update is a pure function of the parameters
        // and the batch, so this recomputes exactly what was shown.
        let before = stepper.before.clone();
        self.restore(&before)?;
        self.trainer.load_batch(&self.train);
        stepper.done = 0;
        stepper.loss = None;
        self.stepper = Some(stepper);
        for _ in 0..target {
            let phase = self.stepper.as_ref().expect("stepping").plan
                [self.stepper.as_ref().expect("stepping").done];
            self.run_phase(phase);
            self.stepper.as_mut().expect("stepping").done += 1;
        }
        Ok(true)
    }

    /// Runs phases until the backward pass, the batch or the epoch is done.
    /// With no batch under way (or the last one complete) it starts the next.
    pub fn run_to(&mut self, until: Until) -> Result<()> {
        let epochs = self.trainer.progress().epochs;
        if self.stepper.as_ref().is_none_or(Stepper::complete) {
            self.step_phase()?;
        }
        loop {
            let stepper = self.stepper.as_ref().expect("stepping");
            let next = stepper.plan.get(stepper.done).copied();
            let stop = match until {
                Until::Backward => next.is_none_or(|p| p == Phase::Update),
                Until::Batch => next.is_none(),
                Until::Epoch => next.is_none() && self.trainer.progress().epochs > epochs,
            };
            if stop || self.diverged {
                return Ok(());
            }
            self.step_phase()?;
        }
    }
}

//! A moment of training to come back to: the parameters, the counters and
//! the optimizer's state. The timeline keeps one per epoch; stepping keeps
//! one per batch.

use crate::error::{Error, Result};
use crate::optimizer::OptimizerState;
use crate::rng::{self, Stream};
use crate::trainer::Progress;

use super::{Metrics, Session};

/// Everything needed to go back to a moment of training.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    params: Vec<f64>,
    progress: Progress,
    optimizer: OptimizerState,
}

impl Checkpoint {
    /// Training examples seen at that moment.
    pub fn examples(&self) -> u64 {
        self.progress.examples
    }

    /// Whole epochs at that moment.
    pub fn epoch(&self) -> u64 {
        self.progress.epochs
    }

    /// Roughly the memory it takes.
    pub fn bytes(&self) -> usize {
        let buffers: usize = self.optimizer.buffers().map(|(_, b)| b.len()).sum();
        8 * (self.params.len() + buffers + self.progress.order.len()) + 128
    }

    /// The parameters at that moment.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// The optimizer's state at that moment.
    pub fn optimizer(&self) -> &OptimizerState {
        &self.optimizer
    }

    /// The counters at that moment.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }
}

impl Session {
    /// A copy of the current state, to come back to with [`Session::restore`].
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            params: self.network.params().to_vec(),
            progress: self.trainer.progress().clone(),
            optimizer: self.trainer.optimizer().clone(),
        }
    }

    /// Goes back to a checkpoint of this network; the history after it is dropped.
    pub fn restore(&mut self, checkpoint: &Checkpoint) -> Result<()> {
        if checkpoint.params.len() != self.network.params().len() {
            return Err(Error::shape(
                "checkpoint parameters",
                self.network.params().len(),
                checkpoint.params.len(),
            ));
        }
        self.network.params_mut().copy_from_slice(&checkpoint.params);
        self.trainer.restore(&checkpoint.progress, &checkpoint.optimizer);
        // Taken before the points changed (drawn ones): the network and the
        // counters come back, and the epoch starts afresh over the points now.
        if checkpoint.progress.order.len() != self.train.len() {
            let shuffle = rng::stream(self.config.weight_seed(), Stream::Shuffle);
            self.trainer.set_data(&self.network, self.train.len(), shuffle);
        }
        // The history up to the checkpoint (by examples: thinning moves entries).
        let kept = self.history.partition_point(|m| m.examples <= checkpoint.examples());
        self.history.truncate(kept.max(1));
        self.truncate_health(checkpoint.examples());
        self.timeline.truncate_after(checkpoint.examples());
        self.diverged = false;
        self.stepper = None;
        if !self.history.last().is_some_and(Metrics::is_finite) {
            self.record_metrics();
        }
        self.preview();
        Ok(())
    }

    /// Goes back to the last state whose numbers were all finite (at the end
    /// of the last finite epoch, or the start).
    pub fn restore_last_finite(&mut self) -> Result<()> {
        let checkpoint = self.timeline.last().expect("the start is always on the timeline").clone();
        self.restore(&checkpoint)
    }
}

//! The run's gradient health: a record per epoch (and one for the part of an
//! epoch that ended in a NaN), thinned past 2,048 records (sooner than the metrics history), and the
//! diagnoses read from it.

use crate::diagnosis::{self, Diagnosis};
use crate::health::{self, HealthRecord, LayerHistograms};

use super::Session;

/// The most health records kept: a record holds every layer's statistics
/// (hundreds of bytes, against the metrics' 80), and the charts are a few
/// hundred pixels wide, so the history is thinned sooner than the metrics'
/// (the soak found 8,192 grew the wasm memory past its 10 %).
const MAX_HEALTH: usize = 2048;
/// The most recent records thinning keeps whole.
const KEEP_RECENT_HEALTH: usize = 512;

impl Session {
    /// Sums up the trainer's health since the last record and appends it
    /// (nothing when no batch ran since).
    pub(super) fn record_health(&mut self) {
        let Some(record) = self.trainer.finish_health(&self.network) else {
            return;
        };
        // Thinned before the push, so the history never outgrows its capacity.
        if self.health.len() == MAX_HEALTH {
            let older = self.health.len() - KEEP_RECENT_HEALTH;
            let mut index = 0;
            self.health.retain(|_| {
                let keep = index == 0 || index >= older || index % 2 == 0;
                index += 1;
                keep
            });
            self.health_thinned += 1;
        }
        self.health.push(record);
    }

    /// The gradient health after every epoch (thinned when long).
    pub fn health(&self) -> &[HealthRecord] {
        &self.health
    }

    /// How many times the health history has been thinned.
    pub fn health_thinned(&self) -> u64 {
        self.health_thinned
    }

    /// Drops the health records after `examples` (going back in time).
    pub(super) fn truncate_health(&mut self, examples: u64) {
        let kept = self.health.partition_point(|h| h.examples <= examples);
        self.health.truncate(kept);
    }

    /// Every layer's activations and δ in the trainer's batch, in `bins`
    /// bins: before training, the initialisation's (the coming batch at the
    /// initial weights); after, the last batch trained.
    pub fn batch_histograms(&self, bins: usize) -> Vec<LayerHistograms> {
        health::batch_histograms(self.trainer.trace(), self.trainer.gradients(), bins)
    }

    /// What the health and loss histories say is wrong, if anything.
    pub fn diagnoses(&self) -> Vec<Diagnosis> {
        diagnosis::diagnose(&self.health, &self.history, self.diverged)
    }
}

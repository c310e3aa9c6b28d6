//! The timeline: checkpoints of a run taken at every epoch's end, to look
//! back at or resume from. Memory is capped: when the checkpoints outgrow
//! it, the older part is thinned (every other one dropped) while the start
//! and the most recent ones stay.

use crate::session::Checkpoint;

/// The most recent checkpoints, which thinning never touches.
const KEEP_RECENT: usize = 100;
/// The default memory budget, in bytes.
pub const DEFAULT_BUDGET: usize = 32 << 20;

/// Checkpoints in the order they were taken.
#[derive(Debug, Clone)]
pub struct Timeline {
    entries: Vec<Checkpoint>,
    bytes: usize,
    budget: usize,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline::with_budget(DEFAULT_BUDGET)
    }
}

impl Timeline {
    /// An empty timeline that keeps its checkpoints within `budget` bytes.
    pub fn with_budget(budget: usize) -> Timeline {
        Timeline { entries: Vec::new(), bytes: 0, budget }
    }

    pub fn entries(&self) -> &[Checkpoint] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The memory the checkpoints take, roughly.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The last checkpoint.
    pub fn last(&self) -> Option<&Checkpoint> {
        self.entries.last()
    }

    /// Adds a checkpoint; one at the same point of training as the last one
    /// replaces it. Thins the older part when over budget.
    pub fn push(&mut self, checkpoint: Checkpoint) {
        if self.entries.last().is_some_and(|last| last.examples() == checkpoint.examples()) {
            let last = self.entries.pop().expect("checked");
            self.bytes -= last.bytes();
        }
        self.bytes += checkpoint.bytes();
        self.entries.push(checkpoint);
        while self.bytes > self.budget && self.entries.len() > KEEP_RECENT + 2 {
            self.thin();
        }
    }

    /// Drops every other checkpoint of the older part, keeping the first.
    fn thin(&mut self) {
        let older = self.entries.len() - KEEP_RECENT;
        let mut index = 0;
        let mut freed = 0;
        self.entries.retain(|c| {
            let keep = index >= older || index % 2 == 0;
            index += 1;
            if !keep {
                freed += c.bytes();
            }
            keep
        });
        self.bytes -= freed;
    }

    /// Forgets every checkpoint taken after `examples` training examples.
    pub fn truncate_after(&mut self, examples: u64) {
        while self.entries.last().is_some_and(|c| c.examples() > examples) {
            let last = self.entries.pop().expect("checked");
            self.bytes -= last.bytes();
        }
    }

    /// Forgets everything (a new network shape makes old checkpoints unusable).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}

//! The timeline: checkpoints of a run taken at every epoch's end, to look
//! back at or resume from. Memory is capped: when the checkpoints outgrow
//! it, the older part is thinned (every other one dropped) while the start
//! and the most recent ones stay.

use crate::error::{Error, Result};

use super::{Checkpoint, Session};

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

    /// Sets the memory budget, thinning at once when over it (the most
    /// recent checkpoints stay whatever the budget).
    pub fn set_budget(&mut self, budget: usize) {
        self.budget = budget;
        while self.bytes > self.budget && self.entries.len() > KEEP_RECENT + 2 {
            self.thin();
        }
    }

    /// The memory budget, in bytes.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Forgets everything (a new network shape makes old checkpoints unusable).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}

impl Session {
    /// The checkpoints of this run (the start and every epoch's end).
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Sets the timeline's memory budget (a race's copies keep a small one).
    pub fn set_timeline_budget(&mut self, budget: usize) {
        self.timeline.set_budget(budget);
    }

    /// The run as it was at timeline entry `index`: a copy of this session
    /// put back to that moment, whose future (history and timeline after it)
    /// is gone. Continuing to train it replaces that future.
    pub fn at(&self, index: usize) -> Result<Session> {
        let checkpoint = self.timeline.entries().get(index).ok_or_else(|| {
            Error::invalid(
                "timeline entry",
                index,
                format!("an index below {}", self.timeline.len()),
            )
        })?;
        let mut past = self.clone();
        past.restore(checkpoint)?;
        Ok(past)
    }
}

/// A run and the moment of it on screen: the present, or a past moment of
/// its timeline being looked at. Reads go to the moment shown; anything that
/// changes the run goes to [`TimeTravel::present`], which makes a past moment
/// looked at the present (its future is replaced).
#[derive(Debug, Clone)]
pub struct TimeTravel {
    session: Session,
    /// The timeline index looked at, with the run as it was then.
    past: Option<(usize, Session)>,
    /// The present a past moment replaced, until something else changes
    /// the run: the future the user may still want back.
    replaced: Option<Session>,
}

impl TimeTravel {
    pub fn new(session: Session) -> TimeTravel {
        TimeTravel { session, past: None, replaced: None }
    }

    /// The run on screen: the past moment looked at, or the present.
    pub fn shown(&self) -> &Session {
        self.past.as_ref().map_or(&self.session, |(_, s)| s)
    }

    /// The run on screen, for what changes nothing of its course (e.g. the
    /// grid's buffers).
    pub fn shown_mut(&mut self) -> &mut Session {
        match &mut self.past {
            Some((_, s)) => s,
            None => &mut self.session,
        }
    }

    /// The present, for anything that changes the run: a past moment being
    /// looked at becomes the present, and its future is gone.
    pub fn present(&mut self) -> &mut Session {
        if let Some((_, past)) = self.past.take() {
            self.replaced = Some(std::mem::replace(&mut self.session, past));
        }
        &mut self.session
    }

    /// The epoch of the future that continuing from a past moment replaced,
    /// while it can still be brought back.
    pub fn replaced(&self) -> Option<u64> {
        self.replaced.as_ref().map(|s| s.trainer().progress().epochs)
    }

    /// Brings back the future that continuing from a past moment replaced
    /// (what was trained since is dropped); false if there is none.
    pub fn undo_replace(&mut self) -> bool {
        match self.replaced.take() {
            Some(future) => {
                self.session = future;
                self.past = None;
                true
            }
            None => false,
        }
    }

    /// Forgets the replaced future (the user kept the new one).
    pub fn keep_present(&mut self) {
        self.replaced = None;
    }

    /// The present's timeline (looking back does not shorten it).
    pub fn timeline(&self) -> &Timeline {
        self.session.timeline()
    }

    /// The present's metrics history.
    pub fn history(&self) -> &[super::Metrics] {
        self.session.history()
    }

    /// How many times the present's history was thinned.
    pub fn history_thinned(&self) -> u64 {
        self.session.history_thinned()
    }

    /// The present's gradient health history.
    pub fn health(&self) -> &[crate::health::HealthRecord] {
        self.session.health()
    }

    /// How many times the present's health history was thinned.
    pub fn health_thinned(&self) -> u64 {
        self.session.health_thinned()
    }

    /// What the present's histories say is wrong.
    pub fn diagnoses(&self) -> Vec<crate::diagnosis::Diagnosis> {
        self.session.diagnoses()
    }

    /// Looks at timeline entry `index`; the present is kept until something
    /// changes the run.
    pub fn view_at(&mut self, index: usize) -> Result<()> {
        let past = self.session.at(index)?;
        self.past = Some((index, past));
        Ok(())
    }

    /// Back to the present.
    pub fn view_present(&mut self) {
        self.past = None;
    }

    /// The timeline index looked at, or `None` for the present.
    pub fn viewing(&self) -> Option<usize> {
        self.past.as_ref().map(|(i, _)| *i)
    }
}

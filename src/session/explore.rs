//! The loss landscape and the sharpness of the run's current point, computed
//! on demand from the network, the training set and the timeline (nothing
//! of training changes).

use crate::error::{Error, Result};
use crate::landscape::{self, Basis, Directions, PathCurve, Plane, Run};
use crate::sharpness::{self, Objective, Sharpness, StepFit};

use super::Session;

impl Session {
    fn run(&self) -> Run<'_> {
        Run { network: &self.network, data: &self.train, loss: self.config.network.loss }
    }

    /// The checkpoints of the timeline and the current point (last, unless
    /// the last checkpoint is it), with their epochs.
    fn path(&self) -> Vec<(u64, &[f64])> {
        let mut path: Vec<(u64, &[f64])> =
            self.timeline.entries().iter().map(|c| (c.epoch(), c.params())).collect();
        let current = self.network.params();
        if path.last().is_none_or(|(_, p)| *p != current) {
            path.push((self.trainer.progress().epochs, current));
        }
        path
    }

    /// The training loss over a plane through the current weights
    /// (`resolution` points a side; `range` the largest |α| and |β|, or
    /// `None` to fit the projected path), with the path projected onto it.
    pub fn landscape(
        &self,
        directions: Directions,
        resolution: usize,
        range: Option<f64>,
    ) -> Result<Plane> {
        let theta = self.network.params();
        let layout = self.network.layout();
        let path = self.path();
        let basis: Basis = match directions {
            Directions::Random { seed } => landscape::random_basis(layout, theta, seed),
            Directions::Path => {
                let points: Vec<&[f64]> = path.iter().map(|(_, p)| *p).collect();
                landscape::path_basis(&points, theta)?
            }
            Directions::Weights { first, second } => {
                landscape::weights_basis(layout.n_params(), first, second)?
            }
        };
        let range = match (range, directions) {
            (Some(r), _) => r,
            (None, Directions::Random { .. }) => 1.0,
            (None, _) => {
                let projected: Vec<landscape::PathPoint> = path
                    .iter()
                    .map(|&(epoch, p)| {
                        let (alpha, beta) = landscape::project(&basis, theta, p);
                        landscape::PathPoint { epoch, alpha, beta }
                    })
                    .collect();
                landscape::auto_range(&projected)
            }
        };
        landscape::plane(&self.run(), &basis, directions, resolution, range, &path)
    }

    /// The training loss on the straight line from the first checkpoint's
    /// weights to the current ones, and a little beyond.
    pub fn landscape_path(&self) -> PathCurve {
        let first = self.timeline.entries().first();
        let (initial, epoch) = match first {
            Some(c) => (c.params(), c.epoch()),
            None => (self.network.params(), self.trainer.progress().epochs),
        };
        landscape::path_curve(&self.run(), initial, epoch)
    }

    /// The largest eigenvalue of the training objective's Hessian at the
    /// current weights, beside 2/η for the next step's learning rate.
    pub fn sharpness(&self, seed: u64) -> Sharpness {
        let objective = Objective {
            data: &self.train,
            loss: self.config.network.loss,
            regularization: self.config.training.regularization,
        };
        let lr = self.trainer.learning_rate();
        sharpness::sharpness(&self.network, objective, seed, lr)
    }

    /// Where the last optimizer step landed on the parabola fitted along it.
    pub fn last_step_fit(&self) -> Result<StepFit> {
        let update = self.trainer.update();
        if update.step == 0 || update.delta.iter().all(|d| *d == 0.0) {
            return Err(Error::invalid(
                "last step",
                "none",
                "a step taken: train at least one batch from here",
            ));
        }
        let run = self.run();
        Ok(sharpness::step_fit(run.network, run.data, run.loss, &update.delta))
    }
}

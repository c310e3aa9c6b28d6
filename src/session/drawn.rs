//! A run on points the user drew on the plane (or took over from a
//! generated set to edit): every point checked against the config's kind of
//! data, the points split by a hash of each one (so drawing or erasing a
//! point moves at most one other between the sets), and new points put
//! under a running network, which keeps its weights and optimizer.

use crate::config::{Config, MAX_SAMPLES};
use crate::dataset::{EXTENT, Labels, Points};
use crate::error::{Error, Result};
use crate::rng::{self, Stream};

use super::{Session, encode};

/// What the plane allows of each number of a drawn point.
const IN_PLANE: &str = "a number from −6 to 6 (the plane shown)";

/// Drawn points from the page's numbers: `coords` holds the config's data
/// set's coordinates per point (x1, or x1 and x2), `labels` one number a
/// point, its class (0, 1, …) or, for a value to predict, the value. Errors
/// name the point (from 1, as the page's table counts) and the number. A
/// set too small to train on passes here; [`check_trainable`] says so.
pub fn points_for(config: &Config, coords: &[f64], labels: &[f64]) -> Result<Points> {
    let dims = config.data.dataset.dims();
    if coords.len() != labels.len() * dims {
        return Err(Error::shape("point coordinates", labels.len() * dims, coords.len()));
    }
    if labels.len() > MAX_SAMPLES {
        return Err(Error::invalid(
            "points",
            labels.len(),
            format!("at most {MAX_SAMPLES} points"),
        ));
    }
    let in_plane = |v: f64| v.is_finite() && v.abs() <= EXTENT;
    for (i, point) in coords.chunks(dims).enumerate() {
        for (d, &v) in point.iter().enumerate() {
            if !in_plane(v) {
                return Err(Error::invalid(format!("point {}, x{}", i + 1, d + 1), v, IN_PLANE));
            }
        }
    }
    let labels = match config.data.dataset.class_count(config.data.classes) {
        Some(count) => {
            let mut of = Vec::with_capacity(labels.len());
            for (i, &c) in labels.iter().enumerate() {
                if !(c >= 0.0 && c.fract() == 0.0 && c < count as f64) {
                    return Err(Error::invalid(
                        format!("point {}, class", i + 1),
                        c,
                        format!("one of the {count} classes, 0 to {}", count - 1),
                    ));
                }
                of.push(c as usize);
            }
            Labels::Classes { count, of }
        }
        None => {
            if let Some(i) = labels.iter().position(|&v| !in_plane(v)) {
                let what = format!("point {}, value", i + 1);
                return Err(Error::invalid(what, labels[i], IN_PLANE));
            }
            Labels::Values(labels.to_vec())
        }
    };
    Ok(Points { dims, coords: coords.to_vec(), labels })
}

/// Each point's label as a number: its class, or its value.
pub fn label_numbers(points: &Points) -> Vec<f64> {
    match &points.labels {
        Labels::Classes { of, .. } => of.iter().map(|&c| c as f64).collect(),
        Labels::Values(values) => values.clone(),
    }
}

/// Points the network can learn from: at least one, and of at least two
/// classes when they have classes.
pub fn check_trainable(points: &Points) -> Result<()> {
    if points.is_empty() {
        return Err(Error::invalid("points", "none", "at least one point to train on"));
    }
    if let Labels::Classes { of, .. } = &points.labels
        && of.iter().all(|&c| c == of[0])
    {
        return Err(Error::invalid(
            "points",
            "all of one class",
            "points of at least two classes to tell apart",
        ));
    }
    Ok(())
}

/// SplitMix64's finalizer: every bit of the input moves every bit of the output.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Drawn points' training and test sets, each in drawing order: the points
/// ranked by a hash of the seed and the point's own numbers, the first
/// `round(len · train_fraction)` (at least one) for training. A point's
/// rank does not depend on the others, so drawing or erasing one point
/// moves at most one other between the sets.
pub fn split(points: &Points, train_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let labels = label_numbers(points);
    let key = |i: usize| {
        let coords = points.point(i).iter().map(|v| v.to_bits());
        let numbers = coords.chain([labels[i].to_bits()]);
        numbers.fold(mix(seed ^ Stream::Split as u64), |h, bits| mix(h ^ bits))
    };
    let n = points.len();
    let mut ranked: Vec<usize> = (0..n).collect();
    // Equal points tie: drawing order decides, which erasing another keeps.
    ranked.sort_by_cached_key(|&i| (key(i), i));
    let train = ((n as f64 * train_fraction).round() as usize).clamp(1.min(n), n);
    let mut test = ranked.split_off(train);
    ranked.sort_unstable();
    test.sort_unstable();
    (ranked, test)
}

impl Session {
    /// A fresh run on drawn points (see [`points_for`]), split by [`split`]
    /// and encoded with the config's features. Errors if they do not fit
    /// the config's data or cannot be trained on.
    pub fn with_points(config: Config, points: Points) -> Result<Session> {
        config.validate()?;
        let points = refit(&config, &points)?;
        check_trainable(&points)?;
        let (train_idx, test_idx) = split(&points, config.data.train_fraction, config.seed);
        let (train, test) = encode(&config, &points, &train_idx, &test_idx);
        let mut session = Session::build(config, train, test)?;
        session.points = Some(points);
        session.drawn = true;
        Ok(session)
    }

    /// True when the run's points are the user's (drawn or edited).
    pub fn drawn(&self) -> bool {
        self.drawn
    }

    /// The points as [`Session::set_points`] would take them, or the error
    /// it would give: they must fit the config's data and be trainable, and
    /// the run must be on the plane (not a table's columns).
    pub fn accept_points(&self, points: &Points) -> Result<Points> {
        if self.points.is_none() || self.table.is_some() {
            return Err(Error::invalid(
                "points",
                "drawn on a table's data",
                "a generated data set's plane: choose one to draw on",
            ));
        }
        let points = refit(&self.config, points)?;
        check_trainable(&points)?;
        Ok(points)
    }

    /// Puts new points under the running network: the network and the
    /// optimizer's state stay, the counters go on, and the coming epoch
    /// starts afresh over the new training set (in the shuffle stream's
    /// first order, so a model file can replay it); the metrics are
    /// measured on the new points. On an error nothing changes.
    pub fn set_points(&mut self, points: Points) -> Result<()> {
        let points = self.accept_points(&points)?;
        let c = &self.config;
        let (train_idx, test_idx) = split(&points, c.data.train_fraction, c.seed);
        (self.train, self.test) = encode(c, &points, &train_idx, &test_idx);
        self.points = Some(points);
        self.drawn = true;
        self.restart_epoch();
        Ok(())
    }

    /// After the training set changed: a fresh epoch over it, and the
    /// metrics measured.
    pub(super) fn restart_epoch(&mut self) {
        let shuffle = rng::stream(self.config.weight_seed(), Stream::Shuffle);
        self.trainer.set_data(&self.network, self.train.len(), shuffle);
        self.record_metrics();
        self.preview();
    }
}

/// Points made to fit a config's data: its dimensions, and its classes (or
/// values); an error names the first point that does not fit.
pub fn refit(config: &Config, points: &Points) -> Result<Points> {
    if points.dims != config.data.dataset.dims() {
        return Err(Error::invalid(
            "points",
            format!("points of {} coordinates", points.dims),
            format!(
                "points of {} for the {} data set",
                config.data.dataset.dims(),
                config.data.dataset.name()
            ),
        ));
    }
    let classes = matches!(points.labels, Labels::Classes { .. });
    if classes != config.data.dataset.class_count(config.data.classes).is_some() {
        let (have, want) = if classes { ("classes", "values") } else { ("values", "classes") };
        return Err(Error::invalid(
            "points",
            format!("points with {have}"),
            format!("points with {want}, as the {} data set has", config.data.dataset.name()),
        ));
    }
    points_for(config, &points.coords, &label_numbers(points))
}

//! Diagnoses: what the gradient health and loss histories say is wrong, each
//! in one sentence naming the numbers it rests on, the chart that shows them,
//! and one-click remedies (changes of a setting that keep the rest).
//!
//! Pure functions of the histories, so they are tested natively and never
//! touch training.

use serde::Serialize;

use crate::health::HealthRecord;
use crate::session::Metrics;

/// Epochs a condition must hold in a row before it is diagnosed.
pub const EPOCHS_IN_A_ROW: usize = 3;
/// The first layer's ∂L/∂W RMS this many times below the last's is vanishing.
pub const VANISHING_FACTOR: f64 = 1e3;
/// The largest gradient norm grew by this factor before a NaN: exploding.
pub const EXPLODING_FACTOR: f64 = 10.0;
/// Saturated share of a layer's activations that is diagnosed.
pub const SATURATED_SHARE: f64 = 0.9;
/// Dead share of a ReLU layer's neurons that is diagnosed.
pub const DEAD_SHARE: f64 = 0.5;
/// Epochs over which the loss is compared for a flat loss.
pub const FLAT_EPOCHS: usize = 20;
/// Relative change of the loss below which it is flat.
pub const FLAT_CHANGE: f64 = 0.01;

/// What kind of trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vanishing,
    Exploding,
    Saturated,
    DeadRelu,
    FlatLoss,
}

/// A change of one setting that may help; the page applies it keeping the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Every hidden layer ReLU, with He initialisation.
    ReluHe,
    /// Every hidden layer tanh, with Xavier initialisation.
    TanhXavier,
    /// Every hidden layer leaky ReLU.
    LeakyRelu,
    /// Half as many hidden layers.
    FewerLayers,
    /// Adam at its usual rate.
    Adam,
    /// A learning rate ten times lower.
    LowerLearningRate,
    /// Clipping the gradients' global norm to 1.
    Clip,
    /// A learning rate ten times higher.
    HigherLearningRate,
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    pub kind: Kind,
    /// One sentence, with the numbers it rests on.
    pub message: String,
    /// The layers concerned (counted from 0), if any.
    pub layers: Vec<usize>,
    /// The health chart (or `loss`) that shows it: a [`HealthRecord`]
    /// quantity's name.
    pub chart: &'static str,
    pub remedies: Vec<Remedy>,
}

/// A number as the page writes numbers: three significant digits, a true
/// minus sign, and outside 0.001 to 9999 as `1.42 × 10⁻⁸`.
pub fn number(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}").replace('-', "−");
    }
    let mut exponent = v.abs().log10().floor() as i32;
    let text = if (-3..4).contains(&exponent) {
        let decimals = (2 - exponent).max(0) as usize;
        format!("{v:.decimals$}")
    } else {
        let mut mantissa = v / 10f64.powi(exponent);
        // 9.996 × 10⁵ rounds to 10.00: write it 1.00 × 10⁶.
        if (mantissa.abs() * 100.0).round() >= 1000.0 {
            exponent += 1;
            mantissa /= 10.0;
        }
        const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let power: String = exponent
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).map_or('⁻', |d| DIGITS[d as usize]))
            .collect();
        format!("{mantissa:.2} × 10{power}")
    };
    text.replace('-', "−")
}

/// Layers counted from 1, as the page names them: "layers 1–3" or "layer 2".
fn layer_span(first: usize, last: usize) -> String {
    if first == last {
        format!("layer {}", first + 1)
    } else {
        format!("layers {}–{}", first + 1, last + 1)
    }
}

/// "layer 2" or "layers 2, 3".
fn layer_list(names: &[String]) -> String {
    match names {
        [one] => format!("layer {one}"),
        _ => format!("layers {}", names.join(", ")),
    }
}

/// " (2 switched off, not counted)" when a layer has switched-off neurons
/// (left out of its shares), else nothing.
fn not_counted(off: usize) -> String {
    if off == 0 { String::new() } else { format!(" ({off} switched off, not counted)") }
}

/// The last `n` records, if there are that many.
fn last_n(health: &[HealthRecord], n: usize) -> Option<&[HealthRecord]> {
    health.len().checked_sub(n).map(|start| &health[start..])
}

/// The first layer's ∂L/∂W RMS below the last's by more than
/// [`VANISHING_FACTOR`] for [`EPOCHS_IN_A_ROW`] epochs.
fn vanishing(health: &[HealthRecord]) -> Option<Diagnosis> {
    let recent = last_n(health, EPOCHS_IN_A_ROW)?;
    let vanished = |r: &HealthRecord| {
        let (first, last) = (r.layers.first()?, r.layers.last()?);
        (r.layers.len() > 1 && first.weight_grad_rms * VANISHING_FACTOR < last.weight_grad_rms)
            .then_some(())
    };
    recent.iter().try_for_each(vanished)?;
    let now = recent.last()?;
    let last = now.layers.last()?.weight_grad_rms;
    // Every leading layer below the last by the factor.
    let below = now.layers.iter().take_while(|l| l.weight_grad_rms * VANISHING_FACTOR < last);
    let count = below.count();
    let first = now.layers[0].weight_grad_rms;
    let times = if first > 0.0 { format!("{} times", number(last / first)) } else { "far".into() };
    Some(Diagnosis {
        kind: Kind::Vanishing,
        message: format!(
            "Vanishing gradients in {}: the first layer's ∂L/∂W RMS is {}, {times} \
             smaller than the last layer's {}, for {} epochs, so the first layers barely learn.",
            layer_span(0, count - 1),
            number(first),
            number(last),
            EPOCHS_IN_A_ROW,
        ),
        layers: (0..count).collect(),
        chart: "weight_grad_rms",
        remedies: vec![Remedy::ReluHe, Remedy::TanhXavier, Remedy::FewerLayers, Remedy::Adam],
    })
}

/// Training stopped on a NaN after the largest gradient norm grew by more
/// than [`EXPLODING_FACTOR`] from the run's smallest.
fn exploding(health: &[HealthRecord], diverged: bool) -> Option<Diagnosis> {
    if !diverged {
        return None;
    }
    let finite: Vec<f64> =
        health.iter().map(|r| r.grad_norm_max).filter(|n| n.is_finite()).collect();
    let low = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let high = *finite.last()?;
    (low > 0.0 && high > EXPLODING_FACTOR * low).then(|| Diagnosis {
        kind: Kind::Exploding,
        message: format!(
            "Exploding gradients: the largest gradient norm grew from {} to {} ({} times) \
             before a number became NaN or infinite.",
            number(low),
            number(high),
            number(high / low),
        ),
        layers: Vec::new(),
        chart: "grad_norm",
        remedies: vec![Remedy::LowerLearningRate, Remedy::Clip],
    })
}

/// Hidden layers with more than [`SATURATED_SHARE`] of their activations
/// saturated for [`EPOCHS_IN_A_ROW`] epochs.
fn saturated(health: &[HealthRecord]) -> Option<Diagnosis> {
    let recent = last_n(health, EPOCHS_IN_A_ROW)?;
    let now = recent.last()?;
    let hidden = now.layers.len().saturating_sub(1);
    let layers: Vec<usize> = (0..hidden)
        .filter(|&l| {
            recent.iter().all(|r| {
                r.layers.get(l).and_then(|h| h.saturated).is_some_and(|s| s > SATURATED_SHARE)
            })
        })
        .collect();
    let &worst = layers.iter().max_by(|&&a, &&b| {
        let share = |l: usize| now.layers[l].saturated.unwrap_or(0.0);
        share(a).total_cmp(&share(b))
    })?;
    let names: Vec<String> = layers.iter().map(|l| (l + 1).to_string()).collect();
    Some(Diagnosis {
        kind: Kind::Saturated,
        message: format!(
            "Saturated units in {}: {} % of layer {}'s activations{} sit at the flat ends \
             of the curve, where its slope, and so the gradient through it, is nearly 0.",
            layer_list(&names),
            number(100.0 * now.layers[worst].saturated.unwrap_or(0.0)),
            worst + 1,
            not_counted(now.layers[worst].off),
        ),
        layers,
        chart: "saturated",
        remedies: vec![Remedy::ReluHe, Remedy::TanhXavier, Remedy::LowerLearningRate],
    })
}

/// ReLU layers with at least [`DEAD_SHARE`] of their neurons dead for
/// [`EPOCHS_IN_A_ROW`] epochs (of those switched on: a switched-off neuron
/// is the user's choice, not a dead one).
fn dead(health: &[HealthRecord]) -> Option<Diagnosis> {
    let recent = last_n(health, EPOCHS_IN_A_ROW)?;
    let now = recent.last()?;
    let layers: Vec<usize> = (0..now.layers.len())
        .filter(|&l| {
            recent
                .iter()
                .all(|r| r.layers.get(l).and_then(|h| h.dead).is_some_and(|d| d >= DEAD_SHARE))
        })
        .collect();
    let &first = layers.first()?;
    let names: Vec<String> = layers.iter().map(|l| (l + 1).to_string()).collect();
    Some(Diagnosis {
        kind: Kind::DeadRelu,
        message: format!(
            "Dead ReLUs in {}: {} % of layer {}'s neurons{} gave 0 for every example of \
             the last {} epochs, so no gradient reaches their weights.",
            layer_list(&names),
            number(100.0 * now.layers[first].dead.unwrap_or(0.0)),
            first + 1,
            not_counted(now.layers[first].off),
            EPOCHS_IN_A_ROW,
        ),
        layers,
        chart: "dead",
        remedies: vec![Remedy::LeakyRelu, Remedy::LowerLearningRate, Remedy::TanhXavier],
    })
}

/// The training loss moved by less than [`FLAT_CHANGE`] of itself over the
/// last [`FLAT_EPOCHS`] epochs while still above half its first value.
fn flat(history: &[Metrics]) -> Option<Diagnosis> {
    let first = history.first()?;
    let recent = history.len().checked_sub(FLAT_EPOCHS + 1).map(|s| &history[s..])?;
    let (then, now) = (recent.first()?.train_loss, recent.last()?.train_loss);
    let (low, high) = recent.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
        (lo.min(m.train_loss), hi.max(m.train_loss))
    });
    let still_high = now > 0.5 * first.train_loss && now > 0.0;
    (still_high && high - low < FLAT_CHANGE * now).then(|| Diagnosis {
        kind: Kind::FlatLoss,
        message: format!(
            "Flat loss: the training loss stayed between {} and {} for {} epochs (from {} to \
             {}), still above half its start {}.",
            number(low),
            number(high),
            FLAT_EPOCHS,
            number(then),
            number(now),
            number(first.train_loss),
        ),
        layers: Vec::new(),
        chart: "loss",
        remedies: vec![Remedy::HigherLearningRate, Remedy::Adam, Remedy::ReluHe],
    })
}

/// Every diagnosis the histories support, the most fundamental first. After
/// a divergence only the exploding gradients are named: the rest would
/// describe numbers already overflowing.
pub fn diagnose(health: &[HealthRecord], history: &[Metrics], diverged: bool) -> Vec<Diagnosis> {
    if diverged {
        return exploding(health, diverged).into_iter().collect();
    }
    [vanishing(health), saturated(health), dead(health), flat(history)]
        .into_iter()
        .flatten()
        .collect()
}

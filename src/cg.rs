//! Nonlinear conjugate gradient: Polak–Ribière with PR+ (β = max(0, β_PR)),
//! restarted every n iterations and whenever the direction does not descend,
//! with a line search satisfying the strong Wolfe conditions (Nocedal &
//! Wright, Numerical Optimization, Algorithms 3.5 and 3.6, cubic
//! interpolation, eq. 3.59). Generic over an [`Objective`], so the tests run
//! the very code the trainer runs on a network.

/// A function to minimise and its gradient.
pub trait Objective {
    /// f(x), with ∇f(x) written into `grad`.
    fn value_grad(&mut self, x: &[f64], grad: &mut [f64]) -> f64;
}

/// The line search's constants: sufficient decrease f(x + αd) ≤ f(x) + c₁α∇fᵀd,
/// and curvature |∇f(x + αd)ᵀd| ≤ c₂|∇fᵀd|, with 0 < c₁ < c₂ < 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wolfe {
    pub c1: f64,
    pub c2: f64,
}

/// Trials the bracketing phase makes before it gives up.
const MAX_BRACKET: u32 = 30;
/// Trials the zoom makes before it gives up.
const MAX_ZOOM: u32 = 30;

/// What the search and the iteration remember between iterations.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Memory {
    /// The last accepted step length (0 before any).
    pub alpha: f64,
    /// The last direction's slope ∇fᵀd at its start.
    pub slope: f64,
    /// Iterations since the last restart (a restart is iteration 0).
    pub since_restart: u64,
}

/// What one iteration did.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Iteration {
    /// The step length the line search accepted (0 if it found no decrease).
    pub alpha: f64,
    /// The Polak–Ribière β after PR+ (0 on a restart).
    pub beta: f64,
    /// True if the direction was reset to the steepest descent −∇f.
    pub restarted: bool,
    /// Evaluations of f and ∇f the line search made.
    pub evaluations: u32,
    /// f before and after the step.
    pub value_before: f64,
    pub value_after: f64,
    /// The slope ∇fᵀd at α = 0 and at the accepted α.
    pub slope_before: f64,
    pub slope_after: f64,
    /// True if the accepted step satisfies both strong Wolfe conditions.
    pub wolfe: bool,
}

/// The buffers an iteration works in (allocated once).
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    trial: Vec<f64>,
    trial_grad: Vec<f64>,
    best: Vec<f64>,
    best_grad: Vec<f64>,
}

impl Scratch {
    pub fn new(n: usize) -> Scratch {
        Scratch {
            trial: vec![0.0; n],
            trial_grad: vec![0.0; n],
            best: vec![0.0; n],
            best_grad: vec![0.0; n],
        }
    }

    /// The gradient at the point the last search accepted.
    pub fn accepted_grad(&self) -> &[f64] {
        &self.best_grad
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The minimiser of the cubic through (a, fa, sa) and (b, fb, sb) (eq. 3.59),
/// if it has one.
fn cubic_minimum(a: f64, fa: f64, sa: f64, b: f64, fb: f64, sb: f64) -> Option<f64> {
    let d1 = sa + sb - 3.0 * (fa - fb) / (a - b);
    let radicand = d1 * d1 - sa * sb;
    if radicand < 0.0 {
        return None;
    }
    let d2 = (b - a).signum() * radicand.sqrt();
    let alpha = b - (b - a) * (sb + d2 - d1) / (sb - sa + 2.0 * d2);
    alpha.is_finite().then_some(alpha)
}

/// A point on the line: α, φ(α) = f(x + αd) and φ'(α) = ∇f(x + αd)ᵀd.
#[derive(Debug, Clone, Copy)]
struct Point {
    alpha: f64,
    value: f64,
    slope: f64,
}

/// The line search along `d` from `x` (where f = `start.value`, φ'(0) =
/// `start.slope` < 0), first trying `first`. It leaves the accepted point and
/// its gradient in `scratch.best`/`best_grad` and returns it, whether it
/// satisfies both conditions, and the evaluations made.
struct Search<'a, O: Objective> {
    objective: &'a mut O,
    x: &'a [f64],
    d: &'a [f64],
    start: Point,
    wolfe: Wolfe,
    scratch: &'a mut Scratch,
    evaluations: u32,
}

impl<O: Objective> Search<'_, O> {
    fn evaluate(&mut self, alpha: f64) -> Point {
        let s = &mut *self.scratch;
        for ((t, &x), &d) in s.trial.iter_mut().zip(self.x).zip(self.d) {
            *t = x + alpha * d;
        }
        let value = self.objective.value_grad(&s.trial, &mut s.trial_grad);
        self.evaluations += 1;
        Point { alpha, value, slope: dot(&s.trial_grad, self.d) }
    }

    /// Keeps the last evaluated point as the accepted one.
    fn keep(&mut self) {
        let s = &mut *self.scratch;
        std::mem::swap(&mut s.trial, &mut s.best);
        std::mem::swap(&mut s.trial_grad, &mut s.best_grad);
    }

    fn decreases(&self, p: Point) -> bool {
        // Written so that a NaN value fails.
        p.value <= self.start.value + self.wolfe.c1 * p.alpha * self.start.slope
    }

    fn flat(&self, p: Point) -> bool {
        p.slope.abs() <= -self.wolfe.c2 * self.start.slope
    }

    /// Algorithm 3.5: brackets an acceptable step, then zooms in on it.
    fn run(&mut self, first: f64) -> (Point, bool) {
        let mut previous = self.start;
        let mut alpha = first;
        for i in 0..MAX_BRACKET {
            let p = self.evaluate(alpha);
            if !self.decreases(p) || (i > 0 && p.value >= previous.value) {
                return self.zoom(previous, p);
            }
            if self.flat(p) {
                self.keep();
                return self.refine(p);
            }
            if p.slope >= 0.0 {
                self.keep();
                return self.zoom(p, previous);
            }
            // Still descending: extrapolate, between 1.1 and 10 times as far.
            let guess = cubic_minimum(
                previous.alpha,
                previous.value,
                previous.slope,
                alpha,
                p.value,
                p.slope,
            );
            let next = guess.unwrap_or(4.0 * alpha).clamp(1.1 * alpha, 10.0 * alpha);
            previous = p;
            self.keep();
            alpha = next;
        }
        // No bracket found (f unbounded below along d?): the last decrease.
        (previous, false)
    }

    /// CG keeps its conjugacy only with near-exact searches: an acceptable
    /// `p` not yet at the line's minimum gets one secant step on φ' toward
    /// it (exact on a quadratic, and, using slopes alone, free of the
    /// cancellation in f's differences near a minimum), kept when it also
    /// satisfies both conditions and lowers f further.
    fn refine(&mut self, p: Point) -> (Point, bool) {
        if p.slope.abs() <= 1e-12 * self.start.slope.abs() {
            return (p, true);
        }
        let alpha = p.alpha * self.start.slope / (self.start.slope - p.slope);
        if alpha.is_nan() || alpha <= 0.0 || alpha > 10.0 * p.alpha {
            return (p, true);
        }
        let q = self.evaluate(alpha);
        if self.decreases(q) && self.flat(q) && q.value < p.value {
            self.keep();
            return (q, true);
        }
        (p, true)
    }

    /// Algorithm 3.6: `lo` satisfies sufficient decrease with the lowest f so
    /// far, and φ'(lo)(hi − lo) < 0; the acceptable steps lie between them.
    /// The best point holds `lo`'s values when lo > 0.
    fn zoom(&mut self, mut lo: Point, mut hi: Point) -> (Point, bool) {
        for _ in 0..MAX_ZOOM {
            let (low, high) = (lo.alpha.min(hi.alpha), lo.alpha.max(hi.alpha));
            let width = high - low;
            // The cubic's minimum, unless it falls near an end: then bisect.
            let alpha = cubic_minimum(lo.alpha, lo.value, lo.slope, hi.alpha, hi.value, hi.slope)
                .filter(|&a| a >= low + 0.1 * width && a <= high - 0.1 * width)
                .unwrap_or(0.5 * (low + high));
            let p = self.evaluate(alpha);
            if !self.decreases(p) || p.value >= lo.value {
                hi = p;
            } else {
                self.keep();
                if self.flat(p) {
                    return self.refine(p);
                }
                if p.slope * (hi.alpha - lo.alpha) >= 0.0 {
                    hi = lo;
                }
                lo = p;
            }
        }
        (lo, false)
    }
}

/// One iteration from `x`, where f = `value` and ∇f = `grad`: picks the
/// direction into `direction` (whose old value is the last direction),
/// searches along it and moves `x` by Δx = α·d, written into `delta`.
/// `prev_grad` holds the last iteration's gradient and gets this one's.
/// Restarts every `restart_every` iterations. If the search finds no
/// decrease, x stays and the next iteration restarts.
#[allow(clippy::too_many_arguments)]
pub fn iterate<O: Objective>(
    objective: &mut O,
    x: &mut [f64],
    value: f64,
    grad: &[f64],
    direction: &mut [f64],
    prev_grad: &mut [f64],
    memory: &mut Memory,
    wolfe: Wolfe,
    first_step: f64,
    restart_every: u64,
    delta: &mut [f64],
    scratch: &mut Scratch,
) -> Iteration {
    let fresh = memory.alpha == 0.0;
    let mut restarted = fresh || memory.since_restart + 1 >= restart_every.max(1);
    let mut beta = 0.0;
    if !restarted {
        // Polak–Ribière, clipped at 0 (PR+).
        let previous = dot(prev_grad, prev_grad);
        let pr =
            grad.iter().zip(prev_grad.iter()).map(|(g, p)| g * (g - p)).sum::<f64>() / previous;
        beta = if pr.is_finite() { pr.max(0.0) } else { 0.0 };
        for (d, &g) in direction.iter_mut().zip(grad) {
            *d = -g + beta * *d;
        }
        if dot(grad, direction) >= 0.0 {
            restarted = true;
        }
    }
    if restarted {
        beta = 0.0;
        for (d, &g) in direction.iter_mut().zip(grad) {
            *d = -g;
        }
    }
    let slope = dot(grad, direction);
    prev_grad.copy_from_slice(grad);
    let mut result = Iteration {
        beta,
        restarted,
        value_before: value,
        value_after: value,
        slope_before: slope,
        ..Iteration::default()
    };
    if slope.is_nan() || slope >= 0.0 {
        // A zero gradient: at a stationary point, nothing to do.
        delta.fill(0.0);
        *memory = Memory::default();
        return result;
    }
    // The first trial: the last step scaled by the change in slope (N&W
    // eq. 3.60), or `first_step` for a fresh start.
    let first = if fresh && first_step > 0.0 {
        first_step
    } else if fresh {
        // No learning rate to start from: a step of length 1 along −∇f.
        1.0 / (-slope).sqrt()
    } else {
        (memory.alpha * memory.slope / slope).min(100.0 * memory.alpha).max(1e-12)
    };
    let mut search = Search {
        objective,
        x: &*x,
        d: direction,
        start: Point { alpha: 0.0, value, slope },
        wolfe,
        scratch,
        evaluations: 0,
    };
    let (accepted, wolfe_ok) = search.run(first);
    result.evaluations = search.evaluations;
    if accepted.alpha > 0.0 && accepted.value < value {
        for ((d, x), &dir) in delta.iter_mut().zip(x.iter_mut()).zip(direction.iter()) {
            *d = accepted.alpha * dir;
            *x += *d;
        }
        result.alpha = accepted.alpha;
        result.value_after = accepted.value;
        result.slope_after = accepted.slope;
        result.wolfe = wolfe_ok;
        *memory = Memory {
            alpha: accepted.alpha,
            slope,
            since_restart: if restarted { 0 } else { memory.since_restart + 1 },
        };
    } else {
        delta.fill(0.0);
        *memory = Memory::default();
    }
    result
}

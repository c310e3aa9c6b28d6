//! Optimizers with PyTorch's update rules and defaults, and their state.
//!
//! Each step receives g = dL_total/dθ (data gradient plus the penalty's) and
//! updates every parameter elementwise. Besides moving the parameters it
//! records the update Δθ and the part of it that the regularization penalty
//! caused, so the page can show Δθ = data part + regularization part.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::math;
use crate::regularization::Regularization;

/// An optimizer and its constants (PyTorch's defaults unless changed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Optimizer {
    /// θ ← θ − η g (`torch.optim.SGD(lr)`).
    Sgd,
    /// v ← μ v + (1 − d) g (v = g at the first step); θ ← θ − η v
    /// (`SGD(lr, momentum=μ, dampening=d)`).
    Momentum { momentum: f64, dampening: f64 },
    /// v ← μ v + g; θ ← θ − η (g + μ v) (`SGD(lr, momentum=μ, nesterov=True)`).
    Nesterov { momentum: f64 },
    /// s ← α s + (1 − α) g²; θ ← θ − η g / (√s + ε) (`RMSprop`).
    Rmsprop { alpha: f64, eps: f64 },
    /// s ← s + g²; θ ← θ − η_t g / (√s + ε) with η_t = η / (1 + (t − 1) decay)
    /// (`Adagrad`; s starts at `initial_accumulator_value`, 0 by default).
    Adagrad { eps: f64, initial_accumulator_value: f64, lr_decay: f64 },
    /// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²;
    /// θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ) (`Adam`).
    Adam { beta1: f64, beta2: f64, eps: f64 },
    /// Sign-based steps whose size grows by η₊ while the gradient keeps its sign
    /// and shrinks by η₋ when it flips (`Rprop`; every step size starts at η).
    Rprop { eta_minus: f64, eta_plus: f64, step_size_min: f64, step_size_max: f64 },
    /// Full-batch nonlinear conjugate gradient (Polak–Ribière, PR+, restarts)
    /// with a strong-Wolfe line search of constants c₁ and c₂ (see `cg`):
    /// one iteration per epoch; the learning rate is the first trial step.
    Cg { c1: f64, c2: f64 },
    /// The gradient-free evolution strategy (see `evolution`): ĝ from the
    /// losses at `pairs` antithetic perturbations of size σ; θ ← θ − η ĝ.
    Evolution { sigma: f64, pairs: usize },
}

/// PyTorch's default constants.
pub mod defaults {
    pub fn momentum() -> f64 {
        0.9
    }
    pub fn alpha() -> f64 {
        0.99
    }
    pub fn eps() -> f64 {
        1e-8
    }
    pub fn adagrad_eps() -> f64 {
        1e-10
    }
    pub fn beta1() -> f64 {
        0.9
    }
    pub fn beta2() -> f64 {
        0.999
    }
    pub fn eta_minus() -> f64 {
        0.5
    }
    pub fn eta_plus() -> f64 {
        1.2
    }
    pub fn step_size_min() -> f64 {
        1e-6
    }
    pub fn step_size_max() -> f64 {
        50.0
    }
    /// Sufficient decrease, as usual for CG (Nocedal & Wright).
    pub fn c1() -> f64 {
        1e-4
    }
    /// The curvature condition, as usual for CG (Nocedal & Wright).
    pub fn c2() -> f64 {
        0.1
    }
    pub fn sigma() -> f64 {
        0.1
    }
    pub fn pairs() -> usize {
        8
    }
}

impl Optimizer {
    /// Every optimizer with its default constants, in the order a menu lists them.
    pub const ALL_NAMES: [&'static str; 9] =
        ["sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "rprop", "cg", "evolution"];

    /// The optimizer with this name and PyTorch's default constants.
    pub fn from_name(name: &str) -> Option<Optimizer> {
        Some(match name {
            "sgd" => Optimizer::Sgd,
            "momentum" => Optimizer::Momentum { momentum: defaults::momentum(), dampening: 0.0 },
            "nesterov" => Optimizer::Nesterov { momentum: defaults::momentum() },
            "rmsprop" => Optimizer::Rmsprop { alpha: defaults::alpha(), eps: defaults::eps() },
            "adagrad" => Optimizer::Adagrad {
                eps: defaults::adagrad_eps(),
                initial_accumulator_value: 0.0,
                lr_decay: 0.0,
            },
            "adam" => Optimizer::Adam {
                beta1: defaults::beta1(),
                beta2: defaults::beta2(),
                eps: defaults::eps(),
            },
            "rprop" => Optimizer::Rprop {
                eta_minus: defaults::eta_minus(),
                eta_plus: defaults::eta_plus(),
                step_size_min: defaults::step_size_min(),
                step_size_max: defaults::step_size_max(),
            },
            "cg" => Optimizer::Cg { c1: defaults::c1(), c2: defaults::c2() },
            "evolution" => {
                Optimizer::Evolution { sigma: defaults::sigma(), pairs: defaults::pairs() }
            }
            _ => return None,
        })
    }

    /// The name used in configs and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Momentum { .. } => "momentum",
            Optimizer::Nesterov { .. } => "nesterov",
            Optimizer::Rmsprop { .. } => "rmsprop",
            Optimizer::Adagrad { .. } => "adagrad",
            Optimizer::Adam { .. } => "adam",
            Optimizer::Rprop { .. } => "rprop",
            Optimizer::Cg { .. } => "cg",
            Optimizer::Evolution { .. } => "evolution",
        }
    }

    /// The names of the per-parameter state this optimizer keeps, in the order
    /// [`OptimizerState::buffers`] lists them.
    pub fn state_names(self) -> &'static [&'static str] {
        match self {
            Optimizer::Sgd => &[],
            Optimizer::Momentum { .. } | Optimizer::Nesterov { .. } => &["velocity"],
            Optimizer::Rmsprop { .. } => &["square_avg"],
            Optimizer::Adagrad { .. } => &["sum_squares"],
            Optimizer::Adam { .. } => &["exp_avg", "exp_avg_sq"],
            Optimizer::Rprop { .. } => &["step_size", "prev_grad"],
            Optimizer::Cg { .. } => &["direction", "prev_grad"],
            Optimizer::Evolution { .. } => &["estimate"],
        }
    }

    /// True for the optimizers that evaluate the loss themselves (CG's line
    /// search, the evolution strategy's perturbations) instead of taking
    /// one step from the batch's gradient.
    pub fn searches(self) -> bool {
        matches!(self, Optimizer::Cg { .. } | Optimizer::Evolution { .. })
    }

    /// True for CG, which trains on the whole training set at once.
    pub fn full_batch(self) -> bool {
        matches!(self, Optimizer::Cg { .. })
    }
}

/// The last update: Δθ for every parameter, and the part of it the penalty caused.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Update {
    /// The optimizer step this update was (1 for the first), 0 before any.
    pub step: u64,
    /// The learning rate used.
    pub learning_rate: f64,
    /// Δθ: what was added to each parameter.
    pub delta: Vec<f64>,
    /// The regularization part of Δθ; the data part is `delta − delta_reg`.
    /// For optimizers linear in g (sgd, momentum, nesterov) and for the
    /// adaptive ones (rmsprop, adagrad, adam, where both parts share the
    /// denominator) this split is exact; for Rprop, whose step ignores the
    /// gradient's size, it is the penalty's share g_reg / g of the step.
    pub delta_reg: Vec<f64>,
    /// What CG's line search or the evolution strategy did (none for the
    /// optimizers that step from the gradient alone).
    pub search: Option<SearchStep>,
}

/// What an optimizer that evaluates the loss itself did in its last step.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchStep {
    /// Δθ = α·d, α from the line search.
    Cg(crate::cg::Iteration),
    /// Δθ = −η ĝ from `evaluations` losses around θ.
    Evolution(crate::evolution::Estimate),
}

impl Update {
    /// An empty update for `n` parameters.
    pub fn new(n: usize) -> Update {
        Update {
            step: 0,
            learning_rate: 0.0,
            delta: vec![0.0; n],
            delta_reg: vec![0.0; n],
            search: None,
        }
    }
}

/// An optimizer with its per-parameter state.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerState {
    optimizer: Optimizer,
    steps: u64,
    /// Per-parameter buffers, named by [`Optimizer::state_names`].
    buffers: Vec<Vec<f64>>,
    /// For momentum, nesterov and adam: the velocity (first moment) that the
    /// penalty's gradient alone built up, to split Δθ exactly.
    reg_velocity: Vec<f64>,
    /// The learning rate of the first step: where Rprop's step sizes start.
    first_learning_rate: f64,
    /// Loss evaluations CG's line searches or the evolution strategy made.
    evaluations: u64,
    /// What CG remembers between iterations.
    memory: crate::cg::Memory,
}

impl OptimizerState {
    /// Fresh state (all zero, no steps taken) for `n_params` parameters.
    pub fn new(optimizer: Optimizer, n_params: usize) -> OptimizerState {
        let start = match optimizer {
            Optimizer::Adagrad { initial_accumulator_value, .. } => initial_accumulator_value,
            _ => 0.0,
        };
        let buffers = optimizer.state_names().iter().map(|_| vec![start; n_params]).collect();
        let reg_velocity = match optimizer {
            // CG keeps the penalty's part of its direction.
            Optimizer::Momentum { .. }
            | Optimizer::Nesterov { .. }
            | Optimizer::Adam { .. }
            | Optimizer::Cg { .. } => vec![0.0; n_params],
            _ => Vec::new(),
        };
        OptimizerState {
            optimizer,
            steps: 0,
            buffers,
            reg_velocity,
            first_learning_rate: 0.0,
            evaluations: 0,
            memory: crate::cg::Memory::default(),
        }
    }

    pub fn optimizer(&self) -> Optimizer {
        self.optimizer
    }

    /// Steps taken so far (PyTorch's `step`, t).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The velocity the penalty's gradient alone built up (momentum,
    /// nesterov, adam; empty otherwise).
    pub fn reg_velocity(&self) -> &[f64] {
        &self.reg_velocity
    }

    /// The learning rate of the first step (where Rprop's steps start).
    pub fn first_learning_rate(&self) -> f64 {
        self.first_learning_rate
    }

    /// A state from its parts, as [`OptimizerState::buffers`] and the
    /// getters give them (a saved model); errors name the part that does not
    /// fit `n_params` parameters.
    pub fn from_parts(
        optimizer: Optimizer,
        n_params: usize,
        steps: u64,
        buffers: Vec<Vec<f64>>,
        reg_velocity: Vec<f64>,
        first_learning_rate: f64,
    ) -> Result<OptimizerState> {
        let fresh = OptimizerState::new(optimizer, n_params);
        let names = optimizer.state_names();
        if buffers.len() != names.len() {
            return Err(Error::shape(
                format!("{} state buffers", optimizer.name()),
                names.len(),
                buffers.len(),
            ));
        }
        for (name, buffer) in names.iter().zip(&buffers) {
            if buffer.len() != n_params {
                return Err(Error::shape(
                    format!("optimizer state {name}"),
                    n_params,
                    buffer.len(),
                ));
            }
        }
        if reg_velocity.len() != fresh.reg_velocity.len() {
            return Err(Error::shape(
                "optimizer state reg_velocity",
                fresh.reg_velocity.len(),
                reg_velocity.len(),
            ));
        }
        let all = buffers.iter().flatten().chain(&reg_velocity).chain([&first_learning_rate]);
        if let Some(bad) = all.into_iter().find(|v| !v.is_finite()) {
            return Err(Error::invalid("optimizer state", bad, "finite numbers"));
        }
        Ok(OptimizerState { steps, buffers, reg_velocity, first_learning_rate, ..fresh })
    }

    /// Loss evaluations made by CG's line searches (each with its gradient,
    /// over the training set) or the evolution strategy (each a forward pass
    /// over the batch), 0 for the other optimizers.
    pub fn evaluations(&self) -> u64 {
        self.evaluations
    }

    /// What CG remembers between iterations (the last α, the last slope and
    /// the iterations since the last restart).
    pub fn memory(&self) -> crate::cg::Memory {
        self.memory
    }

    /// Sets the evaluation count and CG's memory (a saved model's); errors
    /// name what is not finite.
    pub fn set_search(&mut self, evaluations: u64, memory: crate::cg::Memory) -> Result<()> {
        for (name, v) in [("alpha", memory.alpha), ("slope", memory.slope)] {
            if !v.is_finite() {
                return Err(Error::invalid(
                    format!("optimizer search {name}"),
                    v,
                    "a finite number",
                ));
            }
        }
        self.evaluations = evaluations;
        self.memory = memory;
        Ok(())
    }

    /// The parts CG and the evolution strategy step with (`search.rs`):
    /// the buffers, the velocity of the penalty, the counter and the memory,
    /// after counting the step and setting its learning rate.
    pub(crate) fn begin_search(&mut self, learning_rate: f64) -> SearchParts<'_> {
        self.steps += 1;
        if self.steps == 1 {
            self.first_learning_rate = learning_rate;
        }
        SearchParts {
            step: self.steps,
            buffers: &mut self.buffers,
            reg_velocity: &mut self.reg_velocity,
            evaluations: &mut self.evaluations,
            memory: &mut self.memory,
        }
    }

    /// Every state buffer with its name.
    pub fn buffers(&self) -> impl Iterator<Item = (&'static str, &[f64])> {
        self.optimizer.state_names().iter().copied().zip(self.buffers.iter().map(Vec::as_slice))
    }

    /// Adam's bias corrections (1 − β₁ᵗ, 1 − β₂ᵗ) after the steps taken so far.
    pub fn bias_corrections(&self) -> Option<(f64, f64)> {
        match self.optimizer {
            Optimizer::Adam { beta1, beta2, .. } => {
                let t = self.steps as f64;
                Some((1.0 - math::pow(beta1, t), 1.0 - math::pow(beta2, t)))
            }
            _ => None,
        }
    }

    /// Carries this state over to a network whose parameters moved: `map[i]` is
    /// the old index of new parameter i, or `None` for a new parameter (state 0).
    pub fn remap(&mut self, map: &[Option<usize>]) {
        let start = match self.optimizer {
            Optimizer::Adagrad { initial_accumulator_value, .. } => initial_accumulator_value,
            _ => 0.0,
        };
        let remap = |old: &Vec<f64>| -> Vec<f64> {
            map.iter().map(|m| m.map_or(start, |i| old[i])).collect()
        };
        self.buffers = self.buffers.iter().map(remap).collect();
        // CG's direction no longer fits the moved parameters: it restarts.
        self.memory = crate::cg::Memory::default();
        if !self.reg_velocity.is_empty() {
            self.reg_velocity = remap(&self.reg_velocity);
        }
        if let Optimizer::Rprop { .. } = self.optimizer {
            // A new parameter starts its step size where the others started.
            for (k, m) in map.iter().enumerate() {
                if m.is_none() {
                    self.buffers[0][k] = self.first_learning_rate;
                }
            }
        }
    }

    /// One step: moves `params` by the optimizer's rule for the gradient
    /// `grads` (data plus penalty) and writes the update into `update`.
    /// The first `n_weights` parameters are weights (penalised), the rest biases.
    /// Returns false if a parameter became NaN or infinite.
    pub fn step(
        &mut self,
        params: &mut [f64],
        grads: &[f64],
        n_weights: usize,
        regularization: Regularization,
        learning_rate: f64,
        update: &mut Update,
    ) -> bool {
        assert_eq!(params.len(), grads.len(), "parameters and gradients differ in length");
        update.delta.resize(params.len(), 0.0);
        update.delta_reg.resize(params.len(), 0.0);
        self.steps += 1;
        if self.steps == 1 {
            self.first_learning_rate = learning_rate;
        }
        update.step = self.steps;
        update.learning_rate = learning_rate;
        update.search = None;
        let lr = learning_rate;
        // `delta_reg` first holds the penalty's gradient at the parameters the
        // gradient was taken at (0 for biases); each rule below then replaces
        // it, element by element, with the penalty's part of the update.
        let reg_part = &mut update.delta_reg;
        if regularization.is_none() {
            reg_part.fill(0.0);
        } else {
            for (r, &w) in reg_part[..n_weights].iter_mut().zip(&params[..n_weights]) {
                *r = regularization.gradient(w);
            }
            reg_part[n_weights..].fill(0.0);
        }
        let delta = &mut update.delta;
        // Straight-line loops over the slices, so the compiler can use SIMD.
        match self.optimizer {
            Optimizer::Sgd => {
                for ((p, &g), d) in params.iter_mut().zip(grads).zip(delta.iter_mut()) {
                    *d = -lr * g;
                    *p += *d;
                }
                if !regularization.is_none() {
                    reg_part[..n_weights].iter_mut().for_each(|r| *r *= -lr);
                }
            }
            Optimizer::Momentum { momentum, .. } | Optimizer::Nesterov { momentum } => {
                let (nesterov, dampening) = match self.optimizer {
                    Optimizer::Momentum { dampening, .. } => (false, dampening),
                    _ => (true, 0.0),
                };
                // PyTorch starts the velocity at g itself, undamped.
                let share = if self.steps == 1 { 1.0 } else { 1.0 - dampening };
                let velocity = &mut self.buffers[0];
                let reg_velocity = &mut self.reg_velocity;
                for i in 0..params.len() {
                    let g_reg = reg_part[i];
                    velocity[i] = momentum * velocity[i] + share * grads[i];
                    reg_velocity[i] = momentum * reg_velocity[i] + share * g_reg;
                    let (d, d_reg) = if nesterov {
                        (
                            -lr * (grads[i] + momentum * velocity[i]),
                            -lr * (g_reg + momentum * reg_velocity[i]),
                        )
                    } else {
                        (-lr * velocity[i], -lr * reg_velocity[i])
                    };
                    params[i] += d;
                    delta[i] = d;
                    reg_part[i] = d_reg;
                }
            }
            Optimizer::Rmsprop { alpha, eps } => {
                let square_avg = &mut self.buffers[0];
                for i in 0..params.len() {
                    let g = grads[i];
                    square_avg[i] = alpha * square_avg[i] + (1.0 - alpha) * g * g;
                    let denominator = square_avg[i].sqrt() + eps;
                    delta[i] = -lr * g / denominator;
                    params[i] += delta[i];
                    reg_part[i] = -lr * reg_part[i] / denominator;
                }
            }
            Optimizer::Adagrad { eps, lr_decay, .. } => {
                let lr = lr / (1.0 + (self.steps - 1) as f64 * lr_decay);
                let sum_squares = &mut self.buffers[0];
                for i in 0..params.len() {
                    let g = grads[i];
                    sum_squares[i] += g * g;
                    let denominator = sum_squares[i].sqrt() + eps;
                    delta[i] = -lr * g / denominator;
                    params[i] += delta[i];
                    reg_part[i] = -lr * reg_part[i] / denominator;
                }
            }
            Optimizer::Adam { beta1, beta2, eps } => {
                let t = self.steps as f64;
                let correction1 = 1.0 - math::pow(beta1, t);
                let correction2 = 1.0 - math::pow(beta2, t);
                let (first, rest) = self.buffers.split_at_mut(1);
                let (exp_avg, exp_avg_sq) = (&mut first[0], &mut rest[0]);
                let reg_velocity = &mut self.reg_velocity;
                for i in 0..params.len() {
                    let g = grads[i];
                    exp_avg[i] = beta1 * exp_avg[i] + (1.0 - beta1) * g;
                    exp_avg_sq[i] = beta2 * exp_avg_sq[i] + (1.0 - beta2) * g * g;
                    reg_velocity[i] = beta1 * reg_velocity[i] + (1.0 - beta1) * reg_part[i];
                    let denominator = (exp_avg_sq[i] / correction2).sqrt() + eps;
                    delta[i] = -lr * (exp_avg[i] / correction1) / denominator;
                    params[i] += delta[i];
                    reg_part[i] = -lr * (reg_velocity[i] / correction1) / denominator;
                }
            }
            Optimizer::Rprop { eta_minus, eta_plus, step_size_min, step_size_max } => {
                let (first, rest) = self.buffers.split_at_mut(1);
                let (step_sizes, prev_grads) = (&mut first[0], &mut rest[0]);
                for i in 0..params.len() {
                    if self.steps == 1 {
                        // Every step size starts at the learning rate.
                        step_sizes[i] = lr;
                    }
                    let (mut g, g_total) = (grads[i], grads[i]);
                    let agreement = math::sign(g * prev_grads[i]);
                    let factor = if agreement > 0.0 {
                        eta_plus
                    } else if agreement < 0.0 {
                        eta_minus
                    } else {
                        1.0
                    };
                    step_sizes[i] = (step_sizes[i] * factor).clamp(step_size_min, step_size_max);
                    if agreement < 0.0 {
                        // After a sign flip, skip this step and forget the gradient.
                        g = 0.0;
                    }
                    delta[i] = -math::sign(g) * step_sizes[i];
                    params[i] += delta[i];
                    prev_grads[i] = g;
                    reg_part[i] = if g != 0.0 { delta[i] * (reg_part[i] / g_total) } else { 0.0 };
                }
            }
            // These evaluate the loss themselves: the trainer steps them
            // with `search::step`, never here. Nothing moves.
            Optimizer::Cg { .. } | Optimizer::Evolution { .. } => {
                delta.fill(0.0);
                reg_part.fill(0.0);
            }
        }
        all_finite(params)
    }
}

/// The state [`OptimizerState::begin_search`] hands to CG and the evolution strategy.
pub(crate) struct SearchParts<'a> {
    /// The step being taken (1 for the first).
    pub step: u64,
    pub buffers: &'a mut Vec<Vec<f64>>,
    pub reg_velocity: &'a mut Vec<f64>,
    pub evaluations: &'a mut u64,
    pub memory: &'a mut crate::cg::Memory,
}

/// True if no value is NaN or infinite: x · 0 is 0 for a finite x and NaN
/// otherwise, summed in four lanes so the check runs in SIMD.
pub(crate) fn all_finite(values: &[f64]) -> bool {
    let chunks = values.chunks_exact(4);
    let mut lanes = [0.0; 4];
    let rest: f64 = chunks.remainder().iter().map(|v| v * 0.0).sum();
    for chunk in chunks {
        for k in 0..4 {
            lanes[k] += chunk[k] * 0.0;
        }
    }
    (lanes[0] + lanes[1] + lanes[2] + lanes[3] + rest) == 0.0
}

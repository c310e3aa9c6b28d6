// The update of the two optimizers that evaluate the loss themselves, for
// one parameter: conjugate gradient (Δθ = α·d, α from the line search over
// the whole training set) and the evolution strategy (Δθ = −η ĝ, ĝ from the
// losses at random nudges; the backward pass's gradient is not used). The
// numbers are the engine's: `update.search` is what its step did.

import { digitsFor, formatSignificant } from "./format.js";
import { factor, lines, mi, mo, note, num, sub } from "./math.js";

const show = (v) => formatSignificant(v, 4);

/** Conjugate gradient's lines for parameter `symbol`. */
function cgLines(model, update, symbol) {
  const o = model.optimizer;
  const s = update.search;
  const g = update.g;
  const before = update.before.direction ?? 0;
  const d = update.after.direction ?? 0;
  const parts = [
    note(
      `Conjugate gradient: g = ∂L/∂${symbol} over the whole training set (the penalty's part included). Every parameter moves along one direction d, as far as a line search finds best.`,
    ),
  ];
  if (s.restarted) {
    parts.push(
      note(
        "This iteration restarts from the steepest descent, β = 0: the first iteration, every n-th (n = the number of parameters), or when d would not descend.",
      ),
    );
    parts.push(lines("search-direction", [mi("d"), mo("="), mo("−"), mi("g")], [mo("="), mo("−"), factor(g), mo("="), num(d)]));
  } else {
    parts.push(
      note(
        `β = max(0, Σ g·(g − g_prev) / Σ g_prev²) over every parameter (Polak–Ribière, PR+) = ${show(s.beta)}${s.beta === 0 ? " (the ratio was negative)" : ""}: how much of the last direction d_prev this one keeps.`,
      ),
    );
    const digits = digitsFor([g, s.beta, before], ([gv, b, dp]) => -gv + b * dp, d);
    parts.push(
      lines(
        "search-direction",
        [mi("d"), mo("="), mo("−"), mi("g"), mo("+"), mi("β"), mo("·"), sub("d", "prev")],
        [mo("="), mo("−"), factor(g, {}, digits)],
        [mo("+"), num(s.beta, {}, digits), mo("×"), factor(before, {}, digits)],
        [mo("="), num(d)],
      ),
    );
  }
  const evaluations = `${s.evaluations} evaluation${s.evaluations === 1 ? "" : "s"}`;
  if (s.alpha === 0) {
    parts.push(
      note(
        `The line search (${evaluations} of the loss and its gradient) found no step that lowers the loss: nothing moves, and the next iteration restarts.`,
      ),
    );
  } else {
    parts.push(
      note(
        `The line search tried ${evaluations} of the loss and its gradient along d and took α = ${show(s.alpha)}: the loss went from ${show(s.value_before)} to ${show(s.value_after)}. ` +
          `${s.wolfe ? "Both strong Wolfe conditions hold" : "The strong Wolfe conditions do not both hold (the search gave up on its best point)"}: ` +
          `${show(s.value_after)} ≤ ${show(s.value_before + o.c1 * s.alpha * s.slope_before)} (sufficient decrease, c₁ = ${o.c1}) and ` +
          `|slope| ${show(Math.abs(s.slope_after))} ≤ ${show(o.c2 * Math.abs(s.slope_before))} (curvature, c₂ = ${o.c2}).`,
      ),
    );
  }
  parts.push(
    lines(
      "update",
      [mi(`Δ${symbol}`), mo("="), mi("α"), mo("·"), mi("d")],
      [mo("="), num(s.alpha), mo("×"), factor(d), mo("="), num(update.delta, { "data-role": "update" })],
    ),
  );
  return parts;
}

/** The evolution strategy's lines for parameter `symbol`. */
function evolutionLines(model, update, symbol) {
  const o = model.optimizer;
  const s = update.search;
  const estimate = update.after.estimate ?? 0;
  return [
    note(
      `The evolution strategy does not use the backward pass: it nudged every parameter by ±σε (σ = ${o.sigma}, ε random, ${o.pairs} pairs) and ran this batch forward at each nudge, ${s.evaluations} loss evaluations (their mean ${show(s.mean_loss)}). ` +
        "Its estimate of the gradient is ĝ = Σ (L(θ + σε) − L(θ − σε)) ε / (2σ · pairs): a sum over the nudges' random ε, which the page does not keep, so ĝ is written as the engine computed it.",
    ),
    note(
      `For comparison, backprop's gradient: ∂L/∂${symbol} = ${show(update.g)}; the estimate: ĝ = ${show(estimate)}. With few pairs the estimate is noisy (even its sign); averaged over many nudges it is the gradient of the loss smoothed by σ.`,
    ),
    lines(
      "update",
      [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), mo("·"), mi("ĝ")],
      [mo("="), mo("−"), num(update.lr), mo("×"), factor(estimate), mo("="), num(update.delta, { "data-role": "update" })],
    ),
  ];
}

/** The lines for CG or the evolution strategy, or null for any other optimizer. */
export function searchLines(model, update, symbol) {
  if (!update.search) return null;
  return update.search.kind === "cg" ? cgLines(model, update, symbol) : evolutionLines(model, update, symbol);
}

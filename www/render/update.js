// The optimizer's part of the inspector: one parameter's update in the batch
// stepped through, written out with its state before and after (velocity,
// Adam's m and v and the engine's bias corrections, Rprop's step), and its
// split into the data's and the penalty's parts. Plain data in
// (`updateView` of stepview.js), MathML out.

import { digitsFor, formatSignificant } from "./format.js";
import { el, factor, frac, heading, lines, mi, mo, note, num, paren, row, sub } from "./math.js";
import { searchLines } from "./update-search.js";

/**
 * Gradient clipping's part: the gradients' global norm against the maximum,
 * and when it was above, the scale s and this parameter's g = s · ∂L/∂w.
 */
function clipLines(update, symbol) {
  const { norm, max_norm: max, scale } = update.clip;
  const normText = formatSignificant(norm, 4);
  if (!scale) {
    return [
      note(
        `Clipping: the gradients' global norm ‖∇L‖ = ${normText} is within the maximum ${formatSignificant(max, 4)}, so g = ∂L/∂${symbol}, unscaled.`,
      ),
    ];
  }
  const ds = digitsFor([max, norm], ([m, n]) => m / (n + 1e-6), scale);
  const dg = digitsFor([scale, update.raw], ([s, r]) => s * r, update.g);
  return [
    note(
      `Clipping: the gradients' global norm ‖∇L‖ = ${normText} is above the maximum M = ${formatSignificant(max, 4)}, so every gradient is scaled by s (PyTorch's clip_grad_norm_).`,
    ),
    lines("clip", [
      mi("s"),
      mo("="),
      frac(mi("M"), row(mi("‖∇L‖"), mo("+"), num(1e-6))),
      mo("="),
      frac(num(max, {}, ds), row(num(norm, {}, ds), mo("+"), num(1e-6))),
      mo("="),
      num(scale, { "data-role": "clip-scale" }, ds),
    ]),
    lines("clip-g", [
      mi("g"),
      mo("="),
      mi("s"),
      mo("·"),
      frac(mi("∂L"), mi(`∂${symbol}`)),
      mo("="),
      num(scale, {}, dg),
      mo("×"),
      factor(update.raw, {}, dg),
      mo("="),
      num(update.g, { "data-role": "g-clipped" }, dg),
    ]),
  ];
}

/**
 * The update section. `model`: view.js' step model; `update`: `{ g, lr,
 * before, after, delta, reg, t, biasCorrections }` or null before the
 * update phase.
 */
export function updateSection(model, update, isWeight) {
  const o = model.optimizer;
  const parts = [heading(`Update (${o.kind})`)];
  if (!update) {
    parts.push(note("The optimizer updates every parameter after the backward pass."));
    return parts;
  }
  const { g, lr, delta, reg } = update;
  const symbol = isWeight ? "w" : "b";
  // The move itself first: the parameter before, the update, after.
  const { before: was, after: now } = update.param;
  const d = digitsFor([was, delta], ([x, dx]) => x + dx, now);
  parts.push(
    lines(
      "update-move",
      [mi(symbol), mo(":"), num(was, { "data-role": "param-before" }, d), mo("→"), num(now, { "data-role": "param-after" }, d)],
      [mi(symbol), mo("+"), mi(`Δ${symbol}`), mo("="), num(was, {}, d), mo("+"), factor(delta, {}, d), mo("="), num(now, {}, d)],
    ),
  );
  // CG and the evolution strategy write out their own step.
  const searched = searchLines(model, update, symbol);
  if (searched) {
    parts.push(...searched);
    return parts.concat(splitLines(isWeight, model, symbol, delta, reg));
  }
  parts.push(
    note(`η = ${formatSignificant(lr, 4)}: the learning rate this update used${model.scheduled ? " (the schedule sets it each epoch)" : ""}.`),
  );
  if (update.clip) parts.push(...clipLines(update, symbol));
  else if (o.kind !== "sgd") parts.push(note(`g = ∂L/∂${symbol}, this batch's gradient (the penalty's part included).`));
  const before = (name) => update.before[name] ?? 0;
  const after = (name) => update.after[name] ?? 0;
  const gNode = () => factor(g, { "data-role": "g" });
  const square = (node) => el("msup", node, el("mn", "2"));
  const hat = (name) => el("mover", mi(name), mo("^"));
  const one = () => el("mn", "1");
  const result = () => num(delta, { "data-role": "update" });
  switch (o.kind) {
    case "sgd":
      parts.push(
        lines(
          "update",
          [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), mo("·"), update.clip?.scale ? mi("g") : frac(mi("∂L"), mi(`∂${symbol}`))],
          [mo("="), mo("−"), num(lr), mo("×"), gNode()],
          [mo("="), result()],
        ),
      );
      break;
    case "momentum":
    case "nesterov": {
      const damp = o.kind === "momentum" && o.dampening ? 1 - o.dampening : 1;
      parts.push(
        lines(
          "update",
          [mi("v"), mo("="), mi("μ"), mi("v"), mo("+"), damp === 1 ? null : paren(one(), mo("−"), mi("d")), mi("g")],
          [mo("="), num(o.momentum), mo("×"), factor(before("velocity")), mo("+"), damp === 1 ? null : row(num(damp), mo("×")), gNode()],
          [mo("="), num(after("velocity"))],
        ),
      );
      parts.push(
        o.kind === "momentum"
          ? lines(
              "update",
              [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), mi("v")],
              [mo("="), mo("−"), num(lr), mo("×"), factor(after("velocity"))],
              [mo("="), result()],
            )
          : lines(
              "update",
              [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), paren(mi("g"), mo("+"), mi("μ"), mi("v"))],
              [mo("="), mo("−"), num(lr), mo("×"), paren(gNode(), mo("+"), num(o.momentum), mo("×"), factor(after("velocity")))],
              [mo("="), result()],
            ),
      );
      break;
    }
    case "rmsprop":
    case "adagrad": {
      const name = o.kind === "rmsprop" ? "square_avg" : "sum_squares";
      parts.push(
        o.kind === "rmsprop"
          ? lines(
              "update",
              [mi("s"), mo("="), mi("α"), mi("s"), mo("+"), paren(one(), mo("−"), mi("α")), square(mi("g"))],
              [mo("="), num(o.alpha), mo("×"), num(before(name)), mo("+"), num(1 - o.alpha), mo("×"), square(gNode())],
              [mo("="), num(after(name))],
            )
          : lines(
              "update",
              [mi("s"), mo("="), mi("s"), mo("+"), square(mi("g"))],
              [mo("="), num(before(name)), mo("+"), square(gNode())],
              [mo("="), num(after(name))],
            ),
      );
      parts.push(
        lines(
          "update",
          [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), frac(mi("g"), row(el("msqrt", mi("s")), mo("+"), mi("ε")))],
          [mo("="), mo("−"), num(lr), mo("×"), frac(gNode(), row(el("msqrt", num(after(name))), mo("+"), num(o.eps)))],
          [mo("="), result()],
        ),
      );
      break;
    }
    case "adam": {
      // t and the corrections are the engine's, for the step just taken.
      const t = update.t;
      const [c1, c2] = update.biasCorrections;
      const m = after("exp_avg");
      const v = after("exp_avg_sq");
      const mHat = m / c1;
      const vHat = v / c2;
      const correction = (k) => row(one(), mo("−"), el("msubsup", mi("β"), el("mn", k), mi("t")));
      const power = (beta) => row(one(), mo("−"), el("msup", num(beta), el("mn", String(t))));
      parts.push(
        lines(
          "update",
          [mi("m"), mo("="), sub("β", "1"), mi("m"), mo("+"), paren(one(), mo("−"), sub("β", "1")), mi("g")],
          [mo("="), num(o.beta1), mo("×"), factor(before("exp_avg")), mo("+"), num(1 - o.beta1), mo("×"), gNode()],
          [mo("="), num(m)],
        ),
      );
      parts.push(
        lines(
          "update",
          [mi("v"), mo("="), sub("β", "2"), mi("v"), mo("+"), paren(one(), mo("−"), sub("β", "2")), square(mi("g"))],
          [mo("="), num(o.beta2), mo("×"), num(before("exp_avg_sq")), mo("+"), num(1 - o.beta2), mo("×"), square(gNode())],
          [mo("="), num(v)],
        ),
      );
      parts.push(
        lines(
          "update",
          [hat("m"), mo("="), frac(mi("m"), correction("1")), mo("="), frac(factor(m), power(o.beta1))],
          [mo("="), frac(factor(m), num(c1, { "data-role": "bias-correction-1" })), mo("="), num(mHat)],
        ),
      );
      parts.push(
        lines(
          "update",
          [hat("v"), mo("="), frac(mi("v"), correction("2")), mo("="), frac(num(v), power(o.beta2))],
          [mo("="), frac(num(v), num(c2, { "data-role": "bias-correction-2" })), mo("="), num(vHat)],
        ),
      );
      parts.push(
        lines(
          "update",
          [mi(`Δ${symbol}`), mo("="), mo("−"), mi("η"), frac(hat("m"), row(el("msqrt", hat("v")), mo("+"), mi("ε")))],
          [mo("="), mo("−"), num(lr), mo("×"), frac(factor(mHat), row(el("msqrt", num(vHat)), mo("+"), num(o.eps)))],
          [mo("="), result()],
        ),
      );
      break;
    }
    case "rprop":
      parts.push(
        note(
          "Rprop grows a parameter's step by η₊ while its gradient keeps its sign, shrinks it by η₋ when the sign flips (and then skips that step), and moves by the step against the gradient's sign.",
        ),
      );
      parts.push(
        lines(
          "update",
          [mi("step"), mo("="), num(before("step_size")), mo("→"), num(after("step_size"))],
          [mi(`Δ${symbol}`), mo("="), mo("−"), mi("sign"), paren(factor(after("prev_grad"))), mo("×"), num(after("step_size"))],
          [mo("="), result()],
        ),
      );
      break;
    default:
      break;
  }
  return parts.concat(splitLines(isWeight, model, symbol, delta, reg));
}

/** A weight's Δ split into the data's part and the penalty's, when there is a penalty. */
function splitLines(isWeight, model, symbol, delta, reg) {
  if (!isWeight || model.regularization.kind === "none") return [];
  return [
    note(`Δ${symbol} split into the data gradient's part and the penalty's:`),
    lines(
      "split",
      [mi(`Δ${symbol}`), mo("="), mi("data"), mo("+"), mi("regularization")],
      [mo("="), factor(delta - reg, { "data-role": "data-part" }), mo("+"), factor(reg, { "data-role": "reg-part" })],
    ),
  ];
}

// The chain rule in the inspector: where a weight's or bias's gradient, a
// neuron's z and a, and its δ come from, in MathML with the engine's numbers
// substituted and each factor a link to the neuron or edge it came from.
// Every function takes `ctx`: `{ values, model, select }` (`values` a
// BatchValues of stepview.js, `select(target)` follows a link).

import { digitsFor, formatSignificant } from "./format.js";
import { el, factor, formula, frac, heading, lines, link, mi, mo, note, num, paren, row, sub, sum } from "./math.js";

/** The name and link of the input a weight reads. */
function inputLink(ctx, l, i, node) {
  const label = l === 0 ? `input ${ctx.model.inputLabels[i]}` : `hidden layer ${l}, neuron ${i + 1}`;
  return link(node, { kind: l === 0 ? "input" : "neuron", layer: l - 1, neuron: i, label }, ctx.select);
}

function neuronLink(ctx, l, j, node) {
  const isOutput = l === ctx.values.sizes.length - 2;
  const label = isOutput ? `output ${ctx.model.outputLabels[j] ?? j + 1}` : `hidden layer ${l + 1}, neuron ${j + 1}`;
  return link(node, { kind: "neuron", layer: l, neuron: j, label }, ctx.select);
}

function weightLink(ctx, l, j, i, node) {
  const target = {
    kind: "weight",
    layer: l,
    neuron: j,
    input: i,
    index: ctx.values.weightIndex(l, j, i),
    label: `weight ${i + 1} → ${j + 1} of layer ${l + 1}`,
  };
  return link(node, target, ctx.select);
}

/** Whether neuron `j` of layer `l` is switched off (its a held at 0). */
function isOff(model, l, j) {
  return (model.off ?? []).some(([layer, neuron]) => layer === l && neuron === j);
}

const OFF_NOTE = "Switched off: its output a is held at 0, so it passes nothing on and no gradient back (δ = 0).";

/** ∂L/∂w_ji = Σ_n δ_j a_i (+ the penalty's derivative). */
export function weightRule(ctx, target, n, exampleText) {
  const { values, model } = ctx;
  const { layer: l, neuron: j, input: i, index } = target;
  const parts = [];
  const reg = model.regularization;
  const w = values.params[index];
  const regTerm = reg.kind === "l2" ? reg.lambda * w : reg.kind === "l1" ? reg.lambda * Math.sign(w) : 0;
  parts.push(
    formula(
      "general",
      frac(row(mi("∂"), mi("L")), row(mi("∂"), sub("w", `${j + 1}${i + 1}`))),
      mo("="),
      el("munder", mo("∑"), mi("n")),
      sub("δ", `${j + 1},n`),
      mo("·"),
      sub("a", `${i + 1},n`),
      reg.kind === "none" ? null : row(mo("+"), reg.kind === "l2" ? row(mi("λ"), mi("w")) : row(mi("λ"), mi("sign"), paren(mi("w")))),
    ),
  );
  const delta = values.delta(l, n, j);
  const a = values.input(l, n, i);
  parts.push(note(`For ${exampleText}:`));
  parts.push(
    formula(
      "example-product",
      neuronLink(ctx, l, j, factor(delta, { "data-role": "delta" })),
      mo("×"),
      inputLink(ctx, l, i, factor(a, { "data-role": "activation" })),
      mo("="),
      num(delta * a, { "data-role": "product" }),
    ),
  );
  parts.push(note(`Over the batch (${values.n} examples; each δ already carries the 1/N of the mean loss):`));
  const terms = [];
  let total = 0;
  const shown = Math.min(values.n, 12);
  const products = Array.from({ length: values.n }, (_, k) => values.delta(l, k, j) * values.input(l, k, i));
  for (const term of products) total += term;
  const gradient = values.grad(index);
  // Enough digits that the terms as written add up to the gradient.
  const d = digitsFor([...products, regTerm], (xs) => xs.reduce((a, b) => a + b, 0), gradient);
  for (let k = 0; k < shown; k += 1) terms.push([factor(products[k], { "data-role": "term", "data-example": String(k) }, d)]);
  if (values.n > shown) terms.push([mi("…")]);
  if (reg.kind !== "none") terms.push([factor(regTerm, { "data-role": "regularization" }, d)]);
  parts.push(sum("batch-sum", [mi("Σ"), mo("=")], terms, [mo("="), num(gradient, { "data-role": "gradient" })], 2));
  if (Math.abs(total + regTerm - gradient) > 1e-9 * (1 + Math.abs(gradient))) {
    parts.push(note("(The sum of the terms differs from the engine's gradient beyond rounding: please report this.)"));
  }
  return parts;
}

/** ∂L/∂b_j = Σ_n δ_j. */
export function biasRule(ctx, target) {
  const { values } = ctx;
  const { layer: l, neuron: j, index } = target;
  const terms = [];
  const deltas = Array.from({ length: values.n }, (_, k) => values.delta(l, k, j));
  const d = digitsFor(deltas, (xs) => xs.reduce((a, b) => a + b, 0), values.grad(index));
  for (let k = 0; k < Math.min(values.n, 12); k += 1) terms.push([factor(deltas[k], { "data-role": "term" }, d)]);
  if (values.n > 12) terms.push([mi("…")]);
  return [
    formula(
      "general",
      frac(row(mi("∂"), mi("L")), row(mi("∂"), sub("b", `${j + 1}`))),
      mo("="),
      el("munder", mo("∑"), mi("n")),
      sub("δ", `${j + 1},n`),
    ),
    sum("batch-sum", [mi("Σ"), mo("=")], terms, [mo("="), num(values.grad(index), { "data-role": "gradient" })], 2),
  ];
}

/** z = Σ w a + b, then a = f(z). */
export function forwardRule(ctx, l, j, n, done) {
  const { values } = ctx;
  const parts = [heading("Forward: z, then a")];
  const terms = [];
  const fanIn = values.fanIn(l);
  const operands = [];
  for (let i = 0; i < fanIn; i += 1) operands.push(values.w(l, j, i), values.input(l, n, i));
  operands.push(values.b(l, j));
  const sumOf = (xs) => xs.reduce((s, x, k) => (k === 2 * fanIn ? s + x : k % 2 ? s + xs[k - 1] * x : s), 0);
  const d = digitsFor(operands, sumOf, values.z(l, n, j));
  for (let i = 0; i < fanIn; i += 1) {
    terms.push([weightLink(ctx, l, j, i, factor(values.w(l, j, i), {}, d)), mo("·"), inputLink(ctx, l, i, factor(values.input(l, n, i), {}, d))]);
  }
  terms.push([factor(values.b(l, j), {}, d)]);
  parts.push(sum("forward-z", [mi("z"), mo("=")], terms, [mo("="), num(values.z(l, n, j), { "data-role": "z" })], 1));
  if (done.a.has(l)) {
    const activation = values.model.activations[l];
    if (isOff(values.model, l, j)) {
      // a = 0 · f(z): the mask times what the neuron would give.
      const would = el("mrow", mi(activation), paren(factor(values.z(l, n, j))));
      parts.push(formula("forward-a", mi("a"), mo("="), el("mn", "0"), mo("·"), would, mo("="), num(values.a(l, n, j), { "data-role": "a" })));
      parts.push(note(OFF_NOTE));
    } else if (activation === "softmax") {
      // Softmax reads the whole layer: e^(z − max) over the sum of them all.
      const zs = Array.from({ length: values.width(l) }, (_, k) => values.z(l, n, k));
      const max = Math.max(...zs);
      const total = zs.reduce((s, z) => s + Math.exp(z - max), 0);
      parts.push(
        lines(
          "forward-a",
          [
            mi("a"),
            mo("="),
            frac(
              el("msup", mi("e"), row(mi("z"), mo("−"), mi("max"))),
              row(el("munder", mo("∑"), mi("k")), el("msup", mi("e"), row(sub("z", "k"), mo("−"), mi("max")))),
            ),
          ],
          [mo("="), frac(num(Math.exp(values.z(l, n, j) - max)), num(total)), mo("="), num(values.a(l, n, j), { "data-role": "a" })],
        ),
      );
    } else {
      parts.push(
        formula(
          "forward-a",
          mi("a"),
          mo("="),
          mi(activation),
          paren(factor(values.z(l, n, j))),
          mo("="),
          num(values.a(l, n, j), { "data-role": "a" }),
        ),
      );
    }
  }
  return parts;
}

/**
 * f′(z) of this neuron: its value, the rule in symbols, and `numbers(digits)`
 * the rule with a substituted (in parentheses wherever it is more than one
 * term, so that a product reads right), `compute` the same from the numbers
 * as shown, and `why`, what a kink's side or a saturation means.
 */
function derivative(values, l, n, j) {
  const activation = values.model.activations[l];
  const a = values.a(l, n, j);
  const z = values.z(l, n, j);
  const one = () => el("mn", "1");
  const square = (node) => el("msup", node, el("mn", "2"));
  switch (activation) {
    case "tanh":
      return {
        value: 1 - a * a,
        symbols: paren(one(), mo("−"), square(mi("a"))),
        numbers: (d) => paren(one(), mo("−"), square(factor(a, {}, d))),
        compute: ([x]) => 1 - x * x,
        spelled: true,
        why: Math.abs(a) > 0.999 ? "saturated: |a| is close to 1, so f′ ≈ 0 and little gradient passes back" : null,
      };
    case "sigmoid":
      return {
        value: a * (1 - a),
        symbols: paren(mi("a"), paren(one(), mo("−"), mi("a"))),
        numbers: (d) => paren(num(a, {}, d), paren(one(), mo("−"), num(a, {}, d))),
        compute: ([x]) => x * (1 - x),
        spelled: true,
        why: a < 0.001 || a > 0.999 ? "saturated: a is close to 0 or 1, so f′ ≈ 0 and little gradient passes back" : null,
      };
    case "relu":
    case "leaky_relu": {
      const slope = activation === "relu" ? 0 : 0.01;
      const value = z > 0 ? 1 : slope;
      return {
        value,
        symbols: el("mtext", `1 if z > 0, else ${slope}`),
        numbers: () => num(value),
        compute: () => value,
        why: `z = ${formatSignificant(z)} ${z > 0 ? ">" : "≤"} 0`,
      };
    }
    default:
      return { value: 1, symbols: one(), numbers: () => one(), compute: () => 1, why: null };
  }
}

/** The 1/(N·K) (or 1/N) the mean loss puts on every output gradient, as a fraction of numbers. */
function scaleFraction(values) {
  return frac(el("mn", "1"), num(Math.round(1 / values.lossGradScale), { "data-role": "loss-scale" }));
}

/** Why δ at the output carries 1/N (or 1/(N·K)): one line, and a link to the loss phase's equation. */
function scaleNote(ctx, perMean, scaleText) {
  const p = document.createElement("p");
  p.className = "note scale-why";
  const mean = perMean === "N" ? "over the batch's N examples" : "over the batch's N examples and the K outputs";
  p.append(`Why 1/${perMean} (${scaleText}): the loss is a mean ${mean}, so each example's share of it is scaled by that much. `);
  const a = document.createElement("a");
  a.href = "#loss-equation";
  a.className = "loss-link";
  a.textContent = "See the loss.";
  a.addEventListener("click", (e) => {
    e.preventDefault();
    ctx.showLoss?.();
  });
  p.append(a);
  return p;
}

/** δ of an output neuron, from the loss's gradient as the engine scaled it. */
function outputDelta(ctx, l, j, n, deltaNode) {
  const { values, model } = ctx;
  const parts = [];
  const a = values.a(l, n, j);
  const y = values.target(n, j);
  const delta = values.delta(l, n, j);
  const scale = values.lossGradScale;
  const k = values.sizes.at(-1);
  const perMean = model.loss === "softmax_ce" ? "N" : "N·K";
  const scaleText = `${perMean} = ${model.loss === "softmax_ce" ? values.n : `${values.n}·${k}`}`;
  const s = () => frac(el("mn", "1"), mi(perMean));
  if (model.loss === "bce" || model.loss === "softmax_ce") {
    const pair = model.loss === "bce" ? "sigmoid and binary cross-entropy" : "softmax and cross-entropy";
    const d = digitsFor([a, y], ([x, t]) => (x - t) * scale, delta);
    parts.push(note(`With ${pair} the derivative simplifies to (a − y) / ${model.loss === "bce" ? "(N·K)" : "N"}:`));
    parts.push(
      lines(
        "delta-output",
        [mi("δ"), mo("="), paren(mi("a"), mo("−"), mi("y")), mo("·"), s()],
        [mo("="), paren(num(a, {}, d), mo("−"), factor(y, {}, d)), mo("·"), scaleFraction(values), mo("="), deltaNode],
      ),
    );
    parts.push(scaleNote(ctx, perMean, scaleText));
    return parts;
  }
  // ∂L/∂a is the engine's own (gradA), not recomputed here.
  const dLda = values.dLda(l, n, j);
  const f = derivative(values, l, n, j);
  const mse = model.loss === "mse";
  const active = mse || dLda !== 0;
  const lossSymbols = mse
    ? row(el("mn", "2"), paren(mi("a"), mo("−"), mi("y")), mo("·"), s())
    : active
      ? row(mo("−"), mi("y"), mo("·"), s())
      : el("mn", "0");
  const lossValue = (x, t) => (mse ? 2 * (x - t) * scale : active ? -t * scale : 0);
  const d = digitsFor([a, y], ([x, t]) => lossValue(x, t) * f.compute([x]), delta);
  const lossNumbers = mse
    ? row(el("mn", "2"), paren(num(a, {}, d), mo("−"), factor(y, {}, d)), mo("·"), scaleFraction(values))
    : active
      ? row(mo("−"), factor(y, {}, d), mo("·"), scaleFraction(values))
      : el("mn", "0");
  parts.push(
    note(
      mse
        ? "δ = ∂L/∂a · f′(z), the loss's slope times the activation's:"
        : `δ = ∂L/∂a · f′(z); the hinge's slope is ${active ? "−y/(N·K), as 1 − y·a > 0" : "0: the example is at or past the margin, 1 − y·a ≤ 0"}:`,
    ),
  );
  parts.push(
    lines(
      "delta-output",
      [mi("δ"), mo("="), lossSymbols, mo("·"), f.symbols],
      [mo("="), lossNumbers, mo("·"), f.numbers(d)],
      [mo("="), factor(dLda, { "data-role": "dL-da" }), mo("×"), factor(f.value, { "data-role": "f-prime" }), mo("="), deltaNode],
    ),
  );
  if (f.why) parts.push(note(`f′: ${f.why}.`));
  parts.push(scaleNote(ctx, perMean, scaleText));
  return parts;
}

/** δ_j = ∂L/∂z_j, from the loss (output) or from the next layer (hidden). */
export function deltaRule(ctx, l, j, n, done, exampleText) {
  const { values } = ctx;
  const parts = [heading(`Backward: δ = ∂L/∂z, for ${exampleText}`)];
  const deltaNode = num(values.delta(l, n, j), { "data-role": "delta-result" });
  if (l === values.sizes.length - 2) return [...parts, ...outputDelta(ctx, l, j, n, deltaNode)];
  if (!done.delta.has(l + 1)) return parts;
  const off = isOff(values.model, l, j);
  const f = derivative(values, l, n, j);
  const terms = [];
  let total = 0;
  const pairs = [];
  for (let k = 0; k < values.width(l + 1); k += 1) pairs.push(values.w(l + 1, k, j), values.delta(l + 1, n, k));
  for (let k = 0; k < pairs.length; k += 2) total += pairs[k] * pairs[k + 1];
  const digits = digitsFor(pairs, (xs) => xs.reduce((s, x, k) => (k % 2 ? s + xs[k - 1] * x : s), 0), total);
  for (let k = 0; k < values.width(l + 1); k += 1) {
    terms.push([
      weightLink(ctx, l + 1, k, j, factor(pairs[2 * k], { "data-role": "next-weight" }, digits)),
      mo("·"),
      neuronLink(ctx, l + 1, k, factor(pairs[2 * k + 1], { "data-role": "next-delta" }, digits)),
    ]);
  }
  // Switched off, the mask's 0 stands where f′(z) would.
  const gate = off ? [el("mn", "0")] : [mi("f′"), paren(sub("z", `${j + 1}`))];
  parts.push(
    formula("general", sub("δ", `${j + 1}`), mo("="), ...gate, mo("·"), el("munder", mo("∑"), mi("k")), sub("w", `k${j + 1}`), sub("δ", "k")),
  );
  const d = digitsFor([values.a(l, n, j)], f.compute, f.value);
  const written = f.spelled ? [f.symbols, mo("="), f.numbers(d), mo("=")] : [];
  // Switched off, a is not f(z): f′ from a would be wrong, and the mask's 0 stops δ anyway.
  if (!off) parts.push(formula("f-prime", mi("f′"), paren(mi("z")), mo("="), ...written, factor(f.value, { "data-role": "f-prime" })));
  if (f.why && !off) parts.push(note(`f′: ${f.why}.`));
  parts.push(
    sum(
      "weighted-sum",
      [el("munder", mo("∑"), mi("k")), mi("w"), mi("δ"), mo("=")],
      terms,
      [mo("="), factor(total, { "data-role": "weighted-sum" })],
      1,
    ),
  );
  if (off) {
    parts.push(formula("delta-hidden", mi("δ"), mo("="), el("mn", "0"), mo("×"), factor(total), mo("="), deltaNode));
    parts.push(note(OFF_NOTE));
    return parts;
  }
  parts.push(formula("delta-hidden", mi("δ"), mo("="), factor(f.value), mo("×"), factor(total), mo("="), deltaNode));
  return parts;
}

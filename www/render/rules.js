// The chain rule in the inspector: where a weight's or bias's gradient, a
// neuron's z and a, and its δ come from, in MathML with the engine's numbers
// substituted and each factor a link to the neuron or edge it came from.
// Every function takes `ctx`: `{ values, model, select }` (`values` a
// BatchValues of view.js, `select(target)` follows a link).

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
  for (let k = 0; k < values.n; k += 1) {
    const term = values.delta(l, k, j) * values.input(l, k, i);
    total += term;
    if (k < shown) terms.push([factor(term, { "data-role": "term", "data-example": String(k) })]);
  }
  if (values.n > shown) terms.push([mi("…")]);
  if (reg.kind !== "none") terms.push([factor(regTerm, { "data-role": "regularization" })]);
  const gradient = values.grad(index);
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
  for (let k = 0; k < Math.min(values.n, 12); k += 1) terms.push([factor(values.delta(l, k, j), { "data-role": "term" })]);
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
  for (let i = 0; i < values.fanIn(l); i += 1) {
    terms.push([weightLink(ctx, l, j, i, factor(values.w(l, j, i))), mo("·"), inputLink(ctx, l, i, factor(values.input(l, n, i)))]);
  }
  terms.push([factor(values.b(l, j))]);
  parts.push(sum("forward-z", [mi("z"), mo("=")], terms, [mo("="), num(values.z(l, n, j), { "data-role": "z" })], 1));
  if (done.a.has(l)) {
    const activation = values.model.activations[l];
    if (activation === "softmax") {
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

/** f'(z) written out for this neuron. */
function derivative(values, l, n, j) {
  const activation = values.model.activations[l];
  const a = values.a(l, n, j);
  const z = values.z(l, n, j);
  const one = () => el("mn", "1");
  switch (activation) {
    case "tanh":
      return { value: 1 - a * a, math: row(one(), mo("−"), el("msup", factor(a), el("mn", "2"))) };
    case "sigmoid":
      return { value: a * (1 - a), math: row(factor(a), paren(one(), mo("−"), num(a))) };
    case "relu":
      return { value: z > 0 ? 1 : 0, math: row(mi(z > 0 ? "1, as z > 0" : "0, as z ≤ 0")) };
    case "leaky_relu":
      return { value: z > 0 ? 1 : 0.01, math: row(mi(z > 0 ? "1, as z > 0" : "0.01, as z ≤ 0")) };
    default:
      return { value: 1, math: row(one()) };
  }
}

/** δ of an output neuron, from the loss's gradient as the engine scaled it. */
function outputDelta(ctx, l, j, n, deltaNode) {
  const { values, model } = ctx;
  const parts = [];
  const a = values.a(l, n, j);
  const y = values.target(n, j);
  const scale = values.lossGradScale;
  const k = values.sizes.at(-1);
  const perMean = model.loss === "softmax_ce" ? "N" : "N·K";
  const scaleText = `${perMean} = ${model.loss === "softmax_ce" ? values.n : `${values.n}·${k}`}`;
  const s = () => row(frac(el("mn", "1"), mi(perMean)));
  if (model.loss === "bce" || model.loss === "softmax_ce") {
    const pair = model.loss === "bce" ? "sigmoid and binary cross-entropy" : "softmax and cross-entropy";
    parts.push(note(`With ${pair} the derivative simplifies to (a − y) / ${model.loss === "bce" ? "(N·K)" : "N"}, ${scaleText}:`));
    parts.push(
      lines(
        "delta-output",
        [mi("δ"), mo("="), paren(mi("a"), mo("−"), mi("y")), mo("·"), s()],
        [mo("="), paren(factor(a), mo("−"), factor(y)), mo("×"), num(scale, { "data-role": "loss-scale" }), mo("="), deltaNode],
      ),
    );
    return parts;
  }
  // ∂L/∂a is the engine's own (gradA), not recomputed here.
  const dLda = values.dLda(l, n, j);
  const f = derivative(values, l, n, j);
  const lossPart =
    model.loss === "mse"
      ? row(el("mn", "2"), paren(factor(a), mo("−"), factor(y)), mo("·"), s())
      : row(mi(dLda !== 0 ? "−y" : "0 (at or past the margin)"), dLda !== 0 ? row(mo("·"), s()) : null);
  parts.push(note(`δ = ∂L/∂a · f′(z), the loss's slope times the activation's (${scaleText}):`));
  parts.push(
    lines(
      "delta-output",
      [mi("δ"), mo("="), lossPart, mo("·"), f.math],
      [mo("="), factor(dLda, { "data-role": "dL-da" }), mo("×"), factor(f.value, { "data-role": "f-prime" }), mo("="), deltaNode],
    ),
  );
  return parts;
}

/** δ_j = ∂L/∂z_j, from the loss (output) or from the next layer (hidden). */
export function deltaRule(ctx, l, j, n, done, exampleText) {
  const { values } = ctx;
  const parts = [heading(`Backward: δ = ∂L/∂z, for ${exampleText}`)];
  const deltaNode = num(values.delta(l, n, j), { "data-role": "delta-result" });
  if (l === values.sizes.length - 2) return [...parts, ...outputDelta(ctx, l, j, n, deltaNode)];
  if (!done.delta.has(l + 1)) return parts;
  const f = derivative(values, l, n, j);
  const terms = [];
  let total = 0;
  for (let k = 0; k < values.width(l + 1); k += 1) {
    const w = values.w(l + 1, k, j);
    const d = values.delta(l + 1, n, k);
    total += w * d;
    terms.push([
      weightLink(ctx, l + 1, k, j, factor(w, { "data-role": "next-weight" })),
      mo("·"),
      neuronLink(ctx, l + 1, k, factor(d, { "data-role": "next-delta" })),
    ]);
  }
  parts.push(
    formula(
      "general",
      sub("δ", `${j + 1}`),
      mo("="),
      mi("f′"),
      paren(sub("z", `${j + 1}`)),
      mo("·"),
      el("munder", mo("∑"), mi("k")),
      sub("w", `k${j + 1}`),
      sub("δ", "k"),
    ),
  );
  parts.push(formula("f-prime", mi("f′"), paren(mi("z")), mo("="), f.math, mo("="), factor(f.value, { "data-role": "f-prime" })));
  parts.push(
    sum(
      "weighted-sum",
      [el("munder", mo("∑"), mi("k")), mi("w"), mi("δ"), mo("=")],
      terms,
      [mo("="), factor(total, { "data-role": "weighted-sum" })],
      1,
    ),
  );
  parts.push(formula("delta-hidden", mi("δ"), mo("="), factor(f.value), mo("×"), factor(total), mo("="), deltaNode));
  return parts;
}

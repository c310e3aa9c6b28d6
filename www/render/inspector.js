// The inspector: everything about one weight, bias or neuron of the batch
// being stepped through. Its values, where its gradient comes from (the chain
// rule in MathML with the engine's numbers substituted, each factor a link to
// where it came from), a finite-difference check beside the gradient, and the
// optimizer's update with its state. It takes plain data and draws.

import { formatNumber } from "./canvas.js";
import { el, factor, frac, link, math, mi, mo, num, paren, row, sub } from "./math.js";

/** Which quantities of a stepped batch exist so far, from its plan and progress. */
export function computed(step) {
  const c = { z: new Set(), a: new Set(), loss: false, delta: new Set(), grad: new Set(), update: false };
  if (!step) return c;
  step.plan.slice(0, step.done).forEach((phase) => {
    if (phase.kind === "forward_z") c.z.add(phase.layer);
    if (phase.kind === "forward_a") c.a.add(phase.layer);
    if (phase.kind === "loss") c.loss = true;
    if (phase.kind === "backward_delta") c.delta.add(phase.layer);
    if (phase.kind === "backward_params") c.grad.add(phase.layer);
    if (phase.kind === "update") c.update = true;
  });
  return c;
}

/** Reading a stepped batch's numbers by layer, example and neuron. */
export class BatchValues {
  constructor(model, step) {
    this.model = model;
    this.step = step;
    this.sizes = model.sizes;
    this.n = step.batch.length;
    this.params = step.before.params;
    this.weightOffsets = [0];
    for (let l = 1; l < this.sizes.length; l += 1) {
      this.weightOffsets.push(this.weightOffsets[l - 1] + this.sizes[l - 1] * this.sizes[l]);
    }
    this.biasOffsets = [model.nWeights];
    for (let l = 1; l < this.sizes.length; l += 1) this.biasOffsets.push(this.biasOffsets[l - 1] + this.sizes[l]);
  }
  width(l) { return this.sizes[l + 1]; }
  fanIn(l) { return this.sizes[l]; }
  weightIndex(l, j, i) { return this.weightOffsets[l] + j * this.sizes[l] + i; }
  biasIndex(l, j) { return this.biasOffsets[l] + j; }
  w(l, j, i) { return this.params[this.weightIndex(l, j, i)]; }
  b(l, j) { return this.params[this.biasIndex(l, j)]; }
  input(l, n, i) {
    return l === 0 ? this.step.inputs[n * this.sizes[0] + i] : this.step.a[l - 1][n * this.sizes[l] + i];
  }
  z(l, n, j) { return this.step.z[l][n * this.width(l) + j]; }
  a(l, n, j) { return this.step.a[l][n * this.width(l) + j]; }
  delta(l, n, j) { return this.step.gradZ[l][n * this.width(l) + j]; }
  target(n, j) { return this.step.targets[n * this.sizes.at(-1) + j]; }
  grad(index) { return this.step.grads[index]; }
}

const ACTIVATION_DERIVATIVES = {
  tanh: "1 − a²",
  sigmoid: "a (1 − a)",
  relu: "1 if z > 0, else 0",
  leaky_relu: "1 if z > 0, else 0.01",
  linear: "1",
  softmax: "",
};

export class Inspector {
  /** `on`: `{ select(target), close(), checkAll() }`. */
  constructor(el, on) {
    this.el = el;
    this.on = on;
    el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        on.close();
      }
    });
  }

  get isOpen() {
    return !this.el.hidden;
  }

  hide() {
    this.el.hidden = true;
  }

  /**
   * Shows `view`: `{ target, model, step, example, check, snapshot }`;
   * `model`: `{ sizes, activations, nWeights, loss, regularization,
   * optimizer, inputLabels, outputLabels }`; `step`: `lab.stepState()`;
   * `example`: the batch example shown; `check`: `lab.gradCheck([i])[0]`.
   */
  show(view, focus = false) {
    const { target } = view;
    const parts = [];
    const header = document.createElement("div");
    header.className = "inspector-head";
    const title = document.createElement("h3");
    title.id = "inspector-title";
    title.textContent = target.name;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "round-button small";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close the inspector");
    close.addEventListener("click", () => this.on.close());
    header.append(title, close);
    parts.push(header);

    if (!view.step) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = "Step into a batch to see where its numbers come from.";
      parts.push(p);
    } else {
      parts.push(...this.sections(view));
    }
    this.el.replaceChildren(...parts);
    this.el.hidden = false;
    if (focus) close.focus();
  }

  sections(view) {
    const { target, model, step } = view;
    const values = new BatchValues(model, step);
    const done = computed(step);
    const sections = [];
    const n = view.example;
    const exampleText = `batch example ${n + 1} of ${values.n} (training #${step.batch[n]})`;

    if (target.kind === "weight" || target.kind === "bias") {
      const index = target.index;
      const l = target.layer;
      sections.push(this.table([
        [target.kind === "weight" ? "w (in this batch)" : "b (in this batch)", values.params[index]],
        ["∂L/∂" + (target.kind === "weight" ? "w" : "b") + " (this batch)", done.grad.has(l) ? values.grad(index) : "not yet computed"],
        ["Δ (this batch's update)", done.update ? view.snapshot.delta[index] : "after the update phase"],
      ]));
      sections.push(this.heading("Where ∂L/∂" + (target.kind === "weight" ? "w" : "b") + " comes from"));
      if (!done.grad.has(l)) {
        sections.push(this.note("It is computed in the backward pass, at this layer's ∂L/∂W phase. Step on."));
      } else {
        sections.push(...(target.kind === "weight" ? this.weightRule(values, target, n, model, exampleText) : this.biasRule(values, target)));
      }
      if (done.delta.has(l)) sections.push(...this.deltaRule(values, l, target.neuron, n, model, done, exampleText));
      sections.push(...this.gradientCheck(view, index, done.grad.has(l) ? values.grad(index) : null));
      sections.push(...this.update(view, index, target.kind === "weight"));
    } else {
      const { layer: l, neuron: j } = target;
      sections.push(this.heading(`For ${exampleText}`));
      const rows = [
        ["z", done.z.has(l) ? values.z(l, n, j) : "not yet computed"],
        ["a", done.a.has(l) ? values.a(l, n, j) : "not yet computed"],
        ["δ = ∂L/∂z", done.delta.has(l) ? values.delta(l, n, j) : "not yet computed"],
        ["bias b", values.b(l, j)],
      ];
      if (l === values.sizes.length - 2) rows.splice(2, 0, ["target y", values.target(n, j)]);
      sections.push(this.table(rows));
      if (done.z.has(l)) sections.push(...this.forwardRule(values, l, j, n, model, done));
      if (done.delta.has(l)) sections.push(...this.deltaRule(values, l, j, n, model, done, exampleText));
      else sections.push(this.note("δ is computed in the backward pass. Step on to see where it comes from."));
    }
    return sections;
  }

  heading(text) {
    const h = document.createElement("h4");
    h.textContent = text;
    return h;
  }

  note(text) {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = text;
    return p;
  }

  table(rows) {
    const table = document.createElement("table");
    for (const [label, value] of rows) {
      const tr = table.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      const td = tr.insertCell();
      td.textContent = typeof value === "number" ? formatNumber(value, 5) : value;
      if (typeof value === "number") td.dataset.value = String(value);
      tr.prepend(th);
    }
    return table;
  }

  formula(className, ...children) {
    const box = document.createElement("div");
    box.className = `formula ${className}`;
    box.append(math(...children));
    return box;
  }

  /**
   * A long sum over several lines (MathML does not wrap): `lead` then the
   * `terms` (each a list of nodes) joined by +, `perLine` a line, then `tail`.
   */
  sum(className, lead, terms, tail, perLine = 3) {
    const box = document.createElement("div");
    box.className = `formula ${className}`;
    for (let start = 0; start < Math.max(1, terms.length); start += perLine) {
      const line = [];
      if (start === 0) line.push(...lead);
      terms.slice(start, start + perLine).forEach((term, k) => {
        if (start + k > 0) line.push(mo("+"));
        line.push(...term);
      });
      if (start + perLine >= terms.length) line.push(...tail);
      box.append(math(...line));
    }
    return box;
  }

  /** The name and link of the input a weight reads. */
  inputLink(values, model, l, i, node) {
    const label = l === 0 ? `input ${model.inputLabels[i]}` : `hidden layer ${l}, neuron ${i + 1}`;
    return link(node, { kind: l === 0 ? "input" : "neuron", layer: l - 1, neuron: i, label }, this.on.select);
  }

  neuronLink(values, model, l, j, node) {
    const isOutput = l === values.sizes.length - 2;
    const label = isOutput ? `output ${model.outputLabels[j] ?? j + 1}` : `hidden layer ${l + 1}, neuron ${j + 1}`;
    return link(node, { kind: "neuron", layer: l, neuron: j, label }, this.on.select);
  }

  weightLink(values, model, l, j, i, node) {
    return link(node, { kind: "weight", layer: l, neuron: j, input: i, index: values.weightIndex(l, j, i), label: `weight ${i + 1} → ${j + 1} of layer ${l + 1}` }, this.on.select);
  }

  /** ∂L/∂w_ji = Σ_n δ_j a_i (+ the penalty's derivative). */
  weightRule(values, target, n, model, exampleText) {
    const { layer: l, neuron: j, input: i, index } = target;
    const parts = [];
    const reg = model.regularization;
    const w = values.params[index];
    const regTerm = reg.kind === "l2" ? reg.lambda * w : reg.kind === "l1" ? reg.lambda * Math.sign(w) : 0;
    parts.push(this.formula("general",
      frac(row(mi("∂"), mi("L")), row(mi("∂"), sub("w", `${j + 1}${i + 1}`))), mo("="),
      el("munder", mo("∑"), mi("n")), sub("δ", `${j + 1},n`), mo("·"), sub("a", `${i + 1},n`),
      reg.kind === "none" ? null : row(mo("+"), reg.kind === "l2" ? row(mi("λ"), mi("w")) : row(mi("λ"), mi("sign"), paren(mi("w")))),
    ));
    const delta = values.delta(l, n, j);
    const a = values.input(l, n, i);
    parts.push(this.note(`For ${exampleText}:`));
    parts.push(this.formula("example-product",
      this.neuronLink(values, model, l, j, factor(delta, { "data-role": "delta" })), mo("×"),
      this.inputLink(values, model, l, i, factor(a, { "data-role": "activation" })), mo("="),
      num(delta * a, { "data-role": "product" }),
    ));
    parts.push(this.note(`Over the batch (${values.n} examples; each δ already carries the 1/N of the mean loss):`));
    const terms = [];
    let sum = 0;
    const shown = Math.min(values.n, 12);
    for (let k = 0; k < values.n; k += 1) {
      const term = values.delta(l, k, j) * values.input(l, k, i);
      sum += term;
      if (k < shown) terms.push([factor(term, { "data-role": "term", "data-example": String(k) })]);
    }
    if (values.n > shown) terms.push([mi("…")]);
    if (reg.kind !== "none") terms.push([factor(regTerm, { "data-role": "regularization" })]);
    const total = values.grad(index);
    parts.push(this.sum("batch-sum", [mi("Σ"), mo("=")], terms, [mo("="), num(total, { "data-role": "gradient" })], 2));
    if (Math.abs(sum + regTerm - total) > 1e-9 * (1 + Math.abs(total))) {
      parts.push(this.note("(The sum of the terms differs from the engine's gradient beyond rounding: please report this.)"));
    }
    return parts;
  }

  /** ∂L/∂b_j = Σ_n δ_j. */
  biasRule(values, target) {
    const { layer: l, neuron: j, index } = target;
    const terms = [];
    for (let k = 0; k < Math.min(values.n, 12); k += 1) terms.push([factor(values.delta(l, k, j), { "data-role": "term" })]);
    if (values.n > 12) terms.push([mi("…")]);
    return [
      this.formula("general", frac(row(mi("∂"), mi("L")), row(mi("∂"), sub("b", `${j + 1}`))), mo("="), el("munder", mo("∑"), mi("n")), sub("δ", `${j + 1},n`)),
      this.sum("batch-sum", [mi("Σ"), mo("=")], terms, [mo("="), num(values.grad(index), { "data-role": "gradient" })], 2),
    ];
  }

  /** z = Σ w a + b, then a = f(z). */
  forwardRule(values, l, j, n, model, done) {
    const parts = [this.heading("Forward: z, then a")];
    const terms = [];
    for (let i = 0; i < values.fanIn(l); i += 1) {
      terms.push([this.weightLink(values, model, l, j, i, factor(values.w(l, j, i))), mo("·"), this.inputLink(values, model, l, i, factor(values.input(l, n, i)))]);
    }
    terms.push([factor(values.b(l, j))]);
    parts.push(this.sum("forward-z", [mi("z"), mo("=")], terms, [mo("="), num(values.z(l, n, j), { "data-role": "z" })], 1));
    if (done.a.has(l)) {
      const activation = values.model.activations[l];
      if (activation === "softmax") {
        // Softmax reads the whole layer: e^(z − max) over the sum of them all.
        const zs = Array.from({ length: values.width(l) }, (_, k) => values.z(l, n, k));
        const max = Math.max(...zs);
        const sum = zs.reduce((total, z) => total + Math.exp(z - max), 0);
        parts.push(this.lines("forward-a",
          [mi("a"), mo("="), frac(el("msup", mi("e"), row(mi("z"), mo("−"), mi("max"))), row(el("munder", mo("∑"), mi("k")), el("msup", mi("e"), row(sub("z", "k"), mo("−"), mi("max")))))],
          [mo("="), frac(num(Math.exp(values.z(l, n, j) - max)), num(sum)), mo("="), num(values.a(l, n, j), { "data-role": "a" })]));
      } else {
        parts.push(this.formula("forward-a", mi("a"), mo("="), mi(activation), paren(factor(values.z(l, n, j))), mo("="), num(values.a(l, n, j), { "data-role": "a" })));
      }
    }
    return parts;
  }

  /** f'(z) written out for this neuron. */
  derivative(values, l, n, j) {
    const activation = values.model.activations[l];
    const a = values.a(l, n, j);
    const z = values.z(l, n, j);
    switch (activation) {
      case "tanh":
        return { value: 1 - a * a, math: row(mn1(), mo("−"), el("msup", factor(a), el("mn", "2"))) };
      case "sigmoid":
        return { value: a * (1 - a), math: row(factor(a), paren(mn1(), mo("−"), num(a))) };
      case "relu":
        return { value: z > 0 ? 1 : 0, math: row(mi(z > 0 ? "1, as z > 0" : "0, as z ≤ 0")) };
      case "leaky_relu":
        return { value: z > 0 ? 1 : 0.01, math: row(mi(z > 0 ? "1, as z > 0" : "0.01, as z ≤ 0")) };
      default:
        return { value: 1, math: row(mn1()) };
    }
  }

  /** δ_j = ∂L/∂z_j, from the loss (output) or from the next layer (hidden). */
  deltaRule(values, l, j, n, model, done, exampleText) {
    const parts = [this.heading(`Backward: δ = ∂L/∂z, for ${exampleText}`)];
    const isOutput = l === values.sizes.length - 2;
    const delta = values.delta(l, n, j);
    const deltaNode = num(delta, { "data-role": "delta-result" });
    if (isOutput) {
      const a = values.a(l, n, j);
      const y = values.target(n, j);
      const k = values.sizes.at(-1);
      const scale = model.loss === "softmax_ce" ? values.n : values.n * k;
      const scaleText = model.loss === "softmax_ce" ? `N = ${values.n}` : `N·K = ${values.n}·${k}`;
      if (model.loss === "bce" || model.loss === "softmax_ce") {
        parts.push(this.note(`With ${model.loss === "bce" ? "sigmoid and binary cross-entropy" : "softmax and cross-entropy"} the derivative simplifies to (a − y) / ${model.loss === "bce" ? "(N·K)" : "N"}, ${scaleText}:`));
        parts.push(this.formula("delta-output", mi("δ"), mo("="), frac(row(factor(a), mo("−"), factor(y)), el("mn", String(scale))), mo("="), deltaNode));
      } else {
        const dLda = model.loss === "mse" ? (2 * (a - y)) / scale : 1 - y * a > 0 ? -y / scale : 0;
        const f = this.derivative(values, l, n, j);
        const lossPart = model.loss === "mse"
          ? row(frac(row(el("mn", "2"), paren(factor(a), mo("−"), factor(y))), el("mn", String(scale))))
          : row(mi(1 - y * a > 0 ? `−y / ${scale}` : "0 (past the margin)"));
        parts.push(this.note(`δ = ∂L/∂a · f′(z), the loss's slope times the activation's (${scaleText}):`));
        parts.push(this.formula("delta-output", mi("δ"), mo("="), lossPart, mo("·"), f.math, mo("="), factor(dLda, { "data-role": "dL-da" }), mo("×"), factor(f.value, { "data-role": "f-prime" }), mo("="), deltaNode));
      }
      return parts;
    }
    if (!done.delta.has(l + 1)) return parts;
    const f = this.derivative(values, l, n, j);
    const terms = [];
    let sum = 0;
    for (let k = 0; k < values.width(l + 1); k += 1) {
      const w = values.w(l + 1, k, j);
      const d = values.delta(l + 1, n, k);
      sum += w * d;
      terms.push([this.weightLink(values, model, l + 1, k, j, factor(w, { "data-role": "next-weight" })), mo("·"), this.neuronLink(values, model, l + 1, k, factor(d, { "data-role": "next-delta" }))]);
    }
    parts.push(this.formula("general", sub("δ", `${j + 1}`), mo("="), mi("f′"), paren(sub("z", `${j + 1}`)), mo("·"), el("munder", mo("∑"), mi("k")), sub("w", `k${j + 1}`), sub("δ", "k")));
    parts.push(this.formula("f-prime", mi("f′"), paren(mi("z")), mo("="), f.math, mo("="), factor(f.value, { "data-role": "f-prime" })));
    parts.push(this.sum("weighted-sum", [el("munder", mo("∑"), mi("k")), mi("w"), mi("δ"), mo("=")], terms, [mo("="), factor(sum, { "data-role": "weighted-sum" })], 1));
    parts.push(this.formula("delta-hidden", mi("δ"), mo("="), factor(f.value), mo("×"), factor(sum), mo("="), deltaNode));
    return parts;
  }

  gradientCheck(view, index, analytic) {
    const parts = [this.heading("Gradient check")];
    const check = view.check;
    if (!check || analytic === null) {
      parts.push(this.note("Available once the gradient is computed."));
      return parts;
    }
    const verdict = check.agrees ? "✓ agrees" : "✗ disagrees";
    parts.push(this.table([
      ["backprop ∂L/∂θ", check.analytic],
      ["(L(θ+h) − L(θ−h)) / 2h", check.numeric],
      ["relative error", `${check.relativeError.toExponential(1)}  ${verdict}`],
    ]));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "text-button";
    button.textContent = "Check every parameter";
    button.addEventListener("click", () => this.on.checkAll());
    parts.push(button);
    return parts;
  }

  /** Formula lines: each a list of nodes, the first flush, the rest indented. */
  lines(className, ...lines) {
    const box = document.createElement("div");
    box.className = `formula ${className}`;
    for (const line of lines) box.append(math(...line));
    return box;
  }

  /** The optimizer's update of this parameter, with its state before and after. */
  update(view, index, isWeight) {
    const { step, snapshot, model } = view;
    const parts = [this.heading(`Update (${model.optimizer.kind})`)];
    const done = computed(step);
    if (!done.update) {
      parts.push(this.note("The optimizer updates every parameter after the backward pass."));
      return parts;
    }
    const g = step.grads[index];
    const lr = step.learningRate;
    const before = (name) => step.before.state[name]?.[index] ?? 0;
    const after = (name) => snapshot.optimizer.state[name]?.[index] ?? 0;
    const delta = snapshot.delta[index];
    const reg = snapshot.deltaReg[index];
    const o = model.optimizer;
    const gNode = () => factor(g, { "data-role": "g" });
    const square = (node) => el("msup", node, el("mn", "2"));
    const hat = (name) => el("mover", mi(name), mo("^"));
    const result = () => num(delta, { "data-role": "update" });
    const out = [];
    switch (o.kind) {
      case "sgd":
        out.push(this.lines("update", [mi("Δθ"), mo("="), mo("−"), mi("η"), mi("g")], [mo("="), mo("−"), num(lr), mo("×"), gNode()], [mo("="), result()]));
        break;
      case "momentum":
      case "nesterov": {
        const damp = o.kind === "momentum" && o.dampening ? 1 - o.dampening : 1;
        out.push(this.lines("update",
          [mi("v"), mo("="), mi("μ"), mi("v"), mo("+"), damp === 1 ? null : paren(el("mn", "1"), mo("−"), mi("d")), mi("g")],
          [mo("="), num(o.momentum), mo("×"), factor(before("velocity")), mo("+"), damp === 1 ? null : row(num(damp), mo("×")), gNode()],
          [mo("="), num(after("velocity"))]));
        out.push(o.kind === "momentum"
          ? this.lines("update", [mi("Δθ"), mo("="), mo("−"), mi("η"), mi("v")], [mo("="), mo("−"), num(lr), mo("×"), factor(after("velocity"))], [mo("="), result()])
          : this.lines("update", [mi("Δθ"), mo("="), mo("−"), mi("η"), paren(mi("g"), mo("+"), mi("μ"), mi("v"))], [mo("="), mo("−"), num(lr), mo("×"), paren(gNode(), mo("+"), num(o.momentum), mo("×"), factor(after("velocity")))], [mo("="), result()]));
        break;
      }
      case "rmsprop":
      case "adagrad": {
        const name = o.kind === "rmsprop" ? "square_avg" : "sum_squares";
        out.push(o.kind === "rmsprop"
          ? this.lines("update", [mi("s"), mo("="), mi("α"), mi("s"), mo("+"), paren(el("mn", "1"), mo("−"), mi("α")), square(mi("g"))], [mo("="), num(o.alpha), mo("×"), num(before(name)), mo("+"), num(1 - o.alpha), mo("×"), square(gNode())], [mo("="), num(after(name))])
          : this.lines("update", [mi("s"), mo("="), mi("s"), mo("+"), square(mi("g"))], [mo("="), num(before(name)), mo("+"), square(gNode())], [mo("="), num(after(name))]));
        out.push(this.lines("update",
          [mi("Δθ"), mo("="), mo("−"), mi("η"), frac(mi("g"), row(el("msqrt", mi("s")), mo("+"), mi("ε")))],
          [mo("="), mo("−"), num(lr), mo("×"), frac(gNode(), row(el("msqrt", num(after(name))), mo("+"), num(o.eps)))],
          [mo("="), result()]));
        break;
      }
      case "adam": {
        const t = snapshot.optimizer.steps;
        const m = after("exp_avg");
        const v = after("exp_avg_sq");
        const mHat = m / (1 - Math.pow(o.beta1, t));
        const vHat = v / (1 - Math.pow(o.beta2, t));
        out.push(this.lines("update", [mi("m"), mo("="), sub("β", "1"), mi("m"), mo("+"), paren(el("mn", "1"), mo("−"), sub("β", "1")), mi("g")], [mo("="), num(o.beta1), mo("×"), factor(before("exp_avg")), mo("+"), num(1 - o.beta1), mo("×"), gNode()], [mo("="), num(m)]));
        out.push(this.lines("update", [mi("v"), mo("="), sub("β", "2"), mi("v"), mo("+"), paren(el("mn", "1"), mo("−"), sub("β", "2")), square(mi("g"))], [mo("="), num(o.beta2), mo("×"), num(before("exp_avg_sq")), mo("+"), num(1 - o.beta2), mo("×"), square(gNode())], [mo("="), num(v)]));
        out.push(this.lines("update", [hat("m"), mo("="), frac(mi("m"), row(el("mn", "1"), mo("−"), el("msubsup", mi("β"), el("mn", "1"), mi("t")))), mo("="), frac(factor(m), row(el("mn", "1"), mo("−"), el("msup", num(o.beta1), el("mn", String(t))))), mo("="), num(mHat)]));
        out.push(this.lines("update", [hat("v"), mo("="), frac(mi("v"), row(el("mn", "1"), mo("−"), el("msubsup", mi("β"), el("mn", "2"), mi("t")))), mo("="), num(vHat)]));
        out.push(this.lines("update",
          [mi("Δθ"), mo("="), mo("−"), mi("η"), frac(hat("m"), row(el("msqrt", hat("v")), mo("+"), mi("ε")))],
          [mo("="), mo("−"), num(lr), mo("×"), frac(factor(mHat), row(el("msqrt", num(vHat)), mo("+"), num(o.eps)))],
          [mo("="), result()]));
        break;
      }
      case "rprop":
        parts.push(this.note("Rprop grows a parameter's step by η₊ while its gradient keeps its sign, shrinks it by η₋ when the sign flips (and then skips that step), and moves by the step against the gradient's sign."));
        out.push(this.lines("update",
          [mi("step"), mo("="), num(before("step_size")), mo("→"), num(after("step_size"))],
          [mi("Δθ"), mo("="), mo("−"), mi("sign"), paren(factor(after("prev_grad"))), mo("×"), num(after("step_size"))],
          [mo("="), result()]));
        break;
      default:
        break;
    }
    parts.push(...out);
    if (isWeight && model.regularization.kind !== "none") {
      parts.push(this.note("Δθ split into the data gradient's part and the penalty's:"));
      parts.push(this.lines("split",
        [mi("Δθ"), mo("="), mi("data"), mo("+"), mi("regularization")],
        [mo("="), factor(delta - reg, { "data-role": "data-part" }), mo("+"), factor(reg, { "data-role": "reg-part" })]));
    }
    return parts;
  }
}

function mn1() {
  return el("mn", "1");
}

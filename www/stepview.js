// Step mode's view data: which quantities of the stepped batch exist so far,
// its numbers by layer, example and neuron (`BatchValues`), the optimizer's
// update of one parameter, the inspector's view and the numbers each neuron
// shows. All read from `lab.stepState()` and the snapshot as plain data; no
// DOM, so tests/js/view.test.mjs runs it in Node on fake data. The rest of
// the view data (layout, shape, frame, card) is in view.js.

import { formatNumber } from "./render/canvas.js";

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

/** A stepped batch's numbers by layer, example and neuron (read from `lab.stepState()`). */
export class BatchValues {
  constructor(model, step, layout) {
    this.model = model;
    this.step = step;
    this.layout = layout;
    this.sizes = model.sizes;
    this.n = step.batch.length;
    this.batch = step.batch;
    this.params = step.before.params;
    /** The factor the engine multiplies the output's loss gradient by: 1/(N·K), or 1/N. */
    this.lossGradScale = step.lossGradScale;
    /** After the loss phase: `{ data, regularization, examples }`. */
    this.loss = step.loss;
  }
  width(l) {
    return this.sizes[l + 1];
  }
  fanIn(l) {
    return this.sizes[l];
  }
  weightIndex(l, j, i) {
    return this.layout.weight(l, j, i);
  }
  w(l, j, i) {
    return this.params[this.layout.weight(l, j, i)];
  }
  b(l, j) {
    return this.params[this.layout.bias(l, j)];
  }
  input(l, n, i) {
    return l === 0 ? this.step.inputs[n * this.sizes[0] + i] : this.step.a[l - 1][n * this.sizes[l] + i];
  }
  z(l, n, j) {
    return this.step.z[l][n * this.width(l) + j];
  }
  a(l, n, j) {
    return this.step.a[l][n * this.width(l) + j];
  }
  delta(l, n, j) {
    return this.step.gradZ[l][n * this.width(l) + j];
  }
  /** ∂L/∂a as the engine computed it (0 at the output for the losses taken from logits). */
  dLda(l, n, j) {
    return this.step.gradA[l][n * this.width(l) + j];
  }
  target(n, j) {
    return this.step.targets[n * this.sizes.at(-1) + j];
  }
  grad(index) {
    return this.step.grads[index];
  }
}

/**
 * The optimizer's update of parameter `index` in the batch stepped through,
 * once done: its gradient, learning rate, state before and after (by buffer
 * name), the update and its regularization part, and Adam's step count and
 * bias corrections as the engine used them.
 */
export function updateView(step, snapshot, index) {
  const at = (state) => Object.fromEntries(Object.entries(state).map(([name, values]) => [name, values[index]]));
  // Clipping scaled every gradient before the optimizer read it: g is the scaled one.
  const clip = step.clipping?.max_norm ? step.clipping : null;
  const raw = step.grads[index];
  return {
    g: clip?.scale ? raw * clip.scale : raw,
    raw,
    clip,
    lr: step.learningRate,
    /** The parameter as the batch started, and after its update. */
    param: { before: step.before.params[index], after: snapshot.params[index] },
    before: at(step.before.state),
    after: at(snapshot.optimizer.state),
    delta: snapshot.delta[index],
    reg: snapshot.deltaReg[index],
    t: snapshot.optimizer.steps,
    biasCorrections: snapshot.optimizer.biasCorrections ?? null,
    /** What CG's line search or the evolution strategy did (null for the others). */
    search: snapshot.optimizer.search ?? null,
  };
}

/**
 * What the inspector draws for `target` in the batch being stepped through
 * (`step` null outside one): plain numbers and readers, no engine calls.
 */
export function inspectorView({ target, snapshot, step, model, layout, example, check }) {
  if (!step) return { target, model, values: null };
  const done = computed(step);
  const index = target.index ?? null;
  return {
    target,
    model,
    values: new BatchValues(model, step, layout),
    done,
    example,
    check,
    update: index !== null && done.update ? updateView(step, snapshot, index) : null,
  };
}

/**
 * What each neuron shows for batch example `example` (or, with `totals`,
 * the batch: mean z and a, summed δ): the latest quantity computed in its
 * layer. Also the inputs' values and the active layer.
 */
export function stepLabels(step, model, example, totals) {
  const layers = model.sizes.length - 1;
  const done = computed(step);
  const n = step.batch.length;
  const labels = [];
  for (let l = 0; l < layers; l += 1) {
    const width = model.sizes[l + 1];
    const pick = (values, sum) => (j) => {
      if (!totals) return values[example * width + j];
      let s = 0;
      for (let k = 0; k < n; k += 1) s += values[k * width + j];
      return sum ? s : s / n;
    };
    let kind = null;
    let value = null;
    if (done.delta.has(l)) {
      kind = "delta";
      value = pick(step.gradZ[l], true);
    } else if (done.a.has(l)) {
      kind = "a";
      value = pick(step.a[l], false);
    } else if (done.z.has(l)) {
      kind = "z";
      value = pick(step.z[l], false);
    }
    const symbol = { delta: totals ? "Σδ" : "δ", a: totals ? "ā" : "a", z: totals ? "z̄" : "z" }[kind];
    labels.push(Array.from({ length: width }, (_, j) => (kind ? { kind, text: `${symbol} ${formatNumber(value(j), 3)}` } : null)));
  }
  const n0 = model.sizes[0];
  const inputs = Array.from({ length: n0 }, (_, i) => {
    if (totals) {
      let s = 0;
      for (let k = 0; k < n; k += 1) s += step.inputs[k * n0 + i];
      return formatNumber(s / n, 2);
    }
    return formatNumber(step.inputs[example * n0 + i], 2);
  });
  const last = step.done > 0 ? step.plan[step.done - 1] : null;
  let active = null;
  if (last && last.layer !== undefined) {
    active = { layer: last.layer, direction: last.kind.startsWith("forward") ? "forward" : "backward" };
  } else if (last && last.kind === "loss") {
    active = { layer: layers - 1, direction: "forward" };
  }
  return { labels, inputs, active };
}

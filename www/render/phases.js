// Step mode's words and labels, from `lab.stepState()` (plain data): the
// strip of a batch's phases, the sentence that says what just happened, and
// the number each neuron shows.

import { formatNumber } from "./canvas.js";
import { computed } from "./inspector.js";

/** The layer's name as a learner sees it (hidden layers from 1, then the output). */
export function layerName(layer, layers) {
  return layer === layers - 1 ? "the output layer" : `hidden layer ${layer + 1}`;
}

function chipText(phase, layers) {
  const short = (l) => (l === layers - 1 ? "out" : `L${l + 1}`);
  switch (phase.kind) {
    case "forward_z":
      return `${short(phase.layer)} z`;
    case "forward_a":
      return `${short(phase.layer)} a`;
    case "loss":
      return "loss";
    case "backward_delta":
      return `${short(phase.layer)} δ`;
    case "backward_params":
      return `${short(phase.layer)} ∂W`;
    default:
      return "update";
  }
}

/** The plan of a batch for a network of `layers` layers (as the engine plans it). */
export function planFor(layers) {
  const plan = [];
  for (let layer = 0; layer < layers; layer += 1) plan.push({ kind: "forward_z", layer }, { kind: "forward_a", layer });
  plan.push({ kind: "loss" });
  for (let layer = layers - 1; layer >= 0; layer -= 1) plan.push({ kind: "backward_delta", layer }, { kind: "backward_params", layer });
  plan.push({ kind: "update" });
  return plan;
}

/** Fills the phase strip: done phases filled, the last one outlined. */
export function drawStrip(el, plan, done, layers) {
  el.replaceChildren(
    ...plan.map((phase, k) => {
      const chip = document.createElement("span");
      const backward = phase.kind.startsWith("backward") || phase.kind === "update";
      chip.className = `phase-chip${backward ? " backward" : ""}${k < done ? " done" : ""}${k === done - 1 ? " current" : ""}`;
      chip.textContent = chipText(phase, layers);
      return chip;
    }),
  );
}

/** One sentence on the last phase done and the next. */
export function describe(step, model, example) {
  const layers = model.sizes.length - 1;
  if (!step || step.done === 0) {
    return "Ready to step through the next batch: press phase ▶ (or →) to compute its first numbers.";
  }
  const phase = step.plan[step.done - 1];
  const next = step.plan[step.done];
  const n = step.batch.length;
  const name = phase.layer === undefined ? "" : layerName(phase.layer, layers);
  let text;
  switch (phase.kind) {
    case "forward_z":
      text = `Forward, ${name}: z = W·a + b, for each of the ${n} examples of the batch.`;
      break;
    case "forward_a":
      text = `Forward, ${name}: a = ${model.activations[phase.layer]}(z).`;
      break;
    case "loss": {
      const loss = step.loss;
      text = `Loss: ${formatNumber(loss.data, 4)}, the mean of the ${n} examples' losses (this example's: ${formatNumber(loss.examples[example], 4)})` +
        (loss.regularization ? `, plus ${formatNumber(loss.regularization, 4)} of regularization.` : ".");
      break;
    }
    case "backward_delta":
      text = phase.layer === layers - 1
        ? "Backward, the output layer: δ = ∂L/∂z, from the loss's slope."
        : `Backward, ${name}: δ = f′(z) · Σ w δ of the layer above.`;
      break;
    case "backward_params":
      text = `Backward, ${name}: ∂L/∂W = Σ δ · aᵀ over the batch, ∂L/∂b = Σ δ.`;
      break;
    default:
      text = `Update: the optimizer moved every weight and bias. The batch is done.`;
  }
  const after = next ? ` Next: ${chipText(next, layers).replace("out", "output").replace(/^L(\d)/, "layer $1")}.` : " Next: a new batch.";
  return text + after;
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

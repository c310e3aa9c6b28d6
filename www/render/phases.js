// Step mode's words: the strip of a batch's phases and the sentence that
// says what just happened, from `lab.stepState()`'s plan and progress (plain
// data). The number each neuron shows is stepview.js' `stepLabels`.

import { formatNumber } from "./canvas.js";

/** The layer's name as a learner sees it (hidden layers from 1, then the output). */
export function layerName(layer, layers) {
  return layer === layers - 1 ? "the output layer" : `hidden layer ${layer + 1}`;
}

export function chipText(phase, layers) {
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
      text =
        `Loss: ${formatNumber(loss.data, 4)}, the mean of the ${n} examples' losses (this example's: ${formatNumber(loss.examples[example], 4)})` +
        (loss.regularization ? `, plus ${formatNumber(loss.regularization, 4)} of regularization.` : ".");
      break;
    }
    case "backward_delta":
      text =
        phase.layer === layers - 1
          ? "Backward, the output layer: δ = ∂L/∂z, from the loss's slope."
          : `Backward, ${name}: δ = f′(z) · Σ w δ of the layer above.`;
      break;
    case "backward_params":
      text = `Backward, ${name}: ∂L/∂W = Σ δ · aᵀ over the batch, ∂L/∂b = Σ δ. Click a connection to see its weight's chain rule.`;
      break;
    default:
      text = `Update: the optimizer moved every weight and bias. The batch is done.`;
  }
  const after = next
    ? ` Next: ${chipText(next, layers)
        .replace("out", "output")
        .replace(/^L(\d)/, "layer $1")}.`
    : " Next: a new batch.";
  return text + after;
}

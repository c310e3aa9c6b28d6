// Saliency of the example shown (in the "What did it learn?" panel): the
// engine's ∂ŷ/∂x for the example the diagram shows, of the output it
// predicts most, as a bar per input with its number and a table; for an
// image's inputs (digits) as a picture beside the example's own. Cheap (one
// example forward and back): redrawn when the example or the network
// changes, a few times a second while playing.

import { formatSignificant } from "./render/format.js";
import { drawSaliency, drawSquare } from "./render/saliency.js";
import { imageSide } from "./tableview.js";
import { outputLabels } from "./view.js";

/** While playing, redraw at most this often. */
const PLAYING_MS = 250;

const $ = (id) => document.getElementById(id);

const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

export class SaliencyView {
  constructor(page) {
    this.page = page;
    this.key = null;
    this.at = -Infinity;
    this.result = null;
  }

  reset() {
    this.key = null;
  }

  /** Redraws when the example or the network changed (throttled while playing). */
  render(names) {
    const { lab, example, version, playing } = this.page;
    const key = `${lab.batches}:${version}:${lab.timeline().viewing}:${example.split}:${example.index}`;
    if (key === this.key || (playing && performance.now() - this.at < PLAYING_MS)) return;
    this.key = key;
    this.at = performance.now();
    if (example.split === "what-if") {
      this.result = null;
      $("saliency-status").textContent = "The what-if input is shown: pick a training or test example (‹ › above the diagram) to see its saliency.";
      $("saliency-body").hidden = true;
      return;
    }
    let result;
    try {
      result = lab.saliency(example.split, example.index);
    } catch (error) {
      $("saliency-status").textContent = error.message;
      $("saliency-body").hidden = true;
      return;
    }
    this.result = result;
    this.draw(result, names, lab.example(example.split, example.index).inputs);
  }

  draw(result, names, inputs) {
    const { table } = this.page;
    const { example } = this.page;
    const labels = table?.classNames.length > 1 ? table.classNames : outputLabels(result.outputs.length);
    const which = result.outputs.length === 1 ? "" : ` of output “${labels[result.output]}” (the class it predicts)`;
    const set = example.split === "train" ? "Training" : "Test";
    $("saliency-status").textContent =
      `${set} example #${example.index}: ∂ŷ/∂x${which}, how much that output moves with a small nudge of each input; ŷ = ${formatSignificant(result.outputs[result.output], 4)}.`;
    $("saliency-body").hidden = false;
    const rows = names.map((name, i) => ({ name, value: result.gradient[i], x: inputs[i] }));
    const side = table ? imageSide(names) : 0;
    $("saliency-pictures").hidden = !side;
    $("saliency-chart").hidden = Boolean(side);
    if (side) {
      // The example as the file has it (undoing the standardization), beside its saliency.
      const values = Array.from(inputs, (x, i) => x * table.scales[i] + table.means[i]);
      drawSquare($("saliency-example"), values, side, "ink");
      drawSquare($("saliency-picture"), Array.from(result.gradient), side, "diverging");
    } else {
      drawSaliency($("saliency-chart"), rows);
      const ranked = [...rows].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
      $("saliency-chart").setAttribute(
        "aria-label",
        `Saliency of ${set.toLowerCase()} example #${example.index}, one bar per input: ${ranked[0].name} moves the output most (${formatSignificant(ranked[0].value, 3)}). The numbers are in the table below.`,
      );
    }
    const f = (v) => formatSignificant(v, 4);
    const body = rows
      .map(
        (r) =>
          `<tr><th scope="row">${escapeHtml(r.name)}</th><td data-value="${r.x}">${f(r.x)}</td><td data-value="${r.value}">${f(r.value)}</td></tr>`,
      )
      .join("");
    $("saliency-table").innerHTML =
      `<caption>Saliency of ${set.toLowerCase()} example #${example.index}</caption><thead><tr><th scope="col">input</th><th scope="col">x (as trained on)</th><th scope="col">∂ŷ/∂x</th></tr></thead><tbody>${body}</tbody>`;
  }
}

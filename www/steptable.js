// The stepped batch's numbers as a table, for a screen reader or a
// handout: one row a neuron (layer, neuron, z, a, δ) of the example shown,
// each number once its phase has computed it, else "not yet". The phase
// sentence above it (aria-live) announces each phase; the table follows.

import { formatNumber } from "./render/format.js";
import { computed } from "./stepview.js";
import { neuronName } from "./view.js";

/**
 * The rows for `step` (`lab.stepState()`), `model` (view.js' `stepModel`)
 * and the example shown (`example`, its place in the batch): `{ name, z, a,
 * delta }`, texts as the diagram writes them.
 */
export function stepRows(step, model, example) {
  const done = computed(step);
  const layers = model.sizes.length - 1;
  const rows = [];
  for (let l = 0; l < layers; l += 1) {
    const width = model.sizes[l + 1];
    const value = (has, values, j) => (has ? formatNumber(values[l][example * width + j], 6) : "not yet");
    for (let j = 0; j < width; j += 1) {
      rows.push({
        name: neuronName(l, j, layers, model.outputLabels),
        z: value(done.z.has(l), step.z, j),
        a: value(done.a.has(l), step.a, j),
        delta: value(done.delta.has(l), step.gradZ, j),
      });
    }
  }
  return rows;
}

/** Writes the table into `container` (a `<details>`'s body), captioned with the example. */
export function drawStepTable(container, rows, caption) {
  const table = document.createElement("table");
  table.className = "step-table";
  const title = document.createElement("caption");
  title.textContent = caption;
  const head = document.createElement("thead");
  head.innerHTML = '<tr><th scope="col">neuron</th><th scope="col">z</th><th scope="col">a</th><th scope="col">δ = ∂L/∂z</th></tr>';
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = row.name;
    tr.append(name);
    for (const key of ["z", "a", "delta"]) {
      const td = document.createElement("td");
      td.textContent = row[key];
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(title, head, body);
  container.replaceChildren(table);
}

// "The input space as a layer sees it" (in the "What did it learn?" panel):
// pick a layer and two of its neurons, or its two principal components
// (computed in the engine over the examples' activations), and see the
// examples, and for points on a plane the plane's grid, in those
// coordinates, live while training: the layers pull the classes apart.

import { CLASS_COLOR_NAMES } from "./render/colors.js";
import { formatSignificant } from "./render/format.js";
import { drawRepresentation } from "./render/represent.js";

/** While playing, redraw at most this often. */
const PLAYING_MS = 150;

const $ = (id) => document.getElementById(id);

const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** Fills a select with `[value, text]` options, keeping its value if it is still one of them. */
function fill(select, options, fallback) {
  const keep = select.value;
  select.replaceChildren(
    ...options.map(([value, text]) => {
      const option = document.createElement("option");
      option.value = String(value);
      option.textContent = text;
      return option;
    }),
  );
  select.value = options.some(([value]) => String(value) === keep) ? keep : String(fallback);
}

export class RepresentationView {
  constructor(page) {
    this.page = page;
    this.key = null;
    this.at = -Infinity;
    this.shape = null;
    for (const id of ["represent-layer", "represent-axes", "represent-x", "represent-y"]) {
      $(id).addEventListener("change", () => {
        if (id === "represent-layer") this.fillNeurons();
        this.key = null;
        this.render();
      });
    }
  }

  reset() {
    this.key = null;
  }

  /** The layer menu for the network's shape (kept while the shape stays). */
  fillLayers(sizes) {
    const shape = sizes.join(",");
    if (shape === this.shape) return;
    this.shape = shape;
    const layers = sizes.length - 1;
    const options = sizes.slice(1).map((n, l) => [l, l === layers - 1 ? `Output (${n})` : `Hidden layer ${l + 1} (${n})`]);
    // The last hidden layer by default: the one the output reads.
    fill($("represent-layer"), options, Math.max(0, layers - 2));
    this.fillNeurons();
  }

  fillNeurons() {
    const sizes = this.page.lab.snapshot().sizes;
    const width = sizes[Number($("represent-layer").value) + 1];
    const options = Array.from({ length: width }, (_, j) => [j, `neuron ${j + 1}`]);
    fill($("represent-x"), options, 0);
    fill($("represent-y"), options, Math.min(1, width - 1));
  }

  /** Redraws when the run or the choice changed (throttled while playing). */
  render() {
    const { lab, version, playing } = this.page;
    this.fillLayers(lab.snapshot().sizes);
    const axes = $("represent-axes").value;
    $("represent-neurons").hidden = axes !== "neurons";
    const [layer, first, second] = ["represent-layer", "represent-x", "represent-y"].map((id) => Number($(id).value));
    const key = `${lab.batches}:${version}:${lab.timeline().viewing}:${layer}:${axes}:${first}:${second}`;
    if (key === this.key || (playing && performance.now() - this.at < PLAYING_MS)) return;
    this.key = key;
    this.at = performance.now();
    let r;
    try {
      r = lab.representation(layer, axes, first, second);
    } catch (error) {
      $("represent-status").textContent = error.message;
      $("represent-canvas").hidden = true;
      return;
    }
    $("represent-canvas").hidden = false;
    this.draw(r);
  }

  /** Whether the examples' labels are classes, and their names. */
  classes() {
    const { table, catalog, config } = this.page;
    if (table) return table.classNames.length ? table.classNames : null;
    const problem = catalog.datasets.find((d) => d.name === config.dataset).problem;
    if (problem === "regression") return null;
    const count = problem === "binary" ? 2 : config.classes;
    return Array.from({ length: count }, (_, k) => `class ${k + 1} (${CLASS_COLOR_NAMES[k]})`);
  }

  draw(r) {
    const layerName = $("represent-layer").selectedOptions[0].textContent.replace(/ \(\d+\)$/, "");
    const labels = r.pca
      ? r.pca.explained.map((share, k) => `principal component ${k + 1} (${Math.round(share * 100)} % of the spread)`)
      : r.neurons.map((j) => `neuron ${j + 1}'s a`);
    const names = this.classes();
    drawRepresentation($("represent-canvas"), r, Boolean(names), labels);
    const [[trainShown, trainOf], [testShown, testOf]] = r.shown;
    const sampled =
      trainShown < trainOf || testShown < testOf ? ` (evenly spaced: ${trainShown} of ${trainOf} training, ${testShown} of ${testOf} test)` : "";
    const grid = r.grid.length ? " The grey lines are a grid over the input plane, carried through the same layers." : "";
    $("represent-status").textContent =
      `Epoch ${this.page.lab.epoch}: ${layerName} in ${r.pca ? "its two principal components" : `neurons ${r.neurons[0] + 1} and ${r.neurons[1] + 1}`}; dots are training examples, rings test examples${sampled}.${grid}`;
    $("represent-canvas").setAttribute(
      "aria-label",
      `The examples as ${layerName.toLowerCase()} sees them: across ${labels[0]}, up ${labels[1]}.${grid} Where each class sits is in the table below.`,
    );
    this.table(r, names, labels);
  }

  /** The text alternative: the axes, and each class's centre and spread (or, for values, the points' range). */
  table(r, names, labels) {
    const f = (v) => formatSignificant(v, 4);
    const rows = [];
    if (names) {
      names.forEach((name, k) => {
        const points = [];
        r.train_labels.forEach((label, e) => {
          if (label === k) points.push([r.train[2 * e], r.train[2 * e + 1]]);
        });
        if (!points.length) return;
        const mean = [0, 1].map((d) => points.reduce((s, p) => s + p[d], 0) / points.length);
        const spread = [0, 1].map((d) => Math.sqrt(points.reduce((s, p) => s + (p[d] - mean[d]) ** 2, 0) / points.length));
        rows.push([name, points.length, ...mean, ...spread]);
      });
    } else {
      const xs = r.train.filter((_, k) => k % 2 === 0);
      const ys = r.train.filter((_, k) => k % 2 === 1);
      const mean = (vs) => vs.reduce((s, v) => s + v, 0) / vs.length;
      const sd = (vs) => Math.sqrt(vs.reduce((s, v) => s + (v - mean(vs)) ** 2, 0) / vs.length);
      rows.push(["all training examples", xs.length, mean(xs), mean(ys), sd(xs), sd(ys)]);
    }
    const body = rows
      .map(
        ([name, n, ...numbers]) =>
          `<tr><th scope="row">${escapeHtml(name)}</th><td>${n}</td>${numbers.map((v) => `<td data-value="${v}">${f(v)}</td>`).join("")}</tr>`,
      )
      .join("");
    $("represent-table").innerHTML =
      `<caption>Where the training examples sit (across: ${escapeHtml(labels[0])}; up: ${escapeHtml(labels[1])})</caption>` +
      `<thead><tr><th scope="col">${names ? "class" : "examples"}</th><th scope="col">count</th><th scope="col">mean across</th><th scope="col">mean up</th><th scope="col">spread across</th><th scope="col">spread up</th></tr></thead><tbody>${body}</tbody>`;
  }
}

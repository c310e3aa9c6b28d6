// The "Loss landscape" panel: opened on demand, it asks the engine for the
// loss over a plane through the current weights, along the straight path
// from the start, the sharpness and the last step's parabola, and draws
// them with one sentence each and the numbers as tables. Recomputed on
// demand and, while open, when the run moves (every few epochs while
// playing: a plane costs tens of milliseconds).

import { formatNumber, formatSignificant } from "./render/format.js";
import { drawPathCurve, drawPlane } from "./render/landscape.js";
import { pathSentence, planeShape, shapeSentence, sharpnessSentence, stepSentence } from "./landscape-text.js";

/** While playing, recompute at most every this many epochs and milliseconds (and ten times the last computation's time). */
const PLAYING_EPOCHS = 10;
const PLAYING_MS = 2000;
/** The random directions' seed (fixed: the picture stays put while the run moves). */
const SEED = 1;
/** The most rows and columns of the plane's table (every k-th point, the centre kept). */
const TABLE_POINTS = 11;

const $ = (id) => document.getElementById(id);

/** Text made safe for the tables' HTML (names can come from a CSV's columns). */
const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** A parameter's name from the inspector's target, or from the engine's layout. */
function paramName(target) {
  if (target.name) return target.name;
  const l = target.layer + 1;
  return target.kind === "bias" ? `b of layer ${l}, neuron ${target.neuron + 1}` : `w of layer ${l}, ${target.input + 1} → ${target.neuron + 1}`;
}

export class LandscapePanel {
  constructor(page) {
    this.page = page;
    this.section = $("landscape");
    this.toggle = $("landscape-toggle");
    this.axes = null;
    this.key = null;
    this.last = { epoch: -Infinity, at: -Infinity, ms: 0 };
    this.toggle.addEventListener("click", () => this.setOpen(this.section.hidden));
    $("landscape-compute").addEventListener("click", () => this.compute());
    for (const id of ["landscape-directions", "landscape-resolution", "landscape-range"]) $(id).addEventListener("change", () => this.compute());
    $("landscape-axis-x").addEventListener("click", () => this.pickAxis(0));
    $("landscape-axis-y").addEventListener("click", () => this.pickAxis(1));
  }

  get open() {
    return !this.section.hidden;
  }

  /** Opens (computing at once, and bringing it into view) or closes the panel. */
  setOpen(open) {
    this.section.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (!open) return;
    this.compute();
    this.section.scrollIntoView({ block: "nearest" });
  }

  /** A new network shape: the chosen weights may no longer exist. */
  reset() {
    this.axes = null;
    this.picked = null;
    $("landscape-picked").textContent = "Select a weight or a bias in the diagram (then close the inspector) to use it here.";
    this.key = null;
    if (this.open) this.compute();
  }

  /** The two weights of the "two weights" plane: picked in the diagram, else the first two parameters. */
  weightAxes() {
    if (this.axes) return this.axes;
    const layout = this.page.screen.layout;
    const first = { kind: "weight", layer: 0, neuron: 0, input: 0, index: layout.weight(0, 0, 0) };
    const second =
      layout.sizes[0] > 1
        ? { kind: "weight", layer: 0, neuron: 0, input: 1, index: layout.weight(0, 0, 1) }
        : { kind: "bias", layer: 0, neuron: 0, index: layout.bias(0, 0) };
    return [first, second];
  }

  /** Makes the weight or bias last selected in the diagram axis `k` (0: across, 1: up). */
  pickAxis(k) {
    if (!this.picked) {
      $("landscape-status").textContent = "Select a weight or a bias first: click a connection or a neuron in the diagram, then close the inspector.";
      return;
    }
    const axes = [...this.weightAxes()];
    axes[k] = this.picked;
    this.axes = axes;
    $("landscape-directions").value = "weights";
    this.compute();
  }

  /** Remembers the last weight or bias selected in the diagram (the inspector covers this panel while open). */
  notePicked() {
    const target = this.page.selection.selected?.target;
    if (target?.index === undefined || target.index === null || target === this.picked) return;
    this.picked = target;
    $("landscape-picked").textContent = `Last selected: ${paramName(target)}.`;
  }

  /** Called every frame: recomputes when open and the run has moved (while playing, every few epochs). */
  render() {
    this.notePicked();
    if (!this.open) return;
    const { lab, playing, version } = this.page;
    const key = `${lab.batches}:${version}:${lab.timeline().viewing}`;
    if (key === this.key) return;
    // While playing, at most a tenth of the time goes here (a large data set's plane takes seconds).
    const wait = Math.max(PLAYING_MS, 10 * this.last.ms);
    if (playing && (lab.epoch - this.last.epoch < PLAYING_EPOCHS || performance.now() - this.last.at < wait)) return;
    this.compute();
  }

  /** Asks the engine for everything the panel shows, and draws it. */
  compute() {
    if (!this.open) return;
    const { lab, config, version } = this.page;
    this.key = `${lab.batches}:${version}:${lab.timeline().viewing}`;
    this.last = { epoch: lab.epoch, at: performance.now(), ms: 0 };
    const directions = $("landscape-directions").value;
    const rangeText = $("landscape-range").value.trim();
    const options = { directions, seed: SEED, resolution: Number($("landscape-resolution").value) };
    if (rangeText !== "") options.range = Number(rangeText);
    const axes = this.weightAxes();
    if (directions === "weights") [options.first, options.second] = axes.map((a) => a.index);
    $("landscape-weights").hidden = directions !== "weights";
    $("landscape-axes-note").textContent = `x: ${paramName(axes[0])}; y: ${paramName(axes[1])}`;
    const started = performance.now();
    let plane;
    try {
      plane = lab.landscape(options);
    } catch (error) {
      this.plane = null;
      $("landscape-status").textContent = error.message;
      $("landscape-plane").hidden = true;
      return;
    }
    const ms = performance.now() - started;
    this.plane = plane;
    this.curve = lab.landscapePath();
    this.sharpness = lab.sharpness(SEED);
    let step = null;
    try {
      step = lab.lastStep();
    } catch {
      // No step yet (or none since going back): nothing to say about it.
    }
    this.step = step;
    this.last.ms = performance.now() - started;
    const examples = lab.metricsSample[0][0];
    $("landscape-status").textContent =
      `Epoch ${lab.epoch}: ${plane.resolution} × ${plane.resolution} points, each the training loss over ${examples.toLocaleString("en")} examples, in ${Math.round(ms)} ms.`;
    $("landscape-plane").hidden = false;
    this.draw(config);
  }

  /** Axis names for the plane's directions. */
  labels() {
    const plane = this.plane;
    if (plane.directions === "weights") return this.weightAxes().map((a) => `Δ ${paramName(a)}`);
    if (plane.directions === "path") {
      return plane.explained.map((share, k) => `direction ${k + 1} of the path (${Math.round(share * 100)} %)`);
    }
    return ["α (random direction 1)", "β (random direction 2)"];
  }

  draw(config) {
    const plane = this.plane;
    const labels = this.labels();
    drawPlane($("landscape-plane"), plane, labels);
    drawPathCurve($("landscape-path"), this.curve);
    const shape = planeShape(plane);
    $("landscape-shape").textContent =
      `Now ${formatSignificant(plane.center, 4)}; the lowest point of the picture ${formatSignificant(plane.min.loss, 4)} at (${formatNumber(plane.min.alpha, 2)}, ${formatNumber(plane.min.beta, 2)}). ` +
      shapeSentence(shape);
    $("landscape-plane").setAttribute(
      "aria-label",
      `Loss over a plane through the current weights, ${labels[0]} across, ${labels[1]} up, the training path drawn on it: ${shapeSentence(shape)} The numbers are in the tables below.`,
    );
    $("landscape-path-text").textContent = pathSentence(this.curve);
    $("landscape-sharpness").textContent = sharpnessSentence(this.sharpness, config.optimizer.kind);
    $("landscape-step").textContent = this.step ? stepSentence(this.step) : "No step has been taken from this point yet.";
    this.tables(labels);
  }

  /** The text alternative: the plane (every k-th point), the path curve and the readings. */
  tables(labels) {
    const { plane, curve, sharpness, step } = this;
    const res = plane.resolution;
    const every = Math.max(1, Math.ceil((res - 1) / (TABLE_POINTS - 1)));
    const mid = (res - 1) / 2;
    const picks = Array.from({ length: res }, (_, i) => i).filter((i) => (i - mid) % every === 0);
    const cell = (text, head = false) => `<${head ? "th" : "td"}>${escapeHtml(text)}</${head ? "th" : "td"}>`;
    const f = (v) => formatSignificant(v, 4);
    const rows = picks
      .slice()
      .reverse()
      .map((j) => `<tr>${cell(f(plane.coords[j]), true)}${picks.map((i) => cell(f(plane.losses[j * res + i]))).join("")}</tr>`);
    const planeTable =
      `<table class="landscape-table"><caption>Training loss on the plane (rows: ${escapeHtml(labels[1])}; columns: ${escapeHtml(labels[0])}; every ${every === 1 ? "" : `${every}th `}point)</caption>` +
      `<thead><tr>${cell("up \\ across", true)}${picks.map((i) => cell(f(plane.coords[i]), true)).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
    const pathRows = curve.t
      .map((t, k) => [t, curve.losses[k]])
      .filter((_, k) => k % 5 === 0)
      .map(([t, loss]) => `<tr>${cell(f(t), true)}${cell(f(loss))}</tr>`);
    const pathTable = `<table class="landscape-table"><caption>Training loss along the straight path (t = 0: start, t = 1: now)</caption><thead><tr>${cell("t", true)}${cell("loss", true)}</tr></thead><tbody>${pathRows.join("")}</tbody></table>`;
    const readings = [
      ["Loss now", f(plane.center)],
      ["Lowest loss in the picture", `${f(plane.min.loss)} at (${f(plane.min.alpha)}, ${f(plane.min.beta)})`],
      ["Curvature at now, eigenvalues", plane.curvature_eigenvalues.map(f).join(", ")],
      ["Sharpness λ", `${f(sharpness.lambda)} (${sharpness.iterations} power iterations)`],
      ["2 / learning rate", f(sharpness.threshold)],
      ["Last step: loss before, halfway, after", step ? [step.before, step.halfway, step.after].map(f).join(", ") : "–"],
      ["Last step: lowest point of the parabola (in steps)", step?.vertex != null ? f(step.vertex) : "–"],
    ].map(([name, value]) => `<tr>${cell(name, true)}${cell(value)}</tr>`);
    const readingsTable = `<table class="landscape-table"><caption>Readings</caption><tbody>${readings.join("")}</tbody></table>`;
    // The plane's table is wider than a phone: it scrolls, reachable by keyboard.
    const scroller = `<div class="landscape-scroll" tabindex="0" role="region" aria-label="The plane's losses, scrollable">${planeTable}</div>`;
    $("landscape-tables").innerHTML = readingsTable + scroller + pathTable;
  }
}

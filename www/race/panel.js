// The Race dialog: the user picks what differs and its values, then Start /
// Pause / Reset. The copies (race/run.js) train on the page's data in turns
// within a frame's training time (pace.js' budget); the chart, the maps and
// the tables (render/race.js) follow. Any copy can become the main run.

import { freshLab } from "../fresh.js";
import { FRAME_BUDGET_MS, TRAIN_BUDGET_MS } from "../pace.js";
import { formatNumber } from "../render/format.js";
import { RaceMaps, drawLegend, drawRaceChart, fillCurveTable, fillResultTable } from "../render/race.js";
import { neuronStyles } from "../view.js";
import { KINDS, checkCount, choices, defaultValues, parseValues } from "./kinds.js";
import { Race } from "./run.js";

const $ = (id) => document.getElementById(id);
/** The maps' grid: enough to see a boundary at thumbnail size. */
const MAP_RESOLUTION = 48;
/** While racing, the maps and tables redraw a few times a second (the chart every frame). */
const SLOW_REDRAW_MS = 250;

/** The sentence under a seed race: the spread of its final losses. */
export function spreadSentence(spreads, kind) {
  const s = spreads.train;
  if (!s) return "";
  const range = `from ${formatNumber(s.min, 4)} to ${formatNumber(s.max, 4)} (median ${formatNumber(s.median, 4)})`;
  if (kind === "optimizer") {
    return `Final training loss ${range}. Forward passes count the examples each method ran through the network: a gradient method once per example (and back once), conjugate gradient again for every point its line search tries, the evolution strategy twice per pair of nudges, with no gradient: its estimate needs more nudges the more weights there are.`;
  }
  if (kind !== "seed") return `Final training loss ${range}.`;
  return `Same network, same data, different starting weights: the final training loss runs ${range}, each seed settling in its own valley.`;
}

export class RacePanel {
  /** `page`: the controller (its Lab, lab, config, catalog, screen, start()). */
  constructor(page) {
    this.page = page;
    this.dialog = $("race");
    this.race = new Race((config) => freshLab(page, config));
    this.maps = new RaceMaps($("race-maps"));
    this.running = false;
    this.frame = null;
    this.drawnAt = 0;
    this.renderCost = 0;
    /** Each racing frame's whole work in ms (for the test interface). */
    this.frameWork = [];
    /** What the chart last drew (for the test interface). */
    this.chartDrawn = null;
    const kind = $("race-kind");
    for (const [name, { label }] of Object.entries(KINDS)) kind.add(new Option(label, name));
    kind.addEventListener("change", () => this.fillValues());
    $("race-toggle").addEventListener("click", () => this.open());
    $("race-start").addEventListener("click", () => this.start());
    $("race-pause").addEventListener("click", () => (this.running ? this.pause() : this.resume()));
    $("race-reset").addEventListener("click", () => this.reset());
    $("race-test").addEventListener("change", () => this.draw(true));
    $("race-log").addEventListener("change", () => this.draw(true));
    this.dialog.addEventListener("close", () => this.pause());
    // The page's shortcuts (Space, R, arrows) act on the main run: not from inside the race.
    this.dialog.addEventListener("keydown", (e) => e.key !== "Escape" && e.stopPropagation());
  }

  open() {
    if (this.race.copies.length === 0) this.fillValues();
    this.page.pause();
    this.dialog.showModal();
    this.draw(true);
  }

  /** The values field for the kind chosen, with its defaults for the page's setup. */
  fillValues() {
    const kind = $("race-kind").value;
    const page = this.page;
    const values = defaultValues(kind, page.config, page.catalog, page.lab.metricsSample[0][1]);
    const box = $("race-values");
    if (KINDS[kind].numeric) {
      const input = document.createElement("input");
      input.type = "text";
      input.id = "race-values-text";
      input.value = values.join(", ");
      input.setAttribute("inputmode", "decimal");
      const label = document.createElement("label");
      label.append(`${KINDS[kind].label} values (2 to 6, separated by commas) `, input);
      box.replaceChildren(label);
    } else {
      const legend = document.createElement("legend");
      legend.textContent = `${KINDS[kind].label}s to race (2 to 6)`;
      const boxes = choices(kind, page.catalog).map(({ value, label }) => {
        const check = document.createElement("label");
        check.className = "check";
        const input = document.createElement("input");
        input.type = "checkbox";
        input.value = value;
        input.checked = values.includes(value);
        check.append(input, ` ${label}`);
        return check;
      });
      const set = document.createElement("fieldset");
      set.className = "race-choices";
      set.append(legend, ...boxes);
      box.replaceChildren(set);
    }
  }

  /** The values the user chose, or an Error naming what is wrong. */
  chosen(kind) {
    if (KINDS[kind].numeric) return parseValues(kind, $("race-values-text").value, this.page.catalog);
    return checkCount(
      kind,
      [...$("race-values").querySelectorAll("input:checked")].map((i) => i.value),
    );
  }

  /** Starts a new race from the page's setup as it is now. */
  start() {
    const kind = $("race-kind").value;
    const error = $("race-error");
    const epochs = Number($("race-epochs").value);
    try {
      if (!(Number.isSafeInteger(epochs) && epochs >= 1 && epochs <= 100000)) {
        throw new Error(`Epochs “${$("race-epochs").value}” cannot be used; expected a whole number from 1 to 100000`);
      }
      this.race.start(this.page.config, kind, this.chosen(kind), epochs, this.page.catalog);
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    error.textContent = "";
    // The data's kind as the race began: the page may change its data while the race is shown.
    this.shape = { problem: this.page.screen.shape.problem, rows: this.page.screen.shape.rows };
    this.maps.build(this.race.copies.map((c) => c.label));
    drawLegend(
      $("race-legend"),
      this.race.copies.map((c) => c.label),
    );
    this.frameWork = [];
    this.draw(true);
    this.resume();
  }

  resume() {
    if (this.race.done) return;
    this.running = true;
    this.syncButtons();
    this.frame ??= requestAnimationFrame(() => this.tick());
  }

  pause() {
    if (this.running) {
      this.race.settle();
      this.race.read();
    }
    this.running = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.syncButtons();
    this.draw(true);
  }

  reset() {
    this.pause();
    this.race.free();
    this.maps.build([]);
    drawLegend($("race-legend"), []);
    this.draw(true);
  }

  /** A racing frame: the copies train in turns within what drawing leaves of the frame, then the pictures follow. */
  tick() {
    this.frame = null;
    if (!this.running) return;
    const started = performance.now();
    const budget = Math.max(1, Math.min(TRAIN_BUDGET_MS, FRAME_BUDGET_MS - this.renderCost));
    this.race.train(budget);
    this.race.read();
    if (this.race.done) this.running = false;
    const drawStart = performance.now();
    this.draw(!this.running);
    this.renderCost = 0.8 * this.renderCost + 0.2 * (performance.now() - drawStart);
    this.frameWork.push(performance.now() - started);
    if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
    if (this.running) this.frame = requestAnimationFrame(() => this.tick());
    else this.syncButtons();
  }

  syncButtons() {
    const pause = $("race-pause");
    const copies = this.race.copies.length > 0;
    pause.disabled = !copies || (!this.running && this.race.done);
    pause.textContent = this.running || pause.disabled ? "Pause" : "Resume";
    $("race-reset").disabled = !copies;
    const done = this.race.done;
    $("race-status").textContent = !copies
      ? "Pick what differs, then Start: each copy trains the page's setup on the same data and the same split."
      : `${this.running ? "Racing" : done ? "Finished" : "Paused"}: ${this.race.copies.length} copies, epoch ${this.slowestEpoch()} of ${this.race.target}.`;
  }

  slowestEpoch() {
    return Math.min(...this.race.results().map((r) => r.epoch));
  }

  /** The curves as the chart draws them: training or test loss. */
  curves() {
    const test = $("race-test").checked;
    return this.race.copies.map((c) => ({ epochs: c.curve.epochs, values: test ? c.curve.test : c.curve.train }));
  }

  /** Draws the chart (every call) and, when `all` or a few times a second, the maps and the tables. */
  draw(all = false) {
    if (!this.dialog.open) return;
    const what = $("race-test").checked ? "Test loss" : "Training loss";
    $("race-chart").setAttribute("aria-label", `${what} of each copy by epoch, one line per copy; the numbers are in the table below`);
    this.chartDrawn = drawRaceChart($("race-chart"), this.curves(), $("race-log").checked);
    const now = performance.now();
    if (!all && now - this.drawnAt < SLOW_REDRAW_MS) return;
    this.drawnAt = now;
    if (this.running) this.syncButtons();
    this.drawMaps();
    const results = this.race.results();
    const problem = this.shape?.problem;
    fillResultTable($("race-table"), results, { accuracy: problem !== "regression", promote: (i) => this.promote(i) });
    $("race-results").hidden = results.length === 0;
    $("race-spread").textContent = spreadSentence(this.race.spreads(), this.race.kind);
    fillCurveTable(
      $("race-curve-table"),
      this.curves(),
      results.map((r) => r.label),
      what,
    );
  }

  drawMaps() {
    const rows = this.shape?.rows === 1 ? 1 : MAP_RESOLUTION;
    this.race.copies.forEach((copy, i) => {
      if (!copy.lab) return;
      const snapshot = copy.lab.snapshot();
      copy.grid = copy.lab.evaluateGrid(MAP_RESOLUTION, copy.grid);
      const outputs = snapshot.sizes.at(-1);
      const neurons = snapshot.sizes.slice(1).reduce((a, b) => a + b, 0);
      const styles = neuronStyles(snapshot, copy.lab.config(), this.page.catalog, false, this.shape.problem);
      const style = outputs > 1 ? { kind: "classes", count: outputs } : styles.at(-1)[0];
      this.maps.draw(i, copy.grid, (neurons - outputs) * MAP_RESOLUTION * rows, MAP_RESOLUTION, rows, style);
    });
  }

  /** Copy `i` becomes the main run: its weights, optimizer state and settings are the page's, and the address follows. */
  promote(i) {
    this.pause();
    const lab = this.race.promote(i);
    this.page.start(lab, this.page.source);
    this.syncButtons();
    this.draw(true);
    this.dialog.close();
  }
}

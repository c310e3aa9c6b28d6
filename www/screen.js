// The screen: the renderers of the network, the output and the loss chart,
// and the frame they draw. It asks view.js for plain view data from the
// engine's snapshot, step state and grid, and hands it to the renderers;
// the controller says when (a new shape: `rebuild`; a new frame: `render`).

import { HealthPanel } from "./health.js";
import { LandscapePanel } from "./landscape.js";
import { LearnedPanel } from "./learned.js";
import { LossChart } from "./render/chart.js";
import { ExampleViews, exampleLabels } from "./examples.js";
import { WeightGallery } from "./render/gallery.js";
import { NetworkView } from "./render/network.js";
import { OutputView } from "./render/output.js";
import { drawReadouts, drawShape, drawTimeline } from "./render/readouts.js";
import { drawEvaluations } from "./searching.js";
import { formatSignificant } from "./render/format.js";
import { COMPACT_INPUTS, imageInk, imageSide, inkScale, inputShades, planePoints, tableAxes, tableInputs, weightImages } from "./tableview.js";
import * as views from "./view.js";

/** Grid resolution of every heatmap (the output's and each neuron's). */
const RESOLUTION = 100;
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_NEURONS = 16;

const $ = (id) => document.getElementById(id);

/** A table's plane (its first two inputs, or one) and the problem its target poses. */
function tableKind(table) {
  const classes = table.classNames.length;
  return { dims: Math.min(2, table.inputNames.length), problem: classes === 0 ? "regression" : classes > 2 ? "multiclass" : "binary" };
}

export class Screen {
  /** `page`: the controller; `on`: the network diagram's intents (edits, hover, leave, select). */
  constructor(page, on) {
    this.page = page;
    this.network = new NetworkView({ container: $("network"), layersEl: $("network-layers"), edgesCanvas: $("edges"), on });
    this.output = new OutputView($("output"), { onPick: (split, index) => page.pick(split, index) });
    this.chart = new LossChart($("chart"));
    this.gallery = new WeightGallery($("weight-gallery"), on.select);
    this.landscape = new LandscapePanel(page);
    this.learned = new LearnedPanel(page);
    this.health = new HealthPanel(page);
    this.examples = new ExampleViews(page);
  }

  /** The run started again: the loss chart, the health charts and the landscape read it afresh. */
  resetCharts() {
    this.chart.reset();
    this.health.reset();
    this.landscape.reset();
    this.learned.reset();
  }

  /** Rebuilds everything that depends on the architecture or the data. */
  rebuild() {
    const page = this.page;
    const c = page.config;
    const table = page.table;
    const { dims, problem } = table ? tableKind(table) : page.catalog.datasets.find((d) => d.name === c.dataset);
    const rows = dims === 1 ? 1 : RESOLUTION;
    // A table's rows as trained on (every input), and as the plane shows them (its slice's two inputs).
    page.sliceControls.sync();
    this.rows = table ? page.lab.points() : null;
    const slice = table ? page.lab.slice() : null;
    this.points = table ? planePoints(this.rows, table, slice) : page.lab.points();
    page.whatIf.rebuild();
    const shown = page.example.split === "what-if" ? page.example.from : page.example;
    if (shown.index >= this.points[shown.split].length) page.example = { split: "train", index: 0 };
    this.examples.rebuild();
    // A table's inputs are its columns: no feature maps (the heatmaps show a slice of them).
    const names = table ? [] : page.catalog.features.filter((f) => dims === 2 || !f.usesX2).map((f) => f.name);
    const featureMaps = table ? null : page.Lab.featureMaps(names, RESOLUTION, dims);
    const features = table ? { offsets: {}, styles: {} } : views.featureView(featureMaps, names, RESOLUTION * rows);
    const axes = table ? tableAxes(table, slice) : undefined;
    // What every frame draws with until the next rebuild.
    this.shape = { catalog: page.catalog, res: RESOLUTION, rows, points: this.points, featureMaps, features, problem, axes };
    const snapshot = page.lab.snapshot();
    if (this.layout) page.selection.reshaped(this.layout.sizes, snapshot.sizes);
    this.layout = views.paramLayout(page.lab, snapshot.sizes);
    const shape = views.networkShape(snapshot, c, page.catalog, this.layout, MAX_NEURONS);
    if (table) {
      const compact = table.inputNames.length > COMPACT_INPUTS;
      const side = imageSide(table.inputNames);
      Object.assign(shape, { features: tableInputs(table), compact, imageSide: side });
      this.ink = side ? inkScale(this.rows, table) : null;
    }
    this.network.setShape(shape);
    drawShape({ hiddenLayers: c.hidden.length, maxHiddenLayers: MAX_HIDDEN_LAYERS, classification: problem !== "regression" });
    page.controls.sync(c);
    this.sampleNote(page.lab.metricsSample);
    this.resetCharts();
    page.requestRender();
  }

  /** New points under the same network (drawn ones): what the output, the examples and the pace read. */
  repoint() {
    const page = this.page;
    this.points = page.lab.points();
    this.shape.points = this.points;
    if (page.example.index >= this.points[page.example.split].length) page.example = { split: "train", index: 0 };
    this.sampleNote(page.lab.metricsSample);
    page.requestRender();
  }

  /** A table's new slice (`lab.slice()`): its rows placed again on the plane, the axes named again. */
  reslice() {
    const { table, lab } = this.page;
    if (!table) return;
    const slice = lab.slice();
    this.points = planePoints(this.rows, table, slice);
    Object.assign(this.shape, { points: this.points, axes: tableAxes(table, slice) });
  }

  /** Says when the metrics are measured on a sample of a large data set (`lab.metricsSample`). */
  sampleNote([[trainUsed, trainOf], [testUsed, testOf]]) {
    const note = $("metrics-sample");
    const count = (n) => n.toLocaleString("en");
    note.hidden = trainUsed === trainOf && testUsed === testOf;
    note.textContent = `Measured on a fixed sample: ${count(trainUsed)} of ${count(trainOf)} training, ${count(testUsed)} of ${count(testOf)} test examples.`;
  }

  render() {
    const page = this.page;
    const lab = page.lab;
    const snapshot = lab.snapshot();
    // In step mode the example shown is the batch's, decided before anything draws it.
    const step = page.steps.stepping ? lab.stepState() : null;
    const shown = page.steps.shownExample(step, this.points.train.length);
    if (shown !== null) page.example = { split: "train", index: shown };
    // The grid is one array, refilled every frame.
    const state = { config: page.config, view: page.view, selected: page.selection.target, example: page.example, step };
    const frame = views.frameViews(snapshot, lab.evaluateGrid(RESOLUTION, this.grid), { ...this.shape, ...state });
    this.grid = frame.network.grid;
    // Drawn points the engine cannot train on yet are drawn as they are; the eraser shows its reach.
    if (page.draw.shown) Object.assign(frame.output, { points: page.draw.shown, selected: null });
    frame.output.brush = page.draw.brush;
    // The example shown, run by the engine: a table's inputs show its values, and the neurons its numbers when asked.
    const values = page.valuesShown && !step;
    const run = page.table || values ? page.exampleRun() : null;
    if (page.table) {
      // A table's inputs show the example's values (an image's, its picture); a square image's first layer, each neuron's weights.
      const image = imageSide(page.table.inputNames);
      frame.network.inputShades = image ? null : inputShades(run.inputs, page.table);
      frame.network.inputInk = image ? imageInk(run.inputs, page.table, this.ink) : null;
      frame.network.weightImages = weightImages(snapshot.params, this.layout, image);
    }
    this.network.update(frame.network);
    this.gallery.draw(frame.network.weightImages ?? null, this.network.firstLayerTargets());
    $("edge-scale").textContent = this.network.scaleText();
    this.output.draw(frame.output);
    // The loss chart continues from where it was; after a restart, or once
    // the engine has thinned a long history, it reads it again whole.
    const history = lab.history(this.chart.consumed);
    const restarted = history.length < this.chart.consumed || history.thinned !== this.chart.thinned;
    if (restarted) this.chart.reset();
    this.chart.append(restarted ? lab.history(0) : history);
    this.chart.draw();
    this.health.render();
    const rate = page.playing ? page.pace.rate.value : null;
    drawReadouts({ metrics: snapshot.metrics, epoch: lab.epoch, batches: lab.batches, rate, example: page.example });
    drawEvaluations(snapshot.optimizer);
    this.renderRate();
    this.renderStep(snapshot, step, values ? exampleLabels(run) : null);
    this.renderTimeline();
    this.landscape.render();
    this.learned.render();
    page.whatIf.render(page.example.split === "what-if" ? run : null);
    this.examples.render();
  }

  /** Step mode's labels, phase strip and sentence, the checks, and the inspector; outside step mode, `values` (view.js' `exampleLabels`) or none. */
  renderStep(snapshot, step, values) {
    const page = this.page;
    const model = views.stepModel(snapshot, page.config, page.catalog);
    if (page.table) model.inputLabels = page.table.inputNames;
    // Checks are looked up only when there are some: outside step mode that needs the stepState.
    const checks = page.checks.size ? page.checksNow(page.steps.stepping ? step : undefined) : page.checks;
    $("check-summary").textContent = checks.summary();
    page.steps.render(step, model, this.points.train.length, checks.disagree, values);
    page.selection.refresh(snapshot, step, model, checks);
  }

  /** Beside the schedule: the learning rate it sets now (the next batch's), when it changes it. */
  renderRate() {
    const { lab, config } = this.page;
    const el = $("lr-now");
    el.hidden = config.schedule.kind === "constant";
    if (!el.hidden) el.textContent = `now ${formatSignificant(lab.learningRate, 3)} at epoch ${lab.epoch}`;
  }

  renderTimeline() {
    const page = this.page;
    const past = drawTimeline(page.lab.timeline());
    this.chart.setMarker(past);
    // The last past moment looked at is where continuing starts from.
    if (past !== null) this.pastEpoch = past;
    this.renderReplaced();
    if (past === null) return page.messages.remove("timeline");
    const text = `Looking back at epoch ${past}. Play or step to continue from here: the later epochs will be replaced. “Back to now” returns.`;
    page.messages.show("warning", text, [], "timeline");
  }

  /** After continuing from a past moment: which epochs were replaced, with Undo (and the replaced run forgotten when dismissed). */
  renderReplaced() {
    const page = this.page;
    const replaced = page.lab.replacedEpoch ?? null;
    if (replaced === this.replaced) return;
    this.replaced = replaced;
    if (replaced === null) return page.messages.remove("replaced");
    const from = this.pastEpoch ?? 0;
    const lost =
      replaced > from + 1
        ? `epochs ${from + 1}–${replaced} were replaced`
        : replaced === from + 1
          ? `epoch ${replaced} was replaced`
          : "the later batches were replaced";
    const undo = { label: "Undo", action: () => page.undoReplace() };
    page.messages.show("warning", `Continued from epoch ${from}; ${lost}.`, [], "replaced", undo, () => page.lab.keepPresent());
  }
}

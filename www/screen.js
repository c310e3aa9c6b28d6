// The screen: the renderers of the network, the output and the loss chart,
// and the frame they draw. It asks view.js for plain view data from the
// engine's snapshot, step state and grid, and hands it to the renderers;
// the controller says when (a new shape: `rebuild`; a new frame: `render`).

import { LossChart } from "./render/chart.js";
import { NetworkView } from "./render/network.js";
import { OutputView } from "./render/output.js";
import { drawReadouts, drawShape, drawTimeline } from "./render/readouts.js";
import * as views from "./view.js";

/** Grid resolution of every heatmap (the output's and each neuron's). */
const RESOLUTION = 100;
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_NEURONS = 16;

const $ = (id) => document.getElementById(id);

export class Screen {
  /** `page`: the controller; `on`: the network diagram's intents (edits, hover, leave, select). */
  constructor(page, on) {
    this.page = page;
    this.network = new NetworkView({ container: $("network"), layersEl: $("network-layers"), edgesCanvas: $("edges"), on });
    this.output = new OutputView($("output"), { onPick: (split, index) => page.pick(split, index) });
    this.chart = new LossChart($("chart"));
  }

  /** Rebuilds everything that depends on the architecture or the data. */
  rebuild() {
    const page = this.page;
    const c = page.config;
    const { dims, problem } = page.catalog.datasets.find((d) => d.name === c.dataset);
    const rows = dims === 1 ? 1 : RESOLUTION;
    this.points = page.lab.points();
    if (page.example.index >= this.points[page.example.split].length) page.example = { split: "train", index: 0 };
    const names = page.catalog.features.filter((f) => dims === 2 || !f.usesX2).map((f) => f.name);
    const featureMaps = page.Lab.featureMaps(names, RESOLUTION, dims);
    const features = views.featureView(featureMaps, names, RESOLUTION * rows);
    // What every frame draws with until the next rebuild.
    this.shape = { catalog: page.catalog, res: RESOLUTION, rows, points: this.points, featureMaps, features };
    const snapshot = page.lab.snapshot();
    if (this.layout) page.selection.reshaped(this.layout.sizes, snapshot.sizes);
    this.layout = views.paramLayout(page.lab, snapshot.sizes);
    this.network.setShape(views.networkShape(snapshot, c, page.catalog, this.layout, MAX_NEURONS));
    drawShape({ hiddenLayers: c.hidden.length, maxHiddenLayers: MAX_HIDDEN_LAYERS, classification: problem !== "regression" });
    page.controls.sync(c);
    this.sampleNote(page.lab.metricsSample);
    this.chart.reset();
    page.requestRender();
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
    // The grid is one array, refilled every frame.
    const state = { config: page.config, view: page.view, selected: page.selection.target, example: page.example };
    const frame = views.frameViews(snapshot, lab.evaluateGrid(RESOLUTION, this.grid), { ...this.shape, ...state });
    this.grid = frame.network.grid;
    this.network.update(frame.network);
    $("edge-scale").textContent = this.network.scaleText();
    this.output.draw(frame.output);
    // The loss chart continues from where it was; after a restart it starts over.
    const history = lab.history(this.chart.consumed);
    const restarted = history.length < this.chart.consumed;
    if (restarted) this.chart.reset();
    this.chart.append(restarted ? lab.history(0) : history);
    this.chart.draw();
    const rate = page.playing ? page.rate.value : null;
    drawReadouts({ metrics: snapshot.metrics, epoch: lab.epoch, batches: lab.batches, rate, example: page.example });
    this.renderStep(snapshot);
    this.renderTimeline();
  }

  /** Step mode's labels, phase strip and sentence, the checks, and the inspector. */
  renderStep(snapshot) {
    const page = this.page;
    const step = page.steps.stepping ? page.lab.stepState() : null;
    const model = views.stepModel(snapshot, page.config, page.catalog);
    // Checks are looked up only when there are some: outside step mode that needs the stepState.
    const checks = page.checks.size ? page.checksNow(page.steps.stepping ? step : undefined) : page.checks;
    $("check-summary").textContent = checks.summary();
    const shown = page.steps.render(step, model, this.points.train.length, checks.disagree);
    if (shown !== null) page.example = { split: "train", index: shown };
    page.selection.refresh(snapshot, step, model, checks);
  }

  renderTimeline() {
    const page = this.page;
    const past = drawTimeline(page.lab.timeline());
    this.chart.setMarker(past);
    if (past === null) return page.messages.remove("timeline");
    const text = `Looking back at epoch ${past}. Play or step to continue from here: the later epochs will be replaced. “Back to now” returns.`;
    page.messages.show("warning", text, [], "timeline");
  }
}

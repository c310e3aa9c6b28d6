// The controller: owns the engine handle (a `Lab`) and the animation loop,
// turns the user's intents (from keys.js, the controls and the renderers)
// into engine calls, asks the screen (screen.js) to draw, and is the only
// writer of the page's address (through address.js, which also opens the
// page from it).

import { followAddress, openAddress, writeAddress } from "./address.js";
import { GradChecks } from "./checks.js";
import { Classroom } from "./classroom/classroom.js";
import { fixup, networkEdits } from "./config-rules.js";
import { Controls } from "./controls.js";
import { DataPanel } from "./data.js";
import { DrawPanel } from "./draw.js";
import { bindButtons, bindKeys } from "./keys.js";
import { Messages } from "./messages.js";
import { Pace } from "./pace.js";
import { Presenter } from "./present.js";
import { RacePanel } from "./race/panel.js";
import { drawPlaying } from "./render/readouts.js";
import { MAX_HIDDEN_LAYERS, MAX_NEURONS, Screen } from "./screen.js";
import { Selection } from "./selection.js";
import { TrainTimePanel } from "./traintime.js";
import { previewPoints } from "./setup.js";
import { bindShare, keepModel } from "./share.js";
import { SliceControls } from "./slice.js";
import { StepMode } from "./stepmode.js";
import { Lessons } from "./teach/lessons.js";
import { WhatIf } from "./whatif.js";

const $ = (id) => document.getElementById(id);

export class Controller {
  constructor(Lab) {
    this.Lab = Lab;
    this.catalog = Lab.catalog();
    this.lab = null;
    /** The table the data comes from (`lab.table()`) and where it came from (data.js' source), or null for generated data. */
    this.table = null;
    this.source = null;
    /** Where the run came from when it is a model's (a file or a link: `{ from, table }`, share.js), else null. */
    this.modelOrigin = null;
    this.playing = false;
    this.frame = null;
    this.dirty = false;
    /** The example the diagram shows: `{ split, index }` of a set, or the what-if's input `{ split: "what-if", values, from }`. */
    this.example = { split: "train", index: 0 };
    /** Whether the neurons show the example's numbers outside step mode. */
    this.valuesShown = false;
    /** Each playing frame's whole work in ms, for the frame benchmark. */
    this.frameWork = [];
    /** How much a playing frame trains, and the rate (pace.js). */
    this.pace = new Pace();
    /** Counts changes of the parameters or settings that no batch counter shows. */
    this.version = 0;
    this.checks = new GradChecks();
    this.messages = new Messages($("messages"));
    this.steps = new StepMode(this);
    this.controls = new Controls(this.catalog, {
      change: (mutate) => this.change(mutate),
      regenerate: () => this.change((c) => (c.seed = Lab.randomSeed())),
      newWeights: () => this.change((c) => (c.weight_seed = Lab.randomSeed())),
      previewPoints: (dataset) => previewPoints(this, dataset),
      chooseDataset: (dataset) => this.chooseDataset(dataset),
      onTable: () => this.source !== null || this.draw.drawing !== null,
    });
    this.data = new DataPanel(this);
    this.edits = networkEdits({
      catalog: this.catalog,
      config: () => this.config,
      change: (mutate) => this.change(mutate),
      warn: (text) => this.messages.show("warning", text, [], "config"),
      maxNeurons: MAX_NEURONS,
      maxHiddenLayers: MAX_HIDDEN_LAYERS,
    });
    this.screen = new Screen(this, {
      ...this.edits,
      hover: (target, rect) => this.selection.hover(target, rect),
      leave: () => this.selection.leave(),
      select: (target) => this.selection.select(target),
    });
    this.selection = new Selection(this);
    this.draw = new DrawPanel(this);
    this.lessons = new Lessons(this);
    this.classroom = new Classroom(this);
    this.presenter = new Presenter(this);
    this.sliceControls = new SliceControls(this);
    this.whatIf = new WhatIf(this);
    this.race = new RacePanel(this);
    this.trainTime = new TrainTimePanel(this);
    bindButtons(this);
    bindKeys(this);
    bindShare(this);
    followAddress(this);
  }

  // ---- The address and the setup -------------------------------------------

  /** Starts from the address: its settings where usable, defaults elsewhere (a table's rows fetched or read back first). */
  load(hash) {
    return openAddress(this, hash);
  }

  /**
   * Replaces the lab (from the address, a saved setup, a table, drawn
   * points or a model) and starts afresh; `source` says where a table came
   * from, `origin` where a model's run came from (this tab then keeps it for
   * a reload), `reopened` a drawing brought back from this tab (draw.js).
   */
  start(lab, source = null, origin = null, reopened = null) {
    this.pause();
    this.lab?.free();
    this.lab = lab;
    this.table = lab.table();
    this.source = this.table ? source : null;
    // The address names the table (and a column choice other than the default); the config holds the rest.
    this.view.table = this.source?.table ?? "";
    this.view.columns = this.source?.columns ?? "";
    this.modelOrigin = origin;
    this.view.model = origin ? "kept" : "";
    keepModel(this);
    this.pace.restart();
    this.config = lab.config();
    this.draw.take(lab, reopened);
    this.view.points = this.draw.drawing ? "drawn" : "";
    this.version += 1;
    this.selection.close();
    this.steps.setMode("train");
    this.screen.rebuild();
    this.writeUrl();
  }

  writeUrl() {
    writeAddress(this);
  }

  /** The slice of a table's inputs changed (slice.js): the points, the axes and the address follow. */
  sliced() {
    this.screen.reslice();
    this.writeUrl();
    this.requestRender();
  }

  setView(key, value) {
    this.view[key] = value;
    if (key === "log_scale") this.screen.chart.setLog(value === "true");
    this.writeUrl();
    this.requestRender();
  }

  // ---- Data -----------------------------------------------------------------

  /** A generated data set: on a table or drawn points, a fresh lab (with the settings from before the table); else a change of data. */
  chooseDataset(dataset) {
    if (this.source === null && this.draw.drawing === null) return this.change((c) => (c.dataset = dataset));
    // Drawn points: the settings now; a table: those from before it.
    const before = this.source === null ? this.config : (this.data.beforeTable ?? { ...this.catalog.defaults, seed: this.config.seed });
    const next = { ...structuredClone(before), dataset };
    fixup(next, before, this.catalog);
    this.messages.remove("data");
    this.messages.remove("draw");
    this.start(new this.Lab(next));
  }

  // ---- Changing the network --------------------------------------------------

  /** Applies `mutate` to a copy of the config; the engine keeps what still holds. */
  change(mutate) {
    const previous = this.config;
    const next = structuredClone(previous);
    mutate(next);
    fixup(next, previous, this.catalog);
    try {
      this.lab.setConfig(next);
    } catch (error) {
      this.messages.show("error", error.message, [], "config");
      this.controls.sync(previous);
      return false;
    }
    this.messages.remove("config");
    this.pace.restart();
    this.config = this.lab.config();
    this.version += 1;
    const shape = (c) => JSON.stringify([c.features, c.hidden, c.output_activation, c.loss, c.dataset, c.classes]);
    if (shape(previous) !== shape(this.config) || this.lab.batches === 0) {
      this.screen.rebuild();
    } else {
      // Drawn points take a new training share under the same network: what shows them follows.
      if (previous.train_fraction !== this.config.train_fraction) this.screen.repoint();
      this.controls.sync(this.config);
      this.requestRender();
    }
    this.writeUrl();
    return true;
  }

  /** The points changed under the same network (drawn ones, draw.js): what shows them follows. */
  pointsChanged() {
    this.version += 1;
    this.pace.restart();
    this.view.points = this.draw.drawing ? "drawn" : "";
    this.screen.repoint();
    this.controls.sync(this.config);
    this.writeUrl();
  }

  /** Sets one weight or bias by hand; returns the engine's error message, or null. */
  setParam(index, value) {
    try {
      this.lab.setParam(index, value);
    } catch (error) {
      return error.message;
    }
    this.version += 1;
    // A new weight changes every number of the batch: compute them again.
    if (this.steps.stepping) this.lab.runTo("backward");
    this.requestRender();
    return null;
  }

  // ---- Training and the loop -------------------------------------------------

  play() {
    if (this.playing || this.draw.refuseTraining()) return;
    if (this.lab.diverged) return this.showDivergence();
    this.steps.setMode("train");
    this.playing = true;
    drawPlaying(true);
    this.pace.start(this.lab.examples);
    this.requestRender();
  }

  pause() {
    // The paused frame draws what waits for a pause (the confusion matrices).
    if (this.playing) this.requestRender();
    // Paused mid-epoch: the metrics are measured for the network as it stands,
    // so every number shown (the metrics, the chart, the confusion matrices) is of it.
    if (this.playing && this.lab.recordMetricsIfMoved()) this.screen.chart.draw();
    this.playing = false;
    drawPlaying(false);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  step(unit) {
    this.pause();
    if (this.draw.refuseTraining()) return;
    this.steps.setMode("train");
    const report = unit === "epoch" ? this.lab.trainEpochs(1) : this.lab.trainBatches(1);
    if (report.diverged) this.showDivergence();
    this.requestRender();
  }

  reset() {
    this.pause();
    this.lab.reset();
    // The seed's weights: the address alone opens them again.
    this.modelOrigin = null;
    this.view.model = "";
    keepModel(this);
    this.version += 1;
    this.messages.remove("diverged");
    this.screen.resetCharts();
    this.requestRender();
  }

  scrub(index) {
    this.pause();
    if (index >= this.lab.timeline().length - 1) this.lab.viewPresent();
    else this.lab.viewAt(index);
    this.requestRender();
  }

  /** Brings back the run that continuing from a past moment replaced. */
  undoReplace() {
    this.pause();
    this.steps.setMode("train");
    this.lab.undoReplace();
    this.version += 1;
    this.screen.resetCharts();
    this.requestRender();
  }

  showDivergence() {
    this.pause();
    const text =
      `Training stopped at epoch ${this.lab.epoch}: a weight or the loss became NaN or infinite. ` +
      `The steps were too large (learning rate ${this.lab.learningRate}); lower the learning rate, then go back.`;
    const back = () => {
      this.lab.restoreLastFinite();
      this.version += 1;
      this.messages.remove("diverged");
      this.screen.resetCharts();
      this.requestRender();
    };
    this.messages.show("error", text, [], "diverged", { label: "Go back to the last finite state", action: back });
  }

  requestRender() {
    this.dirty = true;
    if (this.frame === null) this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  tick(now) {
    this.frame = null;
    const started = performance.now();
    if (this.playing) {
      if (this.pace.train(this.lab, this.view.speed, this.screen.points.train.length, this.config.batch_size)) this.showDivergence();
      this.pace.measure(now, this.lab.examples);
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      const drawn = performance.now();
      this.screen.render();
      this.pace.drawn(performance.now() - drawn);
      // The address follows the moment shown (not while playing: nothing to share mid-flight).
      if (!this.playing) this.writeUrl();
    }
    if (this.playing) {
      this.frameWork.push(performance.now() - started);
      if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
      this.frame = requestAnimationFrame((t) => this.tick(t));
    }
  }

  // ---- Gradient checks -------------------------------------------------------

  /** The checks of the batch, phase and parameters now (`step` the stepState if at hand). */
  checksNow(step = this.lab.stepState()) {
    return this.checks.at(`${this.lab.batches}:${step ? step.done : "-"}:${this.version}`);
  }

  /** Finite differences for every parameter; the ones that disagree are marked. */
  checkAll() {
    const checks = this.checksNow();
    checks.setAll(this.lab.gradCheck());
    $("check-summary").textContent = checks.summary();
    this.requestRender();
  }

  // ---- The example shown -----------------------------------------------------

  pick(split, index) {
    this.example = { split, index };
    this.requestRender();
  }

  moveExample(by) {
    const { split, index } = this.example.split === "what-if" ? this.example.from : this.example;
    const length = this.screen.points[split].length;
    this.pick(split, (index + by + length) % length);
  }

  /** Whether the neurons show the example's numbers (a) outside step mode. */
  showValues(on) {
    this.valuesShown = on;
    $("show-values").checked = on;
    this.requestRender();
  }

  /** The example shown, run by the engine on its own: a set's (`lab.example`) or the what-if's input (`lab.predict`). */
  exampleRun() {
    const { split, index, values } = this.example;
    return split === "what-if" ? this.lab.predict(values) : this.lab.example(split, index);
  }
}

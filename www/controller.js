// The controller: owns the engine handle (a `Lab`) and the animation loop,
// turns the user's intents (from keys.js, the controls and the renderers)
// into engine calls, asks the screen (screen.js) to draw, and is the only
// writer of the page's address.

import { GradChecks } from "./checks.js";
import { Controls, fixup, networkEdits, previewConfig } from "./controls.js";
import { DataPanel } from "./data.js";
import { bindButtons, bindKeys, showView } from "./keys.js";
import { Messages } from "./messages.js";
import { drawPlaying } from "./render/readouts.js";
import { MAX_HIDDEN_LAYERS, MAX_NEURONS, Screen } from "./screen.js";
import { Selection } from "./selection.js";
import { StepMode } from "./stepmode.js";
import { MOMENT_DEFAULTS, MOMENT_KEYS, parseSelect, readHash, readView, writeHash, writeSelect, writeView } from "./url.js";

/** The most a frame spends training, so the page answers at any speed. */
const TRAIN_BUDGET_MS = 10;
/** A frame's whole work aims at this: training gets what drawing leaves (at least one batch). */
const FRAME_BUDGET_MS = 14;
const VIEW_DEFAULTS = { edges: "weight", show_test: "false", discretize: "false", log_scale: "false", speed: "1", table: "", columns: "" };

const $ = (id) => document.getElementById(id);

export class Controller {
  constructor(Lab) {
    this.Lab = Lab;
    this.catalog = Lab.catalog();
    this.lab = null;
    /** The table the data comes from (`lab.table()`) and where it came from (data.js' source), or null for generated data. */
    this.table = null;
    this.source = null;
    this.playing = false;
    this.frame = null;
    this.dirty = false;
    this.example = { split: "train", index: 0 };
    this.rate = { time: 0, examples: 0, value: NaN };
    /** Each playing frame's whole work in ms, for the frame benchmark. */
    this.frameWork = [];
    /** Recent cost of a batch and of drawing a frame, in ms: how much training fits a frame. */
    this.cost = { batch: null, render: 0 };
    /** Counts changes of the parameters or settings that no batch counter shows. */
    this.version = 0;
    this.checks = new GradChecks();
    this.messages = new Messages($("messages"));
    this.steps = new StepMode(this);
    this.controls = new Controls(this.catalog, {
      change: (mutate) => this.change(mutate),
      regenerate: () => this.change((c) => (c.seed = Lab.randomSeed())),
      newWeights: () => this.change((c) => (c.weight_seed = Lab.randomSeed())),
      previewPoints: (dataset) => this.previewPoints(dataset),
      chooseDataset: (dataset) => this.chooseDataset(dataset),
      onTable: () => this.source !== null,
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
    bindButtons(this);
    bindKeys(this);
    window.addEventListener("hashchange", () => {
      if (readHash() !== this.writtenHash) this.load(readHash());
    });
  }

  // ---- The address and the setup -------------------------------------------

  /** Starts from the address: its settings where usable, defaults elsewhere (a table's rows fetched or read back first). */
  async load(hash) {
    const warnings = [];
    let config = { ...this.catalog.defaults, seed: this.Lab.randomSeed() };
    let read = { view: { ...VIEW_DEFAULTS, ...MOMENT_DEFAULTS } };
    if (hash !== "") {
      const parsed = this.Lab.parseQuery(hash);
      read = readView(parsed.unknown, { ...VIEW_DEFAULTS, ...MOMENT_DEFAULTS });
      config = parsed.config;
      warnings.push(...parsed.warnings, ...read.warnings);
    }
    // The moment (step mode's batch, phase, example, selection) lives in the engine and the selection, not in `view`.
    const { mode, batch, phase, example, select } = read.view;
    this.view = Object.fromEntries(Object.entries(read.view).filter(([key]) => !MOMENT_KEYS.includes(key)));
    this.messages.clear();
    this.example = { split: "train", index: 0 };
    const opened = this.view.table ? await this.data.reopen(this.view, config, warnings) : null;
    this.start(opened?.lab ?? new this.Lab(config), opened?.source ?? null);
    warnings.push(...this.openMoment({ mode, batch, phase, example, select }));
    if (warnings.length) this.messages.show("warning", "Some settings in this link could not be used:", warnings, "url");
    showView(this.view);
    this.screen.chart.log = this.view.log_scale === "true";
  }

  /** Replaces the lab (from the address, a saved setup, a table or a model) and starts afresh; `source` says where a table came from. */
  start(lab, source = null) {
    this.pause();
    this.lab?.free();
    this.lab = lab;
    this.table = lab.table();
    this.source = this.table ? source : null;
    // The address names the table (and a column choice other than the default); the config holds the rest.
    this.view.table = this.source?.table ?? "";
    this.view.columns = this.source?.columns ?? "";
    this.cost.batch = null;
    this.config = lab.config();
    this.version += 1;
    this.selection.close();
    this.steps.setMode("train");
    this.screen.rebuild();
    this.writeUrl();
  }

  writeUrl() {
    const moment = { ...this.steps.moment(), select: writeSelect(this.selection.selected?.target) };
    this.writtenHash = `${this.lab.query()}&${writeView({ ...this.view, ...moment })}`;
    writeHash(this.writtenHash);
  }

  /** Copies the address of the moment shown, and says whether its settings alone replay it to these weights. */
  async copyMoment() {
    this.writeUrl();
    const url = window.location.href;
    const batches = Number(this.steps.moment().batch ?? this.lab.batches);
    const replay = new this.Lab(this.config);
    replay.trainBatches(batches);
    const now = this.lab.stepState()?.before.params ?? this.lab.snapshot().params;
    const same = replay.snapshot().params.every((v, i) => Object.is(v, now[i]));
    replay.free();
    let copied = true;
    await navigator.clipboard?.writeText(url).catch(() => (copied = false));
    const text = copied && navigator.clipboard ? "Link to this moment copied." : `Copy this link to share this moment: ${url}`;
    const caveat = same
      ? []
      : ["A setting or a weight was changed during this run, so the link replays its batches with today's settings: its weights will differ."];
    this.messages.show(same ? "status" : "warning", text, caveat, "link");
  }

  /** Opens a link's moment (strings from the address, already well-formed); returns a warning per key that does not fit this network. */
  openMoment(moment) {
    if (moment.mode !== "step") {
      const stray = MOMENT_KEYS.filter((key) => key !== "mode" && moment[key] !== MOMENT_DEFAULTS[key]);
      return stray.length ? [`${stray.join(", ")}: only read with mode=step; ignored`] : [];
    }
    const warnings = this.steps.openMoment(Number(moment.batch), Number(moment.phase), Number(moment.example));
    if (moment.select !== "") {
      const target = this.selection.targetFor(parseSelect(moment.select));
      if (target) this.selection.select(target);
      else warnings.push(`select: “${moment.select}” is not in this network; nothing is selected`);
    }
    this.writeUrl();
    return warnings;
  }

  setView(key, value) {
    this.view[key] = value;
    if (key === "log_scale") this.screen.chart.setLog(value === "true");
    this.writeUrl();
    this.requestRender();
  }

  /** The setup (every setting, seed included) as the JSON text "Save setup" downloads. */
  setupJson() {
    return JSON.stringify(JSON.parse(this.lab.configJson()), null, 2);
  }

  /** Starts from a saved setup; a bad file is reported and changes nothing. */
  loadSetup(text, name) {
    let lab;
    try {
      lab = this.Lab.fromJson(text);
    } catch (error) {
      this.messages.show("error", `${name} was not loaded: ${error.message}. Nothing changed.`, [], "setup");
      return;
    }
    this.messages.remove("setup");
    this.start(lab);
  }

  /** The engine's points for a data set, for its thumbnail. */
  previewPoints(dataset) {
    const lab = new this.Lab(previewConfig(dataset, this.catalog.datasets.find((d) => d.name === dataset).dims));
    const points = lab.points();
    lab.free();
    return points;
  }

  // ---- Data -----------------------------------------------------------------

  /** A generated data set: on a table, a fresh lab with the settings from before the table; else a change of data. */
  chooseDataset(dataset) {
    if (this.source === null) return this.change((c) => (c.dataset = dataset));
    const before = this.data.beforeTable ?? { ...this.catalog.defaults, seed: this.config.seed };
    const next = { ...structuredClone(before), dataset };
    fixup(next, before, this.catalog);
    this.messages.remove("data");
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
    this.cost.batch = null;
    this.config = this.lab.config();
    this.version += 1;
    const shape = (c) => JSON.stringify([c.features, c.hidden, c.output_activation, c.loss, c.dataset, c.classes]);
    if (shape(previous) !== shape(this.config) || this.lab.batches === 0) {
      this.screen.rebuild();
    } else {
      this.controls.sync(this.config);
      this.requestRender();
    }
    this.writeUrl();
    return true;
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
    if (this.playing) return;
    if (this.lab.diverged) return this.showDivergence();
    this.steps.setMode("train");
    this.playing = true;
    drawPlaying(true);
    this.rate = { time: performance.now(), examples: this.lab.examples, value: this.rate.value };
    this.requestRender();
  }

  pause() {
    // The paused frame draws what waits for a pause (the confusion matrices).
    if (this.playing) this.requestRender();
    this.playing = false;
    drawPlaying(false);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  step(unit) {
    this.pause();
    this.steps.setMode("train");
    const report = unit === "epoch" ? this.lab.trainEpochs(1) : this.lab.trainBatches(1);
    if (report.diverged) this.showDivergence();
    this.requestRender();
  }

  reset() {
    this.pause();
    this.lab.reset();
    this.version += 1;
    this.messages.remove("diverged");
    this.screen.chart.reset();
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
    this.screen.chart.reset();
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
      this.screen.chart.reset();
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
      this.trainFrame();
      this.measureRate(now);
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      const drawn = performance.now();
      this.screen.render();
      this.cost.render = 0.8 * this.cost.render + 0.2 * (performance.now() - drawn);
      // The address follows the moment shown (not while playing: nothing to share mid-flight).
      if (!this.playing) this.writeUrl();
    }
    if (this.playing) {
      this.frameWork.push(performance.now() - started);
      if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
      this.frame = requestAnimationFrame((t) => this.tick(t));
    }
  }

  /**
   * One frame's training at the chosen speed, in slices of batches within
   * what drawing leaves of the frame (at most TRAIN_BUDGET_MS; "max" fills
   * it). A whole epoch that fits is trained at once, so "1 epoch / frame"
   * means one epoch on a small set; a large set's epoch spans frames.
   */
  trainFrame() {
    const speed = this.view.speed;
    const lab = this.lab;
    if (speed === "batch" || speed === "10batches") {
      if (lab.trainBatches(speed === "batch" ? 1 : 10).diverged) this.showDivergence();
      return;
    }
    const start = performance.now();
    const budget = Math.max(1, Math.min(TRAIN_BUDGET_MS, FRAME_BUDGET_MS - this.cost.render));
    const left = () => budget - (performance.now() - start);
    const target = speed === "max" ? Infinity : lab.epoch + Number(speed);
    const perEpoch = Math.ceil(this.screen.points.train.length / Math.max(1, this.config.batch_size));
    let report = { diverged: false };
    for (let first = true; lab.epoch < target && (first || left() > 0) && !report.diverged; first = false) {
      const sliceStart = performance.now();
      // The first slice of a run is one batch: it measures what a batch costs.
      const fits = this.cost.batch !== null && this.cost.batch * perEpoch <= left();
      const batches = this.cost.batch === null ? 1 : Math.max(1, Math.floor(left() / this.cost.batch));
      report = fits ? lab.trainEpochs(1) : lab.trainBatches(batches);
      if (report.batches > 0) this.cost.batch = (performance.now() - sliceStart) / report.batches;
    }
    if (report.diverged) this.showDivergence();
  }

  measureRate(now) {
    const elapsed = now - this.rate.time;
    if (elapsed >= 500) {
      const examples = this.lab.examples;
      this.rate = { time: now, examples, value: ((examples - this.rate.examples) * 1000) / elapsed };
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
    const length = this.screen.points[this.example.split].length;
    this.pick(this.example.split, (this.example.index + by + length) % length);
  }
}

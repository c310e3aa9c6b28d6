// The controller: owns the engine handle (a `Lab`) and the animation loop,
// turns the user's intents (from keys.js, the controls and the renderers)
// into engine calls, hands the renderers the view data of view.js, and is
// the only writer of the page's address.

import { GradChecks } from "./checks.js";
import { Controls, fixup, previewConfig } from "./controls.js";
import { bindButtons, bindKeys } from "./keys.js";
import { Messages } from "./messages.js";
import { formatNumber } from "./render/canvas.js";
import { Card } from "./render/card.js";
import { LossChart } from "./render/chart.js";
import { Editor } from "./render/editor.js";
import { Inspector } from "./render/inspector.js";
import { NetworkView } from "./render/network.js";
import { OutputView } from "./render/output.js";
import { StepMode } from "./stepmode.js";
import { readHash, readView, writeHash, writeView } from "./url.js";
import * as views from "./view.js";

/** Grid resolution of every heatmap (the output's and each neuron's). */
const RESOLUTION = 100;
const MAX_HIDDEN_LAYERS = 8;
const MAX_NEURONS = 16;
/** The most a frame spends training, so the page answers at any speed. */
const TRAIN_BUDGET_MS = 10;
const VIEW_DEFAULTS = { edges: "weight", show_test: "false", discretize: "false", log_scale: "false", speed: "1" };

const $ = (id) => document.getElementById(id);

export class Controller {
  constructor(Lab) {
    this.Lab = Lab;
    this.catalog = Lab.catalog();
    this.lab = null;
    this.playing = false;
    this.frame = null;
    this.dirty = false;
    this.example = { split: "train", index: 0 };
    this.hovered = null;
    this.selected = null;
    this.rate = { time: 0, examples: 0, value: NaN };
    /** Each playing frame's whole work in ms, for the frame benchmark. */
    this.frameWork = [];
    /** Counts changes of the parameters or settings that no batch counter shows. */
    this.version = 0;
    this.checks = new GradChecks();
    this.messages = new Messages($("messages"));
    this.steps = new StepMode(this);
    this.controls = new Controls(this.catalog, {
      change: (mutate) => this.change(mutate),
      regenerate: () => this.change((c) => (c.seed = Lab.randomSeed())),
      previewPoints: (dataset) => this.previewPoints(dataset),
    });
    const neurons = (l, by) => this.change((c) => (c.hidden[l].neurons = Math.min(MAX_NEURONS, Math.max(1, c.hidden[l].neurons + by))));
    this.network = new NetworkView({
      container: $("network"),
      layersEl: $("network-layers"),
      edgesCanvas: $("edges"),
      on: {
        toggleFeature: (name) => this.toggleFeature(name),
        addNeuron: (l) => neurons(l, 1),
        removeNeuron: (l) => neurons(l, -1),
        activation: (l, name) => this.change((c) => (c.hidden[l].activation = name)),
        outputActivation: (name) => this.change((c) => (c.output_activation = name)),
        hover: (target, rect) => this.hover(target, rect),
        leave: () => this.leave(),
        select: (target) => this.select(target),
      },
    });
    this.output = new OutputView($("output"), { onPick: (split, index) => this.pick(split, index) });
    this.chart = new LossChart($("chart"));
    this.card = new Card($("card"));
    this.inspector = new Inspector($("inspector"), {
      select: (target) => this.selectFromFormula(target),
      close: () => this.closeInspector(),
      checkAll: () => this.checkAll(),
    });
    this.editor = new Editor($("inspector"), (index, value) => this.setParam(index, value));
    bindButtons(this);
    bindKeys(this);
    window.addEventListener("hashchange", () => {
      if (readHash() !== this.writtenHash) this.load(readHash());
    });
  }

  // ---- The address and the setup -------------------------------------------

  /** Starts from the address: its settings where usable, defaults elsewhere. */
  load(hash) {
    const warnings = [];
    let config = { ...this.catalog.defaults, seed: this.Lab.randomSeed() };
    this.view = { ...VIEW_DEFAULTS };
    if (hash !== "") {
      const parsed = this.Lab.parseQuery(hash);
      const read = readView(parsed.unknown, VIEW_DEFAULTS);
      config = parsed.config;
      this.view = read.view;
      warnings.push(...parsed.warnings, ...read.warnings);
    }
    this.messages.clear();
    this.example = { split: "train", index: 0 };
    this.start(new this.Lab(config));
    if (warnings.length) this.messages.show("warning", "Some settings in this link could not be used:", warnings, "url");
    for (const radio of document.querySelectorAll('input[name="edges"]')) radio.checked = radio.value === this.view.edges;
    $("show-test").checked = this.view.show_test === "true";
    $("discretize").checked = this.view.discretize === "true";
    $("log-scale").checked = this.view.log_scale === "true";
    $("speed").value = this.view.speed;
    this.chart.log = this.view.log_scale === "true";
  }

  /** Replaces the lab (from the address or a saved setup) and starts afresh. */
  start(lab) {
    this.pause();
    this.lab?.free();
    this.lab = lab;
    this.config = lab.config();
    this.version += 1;
    this.closeInspector();
    this.steps.setMode("train");
    this.rebuild();
    this.writeUrl();
  }

  writeUrl() {
    this.writtenHash = `${this.lab.query()}&${writeView(this.view)}`;
    writeHash(this.writtenHash);
  }

  setView(key, value) {
    this.view[key] = value;
    if (key === "log_scale") this.chart.setLog(value === "true");
    this.writeUrl();
    this.requestRender();
  }

  /** Downloads the setup (every setting, seed included) as a JSON file. */
  saveSetup() {
    const text = JSON.stringify(JSON.parse(this.lab.configJson()), null, 2);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = "backprop-lab-setup.json";
    link.click();
    URL.revokeObjectURL(link.href);
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
    this.config = this.lab.config();
    this.version += 1;
    const shape = (c) => JSON.stringify([c.features, c.hidden, c.output_activation, c.loss, c.dataset, c.classes]);
    if (shape(previous) !== shape(this.config) || this.lab.batches === 0) {
      this.rebuild();
    } else {
      this.controls.sync(this.config);
      this.requestRender();
    }
    this.writeUrl();
    return true;
  }

  toggleFeature(name) {
    const on = this.config.features.includes(name);
    if (on && this.config.features.length === 1) {
      this.messages.show("warning", "The network needs at least one input feature.", [], "config");
      return;
    }
    const order = this.catalog.features.map((f) => f.name);
    this.change((c) => {
      c.features = on ? c.features.filter((f) => f !== name) : [...c.features, name];
      c.features.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    });
  }

  addLayer() {
    if (this.config.hidden.length >= MAX_HIDDEN_LAYERS) return;
    const last = this.config.hidden.at(-1);
    this.change((c) => c.hidden.push({ neurons: 2, activation: last ? last.activation : "tanh" }));
  }

  removeLayer() {
    if (this.config.hidden.length > 0) this.change((c) => c.hidden.pop());
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
    $("play").setAttribute("aria-pressed", "true");
    $("play").setAttribute("aria-label", "Pause (Space)");
    this.rate = { time: performance.now(), examples: this.lab.examples, value: this.rate.value };
    this.requestRender();
  }

  pause() {
    this.playing = false;
    $("play").setAttribute("aria-pressed", "false");
    $("play").setAttribute("aria-label", "Play (Space)");
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
    this.chart.reset();
    this.requestRender();
  }

  scrub(index) {
    this.pause();
    if (index >= this.lab.timeline().length - 1) this.lab.viewPresent();
    else this.lab.viewAt(index);
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
      this.chart.reset();
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
      this.render();
    }
    if (this.playing) {
      this.frameWork.push(performance.now() - started);
      if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
      this.frame = requestAnimationFrame((t) => this.tick(t));
    }
  }

  /** One frame's training at the chosen speed, for at most TRAIN_BUDGET_MS ("max" fills it). */
  trainFrame() {
    const speed = this.view.speed;
    const start = performance.now();
    const within = () => performance.now() - start < TRAIN_BUDGET_MS;
    let report = { diverged: false };
    if (speed === "batch" || speed === "10batches") {
      report = this.lab.trainBatches(speed === "batch" ? 1 : 10);
    } else {
      const epochs = speed === "max" ? Infinity : Number(speed);
      for (let done = 0; done < epochs && (done === 0 || within()) && !report.diverged; done += 1) {
        report = this.lab.trainEpochs(1);
      }
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

  // ---- Drawing ---------------------------------------------------------------

  /** Rebuilds everything that depends on the architecture or the data. */
  rebuild() {
    const c = this.config;
    const dims = this.catalog.datasets.find((d) => d.name === c.dataset).dims;
    this.rows = dims === 1 ? 1 : RESOLUTION;
    this.points = this.lab.points();
    if (this.example.index >= this.points[this.example.split].length) this.example = { split: "train", index: 0 };
    const names = this.catalog.features.filter((f) => dims === 2 || !f.usesX2).map((f) => f.name);
    this.featureMaps = this.Lab.featureMaps(names, RESOLUTION, dims);
    this.features = views.featureView(this.featureMaps, names, RESOLUTION * this.rows);
    const snapshot = this.lab.snapshot();
    this.layout = views.paramLayout(this.lab, snapshot.sizes);
    this.network.setShape(views.networkShape(snapshot, c, this.catalog, this.layout, MAX_NEURONS));
    $("layer-count-label").textContent = `${c.hidden.length} hidden layer${c.hidden.length === 1 ? "" : "s"}`;
    $("add-layer").disabled = c.hidden.length >= MAX_HIDDEN_LAYERS;
    $("remove-layer").disabled = c.hidden.length === 0;
    const classification = this.catalog.datasets.find((d) => d.name === c.dataset).problem !== "regression";
    $("test-accuracy-row").hidden = !classification;
    $("train-accuracy-row").hidden = !classification;
    $("discretize").disabled = !classification;
    this.controls.sync(c);
    this.chart.reset();
    this.requestRender();
  }

  render() {
    const lab = this.lab;
    const snapshot = lab.snapshot();
    // One array, refilled every frame.
    const grid = (this.gridBuffer = lab.evaluateGrid(RESOLUTION, this.gridBuffer));
    const styles = views.neuronStyles(snapshot, this.config, this.catalog, this.view.discretize === "true");
    const { params, grads, delta } = snapshot;
    const maps = { grid, res: RESOLUTION, rows: this.rows, featureMaps: this.featureMaps };
    const features = { featureOffsets: this.features.offsets, featureStyles: this.features.styles };
    this.network.update({ params, grads, delta, mode: this.view.edges, ...maps, ...features, styles, selected: this.selected ?? this.hovered });
    $("edge-scale").textContent = this.network.scaleText();
    const outputs = snapshot.sizes.at(-1);
    const neurons = snapshot.sizes.slice(1).reduce((a, b) => a + b, 0);
    this.output.draw({
      ...maps,
      offset: (neurons - outputs) * RESOLUTION * this.rows,
      style: outputs > 1 ? { kind: "classes", count: outputs } : styles.at(-1)[0],
      points: this.points,
      showTest: this.view.show_test === "true",
      discretize: this.view.discretize === "true",
      selected: this.example,
    });
    // The loss chart continues from where it was; after a restart it starts over.
    const history = lab.history(this.chart.length);
    const restarted = history.length < this.chart.length;
    if (restarted) this.chart.reset();
    this.chart.append(restarted ? lab.history(0) : history);
    this.chart.draw();
    const m = snapshot.metrics;
    const percent = (v) => (v == null ? "–" : `${(v * 100).toFixed(1)} %`);
    $("train-loss").textContent = formatNumber(m?.train_loss, 4);
    $("test-loss").textContent = m?.test_loss == null ? "–" : formatNumber(m.test_loss, 4);
    $("train-accuracy").textContent = percent(m?.train_accuracy);
    $("test-accuracy").textContent = percent(m?.test_accuracy);
    $("epoch").textContent = lab.epoch.toLocaleString("en-US");
    $("batches").textContent = lab.batches.toLocaleString("en-US");
    const rate = this.playing && Number.isFinite(this.rate.value) ? Math.round(this.rate.value).toLocaleString("en-US") : "–";
    $("speed-readout").textContent = rate;
    $("example-label").textContent = `${this.example.split === "train" ? "training" : "test"} #${this.example.index}`;
    if (this.hovered) this.card.refresh(this.cardContent(this.hovered.target, snapshot));
    this.renderStep(snapshot);
    this.renderTimeline();
  }

  /** Step mode's labels, phase strip and sentence, the checks, and the inspector. */
  renderStep(snapshot) {
    const step = this.steps.stepping ? this.lab.stepState() : null;
    const model = views.stepModel(snapshot, this.config, this.catalog);
    // Checks are looked up only when there are some: outside step mode that needs the stepState.
    const checks = this.checks.size ? this.checksNow(this.steps.stepping ? step : undefined) : this.checks;
    $("check-summary").textContent = checks.summary();
    const shown = this.steps.render(step, model, this.points.train.length, checks.disagree);
    if (shown !== null) this.example = { split: "train", index: shown };
    if (this.selected && this.inspector.isOpen) {
      // Redrawn only when its numbers can have changed, so typing is not disturbed.
      const key = [step?.done, step?.batch?.[0], this.steps.example, this.lab.batches, this.version, checks.key, checks.size].join("|");
      if (key !== this.inspectorKey) {
        this.inspectorKey = key;
        this.showInspector(this.selected.target, snapshot, step, model);
      }
    }
  }

  renderTimeline() {
    const timeline = this.lab.timeline();
    const slider = $("timeline");
    const last = timeline.length - 1;
    const viewing = timeline.viewing >= 0;
    const at = viewing ? timeline.viewing : last;
    slider.max = String(Math.max(0, last));
    if (document.activeElement !== slider) slider.value = String(at);
    $("timeline-label").textContent = viewing ? `epoch ${timeline.epoch[at]} of ${timeline.epoch[last]}` : `epoch ${timeline.epoch[last] ?? 0} (now)`;
    $("timeline-now").hidden = !viewing;
    document.body.classList.toggle("viewing-past", viewing);
    this.chart.setMarker(viewing ? timeline.epoch[at] : null);
    if (!viewing) return this.messages.remove("timeline");
    const text = `Looking back at epoch ${timeline.epoch[at]}. Play or step to continue from here: the later epochs will be replaced. “Back to now” returns.`;
    this.messages.show("warning", text, [], "timeline");
  }

  // ---- The example, the card and the inspector -------------------------------

  pick(split, index) {
    this.example = { split, index };
    this.requestRender();
  }

  moveExample(by) {
    const length = this.points[this.example.split].length;
    this.pick(this.example.split, (this.example.index + by + length) % length);
  }

  /** The hover card's numbers for a neuron (of the example shown) or a weight. */
  cardContent(target, snapshot) {
    const { split, index } = this.example;
    const example = target.kind === "weight" ? null : this.lab.example(split, index);
    return views.cardContent(target, snapshot, example, this.example, this.layout);
  }

  hover(target, rect) {
    this.hovered = { target, layer: target.layer, neuron: target.neuron };
    this.card.show(this.cardContent(target, this.lab.snapshot()), rect);
  }

  leave() {
    this.hovered = null;
    this.card.hide();
  }

  /**
   * Opens the inspector on a neuron or weight. Its numbers are a batch's, so
   * outside step mode this steps into the next batch through its backward
   * pass (nothing is updated).
   */
  select(target) {
    this.pause();
    this.card.hide();
    if (!this.steps.stepping || !this.lab.stepState()) {
      this.steps.setMode("step");
      try {
        this.lab.runTo("backward");
      } catch (error) {
        this.messages.show("error", error.message, [], "step");
      }
    }
    this.selected = { target, layer: target.layer, neuron: target.neuron };
    const snapshot = this.lab.snapshot();
    this.showInspector(target, snapshot, this.lab.stepState(), views.stepModel(snapshot, this.config, this.catalog), true);
    this.inspectorKey = null;
    this.requestRender();
  }

  /** The inspector and its editor for `target`; a parameter's gradient check is run once per batch and phase. */
  showInspector(target, snapshot, step, model, focus = false) {
    const index = target.index ?? null;
    const checks = this.checksNow(step);
    let check = index === null ? null : checks.get(index);
    if (index !== null && !check && step) {
      check = this.lab.gradCheck(new Uint32Array([index]))[0];
      checks.set(index, check);
    }
    const example = this.steps.example;
    this.inspector.show(views.inspectorView({ target, snapshot, step, model, layout: this.layout, example, check }), focus);
    this.editor.show(target, views.editorFields(target, model, this.layout), snapshot.params);
  }

  /** A formula's factor was clicked: select the neuron or weight it came from. */
  selectFromFormula(target) {
    if (target.kind === "input") return;
    const layers = this.config.hidden.length + 1;
    const labels = views.outputLabels(this.lab.snapshot().sizes.at(-1));
    const into = target.layer === layers - 1 ? "the output" : `hidden layer ${target.layer + 1}`;
    const name = target.kind === "weight"
      ? `Weight into ${into}, neuron ${target.neuron + 1}, from input ${target.input + 1}`
      : views.neuronName(target.layer, target.neuron, layers, labels);
    this.select({ ...target, name });
  }

  closeInspector() {
    this.selected = null;
    this.inspector.hide();
    this.requestRender();
  }

  /** Escape: closes the card and the inspector. */
  escape() {
    this.card.hide();
    if (this.inspector.isOpen) this.closeInspector();
  }
}

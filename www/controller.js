// The controller: owns the engine handle (a `Lab`) and the animation loop,
// turns the controls' intents into engine calls, and hands plain data to the
// renderers. It is the only writer of the page's address.

import { Controls } from "./controls.js";
import { formatNumber } from "./render/canvas.js";
import { Card } from "./render/card.js";
import { LossChart } from "./render/chart.js";
import { Inspector } from "./render/inspector.js";
import { describe, drawStrip, planFor, stepLabels } from "./render/phases.js";
import { NetworkView } from "./render/network.js";
import { OutputView } from "./render/output.js";
import { readHash, readView, writeHash, writeView } from "./url.js";

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
    this.frameWork = [];
    // Step-through mode: which example of the batch the labels show, and
    // whether they show the whole batch instead.
    this.stepping = false;
    this.stepExample = 0;
    this.batchTotals = false;
    this.disagree = new Set();
    this.checks = new Map();

    this.controls = new Controls(this.catalog, {
      change: (mutate) => this.change(mutate),
      regenerate: () => this.change((c) => (c.seed = Lab.randomSeed())),
      previewPoints: (dataset) => this.previewPoints(dataset),
    });
    this.network = new NetworkView({
      container: $("network"),
      layersEl: $("network-layers"),
      edgesCanvas: $("edges"),
      on: {
        toggleFeature: (name) => this.toggleFeature(name),
        addNeuron: (l) => this.change((c) => (c.hidden[l].neurons = Math.min(MAX_NEURONS, c.hidden[l].neurons + 1))),
        removeNeuron: (l) => this.change((c) => (c.hidden[l].neurons = Math.max(1, c.hidden[l].neurons - 1))),
        activation: (l, name) => this.change((c) => (c.hidden[l].activation = name)),
        outputActivation: (name) => this.change((c) => (c.output_activation = name)),
        hover: (target, rect) => this.hover(target, rect),
        leave: () => this.leave(),
        select: (target, rect) => this.select(target, rect),
      },
    });
    this.output = new OutputView($("output"), {
      onPick: (split, index) => {
        this.example = { split, index };
        this.requestRender();
      },
    });
    this.chart = new LossChart($("chart"));
    this.card = new Card($("card"));
    this.inspector = new Inspector($("inspector"), {
      select: (target) => this.selectFromFormula(target),
      close: () => this.closeInspector(),
      checkAll: () => this.checkAll(),
    });
    this.bindButtons();
    this.bindKeys();
    window.addEventListener("hashchange", () => {
      if (readHash() !== this.writtenHash) this.load(readHash());
    });
  }

  /** Starts from the address: its settings where usable, defaults elsewhere. */
  load(hash) {
    this.pause();
    const messages = [];
    let config;
    let view = { ...VIEW_DEFAULTS };
    if (hash === "") {
      // A first visit: a fresh seed, written into the address so a reload repeats it.
      config = { ...this.catalog.defaults, seed: this.Lab.randomSeed() };
    } else {
      const parsed = this.Lab.parseQuery(hash);
      config = parsed.config;
      messages.push(...parsed.warnings);
      const read = readView(parsed.unknown, VIEW_DEFAULTS);
      view = read.view;
      messages.push(...read.warnings);
    }
    this.view = view;
    this.lab?.free();
    this.lab = new this.Lab(config);
    this.config = this.lab.config();
    this.example = { split: "train", index: 0 };
    this.selected = null;
    this.inspector.hide();
    this.setMode("train");
    this.clearMessages();
    if (messages.length) {
      this.message("warning", "Some settings in this link could not be used:", messages, "url");
    }
    this.syncView();
    this.rebuild();
    this.writeUrl();
  }

  /** The engine's points for a data set, for its thumbnail. */
  previewPoints(dataset) {
    const dims = this.catalog.datasets.find((d) => d.name === dataset).dims;
    const lab = new this.Lab({
      dataset,
      samples: 160,
      train_fraction: 1,
      noise: 0,
      features: dims === 1 ? ["x1"] : ["x1", "x2"],
      loss: dataset === "spirals" || dataset === "blobs" ? "softmax_ce" : "mse",
      output_activation: dataset === "spirals" || dataset === "blobs" ? "softmax" : "tanh",
      hidden: [],
    });
    const points = lab.points();
    lab.free();
    return points;
  }

  // ---- Changing the config -------------------------------------------------

  datasetInfo(name) {
    return this.catalog.datasets.find((d) => d.name === name);
  }

  /** Keeps a changed config consistent the way a user expects (the engine validates it). */
  fixup(next, previous) {
    const now = this.datasetInfo(next.dataset);
    const before = this.datasetInfo(previous.dataset);
    if (now.problem !== before.problem) {
      if (now.problem === "multiclass") {
        next.loss = "softmax_ce";
        next.output_activation = "softmax";
      } else if (now.problem === "regression") {
        next.loss = "mse";
        next.output_activation = "linear";
      } else {
        next.loss = "mse";
        next.output_activation = "tanh";
      }
    }
    const usesX2 = (name) => this.catalog.features.find((f) => f.name === name).usesX2;
    if (now.dims === 1) {
      next.features = next.features.filter((f) => !usesX2(f));
      if (next.features.length === 0) next.features = ["x1"];
    } else if (before.dims === 1) {
      next.features = ["x1", "x2"];
    }
    const loss = this.catalog.losses.find((l) => l.name === next.loss);
    if (!loss.outputs.includes(next.output_activation)) next.output_activation = loss.defaultOutput;
  }

  /** Applies `mutate` to a copy of the config; the engine keeps what still holds. */
  change(mutate) {
    const previous = this.config;
    const next = structuredClone(previous);
    mutate(next);
    this.fixup(next, previous);
    try {
      this.lab.setConfig(next);
    } catch (error) {
      this.message("error", error.message, [], "config");
      this.controls.sync(previous);
      return false;
    }
    this.removeMessage("config");
    this.config = this.lab.config();
    this.forgetChecks();
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
      this.message("warning", "The network needs at least one input feature.", [], "config");
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
    if (this.config.hidden.length === 0) return;
    this.change((c) => c.hidden.pop());
  }

  setParam(index, value) {
    try {
      this.lab.setParam(index, value);
    } catch (error) {
      return error.message;
    }
    // A new weight changes every number of the batch: compute them again.
    this.forgetChecks();
    this.paramsVersion = (this.paramsVersion ?? 0) + 1;
    if (this.stepping) this.lab.runTo("backward");
    this.requestRender();
    return null;
  }

  // ---- Training ------------------------------------------------------------

  play() {
    if (this.playing) return;
    if (this.lab.diverged) {
      this.showDivergence();
      return;
    }
    this.setMode("train");
    this.forgetChecks();
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
    this.setMode("train");
    this.forgetChecks();
    const report = unit === "epoch" ? this.lab.trainEpochs(1) : this.lab.trainBatches(1);
    if (report.diverged) this.showDivergence();
    this.requestRender();
  }

  // ---- Step-through mode ---------------------------------------------------

  setMode(mode) {
    this.stepping = mode === "step";
    document.body.classList.toggle("stepping", this.stepping);
    $("mode-train").setAttribute("aria-pressed", String(!this.stepping));
    $("mode-step").setAttribute("aria-pressed", String(this.stepping));
    if (this.stepping) this.pause();
    this.animateNext = false;
    if (this.network.model) this.network.layout();
    this.requestRender();
  }

  /** Runs a step-mode action; errors (e.g. after divergence) become messages. */
  stepAction(action) {
    if (!this.stepping) this.setMode("step");
    this.pause();
    try {
      action();
    } catch (error) {
      this.message("error", error.message, [], "step");
    }
    this.forgetChecks();
    if (this.lab.diverged) this.showDivergence();
    this.animateNext = true;
    this.requestRender();
  }

  stepNext() {
    this.stepAction(() => this.lab.stepPhase());
  }

  stepBack() {
    this.stepAction(() => this.lab.backPhase());
  }

  /** Back to this batch's start, or (at a start) to the previous batch's. */
  stepBackBatch() {
    this.stepAction(() => {
      const state = this.lab.stepState();
      if (!state) return;
      if (state.done === 0 && !this.lab.backPhase()) return;
      while (this.lab.stepState().done > 0) this.lab.backPhase();
    });
  }

  runTo(until) {
    this.stepAction(() => this.lab.runTo(until));
  }

  moveStepExample(by) {
    const state = this.lab.stepState();
    const n = state ? state.batch.length : this.config.batch_size;
    this.stepExample = (this.stepExample + by + n) % n;
    this.requestRender();
  }

  forgetChecks() {
    this.disagree = new Set();
    this.checks = new Map();
    $("check-summary").textContent = "";
  }

  /** Finite differences for every parameter; the ones that disagree are marked. */
  checkAll() {
    const results = this.lab.gradCheck();
    this.disagree = new Set(results.filter((r) => !r.agrees).map((r) => r.index));
    this.checks = new Map(results.map((r) => [r.index, r]));
    const worst = results.reduce((m, r) => Math.max(m, r.relativeError), 0);
    $("check-summary").textContent = this.disagree.size
      ? `${this.disagree.size} of ${results.length} gradients disagree with finite differences (marked in red).`
      : `All ${results.length} gradients agree with finite differences (largest relative error ${worst.toExponential(1)}).`;
    this.requestRender();
  }

  reset() {
    this.pause();
    this.forgetChecks();
    this.lab.reset();
    this.removeMessage("diverged");
    this.chart.reset();
    this.requestRender();
  }

  showDivergence() {
    this.pause();
    const lr = this.lab.learningRate;
    this.message(
      "error",
      `Training stopped at epoch ${this.lab.epoch}: a weight or the loss became NaN or infinite. ` +
        `The steps were too large (learning rate ${lr}); lower the learning rate, then go back.`,
      [],
      "diverged",
      {
        label: "Go back to the last finite state",
        action: () => {
          this.lab.restoreLastFinite();
          this.removeMessage("diverged");
          this.chart.reset();
          this.requestRender();
        },
      },
    );
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
      // The whole work of a playing frame, for the frame benchmark (bench/frame.mjs).
      this.frameWork.push(performance.now() - started);
      if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
      this.frame = requestAnimationFrame((t) => this.tick(t));
    }
  }

  /**
   * One frame's training at the chosen speed. However large the network, a
   * frame trains for at most TRAIN_BUDGET_MS so the page stays responsive;
   * "max" fills that budget.
   */
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

  // ---- Drawing -------------------------------------------------------------

  /** Rebuilds everything that depends on the architecture or the data. */
  rebuild() {
    const c = this.config;
    const dataset = this.datasetInfo(c.dataset);
    this.dims = dataset.dims;
    this.rows = dataset.dims === 1 ? 1 : RESOLUTION;
    this.points = this.lab.points();
    if (this.example.index >= this.points[this.example.split].length) this.example = { split: "train", index: 0 };
    const features = this.catalog.features.filter((f) => dataset.dims === 2 || !f.usesX2);
    const names = features.map((f) => f.name);
    this.featureMaps = this.Lab.featureMaps(names, RESOLUTION, dataset.dims);
    const pixels = RESOLUTION * this.rows;
    this.featureOffsets = {};
    this.featureStyles = {};
    names.forEach((name, k) => {
      this.featureOffsets[name] = k * pixels;
      let largest = 0;
      for (let p = 0; p < pixels; p += 1) largest = Math.max(largest, Math.abs(this.featureMaps[k * pixels + p]));
      this.featureStyles[name] = { kind: "diverging", center: 0, half: largest || 1 };
    });
    const snapshot = this.lab.snapshot();
    const loss = this.catalog.losses.find((l) => l.name === c.loss);
    const outputs = snapshot.sizes.at(-1);
    this.network.setShape({
      features: features.map((f) => ({ name: f.name, label: f.label, on: c.features.includes(f.name) })),
      sizes: snapshot.sizes,
      activations: snapshot.activations,
      hiddenActivations: this.catalog.activations.filter((a) => a !== "softmax"),
      outputActivations: loss.outputs,
      outputLabels: outputs === 1 ? ["ŷ"] : Array.from({ length: outputs }, (_, k) => `class ${k + 1}`),
      maxNeurons: MAX_NEURONS,
    });
    $("layer-count-label").textContent = `${c.hidden.length} hidden layer${c.hidden.length === 1 ? "" : "s"}`;
    $("add-layer").disabled = c.hidden.length >= MAX_HIDDEN_LAYERS;
    $("remove-layer").disabled = c.hidden.length === 0;
    const classification = dataset.problem !== "regression";
    $("test-accuracy-row").hidden = !classification;
    $("train-accuracy-row").hidden = !classification;
    $("discretize").disabled = !classification;
    this.controls.sync(c);
    this.chart.reset();
    this.requestRender();
  }

  /** How each layer's neurons are coloured: by the range their activation takes. */
  neuronStyles(snapshot) {
    const c = this.config;
    const loss = this.catalog.losses.find((l) => l.name === c.loss);
    const discretize = this.view.discretize === "true";
    const layers = snapshot.activations.length;
    return snapshot.activations.map((activation, l) => {
      const width = snapshot.sizes[l + 1];
      const isOutput = l === layers - 1;
      let style;
      if (activation === "softmax") {
        return Array.from({ length: width }, (_, k) => ({ kind: "class", cls: k }));
      } else if (isOutput && this.datasetInfo(c.dataset).problem !== "regression") {
        const [low, high] = loss.targetRange[activation];
        style = { kind: "diverging", center: (low + high) / 2, half: (high - low) / 2, discretize };
      } else if (activation === "sigmoid") {
        style = { kind: "diverging", center: 0.5, half: 0.5 };
      } else {
        style = { kind: "diverging", center: 0, half: 1 };
      }
      return Array(width).fill(style);
    });
  }

  render() {
    const lab = this.lab;
    const snapshot = lab.snapshot();
    // One array, refilled every frame.
    const grid = (this.gridBuffer = lab.evaluateGrid(RESOLUTION, this.gridBuffer));
    const pixels = RESOLUTION * this.rows;
    const styles = this.neuronStyles(snapshot);
    this.network.update({
      params: snapshot.params,
      grads: snapshot.grads,
      delta: snapshot.delta,
      mode: this.view.edges,
      grid,
      res: RESOLUTION,
      rows: this.rows,
      featureMaps: this.featureMaps,
      featureOffsets: this.featureOffsets,
      featureStyles: this.featureStyles,
      styles,
      selected: this.selected ?? this.hovered,
    });
    $("edge-scale").textContent = this.network.scaleText();

    const outputs = snapshot.sizes.at(-1);
    const neurons = snapshot.sizes.slice(1).reduce((a, b) => a + b, 0);
    const outputStyle = outputs > 1 ? { kind: "classes", count: outputs } : styles.at(-1)[0];
    this.output.draw({
      grid,
      offset: (neurons - outputs) * pixels,
      res: RESOLUTION,
      rows: this.rows,
      style: outputStyle,
      points: this.points,
      showTest: this.view.show_test === "true",
      discretize: this.view.discretize === "true",
      selected: this.example,
    });

    // The loss chart continues from where it was; after a restart it starts over.
    const history = lab.history(this.chart.length);
    if (history.length < this.chart.length) {
      this.chart.reset();
      this.chart.append(lab.history(0));
    } else {
      this.chart.append(history);
    }
    this.chart.draw();

    const m = snapshot.metrics;
    $("train-loss").textContent = formatNumber(m?.train_loss, 4);
    $("test-loss").textContent = m?.test_loss == null ? "–" : formatNumber(m.test_loss, 4);
    const percent = (v) => (v == null ? "–" : `${(v * 100).toFixed(1)} %`);
    $("train-accuracy").textContent = percent(m?.train_accuracy);
    $("test-accuracy").textContent = percent(m?.test_accuracy);
    $("epoch").textContent = lab.epoch.toLocaleString("en-US");
    $("batches").textContent = lab.batches.toLocaleString("en-US");
    $("speed-readout").textContent =
      this.playing && Number.isFinite(this.rate.value) ? Math.round(this.rate.value).toLocaleString("en-US") : "–";
    const { split, index } = this.example;
    $("example-label").textContent = `${split === "train" ? "training" : "test"} #${index}`;

    if (this.hovered) this.card.refresh(this.cardContent(this.hovered.target, snapshot));
    this.renderStep(snapshot);
    this.renderTimeline();
  }

  /** Step mode's labels, phase strip and sentence, and the inspector. */
  renderStep(snapshot) {
    const step = this.stepping ? this.lab.stepState() : null;
    const model = this.stepModel(snapshot);
    if (this.stepping) {
      const n = step ? step.batch.length : Math.min(this.config.batch_size, this.points.train.length);
      if (this.stepExample >= n) this.stepExample = 0;
      $("step-example-label").textContent = this.batchTotals
        ? `whole batch (${n})`
        : `${this.stepExample + 1} of ${n}${step ? ` (training #${step.batch[this.stepExample]})` : ""}`;
      const layers = snapshot.sizes.length - 1;
      drawStrip($("phase-strip"), step ? step.plan : planFor(layers), step ? step.done : 0, layers);
      $("phase-text").textContent = describe(step, model, this.stepExample);
      const labels = step ? stepLabels(step, model, this.stepExample, this.batchTotals) : null;
      this.network.setStep(
        labels
          ? { ...labels, animate: this.animateNext && !matchMedia("(prefers-reduced-motion: reduce)").matches, disagree: this.disagree }
          : { labels: [], inputs: [], active: null, disagree: this.disagree },
      );
      this.animateNext = false;
      if (step) {
        this.example = { split: "train", index: step.batch[this.stepExample] };
      }
    } else {
      this.network.setStep(this.disagree.size ? { labels: [], inputs: [], active: null, disagree: this.disagree } : null);
    }
    if (this.selected && this.inspector.isOpen) {
      // Redrawn only when its numbers can have changed, so typing is not disturbed.
      const key = [step?.done, step?.batch?.[0], this.stepExample, this.lab.batches, this.paramsVersion, this.checks.size].join("|");
      if (key !== this.inspectorKey) {
        this.inspectorKey = key;
        this.inspector.show(this.inspectorView(this.selected.target, snapshot, step, model));
        this.addEditor(this.selected.target, snapshot);
      }
    }
  }

  stepModel(snapshot) {
    const c = this.config;
    return {
      sizes: snapshot.sizes,
      activations: snapshot.activations,
      nWeights: snapshot.nWeights,
      loss: c.loss,
      regularization: c.regularization,
      optimizer: c.optimizer,
      inputLabels: c.features.map((f) => this.catalog.features.find((x) => x.name === f).label),
      outputLabels: snapshot.sizes.at(-1) === 1 ? ["ŷ"] : Array.from({ length: snapshot.sizes.at(-1) }, (_, k) => `class ${k + 1}`),
    };
  }

  inspectorView(target, snapshot, step, model) {
    const index = target.index ?? null;
    let check = index === null ? null : this.checks.get(index) ?? null;
    if (index !== null && !check && step) {
      check = this.lab.gradCheck(new Uint32Array([index]))[0];
      this.checks.set(index, check);
    }
    return { target, model, step, example: this.stepExample, check, snapshot };
  }

  renderTimeline() {
    const timeline = this.lab.timeline();
    const slider = $("timeline");
    const last = timeline.length - 1;
    slider.max = String(Math.max(0, last));
    const at = timeline.viewing >= 0 ? timeline.viewing : last;
    if (document.activeElement !== slider) slider.value = String(at);
    const viewing = timeline.viewing >= 0;
    $("timeline-label").textContent = viewing
      ? `epoch ${timeline.epoch[at]} of ${timeline.epoch[last]}`
      : `epoch ${timeline.epoch[last] ?? 0} (now)`;
    $("timeline-now").hidden = !viewing;
    document.body.classList.toggle("viewing-past", viewing);
    this.chart.setMarker(viewing ? timeline.epoch[at] : null);
    if (viewing) {
      this.message(
        "warning",
        `Looking back at epoch ${timeline.epoch[at]}. Play or step to continue from here: the later epochs will be replaced. “Back to now” returns.`,
        [],
        "timeline",
      );
    } else {
      this.removeMessage("timeline");
    }
  }

  scrub(index) {
    this.pause();
    const timeline = this.lab.timeline();
    if (index >= timeline.length - 1) this.lab.viewPresent();
    else this.lab.viewAt(index);
    this.forgetChecks();
    this.requestRender();
  }

  // ---- The card ------------------------------------------------------------

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
    if (!this.stepping || !this.lab.stepState()) {
      this.setMode("step");
      try {
        this.lab.runTo("backward");
      } catch (error) {
        this.message("error", error.message, [], "step");
      }
    }
    this.selected = { target, layer: target.layer, neuron: target.neuron };
    const snapshot = this.lab.snapshot();
    const step = this.lab.stepState();
    this.inspector.show(this.inspectorView(target, snapshot, step, this.stepModel(snapshot)), true);
    this.addEditor(target, snapshot);
    this.inspectorKey = null;
    this.requestRender();
  }

  /** A formula's factor was clicked: select the neuron or weight it came from. */
  selectFromFormula(target) {
    if (target.kind === "input") return;
    const names = this.stepModel(this.lab.snapshot());
    const layers = names.sizes.length - 1;
    const name = target.kind === "weight"
      ? `Weight into ${target.layer === layers - 1 ? "the output" : `hidden layer ${target.layer + 1}`}, neuron ${target.neuron + 1}, from input ${target.input + 1}`
      : target.layer === layers - 1
        ? `Output ${names.outputLabels[target.neuron]}`
        : `Hidden layer ${target.layer + 1}, neuron ${target.neuron + 1}`;
    this.select({ ...target, name });
  }

  closeInspector() {
    this.selected = null;
    this.inspector.hide();
    this.requestRender();
  }

  /** The inspector's editing fields: the weight or bias, or a neuron's bias and weights. */
  addEditor(target, snapshot) {
    const model = this.stepModel(snapshot);
    const sizes = model.sizes;
    const weightIndex = (l, j, i) => {
      let o = 0;
      for (let k = 0; k < l; k += 1) o += sizes[k] * sizes[k + 1];
      return o + j * sizes[l] + i;
    };
    const biasIndex = (l, j) => {
      let o = snapshot.nWeights;
      for (let k = 0; k < l; k += 1) o += sizes[k + 1];
      return o + j;
    };
    const edits = [];
    if (target.kind === "weight") {
      edits.push({ label: "w", index: target.index });
    } else if (target.kind === "neuron") {
      edits.push({ label: "bias b", index: biasIndex(target.layer, target.neuron) });
      const inputNames = target.layer === 0 ? model.inputLabels : Array.from({ length: sizes[target.layer] }, (_, k) => `neuron ${k + 1}`);
      for (let i = 0; i < sizes[target.layer]; i += 1) {
        edits.push({ label: `w from ${inputNames[i]}`, index: weightIndex(target.layer, target.neuron, i) });
      }
    }
    if (!edits.length) return;
    if (this.editor && this.editor.dataset.target === target.name) {
      for (const input of this.editor.querySelectorAll("input")) {
        if (document.activeElement !== input) input.value = String(Number(snapshot.params[Number(input.dataset.index)].toPrecision(6)));
      }
      $("inspector").append(this.editor);
      return;
    }
    const box = document.createElement("details");
    box.dataset.target = target.name;
    box.className = "editor";
    box.open = target.kind === "weight";
    const summary = document.createElement("summary");
    summary.textContent = target.kind === "weight" ? "Set this weight by hand" : "Set its bias and weights by hand";
    box.append(summary);
    for (const edit of edits) {
      const label = document.createElement("label");
      label.textContent = `${edit.label} `;
      const input = document.createElement("input");
      input.type = "number";
      input.step = "any";
      input.className = "param-input";
      input.dataset.index = String(edit.index);
      input.value = String(Number(snapshot.params[edit.index].toPrecision(6)));
      input.addEventListener("change", () => {
        box.querySelector(".card-error")?.remove();
        const error = input.value.trim() === "" ? "Type a finite number, such as 0.5." : this.setParam(edit.index, Number(input.value));
        if (error) {
          const p = document.createElement("p");
          p.className = "card-error";
          p.setAttribute("role", "alert");
          p.textContent = error;
          box.append(p);
        }
      });
      label.append(input);
      box.append(label);
    }
    this.editor = box;
    $("inspector").append(box);
  }

  /** The numbers of a neuron or a weight, for the hover card. */
  cardContent(target, snapshot) {
    const { split, index } = this.example;
    const sizes = snapshot.sizes;
    if (target.kind === "weight") {
      const i = target.index;
      const reg = snapshot.deltaReg[i];
      return {
        title: target.name,
        rows: [
          ["weight w", snapshot.params[i]],
          ["∂L/∂w (last batch)", snapshot.grads[i]],
          ["Δw (last update)", snapshot.delta[i]],
          ["  of which from the data", snapshot.delta[i] - reg],
          ["  of which from regularization", reg],
        ],
        note: "Click to see where ∂L/∂w comes from, or to set w by hand.",
      };
    }
    const example = this.lab.example(split, index);
    const { layer, neuron } = target;
    let b = snapshot.nWeights;
    for (let l = 0; l < layer; l += 1) b += sizes[l + 1];
    b += neuron;
    const rows = [
      ["for", `${split === "train" ? "training" : "test"} example #${index}`],
      ["z = Σ w·a + b", example.z[layer][neuron]],
      [`a = ${snapshot.activations[layer]}(z)`, example.a[layer][neuron]],
      ["δ = ∂L/∂z", example.gradZ[layer][neuron]],
      ["bias b", snapshot.params[b]],
      ["∂L/∂b (last batch)", snapshot.grads[b]],
      ["Δb (last update)", snapshot.delta[b]],
    ];
    if (layer === sizes.length - 2) rows.splice(4, 0, ["target y", example.targets[neuron]], ["example loss", example.loss]);
    return {
      title: target.name,
      rows,
      note: "z, a and δ are for this example alone; ∂L/∂b and Δb for the last batch. Click (or Enter) to see where they come from.",
    };
  }

  // ---- Messages, buttons, keys, address -----------------------------------

  message(kind, text, items = [], key = "", button = null) {
    this.removeMessage(key);
    const box = document.createElement("div");
    box.className = `message ${kind}`;
    box.dataset.key = key;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    const p = document.createElement("p");
    p.textContent = text;
    if (items.length) {
      const ul = document.createElement("ul");
      for (const item of items) {
        const li = document.createElement("li");
        li.textContent = item;
        ul.append(li);
      }
      p.append(ul);
    }
    box.append(p);
    if (button) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "text-button";
      b.textContent = button.label;
      b.addEventListener("click", button.action);
      box.append(b);
    }
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "round-button small";
    dismiss.textContent = "×";
    dismiss.setAttribute("aria-label", "Dismiss this message");
    dismiss.addEventListener("click", () => box.remove());
    box.append(dismiss);
    $("messages").append(box);
  }

  removeMessage(key) {
    if (key) $("messages").querySelector(`[data-key="${key}"]`)?.remove();
  }

  clearMessages() {
    $("messages").replaceChildren();
  }

  syncView() {
    for (const radio of document.querySelectorAll('input[name="edges"]')) radio.checked = radio.value === this.view.edges;
    $("show-test").checked = this.view.show_test === "true";
    $("discretize").checked = this.view.discretize === "true";
    $("log-scale").checked = this.view.log_scale === "true";
    $("speed").value = this.view.speed;
    this.chart.log = this.view.log_scale === "true";
  }

  setView(key, value) {
    this.view[key] = value;
    if (key === "log_scale") this.chart.setLog(value === "true");
    this.writeUrl();
    this.requestRender();
  }

  writeUrl() {
    this.writtenHash = `${this.lab.query()}&${writeView(this.view)}`;
    writeHash(this.writtenHash);
  }

  bindButtons() {
    $("play").addEventListener("click", () => this.toggle());
    $("step-batch").addEventListener("click", () => this.step("batch"));
    $("step-epoch").addEventListener("click", () => this.step("epoch"));
    $("reset").addEventListener("click", () => this.reset());
    $("add-layer").addEventListener("click", () => this.addLayer());
    $("remove-layer").addEventListener("click", () => this.removeLayer());
    $("help-button").addEventListener("click", () => $("help").showModal());
    $("speed").addEventListener("change", (e) => this.setView("speed", e.target.value));
    $("show-test").addEventListener("change", (e) => this.setView("show_test", String(e.target.checked)));
    $("discretize").addEventListener("change", (e) => this.setView("discretize", String(e.target.checked)));
    $("log-scale").addEventListener("change", (e) => this.setView("log_scale", String(e.target.checked)));
    for (const radio of document.querySelectorAll('input[name="edges"]')) {
      radio.addEventListener("change", () => this.setView("edges", radio.value));
    }
    $("mode-train").addEventListener("click", () => this.setMode("train"));
    $("mode-step").addEventListener("click", () => this.setMode("step"));
    $("step-next").addEventListener("click", () => this.stepNext());
    $("step-back").addEventListener("click", () => this.stepBack());
    $("step-back-batch").addEventListener("click", () => this.stepBackBatch());
    $("step-to-backward").addEventListener("click", () => this.runTo("backward"));
    $("step-to-batch").addEventListener("click", () => this.runTo("batch"));
    $("step-to-epoch").addEventListener("click", () => this.runTo("epoch"));
    $("step-example-prev").addEventListener("click", () => this.moveStepExample(-1));
    $("step-example-next").addEventListener("click", () => this.moveStepExample(1));
    $("batch-totals").addEventListener("change", (e) => {
      this.batchTotals = e.target.checked;
      this.requestRender();
    });
    $("check-all").addEventListener("click", () => this.checkAll());
    $("timeline").addEventListener("input", (e) => this.scrub(Number(e.target.value)));
    $("timeline-now").addEventListener("click", () => this.scrub(Infinity));
    $("save-setup").addEventListener("click", () => this.saveSetup());
    $("load-setup").addEventListener("change", (e) => {
      const file = e.target.files[0];
      if (file) file.text().then((text) => this.loadSetup(text, file.name));
      e.target.value = "";
    });
    $("example-prev").addEventListener("click", () => this.moveExample(-1));
    $("example-next").addEventListener("click", () => this.moveExample(1));

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
      this.message("error", `${name} was not loaded: ${error.message}. Nothing changed.`, [], "setup");
      return;
    }
    this.pause();
    this.removeMessage("setup");
    this.lab.free();
    this.lab = lab;
    this.config = lab.config();
    this.selected = null;
    this.inspector.hide();
    this.setMode("train");
    this.forgetChecks();
    this.rebuild();
    this.writeUrl();
  }

  moveExample(by) {
    const length = this.points[this.example.split].length;
    this.example = { ...this.example, index: (this.example.index + by + length) % length };
    this.requestRender();
  }

  bindKeys() {
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        this.card.hide();
        if (this.inspector.isOpen) this.closeInspector();
        return;
      }
      const target = e.target;
      const typing = target.closest?.("input, select, textarea, [contenteditable]");
      const onButton = target.closest?.("button, summary, a");
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === " " && !onButton) {
        e.preventDefault();
        this.toggle();
      } else if (e.key === "ArrowRight" && this.stepping) {
        e.preventDefault();
        if (e.shiftKey) this.runTo("batch");
        else this.stepNext();
      } else if (e.key === "ArrowLeft" && this.stepping) {
        e.preventDefault();
        this.stepBack();
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        this.step(e.shiftKey ? "epoch" : "batch");
      } else if (e.key === "s" || e.key === "S") {
        this.setMode(this.stepping ? "train" : "step");
      } else if (e.key === "r" || e.key === "R") {
        this.reset();
      } else if (e.key === "?") {
        $("help").showModal();
      } else if (e.key === "[") {
        this.moveExample(-1);
      } else if (e.key === "]") {
        this.moveExample(1);
      }
    });
  }
}


// The controls: hyperparameters and data. They build themselves from the
// engine's catalog, reflect the canonical config in `sync(config)`, and turn
// every user change into a mutation of a copy of the config, handed to the
// controller (`change(mutate)`), which alone talks to the engine; `fixup`
// (config-rules.js) keeps a changed config consistent the way a user expects.

import { lossMisfit } from "./config-rules.js";
import { greyOut } from "./greyed.js";
import { greySearchSettings, SEARCH_NOTES, WHOLE_CONSTANTS } from "./searching.js";
import { CONSTANT_LABELS, explain, LABELS, label } from "./names.js";
import { CLASS_COLORS, divergingCss } from "./render/colors.js";

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** Gradient clipping's maximum norms offered ("off": none). */
const CLIP_NORMS = ["off", 0.1, 0.5, 1, 5, 10];
/** The initialiser's gains offered (1: the initialiser as it is). */
const INIT_GAINS = [0.1, 0.25, 0.5, 1, 2, 4];
const LAMBDAS = [0, 0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

const $ = (id) => document.getElementById(id);

/** Fills a select with `values`, named and explained from names.js' `group` (else written as they are). */
function fillSelect(select, values, group = null) {
  select.replaceChildren(
    ...values.map((v) => {
      const option = document.createElement("option");
      option.value = String(v);
      option.textContent = group ? label(group, v) : String(v);
      if (group) option.title = explain(group, v);
      return option;
    }),
  );
}

/**
 * Says what a select's choice does, on hover (its title) and on focus (a
 * description read with it), and below it, when some choices are greyed
 * out, why (`why`, "" for none).
 */
function describeChoice(select, group, why = "") {
  const id = `${select.id}-about`;
  let about = document.getElementById(id);
  if (!about) {
    about = document.createElement("small");
    about.id = id;
    about.className = "choice-why";
    select.after(about);
    select.setAttribute("aria-describedby", id);
  }
  const text = explain(group, select.value);
  select.title = why ? `${text} ${why}` : text;
  const heard = document.createElement("span");
  heard.className = "visually-hidden";
  heard.textContent = `${text} `;
  about.replaceChildren(heard, why);
}

/** Sets a select's value, adding an option first if the value is not offered. */
function selectValue(select, value, label = String) {
  const text = String(value);
  if (![...select.options].some((o) => o.value === text)) {
    const option = document.createElement("option");
    option.value = text;
    option.textContent = label(value);
    select.append(option);
  }
  select.value = text;
}

export class Controls {
  /** `change(mutate)` applies `mutate` to a copy of the config; `regenerate()` and `newWeights()` draw a new data or weight seed. */
  constructor(catalog, { change, regenerate, newWeights, previewPoints, chooseDataset, onTable }) {
    this.catalog = catalog;
    this.change = change;
    // Choosing a generated set also leaves a table's data (onTable()).
    this.chooseDataset = chooseDataset;
    this.onTable = onTable;
    this.previewPoints = previewPoints;
    this.config = null;

    fillSelect($("learning-rate"), LEARNING_RATES);
    fillSelect(
      $("optimizer"),
      catalog.optimizers.map((o) => o.name),
      "optimizer",
    );
    fillSelect(
      $("schedule"),
      catalog.schedules.map((s) => s.name),
      "schedule",
    );
    fillSelect(
      $("loss"),
      catalog.losses.map((l) => l.name),
      "loss",
    );
    fillSelect($("regularization"), catalog.penalties, "regularization");
    fillSelect($("lambda"), LAMBDAS);
    fillSelect(
      $("init"),
      catalog.inits.map((i) => i.name),
      "init",
    );

    $("learning-rate").addEventListener("change", (e) => change((c) => (c.learning_rate = Number(e.target.value))));
    $("optimizer").addEventListener("change", (e) => {
      const defaults = catalog.optimizers.find((o) => o.name === e.target.value).defaults;
      change((c) => (c.optimizer = { ...defaults }));
    });
    $("schedule").addEventListener("change", (e) => {
      const defaults = catalog.schedules.find((s) => s.name === e.target.value).defaults;
      change((c) => (c.schedule = { ...defaults }));
    });
    $("batch-size").addEventListener("change", (e) => change((c) => (c.batch_size = Number(e.target.value))));
    $("loss").addEventListener("change", (e) => change((c) => (c.loss = e.target.value)));
    $("regularization").addEventListener("change", (e) =>
      change((c) => {
        c.regularization.kind = e.target.value;
        if (e.target.value === "none") c.regularization.lambda = 0;
        else if (c.regularization.lambda === 0) c.regularization.lambda = 0.001;
      }),
    );
    $("lambda").addEventListener("change", (e) => change((c) => (c.regularization.lambda = Number(e.target.value))));
    $("init").addEventListener("change", (e) => {
      const defaults = catalog.inits.find((i) => i.name === e.target.value).defaults;
      change((c) => (c.init = { ...defaults }));
    });
    $("seed").addEventListener("change", (e) => change((c) => (c.seed = Number(e.target.value))));
    $("shuffle").addEventListener("change", (e) => change((c) => (c.shuffle = e.target.checked)));
    // At "off" and 1 the key is left out of the config (as in every link made before it existed).
    for (const [id, values, key, neutral] of [
      ["clip-norm", CLIP_NORMS, "clip_norm", "off"],
      ["init-gain", INIT_GAINS, "init_gain", "1"],
    ]) {
      fillSelect($(id), values);
      const set = (c, value) => {
        if (value === neutral) delete c[key];
        else c[key] = Number(value);
      };
      $(id).addEventListener("change", (e) => change((c) => set(c, e.target.value)));
    }
    $("regenerate").addEventListener("click", regenerate);
    $("new-weights").addEventListener("click", newWeights);
    // Empty: the weights follow the data's seed again (as links made before the weight seed do).
    $("weight-seed").addEventListener("change", (e) =>
      change((c) => {
        if (e.target.value.trim() === "") delete c.weight_seed;
        else c.weight_seed = Number(e.target.value);
      }),
    );

    // Each slider: its id, its setting, its value as shown, and as a screen reader says it.
    const percent = (v) => `${Math.round(v * 100)} %`;
    const sliders = [
      ["noise", "noise", percent, percent],
      ["train-fraction", "train_fraction", percent, percent],
      ["samples", "samples", String, (v) => `${v} points`],
      ["classes", "classes", String, (v) => `${v} classes`],
    ];
    for (const [id, key, show, say] of sliders) {
      const input = $(id);
      const output = input.closest("label").querySelector("output");
      const display = (v) => {
        output.textContent = show(v);
        input.setAttribute("aria-valuetext", say(v));
      };
      input.addEventListener("input", () => display(Number(input.value)));
      input.addEventListener("change", () => change((c) => (c[key] = Number(input.value))));
      this[`show_${key}`] = display;
    }

    this.buildProblems();
    this.buildDatasets();
  }

  buildProblems() {
    const box = $("problem");
    this.problemButtons = ["binary", "multiclass", "regression"].map((problem) => {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "radio");
      button.dataset.problem = problem;
      button.textContent = LABELS[problem];
      button.addEventListener("click", () => {
        const first = this.catalog.datasets.find((d) => d.problem === problem);
        if (first && (this.onTable() || (this.config.dataset !== first.name && this.problemOf(this.config.dataset) !== problem))) {
          this.chooseDataset(first.name);
        }
      });
      box.append(button);
      return button;
    });
  }

  problemOf(dataset) {
    return this.catalog.datasets.find((d) => d.name === dataset).problem;
  }

  /** One thumbnail button per data set, drawn from the engine's own points. */
  buildDatasets() {
    const box = $("datasets");
    this.datasetButtons = this.catalog.datasets.map((d) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "dataset";
      button.setAttribute("role", "radio");
      button.dataset.dataset = d.name;
      button.setAttribute("aria-label", `Data set: ${LABELS[d.name]}`);
      const canvas = document.createElement("canvas");
      canvas.width = 64;
      canvas.height = 64;
      const label = document.createElement("span");
      label.textContent = LABELS[d.name].replace(" (1-D)", "");
      button.append(canvas, label);
      button.addEventListener("click", () => this.chooseDataset(d.name));
      this.drawThumbnail(canvas, d);
      box.append(button);
      return button;
    });
  }

  drawThumbnail(canvas, dataset) {
    const points = this.previewPoints(dataset.name);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#f4f6f9";
    ctx.fillRect(0, 0, 64, 64);
    const set = points.train;
    for (let i = 0; i < set.length; i += 1) {
      const x = points.dims === 1 ? set.points[i] : set.points[2 * i];
      const y = points.dims === 1 ? set.values[i] * 4 : set.points[2 * i + 1];
      ctx.fillStyle = set.classes.length ? `rgb(${CLASS_COLORS[set.classes[i] % CLASS_COLORS.length].join(",")})` : divergingCss(set.values[i]);
      ctx.fillRect(((x + 6) / 12) * 64 - 1.25, ((6 - y) / 12) * 64 - 1.25, 2.5, 2.5);
    }
  }

  /** Shows the canonical config in every control. */
  sync(config) {
    this.config = config;
    selectValue($("learning-rate"), config.learning_rate);
    $("optimizer").value = config.optimizer.kind;
    $("schedule").value = config.schedule.kind;
    $("batch-size").value = String(config.batch_size);
    $("batch-size").max = String(this.catalog.limits.maxSamples);
    $("loss").value = config.loss;
    $("regularization").value = config.regularization.kind;
    selectValue($("lambda"), config.regularization.lambda);
    greyOut($("lambda"), config.regularization.kind === "none" ? "λ is the penalty's strength: choose L1 or L2 first" : "");
    $("init").value = config.init.kind;
    const problem = this.problemOf(config.dataset);
    let misfits = 0;
    for (const option of $("loss").options) {
      const misfit = lossMisfit(option.value, problem);
      option.disabled = misfit !== "";
      option.title = `${explain("loss", option.value)}${misfit ? ` Not offered here: ${misfit}.` : ""}`;
      if (misfit) misfits += 1;
    }
    describeChoice($("loss"), "loss", misfits ? "Only squared error fits a value; the others are for classes." : "");
    describeChoice($("optimizer"), "optimizer");
    describeChoice($("schedule"), "schedule");
    describeChoice($("regularization"), "regularization");
    describeChoice($("init"), "init");
    $("seed").value = String(config.seed);
    const own = config.weight_seed !== undefined && config.weight_seed !== null;
    if (document.activeElement !== $("weight-seed")) $("weight-seed").value = own ? String(config.weight_seed) : "";
    $("weight-seed").placeholder = String(config.seed);
    $("seeds").textContent = own ? `(data seed ${config.seed})` : "(empty: the data's seed)";
    $("shuffle").checked = config.shuffle;
    selectValue($("init-gain"), config.init_gain ?? 1);
    selectValue($("clip-norm"), config.clip_norm ?? "off");
    this.constants($("optimizer-constants"), config.optimizer, "optimizer", $("optimizer-details"));
    greySearchSettings(config);
    this.constants($("schedule-constants"), config.schedule, "schedule", $("schedule-details"));
    this.constants($("init-constants"), config.init, "init", $("init-details"));

    for (const b of this.problemButtons) b.setAttribute("aria-checked", String(b.dataset.problem === problem));
    for (const b of this.datasetButtons) {
      const d = b.dataset.dataset;
      b.hidden = this.problemOf(d) !== problem;
      b.setAttribute("aria-checked", String(d === config.dataset));
    }
    for (const [id, key] of [
      ["noise", "noise"],
      ["train-fraction", "train_fraction"],
      ["samples", "samples"],
      ["classes", "classes"],
    ]) {
      $(id).value = String(config[key]);
      this[`show_${key}`](config[key]);
    }
    $("classes-control").hidden = problem !== "multiclass";
    // A table's data panel (data.js) shows what differs with a table.
    this.onSync?.(config);
  }

  /** Number inputs for an optimizer's or schedule's constants. */
  constants(box, value, path, details) {
    const keys = Object.keys(value).filter((k) => k !== "kind");
    details.hidden = keys.length === 0;
    const signature = `${value.kind}:${keys.join(",")}`;
    if (box.dataset.signature !== signature) {
      box.dataset.signature = signature;
      box.replaceChildren();
      for (const key of keys) {
        const label = document.createElement("label");
        label.textContent = CONSTANT_LABELS[key] ?? key;
        const input = document.createElement("input");
        input.type = "number";
        input.step = "any";
        input.dataset.key = key;
        input.addEventListener("change", () =>
          this.change((c) => (c[path][key] = WHOLE_CONSTANTS.includes(key) ? Math.round(Number(input.value)) : Number(input.value))),
        );
        label.append(input);
        box.append(label);
      }
      const note = document.createElement("p");
      note.textContent = {
        optimizer: SEARCH_NOTES[value.kind] ?? "PyTorch's defaults; a change keeps the network.",
        schedule: "Applied to the learning rate at each epoch.",
        init: "Weights start uniform in ±range; a change starts afresh.",
      }[path];
      box.append(note);
    }
    for (const input of box.querySelectorAll("input")) {
      if (document.activeElement !== input) input.value = String(value[input.dataset.key]);
    }
  }
}

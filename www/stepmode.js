// Step-through mode: whether the page is in it, which example of the batch
// its labels show (or the whole batch), the phase actions on the engine, and
// its phase strip, sentence and neuron labels. `page` is the controller (its
// `lab`, `pause()`, `messages`, `showDivergence()`, `requestRender()`).

import { describe, drawStrip, planFor } from "./render/phases.js";
import { drawStepTable, stepRows } from "./steptable.js";
import { stepLabels } from "./stepview.js";

const $ = (id) => document.getElementById(id);

/** The most a link's replay may train: batches × examples × parameters. */
const REPLAY_BUDGET = 5e8;

export class StepMode {
  constructor(page) {
    this.page = page;
    this.stepping = false;
    /** The example of the batch the labels and the inspector show. */
    this.example = 0;
    /** Whether the labels show the whole batch (mean z and a, summed δ) instead. */
    this.totals = false;
    this.animateNext = false;
    // The numbers as a table are written only while it is open.
    $("step-numbers").addEventListener("toggle", () => page.requestRender());
  }

  /** `"train"` or `"step"`. */
  setMode(mode) {
    this.stepping = mode === "step";
    document.body.classList.toggle("stepping", this.stepping);
    $("mode-train").setAttribute("aria-pressed", String(!this.stepping));
    $("mode-step").setAttribute("aria-pressed", String(this.stepping));
    if (this.stepping) this.page.pause();
    this.animateNext = false;
    this.page.screen.network.relayout();
    this.page.requestRender();
  }

  /** Runs a phase action on the engine; errors (e.g. after divergence) become messages. */
  run(action) {
    const page = this.page;
    if (!this.stepping) this.setMode("step");
    page.pause();
    if (page.draw.refuseTraining()) return;
    try {
      action(page.lab);
    } catch (error) {
      page.messages.show("error", error.message, [], "step");
    }
    if (page.lab.diverged) page.showDivergence();
    this.animateNext = true;
    page.requestRender();
  }

  next() {
    this.run((lab) => lab.stepPhase());
  }

  back() {
    this.run((lab) => lab.backPhase());
  }

  /** Back to this batch's start, or (at a start) to the previous batch's. */
  backBatch() {
    this.run((lab) => {
      const state = lab.stepState();
      if (!state) return;
      if (state.done === 0 && !lab.backPhase()) return;
      while (lab.stepState().done > 0) lab.backPhase();
    });
  }

  runTo(until) {
    this.run((lab) => lab.runTo(until));
  }

  moveExample(by) {
    const state = this.page.lab.stepState();
    const n = state ? state.batch.length : this.page.config.batch_size;
    this.example = (this.example + by + n) % n;
    this.page.requestRender();
  }

  /**
   * The moment shown, as the address writes it: the batches trained before
   * the one stepped through, the phases done in it, the example shown.
   */
  moment() {
    if (!this.stepping) return { mode: "train" };
    const lab = this.page.lab;
    const step = lab.stepState();
    const done = step ? step.done : 0;
    // The update phase already counts its batch as trained.
    const updated = step !== null && done > 0 && step.plan[done - 1].kind === "update";
    return { mode: "step", batch: String(lab.batches - (updated ? 1 : 0)), phase: String(done), example: String(this.example) };
  }

  /**
   * Opens a link's moment in step mode: replays the batches up to batch
   * `batch` (the seed makes them the same; a model's run starts at its own
   * batch), runs `phases` phases of the next and shows its example
   * `example`. Returns a warning for each that does not fit.
   */
  openMoment(batch, phases, example) {
    const page = this.page;
    const warnings = [];
    this.setMode("step");
    const start = page.lab.batches;
    let batches = batch - start;
    if (batches < 0) {
      // Just after an update the address names the batch updated, the network is already past it.
      const updated = batches === -1 && phases === planFor(page.lab.snapshot().sizes.length - 1).length;
      if (!updated) warnings.push(`batch: this trained network starts at batch ${start}, after batch ${batch}; showing batch ${start}`);
      batches = 0;
      phases = 0;
    }
    // Replaying blocks the page: about 1.5e-8 s per example and parameter here, so this is some 8 s.
    const snapshot = page.lab.snapshot();
    const work = batches * Math.min(page.config.batch_size, page.screen.points.train.length) * snapshot.params.length;
    if (work > REPLAY_BUDGET) {
      const most = Math.floor(batches * (REPLAY_BUDGET / work));
      warnings.push(`batch: replaying ${batches} batches of this network would hold the page too long (at most ${most}); showing batch ${start}`);
      batches = 0;
      phases = 0;
    }
    if (batches > 0 && page.lab.trainBatches(batches).diverged) {
      warnings.push(`batch: training diverged before batch ${batch}; showing where it stopped`);
      page.showDivergence();
      return warnings;
    }
    const plan = planFor(page.lab.snapshot().sizes.length - 1);
    if (phases > plan.length) {
      warnings.push(`phase: ${phases} is more than this network's ${plan.length} phases per batch; using 0`);
    } else {
      try {
        for (let k = 0; k < phases; k += 1) page.lab.stepPhase();
      } catch (error) {
        warnings.push(`phase: ${error.message}`);
      }
    }
    const step = page.lab.stepState();
    const n = step ? step.batch.length : Math.min(page.config.batch_size, page.screen.points.train.length);
    if (example >= n) warnings.push(`example: ${example} is not an example of this batch (0 to ${n - 1}); using 0`);
    else this.example = example;
    page.requestRender();
    return warnings;
  }

  showTotals(on) {
    this.totals = on;
    this.page.requestRender();
  }

  /**
   * The training example whose numbers step mode shows (the batch's
   * `this.example`, kept within the batch), or null outside a stepped batch.
   */
  shownExample(step, trainCount) {
    if (!this.stepping) return null;
    const n = step ? step.batch.length : Math.min(this.page.config.batch_size, trainCount);
    if (this.example >= n) this.example = 0;
    return step ? step.batch[this.example] : null;
  }

  /**
   * Draws step mode's strip, sentence and labels for `step` (`lab.stepState()`)
   * and `model` (view.js' step model); `disagree` marks the failed checks.
   * Outside step mode, the labels are `values` when given.
   */
  render(step, model, trainCount, disagree, values = null) {
    const network = this.page.screen.network;
    if (!this.stepping) {
      // Outside step mode the neurons may show the example's numbers (`values`, view.js' `exampleLabels`).
      network.setStep(values || disagree.size ? { labels: [], inputs: [], active: null, ...values, disagree } : null);
      return;
    }
    const n = step ? step.batch.length : Math.min(this.page.config.batch_size, trainCount);
    if (this.example >= n) this.example = 0;
    $("step-example-label").textContent = this.totals
      ? `whole batch (${n})`
      : `${this.example + 1} of ${n}${step ? ` (training #${step.batch[this.example]})` : ""}`;
    const layers = model.sizes.length - 1;
    drawStrip($("phase-strip"), step ? step.plan : planFor(layers), step ? step.done : 0, layers);
    $("phase-text").textContent = describe(step, model, this.example);
    if (step && $("step-numbers").open) {
      const caption = `Example ${this.example + 1} of ${n} (training #${step.batch[this.example]}), after ${step.done} of ${step.plan.length} phases`;
      drawStepTable($("step-table"), stepRows(step, model, this.example), caption);
    }
    const labels = step ? stepLabels(step, model, this.example, this.totals) : null;
    const animate = this.animateNext && !matchMedia("(prefers-reduced-motion: reduce)").matches;
    network.setStep(labels ? { ...labels, animate, disagree } : { labels: [], inputs: [], active: null, disagree });
    this.animateNext = false;
  }
}

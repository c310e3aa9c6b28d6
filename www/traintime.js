// The "Training time" dialog: the network's parameter count, examples per
// second at the current size, and on request one epoch timed at 1,000, 10,000
// and 100,000 generated examples with the projection to 1,000,000. Every
// measurement runs in fresh sessions (traintime-measure.js), a slice per
// frame, so the page keeps answering and the user's run is not touched.

import { freshLab } from "./fresh.js";
import { TRAIN_BUDGET_MS } from "./pace.js";
import { EpochTimes, SIZES, formatCount, formatDuration, rateTimer } from "./traintime-measure.js";

const $ = (id) => document.getElementById(id);

export class TrainTimePanel {
  /** `page`: the controller (its lab, config, table, Lab). */
  constructor(page) {
    this.page = page;
    this.dialog = $("traintime");
    this.rate = null;
    this.rateKey = null;
    this.times = null;
    this.frame = null;
    /** Each measuring frame's work in ms (for the test interface). */
    this.frameWork = [];
    $("traintime-toggle").addEventListener("click", () => this.open());
    $("traintime-measure").addEventListener("click", () => this.measureEpochs());
    this.dialog.addEventListener("close", () => this.stop());
    this.dialog.addEventListener("keydown", (e) => e.key !== "Escape" && e.stopPropagation());
  }

  /** Whether the data can be generated at other sizes (a table's rows and drawn points cannot). */
  get generated() {
    return !this.page.table && !this.page.lab.dataPoints()?.drawn;
  }

  open() {
    this.page.pause();
    this.dialog.showModal();
    const snapshot = this.page.lab.snapshot();
    const biases = snapshot.params.length - snapshot.nWeights;
    $("traintime-params").textContent =
      `${formatCount(snapshot.params.length)} (${formatCount(snapshot.nWeights)} weights, ${formatCount(biases)} biases)`;
    const c = this.page.config;
    $("traintime-setup").textContent =
      `Network ${snapshot.sizes.join(" → ")}, ${c.optimizer.kind}, batches of ${c.batch_size}, ` +
      `${formatCount(this.page.lab.metricsSample[0][1])} training examples now.`;
    const key = `${this.page.lab.query()}:${this.page.version}`;
    // A new setup is measured again; the same one keeps its numbers.
    if (key !== this.rateKey) {
      this.rateKey = key;
      this.times?.free();
      this.times = null;
      this.rate = rateTimer(() => freshLab(this.page, structuredClone(this.page.config)));
    }
    const button = $("traintime-measure");
    button.disabled = !this.generated;
    $("traintime-status").textContent = this.generated ? "" : "Timing other sizes needs a generated data set: this data cannot be made larger.";
    this.render();
    this.run();
  }

  measureEpochs() {
    if (!this.generated) return;
    this.times?.free();
    this.times = new EpochTimes((config) => new this.page.Lab(config), structuredClone(this.page.config));
    this.render();
    this.run();
  }

  /** Measures a slice a frame until nothing is left to measure (or the dialog closes). */
  run() {
    this.frame ??= requestAnimationFrame(() => this.tick());
  }

  tick() {
    this.frame = null;
    if (!this.dialog.open) return;
    const started = performance.now();
    try {
      if (this.rate && !this.rate.done) this.rate.step(TRAIN_BUDGET_MS);
      else if (this.times && !this.times.done) this.times.step(TRAIN_BUDGET_MS);
    } catch (error) {
      // The engine refused the setup at a size: say so and stop.
      this.stop();
      this.times = null;
      $("traintime-status").textContent = error.message;
      return;
    }
    this.frameWork.push(performance.now() - started);
    if (this.frameWork.length > 2000) this.frameWork.splice(0, 1000);
    this.render();
    if ((this.rate && !this.rate.done) || (this.times && !this.times.done)) this.run();
  }

  stop() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    // A half-done measurement would be wrong if resumed later: start it afresh next time.
    if (this.rate && !this.rate.done) {
      this.rate.free();
      this.rateKey = null;
    }
    if (this.times && !this.times.done) {
      this.times.free();
      this.times = null;
    }
  }

  render() {
    const rate = this.rate;
    $("traintime-rate").textContent = !rate ? "–" : rate.done ? `${formatCount(rate.rate)} examples per second` : "measuring…";
    const times = this.times;
    const status = $("traintime-status");
    if (times && !times.done) status.textContent = `Timing one epoch at ${formatCount(times.current)} examples…`;
    else if (times) status.textContent = "";
    const head = "<thead><tr><th scope='col'>Examples</th><th scope='col'>Time per epoch</th><th scope='col'>Examples per second</th></tr></thead>";
    const rows = (times?.rows ?? []).map(
      (r) => `<tr><th scope="row">${formatCount(r.examples)}</th><td>${formatDuration(r.ms)}</td><td>${formatCount(r.rate)}</td></tr>`,
    );
    const projected = times?.projection();
    if (projected) {
      rows.push(
        `<tr class="projected"><th scope="row">${formatCount(projected.examples)}</th><td>${formatDuration(projected.ms)} (projected)</td><td>–</td></tr>`,
      );
    }
    $("traintime-table").innerHTML = rows.length ? `${head}<tbody>${rows.join("")}</tbody>` : "";
    $("traintime-table-wrap").hidden = rows.length === 0;
  }

  /** The panel's numbers, for the test interface. */
  testView() {
    return {
      rate: this.rate?.done ? this.rate.rate : null,
      rows: (this.times?.rows ?? []).map((r) => ({ ...r })),
      projection: this.times?.projection() ?? null,
      measuring: this.frame !== null,
      sizes: SIZES,
      frameWork: this.frameWork.slice(),
    };
  }
}

// How much a playing frame trains, and how fast that is: training runs in
// slices of batches within what drawing leaves of the frame, so the page
// answers at any speed; the rate in examples per second is measured over
// half a second. The controller's loop owns one.

/** The most a frame spends training, so the page answers at any speed. */
export const TRAIN_BUDGET_MS = 10;
/** A frame's whole work aims at this: training gets what drawing leaves (at least one batch). */
export const FRAME_BUDGET_MS = 14;

export class Pace {
  constructor() {
    /** What a batch and a redraw cost lately, in ms (a batch's unknown until measured). */
    this.cost = { batch: null, render: 0 };
    this.rate = { time: 0, examples: 0, value: NaN };
  }

  /** A new network or data: what a batch costs is measured again. */
  restart() {
    this.cost.batch = null;
  }

  /** Playing starts: the rate counts from here. */
  start(examples) {
    this.rate = { time: performance.now(), examples, value: this.rate.value };
  }

  /** A redraw took `ms`. */
  drawn(ms) {
    this.cost.render = 0.8 * this.cost.render + 0.2 * ms;
  }

  /**
   * One frame's training at `speed`, in slices of batches within what
   * drawing leaves of the frame (at most TRAIN_BUDGET_MS; "max" fills it).
   * A whole epoch that fits is trained at once, so "1 epoch / frame" means
   * one epoch on a small set; a large set's epoch spans frames. Returns
   * whether training diverged.
   */
  train(lab, speed, trainLength, batchSize) {
    if (speed === "batch" || speed === "10batches") return lab.trainBatches(speed === "batch" ? 1 : 10).diverged;
    const start = performance.now();
    const budget = Math.max(1, Math.min(TRAIN_BUDGET_MS, FRAME_BUDGET_MS - this.cost.render));
    const left = () => budget - (performance.now() - start);
    const target = speed === "max" ? Infinity : lab.epoch + Number(speed);
    const perEpoch = Math.ceil(trainLength / Math.max(1, batchSize));
    let report = { diverged: false };
    for (let first = true; lab.epoch < target && (first || left() > 0) && !report.diverged; first = false) {
      const sliceStart = performance.now();
      // The first slice of a run is one batch: it measures what a batch costs.
      const fits = this.cost.batch !== null && this.cost.batch * perEpoch <= left();
      const batches = this.cost.batch === null ? 1 : Math.max(1, Math.floor(left() / this.cost.batch));
      report = fits ? lab.trainEpochs(1) : lab.trainBatches(batches);
      if (report.batches > 0) this.cost.batch = (performance.now() - sliceStart) / report.batches;
    }
    return report.diverged;
  }

  /** Examples per second, updated every half second. */
  measure(now, examples) {
    const elapsed = now - this.rate.time;
    if (elapsed >= 500) this.rate = { time: now, examples, value: ((examples - this.rate.examples) * 1000) / elapsed };
  }
}

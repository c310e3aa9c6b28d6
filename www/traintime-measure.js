// Measuring training time: examples per second, and one epoch at 1,000,
// 10,000 and 100,000 generated examples, each in a fresh engine session (the
// user's run is never touched), trained in slices so a caller can spread the
// work across frames. Only training is timed: generating the data and the
// metrics are not. No DOM: tests/js/traintime.test.mjs runs it in Node.

export const SIZES = [1000, 10000, 100000];
export const PROJECTED = 1000000;
/** How long the examples-per-second measurement trains, in ms. */
export const RATE_MS = 300;

/** A timer of examples per second: `make()` a fresh session of the setup, trained for about `RATE_MS`. */
export function rateTimer(make, now) {
  return new SlicedTimer(make, (_, timer) => (timer.ms >= RATE_MS ? 0 : Number.POSITIVE_INFINITY), now);
}

/** The setup at `examples` generated examples, every one for training (the timing is of training alone). */
export function sizedConfig(config, examples) {
  return { ...structuredClone(config), samples: examples, train_fraction: 1 };
}

/**
 * Times training in slices: `make()` gives the session (made once, untimed);
 * each `step(budgetMs)` trains batches for about that long, never more than
 * `left(lab, timer)` (the batches still to train; 0 when done). `ms` is the
 * training time alone, `examples` and `batches` what it trained.
 */
export class SlicedTimer {
  constructor(make, left, now = () => performance.now()) {
    this.make = make;
    this.left = left;
    this.now = now;
    this.lab = null;
    this.cost = null;
    this.ms = 0;
    this.examples = 0;
    this.batches = 0;
    this.done = false;
  }

  /** One slice of about `budgetMs` (at least one batch); returns whether the measurement is done. */
  step(budgetMs) {
    if (this.done) return true;
    if (!this.lab) {
      this.lab = this.make();
      this.lab.setRecordMetrics(false);
      this.start = { examples: this.lab.examples, batches: this.lab.batches };
    }
    const lab = this.lab;
    const sliceStart = this.now();
    for (let first = true; first || this.now() - sliceStart < budgetMs; first = false) {
      const owed = this.left(lab, this);
      if (owed <= 0 || lab.diverged) {
        this.done = true;
        break;
      }
      const time = Math.max(0, budgetMs - (this.now() - sliceStart));
      // At most 4 times the last call's batches: a coarse clock (a batch read as 0 ms) cannot ask for millions.
      const fit = this.cost === null ? 1 : Math.max(1, Math.floor(time / this.cost));
      const batches = Math.min(owed, fit, 4 * (this.lastBatches ?? 1));
      this.lastBatches = batches;
      const began = this.now();
      const report = lab.trainBatches(batches);
      const took = this.now() - began;
      this.ms += took;
      if (report.batches > 0) this.cost = took / report.batches;
      this.examples = lab.examples - this.start.examples;
      this.batches = lab.batches - this.start.batches;
    }
    if (!this.done && this.left(lab, this) <= 0) this.done = true;
    if (this.done) this.free();
    return this.done;
  }

  /** Examples per second over what was timed. */
  get rate() {
    return this.ms > 0 ? (this.examples * 1000) / this.ms : Number.NaN;
  }

  free() {
    this.lab?.free();
    this.lab = null;
  }
}

/**
 * One epoch at each size in turn (a fresh session of `config` at that size),
 * then the projection to a million examples from the largest, per example.
 * `make(config)` builds a session. `rows` grows as sizes finish.
 */
export class EpochTimes {
  constructor(make, config, sizes = SIZES, now = () => performance.now()) {
    this.make = make;
    this.config = config;
    this.sizes = sizes;
    this.now = now;
    this.rows = [];
    this.timer = null;
  }

  get done() {
    return this.rows.length === this.sizes.length;
  }

  /** The size being timed, or null when done. */
  get current() {
    return this.done ? null : this.sizes[this.rows.length];
  }

  /** One slice of about `budgetMs`; returns whether every size is timed. */
  step(budgetMs) {
    if (this.done) return true;
    const examples = this.current;
    // One epoch is ⌈examples / batch size⌉ batches (a batch size above the set's size means the whole set).
    const perEpoch = Math.ceil(examples / Math.min(examples, Math.max(1, this.config.batch_size)));
    this.timer ??= new SlicedTimer(
      () => this.make(sizedConfig(this.config, examples)),
      (lab) => perEpoch - lab.batches,
      this.now,
    );
    if (this.timer.step(budgetMs)) {
      this.rows.push({ examples, ms: this.timer.ms, batches: this.timer.batches, rate: this.timer.rate });
      this.timer = null;
    }
    return this.done;
  }

  /** The time for an epoch of `PROJECTED` examples, scaled per example from the largest size timed. */
  projection() {
    const last = this.rows.at(-1);
    return this.done && last ? { examples: PROJECTED, ms: (last.ms * PROJECTED) / last.examples } : null;
  }

  free() {
    this.timer?.free();
    this.timer = null;
  }
}

/** A duration as a person reads it: ms below a second, then s, then minutes and hours. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A count with thin thousands separators (1,000,000), as the article's table writes them. */
export function formatCount(n) {
  return Math.round(n).toLocaleString("en-US");
}

// A race: 2 to 6 copies of one setup, each its own engine session (a `Lab`)
// differing in one setting, trained in lockstep on the same data. Copies
// take turns within a time budget (the copy furthest behind goes next), so a
// frame's training time is shared and none runs ahead by more than a slice.
// No DOM: tests/js/race.test.mjs runs it in Node.

import { valueLabel, variantConfig } from "./kinds.js";

/** The timeline budget of a copy in the race, in bytes (the page's run keeps 32 MB). */
const COPY_TIMELINE_BYTES = 2 * 1024 * 1024;

/**
 * The examples the method itself has passed forward through the network,
 * one example each: gradient methods one per example trained (and one back);
 * conjugate gradient, besides its iterations over the whole training set,
 * each line-search evaluation over it; the evolution strategy two per pair
 * of nudges for every example (its loss evaluations, forward only; the
 * page's own backward pass, for display, is not the method's).
 */
export function forwardPasses(lab, trainLength) {
  const optimizer = lab.config().optimizer;
  if (optimizer.kind === "evolution") return 2 * optimizer.pairs * lab.examples;
  if (optimizer.kind === "cg") return lab.examples + trainLength * lab.snapshot().optimizer.evaluations;
  return lab.examples;
}

/** The finite values' min, median and max (and how many), or null for fewer than two. */
export function spread(values) {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 2) return null;
  const mid = finite.length >> 1;
  const median = finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
  return { min: finite[0], median, max: finite.at(-1), count: finite.length };
}

export class Race {
  /**
   * `makeLab(config)` gives a fresh session of `config` on the page's data
   * (race/panel.js: a generated set, drawn points or a table's rows).
   */
  constructor(makeLab) {
    this.makeLab = makeLab;
    this.copies = [];
    this.kind = null;
    this.target = 0;
  }

  /**
   * Builds one copy per value from `config` (throws the engine's message
   * naming the copy, and nothing changes); training goes to `epochs`.
   */
  start(config, kind, values, epochs, catalog) {
    const copies = [];
    try {
      for (const value of values) {
        const label = valueLabel(kind, value);
        let lab;
        try {
          lab = this.makeLab(variantConfig(config, kind, value, catalog));
        } catch (error) {
          throw new Error(`${label}: ${error.message}`);
        }
        // Six copies with the page's 32 MB timeline each would hold 192 MB;
        // a copy needs only its recent moments until it is promoted.
        lab.setTimelineBudget(COPY_TIMELINE_BYTES);
        // The training set's size (metricsSample is [[used, of] training, [used, of] test]).
        const trainLength = lab.metricsSample[0][1];
        const batchSize = Math.max(1, Math.min(lab.config().batch_size, trainLength));
        copies.push({
          value,
          label,
          lab,
          trainLength,
          // Conjugate gradient's one step is the whole training set: an epoch.
          // Conjugate gradient's one step is the whole training set: an epoch.
          perEpoch: lab.config().optimizer.kind === "cg" ? 1 : Math.ceil(trainLength / batchSize),
          cost: null,
          ms: 0,
          curve: { epochs: [], train: [], test: [], trainAccuracy: [], testAccuracy: [], consumed: 0, thinned: 0 },
          promoted: false,
        });
      }
    } catch (error) {
      for (const copy of copies) copy.lab.free();
      throw error;
    }
    this.free();
    this.copies = copies;
    this.kind = kind;
    this.target = epochs;
    this.read();
  }

  /** Whether every copy that can still train has reached the target epoch. */
  get done() {
    return this.copies.every((c) => !this.trainable(c));
  }

  trainable(copy) {
    return copy.lab !== null && !copy.lab.diverged && copy.lab.epoch < this.target;
  }

  /** How far a copy is, in epochs (examples over the training set's size). */
  progress(copy) {
    return copy.lab.examples / copy.trainLength;
  }

  /**
   * Trains the copies in turns for about `budgetMs` (at least one batch):
   * each turn goes to the copy furthest behind and trains the batches its
   * measured cost allows, a whole epoch at once when it fits, never past
   * the end of its epoch. Returns the batches trained.
   */
  train(budgetMs, now = () => performance.now()) {
    const start = now();
    let trained = 0;
    for (let first = true; first || now() - start < budgetMs; first = false) {
      let next = null;
      for (const copy of this.copies) if (this.trainable(copy) && (!next || this.progress(copy) < this.progress(next))) next = copy;
      if (!next) break;
      const left = Math.max(0, budgetMs - (now() - start));
      const lab = next.lab;
      const inEpoch = next.perEpoch - (lab.batches % next.perEpoch);
      const sliceStart = now();
      let report;
      if (next.cost === null) report = lab.trainBatches(1);
      else if (next.cost * inEpoch <= left) report = lab.trainEpochs(1);
      else report = lab.trainBatches(Math.max(1, Math.min(inEpoch, Math.floor(left / next.cost))));
      const took = now() - sliceStart;
      next.ms += took;
      if (report.batches > 0) next.cost = took / report.batches;
      trained += report.batches;
    }
    return trained;
  }

  /** Paused mid-epoch: every copy's metrics are measured for its network as it stands. */
  settle() {
    for (const copy of this.copies) if (copy.lab && !copy.lab.diverged) copy.lab.recordMetricsIfMoved();
  }

  /** Reads what is new of every copy's history into its curve. */
  read() {
    for (const copy of this.copies) {
      if (!copy.lab) continue;
      const c = copy.curve;
      let history = copy.lab.history(c.consumed);
      if (history.length < c.consumed || history.thinned !== c.thinned) {
        Object.assign(c, { epochs: [], train: [], test: [], trainAccuracy: [], testAccuracy: [] });
        history = copy.lab.history(0);
      }
      for (let i = 0; i < history.epoch.length; i += 1) {
        c.epochs.push(history.epoch[i]);
        c.train.push(history.trainLoss[i]);
        c.test.push(history.testLoss[i]);
        c.trainAccuracy.push(history.trainAccuracy[i]);
        c.testAccuracy.push(history.testAccuracy[i]);
      }
      c.consumed = history.length;
      c.thinned = history.thinned;
    }
  }

  /**
   * Each copy's latest numbers: `{ label, epoch, batches, forward, ms,
   * diverged, promoted, trainLoss, testLoss, trainAccuracy, testAccuracy }`
   * (`forward` the examples the method passed forward, `ms` its training time).
   */
  results() {
    return this.copies.map((copy) => {
      const c = copy.curve;
      return {
        label: copy.label,
        value: copy.value,
        epoch: c.epochs.at(-1) ?? 0,
        batches: copy.lab ? copy.lab.batches : copy.finalBatches,
        forward: copy.lab ? forwardPasses(copy.lab, copy.trainLength) : copy.finalForward,
        ms: copy.ms,
        diverged: copy.lab ? copy.lab.diverged : false,
        promoted: copy.promoted,
        trainLoss: c.train.at(-1) ?? Number.NaN,
        testLoss: c.test.at(-1) ?? Number.NaN,
        trainAccuracy: c.trainAccuracy.at(-1) ?? Number.NaN,
        testAccuracy: c.testAccuracy.at(-1) ?? Number.NaN,
      };
    });
  }

  /** The spread of the final training and test losses over the copies. */
  spreads() {
    const results = this.results();
    return { train: spread(results.map((r) => r.trainLoss)), test: spread(results.map((r) => r.testLoss)) };
  }

  /** Hands copy `index`'s session over (the caller owns it now); its curve stays in the race. */
  promote(index) {
    const copy = this.copies[index];
    if (!copy?.lab) throw new Error("That copy is no longer in the race");
    this.read();
    const lab = copy.lab;
    lab.setTimelineBudget();
    copy.finalBatches = lab.batches;
    copy.finalForward = forwardPasses(lab, copy.trainLength);
    copy.lab = null;
    copy.promoted = true;
    return lab;
  }

  /** Frees every copy's session (not a promoted one: the page owns it). */
  free() {
    for (const copy of this.copies) copy.lab?.free();
    this.copies = [];
  }
}

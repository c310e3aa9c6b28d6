// Gradient-check results, kept under the state they were computed for: a key
// made of the batch, the phase and the parameters' version. Asking for
// another key drops the old results, so nothing has to clear them by hand.

import { formatSignificant } from "./render/format.js";

export class GradChecks {
  constructor() {
    this.key = null;
    this.byIndex = new Map();
    this.all = null;
    /** The parameter indices whose check disagrees (from the check of every parameter). */
    this.disagree = new Set();
  }

  /** The results for `key`; those of any other key are gone. */
  at(key) {
    if (key !== this.key) {
      this.key = key;
      this.byIndex = new Map();
      this.all = null;
      this.disagree = new Set();
    }
    return this;
  }

  get(index) {
    return this.byIndex.get(index) ?? null;
  }

  set(index, result) {
    this.byIndex.set(index, result);
  }

  /** Stores the check of every parameter (`lab.gradCheck()`). */
  setAll(results) {
    this.all = results;
    this.disagree = new Set(results.filter((r) => !r.agrees).map((r) => r.index));
    for (const r of results) this.byIndex.set(r.index, r);
  }

  get size() {
    return this.byIndex.size;
  }

  /** The sentence under "Check every gradient", or "" before it ran. */
  summary() {
    if (!this.all) return "";
    const results = this.all;
    const disagree = this.disagree.size;
    const worst = results.reduce((m, r) => Math.max(m, r.relativeError), 0);
    return disagree
      ? `${disagree} of ${results.length} gradients disagree with finite differences (marked in red).`
      : `All ${results.length} gradients agree with finite differences (largest relative error ${formatSignificant(worst, 2)}).`;
  }
}

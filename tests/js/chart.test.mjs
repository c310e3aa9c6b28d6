// The loss chart (www/render/chart.js) on a long run: it reads the history
// incrementally and keeps at most 4,096 points (every other one past that,
// the newest always), so the page's memory stays flat.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

// The chart watches its canvas's size; appending needs no DOM beyond that.
globalThis.ResizeObserver ??= class {
  observe() {}
};
const { LossChart } = await import("../../www/render/chart.js");

/** `lab.history(from)`'s shape for epochs `from` to `to` - 1, of `to` in all. */
const history = (from, to) => {
  const epoch = Array.from({ length: to - from }, (_, i) => from + i);
  return { from, length: to, epoch, trainLoss: epoch.map((e) => 1 / (1 + e)), testLoss: epoch.map((e) => 2 / (1 + e)) };
};

describe("chart.js on a long run", () => {
  it("keeps every point of a short run", () => {
    const chart = new LossChart({});
    chart.append(history(0, 10));
    chart.append(history(10, 25));
    assert.equal(chart.consumed, 25);
    assert.deepEqual(
      chart.epochs,
      Array.from({ length: 25 }, (_, i) => i),
    );
  });

  it("thins a long run to at most 4,096 points, first and newest kept, each with its losses", () => {
    const chart = new LossChart({});
    for (let from = 0; from < 40000; from += 25) chart.append(history(from, from + 25));
    assert.equal(chart.consumed, 40000);
    assert.ok(chart.length <= 4096, `${chart.length} points`);
    assert.ok(chart.length > 2048, `${chart.length} points`);
    assert.equal(chart.epochs[0], 0);
    assert.equal(chart.epochs.at(-1), 39999);
    chart.epochs.forEach((e, i) => {
      assert.equal(chart.train[i], 1 / (1 + e));
      assert.equal(chart.test[i], 2 / (1 + e));
      if (i > 0) assert.ok(e > chart.epochs[i - 1]);
    });
  });
});

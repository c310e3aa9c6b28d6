// Training time (www/traintime-measure.js): one epoch at each size in fresh
// sessions, timed in slices, the training alone; the projection; the rate.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { EpochTimes, formatCount, formatDuration, rateTimer, sizedConfig } from "../../www/traintime-measure.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const config = { ...Lab.catalog().defaults, dataset: "spiral", batch_size: 30 };

describe("epoch times", () => {
  it("train exactly one epoch of every example at each size, in slices", () => {
    const made = [];
    const times = new EpochTimes(
      (c) => {
        made.push(c);
        return new Lab(c);
      },
      config,
      [1000, 10000],
    );
    let slices = 0;
    while (!times.step(0.1)) slices += 1;
    assert.ok(slices > 2, `spread over slices (${slices})`);
    assert.deepEqual(
      made.map((c) => [c.samples, c.train_fraction]),
      [
        [1000, 1],
        [10000, 1],
      ],
    );
    assert.deepEqual(
      times.rows.map((r) => [r.examples, r.batches]),
      [
        [1000, 34],
        [10000, 334],
      ],
    );
    for (const row of times.rows) assert.ok(row.ms > 0 && row.rate > 0);
    assert.deepEqual(times.projection(), { examples: 1000000, ms: times.rows[1].ms * 100 });
  });

  it("count the training alone: not the making of the data", () => {
    let clock = 0;
    const now = () => (clock += 1);
    const times = new EpochTimes(
      (c) => {
        clock += 1e6;
        return new Lab(c);
      },
      { ...config, batch_size: 1000 },
      [1000],
      now,
    );
    while (!times.step(100));
    // One batch is the whole epoch: the clock is read twice around it, one tick apart.
    assert.deepEqual(times.rows, [{ examples: 1000, ms: 1, batches: 1, rate: 1e6 }]);
  });

  it("a batch larger than the set is one batch an epoch", () => {
    const times = new EpochTimes((c) => new Lab(c), { ...config, batch_size: 5000 }, [1000]);
    while (!times.step(50));
    assert.equal(times.rows[0].batches, 1);
  });
});

describe("rate", () => {
  it("trains a fresh session for about RATE_MS and reports examples per second", () => {
    const timer = rateTimer(() => new Lab(config));
    let slices = 0;
    while (!timer.step(20)) slices += 1;
    assert.ok(slices >= 5, `in slices (${slices})`);
    assert.ok(timer.ms >= 300 && timer.examples > 0);
    assert.equal(timer.rate, (timer.examples * 1000) / timer.ms);
    assert.equal(timer.lab, null, "the session is freed");
  });
});

describe("formatting", () => {
  it("writes durations and counts as a person reads them", () => {
    assert.equal(formatDuration(3.456), "3.46 ms");
    assert.equal(formatDuration(345.6), "346 ms");
    assert.equal(formatDuration(4560), "4.56 s");
    assert.equal(formatDuration(45600), "45.6 s");
    assert.equal(formatDuration(456000), "7.6 min");
    assert.equal(formatDuration(4.56e7), "12.7 h");
    assert.equal(formatCount(1000000), "1,000,000");
    assert.deepEqual(sizedConfig({ samples: 500, train_fraction: 0.5, seed: 2 }, 1000), { samples: 1000, train_fraction: 1, seed: 2 });
  });
});

// The largest sizes: 100,000 points and 8 hidden layers of 16 neurons train
// in slices within a frame, their metrics on a fixed sample the page names,
// and the page answers at once.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const LARGEST = "seed=3&dataset=spiral&hidden=16,16,16,16,16,16,16,16&activations=relu&speed=1";

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe("the largest sizes", () => {
  it("trains 100,000 points in slices of a frame, and says its metrics are a sample", async () => {
    const page = await lab.open(`${LARGEST}&samples=100000`);
    const note = page.locator("#metrics-sample");
    assert.equal(await note.textContent(), "Measured on a fixed sample: 5,000 of 50,000 training, 5,000 of 50,000 test examples.");
    assert.equal(await note.isVisible(), true);
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.frameWork().length >= 40, null, { timeout: 60000 });
    // "1 epoch / frame" on a set whose epoch does not fit a frame: the epoch spans frames.
    const started = Date.now();
    await page.click("#play");
    assert.ok(Date.now() - started < 1000, "the pause answered within a second");
    const work = await page.evaluate(() => window.backpropLab.frameWork().slice(5));
    const state = await page.evaluate(() => ({ epoch: window.backpropLab.lab.epoch, batches: window.backpropLab.lab.batches }));
    assert.ok(state.batches > 40, `${state.batches} batches in ${work.length + 5} frames`);
    assert.ok(state.epoch < state.batches / 100, "an epoch of 5,000 batches takes many frames");
    assert.ok(median(work) < 50, `a frame's work is ${median(work)} ms`);
    await page.screenshot({ path: join(SHOTS, "large-100000-points.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("keeps one epoch per frame on a small set, and names no sample", async () => {
    const page = await lab.open("seed=3&dataset=circle&speed=1");
    assert.equal(await page.locator("#metrics-sample").isVisible(), false);
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.frameWork().length >= 30);
    await page.click("#play");
    const s = await page.evaluate(() => ({ epoch: window.backpropLab.lab.epoch, frames: window.backpropLab.frameWork().length }));
    // Every playing frame trains exactly one whole epoch (25 batches of 10).
    assert.equal(s.epoch, s.frames);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), 25 * s.epoch);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

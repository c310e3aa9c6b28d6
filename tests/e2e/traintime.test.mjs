// The training-time dialog: the parameter count, examples per second, and
// the table of one epoch at 1,000, 10,000 and 100,000 examples (positive,
// growing with the size) with the projection to 1,000,000; measured in
// slices across frames, the user's run untouched; a table's data cannot grow.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

describe("training time", () => {
  it("fills its table with times that grow with the size, without touching the run", async () => {
    const page = await lab.open("seed=3&dataset=spiral&hidden.neurons=8,8");
    await page.click("#step-epoch");
    const before = await page.evaluate(() => window.backpropLab.lab.stateJson(false, true));
    await page.click("#traintime-toggle");
    assert.equal(await page.textContent("#traintime-params"), "105 (88 weights, 17 biases)");
    await page.waitForFunction(() => window.backpropLab.trainTime().rate !== null);
    assert.match(await page.textContent("#traintime-rate"), /^[\d,]+ examples per second$/);
    await page.click("#traintime-measure");
    await page.waitForFunction(() => window.backpropLab.trainTime().projection !== null);
    const shown = await page.evaluate(() => window.backpropLab.trainTime());
    // Measured a slice a frame: the page keeps answering (making 100,000 points is the longest frame).
    assert.ok(shown.frameWork.length > 8, `measured across ${shown.frameWork.length} frames`);
    assert.ok(Math.max(...shown.frameWork) < 250, `longest measuring frame ${Math.max(...shown.frameWork)} ms`);
    assert.deepEqual(
      shown.rows.map((r) => r.examples),
      [1000, 10000, 100000],
    );
    assert.deepEqual(
      shown.rows.map((r) => r.batches),
      [100, 1000, 10000],
      "one epoch each, in batches of 10",
    );
    for (const r of shown.rows) assert.ok(r.ms > 0 && r.rate > 0, JSON.stringify(r));
    assert.ok(shown.rows[0].ms < shown.rows[1].ms && shown.rows[1].ms < shown.rows[2].ms, "the time grows with the size");
    assert.equal(shown.projection.ms, shown.rows[2].ms * 10);
    const work = shown.frameWork.slice().sort((a, b) => a - b);
    assert.ok(work[work.length >> 1] < 25, `median measuring frame ${work[work.length >> 1]} ms`);
    const cells = await page.locator("#traintime-table tbody tr").allTextContents();
    assert.equal(cells.length, 4);
    assert.match(cells[3], /1,000,000.*\(projected\)/);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.stateJson(false, true)), before, "the run is untouched");
    await page.screenshot({ path: join(SHOTS, "traintime.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("on a table: the rate, but no other sizes", async () => {
    const page = await lab.open("table=iris");
    await page.click("#traintime-toggle");
    await page.waitForFunction(() => window.backpropLab.trainTime().rate !== null);
    assert.equal(await page.isDisabled("#traintime-measure"), true);
    assert.match(await page.textContent("#traintime-status"), /needs a generated data set/);
    await page.screenshot({ path: join(SHOTS, "traintime-phone.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

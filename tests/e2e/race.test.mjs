// The race: a seed race of 4 on the spiral shows 4 curves, 4 maps and a
// table whose numbers are each copy's setup trained alone; a copy can be
// promoted to the main run (the same network as its setup trained alone,
// the address following); bad values are named and change nothing; racing
// frames keep the frame budget; a phone shows it whole.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

/** Opens the race, sets the epochs, starts, and waits for the end. */
async function race(page, epochs, kind = "seed") {
  if (!(await page.evaluate(() => document.getElementById("race").open))) await page.click("#race-toggle");
  await page.selectOption("#race-kind", kind);
  await page.fill("#race-epochs", String(epochs));
  await page.click("#race-start");
  await page.waitForFunction(() => {
    const r = window.backpropLab.race();
    return r.copies.length > 0 && !r.running;
  });
  return page.evaluate(() => window.backpropLab.race());
}

describe("race", () => {
  it("a seed race of 4 on the spiral shows 4 curves, 4 maps and a table of each copy trained alone", async () => {
    const page = await lab.open("seed=3&dataset=spiral&hidden.neurons=8,8&learning_rate=0.1");
    assert.equal(await page.locator("#race-values-text").count(), 0, "nothing built while closed");
    const shown = await race(page, 60);
    assert.equal(shown.kind, "seed");
    assert.deepEqual(
      shown.copies.map((c) => c.label),
      ["seed 1", "seed 2", "seed 3", "seed 4"],
    );
    for (const c of shown.copies) {
      assert.equal(c.epoch, 60);
      assert.equal(c.curve.values.length, 61, `${c.label}: the untrained network and 60 epochs`);
    }
    assert.deepEqual(shown.drawn.points, [61, 61, 61, 61], "the chart drew 4 curves of 61 points");
    assert.equal(await page.locator("#race-legend li").count(), 4);
    assert.equal(await page.locator("#race-maps canvas[role=img]").count(), 4);
    const rows = await page.locator("#race-table tbody tr").allTextContents();
    assert.equal(rows.length, 4);
    // Each copy's numbers are its setup's trained alone, to the last bit.
    const alone = await page.evaluate(() => {
      const { Lab, lab } = window.backpropLab;
      return [1, 2, 3, 4].map((seed) => {
        const solo = new Lab({ ...lab.config(), weight_seed: seed });
        solo.trainEpochs(60);
        const h = solo.history(0);
        solo.free();
        return { trainLoss: h.trainLoss.at(-1), testLoss: h.testLoss.at(-1), testAccuracy: h.testAccuracy.at(-1) };
      });
    });
    shown.copies.forEach((c, i) => {
      assert.equal(c.trainLoss, alone[i].trainLoss, c.label);
      assert.equal(c.testLoss, alone[i].testLoss, c.label);
      assert.equal(c.testAccuracy, alone[i].testAccuracy, c.label);
    });
    const spread = await page.textContent("#race-spread");
    assert.match(spread, /Same network, same data, different starting weights: the final training loss runs from [\d.]+ to [\d.]+ \(median [\d.]+\)/);
    const losses = shown.copies.map((c) => c.trainLoss).sort((a, b) => a - b);
    assert.ok(spread.includes(losses[0].toFixed(4)) && spread.includes(losses[3].toFixed(4)), "the spread is the table's min and max");
    await page.click(".race-curve-numbers > summary");
    assert.ok((await page.locator("#race-curve-table tbody tr").count()) >= 10, "the chart's numbers as a table");
    // Racing frames stay near the page's frame budget (14 ms of work).
    const work = shown.frameWork.slice().sort((a, b) => a - b);
    assert.ok(work[work.length >> 1] < 25, `median racing frame ${work[work.length >> 1]} ms`);
    await page.screenshot({ path: join(SHOTS, "race-seeds.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("promotes a copy to the main run: the same network as its setup trained alone, the address following", async () => {
    const page = await lab.open("seed=3&dataset=spiral&hidden.neurons=6");
    await race(page, 20, "learning_rate");
    const labels = (await page.evaluate(() => window.backpropLab.race())).copies.map((c) => c.label);
    assert.equal(labels[4], "rate 0.3");
    await page.click('button[aria-label="Make main run: rate 0.3"]');
    assert.equal(await page.evaluate(() => document.getElementById("race").open), false, "the dialog closes on the main run");
    const check = await page.evaluate(() => {
      const { Lab, lab } = window.backpropLab;
      const solo = new Lab({ ...lab.config() });
      solo.trainBatches(lab.batches);
      const same = lab.stateJson(false, true) === solo.stateJson(false, true);
      const params = [...lab.snapshot().params].every((v, i) => v === solo.snapshot().params[i]);
      solo.free();
      return { same, params, rate: lab.config().learning_rate, epoch: lab.epoch, hash: location.hash };
    });
    assert.deepEqual([check.same, check.params, check.rate, check.epoch], [true, true, 0.3, 20]);
    assert.match(check.hash, /learning_rate=0\.3&/);
    assert.equal(await page.textContent("#epoch"), "20", "the page shows the promoted run");
    // The race keeps the copy's row, marked.
    await page.click("#race-toggle");
    assert.match(await page.locator("#race-table tbody tr").nth(4).textContent(), /now the main run/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("races on a table's rows, and a promoted copy keeps the table", async () => {
    const page = await lab.open("table=iris");
    const shown = await race(page, 5);
    assert.deepEqual(
      shown.copies.map((c) => c.epoch),
      [5, 5, 5, 5],
    );
    const rows = await page.evaluate(() => window.backpropLab.lab.points().train.length);
    await page.click('button[aria-label="Make main run: seed 2"]');
    const after = await page.evaluate(() => ({
      rows: window.backpropLab.lab.points().train.length,
      seed: window.backpropLab.lab.config().weight_seed,
      hash: location.hash,
    }));
    assert.deepEqual([after.rows, after.seed], [rows, 2]);
    assert.match(after.hash, /table=iris/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names a bad value, and the race shown stays as it was", async () => {
    const page = await lab.open("seed=3&dataset=spiral");
    await race(page, 5);
    await page.selectOption("#race-kind", "learning_rate");
    await page.fill("#race-values-text", "0.1, fast");
    await page.click("#race-start");
    assert.match(await page.textContent("#race-error"), /Learning rate “fast” cannot be used/);
    assert.equal((await page.evaluate(() => window.backpropLab.race())).kind, "seed");
    await page.selectOption("#race-kind", "optimizer");
    for (const box of await page.locator("#race-values input").all()) await box.uncheck();
    await page.check('#race-values input[value="adam"]');
    await page.click("#race-start");
    assert.match(await page.textContent("#race-error"), /2 to 6 values of optimizer; 1 given/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("races the optimizers from the catalog, and fits a phone", async () => {
    const page = await lab.open("seed=3&dataset=spiral", { width: 390, height: 844 });
    await page.click("#race-toggle");
    await page.selectOption("#race-kind", "optimizer");
    const checked = await page.locator("#race-values input:checked").evaluateAll((xs) => xs.map((x) => x.value));
    // The article's four, then any newer method the engine's catalog offers.
    for (const name of ["sgd", "momentum", "rprop", "adam"]) assert.ok(checked.includes(name), name);
    const shown = await race(page, 30, "optimizer");
    assert.equal(shown.copies.length, checked.length);
    const fits = await page.evaluate(() => {
      const d = document.getElementById("race");
      return d.scrollWidth <= d.clientWidth + 1;
    });
    assert.ok(fits, "no sideways scrolling of the dialog");
    await page.screenshot({ path: join(SHOTS, "race-phone.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

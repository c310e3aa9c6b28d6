// Conjugate gradient and the evolution strategy, chosen from the optimizer
// menu, train the default network: the loss falls, the header counts their
// loss evaluations, the settings that do not apply say so, and the update
// phase writes out what the step did with formulas that evaluate to the
// engine's numbers.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkConsistent, readFormulas, result } from "./formulas.mjs";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const near = (got, want, tolerance = 1e-5) => got === want || Math.abs(got - want) <= tolerance * Math.abs(want);

const trainLoss = (page) => page.evaluate(() => window.backpropLab.lab.snapshot().metrics.train_loss);
const evaluations = (page) => page.evaluate(() => window.backpropLab.lab.snapshot().optimizer.evaluations);
const counter = async (page) => Number((await page.textContent("#evaluations")).replace(/,/g, ""));

/** The update phase of the next batch, for the first weight into the output. */
async function inspectUpdate(page) {
  await page.keyboard.press("s");
  await page.click("#step-to-batch");
  const point = await page.evaluate(() => window.backpropLab.edgePoint(window.backpropLab.lab.snapshot().sizes.length - 2, 0, 0, 12));
  await page.mouse.click(point.x, point.y);
  await drawn(page);
  const formulas = await page.evaluate(readFormulas);
  const engine = await page.evaluate((i) => {
    const s = window.backpropLab.lab.snapshot();
    return { delta: s.delta[i], search: s.optimizer.search, text: document.getElementById("inspector").textContent };
  }, point.index);
  return { formulas, engine };
}

describe("conjugate gradient and the evolution strategy", () => {
  for (const { kind, label, counterLabel } of [
    { kind: "cg", label: "Conj. gradient", counterLabel: "Line-search evals" },
    { kind: "evolution", label: "Evolution", counterLabel: "Loss evals" },
  ]) {
    it(`${kind} trains the default network from the optimizer menu`, async () => {
      const page = await lab.open("seed=1");
      assert.equal(await page.isVisible("#evaluations-row"), false, "no counter for SGD");
      await page.selectOption("#optimizer", { label });
      await page.waitForFunction((k) => window.backpropLab.lab.config().optimizer.kind === k, kind);
      assert.match(page.url(), new RegExp(`optimizer.kind=${kind}`), "the address holds the choice");
      const start = await trainLoss(page);
      for (let i = 1; i <= 15; i += 1) {
        await page.click("#step-epoch");
        await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, i);
      }
      await drawn(page);
      const end = await trainLoss(page);
      assert.ok(end < 0.9 * start, `${kind}: the loss fell from ${start} to ${end}`);
      assert.equal(await page.isVisible("#evaluations-row"), true);
      assert.equal(await page.textContent("#evaluations-label"), counterLabel);
      const count = await evaluations(page);
      assert.ok(count > 0, `${kind}: ${count} evaluations`);
      assert.equal(await counter(page), count, "the header shows the engine's count");
      if (kind === "cg") {
        assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), 15, "one iteration an epoch");
        assert.equal(await page.getAttribute("#batch-size", "aria-disabled"), "true");
        assert.match(await page.getAttribute("#batch-size", "title"), /batch size does not apply/);
      } else {
        // 2 evaluations per pair, 8 pairs, one step a batch.
        assert.equal(count, 16 * (await page.evaluate(() => window.backpropLab.lab.batches)));
        assert.equal(await page.getAttribute("#batch-size", "aria-disabled"), null);
      }
      await page.screenshot({ path: join(SHOTS, `optimizer-${kind}.png`) });
      // On a phone the header's extra counter fits too.
      const phone = await lab.open(`optimizer.kind=${kind}`, { width: 390, height: 844 });
      await phone.click("#step-epoch");
      await drawn(phone);
      assert.equal(await phone.isVisible("#evaluations-row"), true);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${kind}: the phone page is ${overflow} px too wide`);
      await phone.screenshot({ path: join(SHOTS, `optimizer-${kind}-phone.png`) });
      assert.deepEqual(phone.errors, []);
      await phone.close();

      // The update phase: what the step did, written out, evaluating to the engine's Δw.
      const { formulas, engine } = await inspectUpdate(page);
      assert.equal(engine.search.kind, kind);
      assert.deepEqual(checkConsistent(formulas), [], kind);
      const update = formulas.find((f) => f.className.split(" ").includes("update"));
      assert.ok(update, `${kind}: the update's formula`);
      assert.ok(near(result(update), engine.delta), `${kind}: Δw written ${result(update)}, engine ${engine.delta}`);
      if (kind === "cg") {
        assert.match(engine.text, /line search tried \d+ evaluation/);
        assert.match(engine.text, /Δw=α·d/);
      } else {
        assert.match(engine.text, /does not use the backward pass/);
        assert.match(engine.text, /Δw=−η·ĝ/);
      }
      await page.locator("#inspector .formula.update").scrollIntoViewIfNeeded();
      await page.locator("#inspector").screenshot({ path: join(SHOTS, `optimizer-${kind}-update.png`) });
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
});

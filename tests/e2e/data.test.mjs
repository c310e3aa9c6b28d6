// Your own data on the page: the built-in real data sets, a CSV file
// imported through its preview, a typed table, every bad file refused with
// the engine's message and nothing changed, the data exported, and a model
// saved and loaded to continue bit-identically.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const open = lab.open;

const params = (page) => page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
const table = (page) => page.evaluate(() => window.backpropLab.lab.table());
const metrics = (page) => page.evaluate(() => window.backpropLab.lab.snapshot().metrics);

/** Clicks a built-in set and waits until its table is the page's. */
async function openBuiltIn(page, key, rows) {
  await page.click(`.real-set[data-table="${key}"]`);
  await page.waitForFunction((n) => window.backpropLab.lab.table()?.rows === n, rows);
}

/** Plays until the epoch reaches `epochs`, then pauses. */
async function trainTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, epochs, { timeout: 60000 });
  await page.click("#play");
}

/** Sets a file (name, text or bytes) on a file input. */
const setFile = (page, selector, name, content, mimeType = "text/csv") =>
  page.setInputFiles(selector, { name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });

describe("real data sets", () => {
  it("iris loads with its defaults, names its inputs, credits its source, trains past 90 % and survives a reload", async () => {
    const page = await open("seed=5");
    await openBuiltIn(page, "iris", 150);
    const t = await table(page);
    assert.deepEqual(t.inputNames, ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]);
    assert.deepEqual(t.classNames, ["setosa", "versicolor", "virginica"]);
    const config = await page.evaluate(() => window.backpropLab.lab.config());
    assert.deepEqual([config.hidden.map((h) => h.neurons), config.loss, config.output_activation], [[8], "softmax_ce", "softmax"]);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [4, 8, 3]);
    // The diagram's inputs are the columns, by name, and cannot be switched off.
    assert.deepEqual(await page.locator(".node.input").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label"))), [
      "Input sepal_length_cm",
      "Input sepal_width_cm",
      "Input petal_length_cm",
      "Input petal_width_cm",
    ]);
    assert.match(await page.locator("#table-credit").textContent(), /Fisher \(1936\).*CC BY 4\.0/);
    assert.match(await page.locator("#table-slice").textContent(), /x = sepal_length_cm, y = sepal_width_cm, the other inputs at their means/);
    assert.match(await page.evaluate(() => location.hash), /&table=iris(&|$)/);
    await trainTo(page, 150);
    const m = await metrics(page);
    assert.ok(m.train_accuracy > 0.9, `training accuracy ${m.train_accuracy}`);
    await page.screenshot({ path: join(SHOTS, "data-iris.png") });
    // A reload opens iris again, with the address's settings.
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.equal((await table(page))?.rows, 150);
    assert.equal(await page.locator('.real-set[data-table="iris"]').getAttribute("aria-pressed"), "true");
    // A generated set brings generated data back.
    await page.click('#datasets .dataset[data-dataset="spiral"]');
    assert.equal(await table(page), null);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().dataset), "spiral");
    assert.doesNotMatch(await page.evaluate(() => location.hash), /table=/);
    assert.equal(await page.locator("#table-note").isHidden(), true);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

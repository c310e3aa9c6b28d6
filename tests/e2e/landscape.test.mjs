// The loss landscape panel: opened on demand, it shows the engine's plane
// with the training path on it, the path from the start, the sharpness and
// the last step, each with its sentence, and the numbers as tables; the
// value at the current point is the engine's loss; bad input is named.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

/** Trains `epochs` epochs through the page's own button. */
async function trainEpochs(page, epochs) {
  for (let k = 0; k < epochs; k += 1) await page.click("#step-epoch");
}

/** Opens the panel and waits for its first computation. */
async function openPanel(page) {
  await page.click("#landscape-toggle");
  await page.waitForFunction(() => window.backpropLab.landscape() !== null);
}

/** How many pixels of a canvas are not blank. */
const inked = (page, id) =>
  page.evaluate((id) => {
    const canvas = document.getElementById(id);
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count += 1;
    return count;
  }, id);

describe("loss landscape", () => {
  it("opens on demand and shows the path on the plane, the engine's loss at the current point", async () => {
    const page = await lab.open("seed=5&dataset=spiral");
    assert.equal(await page.evaluate(() => window.backpropLab.landscape()), null, "nothing computed while closed");
    await trainEpochs(page, 12);
    await openPanel(page);
    const found = await page.evaluate(() => ({
      shown: window.backpropLab.landscape(),
      loss: window.backpropLab.lab.history(0).trainLoss.at(-1),
      timeline: window.backpropLab.lab.timeline().length,
      epoch: window.backpropLab.lab.epoch,
    }));
    const { plane, curve, sharpness } = found.shown;
    assert.equal(plane.center, found.loss, "the plane's centre is the loss chart's last value");
    assert.equal(curve.losses[curve.t.indexOf(1)], found.loss, "so is the path's t = 1");
    assert.equal(plane.resolution, 41);
    assert.equal(plane.path.length, found.timeline, "every checkpoint, the start to now");
    assert.equal(plane.path.at(-1).epoch, found.epoch);
    assert.ok(Number.isFinite(sharpness.lambda) && sharpness.threshold > 0);
    assert.ok((await inked(page, "landscape-plane")) > 1000, "the plane is drawn");
    assert.ok((await inked(page, "landscape-path")) > 100, "the path curve is drawn");
    const text = await page.evaluate(() =>
      ["landscape-shape", "landscape-path-text", "landscape-sharpness", "landscape-step"].map((id) => document.getElementById(id).textContent),
    );
    for (const sentence of text) assert.ok(sentence.length > 20, sentence);
    assert.match(text[2], /λ = .* 2\/η = /);
    // The text alternative: the readings, the plane and the path as tables.
    assert.equal(await page.locator("#landscape-tables table").count(), 3);
    await page.click(".landscape-numbers > summary");
    await page.locator("#landscape").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "landscape-random.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("draws the plane of the training path and of two weights picked in the diagram", async () => {
    const page = await lab.open("seed=5&dataset=spiral");
    await trainEpochs(page, 10);
    await openPanel(page);
    await page.selectOption("#landscape-directions", "path");
    await page.waitForFunction(() => window.backpropLab.landscape().plane.directions === "path");
    const plane = (await page.evaluate(() => window.backpropLab.landscape())).plane;
    // The path's own plane holds every checkpoint within its range.
    assert.ok(plane.path.every((p) => Math.abs(p.alpha) <= plane.range && Math.abs(p.beta) <= plane.range));
    assert.ok(plane.explained[0] >= plane.explained[1]);
    await page.locator("#landscape").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "landscape-path.png") });
    // Pick a weight in the diagram (near its start: edges cross midway), make it the across axis.
    const point = await page.evaluate(() => window.backpropLab.edgePoint(1, 0, 1, 3));
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(() => window.backpropLab.selected() !== null);
    // The inspector covers the panel: close it; the panel remembers the pick.
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => window.backpropLab.selected() === null);
    assert.match(await page.textContent("#landscape-picked"), /Last selected: Weight/);
    await page.selectOption("#landscape-directions", "weights");
    await page.click("#landscape-axis-x");
    await page.waitForFunction(() => window.backpropLab.landscape().plane.directions === "weights");
    // The panel's plane is the engine's for the picked weight across and the default (w of layer 1, 2 → 1) up.
    const same = await page.evaluate((index) => {
      const { lab, landscape } = window.backpropLab;
      const want = lab.landscape({ directions: "weights", first: index, second: lab.weightIndex(0, 0, 1), resolution: 41 });
      const shown = landscape().plane;
      return shown.losses.length === want.losses.length && shown.losses.every((v, k) => v === want.losses[k]) && shown.range === want.range;
    }, point.index);
    assert.ok(same, "the plane of the picked weight");
    const note = await page.textContent("#landscape-axes-note");
    assert.equal(note, "x: Weight hidden 1, neuron 2 → hidden 2, neuron 1; y: w of layer 1, 2 → 1");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names a bad range and keeps the network", async () => {
    const page = await lab.open("seed=5");
    await trainEpochs(page, 3);
    await openPanel(page);
    const before = await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
    await page.fill("#landscape-range", "-2");
    await page.press("#landscape-range", "Enter");
    await page.locator("#landscape-range").blur();
    await page.waitForFunction(() => /range/.test(document.getElementById("landscape-status").textContent));
    assert.match(await page.textContent("#landscape-status"), /range: -2 is not allowed/);
    assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params)), before);
    await page.fill("#landscape-range", "0.5");
    await page.locator("#landscape-range").blur();
    await page.waitForFunction(() => window.backpropLab.landscape()?.plane.range === 0.5);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("fits a phone", async () => {
    const page = await lab.open("seed=5", { width: 390, height: 844 });
    await trainEpochs(page, 5);
    await openPanel(page);
    await page.locator("#landscape-plane").scrollIntoViewIfNeeded();
    const box = await page.locator("#landscape-plane").boundingBox();
    assert.ok(box.width > 250 && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.ok(Math.abs(box.width - box.height) < 1, "square units");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px too wide`);
    await page.screenshot({ path: join(SHOTS, "landscape-phone.png"), fullPage: false });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

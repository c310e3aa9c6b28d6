// Gradient health on the page: 8 sigmoid layers are diagnosed with vanishing
// gradients within seconds and the ReLU + He remedy makes the loss fall;
// growing gradient norms before a NaN are named exploding; the default run
// raises no diagnosis, nor does half a ReLU layer switched off; clipping is a
// setting shown in the update phase; the panel's charts are named, have
// their table, and pass axe.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkConsistent, readFormulas } from "./formulas.mjs";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** A screenshot of the output panel (the loss chart, the diagnoses and the health panel), on a screen tall enough for all of it. */
async function shootPanel(page, name) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 2000 });
  await drawn(page);
  await page.locator(".output-panel").screenshot({ path: join(SHOTS, name) });
  await page.setViewportSize(viewport);
}

const SIGMOIDS = `hidden=${Array(8).fill(4).join(",")}&activations=${Array(8).fill("sigmoid").join(",")}`;

describe("gradient health", () => {
  it("diagnoses 8 sigmoid layers with vanishing gradients within seconds, and ReLU + He makes the loss fall", async () => {
    const page = await lab.open(SIGMOIDS);
    assert.equal(await page.locator(".diagnosis").count(), 0, "nothing before training");
    const started = Date.now();
    await page.click("#play");
    await page.waitForSelector('.diagnosis[data-kind="vanishing"]', { timeout: 5000 });
    const seconds = (Date.now() - started) / 1000;
    await page.click("#play");
    const text = await page.locator('.diagnosis[data-kind="vanishing"]').textContent();
    assert.match(text, /^Vanishing gradients in layers 1–\d:/);
    // The numbers it names are the engine's latest record's.
    const engine = await page.evaluate(() => {
      const records = window.backpropLab.lab.health(0).records;
      const layers = records.at(-1).layers;
      return { first: layers[0].weight_grad_rms, last: layers.at(-1).weight_grad_rms, diagnoses: window.backpropLab.lab.diagnoses() };
    });
    assert.ok(engine.first * 1e3 < engine.last, JSON.stringify(engine));
    assert.ok(text.includes(engine.diagnoses[0].message), text);
    // Its link opens the panel at the chart it rests on.
    await page.click('.diagnosis[data-kind="vanishing"] a');
    assert.equal(await page.evaluate(() => !document.getElementById("health-panel").hidden), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), "health-chart-weight_grad_rms");
    await drawn(page);
    await shootPanel(page, "health-vanishing.png");

    await page.click('.diagnosis[data-kind="vanishing"] button[data-remedy="relu_he"]');
    const config = await page.evaluate(() => window.backpropLab.lab.config());
    assert.deepEqual(
      config.hidden.map((h) => [h.neurons, h.activation]),
      Array(8).fill([4, "relu"]),
      "every layer ReLU, the rest kept",
    );
    assert.equal(config.init.kind, "he_normal");
    assert.equal(config.learning_rate, 0.03, "the rest kept");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.epoch), 0, "new initial weights");
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 100, null, { timeout: 30000 });
    await page.click("#play");
    const losses = await page.evaluate(() => Array.from(window.backpropLab.lab.history(0).trainLoss));
    assert.ok(losses.at(-1) < 0.5 * losses[0], `the loss fell from ${losses[0]} to ${losses.at(-1)}`);
    assert.equal(await page.locator('.diagnosis[data-kind="vanishing"]').count(), 0, "no longer vanishing");
    assert.deepEqual(page.errors, []);
    console.log(`vanishing diagnosed ${seconds.toFixed(1)} s after play; ReLU + He: loss ${losses[0].toFixed(3)} → ${losses.at(-1).toFixed(3)}`);
    await page.close();
  });

  it("shows the gradient norms growing before the divergence pause, named exploding", async () => {
    // The default network with a linear output: its tanh output would bound the loss.
    const page = await lab.open("learning_rate=3&output_activation=linear");
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.lab.diverged, null, { timeout: 20000 });
    await page.waitForSelector('.diagnosis[data-kind="exploding"]');
    const norms = await page.evaluate(() => window.backpropLab.lab.health(0).records.map((r) => r.grad_norm_max));
    const finite = norms.filter(Number.isFinite);
    assert.ok(finite.length >= 3, `several epochs before the NaN: ${norms}`);
    assert.ok(finite.at(-1) > 1e3 * finite[0], `the norm grew: ${finite}`);
    const text = await page.locator('.diagnosis[data-kind="exploding"]').textContent();
    assert.match(text, /^Exploding gradients: the largest gradient norm grew from/);
    assert.equal(await page.locator('.diagnosis[data-kind="exploding"] button[data-remedy="clip"]').count(), 1);
    await page.click('.diagnosis[data-kind="exploding"] a');
    await drawn(page);
    await shootPanel(page, "health-exploding.png");
    // Clipping, one click: the run starts again from its initial weights and stays finite.
    await page.click('.diagnosis[data-kind="exploding"] button[data-remedy="clip"]');
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().clip_norm), 1);
    assert.match(await page.evaluate(() => location.hash), /clip_norm=1/);
    await page.evaluate(() => window.backpropLab.lab.trainEpochs(30));
    assert.equal(await page.evaluate(() => window.backpropLab.lab.diverged), false);
    await page.close();
  });

  it("raises no diagnosis on the default run", async () => {
    const page = await lab.open("");
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 150, null, { timeout: 30000 });
    await page.click("#play");
    assert.equal(await page.locator(".diagnosis").count(), 0);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.diagnoses()), []);
    assert.equal(await page.locator("#diagnoses").isHidden(), true);
    await page.close();
  });

  it("draws a named chart per quantity with the latest numbers as a table, and passes axe", async () => {
    const page = await lab.open("");
    await page.click("#health-toggle");
    await page.evaluate(() => window.backpropLab.lab.trainEpochs(20));
    await page.evaluate(() => document.getElementById("play").click());
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 25);
    await page.click("#play");
    await drawn(page);
    const charts = await page.$$eval("#health-charts canvas", (list) =>
      list.map((c) => ({ role: c.getAttribute("role"), label: c.getAttribute("aria-label") })),
    );
    assert.equal(charts.length, 7);
    for (const c of charts) assert.ok(c.role === "img" && c.label.length > 20, JSON.stringify(c));
    const table = await page.evaluate(() => {
      const t = document.getElementById("health-table");
      return { caption: t.caption.textContent, rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)) };
    });
    const record = await page.evaluate(() => window.backpropLab.lab.health(0).records.at(-1));
    assert.ok(table.caption.includes(`epoch ${record.epoch}`), table.caption);
    assert.equal(table.rows.length, 3, "a row per layer");
    assert.equal(table.rows[2][0], "3 (output)");
    const shown = Number.parseFloat(table.rows[0][1]);
    assert.ok(
      Math.abs(shown - record.layers[0].activation_rms) <= 0.001 * record.layers[0].activation_rms + 1e-9,
      `${shown} vs ${record.layers[0].activation_rms}`,
    );
    await shootPanel(page, "health-default.png");
    assert.deepEqual(await violations(page), []);
    await page.setViewportSize({ width: 390, height: 800 });
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scroll at 390 px (${overflow})`);
    await page.screenshot({ path: join(SHOTS, "health-phone.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("leaves switched-off neurons out of the dead share and the diagnoses, and says so in the table", async () => {
    // Half of a ReLU layer off: their held 0 would be a dead share of 50 %, enough for "dead ReLUs".
    const page = await lab.open("seed=3&hidden=4&activations=relu&off=1.2,1.4");
    await page.click("#health-toggle");
    await page.evaluate(() => window.backpropLab.lab.trainEpochs(10));
    await page.evaluate(() => document.getElementById("play").click());
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 12);
    await page.click("#play");
    await drawn(page);
    const records = await page.evaluate(() => window.backpropLab.lab.health(0).records);
    assert.ok(records.length >= 12);
    for (const r of records) assert.deepEqual([r.layers[0].off, r.layers[0].dead], [2, 0], JSON.stringify(r.layers[0]));
    assert.equal(records.at(-1).layers[1].off, 0);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.diagnoses()), []);
    assert.equal(await page.locator(".diagnosis").count(), 0);
    const row = await page.evaluate(() => [...document.getElementById("health-table").tBodies[0].rows[0].cells].map((c) => c.textContent));
    assert.equal(row[2], "0.0 % dead (2 switched off, not counted)");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("clips by global norm as a setting, written out in the update phase", async () => {
    const page = await lab.open("clip_norm=0.1&learning_rate=0.3");
    assert.equal(await page.locator("#clip-norm").inputValue(), "0.1");
    await page.keyboard.press("s");
    await page.waitForFunction(() => window.backpropLab.stepping);
    await page.evaluate(() => window.backpropLab.lab.runTo("batch"));
    const step = await page.evaluate(() => window.backpropLab.lab.stepState().clipping);
    assert.ok(step.norm > 0.1 && step.scale > 0 && step.scale < 1, JSON.stringify(step));
    assert.ok(Math.abs(step.scale - 0.1 / (step.norm + 1e-6)) <= 1e-15);
    // The inspector of a weight writes the scale out; every formula holds.
    await drawn(page);
    const point = await page.evaluate(() => window.backpropLab.edgePoint(1, 1, 2, 5));
    await page.mouse.click(point.x, point.y);
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    const formulas = await page.evaluate(readFormulas);
    assert.deepEqual(checkConsistent(formulas), []);
    const role = (name) => page.locator(`#inspector [data-role="${name}"]`).first().getAttribute("data-value");
    assert.equal(Number(await role("clip-scale")), step.scale);
    const raw = await page.evaluate((i) => window.backpropLab.lab.stepState().grads[i], point.index);
    assert.equal(Number(await role("g-clipped")), raw * step.scale);
    await page.locator("#inspector").screenshot({ path: join(SHOTS, "health-clip-inspector.png") });
    // Off again, in the health panel (the inspector closed): no clip_norm in the address (as old links).
    await page.keyboard.press("Escape");
    await page.click("#health-toggle");
    await page.selectOption("#clip-norm", "off");
    assert.doesNotMatch(await page.evaluate(() => location.hash), /clip_norm/);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().clip_norm ?? null), null);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("shows before training how a small initial scale fades and a large one saturates through the layers", async () => {
    const page = await lab.open("hidden=8,8,8,8,8,8&activations=tanh&init=xavier_normal&init_gain=0.25");
    assert.equal(await page.locator("#init-gain").inputValue(), "0.25");
    await page.click("#health-toggle");
    await page.click("#show-histograms");
    assert.equal(await page.getAttribute("#show-histograms", "aria-expanded"), "true");
    await drawn(page);
    const read = () =>
      page.evaluate(() => ({
        engine: window.backpropLab.lab.histograms(24),
        lines: [...document.querySelectorAll("#histogram-summary li")].map((li) => li.textContent),
        epoch: window.backpropLab.lab.epoch,
      }));
    const small = await read();
    assert.equal(small.epoch, 0, "before training");
    assert.equal(small.lines.length, 7, "a line per layer");
    assert.ok(small.engine[5].activation_std < 0.1 * small.engine[0].activation_std, "fades");
    assert.match(small.lines[0], /^Layer 1: std of a /);
    await shootPanel(page, "health-histograms-small.png");
    await page.selectOption("#init-gain", "4");
    await drawn(page);
    const large = await read();
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().init_gain), 4);
    assert.match(await page.evaluate(() => location.hash), /init_gain=4/);
    const counts = large.engine[5].activations.counts;
    const total = counts.reduce((a, b) => a + b, 0);
    assert.ok(counts[0] + counts.at(-1) > 0.7 * total, `saturates: ${counts}`);
    assert.notDeepEqual(large.lines, small.lines, "redrawn for the new weights");
    await shootPanel(page, "health-histograms-large.png");
    assert.deepEqual(await violations(page), []);
    // Back to 1: no init_gain in the address.
    await page.selectOption("#init-gain", "1");
    assert.doesNotMatch(await page.evaluate(() => location.hash), /init_gain/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

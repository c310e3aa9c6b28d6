// What did it learn? A hidden neuron switched off (O on the neuron, or the
// inspector's button) changes the loss shown at once and switching it on
// restores it exactly; the address keeps it (`off=`); the stepper's
// formulas stay true with the neuron off; axe stays clean.

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

/** The losses and accuracy the page shows, as text, and the engine's latest metrics. */
async function shown(page) {
  await drawn(page);
  return page.evaluate(() => ({
    train: document.getElementById("train-loss").textContent,
    test: document.getElementById("test-loss").textContent,
    metrics: window.backpropLab.lab.snapshot().metrics,
  }));
}

const NEURON = (l, j) => `.node.neuron[data-layer="${l}"][data-neuron="${j}"]`;
const SPIRAL = "seed=3&dataset=spiral&hidden.neurons=6,4&hidden.activation=tanh&learning_rate=0.1&optimizer.kind=sgd";

describe("switching a neuron off", () => {
  it("changes the loss shown at once, and switching it on restores it exactly (keyboard)", async () => {
    const page = await lab.open(SPIRAL);
    for (let k = 0; k < 20; k += 1) await page.click("#step-epoch");
    const before = await shown(page);
    await page.focus(NEURON(0, 2));
    await page.keyboard.press("o");
    const off = await shown(page);
    assert.notEqual(off.train, before.train, "the training loss shown changed");
    assert.notEqual(off.metrics.train_loss, before.metrics.train_loss);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.offNeurons()), [[0, 2]]);
    assert.match(await page.locator(NEURON(0, 2)).getAttribute("class"), /switched-off/);
    assert.match(await page.locator(NEURON(0, 2)).getAttribute("aria-label"), /switched off/);
    assert.match(await page.evaluate(() => location.hash), /&off=1\.3(&|$)/);
    // The hover card (open on the focused neuron) says a is held, not tanh(z).
    assert.match(await page.locator("#card").textContent(), /a \(switched off: held at 0\)0\.0000/);
    await page.locator(".network-panel").screenshot({ path: join(SHOTS, "learned-neuron-off.png") });
    // Training with it off is allowed; under plain SGD its weights in and out stay as they were (no gradient reaches them).
    const weights = () =>
      page.evaluate(() => {
        const { lab } = window.backpropLab;
        const p = lab.snapshot().params;
        return [lab.biasIndex(0, 2), lab.weightIndex(0, 2, 0), lab.weightIndex(1, 0, 2)].map((i) => p[i]);
      });
    const held = await weights();
    await page.click("#step-epoch");
    assert.deepEqual(await weights(), held);
    await page.focus(NEURON(0, 2));
    await page.keyboard.press("o");
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.offNeurons()), []);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /off=/);
    assert.doesNotMatch(await page.locator(NEURON(0, 2)).getAttribute("class"), /switched-off/);
    assert.deepEqual(page.errors, []);
  });

  it("switching on again restores the loss exactly", async () => {
    const page = await lab.open(SPIRAL);
    for (let k = 0; k < 10; k += 1) await page.click("#step-epoch");
    const before = await shown(page);
    await page.focus(NEURON(1, 1));
    await page.keyboard.press("o");
    assert.notEqual((await shown(page)).test, before.test);
    await page.keyboard.press("o");
    const after = await shown(page);
    assert.equal(after.train, before.train);
    assert.equal(after.test, before.test);
    assert.equal(after.metrics.train_loss, before.metrics.train_loss, "bit for bit");
    assert.equal(after.metrics.test_accuracy, before.metrics.test_accuracy);
  });

  it("the address switches neurons off; a neuron the network lacks is named in a warning", async () => {
    const page = await lab.open(`${SPIRAL}&off=1.3,2.1`);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.offNeurons()), [
      [0, 2],
      [1, 0],
    ]);
    await drawn(page);
    assert.equal(await page.locator(".node.neuron.switched-off").count(), 2);
    const bad = await lab.open(`${SPIRAL}&off=1.9`);
    assert.match(await bad.locator("#messages").textContent(), /off: hidden layer 1, neuron 9 cannot be switched off/);
    assert.deepEqual(await bad.evaluate(() => window.backpropLab.lab.offNeurons()), []);
    const garbled = await lab.open(`${SPIRAL}&off=0.1`);
    assert.match(await garbled.locator("#messages").textContent(), /off: “0.1” is not hidden layer.neuron pairs counted from 1/);
  });

  it("from the inspector: the formulas stay true with the neuron off, and axe finds nothing", async () => {
    const page = await lab.open(SPIRAL);
    for (let k = 0; k < 5; k += 1) await page.click("#step-epoch");
    await page.click(NEURON(0, 4));
    await page.waitForSelector("#inspector-switch-off");
    assert.equal(await page.locator("#inspector-switch-off").getAttribute("aria-pressed"), "false");
    await page.click("#inspector-switch-off");
    await drawn(page);
    assert.equal(await page.locator("#inspector-switch-off").getAttribute("aria-pressed"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "inspector-switch-off", "the focus stays on it");
    const formulas = await page.evaluate(readFormulas);
    assert.deepEqual(checkConsistent(formulas), []);
    const names = formulas.map((f) => f.className);
    assert.ok(names.some((n) => n.includes("forward-a")) && names.some((n) => n.includes("delta-hidden")), names.join());
    const engine = await page.evaluate(() => {
      const step = window.backpropLab.lab.stepState();
      const n = window.backpropLab.stepExample;
      return { a: step.a[0][n * 6 + 4], delta: step.gradZ[0][n * 6 + 4] };
    });
    assert.deepEqual(engine, { a: 0, delta: 0 });
    assert.match(await page.locator("#inspector").textContent(), /Switched off: its output a is held at 0/);
    await page.locator("#inspector").screenshot({ path: join(SHOTS, "learned-inspector-off.png") });
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
  });
});

/** Sets a file (name, text) on a file input. */
const setFile = (page, selector, name, content) => page.setInputFiles(selector, { name, mimeType: "text/csv", buffer: Buffer.from(content) });

/** Plays until the epoch reaches `epochs`, then pauses. */
async function trainTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, epochs, { timeout: 60000 });
  await page.click("#play");
}

/** The importance table's rows: `[rank, input, sensitivity, permutation, spread]`, numbers as the cells hold them. */
const tableRows = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("#importance-table tbody tr")].map((tr) =>
      [...tr.children].map((cell, k) => (k === 1 ? cell.textContent : Number(cell.dataset.value ?? cell.textContent))),
    ),
  );

/** A panel's screenshot on a screen tall enough for it. */
async function shoot(page, selector, name) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 2400 });
  await drawn(page);
  await page.locator(selector).screenshot({ path: join(SHOTS, name) });
  await page.setViewportSize(viewport);
}

describe("feature importance", () => {
  it("on a table where only x1 matters, ranks x1 first by both measures, with the engine's numbers in the table", async () => {
    const page = await lab.open("seed=4");
    // x2 and x3 are noise (a fixed pseudo-random sequence); the class is x1's sign.
    const rows = ["x1,x2,x3,class"];
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.round((state / 2147483648) * 2000 - 1000) / 1000;
    };
    for (let i = 0; i < 240; i += 1) {
      const [x1, x2, x3] = [next(), next(), next()];
      rows.push(`${x1},${x2},${x3},${x1 > 0 ? "right" : "left"}`);
    }
    await setFile(page, "#import-csv", "only-x1.csv", rows.join("\n"));
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 240);
    await trainTo(page, 60);
    await page.click("#learned-toggle");
    await page.waitForSelector("#importance-table tbody tr");
    const table = await tableRows(page);
    assert.equal(table.length, 3);
    assert.equal(table[0][1], "x1", "x1 ranks first by permutation");
    const bySensitivity = [...table].sort((a, b) => b[2] - a[2]);
    assert.equal(bySensitivity[0][1], "x1", "and by sensitivity");
    assert.ok(table[0][3] > 5 * Math.max(table[1][3], table[2][3]), JSON.stringify(table));
    // The numbers are the engine's.
    const engine = await page.evaluate(() => window.backpropLab.lab.importance(5, 1));
    for (const row of table) {
      const i = ["x1", "x2", "x3"].indexOf(row[1]);
      assert.equal(row[2], engine.sensitivity[i]);
      assert.equal(row[3], engine.permutation[i]);
      assert.equal(row[4], engine.permutation_spread[i]);
    }
    assert.match(await page.locator("#importance-chart").getAttribute("aria-label"), /x1 ranks first/);
    assert.match(await page.locator("#learned-status").textContent(), /over 120 test examples/);
    // The saliency of the example shown: the engine's ∂ŷ/∂x, a row per input; the next example follows.
    const saliency = async () => {
      await drawn(page);
      return page.evaluate(() => {
        const { split, index } = window.backpropLab.shownExample();
        const cells = [...document.querySelectorAll("#saliency-table tbody tr")].map((tr) => Number(tr.lastElementChild.dataset.value));
        return {
          split,
          index,
          cells,
          engine: Array.from(window.backpropLab.lab.saliency(split, index).gradient),
          status: document.getElementById("saliency-status").textContent,
        };
      });
    };
    const first = await saliency();
    assert.equal(first.cells.length, 3);
    assert.deepEqual(first.cells, first.engine);
    assert.match(first.status, new RegExp(`example #${first.index}: ∂ŷ/∂x`));
    await page.click("#example-next");
    const second = await saliency();
    assert.equal(second.index, first.index + 1);
    assert.deepEqual(second.cells, second.engine);
    assert.notDeepEqual(second.cells, first.cells);
    await shoot(page, "#learned", "learned-importance.png");
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
  });

  it("on digits: 64 inputs, the 16 that matter most as bars, all in the table, and both measures as 8 × 8 pictures", async () => {
    const page = await lab.open("seed=2");
    await page.click('.real-set[data-table="digits"]');
    await page.waitForFunction(() => window.backpropLab.lab.table()?.inputNames.length === 64);
    await trainTo(page, 3);
    await page.click("#learned-toggle");
    await page.waitForSelector("#importance-table tbody tr");
    const table = await tableRows(page);
    assert.equal(table.length, 64);
    assert.ok(table.every((r) => Number.isFinite(r[2]) && Number.isFinite(r[3])));
    assert.equal(await page.locator("#importance-pictures").isVisible(), true);
    assert.match(await page.locator("#learned-status").textContent(), /The bars show the 16 inputs that matter most of 64/);
    assert.equal(await page.locator("#saliency-pictures").isVisible(), true, "the example and its saliency as pictures");
    assert.equal(await page.locator("#saliency-chart").isVisible(), false);
    assert.match(await page.locator("#saliency-status").textContent(), /∂ŷ\/∂x of output “\d” \(the class it predicts\)/);
    await shoot(page, "#learned", "learned-importance-digits.png");
    // Too slow to run while playing (64 inputs × 5 shuffles): it waits for a pause, and says so.
    const epoch = await page.evaluate(() => window.backpropLab.lab.epoch);
    await page.click("#play");
    await page.waitForSelector("#learned-wait", { state: "visible", timeout: 20000 });
    await page.click("#play");
    await page.waitForSelector("#learned-wait", { state: "hidden" });
    const now = await page.evaluate(() => window.backpropLab.lab.epoch);
    assert.match(await page.locator("#learned-status").textContent(), new RegExp(`^Epoch ${now}:`));
    assert.ok(now >= epoch);
    assert.deepEqual(page.errors, []);
  });
});

describe("learned representations", () => {
  it("draws the examples and the warped grid in a layer's principal components or two neurons, live, with a table", async () => {
    const page = await lab.open("seed=2&dataset=circle&hidden.neurons=6,3&hidden.activation=tanh&learning_rate=0.1&optimizer.kind=adam");
    for (let k = 0; k < 15; k += 1) await page.click("#step-epoch");
    await page.click("#learned-toggle");
    await page.waitForSelector("#represent-table tbody tr");
    assert.equal(await page.locator("#represent-layer").inputValue(), "1", "the last hidden layer");
    assert.match(await page.locator("#represent-status").textContent(), /^Epoch 15: Hidden layer 2 in its two principal components/);
    assert.match(await page.locator("#represent-status").textContent(), /grid over the input plane/);
    // The table's centres are the engine's points', class by class.
    const check = () =>
      page.evaluate(() => {
        const layer = Number(document.getElementById("represent-layer").value);
        const axes = document.getElementById("represent-axes").value;
        const [x, y] = ["represent-x", "represent-y"].map((id) => Number(document.getElementById(id).value));
        const r = window.backpropLab.lab.representation(layer, axes, x, y);
        const rows = [...document.querySelectorAll("#represent-table tbody tr")].map((tr) =>
          [...tr.querySelectorAll("td")].map((td) => Number(td.dataset.value ?? td.textContent)),
        );
        const centre = (k) => {
          const idx = r.train_labels.map((c, e) => (c === k ? e : -1)).filter((e) => e >= 0);
          return [idx.length, ...[0, 1].map((d) => idx.reduce((s, e) => s + r.train[2 * e + d], 0) / idx.length)];
        };
        return { rows, want: [centre(0), centre(1)], grid: r.grid.length, pca: r.pca };
      });
    const principal = await check();
    assert.equal(principal.grid, 26);
    assert.ok(principal.pca.explained[0] >= principal.pca.explained[1]);
    principal.rows.forEach((row, k) => {
      assert.equal(row[0], principal.want[k][0]);
      assert.ok(Math.abs(row[1] - principal.want[k][1]) < 1e-12 && Math.abs(row[2] - principal.want[k][2]) < 1e-12, JSON.stringify(principal));
    });
    await shoot(page, "#represent-canvas", "learned-representation-pca.png");
    await page.selectOption("#represent-axes", "neurons");
    await page.selectOption("#represent-layer", "0");
    await page.selectOption("#represent-y", "4");
    await drawn(page);
    assert.equal(await page.locator("#represent-x").isVisible(), true);
    assert.match(await page.locator("#represent-status").textContent(), /Hidden layer 1 in neurons 1 and 5/);
    const neurons = await check();
    assert.equal(neurons.pca, null);
    for (const [k, row] of neurons.rows.entries()) assert.ok(Math.abs(row[1] - neurons.want[k][1]) < 1e-12);
    // Live: training moves it.
    const before = await page.locator("#represent-status").textContent();
    await page.click("#step-epoch");
    await drawn(page);
    assert.notEqual(await page.locator("#represent-status").textContent(), before);
    await shoot(page, "#represent-canvas", "learned-representation-neurons.png");
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
  });
});

describe("the panel's size", () => {
  for (const width of [390, 2560]) {
    it(`fits ${width} px wide with a neuron off and every part drawn`, async () => {
      const page = await lab.open(`${SPIRAL}&off=1.2`, { width, height: 900 });
      await page.click("#step-epoch");
      await page.click("#learned-toggle");
      await page.waitForSelector("#represent-table tbody tr");
      await drawn(page);
      const m = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        chart: document.getElementById("importance-chart").getBoundingClientRect().width,
        plane: document.getElementById("represent-canvas").getBoundingClientRect().width,
        // The share of the plane's pixels that are not white: dots and lines, not a filled canvas.
        ink: (() => {
          const canvas = document.getElementById("represent-canvas");
          const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let p = 0; p < data.length; p += 4) if (data[p] < 240 || data[p + 1] < 240 || data[p + 2] < 240) inked += 1;
          return inked / (data.length / 4);
        })(),
      }));
      assert.ok(m.ink > 0.01 && m.ink < 0.4, `the plane is ${Math.round(m.ink * 100)} % ink`);
      assert.ok(m.overflow <= 0, `the page is ${m.overflow} px wider than the screen`);
      assert.ok(m.chart > 200 && m.plane > 200, JSON.stringify(m));
      await shoot(page, "#learned", `learned-panel-${width}.png`);
      assert.deepEqual(page.errors, []);
    });
  }
});

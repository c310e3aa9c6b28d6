// Step-through mode end to end: phase by phase through one batch with every
// number shown equal to the engine's; the chain rule's factors multiplying
// and adding up to the gradient; the gradient check; and the timeline.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseShown } from "../../www/render/format.js";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const open = lab.open;

/** Waits for the next animation frame to have drawn. */
const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Parses a number as the page writes it (a real minus sign, × 10ⁿ). */
const parse = parseShown;

describe("step-through mode", () => {
  it("goes through one batch phase by phase, every number shown the engine's", async () => {
    const page = await open("seed=6");
    await page.click("#mode-step");
    assert.equal(await page.evaluate(() => document.body.classList.contains("stepping")), true);
    const phases = (await page.evaluate(() => window.backpropLab.lab.snapshot().sizes.length - 1)) * 4 + 2;
    for (let k = 1; k <= phases; k += 1) {
      await page.click("#step-next");
      await drawn(page);
      const check = await page.evaluate(() => {
        const c = window.backpropLab;
        const step = c.lab.stepState();
        const e = c.stepExample;
        const sizes = c.lab.snapshot().sizes;
        const mismatches = [];
        const shown = [...document.querySelectorAll(".node.neuron .value-label")].map((el) => el.textContent);
        let index = 0;
        for (let l = 0; l < sizes.length - 1; l += 1) {
          for (let j = 0; j < sizes[l + 1]; j += 1) {
            const text = shown[index++];
            if (!text) continue;
            const [symbol, ...rest] = text.split(" ");
            // As the page writes it: a true minus, exponents as × 10⁻⁷.
            const value = rest
              .join(" ")
              .replace(/\s*×\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/, (_, p) => `e${[...p].map((c) => (c === "⁻" ? "-" : "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c))).join("")}`);
            const source = { z: step.z, a: step.a, δ: step.gradZ }[symbol];
            const want = source[l][e * sizes[l + 1] + j];
            if (Math.abs(Number(value.replace("−", "-")) - want) > 5e-4 + 1e-3 * Math.abs(want)) {
              mismatches.push(`${symbol} of layer ${l} neuron ${j}: shown ${value}, engine ${want}`);
            }
          }
        }
        return { done: step.done, mismatches, labels: shown.filter(Boolean).length, text: document.getElementById("phase-text").textContent };
      });
      assert.equal(check.done, k);
      assert.deepEqual(check.mismatches, []);
      assert.ok(check.labels > 0, `phase ${k} shows numbers`);
      if (k === 7) assert.match(check.text, /^Loss: /);
    }
    const text = await page.locator("#phase-text").textContent();
    assert.match(text, /^Update: /);
    // The stepped batch equals the same batch trained at once.
    const same = await page.evaluate(() => {
      const c = window.backpropLab;
      const other = new c.Lab(c.lab.config());
      other.trainBatches(1);
      const a = c.lab.snapshot().params;
      const b = other.snapshot().params;
      other.free();
      return a.every((v, i) => Object.is(v, b[i]));
    });
    assert.equal(same, true);
    await page.screenshot({ path: join(SHOTS, "step-update.png") });
    // Back one phase undoes the update.
    await page.click("#step-back");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("writes the chain rule for a hidden weight with factors that give the gradient", async () => {
    const page = await open("seed=6&regularization=l2&lambda=0.01");
    await page.click("#step-epoch");
    // A weight into the second hidden layer: click the middle of its edge.
    const point = await page.evaluate(() => {
      // A third of the way along (sample 5 of 16), where edges cross less than at the middle.
      return window.backpropLab.edgePoint(1, 1, 2, 5);
    });
    await page.mouse.click(point.x, point.y);
    const inspector = page.locator("#inspector");
    await inspector.waitFor({ state: "visible" });
    await drawn(page);
    const title = await inspector.locator("h3").textContent();
    assert.match(title, /^Weight/);
    const numbers = await page.evaluate(() => {
      const value = (role) => [...document.querySelectorAll(`#inspector [data-role="${role}"]`)].map((el) => Number(el.getAttribute("data-value")));
      const text = (role) => [...document.querySelectorAll(`#inspector [data-role="${role}"]`)].map((el) => el.textContent);
      const c = window.backpropLab;
      return {
        delta: value("delta"),
        activation: value("activation"),
        product: value("product"),
        terms: value("term"),
        regularization: value("regularization"),
        gradient: value("gradient"),
        gradientText: text("gradient"),
        productText: text("product"),
        factorsText: [...text("delta"), ...text("activation")],
        index: c.selected().index,
        engine: c.lab.stepState().grads[c.selected().index],
        fPrime: value("f-prime"),
        weightedSum: value("weighted-sum"),
        deltaResult: value("delta-result"),
      };
    });
    // The example's factors multiply to its term.
    assert.equal(numbers.product.length, 1);
    assert.ok(Math.abs(numbers.delta[0] * numbers.activation[0] - numbers.product[0]) <= 1e-15);
    // The batch's terms and the penalty add up to the gradient, which is the engine's.
    const sum = numbers.terms.reduce((a, b) => a + b, 0) + numbers.regularization[0];
    assert.equal(numbers.terms.length, 10);
    assert.ok(Math.abs(sum - numbers.gradient[0]) <= 1e-12 * (1 + Math.abs(sum)));
    assert.equal(numbers.gradient[0], numbers.engine);
    // And the numbers as shown multiply to the shown product within their rounding.
    const [d, a] = numbers.factorsText.map(parse);
    assert.ok(Math.abs(d * a - parse(numbers.productText[0])) <= 1e-5 * Math.abs(d * a) + 1e-9);
    // δ of the hidden neuron: f′(z) times Σ w δ.
    assert.ok(Math.abs(numbers.fPrime[0] * numbers.weightedSum[0] - numbers.deltaResult[0]) <= 1e-15);
    // The gradient check beside it agrees.
    assert.match(await inspector.textContent(), /relative error.*✓ agrees/);
    // No formula runs off its box: a line too wide is broken before its "=" steps.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll("#inspector .formula")].flatMap((box) =>
        [...box.querySelectorAll(".math-line")].filter((line) => line.scrollWidth > box.clientWidth + 1).map((line) => line.textContent),
      ),
    );
    assert.deepEqual(cut, []);
    await page.screenshot({ path: join(SHOTS, "chain-rule.png") });
    assert.equal(numbers.index, point.index, "the weight clicked is the one inspected");
    // A factor links to where it came from: δ of the weight's neuron.
    await inspector.locator('[data-role="delta"]').first().click();
    assert.match(await inspector.locator("h3").textContent(), /^Hidden layer 2, neuron 2/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("checks every gradient against finite differences and flags none", async () => {
    const page = await open("seed=6&hidden=5,3&activations=relu,tanh&optimizer=adam");
    await page.keyboard.press("s");
    await page.click("#step-to-backward");
    await page.click("#check-all");
    const summary = await page.locator("#check-summary").textContent();
    assert.match(summary, /^All \d+ gradients agree with finite differences/);
    assert.equal(await page.evaluate(() => window.backpropLab.disagreements), 0);
    // By keyboard: → steps a phase, ← goes back.
    await page.evaluate(() => document.activeElement.blur());
    const done = await page.evaluate(() => window.backpropLab.lab.stepState().done);
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.stepState().done), done + 1);
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.stepState().done), done);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("scrubs the timeline back, resumes, and the loss chart continues from there", async () => {
    const page = await open("seed=13&dataset=xor");
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 12);
    await page.click("#play");
    const before = await page.evaluate(() => ({ epoch: window.backpropLab.lab.epoch, chart: window.backpropLab.chartLength }));
    // Scrub back to epoch 5.
    await page.locator("#timeline").fill("5");
    await drawn(page);
    const viewing = await page.evaluate(() => ({
      epoch: window.backpropLab.lab.epoch,
      viewing: window.backpropLab.lab.timeline().viewing,
      past: document.body.classList.contains("viewing-past"),
      chart: window.backpropLab.chartLength,
      label: document.getElementById("timeline-label").textContent,
    }));
    assert.equal(viewing.epoch, 5);
    assert.equal(viewing.viewing, 5);
    assert.equal(viewing.past, true);
    assert.equal(viewing.chart, before.chart, "the chart still shows the whole run");
    assert.match(viewing.label, /^epoch 5 of \d+/);
    await page.screenshot({ path: join(SHOTS, "timeline-past.png") });
    // Resume: training continues from epoch 5 and replaces the future.
    await page.click("#step-epoch");
    await drawn(page);
    const resumed = await page.evaluate(() => {
      const c = window.backpropLab;
      return { epoch: c.lab.epoch, epochs: c.chartEpochs(), history: Array.from(c.lab.history(0).epoch), viewing: c.lab.timeline().viewing };
    });
    assert.equal(resumed.epoch, 6);
    assert.equal(resumed.viewing, -1);
    assert.deepEqual(resumed.epochs, resumed.history, "the chart is the history from the start to now");
    assert.deepEqual(resumed.epochs, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(await page.evaluate(() => document.body.classList.contains("viewing-past")), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
  it("gives the numbers at each phase as a table: each one the engine's, the rest not yet computed", async () => {
    const page = await open("seed=4&mode=step");
    await page.click("#step-numbers summary");
    // Forward through the first hidden layer's z and a, and the second's z.
    for (let k = 0; k < 3; k += 1) await page.keyboard.press("ArrowRight");
    await drawn(page);
    const read = () =>
      page.evaluate(() => {
        const rows = [...document.querySelectorAll("#step-table tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent));
        const s = window.backpropLab.lab.stepState();
        return {
          rows,
          z: s.z.map((v) => Array.from(v)),
          a: s.a.map((v) => Array.from(v)),
          delta: s.gradZ.map((v) => Array.from(v)),
          sizes: window.backpropLab.lab.snapshot().sizes,
          example: window.backpropLab.stepExample,
        };
      });
    let t = await read();
    assert.equal(t.rows.length, 4 + 2 + 1);
    const close = (text, want) => Math.abs(parse(text) - want) <= 1e-5 * Math.max(1, Math.abs(want));
    // Hidden layer 1: z and a computed, δ not yet; layer 2: z only; the output: nothing yet.
    for (let j = 0; j < 4; j += 1) {
      assert.equal(t.rows[j][0], `Hidden layer 1, neuron ${j + 1}`);
      assert.ok(close(t.rows[j][1], t.z[0][t.example * 4 + j]), `z of neuron ${j + 1}: ${t.rows[j][1]}`);
      assert.ok(close(t.rows[j][2], t.a[0][t.example * 4 + j]), `a of neuron ${j + 1}: ${t.rows[j][2]}`);
      assert.equal(t.rows[j][3], "not yet");
    }
    assert.deepEqual(t.rows[4].slice(2), ["not yet", "not yet"]);
    assert.deepEqual(t.rows[6].slice(1), ["not yet", "not yet", "not yet"]);
    // Through the backward pass: every δ is the engine's.
    while (await page.evaluate(() => window.backpropLab.lab.stepState().done < window.backpropLab.lab.stepState().plan.length - 1)) {
      await page.keyboard.press("ArrowRight");
    }
    await drawn(page);
    t = await read();
    const widths = [4, 2, 1];
    let row = 0;
    widths.forEach((w, l) => {
      for (let j = 0; j < w; j += 1, row += 1) assert.ok(close(t.rows[row][3], t.delta[l][t.example * w + j]), `δ of row ${row}: ${t.rows[row][3]}`);
    });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

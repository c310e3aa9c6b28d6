// Accessibility: axe-core (pinned in package.json) audits the page in every
// mode a learner or a teacher meets: training, stepping, the inspector, the
// help, the divergence message, drawing points, presenter mode, and a phone.
// Any violation fails, named.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import { useLab } from "./server.mjs";

const lab = useLab({ before, after });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe's violations on the page as it is now, one line each (rule, impact, where). */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return found;
}

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe("accessibility (axe-core)", () => {
  it("has no violation while training", async () => {
    const page = await lab.open("seed=5&dataset=spiral");
    await page.click("#play");
    await page.waitForFunction(() => window.backpropLab.lab.epoch >= 5);
    await page.click("#play");
    assert.deepEqual(await violations(page), []);
    // Multiclass shows the Classes slider too.
    await page.click('button[data-problem="multiclass"]');
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names every slider and says its value in the units shown", async () => {
    const page = await lab.open("seed=5&dataset=blobs&noise=0.2&samples=500");
    const sliders = await page.evaluate(() =>
      ["noise", "train-fraction", "samples", "classes"].map((id) => {
        const input = document.getElementById(id);
        const name = input.getAttribute("aria-labelledby");
        return [document.getElementById(name)?.textContent, input.getAttribute("aria-valuetext")];
      }),
    );
    assert.deepEqual(sliders, [
      ["Noise", "20 %"],
      ["Training data", "50 %"],
      ["Points", "500 points"],
      ["Classes", "3 classes"],
    ]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation while stepping through a batch, with its numbers as a table, nor with the inspector open", async () => {
    const page = await lab.open("seed=6");
    await page.click("#mode-step");
    for (let k = 0; k < 3; k += 1) await page.click("#step-next");
    await page.click("#step-numbers summary");
    await page.waitForSelector("#step-table tbody tr");
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    await page.click('button[aria-label*="Hidden layer 1, neuron 1:"]');
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation with conjugate gradient or the evolution strategy: the counter, the greyed batch size, their update phase", async () => {
    for (const kind of ["cg", "evolution"]) {
      const page = await lab.open(`seed=6&optimizer.kind=${kind}`);
      await page.click("#step-epoch");
      await page.click("#optimizer-details summary");
      await drawn(page);
      assert.deepEqual(await violations(page), [], kind);
      await page.click("#mode-step");
      await page.click("#step-to-batch");
      const point = await page.evaluate(() => window.backpropLab.edgePoint(window.backpropLab.lab.snapshot().sizes.length - 2, 0, 0, 12));
      await page.mouse.click(point.x, point.y);
      await page.locator("#inspector .formula.update").last().waitFor();
      await drawn(page);
      assert.deepEqual(await violations(page), [], `${kind}, its update phase`);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });

  it("has no violation while drawing points, with the point table open, nor on a phone", async () => {
    for (const viewport of [undefined, { width: 390, height: 844 }]) {
      const page = await lab.open("seed=5&dataset=blobs&samples=100", viewport);
      await page.click("#draw-toggle");
      await page.click("#draw-clear");
      // Too few to train on: the status says why; then a point of each of two classes.
      const tap = async (u) => {
        await page.locator("#output").scrollIntoViewIfNeeded();
        const box = await page.locator("#output").boundingBox();
        await page.mouse.click(box.x + box.width * u, box.y + box.height * 0.5);
      };
      await page.click('#draw-classes [aria-label="Class 1 (orange)"]');
      await tap(0.3);
      await drawn(page);
      assert.deepEqual(await violations(page), []);
      await page.click('#draw-classes [aria-label="Class 3 (green)"]');
      await tap(0.7);
      await page.click('#draw-tool [data-tool="erase"]');
      await page.click("#draw-table-box summary");
      await page.waitForSelector('[aria-label="Point 2, class"]');
      await drawn(page);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });

  it("has no violation in presenter mode (stepping, the inspector), nor with the QR code or the chooser open", async () => {
    const page = await lab.open("seed=6&present=1", { width: 1920, height: 1080 });
    await page.click("#mode-step");
    for (let k = 0; k < 3; k += 1) await page.keyboard.press("PageDown");
    await page.click('button[aria-label*="Hidden layer 1, neuron 1:"]');
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    await page.click("#present-qr");
    await page.locator("#qr-canvas").waitFor({ state: "visible" });
    assert.deepEqual(await violations(page), []);
    await page.click("#qr-dialog button");
    await page.click("#present");
    await page.click("#choose-shown");
    await page.locator("#chooser").waitFor({ state: "visible" });
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation with the help open", async () => {
    const page = await lab.open("seed=6");
    await page.keyboard.press("?");
    await page.locator("#help").waitFor({ state: "visible" });
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  it("has no violation with the divergence message, and messages can be dismissed", async () => {
    const page = await lab.open("seed=2&learning_rate=10&hidden=8,8&activations=relu&output_activation=linear");
    await page.click("#play");
    await page.waitForSelector('.message[data-key="diverged"]', { timeout: 10000 });
    assert.deepEqual(await violations(page), []);
    await page.click('.message[data-key="diverged"] button[aria-label="Dismiss this message"]');
    assert.equal(await page.locator(".message").count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation with the loss landscape open, its tables and its weights' choice shown", async () => {
    const page = await lab.open("seed=5");
    for (let k = 0; k < 4; k += 1) await page.click("#step-epoch");
    await page.click("#landscape-toggle");
    await page.waitForFunction(() => window.backpropLab.landscape() !== null);
    await page.click(".landscape-numbers > summary");
    await page.selectOption("#landscape-directions", "weights");
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation in the race (its chart, maps, tables and choices, and an error) nor in the training time", async () => {
    const page = await lab.open("seed=5&dataset=spiral");
    await page.click("#race-toggle");
    await page.fill("#race-epochs", "20");
    await page.click("#race-start");
    await page.waitForFunction(() => {
      const r = window.backpropLab.race();
      return r.copies.length === 4 && !r.running;
    });
    await page.click(".race-curve-numbers > summary");
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    await page.selectOption("#race-kind", "schedule");
    await page.locator("#race-values input").first().uncheck();
    await page.locator("#race-values input").nth(1).uncheck();
    await page.locator("#race-values input").nth(2).uncheck();
    await page.click("#race-start");
    assert.match(await page.textContent("#race-error"), /1 given/);
    assert.deepEqual(await violations(page), []);
    await page.keyboard.press("Escape");
    await page.click("#traintime-toggle");
    await page.click("#traintime-measure");
    await page.waitForFunction(() => window.backpropLab.trainTime().projection !== null);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation on a phone, with a bad address's long value shortened", async () => {
    const long = "x".repeat(5000);
    const page = await lab.open(`seed=4&dataset=${long}&hidden=3`, { width: 390, height: 844 });
    const message = page.locator('.message[data-key="url"]');
    await message.waitFor();
    const text = await message.textContent();
    assert.ok(text.length < 400, `the message is ${text.length} characters long`);
    assert.match(text, /…/);
    const box = await page.evaluate(() => {
      const el = document.querySelector(".message");
      return { right: el.getBoundingClientRect().right, width: window.innerWidth, scroll: document.documentElement.scrollWidth };
    });
    assert.ok(box.right <= box.width, `the message reaches ${box.right}px of ${box.width}px`);
    assert.ok(box.scroll <= box.width, `the page is ${box.scroll}px wide`);
    assert.deepEqual(await violations(page), []);
    await page.click('.message button[aria-label="Dismiss this message"]');
    assert.equal(await page.locator(".message").count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
  it("has no violation in a lesson: a question, its feedback, a click question, the list of lessons; all by keyboard", async () => {
    const page = await lab.open("lesson=backward&step=1");
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    // By keyboard alone: arrow keys move within the radio group, Enter submits the form.
    await page.focus('input[name="lesson-choice"][value="positive"]');
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator("#lesson-feedback").waitFor({ state: "visible" });
    assert.match(await page.locator("#lesson-feedback").textContent(), /^(Right|Not quite)/);
    assert.equal(await page.locator("#lesson-feedback").getAttribute("role"), "status");
    assert.deepEqual(await violations(page), []);
    await page.click("#lesson-reveal");
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    const click = await lab.open("lesson=forward-pass&step=4", { width: 390, height: 844 });
    await drawn(click);
    assert.deepEqual(await violations(click), []);
    await click.click("#lessons-button");
    await click.locator("#lesson-list").waitFor({ state: "visible" });
    assert.deepEqual(await violations(click), []);
    assert.deepEqual([...page.errors, ...click.errors], []);
    await click.close();
    await page.close();
  });

  it("has no violation on a table: the slice and its held values, the what-if, the matrices, predicted against actual, the test images", async () => {
    const page = await lab.open("seed=6");
    await page.click('.real-set[data-table="iris"]');
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 150);
    await page.click("#step-epoch");
    await page.click("#held summary");
    await page.click("#what-if summary");
    await page.waitForSelector("#what-if-prediction p");
    await drawn(page);
    assert.deepEqual(await violations(page), []);
    await page.click('.real-set[data-table="article"]');
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 3);
    await page.click("#step-epoch");
    await page.waitForFunction(() => window.backpropLab.scatterPoints().length === 3);
    assert.deepEqual(await violations(page), []);
    await page.click('.real-set[data-table="digits"]');
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 1797);
    await page.click("#step-epoch");
    await page.waitForSelector("#digits .digit");
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("has no violation in the classroom panel; without a classroom server it says so plainly and the page goes on", async () => {
    const page = await lab.open("seed=2&lesson=forward-pass&step=1");
    await page.focus("#lessons-button");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#classroom-button", { state: "visible" });
    await page.focus("#classroom-button");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#class-start-button", { state: "visible" });
    assert.equal(await page.getAttribute("#classroom-button", "aria-expanded"), "true");
    assert.deepEqual(await violations(page), []);
    await page.focus("#class-start-button");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /No classroom server answers/.test(document.getElementById("class-status").textContent));
    assert.equal(await page.evaluate(() => window.backpropLab.classroom().joined), false);
    // The lesson goes on alone: an answer is judged by this page.
    await page.fill("#lesson-number", "12345");
    await page.click("#lesson-check");
    assert.match(await page.textContent("#lesson-feedback"), /Not quite/);
    assert.deepEqual(await violations(page), []);
    // The only console error is the browser's note of the probe's 404 (no classroom server at this site).
    assert.deepEqual(page.errors, ["Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    await page.close();
  });
});

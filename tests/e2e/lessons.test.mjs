// Lessons, end to end: every lesson walked from its first step to its last,
// each question answered wrong once (its hint checked) and then right; a
// link straight to a step; the list, its progress and its reset; a bad
// lesson file and a bad link named with nothing of the page changed; the
// panel at 1280 × 720, 1920 × 1080 and 390 px (screenshots in target/e2e/).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const LESSONS = JSON.parse(readFileSync(new URL("../../www/lessons/index.json", import.meta.url), "utf8")).lessons;

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const lessonNow = (page) => page.evaluate(() => window.backpropLab.lesson());
const feedback = (page) => page.locator("#lesson-feedback").textContent();

/** Gives an answer through the page: types a number, picks a radio, or clicks a neuron or a weight. */
async function answer(page, kind, given) {
  if (kind === "number") {
    await page.fill("#lesson-number", String(given));
    await page.click("#lesson-check");
  } else if (kind === "click") {
    if (given.kind === "weight") {
      const point = await page.evaluate((g) => window.backpropLab.edgePoint(g.layer, g.neuron, g.input), given);
      await page.mouse.click(point.x, point.y);
    } else {
      const layers = await page.evaluate(() => window.backpropLab.lab.snapshot().sizes.length - 1);
      const name = given.layer === layers - 1 ? "Output" : `Hidden layer ${given.layer + 1}, neuron ${given.neuron + 1}:`;
      await page.click(`button.neuron[aria-label*="${name}"]`);
    }
  } else {
    await page.check(`input[name="lesson-choice"][value="${given}"]`);
    await page.click("#lesson-check");
  }
}

/** A wrong answer to a question whose right answer is `right` (`answer` of the test interface). */
function wrongFor(kind, right, count) {
  if (kind === "number") return right.value + 1000;
  if (kind === "sign") return right.value === "negative" ? "positive" : "negative";
  if (kind === "choice") return (right.value + 1) % count;
  const [layer, neuron, input] = [...right.value.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const other =
    input === undefined ? { kind: "neuron", layer, neuron: neuron === 0 ? 1 : 0 } : { kind: "weight", layer, neuron: neuron === 0 ? 1 : 0, input };
  return other;
}

/** The answer to give for `right`. */
function rightFor(kind, right) {
  if (kind === "number") return right.value;
  if (kind !== "click") return right.value;
  const [layer, neuron, input] = [...right.value.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return input === undefined ? { kind: "neuron", layer, neuron } : { kind: "weight", layer, neuron, input };
}

describe("lessons", () => {
  for (const id of LESSONS) {
    it(`walks “${id}” from its first step to its last, answering each question wrong, then right`, async () => {
      const page = await lab.open(`lesson=${id}`);
      const count = (await lessonNow(page)).count;
      for (let n = 0; n < count; n += 1) {
        const now = await lessonNow(page);
        assert.equal(now.step, n);
        assert.equal(await page.locator("#lesson-count").textContent(), `Step ${n + 1} of ${count}`);
        assert.match(await page.evaluate(() => window.location.hash), new RegExp(`lesson=${id}&step=${n + 1}$`));
        assert.doesNotMatch(await page.locator("#lesson-text").textContent(), /[{}]|NaN|undefined/);
        if (now.kind) {
          const options = await page.locator('input[name="lesson-choice"]').count();
          // Before an `after` has run (training after the prediction) the answer is not known yet: the first answer runs it.
          const right = now.answer;
          if (right) await answer(page, now.kind, wrongFor(now.kind, right, options));
          else await answer(page, now.kind, now.kind === "number" ? -1e9 : now.kind === "sign" ? "zero" : 0);
          const after = (await lessonNow(page)).answer;
          // That first answer may have happened to be right; a wrong one after it must not be.
          if (!right) await answer(page, now.kind, wrongFor(now.kind, after, options));
          const wrong = await feedback(page);
          assert.match(wrong, /^Not quite\. /, `${id} step ${n + 1}: ${wrong}`);
          assert.doesNotMatch(wrong, /[{}]|NaN|undefined/);
          assert.equal(await page.locator("#lesson-feedback").getAttribute("class"), "lesson-feedback wrong");
          await answer(page, now.kind, rightFor(now.kind, after));
          const good = await feedback(page);
          assert.match(good, /^Right: /, `${id} step ${n + 1}: ${good}`);
          assert.equal((await lessonNow(page)).answer.text, after.text, "the answer did not move while answering");
        }
        if (n < count - 1) {
          if (n === 0) await page.keyboard.press("PageDown");
          else await page.click("#lesson-next");
          await page.waitForFunction((k) => window.backpropLab.lesson().step === k, n + 1);
        }
      }
      assert.equal(await page.locator("#lesson-next").isDisabled(), true);
      await page.evaluate(() => document.activeElement.blur());
      await page.keyboard.press("PageUp");
      await page.waitForFunction((k) => window.backpropLab.lesson().step === k, count - 2);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  it("opens a link at a step directly, its scene replayed from the steps it keeps", async () => {
    const page = await lab.open("lesson=backward&step=3");
    const now = await lessonNow(page);
    assert.deepEqual([now.id, now.step, now.kind], ["backward", 2, "sign"]);
    // Up to the output's ∂W (z, a, z, a, loss, δ, ∂W): 7 phases of a 2-layer network's batch; the
    // question's phase, hidden layer 1's δ, runs only once answered, and goes back after a wrong answer.
    const phase = () =>
      page.evaluate(() => {
        const s = window.backpropLab.lab.stepState();
        return { done: s.done, last: s.plan[s.done - 1] };
      });
    assert.deepEqual(await phase(), { done: 7, last: { kind: "backward_params", layer: 1 } });
    const right = (await lessonNow(page)).answer;
    assert.deepEqual(await phase(), { done: 7, last: { kind: "backward_params", layer: 1 } }, "reading the answer changed nothing");
    await answer(page, "sign", right.value === "negative" ? "positive" : "negative");
    assert.deepEqual(await phase(), { done: 7, last: { kind: "backward_params", layer: 1 } });
    assert.equal(await page.evaluate(() => window.backpropLab.stepping), true);
    assert.equal(await page.locator("#lesson-count").textContent(), "Step 3 of 4");
    // The reveal opens the inspector on the neuron the answer is about.
    await page.click("#lesson-reveal");
    assert.match(await feedback(page), /^The answer: δ of hidden layer 1, neuron 1 = /);
    assert.deepEqual(await phase(), { done: 8, last: { kind: "backward_delta", layer: 0 } });
    assert.deepEqual(await page.evaluate(() => window.backpropLab.selected()?.kind), "neuron");
    await page.locator("#inspector").waitFor({ state: "visible" });
    await page.screenshot({ path: join(SHOTS, "lesson-1280.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("answers a click question on a weight by keyboard alone: Enter on its neuron, then its ∂L/∂w button", async () => {
    const page = await lab.open("lesson=symmetry&step=3");
    const right = (await lessonNow(page)).answer;
    const [layer, neuron, input] = [...right.value.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    assert.deepEqual([layer, input], [0, 0]);
    await page.focus(`button.neuron[aria-label*="Hidden layer 1, neuron ${neuron + 1}:"]`);
    await page.keyboard.press("Enter");
    await page.locator("#inspector").waitFor({ state: "visible" });
    // Opening the neuron on the way is not an answer.
    assert.equal(await page.locator("#lesson-feedback").isHidden(), true);
    await page.focus("#inspector details.editor > summary");
    await page.keyboard.press("Enter");
    await page.locator("#inspector .chain-rule").first().focus();
    await page.keyboard.press("Enter");
    await page.locator("#lesson-feedback").waitFor({ state: "visible" });
    assert.match(await feedback(page), new RegExp(`^Right: ∂L/∂w of hidden layer 1, neuron ${neuron + 1}, from input 1 = `));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("lists the lessons from the top bar with their progress, and resets it", async () => {
    const page = await lab.open("seed=4");
    await page.click("#lessons-button");
    await page.locator("#lesson-list").waitFor({ state: "visible" });
    assert.equal(await page.locator(".lesson-item").count(), LESSONS.length);
    await page.screenshot({ path: join(SHOTS, "lesson-list.png") });
    await page.locator(".lesson-item", { hasText: "The loss" }).click();
    await page.waitForFunction(() => window.backpropLab.lesson()?.id === "loss");
    const right = (await lessonNow(page)).answer;
    await answer(page, "choice", right.value);
    await page.click("#lessons-button");
    assert.match(await page.locator(".lesson-item", { hasText: "The loss" }).textContent(), /1 of 3 steps seen, 1 of 3 questions right/);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    await page.click("#lessons-button");
    assert.match(await page.locator(".lesson-item", { hasText: "The loss" }).textContent(), /1 of 3 steps seen/);
    await page.click("#reset-progress");
    assert.match(await page.locator(".lesson-item", { hasText: "The loss" }).textContent(), /not started/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names a bad lesson file by step and field, and changes nothing", async () => {
    const page = await lab.open("seed=7&learning_rate=0.1");
    const before = await page.evaluate(() => window.location.hash);
    const bad = JSON.parse(readFileSync(new URL("../../www/lessons/loss.json", import.meta.url), "utf8"));
    bad.steps[1].question.quantity = "z[0][9]";
    bad.steps[2].setup = { learning_rate: -3 };
    await page.click("#lessons-button");
    await page.setInputFiles("#load-lesson", { name: "mine.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
    const message = page.locator('.message[data-key="lesson"]');
    await message.waitFor();
    const text = await message.textContent();
    assert.match(text, /This lesson cannot be opened \(2 problems\)/);
    assert.match(text, /mine\.json: step 2, question\.quantity: z\[0\]\[9\]: neuron 9 is not in this network/);
    assert.match(text, /mine\.json: step 3, setup: learning_rate: -3 is not allowed/);
    assert.equal(await page.evaluate(() => window.location.hash), before);
    assert.equal(await lessonNow(page), null);
    // Not JSON at all.
    await page.setInputFiles("#load-lesson", { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("{ steps: oops") });
    await page.waitForFunction(() => document.querySelector('.message[data-key="lesson"]').textContent.includes("notes.json: not JSON"));
    assert.equal(await page.evaluate(() => window.location.hash), before);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names a lesson link that cannot be opened, and opens one by URL", async () => {
    const page = await lab.open("seed=3&lesson=no-such-lesson&step=2");
    const text = await page.locator('.message[data-key="lesson"]').textContent();
    assert.match(text, /lesson “no-such-lesson”: could not be read \(HTTP 404\)/);
    assert.doesNotMatch(await page.evaluate(() => window.location.hash), /lesson|step=/);
    await page.close();
    const byUrl = await lab.open("lesson_url=www/lessons/xor.json&step=2");
    assert.deepEqual(await lessonNow(byUrl).then((l) => [l.id, l.step]), ["xor", 1]);
    assert.match(await byUrl.evaluate(() => window.location.hash), /lesson_url=www\/lessons\/xor\.json&step=2$/);
    assert.deepEqual(
      byUrl.errors.filter((e) => !e.includes("404")),
      [],
    );
    await byUrl.close();
  });

  for (const [width, height] of [
    [1920, 1080],
    [390, 844],
  ]) {
    it(`fits the panel at ${width} × ${height}`, async () => {
      const page = await lab.open("lesson=forward-pass&step=3", { width, height });
      await drawn(page);
      const box = await page.locator("#lesson").boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${box.x} + ${box.width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0);
      await page.screenshot({ path: join(SHOTS, `lesson-${width}.png`) });
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
  it("shows only the controls a step lists, and every control again after the lesson", async () => {
    const page = await lab.open("lesson=update&step=2");
    await page.waitForFunction(() => window.backpropLab.lesson()?.step === 1);
    const visible = (selector) => page.locator(selector).first().isVisible();
    assert.equal(await visible("#learning-rate"), true, "the learning rate is shown");
    assert.equal(await visible("#optimizer"), false, "the optimizer is not");
    assert.equal(await visible("#noise"), false, "nor the data's noise");
    await page.click("#lesson-close");
    await page.waitForFunction(() => window.backpropLab.lesson() === null);
    assert.equal(await visible("#noise"), true, "the noise is back after the lesson");
    assert.deepEqual(page.errors, []);
    await page.close();
  });
  it("opens the gradient health panel for the vanishing lesson's trained step, where the page names the vanishing gradients", async () => {
    const page = await lab.open("lesson=vanishing&step=2");
    await page.waitForFunction(() => window.backpropLab.lesson()?.step === 1);
    assert.equal(await page.locator("#health-toggle").getAttribute("aria-expanded"), "true");
    await page.locator("#health-panel").waitFor({ state: "visible" });
    await page.waitForFunction(() => /vanishing gradients/i.test(document.getElementById("diagnoses")?.textContent ?? ""));
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// Within reach: a link to one moment of step-through mode, the weights' own
// seed, the controls' explanations, Space after a click, undoing a replaced
// future, and the inspector on a phone.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const open = lab.open;

/** Waits for the next animation frame to have drawn. */
const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** What a moment shows: the counters, the phase, the selection, the inspector's text and the weights. */
const moment = (page) =>
  page.evaluate(() => {
    const c = window.backpropLab;
    const step = c.lab.stepState();
    return {
      stepping: c.stepping,
      batches: c.lab.batches,
      done: step ? step.done : null,
      batch: step ? [...step.batch] : null,
      example: c.stepExample,
      selected: c.selected(),
      phaseText: document.getElementById("phase-text").textContent,
      exampleLabel: document.getElementById("step-example-label").textContent,
      inspector: document.getElementById("inspector").textContent,
      params: [...c.lab.snapshot().params],
    };
  });

describe("a link to a moment", () => {
  it("opens in a fresh page at the same phase, example and selected weight, with the same numbers", async () => {
    const page = await open("seed=6");
    await page.click("#step-epoch");
    await page.click("#mode-step");
    await page.click("#step-to-backward");
    await page.click("#step-example-next");
    await page.click("#step-example-next");
    const point = await page.evaluate(() => window.backpropLab.edgePoint(1, 1, 2, 5));
    await page.mouse.click(point.x, point.y);
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    const made = await moment(page);
    assert.equal(made.selected.kind, "weight");
    assert.equal(made.example, 2);
    const hash = new URL(page.url()).hash.slice(1);
    assert.match(hash, /&mode=step&batch=25&phase=13&example=2&select=w:1:1:2$/);

    const other = await open(hash);
    await other.locator("#inspector").waitFor({ state: "visible" });
    await drawn(other);
    const opened = await moment(other);
    assert.deepEqual(opened, made);
    assert.match(opened.inspector, /Where ∂L\/∂w comes from/);
    assert.equal(await other.evaluate(() => document.getElementById("messages").textContent), "");
    assert.equal(new URL(other.url()).hash.slice(1), hash);
    await other.screenshot({ path: join(SHOTS, "moment-link.png") });
    assert.deepEqual([...page.errors, ...other.errors], []);
    await page.close();
    await other.close();
  });

  it("names each key of a moment that does not fit, and uses the rest", async () => {
    const page = await open("seed=6&mode=step&batch=3&phase=99&example=40&select=w:7:0:0");
    const state = await page.evaluate(() => ({
      stepping: window.backpropLab.stepping,
      batches: window.backpropLab.lab.batches,
      selected: window.backpropLab.selected(),
      messages: document.getElementById("messages").textContent,
    }));
    assert.equal(state.stepping, true);
    assert.equal(state.batches, 3);
    assert.equal(state.selected, null);
    assert.match(state.messages, /phase: 99 is more than this network's 14 phases per batch; using 0/);
    assert.match(state.messages, /example: 40 is not an example of this batch \(0 to 9\); using 0/);
    assert.match(state.messages, /select: “w:7:0:0” is not in this network; nothing is selected/);
    assert.deepEqual(page.errors, []);
    await page.close();

    // A replay too long for the page is refused, by name.
    const long = await open("seed=6&hidden.neurons=16,16,16&mode=step&batch=900000&phase=2");
    assert.equal(await long.evaluate(() => window.backpropLab.lab.batches), 0);
    assert.match(
      await long.locator("#messages").textContent(),
      /batch: replaying 900000 batches of this network would hold the page too long \(at most \d+\); showing batch 0/,
    );
    await long.close();
  });

  it("copies the link to the moment, and it replays the same weights", async () => {
    const page = await open("seed=2");
    await page.click("#mode-step");
    for (let k = 0; k < 3; k += 1) await page.click("#step-next");
    await page.click("#copy-moment");
    const text = await page.locator('#messages [data-key="link"]').textContent();
    assert.match(text, /copied|Copy this link/);
    assert.doesNotMatch(text, /will differ/);
    // A learning rate changed during the run: the link cannot replay it, and says so.
    await page.click("#mode-train");
    await page.click("#step-batch");
    await page.selectOption("#learning-rate", "0.3");
    await page.click("#mode-step");
    await page.click("#step-next");
    await page.click("#copy-moment");
    assert.match(await page.locator('#messages [data-key="link"]').textContent(), /its weights will differ/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("the weights' own seed", () => {
  it("draws new weights on the same points, shows both seeds, and a link keeps them", async () => {
    const page = await open("seed=5");
    const read = () =>
      page.evaluate(() => {
        const lab = window.backpropLab.lab;
        const points = lab.points();
        return {
          config: lab.config(),
          params: [...lab.snapshot().params],
          points: [...points.train.points, ...points.test.points],
          seeds: document.getElementById("seeds").textContent,
        };
      });
    const before = await read();
    assert.equal(before.config.weight_seed, undefined);
    assert.equal(before.seeds, "(empty: the data's seed)");
    assert.equal(await page.inputValue("#weight-seed"), "");
    assert.equal(await page.getAttribute("#weight-seed", "placeholder"), "5");
    await page.click("#new-weights");
    const after = await read();
    assert.equal(after.config.seed, 5);
    assert.equal(typeof after.config.weight_seed, "number");
    assert.deepEqual(after.points, before.points);
    assert.notDeepEqual(after.params, before.params);
    assert.equal(after.seeds, "(data seed 5)");
    assert.equal(await page.inputValue("#weight-seed"), String(after.config.weight_seed));
    // The address holds the weight seed: a fresh page starts from the same weights.
    const again = await open(new URL(page.url()).hash.slice(1));
    assert.deepEqual(await again.evaluate(() => [...window.backpropLab.lab.snapshot().params]), after.params);
    // Emptying the field gives the weights back to the data's seed.
    await page.fill("#weight-seed", "");
    await page.press("#weight-seed", "Enter");
    await page.locator("#seeds").filter({ hasText: "the data's seed" }).waitFor();
    assert.deepEqual((await read()).params, before.params);
    assert.deepEqual([...page.errors, ...again.errors], []);
    await page.close();
    await again.close();
  });
});

describe("the controls explain themselves", () => {
  it("greys out the losses a value cannot use, saying why, and explains every choice", async () => {
    const page = await open("seed=1&dataset=plane");
    const loss = await page.evaluate(() => {
      const select = document.getElementById("loss");
      const described = select
        .getAttribute("aria-describedby")
        .split(" ")
        .map((id) => document.getElementById(id).textContent)
        .join(" ");
      const about = document.getElementById("loss-about");
      return {
        options: [...select.options].map((o) => [o.value, o.textContent, o.disabled, o.title]),
        described,
        shown: about.checkVisibility() ? about.textContent : "",
        title: select.title,
      };
    });
    const disabled = loss.options.filter(([, , off]) => off).map(([value]) => value);
    assert.deepEqual(disabled, ["bce", "softmax_ce", "hinge"]);
    assert.equal(loss.options[0][1], "Squared error");
    assert.match(loss.options[1][3], /Not offered here: asks for classes/);
    assert.match(loss.shown, /Only squared error fits a value; the others are for classes\.$/);
    assert.match(loss.described, /^The mean of \(output − target\)²/);
    assert.match(loss.described, /the others are for classes\.$/);
    // Classes again: every loss is offered, and nothing is said.
    await page.click('#problem [data-problem="binary"]');
    assert.equal(await page.evaluate(() => [...document.getElementById("loss").options].some((o) => o.disabled)), false);
    assert.equal(await page.locator("#loss-about").textContent(), await page.evaluate(() => document.querySelector("#loss-about span").textContent));
    // Readable names and explanations beside the engine's values.
    const names = await page.evaluate(() => ({
      activation: [...document.querySelector(".layer-head select").options].map((o) => [o.value, o.textContent, o.title.length > 20]),
      init: [...document.getElementById("init").options].map((o) => o.textContent),
      optimizerTitle: document.getElementById("optimizer").title,
    }));
    assert.deepEqual(
      names.activation.find(([v]) => v === "leaky_relu"),
      ["leaky_relu", "Leaky ReLU", true],
    );
    assert.ok(names.init.includes("Xavier (Glorot) normal"));
    assert.match(names.optimizerTitle, /^Plain gradient descent/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("keeps a greyed-out control in reach of the keyboard, says why, and ignores it", async () => {
    const page = await open("seed=1");
    // λ, greyed out while there is no penalty: Tab reaches it, its description says why, keys do nothing.
    await page.focus("#regularization");
    await page.keyboard.press("Tab");
    const lambda = await page.evaluate(() => {
      const el = document.activeElement;
      const why = el
        .getAttribute("aria-describedby")
        .split(" ")
        .map((id) => document.getElementById(id).textContent)
        .join(" ");
      return { id: el.id, greyed: el.getAttribute("aria-disabled"), title: el.title, why };
    });
    assert.deepEqual(lambda, {
      id: "lambda",
      greyed: "true",
      title: "λ is the penalty's strength: choose L1 or L2 first",
      why: "λ is the penalty's strength: choose L1 or L2 first",
    });
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().regularization.lambda), 0);
    // Choosing L2 brings it back.
    await page.selectOption("#regularization", "l2");
    assert.equal(await page.getAttribute("#lambda", "aria-disabled"), null);
    assert.equal(await page.evaluate(() => document.getElementById("lambda-greyed").textContent), "");
    assert.deepEqual(page.errors, []);
    await page.close();

    // The diagram's greyed-out controls: a layer's last neuron, an output the loss fixes.
    const other = await open("seed=1&dataset=spirals&loss=softmax_ce&hidden.neurons=1,2");
    const minus = await other.evaluate(() => {
      const el = document.getElementById("remove-neuron-0");
      return { greyed: el.getAttribute("aria-disabled"), title: el.title, focusable: el.tabIndex >= 0 && !el.disabled };
    });
    assert.deepEqual(minus, { greyed: "true", title: "A layer needs at least one neuron", focusable: true });
    await other.click("#remove-neuron-0", { force: true });
    assert.deepEqual(await other.evaluate(() => window.backpropLab.lab.config().hidden.map((h) => h.neurons)), [1, 2]);
    assert.equal(await other.getAttribute("#output-activation", "title"), "The loss allows only Softmax here");
    assert.deepEqual(other.errors, []);
    await other.close();
  });
});

describe("Space", () => {
  it("plays and pauses after a button, a select or a checkbox was clicked, but not in a number field", async () => {
    const page = await open("seed=1");
    const playing = () => page.evaluate(() => window.backpropLab.playing);
    const epoch = () => page.evaluate(() => window.backpropLab.lab.epoch);
    // A button: Space must not press "step one epoch" again.
    await page.click("#step-epoch");
    assert.equal(await epoch(), 1);
    await page.keyboard.press(" ");
    assert.equal(await playing(), true);
    await page.keyboard.press(" ");
    assert.equal(await playing(), false);
    const after = await epoch();
    await drawn(page);
    assert.equal(await epoch(), after, "Space did not press the button again");
    // A select, chosen with the mouse and closed.
    await page.selectOption("#optimizer", "adam");
    await page.click("#optimizer");
    await page.keyboard.press("Escape");
    await page.keyboard.press(" ");
    assert.equal(await playing(), true);
    await page.keyboard.press(" ");
    assert.equal(await playing(), false);
    // A checkbox: Space plays and leaves it as it was.
    await page.click("#show-test");
    const checked = await page.isChecked("#show-test");
    await page.keyboard.press(" ");
    assert.equal(await playing(), true);
    assert.equal(await page.isChecked("#show-test"), checked);
    await page.keyboard.press(" ");
    // A number field keeps its keys.
    await page.click("#batch-size");
    await page.keyboard.press(" ");
    assert.equal(await playing(), false);
    // A button reached with Tab keeps Space for itself (the keyboard's way to press it).
    await page.focus("#reset");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "play");
    await page.keyboard.press(" ");
    assert.equal(await playing(), true);
    await page.keyboard.press(" ");
    assert.equal(await playing(), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("continuing from a past moment", () => {
  const scrub = (page, index) =>
    page.$eval(
      "#timeline",
      (el, i) => {
        el.value = String(i);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      },
      index,
    );
  const state = (page) => page.evaluate(() => ({ epoch: window.backpropLab.lab.epoch, params: [...window.backpropLab.lab.snapshot().params] }));

  it("says which epochs were replaced, and Undo brings them back", async () => {
    const page = await open("seed=3");
    for (let k = 0; k < 12; k += 1) await page.click("#step-epoch");
    const future = await state(page);
    assert.equal(future.epoch, 12);
    await scrub(page, 5);
    await page.click("#step-epoch");
    const message = page.locator('#messages [data-key="replaced"]');
    await message.waitFor();
    assert.match(await message.textContent(), /^Continued from epoch 5; epochs 6–12 were replaced\./);
    assert.equal((await state(page)).epoch, 6);
    await page.screenshot({ path: join(SHOTS, "replaced.png") });
    await message.getByRole("button", { name: "Undo" }).click();
    assert.deepEqual(await state(page), future);
    await drawn(page);
    assert.equal(await message.count(), 0);
    assert.equal(await page.locator("#epoch").textContent(), "12");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("keeps the new run when the message is dismissed", async () => {
    const page = await open("seed=3");
    for (let k = 0; k < 4; k += 1) await page.click("#step-epoch");
    await scrub(page, 1);
    await page.keyboard.press("ArrowRight");
    await page.click('#messages [data-key="replaced"] [aria-label="Dismiss this message"]');
    assert.equal(await page.evaluate(() => window.backpropLab.lab.replacedEpoch ?? null), null);
    await drawn(page);
    assert.equal(await page.locator('#messages [data-key="replaced"]').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("on a phone", () => {
  it("keeps the inspector within the page, the phase buttons in reach, and a route to every weight", async () => {
    const page = await lab.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${lab.server.url}#seed=6`);
    await page.waitForSelector("body[data-ready='1']");
    await page.tap("#step-epoch");
    await page.tap("#mode-step");
    await page.tap("#step-to-backward");
    // A hidden weight, tapped on its edge.
    await page.locator("#network").scrollIntoViewIfNeeded();
    const point = await page.evaluate(() => window.backpropLab.edgePoint(1, 1, 2, 5));
    await page.touchscreen.tap(point.x, point.y);
    await page.locator("#inspector").waitFor({ state: "visible" });
    await drawn(page);
    const reach = () =>
      page.evaluate(() => {
        const next = document.getElementById("step-next").getBoundingClientRect();
        const x = next.left + next.width / 2;
        const y = next.top + next.height / 2;
        return {
          overflow: document.documentElement.scrollWidth - innerWidth,
          nextInView: next.top >= 0 && next.bottom <= innerHeight && next.width > 0,
          nextOnTop: document.elementFromPoint(x, y)?.id === "step-next",
          inspectorTop: document.getElementById("inspector").getBoundingClientRect().top,
          selected: window.backpropLab.selected(),
        };
      });
    const onWeight = await reach();
    assert.equal(onWeight.selected.kind, "weight");
    assert.equal(onWeight.selected.layer, 1);
    assert.ok(onWeight.overflow <= 0, `the page is ${onWeight.overflow}px too wide`);
    assert.ok(onWeight.nextInView && onWeight.nextOnTop, "phase ▶ is in view and not covered");
    await page.screenshot({ path: join(SHOTS, "phone-inspector-weight.png") });
    // Tapping the next phase keeps the inspector open where it was read.
    await page.tap("#step-next");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.stepState().done), 14);
    await page.tap("#step-back");

    // A neuron's inspector lists its incoming weights; tapping one opens that weight's chain rule.
    await page.tap('#inspector [aria-label="Close the inspector"]');
    await page.locator(".node.neuron").nth(4).tap();
    await page.locator("#inspector .editor summary").waitFor();
    assert.equal((await page.evaluate(() => window.backpropLab.selected())).kind, "neuron");
    await page.tap("#inspector .editor summary");
    const buttons = page.locator("#inspector .editor .chain-rule");
    assert.equal(await buttons.count(), 4);
    await buttons.nth(2).tap();
    await drawn(page);
    const onListed = await reach();
    assert.deepEqual(
      { kind: onListed.selected.kind, layer: onListed.selected.layer, neuron: onListed.selected.neuron, input: onListed.selected.input },
      { kind: "weight", layer: 1, neuron: 0, input: 2 },
    );
    assert.equal(onListed.selected.index, await page.evaluate(() => window.backpropLab.lab.weightIndex(1, 0, 2)));
    assert.match(await page.locator("#inspector").textContent(), /Where ∂L\/∂w comes from/);
    assert.ok(onListed.overflow <= 0 && onListed.nextInView && onListed.nextOnTop);
    await page.screenshot({ path: join(SHOTS, "phone-inspector-listed-weight.png") });
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// Teaching: presenter mode (large type at 1920 × 1080, fits a phone, the
// clicker's PageDown / PageUp), the QR code of the link (decoded here with
// jsQR and compared with the address), a link that hides chosen controls
// keeping their values, the embed form in an iframe, and a printed step.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const jsQR = createRequire(import.meta.url)("jsqr");

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The smallest font size (px) of any visible text on the page, and the element it is on. */
const smallestText = (page) =>
  page.evaluate(() => {
    let smallest = { size: Infinity, where: "" };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el.checkVisibility() || el.closest("dialog, .visually-hidden, #card")) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.bottom < 0 || box.top > window.innerHeight) continue;
      const size = Number.parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest.size) smallest = { size, where: `${el.tagName}.${el.className} “${node.textContent.trim().slice(0, 30)}”` };
    }
    return smallest;
  });

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Which of the named controls are shown, by the chooser's names (hide.js). */
const shownControls = (page) =>
  page.evaluate(async () => {
    const { HIDEABLE } = await import("./www/hide.js");
    return HIDEABLE.filter((c) => [...document.querySelectorAll(c.css)].some((el) => el.checkVisibility())).map((c) => c.name);
  });

describe("presenter mode", () => {
  it("at 1920 × 1080: large text (at least 18 px everywhere, the phase 26 px), the extras hidden, P and the button switch it, in the address", async () => {
    const page = await lab.open("seed=3&dataset=xor", { width: 1920, height: 1080 });
    const normal = await smallestText(page);
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.body.classList.contains("presenting"));
    assert.equal(await page.getAttribute("#present", "aria-pressed"), "true");
    assert.match(await page.evaluate(() => location.hash), /&present=1(&|$)/);
    await page.click("#mode-step");
    for (let k = 0; k < 3; k += 1) await page.keyboard.press("PageDown");
    await page.click('button[aria-label*="Hidden layer 1, neuron 1:"]');
    await drawn(page);
    const smallest = await smallestText(page);
    assert.ok(smallest.size >= 18, `the smallest text is ${smallest.size} px (${smallest.where})`);
    assert.ok(smallest.size > normal.size, `presenter mode's smallest text ${smallest.size} px is no larger than ${normal.size} px`);
    const phase = await page.evaluate(() => Number.parseFloat(getComputedStyle(document.getElementById("phase-text")).fontSize));
    assert.ok(phase >= 26, `the phase's text is ${phase} px`);
    // Only what a class needs: no hyperparameter bar, no data extras; play, step, the mode, network and output stay.
    const visible = await page.evaluate(() =>
      Object.fromEntries(
        [".hyper", ".setup-files", ".real-data", "#speed", "#play", "#step-batch", "#mode-step", "#network", "#output"].map((s) => [
          s,
          document.querySelector(s).checkVisibility(),
        ]),
      ),
    );
    assert.deepEqual(visible, {
      ".hyper": false,
      ".setup-files": false,
      ".real-data": false,
      "#speed": false,
      "#play": true,
      "#step-batch": true,
      "#mode-step": true,
      "#network": true,
      "#output": true,
    });
    // The highlight follows the active layer and the selected neuron.
    const ring = await page.evaluate(() => getComputedStyle(document.querySelector(".node.selected")).boxShadow);
    assert.match(ring, /7px/);
    assert.ok((await overflow(page)) <= 0);
    await page.screenshot({ path: join(SHOTS, "present-1920x1080.png") });
    // A reload keeps it; the button turns it off.
    await page.reload();
    await page.waitForSelector("body[data-ready='1'].presenting");
    await page.click("#present");
    assert.equal(await page.evaluate(() => document.body.classList.contains("presenting")), false);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /present=/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("fits a 390-px phone", async () => {
    const page = await lab.open("seed=3&present=1&mode=step&batch=1&phase=2", { width: 390, height: 844 });
    await drawn(page);
    assert.ok(await page.evaluate(() => document.body.classList.contains("presenting")));
    assert.ok((await overflow(page)) <= 0, `the page is ${await overflow(page)} px wider than the phone`);
    await page.screenshot({ path: join(SHOTS, "present-390.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("PageDown / PageUp step the phases forward and back, and a batch while training", async () => {
    const page = await lab.open("seed=3&present=1", { width: 1280, height: 720 });
    const done = () => page.evaluate(() => window.backpropLab.lab.stepState()?.done ?? null);
    // Training: PageDown trains one batch, PageUp changes nothing.
    await page.keyboard.press("PageDown");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), 1);
    await page.keyboard.press("PageUp");
    assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), 1);
    assert.equal(await page.evaluate(() => window.backpropLab.playing), false);
    await page.click("#mode-step");
    const start = await done();
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageDown");
    assert.equal(await done(), start + 2);
    await page.keyboard.press("PageUp");
    assert.equal(await done(), start + 1);
    // Without presenter mode the keys are the browser's (they scroll).
    await page.keyboard.press("p");
    await page.keyboard.press("PageDown");
    assert.equal(await done(), start + 1);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

/** Whether the edges' canvas shows the focus-coloured halo (#ffbf47) within 5 px beside the middle of an edge. */
const haloAt = (page, layer, neuron, input) =>
  page.evaluate(
    ([layer, neuron, input]) => {
      const point = window.backpropLab.edgePoint(layer, neuron, input, 8);
      const canvas = document.getElementById("edges");
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const ctx = canvas.getContext("2d");
      for (let dy = -5; dy <= 5; dy += 1) {
        for (let dx = -5; dx <= 5; dx += 1) {
          const [r, g, b] = ctx.getImageData(Math.round((point.x - box.left + dx) * ratio), Math.round((point.y - box.top + dy) * ratio), 1, 1).data;
          if (r > 240 && Math.abs(g - 191) < 20 && b < 110) return true;
        }
      }
      return false;
    },
    [layer, neuron, input],
  );

describe("the highlight of the inspected weight", () => {
  it("draws a halo beneath the selected weight's edge only", async () => {
    const page = await lab.open("seed=3&present=1&mode=step&batch=1&phase=4&select=w:0:1:0", { width: 1920, height: 1080 });
    await drawn(page);
    await drawn(page);
    assert.equal(await haloAt(page, 0, 1, 0), true, "no halo beside the selected weight's edge");
    assert.equal(await haloAt(page, 0, 3, 1), false, "a halo beside another edge");
    await page.close();
  });
});

describe("the QR code of the link", () => {
  it("decodes to the page's address (presenter mode left out), from the top bar and the share area", async () => {
    const page = await lab.open("seed=9&dataset=spiral&hidden=5,3&present=1&mode=step&batch=2&phase=4&select=w:0:1:0", {
      width: 1920,
      height: 1080,
    });
    for (const button of ["#present-qr", "#share-qr"]) {
      if (button === "#share-qr") await page.click("#present");
      await page.click(button);
      await page.locator("#qr-canvas").waitFor({ state: "visible" });
      const { width, height, data, href } = await page.evaluate(() => {
        const canvas = document.getElementById("qr-canvas");
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
        // As base64: a plain array of a million numbers crosses to the test slowly.
        let binary = "";
        for (let i = 0; i < pixels.data.length; i += 8192) binary += String.fromCharCode(...pixels.data.subarray(i, i + 8192));
        return { width: pixels.width, height: pixels.height, data: btoa(binary), href: location.href };
      });
      const code = jsQR(new Uint8ClampedArray(Buffer.from(data, "base64")), width, height);
      assert.ok(code, "jsQR found no QR code on the canvas");
      assert.equal(code.data, href.replace("&present=1", ""));
      assert.match(code.data, /select=w:0:1:0/);
      assert.equal(await page.textContent("#qr-link"), code.data);
      await page.screenshot({ path: join(SHOTS, "present-qr.png") });
      // The dialog's own Close (Escape would also close the inspector, and the link's selection with it).
      await page.click("#qr-dialog button");
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("hiding controls", () => {
  it("a hide link hides exactly the listed controls and keeps their values; the chooser writes such a link", async () => {
    const hidden = ["learning-rate", "optimizer", "noise", "chart"];
    const page = await lab.open(`seed=4&learning_rate=0.3&noise=0.35&optimizer=adam&hide=${hidden.join(",")}`);
    const all = await page.evaluate(async () => (await import("./www/hide.js")).HIDEABLE.map((c) => c.name));
    const shown = await shownControls(page);
    // "classes" only shows for several classes, and Race and Timing sit in the chart's legend, hidden with it;
    // every other control not listed is shown.
    const inChart = ["race", "timing"];
    assert.deepEqual(
      all.filter((name) => !shown.includes(name) && name !== "classes" && !inChart.includes(name)),
      hidden,
    );
    assert.deepEqual(
      inChart.filter((name) => !shown.includes(name)),
      inChart,
    );
    const values = await page.evaluate(() => ({
      rate: document.getElementById("learning-rate").value,
      noise: document.getElementById("noise").value,
      optimizer: document.getElementById("optimizer").value,
      config: window.backpropLab.lab.config(),
    }));
    assert.equal(Number(values.rate), 0.3);
    assert.equal(values.noise, "0.35");
    assert.equal(values.optimizer, "adam");
    assert.equal(values.config.learning_rate, 0.3);
    // The chooser starts from what is hidden; unticking one more writes it into the link, which opens here.
    await page.click("#choose-shown");
    const box = (name) => page.locator(`#chooser-controls input[name="${name}"]`);
    assert.equal(await box("noise").isChecked(), false);
    assert.equal(await box("seed").isChecked(), true);
    await box("seed").uncheck();
    const link = await page.inputValue("#chooser-link");
    assert.match(link, /hide=learning-rate,optimizer,seed,noise,chart(&|$)/);
    await page.click("#chooser-open");
    await page.waitForFunction(() => document.getElementById("seed").checkVisibility() === false);
    const after = await shownControls(page);
    assert.deepEqual(
      all.filter((name) => !after.includes(name) && name !== "classes" && !inChart.includes(name)),
      ["learning-rate", "optimizer", "seed", "noise", "chart"],
    );
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().learning_rate), 0.3);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("hides the loss chart's Race and Timing buttons (hide=race,timing) and keeps the chart; the chooser lists them", async () => {
    const page = await lab.open("seed=4&hide=race,timing");
    const visible = () =>
      page.evaluate(() =>
        Object.fromEntries(
          ["#race-toggle", "#traintime-toggle", "#chart", "#log-scale"].map((s) => [s, document.querySelector(s).checkVisibility()]),
        ),
      );
    assert.deepEqual(await visible(), { "#race-toggle": false, "#traintime-toggle": false, "#chart": true, "#log-scale": true });
    const all = await page.evaluate(async () => (await import("./www/hide.js")).HIDEABLE.map((c) => c.name));
    const shown = await shownControls(page);
    assert.deepEqual(
      all.filter((name) => !shown.includes(name) && name !== "classes"),
      ["race", "timing"],
    );
    assert.equal(await page.evaluate(() => document.querySelector('.message[data-key="url"]')?.textContent ?? ""), "");
    // The chooser has a box for each, unticked; ticking Race again leaves only Timing in the link.
    await page.click("#choose-shown");
    const box = (name) => page.locator(`#chooser-controls input[name="${name}"]`);
    assert.equal(await box("race").isChecked(), false);
    assert.equal(await box("timing").isChecked(), false);
    await box("race").check();
    assert.match(await page.inputValue("#chooser-link"), /hide=timing(&|$)/);
    await page.click("#chooser-open");
    await page.waitForFunction(() => document.getElementById("race-toggle").checkVisibility());
    assert.deepEqual(await visible(), { "#race-toggle": true, "#traintime-toggle": false, "#chart": true, "#log-scale": true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("names a control it does not know and hides nothing for it", async () => {
    const page = await lab.open("seed=4&hide=noise,teapot");
    assert.match(await page.textContent('.message[data-key="url"]'), /hide: “noise,teapot” is not a comma-separated list of controls/);
    assert.ok(await page.evaluate(() => document.getElementById("noise").checkVisibility()));
    await page.close();
  });
});

describe("the embed form", () => {
  it("fits an 800 × 500 iframe with play and step and no other top-bar chrome", async () => {
    const page = await lab.open("", { width: 1000, height: 700 });
    const src = `${page.url().split("#")[0]}#seed=4&embed=1`;
    await page.setContent(`<!doctype html><title>Course</title><iframe src="${src}" width="800" height="500" title="Backprop Lab"></iframe>`);
    const frame = page.frameLocator("iframe");
    await frame.locator("body[data-ready='1']").waitFor({ state: "attached" });
    const inner = page.frames()[1];
    const seen = await inner.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      width: window.innerWidth,
      visible: Object.fromEntries(
        ["#play", "#step-batch", ".brand", ".counters", "#speed", "#help-button", "#present"].map((s) => [
          s,
          document.querySelector(s).checkVisibility(),
        ]),
      ),
      wide: [...document.querySelectorAll("body *")]
        .filter((el) => el.checkVisibility() && el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((el) => el.id || el.className),
    }));
    assert.equal(seen.width, 800);
    assert.ok(seen.overflow <= 0, `the page is ${seen.overflow} px wider than the iframe`);
    assert.deepEqual(seen.wide, []);
    assert.deepEqual(seen.visible, {
      "#play": true,
      "#step-batch": true,
      ".brand": false,
      ".counters": false,
      "#speed": false,
      "#help-button": false,
      "#present": false,
    });
    await inner.click("#play");
    await inner.waitForFunction(() => window.backpropLab.lab.epoch >= 2);
    await inner.click("#play");
    await page.screenshot({ path: join(SHOTS, "present-embed-800x500.png") });
    await page.close();
  });
});

describe("printing a step", () => {
  it("puts the stepped network with its numbers and the selected weight's chain rule and update on paper, without buttons", async () => {
    const page = await lab.open("seed=3&dataset=xor&mode=step&batch=1&phase=14&select=w:1:0:1", { width: 1280, height: 720 });
    await page.emulateMedia({ media: "print" });
    await drawn(page);
    const seen = await page.evaluate(() => ({
      buttons: [...document.querySelectorAll("button:not(.node, .math-link)")].filter((b) => b.checkVisibility()).map((b) => b.id || b.textContent),
      labels: [...document.querySelectorAll(".value-label")].filter((l) => l.checkVisibility() && l.textContent).length,
      inspector: document.getElementById("inspector").checkVisibility(),
      chain: document.querySelector("#inspector math")?.checkVisibility() ?? false,
      text: document.getElementById("inspector").textContent,
    }));
    assert.deepEqual(seen.buttons, []);
    assert.ok(seen.labels > 3, `only ${seen.labels} numbers on the network`);
    assert.ok(seen.inspector && seen.chain, "the inspector's chain rule is not printed");
    assert.match(seen.text, /update/i);
    await page.screenshot({ path: join(SHOTS, "present-print.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4" });
    if (process.env.PRINT_PDF) (await import("node:fs")).writeFileSync(join(SHOTS, "present-print.pdf"), pdf);
    assert.ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === "%PDF-", "no PDF came out");
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// Drawing points on the output: two classes drawn with the mouse and a
// boundary trained between them (read from the engine's predictions),
// erasing, undo, redo and clear, the keyboard's point table (adding,
// editing, refusing a bad number, deleting), values and a line, a reload
// and a model file keeping the points, and a link without them saying so.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

/** The page's point on the output at plane coordinates (x1, x2) (on a line: x1 and the value, from −1.6 to 1.6). */
async function at(page, x1, x2, line = false) {
  const box = await page.locator("#output").boundingBox();
  const v = line ? 0.5 - x2 / 3.2 : (6 - x2) / 12;
  return { x: box.x + ((x1 + 6) / 12) * box.width, y: box.y + v * box.height };
}

/** Drags the mouse along the output from one plane point to another. */
async function drag(page, [x1, y1], [x2, y2], steps = 24) {
  const from = await at(page, x1, y1);
  const to = await at(page, x2, y2);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= steps; k += 1) await page.mouse.move(from.x + ((to.x - from.x) * k) / steps, from.y + ((to.y - from.y) * k) / steps);
  await page.mouse.up();
}

/** The engine's points in their own order: `{ coords, labels, drawn }` as plain arrays. */
const points = (page) =>
  page.evaluate(() => {
    const d = window.backpropLab.lab.dataPoints();
    return d && { coords: Array.from(d.coords), labels: Array.from(d.labels), drawn: d.drawn };
  });
const status = (page) => page.locator("#draw-status").textContent();

/** Plays until the epoch reaches `epochs`, then pauses. */
async function trainTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, epochs, { timeout: 60000 });
  await page.click("#play");
}

describe("drawing points", () => {
  it("draws two classes with the mouse and trains a boundary between them", async () => {
    const page = await lab.open("seed=3&hidden=4");
    const before = await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
    await page.click("#draw-toggle");
    assert.equal(await page.locator("#draw-toggle").getAttribute("aria-pressed"), "true");
    await page.click("#draw-clear");
    assert.match(await status(page), /^Your points, 0: 0 orange, 0 blue\. Not trained on yet: points: none is not allowed/);
    // Orange down the left, then blue down the right.
    await page.click('#draw-classes [aria-label="Class 1 (orange)"]');
    await drag(page, [-4, 4], [-4, -4]);
    assert.match(await status(page), /all of one class is not allowed/);
    // The engine cannot train on one class: play says so and does not start.
    await page.click("#play");
    assert.equal(await page.evaluate(() => window.backpropLab.playing), false);
    assert.match(await page.locator('.message[data-key="draw"]').textContent(), /Nothing to train on: points: all of one class/);
    await page.click('#draw-classes [aria-label="Class 2 (blue)"]');
    await drag(page, [3, 4], [3, -4]);
    const drawn = await points(page);
    assert.equal(drawn.drawn, true);
    const n = drawn.labels.length;
    assert.ok(n >= 10, `${n} points from two strokes (spaced, not one per pixel)`);
    assert.ok(n <= 30, `${n} points: strokes paint spaced points`);
    const left = drawn.labels.filter((_, i) => drawn.coords[2 * i] < 0);
    assert.ok(left.length > 0 && left.every((c) => c === 0), "orange on the left");
    assert.ok(
      drawn.labels.filter((_, i) => drawn.coords[2 * i] > 0).every((c) => c === 1),
      "blue on the right",
    );
    assert.equal(await page.locator('.message[data-key="draw"]').count(), 0);
    // The network kept its weights when the points came; the address and the status say what the data is.
    assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params)), before);
    assert.match(await page.evaluate(() => location.hash), /&show_test=true&.*&points=drawn$/);
    assert.match(await status(page), /^Your points, \d+: \d+ orange, \d+ blue\. \d+ for training, \d+ for testing\. Kept in this tab/);
    await trainTo(page, 200);
    // Every drawn point, training or test, on its side of the engine's boundary.
    const predictions = await page.evaluate(() => {
      const l = window.backpropLab.lab;
      const p = l.points();
      return ["train", "test"].flatMap((split) =>
        Array.from({ length: p[split].length }, (_, i) => ({ cls: p[split].classes[i], out: l.example(split, i).a.at(-1)[0] })),
      );
    });
    assert.equal(predictions.length, n);
    for (const { cls, out } of predictions) assert.ok(cls === 1 ? out > 0 : out < 0, `class ${cls} predicted ${out}`);
    // And between the strokes the plane is split: orange far left, blue far right (the grid's output).
    const [farLeft, farRight] = await page.evaluate(() => {
      const l = window.backpropLab.lab;
      const grid = l.evaluateGrid(12);
      const offset = grid.length - 144;
      return [grid[offset + 6 * 12 + 0], grid[offset + 6 * 12 + 11]];
    });
    assert.ok(farLeft < 0 && farRight > 0, `output ${farLeft} at the left edge, ${farRight} at the right`);
    await page.screenshot({ path: join(SHOTS, "draw-two-classes.png") });
    // Another training share splits the drawn points anew under the same network.
    const trained = await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
    await page.locator("#train-fraction").evaluate((input) => {
      input.value = "0.8";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params)), trained);
    const split = Math.round(n * 0.8);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.points().train.length), split);
    assert.match(await status(page), new RegExp(`${split} for training, ${n - split} for testing`));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("erases, undoes, redoes and clears whole strokes", async () => {
    const page = await lab.open("seed=4&dataset=gauss");
    const generated = await points(page);
    await page.click("#draw-toggle");
    // The first stroke takes the generated points over and adds to them.
    await drag(page, [-5, 5.5], [5, 5.5]);
    const one = await points(page);
    assert.equal(one.drawn, true);
    assert.deepEqual(one.coords.slice(0, generated.coords.length), generated.coords);
    const added = one.labels.length - generated.labels.length;
    assert.ok(added >= 5, `${added} points added`);
    // Erasing along the stroke takes its points away; none of the rest is near it.
    await page.click('#draw-tool [data-tool="erase"]');
    await drag(page, [-5.5, 5.5], [5.5, 5.5], 60);
    assert.deepEqual(await points(page), { ...one, coords: generated.coords, labels: generated.labels });
    await page.click("#draw-undo");
    assert.deepEqual(await points(page), one);
    await page.click("#draw-redo");
    assert.equal((await points(page)).labels.length, generated.labels.length);
    await page.click("#draw-clear");
    assert.match(await status(page), /^Your points, 0: /);
    // The engine keeps the last points it could train on; undo brings the drawing back to it.
    assert.equal((await points(page)).labels.length, generated.labels.length);
    await page.click("#draw-undo");
    assert.match(await status(page), /for training/);
    await page.click("#draw-undo");
    assert.deepEqual(await points(page), one);
    // Nothing left to undo but the taking over: the button says so and stays reachable.
    await page.click("#draw-undo");
    assert.equal(await page.locator("#draw-undo").getAttribute("aria-disabled"), "true");
    assert.deepEqual((await points(page)).coords, generated.coords);
    // A generated set goes back to generated data.
    await page.click('#datasets .dataset[data-dataset="xor"]');
    assert.equal((await points(page)).drawn, false);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /points=/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("adds, edits and deletes points from the keyboard's table; a bad number is named and changes nothing", async () => {
    const page = await lab.open("seed=5&samples=100");
    await page.focus("#draw-toggle");
    await page.keyboard.press("Enter");
    await page.focus("#draw-table-box summary");
    await page.keyboard.press("Enter");
    assert.match(await page.locator(".point-pager").textContent(), /Points 1–50 of 100/);
    await page.focus("#point-add");
    await page.keyboard.press("Enter");
    // The new row's first field has the focus: type its coordinates, pick its class.
    const focused = (label) => page.waitForFunction((l) => document.activeElement?.getAttribute("aria-label") === l, label);
    await focused("Point 101, x₁");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2.5");
    await page.keyboard.press("Tab");
    await focused("Point 101, x₂");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("-1.25");
    await page.keyboard.press("Tab");
    await focused("Point 101, class");
    await page.locator('[aria-label="Point 101, class"]').selectOption({ value: "1" });
    const p = await points(page);
    assert.equal(p.labels.length, 101);
    assert.deepEqual([p.coords.at(-2), p.coords.at(-1), p.labels.at(-1)], [2.5, -1.25, 1]);
    assert.match(await page.locator(".point-pager").textContent(), /Points 101–101 of 101/);
    // A bad number: named, and nothing changes.
    for (const [text, message] of [
      ["abc", "point 101, x1: “abc” is not a number. Nothing changed."],
      ["9", "point 101, x1: 9 is not allowed; expected a number from −6 to 6 (the plane shown). Nothing changed."],
    ]) {
      await page.fill('[aria-label="Point 101, x₁"]', text);
      await page.keyboard.press("Tab");
      assert.equal(await page.locator("#draw-error").textContent(), message);
      assert.deepEqual(await points(page), p);
      // The field shows the point's number again.
      await page.waitForFunction(() => document.querySelector('[aria-label="Point 101, x₁"]').value === "2.5");
    }
    await page.click('[aria-label="Delete point 101"]');
    assert.equal((await points(page)).labels.length, 100);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("draws values on the plane and, on a line, a point's height is its value", async () => {
    const page = await lab.open("seed=6&dataset=plane");
    await page.click("#draw-toggle");
    assert.equal(await page.locator("#draw-classes").isHidden(), true);
    await page.locator("#draw-value").evaluate((input) => {
      input.value = "-0.5";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    assert.equal(await page.locator("#draw-value").getAttribute("aria-valuetext"), "−0.5");
    await page.click("#draw-clear");
    const spot = await at(page, 2, 3);
    await page.mouse.click(spot.x, spot.y);
    const plane = await points(page);
    assert.equal(plane.labels.length, 1);
    assert.deepEqual(plane.labels, [-0.5]);
    assert.ok(Math.abs(plane.coords[0] - 2) < 0.1 && Math.abs(plane.coords[1] - 3) < 0.1, `drawn at ${plane.coords}`);
    // One point of a value: enough to train on.
    assert.match(await status(page), /^Your points, 1\. 1 for training, 0 for testing/);
    await page.click('#datasets .dataset[data-dataset="sine"]');
    assert.equal(await page.locator("#draw-line-hint").isVisible(), true);
    const high = await at(page, -3, 1, true);
    await page.mouse.click(high.x, high.y);
    const line = await points(page);
    assert.equal(line.drawn, true);
    assert.ok(Math.abs(line.labels.at(-1) - 1) < 0.05, `value ${line.labels.at(-1)}`);
    assert.ok(Math.abs(line.coords.at(-1) + 3) < 0.1, `x₁ ${line.coords.at(-1)}`);
    await page.screenshot({ path: join(SHOTS, "draw-line.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("adds a point with a tap on a touch screen, the tools at the bottom of the phone's screen", async () => {
    const page = await lab.browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await page.goto(`${lab.server.url}#seed=8&samples=100`);
    await page.waitForSelector("body[data-ready='1']");
    await page.tap("#draw-toggle");
    await page.locator("#output").scrollIntoViewIfNeeded();
    const tools = await page.locator("#draw-tools").boundingBox();
    assert.ok(tools.y + tools.height >= 844 - 1 && tools.y > 844 / 2, `the tools are at ${tools.y}–${tools.y + tools.height}`);
    await page.tap('#draw-classes [aria-label="Class 2 (blue)"]');
    const spot = await at(page, -2, 2);
    await page.touchscreen.tap(spot.x, spot.y);
    const p = await points(page);
    assert.equal(p.labels.length, 101);
    assert.equal(p.labels.at(-1), 1);
    assert.ok(Math.abs(p.coords.at(-2) + 2) < 0.1 && Math.abs(p.coords.at(-1) - 2) < 0.1, `tapped at ${p.coords.slice(-2)}`);
    await page.screenshot({ path: join(SHOTS, "draw-phone.png") });
    await page.close();
  });

  it("keeps the drawn points through a reload; a link without them says so", async () => {
    const page = await lab.open("seed=7&dataset=blobs&classes=4");
    await page.click("#draw-toggle");
    await page.click("#draw-clear");
    for (const [k, x] of [
      [0, -4],
      [1, -1],
      [2, 2],
      [3, 5],
    ]) {
      await page.click(`#draw-classes [aria-label^="Class ${k + 1} "]`);
      await drag(page, [x, 3], [x, -3], 10);
    }
    const drawn = await points(page);
    assert.deepEqual([...new Set(drawn.labels)], [0, 1, 2, 3]);
    await trainTo(page, 5);
    const url = page.url();
    assert.match(url, /points=drawn/);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.deepEqual(await points(page), drawn);
    assert.equal(await page.locator("#draw-toggle").getAttribute("aria-pressed"), "true");
    assert.match(await status(page), /Kept in this tab: reloading the page keeps them\.$/);
    assert.equal(await page.locator(".message").count(), 0);
    // A model saved on them brings them back, with their network.
    const model = await page.evaluate(() => window.backpropLab.lab.modelJson());
    await page.click('#datasets .dataset[data-dataset="spirals"]');
    assert.equal((await points(page)).drawn, false);
    await page.setInputFiles("#load-model", { name: "drawn.json", mimeType: "application/json", buffer: Buffer.from(model) });
    await page.waitForFunction(() => window.backpropLab.lab.dataPoints()?.drawn);
    assert.deepEqual(await points(page), drawn);
    assert.match(await status(page), /^Your points, \d+: /);
    assert.match(page.url(), /points=drawn/);
    // Another tab has no such points: the link says so and shows the generated set.
    const other = await lab.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await other.goto(url);
    await other.waitForSelector("body[data-ready='1']");
    assert.match(
      await other.locator('.message[data-key="url"]').textContent(),
      /points: the drawn points could not be opened \(they are no longer kept in this tab\); the generated data is shown/,
    );
    assert.equal((await points(other)).drawn, false);
    await other.close();
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// Seeing data wider than two inputs: the slice the plane shows (its axes and
// held values picked, said, kept in the address), the what-if form (its
// prediction checked against a forward pass written out here), predicted
// against actual for a value, the digits' test images with their predicted
// labels, and a click on any of them showing that example in the diagram.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatNumber } from "../../www/render/format.js";
import { percent } from "../../www/tableview.js";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

const slice = (page) =>
  page.evaluate(() => {
    const s = window.backpropLab.lab.slice();
    return { x: s.x, y: s.y, held: Array.from(s.held) };
  });
const shown = (page) => page.evaluate(() => window.backpropLab.shownExample());
const hash = (page) => page.evaluate(() => location.hash);
const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function openBuiltIn(page, key, rows) {
  await page.click(`.real-set[data-table="${key}"]`);
  await page.waitForFunction((n) => window.backpropLab.lab.table()?.rows === n, rows);
}

async function trainTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, epochs, { timeout: 60000 });
  await page.click("#play");
}

/** The output neurons' labels as the diagram shows them ("a 0.912"), from their names. */
const outputLabels = (page, count) =>
  page.evaluate((k) => {
    const names = [...document.querySelectorAll(".node.neuron")].map((b) => b.getAttribute("aria-label"));
    return names.slice(-k).map((name) => name.split(":")[0]);
  }, count);

/** A neuron's label as the page writes it (its formatter has tests of its own). */
const label = (v) => `a ${formatNumber(v, 3)}`;

describe("the slice of a table's inputs", () => {
  it("defaults to iris's petals; picked axes and a held value change the caption, the address and the heatmaps, and a link reopens them", async () => {
    const page = await lab.open("seed=5");
    await openBuiltIn(page, "iris", 150);
    const caption = () => page.locator("#table-slice").textContent();
    assert.equal(await caption(), "The heatmaps show a slice: x = petal_length_cm, y = petal_width_cm, the other inputs at their means.");
    const defaults = await slice(page);
    assert.deepEqual([defaults.x, defaults.y], [2, 3]);
    // Held at the training set's means (iris is raw: the file's units are the inputs).
    const means = await page.evaluate(() => {
      const train = window.backpropLab.lab.points().train;
      return [0, 1, 2, 3].map((i) => {
        let sum = 0;
        for (let e = 0; e < train.length; e += 1) sum += train.points[e * 4 + i];
        return sum / train.length;
      });
    });
    for (const [i, v] of defaults.held.entries()) assert.ok(Math.abs(v - means[i]) < 1e-12, `input ${i}: ${v} vs ${means[i]}`);
    assert.doesNotMatch(await hash(page), /slice=|held=/);
    const grid = () => page.evaluate(() => Array.from(window.backpropLab.lab.evaluateGrid(12)));
    const before = await grid();
    const picture = () => page.evaluate(() => document.getElementById("output").toDataURL());
    const plane = await picture();

    await page.selectOption("#slice-x", { label: "sepal_length_cm" });
    await page.waitForFunction(() => window.backpropLab.lab.slice().x === 0);
    assert.equal(await caption(), "The heatmaps show a slice: x = sepal_length_cm, y = petal_width_cm, the other inputs at their means.");
    assert.match(await hash(page), /&table=iris&slice=0,3$/);
    assert.notDeepEqual(await grid(), before, "the heatmaps show the new slice");
    await drawn(page);
    assert.notEqual(await picture(), plane, "and so does the output plot");
    // The fields list the inputs held: not the axes.
    assert.deepEqual(await page.locator("#held-fields span").allTextContents(), ["sepal_width_cm", "petal_length_cm"]);
    // Picking the other axis's input swaps them.
    await page.selectOption("#slice-y", { label: "sepal_length_cm" });
    await page.waitForFunction(() => window.backpropLab.lab.slice().y === 0);
    assert.equal((await slice(page)).x, 3);

    await page.click("#held summary");
    await page.fill('#held-fields input[data-input="2"]', "6");
    await page.press('#held-fields input[data-input="2"]', "Enter");
    await page.waitForFunction(() => window.backpropLab.lab.slice().held[2] === 6);
    assert.equal(await caption(), "The heatmaps show a slice: x = petal_width_cm, y = sepal_length_cm, petal_length_cm at 6, the other at its mean.");
    assert.match(await hash(page), /&slice=3,0&held=2:6$/);
    // An empty field (a number field keeps nothing else that is not a number, 1e999 included) is named, and the slice stays.
    await page.fill('#held-fields input[data-input="2"]', "");
    await page.press('#held-fields input[data-input="2"]', "Enter");
    await page.waitForFunction(() => /empty/.test(document.querySelector('.message[data-key="slice"]').textContent));
    assert.match(
      await page.locator('.message[data-key="slice"]').textContent(),
      /^petal_length_cm: the field is empty, type a number\. The slice shown is unchanged\./,
    );
    assert.equal((await slice(page)).held[2], 6);
    assert.equal(await page.inputValue('#held-fields input[data-input="2"]'), "6");
    const set = await slice(page);
    await page.screenshot({ path: join(SHOTS, "wide-slice.png") });

    // A reload (or a link) reopens the same slice, with no warning.
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.deepEqual(await slice(page), set);
    assert.equal(await caption(), "The heatmaps show a slice: x = petal_width_cm, y = sepal_length_cm, petal_length_cm at 6, the other at its mean.");
    assert.equal(await page.locator('.message[data-key="url"]').count(), 0);
    // "All at their means" brings the means back; the address drops held=.
    await page.click("#held summary");
    await page.click("#held-means");
    await page.waitForFunction(() => window.backpropLab.lab.slice().held[2] !== 6);
    assert.match(await hash(page), /&slice=3,0$/);
    // A link whose slice does not fit says so and shows the default.
    const warned = async (link, pattern) => {
      await page.goto(page.url().replace(/#.*/, `#${link}`));
      await page.waitForFunction(
        (source) => new RegExp(source).test(document.querySelector('.message[data-key="url"]')?.textContent),
        pattern.source,
      );
      assert.deepEqual([(await slice(page)).x, (await slice(page)).y], [2, 3]);
    };
    await warned("seed=5&table=iris&slice=1,1", /slice: “1,1” is not two different inputs x,y/);
    await warned(
      "seed=5&table=iris&slice=0,9",
      /slice=0,9 does not fit this table \(slice\.y: 9 is not allowed; expected an input from 0 to 3\); the default slice is shown/,
    );
    await warned("seed=5&table=iris&held=7:1", /held=7:1 does not fit this table \(slice\.held: expected 4 values, got 8\)/);
    // Generated data has no slice: the keys are named and dropped.
    await page.goto(page.url().replace(/#.*/, "#seed=5&slice=0,1"));
    await page.waitForFunction(() => /slice and held are a table's/.test(document.querySelector('.message[data-key="url"]')?.textContent));
    assert.doesNotMatch(await hash(page), /slice=/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("what if", () => {
  it("changes a row's input; the prediction is the forward pass of that input, and the diagram shows its numbers", async () => {
    const page = await lab.open("seed=7");
    await openBuiltIn(page, "iris", 150);
    await trainTo(page, 20);
    await page.click("#what-if summary");
    await page.waitForFunction(() => window.backpropLab.shownExample().split === "what-if");
    // It starts from the example shown: training row 0, as in the file.
    const row0 = await page.evaluate(() => Array.from(window.backpropLab.lab.points().train.points.slice(0, 4)));
    assert.deepEqual((await shown(page)).values, row0);
    await page.selectOption("#what-if-split", "test");
    await page.fill("#what-if-row", "7");
    await page.press("#what-if-row", "Enter");
    await page.waitForFunction(() => window.backpropLab.shownExample().from.index === 7);
    const row7 = await page.evaluate(() => Array.from(window.backpropLab.lab.points().test.points.slice(28, 32)));
    assert.deepEqual((await shown(page)).values, row7);
    await page.fill("#what-if-fields input >> nth=2", "5.5");
    await page.press("#what-if-fields input >> nth=2", "Enter");
    await page.waitForFunction(() => window.backpropLab.shownExample().values[2] === 5.5);
    const values = (await shown(page)).values;
    assert.deepEqual(values, [row7[0], row7[1], 5.5, row7[3]]);
    await drawn(page);
    // The forward pass written out here, from the weights: tanh, then softmax.
    const by = await page.evaluate((x) => {
      const lab = window.backpropLab.lab;
      const { params, sizes } = lab.snapshot();
      let a = x;
      for (let l = 0; l + 1 < sizes.length; l += 1) {
        const z = Array.from({ length: sizes[l + 1] }, (_, j) => {
          let s = params[lab.biasIndex(l, j)];
          for (let i = 0; i < sizes[l]; i += 1) s += params[lab.weightIndex(l, j, i)] * a[i];
          return s;
        });
        if (l + 2 < sizes.length) a = z.map(Math.tanh);
        else {
          const m = Math.max(...z);
          const e = z.map((v) => Math.exp(v - m));
          const sum = e.reduce((p, q) => p + q, 0);
          a = e.map((v) => v / sum);
        }
      }
      return { output: a, engine: Array.from(lab.predict(x).output), names: lab.table().classNames };
    }, values);
    for (const [k, v] of by.output.entries()) assert.ok(Math.abs(v - by.engine[k]) < 1e-12, `output ${k}: ${by.engine[k]} vs ${v}`);
    const best = by.output.indexOf(Math.max(...by.output));
    assert.equal(await page.locator("#what-if-prediction p").textContent(), `Prediction: ${by.names[best]}, probability ${percent(by.output[best])}`);
    assert.deepEqual(
      await page.locator("#what-if-prediction li").allTextContents(),
      by.names.map((n, k) => `${n}: ${percent(by.output[k])}`),
    );
    // The diagram: its numbers on the neurons, the example label.
    assert.deepEqual(await outputLabels(page, 3), by.output.map(label));
    assert.equal(await page.locator("#example-label").textContent(), "what-if input");
    await page.screenshot({ path: join(SHOTS, "wide-what-if.png") });
    // An empty field is named (the engine's own refusals are tested natively); the last good input stays.
    await page.fill("#what-if-fields input >> nth=1", "");
    await page.press("#what-if-fields input >> nth=1", "Enter");
    assert.equal(
      await page.locator("#what-if-error").textContent(),
      "sepal_width_cm: the field is empty, type a number; the input shown is the last one that worked.",
    );
    assert.deepEqual((await shown(page)).values, values);
    // Closed: the row it started from is shown again.
    await page.click("#what-if summary");
    await page.waitForFunction(() => window.backpropLab.shownExample().split === "test");
    assert.deepEqual(await shown(page), { split: "test", index: 7 });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("examples for a value, and for classes", () => {
  it("predicted against actual: each point the engine's output for its row; a click and the keys show the example", async () => {
    const page = await lab.open("seed=3");
    // A value of two inputs, with a test set: y = 2a − b.
    const rows = ["a,b,y"];
    for (let i = 0; i < 40; i += 1) rows.push(`${(i % 8) / 4},${(i % 5) / 5},${((2 * (i % 8)) / 4 - (i % 5) / 5).toFixed(3)}`);
    await page.setInputFiles("#import-csv", { name: "line.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 40);
    await trainTo(page, 30);
    await page.waitForFunction(() => window.backpropLab.scatterPoints().length === 40);
    assert.equal(await page.locator("#confusion").isHidden(), true);
    const check = await page.evaluate(() => {
      const { lab, scatterPoints } = window.backpropLab;
      const points = lab.points();
      return scatterPoints().map((p) => ({
        ...p,
        want: lab.example(p.split, p.index).a.at(-1)[0],
        target: points[p.split].values[p.index],
      }));
    });
    assert.equal(check.filter((p) => p.split === "test").length, 20);
    for (const p of check) {
      assert.equal(p.predicted, p.want, `${p.split} #${p.index}`);
      assert.equal(p.actual, p.target, `${p.split} #${p.index}`);
    }
    // A click on a test point shows it, its numbers on the neurons.
    const target = check.find((p) => p.split === "test" && p.index === 5);
    await page.locator("#scatter").scrollIntoViewIfNeeded();
    const box = await page.locator("#scatter").boundingBox();
    await page.mouse.click(box.x + target.x, box.y + target.y);
    assert.deepEqual(await shown(page), { split: "test", index: 5 });
    assert.equal(await page.evaluate(() => window.backpropLab.valuesShown), true);
    const want = await page.evaluate(() => window.backpropLab.lab.example("test", 5).a.at(-1)[0]);
    await drawn(page);
    assert.deepEqual(await outputLabels(page, 1), [label(want)]);
    // The keys: → moves to the next point, Enter shows it (and no batch is trained).
    const batches = await page.evaluate(() => window.backpropLab.lab.batches);
    await page.focus("#scatter");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    assert.match(await page.locator("#scatter-caption").textContent(), /^(training|test) #\d+: actual .+, predicted .+\. Enter shows it\.$/);
    assert.notDeepEqual(await shown(page), { split: "test", index: 5 });
    assert.equal(await page.evaluate(() => window.backpropLab.lab.batches), batches);
    await page.screenshot({ path: join(SHOTS, "wide-scatter.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("digits: test images with the engine's predicted labels, mistakes marked; a click on an image or a matrix cell shows it", async () => {
    const page = await lab.open("seed=4");
    await openBuiltIn(page, "digits", 1797);
    // The default axes are two pixels that vary (the old first two were blank in every image).
    const axes = await slice(page);
    assert.ok(axes.x > 1 && axes.y > 1, `pixels ${axes.x} and ${axes.y}`);
    assert.match(
      await page.locator("#table-slice").textContent(),
      /^The heatmaps show a slice: x = p\d\d, y = p\d\d, the other pixels at the mean image\.$/,
    );
    assert.equal(await page.locator("#held-summary").textContent(), "the other pixels: at the mean image");
    await trainTo(page, 2);
    const epoch = await page.evaluate(() => window.backpropLab.lab.epoch);
    await page.waitForFunction((e) => document.querySelector("#digits h3")?.textContent.startsWith(`Test images, epoch ${e}:`), epoch);
    const images = await page.evaluate(() => {
      const { lab, digitImages } = window.backpropLab;
      const classes = lab.points().test.classes;
      return digitImages().map((d) => {
        const out = lab.example("test", d.index).a.at(-1);
        return { ...d, argmax: out.indexOf(Math.max(...out)), truth: classes[d.index] };
      });
    });
    assert.equal(images.length, 48);
    assert.deepEqual(
      images.map((d) => d.index),
      [...Array(48).keys()],
    );
    for (const d of images) {
      assert.equal(d.predicted, d.argmax, `test #${d.index}`);
      assert.equal(d.actual, d.truth, `test #${d.index}`);
    }
    const cells = await page.locator("#digits .digit").evaluateAll((els) =>
      els.map((el) => ({
        wrong: el.classList.contains("wrong"),
        label: el.querySelector(".digit-label").textContent,
        truth: el.querySelector(".digit-true")?.textContent ?? null,
      })),
    );
    cells.forEach((c, k) => {
      assert.equal(c.label, String(images[k].predicted), "digits' classes are named 0 to 9");
      assert.equal(c.wrong, images[k].predicted !== images[k].actual);
      assert.equal(c.truth, c.wrong ? `true ${images[k].actual}` : null);
    });
    // The header counts the mistakes of the whole test set.
    const wrong = await page.evaluate(() => {
      const { lab } = window.backpropLab;
      const p = lab.predictions("test").classes;
      const c = lab.points().test.classes;
      return { wrong: p.filter((v, e) => v !== c[e]).length, count: c.length };
    });
    assert.equal(await page.locator("#digits h3").textContent(), `Test images, epoch ${epoch}: ${wrong.wrong} of ${wrong.count} wrong`);
    // A click on an image shows that example in the diagram, its numbers on the neurons.
    const pick = images.find((d) => d.predicted !== d.actual) ?? images[5];
    await page.click(`#digits .digit[data-index="${pick.index}"]`);
    assert.deepEqual(await shown(page), { split: "test", index: pick.index });
    // The diagram follows at the next frame.
    await page.waitForFunction((i) => document.getElementById("example-label").textContent === `test #${i}`, pick.index);
    await drawn(page);
    const outputs = await page.evaluate((i) => Array.from(window.backpropLab.lab.example("test", i).a.at(-1)), pick.index);
    assert.deepEqual(await outputLabels(page, 10), outputs.map(label));
    await page.screenshot({ path: join(SHOTS, "wide-digits.png") });
    // The next page: the next 48.
    await page.click('button[aria-label="Next test images"]');
    assert.equal((await page.evaluate(() => window.backpropLab.digitImages()))[0].index, 48);
    // A confusion-matrix cell: each press shows the next of its examples, of that actual and predicted class.
    const button = page.locator("#confusion table").nth(1).locator("td.miss button").first();
    const name = await button.getAttribute("aria-label");
    const [, actual, predicted] = /^Test: \d+ of (\S+) predicted (\S+);/.exec(name);
    const seen = [];
    for (let k = 0; k < 2; k += 1) {
      await button.click();
      const s = await shown(page);
      assert.equal(s.split, "test");
      const got = await page.evaluate((i) => {
        const { lab } = window.backpropLab;
        return [String(lab.points().test.classes[i]), String(lab.predictions("test").classes[i])];
      }, s.index);
      assert.deepEqual(got, [actual, predicted]);
      seen.push(s.index);
    }
    const count = Number(/^Test: (\d+)/.exec(name)[1]);
    if (count > 1) assert.notEqual(seen[0], seen[1], "the next example of the cell");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("fits a phone: the slice, the what-if and the test images", async () => {
    const page = await lab.open("seed=4", { width: 390, height: 844 });
    await openBuiltIn(page, "digits", 1797);
    await page.click("#step-epoch");
    await page.waitForSelector("#digits .digit");
    await page.click("#what-if summary");
    await drawn(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    await page.locator("#slice").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "wide-phone.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

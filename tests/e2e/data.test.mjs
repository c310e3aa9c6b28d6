// Your own data on the page: the built-in real data sets, a CSV file
// imported through its preview, a typed table, every bad file refused with
// the engine's message and nothing changed, the data exported, and a model
// saved and loaded to continue bit-identically.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });
const open = lab.open;

const params = (page) => page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
const table = (page) => page.evaluate(() => window.backpropLab.lab.table());
const metrics = (page) => page.evaluate(() => window.backpropLab.lab.snapshot().metrics);

/** Clicks a built-in set and waits until its table is the page's. */
async function openBuiltIn(page, key, rows) {
  await page.click(`.real-set[data-table="${key}"]`);
  await page.waitForFunction((n) => window.backpropLab.lab.table()?.rows === n, rows);
}

/** Plays until the epoch reaches `epochs`, then pauses. */
async function trainTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction((n) => window.backpropLab.lab.epoch >= n, epochs, { timeout: 60000 });
  await page.click("#play");
}

/** Sets a file (name, text or bytes) on a file input. */
const setFile = (page, selector, name, content, mimeType = "text/csv") =>
  page.setInputFiles(selector, { name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });

describe("real data sets", () => {
  it("iris loads with its defaults, names its inputs, credits its source, trains past 90 % and survives a reload", async () => {
    const page = await open("seed=5");
    await openBuiltIn(page, "iris", 150);
    const t = await table(page);
    assert.deepEqual(t.inputNames, ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]);
    assert.deepEqual(t.classNames, ["setosa", "versicolor", "virginica"]);
    const config = await page.evaluate(() => window.backpropLab.lab.config());
    assert.deepEqual([config.hidden.map((h) => h.neurons), config.loss, config.output_activation], [[8], "softmax_ce", "softmax"]);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [4, 8, 3]);
    // The diagram's inputs are the columns, by name, and cannot be switched off.
    assert.deepEqual(await page.locator(".node.input").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label"))), [
      "Input sepal_length_cm",
      "Input sepal_width_cm",
      "Input petal_length_cm",
      "Input petal_width_cm",
    ]);
    assert.match(await page.locator("#table-credit").textContent(), /Fisher \(1936\).*CC BY 4\.0/);
    // The plane shows the two inputs that tell the species apart best, the petals.
    assert.match(await page.locator("#table-slice").textContent(), /x = petal_length_cm, y = petal_width_cm, the other inputs at their means/);
    assert.match(await page.evaluate(() => location.hash), /&table=iris(&|$)/);
    await trainTo(page, 150);
    const m = await metrics(page);
    assert.ok(m.train_accuracy > 0.9, `training accuracy ${m.train_accuracy}`);
    await page.screenshot({ path: join(SHOTS, "data-iris.png") });
    // A reload opens iris again, with the address's settings.
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.equal((await table(page))?.rows, 150);
    assert.equal(await page.locator('.real-set[data-table="iris"]').getAttribute("aria-pressed"), "true");
    // A generated set brings generated data back.
    await page.click('#datasets .dataset[data-dataset="spiral"]');
    assert.equal(await table(page), null);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().dataset), "spiral");
    assert.doesNotMatch(await page.evaluate(() => location.hash), /table=/);
    assert.equal(await page.locator("#table-note").isHidden(), true);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

/** The data message's text (a refused file), or "". */
const dataMessage = (page) => page.evaluate(() => document.querySelector('#messages [data-key="data"]')?.textContent ?? "");

/**
 * Imports a bad file: through the preview when it opens (ticking the
 * columns `tick` names as inputs, then "Train on it"); returns the message.
 */
async function importBad(page, name, content, tick = []) {
  await page.evaluate(() => document.querySelector('#messages [data-key="data"]')?.remove());
  await setFile(page, "#import-csv", name, content);
  await page.waitForFunction(() => document.querySelector('#messages [data-key="data"]') || document.getElementById("csv-preview").open);
  if (await page.evaluate(() => document.getElementById("csv-preview").open)) {
    for (const column of tick) await page.check(`#csv-preview input[aria-label="${column} is an input"]`);
    await page.click("#csv-use");
    await page.waitForFunction(() => document.querySelector('#messages [data-key="data"]'));
    assert.equal(
      await page.locator("#csv-error").textContent(),
      (await dataMessage(page)).replace(/^.*? was not loaded: (.*?)\.? Nothing changed\.×$/, "$1"),
    );
    await page.click("#csv-preview .table-buttons button:not(#csv-use)");
  }
  return dataMessage(page);
}

describe("the other sets, standardization and columns", () => {
  it("opens breast cancer standardized (and raw on request), the article's table, and a column choice the address keeps", async () => {
    const page = await open("seed=6");
    await openBuiltIn(page, "breast_cancer", 569);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [30, 16, 2]);
    assert.ok((await table(page)).scales.every((s) => s !== 1));
    assert.match(await page.locator("#standardize-text").textContent(), /^inputs standardized: mean 0, spread 1$/);
    // Undone: the raw values back, and the address says so.
    await page.uncheck("#standardize");
    await page.waitForFunction(() => window.backpropLab.lab.table().scales.every((s) => s === 1));
    assert.match(await page.locator("#standardize-text").textContent(), /^inputs as in the file/);
    assert.match(await page.evaluate(() => location.hash), /&table=breast_cancer&columns=[0-9,]+\/30\/classes\/raw$/);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.ok(
      (await table(page)).scales.every((s) => s === 1),
      "a reload keeps the raw values",
    );
    await openBuiltIn(page, "article", 3);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [3, 10, 8, 1]);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /columns=/);
    // Other columns of iris: the petals alone.
    await openBuiltIn(page, "iris", 150);
    await page.click("#change-columns");
    await page.uncheck('#csv-preview input[aria-label="sepal_length_cm is an input"]');
    await page.uncheck('#csv-preview input[aria-label="sepal_width_cm is an input"]');
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.table().inputNames.length === 2);
    assert.match(await page.evaluate(() => location.hash), /&table=iris&columns=2,3\/4\/classes\/raw$/);
    assert.match(await page.locator("#table-slice").textContent(), /x = petal_length_cm, y = petal_width_cm\.$/);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.deepEqual((await table(page)).inputNames, ["petal_length_cm", "petal_width_cm"]);
    await page.screenshot({ path: join(SHOTS, "data-iris-petals.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("a table the address cannot reopen", () => {
  it("a short link to a set opens it with its own network, takes the settings it names, and opens a moment of stepping through it", async () => {
    const page = await open("table=iris&seed=3&hidden.neurons=5&learning_rate=0.1&mode=step&batch=4&phase=3&example=1&select=w:0:1:2");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 150 && window.backpropLab.stepping);
    const state = await page.evaluate(() => {
      const c = window.backpropLab;
      return { sizes: c.lab.snapshot().sizes, config: c.lab.config(), batches: c.lab.batches, example: c.stepExample, selected: c.selected() };
    });
    // The link's neurons and learning rate; iris's own activation, loss, optimizer and batch size.
    assert.deepEqual(state.sizes, [4, 5, 3]);
    assert.deepEqual(
      [state.config.hidden[0].activation, state.config.loss, state.config.optimizer.kind, state.config.learning_rate, state.config.batch_size],
      ["tanh", "softmax_ce", "adam", 0.1, 10],
    );
    assert.deepEqual([state.batches, state.example], [4, 1]);
    assert.deepEqual([state.selected.kind, state.selected.layer, state.selected.neuron, state.selected.input], ["weight", 0, 1, 2]);
    // The address now holds every setting, and opens the same moment again.
    const hash = await page.evaluate(() => location.hash.slice(1));
    assert.match(hash, /table=iris/);
    const again = await open(hash);
    await again.waitForFunction(() => window.backpropLab.lab.table()?.rows === 150 && window.backpropLab.stepping);
    const params = (p) => p.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
    assert.deepEqual(await params(again), await params(page));
    assert.deepEqual([page.errors, again.errors], [[], []]);
    await page.close();
    await again.close();
  });

  it("says so and shows the generated data, keeping the rest of the link", async () => {
    const page = await open("seed=8&dataset=xor&hidden.neurons=3&table=file");
    assert.equal(await table(page), null);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.config().hidden[0].neurons), 3);
    assert.match(
      await page.locator("#messages").textContent(),
      /table: “file” could not be opened \(the imported file is no longer kept in this tab; import it again\); the generated data is shown/,
    );
    assert.doesNotMatch(await page.evaluate(() => location.hash), /table=/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("your own files", () => {
  it("imports a CSV with a text label through its preview, trains it, and keeps it across a reload", async () => {
    const page = await open("seed=3");
    const rows = ["width,height,kind"];
    for (let i = 0; i < 40; i += 1) rows.push(`${(i % 10) / 10 + (i < 20 ? 0 : 2)},${(i % 7) / 7},${i < 20 ? "small" : "large"}`);
    await setFile(page, "#import-csv", "boxes.csv", rows.join("\n"));
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    const preview = await page.locator("#csv-preview").textContent();
    assert.match(preview, /boxes\.csv: 40 rows, 3 columns/);
    assert.match(preview, /text, 2 distinct/);
    // Defaults: every numeric column but the last is an input, the last the target.
    assert.equal(await page.isChecked('#csv-preview input[aria-label="width is an input"]'), true);
    assert.equal(await page.isChecked('#csv-preview input[aria-label="kind is the target"]'), true);
    await page.screenshot({ path: join(SHOTS, "data-preview.png") });
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 40);
    const t = await table(page);
    assert.deepEqual([t.inputNames, t.targetName, t.classNames], [["width", "height"], "kind", ["large", "small"]]);
    assert.match(await page.locator("#table-kept").textContent(), /reloading the page keeps your data/);
    const before = (await metrics(page)).train_loss;
    await trainTo(page, 100);
    assert.ok((await metrics(page)).train_loss < before, "the loss falls");
    assert.match(await page.evaluate(() => location.hash), /&table=file/);
    await page.reload();
    await page.waitForSelector("body[data-ready='1']");
    assert.deepEqual((await table(page))?.inputNames, ["width", "height"]);
    // A file dropped on the page opens its preview too.
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, "u,v,w\n1,2,a\n3,4,b\n5,6,a\n");
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    assert.match(await page.locator("#csv-preview h2").textContent(), /^dropped\.csv: 3 rows, 3 columns$/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("refuses every bad file with the engine's message naming the line or column, and keeps the network", async () => {
    const page = await open("seed=11&dataset=xor");
    await page.click("#step-batch");
    const weights = await params(page);
    const bad = [
      ["empty.csv", "", [], /the file is empty/],
      ["header.csv", "a,b,c\n", [], /a header \(a, b, c\) but no rows of data/],
      ["ragged.csv", "a,b,c\n1,2,x\n3,4\n", [], /line 3 has 2 fields where the first row has 3/],
      ["text.csv", "a,b,c\n1,2,x\n3,oops,y\n5,6,x\n", ["b"], /line 3, column 2: “oops” in “b” is not a number/],
      ["nan.csv", "a,b,c\n1,2,x\n3,NaN,y\n5,6,x\n", ["b"], /line 3, column 2: “NaN” in “b” is not a finite number/],
      ["one-class.csv", "a,b,c\n1,2,x\n3,4,x\n5,6,x\n", [], /“c”, whose only class is x/],
      [
        "garbage.bin",
        Buffer.from([0, 159, 146, 150, 255, 0, 1, 2, 3, 200, 13, 10, 0, 0, 7]),
        [],
        /line 1 is not text \(not UTF-8\): is this a CSV file\? Nothing changed/,
      ],
    ];
    for (const [name, content, tick, pattern] of bad) {
      const text = await importBad(page, name, content, tick);
      assert.match(text, new RegExp(`^${name.replace(".", "\\.")} was not loaded: `), name);
      assert.match(text, pattern, `${name}: ${text}`);
      assert.deepEqual(await params(page), weights, `${name} left the network as it was`);
      assert.equal(await table(page), null, name);
    }
    await page.screenshot({ path: join(SHOTS, "data-refused.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("refuses a file past a limit (rows, columns, bytes) with the limit named, and keeps the data it had", async () => {
    const page = await open("seed=12");
    await openBuiltIn(page, "iris", 150);
    await page.click("#step-batch");
    const weights = await params(page);
    const iris = await table(page);
    const long = ["a,b", ...Array.from({ length: 100_001 }, (_, i) => `${i},${i % 3}`)].join("\n");
    const wide = [Array.from({ length: 1001 }, (_, c) => `c${c}`).join(","), Array(1001).fill("1").join(",")].join("\n");
    for (const [name, content, pattern] of [
      ["long.csv", long, /^long\.csv was not loaded: rows: more than 100000 is not allowed; expected at most 100000 rows\. Nothing changed\./],
      ["wide.csv", wide, /^wide\.csv was not loaded: columns: 1001 is not allowed; expected at most 1000 columns\. Nothing changed\./],
    ]) {
      assert.match(await importBad(page, name, content), pattern);
      assert.deepEqual(await params(page), weights, `${name} left the network as it was`);
      assert.deepEqual(await table(page), iris, `${name} left the data as it was`);
    }
    // Over 64 MB the page refuses before reading the file, at the engine's own limit. The file
    // is made in the page (a drop), not sent through the test's connection.
    const [pageMessage, engineMessage] = await page.evaluate(async () => {
      document.querySelector('#messages [data-key="data"]')?.remove();
      const bytes = new Uint8Array((64 << 20) + 1).fill(49);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "huge.csv", { type: "text/csv" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      while (!document.querySelector('#messages [data-key="data"]')) await new Promise(requestAnimationFrame);
      let engine = "";
      try {
        window.backpropLab.Lab.previewCsv(bytes);
      } catch (error) {
        engine = error.message;
      }
      return [document.querySelector('#messages [data-key="data"]').textContent, engine];
    });
    assert.equal(engineMessage, "file: more than 64 MB is not allowed; expected at most 64 MB");
    assert.match(pageMessage, /^huge\.csv was not loaded: file: more than 64 MB is not allowed; expected at most 64 MB\. Nothing changed\./);
    assert.deepEqual(await params(page), weights, "huge.csv left the network as it was");
    assert.deepEqual(await table(page), iris, "huge.csv left the data as it was");
    await page.screenshot({ path: join(SHOTS, "data-limit.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("types the article's table and trains it with the article's network; exports the data and reads it back", async () => {
    const page = await open("seed=2");
    await page.click("#type-table");
    await page.waitForFunction(() => document.getElementById("table-editor").open);
    assert.equal(await page.inputValue('#table-editor input[aria-label="Row 2, input_2"]'), "0.77");
    await page.screenshot({ path: join(SHOTS, "data-editor.png") });
    await page.click("#table-train");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 3);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [3, 10, 8, 1]);
    const config = await page.evaluate(() => window.backpropLab.lab.config());
    assert.deepEqual([config.loss, config.output_activation, config.train_fraction], ["mse", "linear", 1]);
    const before = (await metrics(page)).train_loss;
    await trainTo(page, 200);
    const after = (await metrics(page)).train_loss;
    assert.ok(after < before / 10, `the loss falls: ${before} → ${after}`);
    // The exported CSV is the table as typed.
    const download = page.waitForEvent("download");
    await page.click("#export-data");
    const file = await download;
    assert.equal(file.suggestedFilename(), "backprop-lab-data.csv");
    const text = readFileSync(await file.path(), "utf8");
    const rows = text
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(",").map(Number));
    assert.deepEqual(rows.slice(1), [
      [0.85, 0.65, 0.12, 0.95],
      [0.42, 0.77, 0.33, 0.55],
      [0.91, 0.28, 0.46, 0.61],
    ]);
    // Read back: imported, it gives the same table.
    await setFile(page, "#import-csv", "back.csv", text);
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.batches === 0);
    assert.deepEqual((await table(page)).inputNames, ["input_1", "input_2", "input_3"]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
  it("edits a typed table: adds, deletes and renames rows and columns, takes a pasted block, and names a bad cell keeping the data", async () => {
    const page = await open("seed=2");
    await page.click("#type-table");
    await page.waitForFunction(() => document.getElementById("table-editor").open);
    const editor = (label) => page.locator(`#table-editor [aria-label="${label}"]`);
    // A fourth row, typed.
    await page.click("#table-add-row");
    for (const [column, value] of [
      ["input_1", "0.2"],
      ["input_2", "0.4"],
      ["input_3", "0.6"],
      ["output", "0.3"],
    ]) {
      await editor(`Row 4, ${column}`).fill(value);
    }
    // A block of two rows pasted at row 5 (the table grows to hold it).
    await page.click("#table-add-row");
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/plain", "0.1\t0.2\t0.3\t0.4\n0.5\t0.6\t0.7\t0.8\n");
      const cell = document.querySelector('#table-editor [aria-label="Row 5, input_1"]');
      cell.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    assert.equal(await editor("Row 6, output").inputValue(), "0.8");
    // Row 2 deleted: row 3 moves up.
    await editor("Delete row 2").click();
    assert.equal(await editor("Row 2, input_1").inputValue(), "0.91");
    // A new column, renamed, not used; the first input's column deleted.
    await page.click("#table-add-column");
    await editor("Name of column 5").fill("note");
    await editor("Role of column column_5").selectOption("unused");
    await editor("Delete column input_1").click();
    // A word in an input column: the engine's message names its line and column, nothing changes.
    const before = await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));
    await editor("Row 3, input_2").fill("lots");
    await page.click("#table-train");
    assert.match(await page.locator("#table-error").textContent(), /line 4.*input_2|input_2.*line 4/);
    assert.equal(await page.evaluate(() => document.getElementById("table-editor").open), true);
    assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params)), before);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.table()), null);
    // Fixed, it trains on what was typed: 5 rows, inputs input_2 and input_3.
    await editor("Row 3, input_2").fill("0.4");
    await page.click("#table-train");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 5);
    const t = await table(page);
    assert.deepEqual([t.inputNames, t.targetName], [["input_2", "input_3"], "output"]);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [2, 10, 8, 1]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

describe("models and wide data", () => {
  it("saves a model, loads it in a reloaded page and continues bit-identically; a damaged file changes nothing", async () => {
    const first = await open("seed=9");
    await openBuiltIn(first, "iris", 150);
    for (let i = 0; i < 7; i += 1) await first.click("#step-batch");
    const download = first.waitForEvent("download");
    await first.click("#save-model");
    const saved = await download;
    assert.equal(saved.suggestedFilename(), "backprop-lab-model.json");
    const model = readFileSync(await saved.path(), "utf8");
    // The page that never stopped goes on five batches.
    for (let i = 0; i < 5; i += 1) await first.click("#step-batch");
    const expected = await params(first);
    await first.close();

    const second = await open("seed=1");
    await second.reload();
    await second.waitForSelector("body[data-ready='1']");
    await setFile(second, "#load-model", "broken.json", model.slice(0, model.length / 2), "application/json");
    await second.waitForFunction(() => document.querySelector('#messages [data-key="data"]'));
    assert.match(await dataMessage(second), /^broken\.json was not loaded: .+ Nothing changed\./);
    assert.equal(await table(second), null);
    await setFile(second, "#load-model", "backprop-lab-model.json", model, "application/json");
    await second.waitForFunction(() => window.backpropLab.lab.table()?.rows === 150);
    assert.equal(await second.evaluate(() => window.backpropLab.lab.batches), 7);
    for (let i = 0; i < 5; i += 1) await second.click("#step-batch");
    const got = await params(second);
    assert.equal(got.length, expected.length);
    assert.ok(
      got.every((v, i) => Object.is(v, expected[i])),
      "the same bits as the run that never stopped",
    );
    assert.deepEqual(second.errors, []);
    await second.close();
  });

  it("digits: the inputs drawn as the example's 8 × 8 picture, each first-layer neuron's weights as a picture (in the diagram and a gallery), a confusion matrix", async () => {
    const page = await open("seed=4");
    await openBuiltIn(page, "digits", 1797);
    assert.deepEqual(await page.evaluate(() => window.backpropLab.lab.snapshot().sizes), [64, 32, 10]);
    const t = await table(page);
    assert.ok(
      t.scales.some((s) => s !== 1),
      "standardized",
    );
    assert.match(await page.locator("#standardize-text").textContent(), /inputs standardized: mean 0, spread 1/);
    const box = await page.locator("#network").boundingBox();
    const inputs = await page.locator(".node.input").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    assert.equal(inputs.length, 64);
    for (const r of inputs) assert.ok(r.top >= box.y - 1 && r.bottom <= box.y + box.height + 1, "every input inside the diagram");
    // The inputs are the example's picture: 8 columns by 8 rows of square cells, row by row.
    const distinct = (values) => new Set(values.map((v) => Math.round(v))).size;
    assert.equal(distinct(inputs.map((r) => r.left)), 8);
    assert.equal(distinct(inputs.map((r) => r.top)), 8);
    assert.ok(inputs[1].left > inputs[0].left && inputs[8].top > inputs[0].top, "p01 right of p00, p10 under it");
    assert.ok(inputs[0].width >= 10 && Math.abs(inputs[0].width - inputs[0].height) < 0.5, `a pixel is ${inputs[0].width} px`);
    // Its shades are the example's pixels in the file's units (0 white to 16 black).
    const shown = await page.evaluate(async () => {
      // After the next frame has drawn the example.
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      const lab = window.backpropLab.lab;
      const t = lab.table();
      const row = lab.points().train.points.slice(0, 64);
      const levels = [...document.querySelectorAll(".node.input")].map((e) => Number(/\d+/.exec(getComputedStyle(e).backgroundColor)[0]));
      return { levels, values: Array.from(row, (v, i) => v * t.scales[i] + t.means[i]) };
    });
    shown.values.forEach((v, i) => {
      assert.ok(Math.abs(shown.levels[i] - Math.round(255 * (1 - v / 16))) <= 1, `pixel ${i}: ${v} drawn as ${shown.levels[i]}`);
    });
    // The 32 neurons fit, one under the other.
    const neurons = await page.locator(".node.neuron").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    for (const r of neurons) assert.ok(r.top >= box.y - 1 && r.bottom <= box.y + box.height + 1, "every neuron inside the diagram");
    for (let j = 1; j < 32; j += 1) assert.ok(neurons[j].top >= neurons[j - 1].bottom - 0.5, `neuron ${j + 1} clear of the one above`);
    // Each first-layer neuron shows its 64 weights as an 8 × 8 picture.
    assert.deepEqual(
      await page.locator(".node.neuron.weights canvas").evaluateAll((els) => els.map((c) => [c.width, c.height])),
      Array(32).fill([8, 8]),
    );
    // The gallery shows the same 32 pictures, large enough to read; one opens its neuron in the inspector.
    const tiles = page.locator("#weight-gallery .gallery-tile");
    assert.equal(await tiles.count(), 32);
    const tile = await tiles.nth(4).boundingBox();
    assert.ok(tile.width >= 30, `a gallery picture is ${tile.width} px`);
    await tiles.nth(4).click();
    assert.deepEqual(
      await page.evaluate(() => {
        const s = window.backpropLab.selected();
        return [s.kind, s.layer, s.neuron];
      }),
      ["neuron", 0, 4],
    );
    await page.keyboard.press("Escape");
    await trainTo(page, 5);
    const m = await metrics(page);
    assert.ok(m.train_accuracy > 0.9);
    // The confusion matrices count every example; their accuracies are the engine's.
    const epoch = await page.evaluate(() => window.backpropLab.lab.epoch);
    await page.waitForFunction((e) => document.querySelector("#confusion h3")?.textContent === `Confusion matrix, epoch ${e}`, epoch);
    const captions = await page.locator("#confusion caption").allTextContents();
    const percent = (v) => `${(v * 100).toFixed(1)} %`;
    assert.deepEqual(captions, [`Training: ${percent(m.train_accuracy)}`, `Test: ${percent(m.test_accuracy)}`]);
    const cells = await page.locator("#confusion table").first().locator("tbody td:not(.rate)").allTextContents();
    assert.equal(
      cells.map(Number).reduce((a, b) => a + b, 0),
      await page.evaluate(() => window.backpropLab.lab.points().train.length),
    );
    await page.screenshot({ path: join(SHOTS, "data-digits.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// A large CSV file (100,000 rows × 100 numbers, 56 MB, within the page's
// limits) imported while the page keeps answering: its frames keep coming
// while the file is read and previewed (in a worker), a status names the
// file with a Cancel button that works, a bad file is refused naming its
// line and keeps the data, and "Train on it" ends on the same table and
// network, bit for bit, as the engine's `Lab.withCsv` makes of the file.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

const ROWS = 100_000;
const COLUMNS = 100;
/** The longest a frame may wait while a file is read and previewed. */
const LONGEST_FRAME_MS = 200;

/** Builds, in the page, the CSV bytes of ROWS rows of COLUMNS numbers with two decimals (seeded), as `window.largeCsv`. */
const makeCsv = (page) =>
  page.evaluate(
    ({ rows, columns }) => {
      let state = 12345;
      const random = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state / 2 ** 32;
      };
      const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(",")];
      const cells = new Array(columns);
      for (let r = 0; r < rows; r += 1) {
        for (let c = 0; c < columns; c += 1) cells[c] = (100 * random()).toFixed(2);
        lines.push(cells.join(","));
      }
      window.largeCsv = new TextEncoder().encode(`${lines.join("\n")}\n`);
      return window.largeCsv.length;
    },
    { rows: ROWS, columns: COLUMNS },
  );

/**
 * Drops `window.largeCsv` (with `tail` appended) on the page as `name` and
 * watches the frames until the preview opens or the data message appears,
 * or, with `cancel`, clicks the status's Cancel once it shows. Returns the
 * longest wait between frames, the status's text and what ended it.
 */
const dropAndWatch = (page, name, { tail = "", cancel = false } = {}) =>
  page.evaluate(
    async ({ name, tail, cancel }) => {
      document.querySelector('#messages [data-key="data"]')?.remove();
      const extra = new TextEncoder().encode(tail);
      const bytes = new Uint8Array(window.largeCsv.length + extra.length);
      bytes.set(window.largeCsv);
      bytes.set(extra, window.largeCsv.length);
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: "text/csv" }));
      let longest = 0;
      let last = performance.now();
      let status = "";
      const start = performance.now();
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      for (;;) {
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        const shown = document.querySelector('#messages [data-key="reading"]');
        if (shown) status = shown.querySelector("p").textContent;
        if (cancel && shown) {
          [...shown.querySelectorAll("button")].find((b) => b.textContent === "Cancel").click();
          return { longest, status, ended: "cancelled", ms: now - start };
        }
        const message = document.querySelector('#messages [data-key="data"]');
        if (message) return { longest, status, ended: message.textContent, ms: now - start };
        if (document.getElementById("csv-preview").open) return { longest, status, ended: "preview", ms: now - start };
        if (now - start > 60000) return { longest, status, ended: "nothing after 60 s", ms: now - start };
      }
    },
    { name, tail, cancel },
  );

const params = (page) => page.evaluate(() => Array.from(window.backpropLab.lab.snapshot().params));

describe("a large CSV file", () => {
  it("is read and previewed with the page answering, can be cancelled, is refused when bad, and trains bit for bit as the engine reads it", async () => {
    const page = await lab.open("seed=1");
    await page.click("#step-batch");
    const weights = await params(page);
    const bytes = await makeCsv(page);
    assert.ok(bytes > 50 << 20 && bytes < 64 << 20, `${bytes} bytes, within the 64 MB limit`);

    // Cancelled while it is read: no preview, the status gone, nothing changed.
    const cancelled = await dropAndWatch(page, "large.csv", { cancel: true });
    assert.equal(cancelled.ended, "cancelled");
    assert.match(cancelled.status, /^Reading large\.csv \(5\d\.\d MB\)…/);
    await page.waitForTimeout(3000);
    assert.equal(await page.evaluate(() => document.getElementById("csv-preview").open), false, "a cancelled file opens no preview");
    assert.equal(await page.locator('#messages [data-key="reading"]').count(), 0);
    assert.equal(await page.locator('#messages [data-key="data"]').count(), 0);
    assert.deepEqual(await params(page), weights);

    // A bad row at its end: refused naming the line, the network and data kept, the frames coming all along.
    const bad = await dropAndWatch(page, "ragged.csv", { tail: "1,2\n" });
    assert.match(bad.ended, /^ragged\.csv was not loaded: .*line 100002 has 2 fields where the first row has 100/);
    assert.ok(bad.longest < LONGEST_FRAME_MS, `a frame waited ${bad.longest.toFixed(0)} ms while a bad file was read`);
    assert.equal(await page.locator('#messages [data-key="reading"]').count(), 0);
    assert.deepEqual(await params(page), weights);
    assert.equal(await page.evaluate(() => window.backpropLab.lab.table()), null);

    // Read and previewed with every frame within LONGEST_FRAME_MS.
    const read = await dropAndWatch(page, "large.csv");
    assert.equal(read.ended, "preview", read.ended);
    assert.ok(read.longest < LONGEST_FRAME_MS, `a frame waited ${read.longest.toFixed(0)} ms while the file was read (${read.ms.toFixed(0)} ms)`);
    assert.match(read.status, /^Reading large\.csv \(5\d\.\d MB\)…/);
    assert.equal(await page.locator("#csv-preview h2").textContent(), `large.csv: ${ROWS} rows, ${COLUMNS} columns`);
    assert.equal(await page.locator('#messages [data-key="reading"]').count(), 0);
    assert.deepEqual(await params(page), weights, "a preview changes nothing");
    await page.screenshot({ path: join(SHOTS, "import-large-preview.png") });

    // "Train on it": the file's table, the same as the engine makes of it on this thread.
    await page.click("#csv-use");
    await page.waitForFunction((rows) => window.backpropLab.lab.table()?.rows === rows, ROWS, { timeout: 60000 });
    const same = await page.evaluate(() => {
      const { lab, Lab } = window.backpropLab;
      const t = lab.table();
      const selection = { inputs: [...Array(t.inputNames.length).keys()], target: t.inputNames.length, kind: "auto", standardize: false };
      const reference = Lab.withCsv(lab.config(), window.largeCsv, selection);
      const equal = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
      const [p, q] = [lab.points(), reference.points()];
      const result = {
        inputs: t.inputNames.length,
        target: t.targetName,
        sizes: Array.from(lab.snapshot().sizes),
        table: JSON.stringify(t) === JSON.stringify(reference.table()),
        points: ["train", "test"].every((s) => equal(p[s].points, q[s].points) && equal(p[s].values, q[s].values)),
        params: equal(lab.snapshot().params, reference.snapshot().params),
      };
      reference.free();
      return result;
    });
    assert.deepEqual(same, {
      inputs: COLUMNS - 1,
      target: `c${COLUMNS - 1}`,
      sizes: [COLUMNS - 1, 4, 2, 1],
      table: true,
      points: true,
      params: true,
    });
    // Standardized: the large table read again in a worker, the box waiting meanwhile.
    await page.check("#standardize");
    assert.equal(await page.isDisabled("#standardize"), true);
    await page.waitForFunction(() => window.backpropLab.lab.table().scales.every((s) => s !== 1), null, { timeout: 60000 });
    assert.equal(await page.isDisabled("#standardize"), false);
    assert.match(await page.evaluate(() => location.hash), /&table=file&columns=[0-9,]+\/99\/auto\/standardized$/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("is read on the page when no worker can start, with the same preview, errors and table", async () => {
    const page = await lab.open("seed=2");
    // The worker's script cannot load: the reader does its work on the page instead.
    await page.route("**/csv-worker.js", (route) => route.abort());
    await page.setInputFiles("#import-csv", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("a,b,c\n1,2,x\n3,4\n") });
    await page.waitForFunction(() => document.querySelector('#messages [data-key="data"]'));
    assert.match(
      await page.locator('#messages [data-key="data"]').textContent(),
      /^bad\.csv was not loaded: .*line 3 has 2 fields where the first row has 3.* Nothing changed\./,
    );
    const rows = ["width,height,kind", ...Array.from({ length: 30 }, (_, i) => `${i % 10},${(i * 7) % 5},${i < 15 ? "small" : "large"}`)];
    await page.setInputFiles("#import-csv", { name: "boxes.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await page.waitForFunction(() => document.getElementById("csv-preview").open);
    assert.equal(await page.locator("#csv-preview h2").textContent(), "boxes.csv: 30 rows, 3 columns");
    await page.click("#csv-use");
    await page.waitForFunction(() => window.backpropLab.lab.table()?.rows === 30);
    assert.deepEqual((await page.evaluate(() => window.backpropLab.lab.table())).classNames, ["large", "small"]);
    assert.deepEqual(
      page.errors.filter((e) => !/csv-worker/.test(e)),
      [],
    );
    await page.close();
  });
});

// The random walk (monkey.mjs) in short: 200 seeded actions over every
// control, key, mode, the inspector, the timeline and resizing, every check
// after each. `cargo xtask monkey` walks 2,000. And what the walk found.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runMonkey } from "./monkey.mjs";
import { useLab } from "./server.mjs";

const lab = useLab({ before, after });

describe("a random walk over the page", () => {
  it("survives 200 seeded random actions with every check holding", async () => {
    const seed = Number(process.env.MONKEY_SEED ?? 20261130);
    const result = await runMonkey({ open: lab.open, seed, actions: 200 });
    assert.equal(result.failure, null, result.failure ?? "");
    assert.equal(result.done, 200);
  });

  it("keeps the inspector's editor on the right parameters when an input feature goes", async () => {
    // Found by the walk (seed 1): the editor kept its fields at the old indices, past the new end.
    const page = await lab.open("seed=4");
    await page.click('button[aria-label*="Output ŷ"]');
    await page.locator("#inspector").waitFor({ state: "visible" });
    await page.click('button[aria-label^="Input feature X₂"]');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(page.errors, []);
    const shown = await page.locator("#inspector input.param-input").evaluateAll((inputs) => inputs.map((i) => Number(i.dataset.index)));
    const want = await page.evaluate(() => {
      const lab = window.backpropLab.lab;
      const sizes = lab.snapshot().sizes;
      const layer = sizes.length - 2;
      const inputs = [...Array(sizes[layer]).keys()].map((i) => lab.weightIndex(layer, 0, i));
      return [lab.biasIndex(layer, 0), ...inputs];
    });
    assert.deepEqual(
      shown.sort((a, b) => a - b),
      want.sort((a, b) => a - b),
    );
    await page.close();
  });

  it("closes the inspector when its neuron's layer goes, without an error", async () => {
    // Found by the walk (seeds 2 and 3): the inspector read a layer that was no more.
    const page = await lab.open("seed=4");
    await page.click('button[aria-label*="Output ŷ"]');
    await page.locator("#inspector").waitFor({ state: "visible" });
    await page.click("#remove-layer");
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(page.errors, []);
    assert.equal(await page.locator("#inspector").isHidden(), true);
    // A neuron whose layer keeps its size stays inspected when another layer changes.
    await page.click('button[aria-label*="Hidden layer 1, neuron 1:"]');
    await page.click('button[aria-label="Add a hidden layer"]');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.locator("#inspector").isVisible(), true);
    assert.equal((await page.evaluate(() => window.backpropLab.selected())).name.startsWith("Hidden layer 1, neuron 1"), true);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

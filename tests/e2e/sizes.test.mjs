// Every screen size from a phone to a 2560-px projector: the input plane is
// drawn square (equal units on both axes) on the output and every neuron's
// heatmap, nothing overflows sideways, and the screenshots are kept to look at.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

const SIZES = [
  [390, 844],
  [1280, 720],
  [1440, 900],
  [1920, 1080],
  [2560, 1440],
];

/** The boxes (CSS px) of the output's plane and of every heatmap, and the page's overflow. */
const measure = (page) =>
  page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { width: r.width, height: r.height, right: r.right, pixels: [el.width, el.height] };
    };
    return {
      output: box(document.getElementById("output")),
      maps: [...document.querySelectorAll(".node canvas")].map(box),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      rootFont: Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    };
  });

describe("every screen size", () => {
  for (const [width, height] of SIZES) {
    it(`draws the plane square and fits ${width} × ${height}`, async () => {
      const page = await lab.open("seed=12&dataset=circle&hidden=6,6", { width, height });
      await page.click("#play");
      await page.waitForFunction(() => window.backpropLab.lab.epoch >= 30);
      await page.click("#play");
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const m = await measure(page);
      const { output } = m;
      assert.ok(Math.abs(output.width - output.height) <= 1, `the output plane is ${output.width} × ${output.height}`);
      // Its backing store has the same shape: the drawing is not stretched.
      const ratio = output.pixels[0] / output.pixels[1];
      assert.ok(Math.abs(ratio - 1) < 0.01, `the output's pixels are ${output.pixels.join(" × ")}`);
      // It grows with the screen: a quarter of the height at least (the chart and metrics share its column).
      assert.ok(output.width >= Math.min(width - 60, height / 4), `the output is only ${output.width} px wide`);
      assert.ok(output.right <= width, `the output reaches ${output.right} of ${width} px`);
      for (const map of m.maps) assert.ok(Math.abs(map.width - map.height) <= 1, `a heatmap is ${map.width} × ${map.height}`);
      assert.ok(m.overflow <= 0, `the page is ${m.overflow} px wider than the screen`);
      if (width >= 1920) assert.ok(m.rootFont >= 18, `the text is ${m.rootFont} px on a ${width}-px screen`);
      await page.screenshot({ path: join(SHOTS, `size-${width}x${height}.png`), fullPage: width < 700 });
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
});

// The page's frame benchmark in headless Chromium: the lab at W2 (2 → [8 × 6]
// → 1 on the spiral) with every panel on (every neuron's heatmap, the output
// with training and test points, the loss chart, the timeline, the gradient
// health panel and its diagnoses), playing one
// epoch per frame. Measures each frame's whole work (training, losses, all
// heatmaps, the redraw) as the page times it, over a few hundred frames, and
// how long the page takes to become interactive. The loss landscape panel is
// open too (it recomputes every few epochs while playing), and a 41 × 41
// plane on the W2 network is timed on its own (LANDSCAPE_RUNS calls, the first
// a warm-up).
//
// The largest sizes too (LARGE: 8 hidden layers of 16 neurons with each
// activation, and 100,000 points), playing as fast as possible: a frame's
// whole work must stay within 16 ms median there.
//
//   node bench/frame.mjs [--json] [--large]

import { launch, serve } from "../tests/e2e/server.mjs";

const W2_PAGE =
  "seed=1&dataset=spiral&hidden=8,8,8,8,8,8&activations=tanh&output_activation=tanh" +
  "&batch_size=10&learning_rate=0.03&shuffle=false&show_test=true&speed=1&edges=weight";

const LARGEST = "seed=3&dataset=spiral&hidden=16,16,16,16,16,16,16,16&speed=max&show_test=true";

/** The largest sizes: name → the page's address. */
export const LARGE = {
  "8 × 16 tanh, 500 points": `${LARGEST}&activations=tanh`,
  "8 × 16 relu, 500 points": `${LARGEST}&activations=relu`,
  "8 × 16 sigmoid, 500 points": `${LARGEST}&activations=sigmoid`,
  "8 × 16 relu, 100,000 points": `${LARGEST}&activations=relu&samples=100000`,
};

/** Timed calls of the 41 × 41 plane, the first a warm-up. */
const LANDSCAPE_RUNS = 8;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Runs the frame benchmark; resolves to `{ median_ms, p95_ms, frames,
 * ready_ms, landscape }`, `landscape` the plane's `{ median_ms, min_ms, runs }`.
 */
export async function measureFrames({ frames = 300, viewport = { width: 1280, height: 720 } } = {}) {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // Interactive: the first visit's time from navigation to a working page, three times.
    const readies = [];
    for (let k = 0; k < 3; k += 1) {
      await page.goto(`${server.url}#${W2_PAGE}`);
      await page.waitForSelector("body[data-ready='1']");
      readies.push(await page.evaluate(() => window.backpropLabReadyAt));
    }
    await page.click("#landscape-toggle");
    await page.waitForFunction(() => window.backpropLab.landscape() !== null);
    // The gradient health panel open too.
    await page.click("#health-toggle");
    await page.click("#play");
    await page.waitForFunction((n) => window.backpropLab.frameWork().length >= n + 30, frames, { timeout: 120000 });
    await page.click("#play");
    const work = await page.evaluate(() => window.backpropLab.frameWork().slice(30));
    // The plane alone: 41 × 41 points, random directions, each the training loss over W2's 250 examples.
    const times = await page.evaluate((runs) => {
      const lab = window.backpropLab.lab;
      const out = [];
      for (let k = 0; k < runs; k += 1) {
        const started = performance.now();
        lab.landscape({ directions: "random", seed: 1, resolution: 41, range: 1 });
        out.push(performance.now() - started);
      }
      return out.slice(1).sort((a, b) => a - b);
    }, LANDSCAPE_RUNS);
    if (errors.length) throw new Error(`the page failed: ${errors.join("; ")}`);
    const sorted = work.slice(0, frames).sort((a, b) => a - b);
    readies.sort((a, b) => a - b);
    return {
      median_ms: percentile(sorted, 0.5),
      p95_ms: percentile(sorted, 0.95),
      frames: sorted.length,
      ready_ms: readies[1],
      landscape: { median_ms: percentile(times, 0.5), min_ms: times[0], runs: times.length },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Each LARGE case's frame work, playing as fast as possible: `{ name: { median_ms, p95_ms, frames } }`. */
export async function measureLarge({ frames = 120, viewport = { width: 1280, height: 720 } } = {}) {
  const server = await serve();
  const browser = await launch();
  const results = {};
  try {
    for (const [name, hash] of Object.entries(LARGE)) {
      const page = await browser.newPage({ viewport });
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}#${hash}`);
      await page.waitForSelector("body[data-ready='1']", { timeout: 120000 });
      await page.click("#play");
      await page.waitForFunction((n) => window.backpropLab.frameWork().length >= n + 20, frames, { timeout: 300000, polling: 500 });
      await page.click("#play");
      const work = await page.evaluate(() => window.backpropLab.frameWork().slice(20));
      if (errors.length) throw new Error(`the page failed at ${name}: ${errors.join("; ")}`);
      const sorted = work.slice(0, frames).sort((a, b) => a - b);
      results[name] = { median_ms: percentile(sorted, 0.5), p95_ms: percentile(sorted, 0.95), frames: sorted.length };
      await page.close();
    }
    return results;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureFrames();
  const large = process.argv.includes("--large") ? await measureLarge() : null;
  if (process.argv.includes("--json")) console.log(JSON.stringify({ ...result, large }));
  else {
    console.log(
      `frame work at W2, every panel on: median ${result.median_ms.toFixed(2)} ms, ` +
        `95th percentile ${result.p95_ms.toFixed(2)} ms over ${result.frames} frames; ` +
        `interactive after ${result.ready_ms.toFixed(0)} ms; a 41 × 41 loss landscape ${result.landscape.median_ms.toFixed(1)} ms median`,
    );
    for (const [name, r] of Object.entries(large ?? {})) {
      console.log(`frame work at ${name}, as fast as possible: median ${r.median_ms.toFixed(2)} ms, 95th percentile ${r.p95_ms.toFixed(2)} ms`);
    }
  }
}

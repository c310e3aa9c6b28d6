// The soak test: a million training batches at the largest network (8
// hidden layers of 16 neurons) in headless Chromium, playing as fast as
// possible. After the first minute (and once the timeline has filled its
// budget) the engine's wasm memory and the JS heap (after a garbage
// collection) stay within 10 % of where they were (judged on the least of
// the last three samples, so one sample mid-frame is not a leak), the
// timeline within its 32 MB budget, and the frame's work at the end within
// noise of the start. Prints a line every 30 s and the results at the end.
//
//   node tests/e2e/soak.mjs [--batches N]   (cargo xtask soak)

import { launch, serve } from "./server.mjs";

const PAGE = "seed=3&dataset=spiral&hidden=16,16,16,16,16,16,16,16&activations=tanh&speed=max";
const TIMELINE_BUDGET = 32 * 1024 * 1024;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const batches = arg("--batches", 1_000_000);
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
await page.goto(`${server.url}#${PAGE}`);
await page.waitForSelector("body[data-ready='1']");
const cdp = await page.context().newCDPSession(page);

/** Memory after a collection, the timeline, and the frames since the last sample. */
async function sample() {
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  const page_ = await page.evaluate(() => {
    const c = window.backpropLab;
    const work = c.frameWork();
    return { batches: c.lab.batches, epoch: c.lab.epoch, wasm: c.wasmBytes(), timeline: c.lab.timeline().bytes, work, playing: c.playing };
  });
  return { heap, ...page_, time: Date.now() };
}

const started = Date.now();
await page.click("#play");
const samples = [];
let baseline = null;
let failure = null;
let full = false;
const least = (key) => Math.min(...samples.slice(-3).map((s) => s[key]));
for (;;) {
  await page.waitForTimeout(10_000);
  const s = await sample();
  samples.push(s);
  const minutes = (s.time - started) / 60000;
  // The frames of the last 10 s (frameWork keeps the latest 1,000 to 2,000).
  s.frame = median(s.work.slice(-300));
  delete s.work;
  // The timeline fills its budget first (a checkpoint per epoch, then thinned),
  // and with it the wasm memory:
  // memory is measured against the first sample after a minute once it is full.
  // Full once it has been thinned (its bytes drop) for the first time.
  full ||= samples.length > 1 && s.timeline < samples.at(-2).timeline;
  if (baseline === null && minutes >= 1 && full) baseline = s;
  if (samples.length % 3 === 0 || s.batches >= batches) {
    console.log(
      `soak: ${minutes.toFixed(1)} min, ${s.batches} batches (epoch ${s.epoch}); wasm ${mb(s.wasm)}, JS heap ${mb(s.heap)}, ` +
        `timeline ${mb(s.timeline)}; frame ${s.frame.toFixed(1)} ms median`,
    );
  }
  if (errors.length) failure = `console error: ${errors.join(" | ")}`;
  else if (!s.playing) failure = "training stopped";
  else if (s.timeline > TIMELINE_BUDGET) failure = `the timeline holds ${mb(s.timeline)}, over its ${mb(TIMELINE_BUDGET)}`;
  // Growth is judged on the least of the last three samples (30 s): a leak
  // keeps all three up, while one sample taken mid-frame, holding that
  // frame's temporary arrays, can sit 10 % over a 5 MB heap on its own.
  else if (baseline && least("wasm") > 1.1 * baseline.wasm) failure = `wasm memory grew from ${mb(baseline.wasm)} to ${mb(least("wasm"))}`;
  else if (baseline && least("heap") > 1.1 * baseline.heap) failure = `the JS heap grew from ${mb(baseline.heap)} to ${mb(least("heap"))}`;
  if (failure || s.batches >= batches) break;
}
await page.click("#play");
const first = samples.find((s) => s === baseline) ?? samples[0];
const last = samples.at(-1);
const frames = { start: median(samples.slice(0, 6).map((s) => s.frame)), end: median(samples.slice(-6).map((s) => s.frame)) };
if (!failure && frames.end > 1.2 * frames.start + 1) failure = `the frame's work grew from ${frames.start.toFixed(1)} to ${frames.end.toFixed(1)} ms`;
await browser.close();
await server.close();
const minutes = ((last.time - started) / 60000).toFixed(1);
const summary =
  `soak: ${last.batches} batches (${last.epoch} epochs) in ${minutes} min at 8 × 16 tanh; from ${((first.time - started) / 60000).toFixed(1)} min ` +
  `wasm memory ${mb(first.wasm)} → ${mb(last.wasm)}, JS heap ${mb(first.heap)} → ${mb(last.heap)}; ` +
  `timeline ${mb(last.timeline)} (budget ${mb(TIMELINE_BUDGET)}); frame's work ${frames.start.toFixed(1)} ms median at the start, ` +
  `${frames.end.toFixed(1)} ms at the end`;
console.log(summary);
if (failure) {
  console.error(`soak failed: ${failure}`);
  process.exit(1);
}

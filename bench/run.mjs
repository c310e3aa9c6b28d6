#!/usr/bin/env node
// Backprop Lab against its JavaScript peers, side by side in one Node process:
// the workloads W1–W4 (training speed, examples per second) and G (every
// neuron over a 100 × 100 grid, milliseconds) of bench/README.md, for
// backprop-lab (www/pkg, wasm), brain.js, ConvNetJS and TensorFlow.js on its
// cpu and wasm backends. See bench/README.md.
//
//   node bench/run.mjs                 the table
//   node bench/run.mjs --json          one JSON object, the last line of stdout
//   node bench/run.mjs --quick         fewer, shorter repetitions (a smoke test)
//   node bench/run.mjs --pkg DIR       the wasm package in DIR (default www/pkg)
//   node bench/run.mjs --native FILE   also the wasm/native ratios (FILE: cargo xtask bench writes it)
//   node bench/run.mjs --frame         also the page's frame benchmark in headless Chromium
//   node bench/run.mjs --data          also the page's data in headless Chromium: a 100,000 × 100 CSV parsed,
//                                      files past the limits, and the time to 95 % test accuracy on digits
//
// Fairness: every library gets the same training data and the same initial
// weights (both taken from a backprop-lab Lab; checked by comparing every
// layer's values on a few examples, and the initial loss over the whole set),
// is warmed up before it is timed, and is timed in turn with the others
// (round-robin, the order rotating every repetition), each training
// repetition starting again from the initial weights; the figure is the
// median of the repetitions. Every library's loss over the training set, by
// one formula, must have fallen by the end, or the run fails.

import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as labPeer from "./peers/backprop-lab.mjs";
import * as brainPeer from "./peers/brain.mjs";
import * as convnetPeer from "./peers/convnetjs.mjs";
import * as tfjsPeer from "./peers/tfjs.mjs";
import {
  FRAME_MEDIAN_MS,
  INTERACTIVE_MS,
  LANDSCAPE_MS,
  LARGE_FRAME_MEDIAN_MS,
  LIBRARIES,
  WORKLOADS,
  extrasText,
  nativeRatios,
  round,
  table,
  targets,
  wasmSize,
} from "./report.mjs";
import {
  GRID_RESOLUTION,
  W1_CONFIG,
  W2_CONFIG,
  W3_CONFIG,
  digitsLab,
  gridInputs,
  meanSquaredError,
  networkOf,
  softmaxCrossEntropy,
  trainingDataOf,
  w3Data,
} from "./workloads.mjs";

const USAGE = `usage: node bench/run.mjs [--json] [--quick] [--pkg DIR] [--reps N] [--rep-ms MS]
                         [--only W1,W2,W3,W4,G] [--tfjs-train manual|minimize] [--tfjs-grid ops|layers]
                         [--native FILE] [--frame] [--data]
  --json        print only one JSON object on stdout (its last line); everything else goes to stderr
  --quick       3 repetitions of about 40 ms each (a smoke test; numbers are rough)
  --pkg DIR     folder with backprop_lab.js and backprop_lab_bg.wasm (default: www/pkg of the repository)
  --reps N      timed repetitions per library and workload (default 9)
  --rep-ms MS   the least duration of one repetition (default 400)
  --only LIST   run only these workloads
  --tfjs-train  TensorFlow.js training loop: hand-written backprop with core ops (default) or optimizer.minimize
  --tfjs-grid   TensorFlow.js grid: batched core ops (default) or LayersModel.predict
  --native FILE the same workloads natively ({"W1": {"examples_per_s": …}, …, "G": {"ms": …}}): adds wasm/native ratios
  --frame       the page's frame benchmark in headless Chromium (bench/frame.mjs), and how soon it is interactive
  --data        the page's data in headless Chromium (bench/data.mjs): parsing a 100,000 × 100 CSV, files past
                the limits, and the time to 95 % test accuracy on digits at the fastest speed`;

const TOLERANCE = { f64: 1e-6, f32: 2e-4 };
const PRECISION = { "backprop-lab": "f64", "brain.js": "f32", convnetjs: "f64", "tfjs-cpu": "f32", "tfjs-wasm": "f32" };
// backprop-lab's grid is f32 and may use a display-grade tanh (see the README's "Speed").
const GRID_TOLERANCE = 1e-3;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = {
    json: false,
    quick: false,
    pkg: null,
    reps: null,
    repMs: null,
    only: null,
    tfjsTrain: "manual",
    tfjsGrid: "ops",
    native: null,
    frame: false,
    data: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value\n${USAGE}`);
      return argv[++i];
    };
    switch (arg) {
      case "--json":
        args.json = true;
        break;
      case "--quick":
        args.quick = true;
        break;
      case "--pkg":
        args.pkg = value();
        break;
      case "--reps":
        args.reps = positiveInt(arg, value());
        break;
      case "--rep-ms":
        args.repMs = positiveInt(arg, value());
        break;
      case "--only":
        args.only = value()
          .split(",")
          .map((s) => s.trim().toUpperCase());
        break;
      case "--tfjs-train":
        args.tfjsTrain = oneOf(arg, value(), ["manual", "minimize"]);
        break;
      case "--tfjs-grid":
        args.tfjsGrid = oneOf(arg, value(), ["ops", "layers"]);
        break;
      case "--native":
        args.native = value();
        break;
      case "--frame":
        args.frame = true;
        break;
      case "--data":
        args.data = true;
        break;
      case "-h":
      case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  args.reps ??= args.quick ? 3 : 9;
  args.repMs ??= args.quick ? 40 : 400;
  args.warmupMs = args.quick ? 150 : 500;
  const unknown = (args.only ?? []).filter((w) => !(w in WORKLOADS));
  if (unknown.length) fail(`--only: unknown workload(s) ${unknown.join(", ")}; expected ${Object.keys(WORKLOADS).join(", ")}`);
  args.workloads = Object.keys(WORKLOADS).filter((w) => !args.only || args.only.includes(w));
  return args;
}

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${name}: expected a whole number ≥ 1, got ${text}`);
  return n;
}

function oneOf(name, text, allowed) {
  if (!allowed.includes(text)) fail(`${name}: expected one of ${allowed.join(", ")}, got ${text}`);
  return text;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- the wasm package

async function loadLab(pkgOption) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const dir = resolve(pkgOption ?? join(root, "www", "pkg"));
  const js = join(dir, "backprop_lab.js");
  const wasm = join(dir, "backprop_lab_bg.wasm");
  for (const file of [js, wasm]) {
    if (!existsSync(file)) {
      fail(`${file} not found: build the wasm package first (cargo xtask bench does), or pass --pkg DIR`);
    }
  }
  let mod;
  try {
    mod = await import(pathToFileURL(js).href);
  } catch (e) {
    // A folder outside any package.json with "type": "module" makes Node read
    // the .js as CommonJS; the glue is an ES module with no imports of its own.
    if (!(e instanceof SyntaxError)) throw e;
    const source = readFileSync(js);
    mod = await import(`data:text/javascript;base64,${source.toString("base64")}`);
  }
  mod.initSync({ module: readFileSync(wasm) });
  return { Lab: mod.Lab, dir };
}

// ---------------------------------------------------------------- checks

const failures = [];

function check(condition, message) {
  if (!condition) {
    failures.push(message);
    log(`FAILED: ${message}`);
  }
  return condition;
}

function close(a, b, tol) {
  return Number.isFinite(a) && Math.abs(a - b) <= tol * Math.max(Math.abs(b), 0.1);
}

/** Every layer's values of `runner` on the first examples against backprop-lab's own. */
function checkSameNetwork(workload, runner, lab) {
  const tol = TOLERANCE[PRECISION[runner.name]];
  let worst = 0;
  for (let i = 0; i < 5; i++) {
    const expected = labPeer.layersOf(lab, i);
    const got = runner.layers(i);
    if (!check(got.length === expected.length, `${workload} ${runner.name}: ${got.length} layers, expected ${expected.length}`)) return;
    for (let l = 0; l < expected.length; l++) {
      for (let j = 0; j < expected[l].length; j++) {
        const ok = close(got[l][j], expected[l][j], tol);
        worst = Math.max(worst, Math.abs(got[l][j] - expected[l][j]) / Math.max(Math.abs(expected[l][j]), 0.1));
        if (
          !check(
            ok,
            `${workload} ${runner.name}: example ${i} layer ${l + 1} neuron ${j} is ${got[l][j]}, backprop-lab ${expected[l][j]} (tolerance ${tol})`,
          )
        )
          return;
      }
    }
  }
  return worst;
}

/** Every neuron of `runner`'s last grid on a sample of pixels against backprop-lab's. */
function checkSameGrid(runner, reference, sizes, pixels) {
  let worst = 0;
  for (let p = 0; p < pixels; p += 37) {
    for (let l = 0; l < sizes.length - 1; l++) {
      for (let j = 0; j < sizes[l + 1]; j++) {
        const got = runner.value(l, j, p);
        const want = reference.value(l, j, p);
        worst = Math.max(worst, Math.abs(got - want));
        if (!check(Math.abs(got - want) <= GRID_TOLERANCE, `G ${runner.name}: pixel ${p} layer ${l + 1} neuron ${j} is ${got}, backprop-lab ${want}`))
          return worst;
      }
    }
  }
  return worst;
}

// ---------------------------------------------------------------- timing

const log = (...parts) => console.error(...parts);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `units` units of work (epochs, or grid evaluations) and returns the milliseconds. */
function timed(runner, kind, units) {
  const start = performance.now();
  if (kind === "train") runner.train(units);
  else for (let u = 0; u < units; u++) runner.evaluate();
  return performance.now() - start;
}

/**
 * Warms a runner up (at least `warmupMs` and three calls of one unit) and picks
 * how many units one repetition runs so that it lasts at least `repMs`.
 */
async function calibrate(runner, kind, { warmupMs, repMs }) {
  await runner.activate?.();
  let spent = 0;
  let calls = 0;
  let fastest = Infinity;
  while (calls < 3 || spent < warmupMs) {
    const ms = timed(runner, kind, 1);
    if (calls > 0) fastest = Math.min(fastest, ms); // the first call pays for compilation
    spent += ms;
    calls += 1;
  }
  let units = Math.max(1, Math.ceil(repMs / Math.max(fastest, 1e-3)));
  // One full-size repetition, untimed; if a busy machine made the estimate
  // too small, size the repetitions up from it.
  const ms = timed(runner, kind, units);
  if (ms < repMs) units = Math.ceil((units * repMs) / Math.max(ms, 1e-3));
  return units;
}

/**
 * Round-robin repetitions; returns each runner's per-repetition milliseconds.
 * Training repetitions each start from the initial weights (reset, untimed),
 * so every repetition of a library does the same work.
 */
async function repetitions(runners, kind, units, reps) {
  const times = runners.map(() => []);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < runners.length; k++) {
      const i = (r + k) % runners.length; // rotate who goes first
      await runners[i].activate?.();
      runners[i].reset?.();
      times[i].push(timed(runners[i], kind, units[i]));
    }
  }
  return times;
}

// ---------------------------------------------------------------- workloads

/** A training workload's lab (its data and initial weights) and its training set as flat arrays. */
function trainingLab(id, Lab) {
  if (id === "W3") {
    const data = w3Data();
    return { lab: Lab.withData(W3_CONFIG, data.inputs, data.targets, data.nIn, data.nOut), data };
  }
  const lab = id === "W4" ? digitsLab(Lab) : new Lab(id === "W1" ? W1_CONFIG : W2_CONFIG);
  return { lab, data: trainingDataOf(lab) };
}

/** The loss every library is judged by: mean (a − t)², or under softmax the mean cross-entropy from the logits. */
function lossOf(net, data, outputs) {
  return net.output === "softmax" ? softmaxCrossEntropy(outputs, data.classes) : meanSquaredError(outputs, data.targets);
}

async function trainingWorkload(id, Lab, args) {
  const { lab, data } = trainingLab(id, Lab);
  const net = networkOf(lab);
  // The peers are given the lab's own training set: check it is what the lab trains on.
  for (const i of [0, data.n - 1]) {
    const { inputs } = lab.example("train", i);
    check(
      inputs.every((x, k) => x === data.inputs[i * data.nIn + k]),
      `${id}: the training set's example ${i} is not the lab's`,
    );
  }
  const tfjsOpts = { mode: args.tfjsTrain };
  const runners = [
    labPeer.trainer(lab, data),
    brainPeer.trainer(net, data),
    convnetPeer.trainer(net, data),
    await tfjsPeer.trainer("tfjs-cpu", net, data, tfjsOpts),
    await tfjsPeer.trainer("tfjs-wasm", net, data, tfjsOpts),
  ];
  const rows = {};
  // Same network, same data: every layer on a few examples, then the loss over the whole set.
  for (const runner of runners) {
    await runner.activate?.();
    const worst = runner.name === "backprop-lab" ? 0 : checkSameNetwork(id, runner, lab);
    rows[runner.name] = { lossBefore: lossOf(net, data, runner.predict()), worstDiff: worst };
  }
  const reference = rows["backprop-lab"].lossBefore;
  for (const runner of runners) {
    const tol = TOLERANCE[PRECISION[runner.name]];
    check(
      close(rows[runner.name].lossBefore, reference, tol),
      `${id} ${runner.name}: initial loss ${rows[runner.name].lossBefore}, backprop-lab ${reference}`,
    );
  }
  // Where a peer's rule is backprop-lab's (same loss gradient, same batches),
  // one epoch from the same weights must end at the same loss: the work timed is the same work.
  for (const runner of runners) {
    await runner.activate?.();
    runner.train(1);
    rows[runner.name].lossOneEpoch = lossOf(net, data, runner.predict());
    runner.reset();
  }
  const afterOne = rows["backprop-lab"].lossOneEpoch;
  for (const runner of runners.filter((r) => r.sameRule)) {
    const tol = 5 * TOLERANCE[PRECISION[runner.name]];
    const got = rows[runner.name].lossOneEpoch;
    check(close(got, afterOne, tol), `${id} ${runner.name}: loss after one epoch ${got}, backprop-lab ${afterOne} (tolerance ${tol})`);
  }
  const units = [];
  for (const runner of runners) {
    log(`  ${id}: warming up ${runner.name}`);
    units.push(await calibrate(runner, "train", args));
  }
  const tensorsBefore = runners.map((r) => r.tensors?.());
  const times = await repetitions(runners, "train", units, args.reps);
  runners.forEach((runner, i) => {
    const row = rows[runner.name];
    const rates = times[i].map((ms) => (units[i] * data.n) / (ms / 1000));
    row.examplesPerS = median(rates);
    row.epochsPerRep = units[i];
    row.msPerRep = median(times[i]);
    row.spread = spread(rates);
    if (runner.tensors) check(runner.tensors() === tensorsBefore[i], `${id} ${runner.name}: TensorFlow.js tensors leaked`);
  });
  for (const runner of runners) {
    await runner.activate?.();
    const row = rows[runner.name];
    row.lossAfter = lossOf(net, data, runner.predict());
    check(Number.isFinite(row.lossAfter), `${id} ${runner.name}: the loss became ${row.lossAfter}`);
    check(row.lossAfter < row.lossBefore, `${id} ${runner.name}: the loss did not fall (${row.lossBefore} → ${row.lossAfter})`);
    runner.dispose();
  }
  lab.free();
  return rows;
}

async function gridWorkload(Lab, args) {
  const lab = new Lab(W2_CONFIG);
  const net = networkOf(lab);
  const points = gridInputs(GRID_RESOLUTION);
  const pixels = GRID_RESOLUTION * GRID_RESOLUTION;
  const tfjsOpts = { mode: args.tfjsGrid };
  const runners = [
    labPeer.grid(lab, GRID_RESOLUTION),
    brainPeer.grid(net, points),
    convnetPeer.grid(net, points),
    await tfjsPeer.grid("tfjs-cpu", net, points, tfjsOpts),
    await tfjsPeer.grid("tfjs-wasm", net, points, tfjsOpts),
  ];
  const rows = {};
  const reference = runners[0];
  reference.evaluate();
  check(reference.evaluate().length === pixels * net.sizes.slice(1).reduce((a, b) => a + b, 0), "G backprop-lab: unexpected grid size");
  for (const runner of runners.slice(1)) {
    await runner.activate?.();
    runner.evaluate();
    rows[runner.name] = { worstDiff: checkSameGrid(runner, reference, net.sizes, pixels) };
  }
  rows["backprop-lab"] = { worstDiff: 0 };
  const units = [];
  for (const runner of runners) {
    log(`  G: warming up ${runner.name}`);
    units.push(await calibrate(runner, "grid", args));
  }
  const tensorsBefore = runners.map((r) => r.tensors?.());
  const times = await repetitions(runners, "grid", units, args.reps);
  runners.forEach((runner, i) => {
    const row = rows[runner.name];
    const perEval = times[i].map((ms) => ms / units[i]);
    row.ms = median(perEval);
    row.evalsPerRep = units[i];
    row.spread = spread(perEval);
    if (runner.tensors) check(runner.tensors() === tensorsBefore[i], `G ${runner.name}: TensorFlow.js tensors leaked`);
  });
  for (const runner of runners) runner.dispose();
  lab.free();
  return rows;
}

/** (max − min) / median of a set of measurements. */
function spread(values) {
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // In --json mode stdout carries only the JSON object: send anything a
  // library prints to stderr.
  const writeStdout = process.stdout.write.bind(process.stdout);
  if (args.json) {
    console.log = console.error;
    console.info = console.error;
  }
  const { Lab, dir } = await loadLab(args.pkg);
  log(`bench: backprop-lab from ${dir}; ${args.reps} repetitions of ≥ ${args.repMs} ms; workloads ${args.workloads.join(", ")}`);
  const started = performance.now();
  const results = {};
  for (const id of args.workloads) {
    log(`bench: ${id}`);
    results[id] = WORKLOADS[id].kind === "train" ? await trainingWorkload(id, Lab, args) : await gridWorkload(Lab, args);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    date: new Date().toISOString(),
  };
  const notes = {
    "backprop-lab": labPeer.NOTE,
    "brain.js": brainPeer.NOTE,
    convnetjs: convnetPeer.NOTE,
    "tfjs-cpu": tfjsPeer.note("tfjs-cpu", args.tfjsTrain, args.tfjsGrid),
    "tfjs-wasm": tfjsPeer.note("tfjs-wasm", args.tfjsTrain, args.tfjsGrid),
  };
  const extras = { size: wasmSize(dir) };
  if (args.native) extras.wasmVsNative = nativeRatios(results, JSON.parse(readFileSync(args.native, "utf8")));
  if (args.frame) {
    log("bench: the page's frames in headless Chromium");
    const { measureFrames } = await import("./frame.mjs");
    const frame = await measureFrames();
    extras.frame = {
      ...frame,
      required_median_ms: FRAME_MEDIAN_MS,
      met: frame.median_ms <= FRAME_MEDIAN_MS,
      ready_met: frame.ready_ms < INTERACTIVE_MS,
    };
    extras.frame.landscape = { ...frame.landscape, required_ms: LANDSCAPE_MS, met: frame.landscape.median_ms < LANDSCAPE_MS };
    log("bench: the page's frames at the largest sizes");
    const { measureLarge } = await import("./frame.mjs");
    const large = await measureLarge();
    for (const r of Object.values(large)) r.met = r.median_ms <= LARGE_FRAME_MEDIAN_MS;
    extras.frameLarge = large;
  }
  if (args.data) {
    const { measureImport, measureDigits, dataText } = await import("./data.mjs");
    log("bench: a 100,000 × 100 CSV in headless Chromium");
    const csv = await measureImport();
    check(csv.imported, "CSV: the 100,000 × 100 file did not import whole");
    for (const [name, r] of Object.entries(csv.refusals)) {
      check(
        r.refused && r.kept,
        `CSV past a limit (${name}): ${r.refused ? "" : "no message naming the limit; "}${r.kept ? "" : "the data changed"}`,
      );
    }
    log("bench: the page on digits until 95 % test accuracy");
    const digits = await measureDigits();
    check(digits.reached, "digits: the page did not reach 95 % test accuracy in every run");
    extras.data = { csv, digits, text: dataText(csv, digits) };
  }
  const text = `${table(results, machine, args, notes)}${extrasText(extras)}`;
  log(`bench: ${seconds.toFixed(0)} s`);
  if (failures.length) {
    console.error(text);
    console.error(`\nbench: ${failures.length} check(s) failed:`);
    for (const f of failures) console.error(`  ${f}`);
    process.exit(1);
  }
  if (!args.json) {
    writeStdout(`${text}\n`);
    return;
  }
  console.error(text);
  const workloads = {};
  for (const [id, rows] of Object.entries(results)) {
    workloads[id] = {};
    for (const name of LIBRARIES) {
      workloads[id][name] = WORKLOADS[id].kind === "train" ? { examples_per_s: round(rows[name].examplesPerS, 1) } : { ms: round(rows[name].ms, 4) };
    }
  }
  const goals = targets(results);
  for (const goal of Object.values(goals)) goal.ratio = round(goal.ratio, 3);
  const json = { workloads, machine, repetitions: args.reps, targets: goals, wasm: extras.size };
  if (extras.wasmVsNative) json.wasm_vs_native = extras.wasmVsNative;
  if (extras.frame) json.frame = extras.frame;
  if (extras.frameLarge) json.frame_large = extras.frameLarge;
  if (extras.data) json.data = { csv: extras.data.csv, digits: extras.data.digits };
  writeStdout(`${JSON.stringify(json)}\n`);
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});

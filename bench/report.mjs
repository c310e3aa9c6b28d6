// The benchmark's report: the table of every workload, the targets and
// whether they are met, the extras (wasm against native, the wasm's size, the
// page in headless Chromium), for bench/run.mjs.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Every library, backprop-lab first. */
export const LIBRARIES = ["backprop-lab", "brain.js", "convnetjs", "tfjs-cpu", "tfjs-wasm"];
export const PEERS = LIBRARIES.slice(1);
/** The workloads of bench/README.md: kind, title and target (how many times faster than `against`, else the fastest peer). */
export const WORKLOADS = {
  W1: { kind: "train", title: "W1  2 → [4, 2] → 1, circle, 250 training examples", target: 2.5 },
  W2: { kind: "train", title: "W2  2 → [8, 8, 8, 8, 8, 8] → 1, spiral, 250 training examples", target: 5 },
  W3: { kind: "train", title: "W3  64 → [128, 64] → 10, 2,000 random examples", target: 6 },
  W4: {
    kind: "train",
    title: "W4  64 → [32 relu] → 10 softmax cross-entropy, digits (the page's file), 80 % for training, batches of 32",
    target: 5,
  },
  G: {
    kind: "grid",
    title: "G   the W2 network, untrained: output and every neuron over a 100 × 100 grid (10,000 points)",
    target: 2,
    against: "tfjs-wasm",
  },
};
// Tolerances of the checks that every peer computes the same network.
export function rate(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)} k`;
  return n.toFixed(0);
}

const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

function fastestPeer(rows, kind) {
  const peers = PEERS.filter((p) => rows[p]);
  return kind === "train"
    ? peers.reduce((a, b) => (rows[b].examplesPerS > rows[a].examplesPerS ? b : a))
    : peers.reduce((a, b) => (rows[b].ms < rows[a].ms ? b : a));
}

/** How many times faster backprop-lab is than `peer`. */
function ratio(rows, kind, peer) {
  return kind === "train" ? rows["backprop-lab"].examplesPerS / rows[peer].examplesPerS : rows[peer].ms / rows["backprop-lab"].ms;
}

export function targets(results) {
  const out = {};
  for (const [id, rows] of Object.entries(results)) {
    const { kind, target, against } = WORKLOADS[id];
    const peer = against ?? fastestPeer(rows, kind);
    const r = ratio(rows, kind, peer);
    out[id] = { against: peer, required: target, ratio: r, met: r >= target };
  }
  return out;
}

export const round = (x, digits) => Number(x.toFixed(digits));

// The other targets of bench/README.md.
export const WASM_VS_NATIVE = 0.75;
export const FRAME_MEDIAN_MS = 8;
/** The largest sizes (8 × 16 neurons, 100,000 points): one frame at 60 Hz. */
export const LARGE_FRAME_MEDIAN_MS = 16;
const WASM_GZIP_BYTES = 150 * 1024;
export const INTERACTIVE_MS = 1000;
/** A 41 × 41 loss landscape on the W2 network, in Chromium. */
export const LANDSCAPE_MS = 100;

/** backprop-lab in wasm over the same engine built natively, per workload. */
export function nativeRatios(results, native) {
  const out = {};
  for (const [id, rows] of Object.entries(results)) {
    const own = native[id];
    if (!own) continue;
    const wasm = rows["backprop-lab"];
    const r = WORKLOADS[id].kind === "train" ? wasm.examplesPerS / own.examples_per_s : own.ms / wasm.ms;
    out[id] = { ratio: round(r, 3), required: WASM_VS_NATIVE, met: r >= WASM_VS_NATIVE };
  }
  return out;
}

/** The optimised wasm's size, gzipped at the highest level. */
export function wasmSize(dir) {
  const bytes = readFileSync(join(dir, "backprop_lab_bg.wasm"));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  return { bytes: bytes.length, gzip_bytes: gzip, required_gzip_bytes: WASM_GZIP_BYTES, met: gzip <= WASM_GZIP_BYTES };
}

export function extrasText(extras) {
  const lines = [""];
  if (extras.wasmVsNative) {
    lines.push("wasm against the same engine built natively (cargo bench):");
    for (const [id, r] of Object.entries(extras.wasmVsNative)) {
      lines.push(`  ${id}: ${r.ratio.toFixed(2)}× native's speed; target ≥ ${WASM_VS_NATIVE}: ${r.met ? "met" : "NOT met"}`);
    }
  }
  const size = extras.size;
  lines.push(
    `wasm: ${(size.bytes / 1024).toFixed(0)} KB, ${(size.gzip_bytes / 1024).toFixed(1)} KB gzipped; target ≤ 150 KB: ${size.met ? "met" : "NOT met"}`,
  );
  if (extras.frame) {
    const f = extras.frame;
    lines.push(
      `the page at W2, every panel on, in headless Chromium: one frame's work ${f.median_ms.toFixed(2)} ms median, ` +
        `${f.p95_ms.toFixed(2)} ms 95th percentile over ${f.frames} frames; target ≤ ${FRAME_MEDIAN_MS} ms median: ${f.met ? "met" : "NOT met"}`,
    );
    lines.push(
      `interactive ${f.ready_ms.toFixed(0)} ms after navigation from 127.0.0.1; target < ${INTERACTIVE_MS} ms: ${f.ready_met ? "met" : "NOT met"}`,
    );
    const l = f.landscape;
    lines.push(
      `a 41 × 41 loss landscape on the W2 network in Chromium: ${l.median_ms.toFixed(1)} ms median of ${l.runs} (fastest ${l.min_ms.toFixed(1)} ms); ` +
        `target < ${LANDSCAPE_MS} ms: ${l.met ? "met" : "NOT met"}`,
    );
  }
  for (const [name, r] of Object.entries(extras.frameLarge ?? {})) {
    lines.push(
      `the page at ${name}, as fast as possible: one frame's work ${r.median_ms.toFixed(2)} ms median, ` +
        `${r.p95_ms.toFixed(2)} ms 95th percentile; target ≤ ${LARGE_FRAME_MEDIAN_MS} ms median: ${r.met ? "met" : "NOT met"}`,
    );
  }
  if (extras.data) lines.push(extras.data.text);
  return lines.join("\n");
}

export function table(results, machine, args, notes) {
  const lines = [];
  lines.push(`Backprop Lab benchmark: backprop-lab (wasm) against its JavaScript peers, side by side in one process`);
  lines.push(
    `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}-${machine.arch}; ${machine.date}`,
  );
  lines.push(
    `${args.reps} timed repetitions per library and workload (round-robin, ≥ ${args.repMs} ms each, after a warm-up); medians; spread = (max − min) / median`,
  );
  const goals = targets(results);
  for (const [id, rows] of Object.entries(results)) {
    const { kind, title } = WORKLOADS[id];
    lines.push("");
    lines.push(`${title}`);
    const fastest = fastestPeer(rows, kind);
    if (kind === "train") {
      const loss = id === "W4" ? "mean −log softmax(z)_y" : "mean (a−t)²";
      lines.push(
        `  ${pad("library", 14)}${padLeft("examples/s", 12)}${padLeft("lab ×", 9)}${padLeft("spread", 8)}${padLeft("epochs/rep", 12)}   loss before → after (${loss})`,
      );
      for (const name of LIBRARIES) {
        const row = rows[name];
        const times = name === "backprop-lab" ? "" : `${ratio(rows, kind, name).toFixed(2)}×`;
        lines.push(
          `  ${pad(name, 14)}${padLeft(rate(row.examplesPerS), 12)}${padLeft(times, 9)}${padLeft(`${(100 * row.spread).toFixed(0)}%`, 8)}${padLeft(row.epochsPerRep, 12)}   ${row.lossBefore.toFixed(4)} → ${row.lossAfter.toFixed(4)}`,
        );
      }
    } else {
      lines.push(
        `  ${pad("library", 14)}${padLeft("ms", 12)}${padLeft("lab ×", 9)}${padLeft("spread", 8)}${padLeft("evals/rep", 12)}   largest difference from backprop-lab's grid`,
      );
      for (const name of LIBRARIES) {
        const row = rows[name];
        const times = name === "backprop-lab" ? "" : `${ratio(rows, kind, name).toFixed(2)}×`;
        const diff = name === "backprop-lab" ? "" : row.worstDiff.toExponential(1);
        lines.push(
          `  ${pad(name, 14)}${padLeft(row.ms.toFixed(2), 12)}${padLeft(times, 9)}${padLeft(`${(100 * row.spread).toFixed(0)}%`, 8)}${padLeft(row.evalsPerRep, 12)}   ${diff}`,
        );
      }
    }
    const goal = goals[id];
    const vsFastest = ratio(rows, kind, fastest);
    lines.push(`  backprop-lab vs the fastest peer (${fastest}): ${vsFastest.toFixed(2)}×`);
    lines.push(`  target: ≥ ${goal.required}× against ${goal.against}: ${goal.ratio.toFixed(2)}×, ${goal.met ? "met" : "NOT met"}`);
  }
  lines.push("");
  lines.push("lab × = how many times faster backprop-lab is than that library (its examples/s over theirs; for G their ms over its ms).");
  lines.push("Every library starts from the same weights on the same data; loss rules differ (see notes), so only speed is compared.");
  lines.push("notes:");
  for (const [name, note] of Object.entries(notes)) lines.push(`  ${pad(name, 13)} ${note}`);
  return lines.join("\n");
}

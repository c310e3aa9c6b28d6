// The workloads of bench/README.md, built from the project's own engine:
// the data and the initial weights every library starts from come from a
// `Lab`, so every library trains on the same examples from the same weights.

import { readFileSync } from "node:fs";

import { BUILT_IN, defaultChoice } from "../www/tables.js";

/** Training settings shared by every workload (bench/README.md). */
export const LEARNING_RATE = 0.03;
export const BATCH_SIZE = 10;

/** The settings every backprop-lab config of the benchmark spells out. */
const COMMON = {
  seed: 1,
  noise: 0,
  features: ["x1", "x2"],
  output_activation: "tanh",
  loss: "mse",
  regularization: { kind: "none", lambda: 0 },
  optimizer: { kind: "sgd" },
  learning_rate: LEARNING_RATE,
  schedule: { kind: "constant" },
  batch_size: BATCH_SIZE,
  shuffle: false,
};

const tanhLayers = (widths) => widths.map((neurons) => ({ neurons, activation: "tanh" }));

export const W1_CONFIG = {
  ...COMMON,
  dataset: "circle",
  samples: 500,
  train_fraction: 0.5,
  init: { kind: "playground" },
  hidden: tanhLayers([4, 2]),
};

export const W2_CONFIG = {
  ...COMMON,
  dataset: "spiral",
  samples: 500,
  train_fraction: 0.5,
  init: { kind: "playground" },
  hidden: tanhLayers([8, 8, 8, 8, 8, 8]),
};

export const W3_CONFIG = {
  ...COMMON,
  init: { kind: "xavier_uniform" },
  hidden: tanhLayers([128, 64]),
};

/**
 * W4: the page's digits preset (its network, loss, batch size, column
 * choice and standardization, from www/tables.js) trained with plain SGD at
 * the benchmark's rate on an 80 % split, in a fixed order.
 */
export const W4_CONFIG = {
  ...COMMON,
  ...BUILT_IN.digits.config,
  optimizer: { kind: "sgd" },
  learning_rate: LEARNING_RATE,
  schedule: { kind: "constant" },
  train_fraction: 0.8,
  shuffle: false,
};

/** W4's lab: the digits file the page reads, through the page's column choice and `Lab.withCsv`. */
export function digitsLab(Lab) {
  const set = BUILT_IN.digits;
  const bytes = new Uint8Array(readFileSync(new URL(`../www/data/${set.file}`, import.meta.url)));
  const choice = { ...defaultChoice(Lab.previewCsv(bytes)), ...set.choice };
  return Lab.withCsv(W4_CONFIG, bytes, choice);
}

export const W3_EXAMPLES = 2000;
export const W3_INPUTS = 64;
export const W3_OUTPUTS = 10;
export const GRID_RESOLUTION = 100;

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * W3's data: inputs uniform in [-1, 1]; the target is one-hot in {-1, +1} of
 * the class a fixed random linear "teacher" picks (argmax of T·x), so the task
 * is learnable and the loss genuinely falls.
 */
export function w3Data(seed = 20261127) {
  const random = rng(seed);
  const n = W3_EXAMPLES;
  const inputs = new Float64Array(n * W3_INPUTS);
  for (let i = 0; i < inputs.length; i++) inputs[i] = 2 * random() - 1;
  const teacher = new Float64Array(W3_OUTPUTS * W3_INPUTS);
  for (let i = 0; i < teacher.length; i++) teacher[i] = 2 * random() - 1;
  const targets = new Float64Array(n * W3_OUTPUTS).fill(-1);
  for (let e = 0; e < n; e++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < W3_OUTPUTS; c++) {
      let s = 0;
      for (let k = 0; k < W3_INPUTS; k++) s += teacher[c * W3_INPUTS + k] * inputs[e * W3_INPUTS + k];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    targets[e * W3_OUTPUTS + best] = 1;
  }
  return { n, nIn: W3_INPUTS, nOut: W3_OUTPUTS, inputs, targets };
}

/**
 * The network of a lab as plain arrays, and how it trains: `sizes` [n0, …,
 * nL]; per layer `W[l]` (Float64Array, row-major W[neuron][input]) and
 * `b[l]`; `hidden`, the hidden layers' one activation (tanh or relu);
 * `output`, tanh (squared error) or softmax (softmax cross-entropy, the
 * last layer's z being the logits); `batchSize` and `learningRate`. Reads
 * `snapshot().params`: every weight layer by layer, then every bias.
 */
export function networkOf(lab) {
  const { sizes, params, activations } = lab.snapshot();
  const hidden = activations.slice(0, -1);
  const output = activations.at(-1);
  const known = hidden.every((a) => a === hidden[0]) && ["tanh", "relu"].includes(hidden[0]) && ["tanh", "softmax"].includes(output);
  if (!known || (output === "tanh" && hidden[0] !== "tanh"))
    throw new Error(`expected tanh everywhere, or tanh or relu hidden under softmax; got ${activations}`);
  const W = [];
  const b = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const count = sizes[l] * sizes[l - 1];
    W.push(Float64Array.from(params.subarray(offset, offset + count)));
    offset += count;
  }
  for (let l = 1; l < sizes.length; l++) {
    b.push(Float64Array.from(params.subarray(offset, offset + sizes[l])));
    offset += sizes[l];
  }
  if (offset !== params.length) throw new Error(`params: read ${offset} of ${params.length}`);
  const { batch_size: batchSize, learning_rate: learningRate, optimizer } = lab.config();
  if (optimizer.kind !== "sgd") throw new Error(`expected plain SGD, got ${optimizer.kind}`);
  return { sizes: Array.from(sizes), W, b, hidden: hidden[0], output, batchSize, learningRate };
}

/** A lab's training set as flat arrays, with each example's class (an Int32Array) when it has classes. */
export function trainingDataOf(lab) {
  const { train } = lab.points();
  const n = train.length;
  const nIn = train.points.length / n;
  const nOut = train.targets.length / n;
  const classes = train.classes?.length === n ? Int32Array.from(train.classes) : null;
  return { n, nIn, nOut, inputs: Float64Array.from(train.points), targets: Float64Array.from(train.targets), classes };
}

/** The input plane's pixel centres, row by row from the top (x2 = 6), as backprop-lab's grid. */
export function gridInputs(resolution = GRID_RESOLUTION) {
  const step = 12 / resolution;
  const out = new Float64Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const p = r * resolution + c;
      out[2 * p] = -6 + (c + 0.5) * step;
      out[2 * p + 1] = 6 - (r + 0.5) * step;
    }
  }
  return out;
}

/** The one loss formula every library is judged by: mean over examples and outputs of (a − t)². */
export function meanSquaredError(outputs, targets) {
  if (outputs.length !== targets.length) throw new Error(`loss: ${outputs.length} outputs for ${targets.length} targets`);
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    const d = outputs[i] - targets[i];
    sum += d * d;
  }
  return sum / targets.length;
}

/**
 * W4's loss, the one formula every library is judged by there: the mean over
 * examples of softmax cross-entropy from the logits, −log softmax(z)_y,
 * computed in f64 with the largest logit taken out.
 */
export function softmaxCrossEntropy(logits, classes) {
  const n = classes.length;
  const k = logits.length / n;
  if (!Number.isInteger(k)) throw new Error(`loss: ${logits.length} logits for ${n} examples`);
  let sum = 0;
  for (let e = 0; e < n; e++) {
    const z = logits.subarray(e * k, (e + 1) * k);
    const max = Math.max(...z);
    let total = 0;
    for (let j = 0; j < k; j++) total += Math.exp(z[j] - max);
    sum += Math.log(total) + max - z[classes[e]];
  }
  return sum / n;
}

// The workloads of bench/README.md, built from the project's own engine:
// the data and the initial weights every library starts from come from a
// `Lab`, so every library trains on the same examples from the same weights.

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
 * The network of a lab as plain arrays: `sizes` [n0, …, nL]; per layer `W[l]`
 * (Float64Array, row-major W[neuron][input]) and `b[l]`. Reads
 * `snapshot().params`: every weight layer by layer, then every bias.
 */
export function networkOf(lab) {
  const { sizes, params, activations } = lab.snapshot();
  if (activations.some((a) => a !== "tanh")) throw new Error(`expected tanh everywhere, got ${activations}`);
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
  return { sizes: Array.from(sizes), W, b };
}

/** A lab's training set as flat arrays. */
export function trainingDataOf(lab) {
  const { train } = lab.points();
  const n = train.length;
  const nIn = train.points.length / n;
  const nOut = train.targets.length / n;
  if (nIn !== 2) throw new Error(`expected 2-D points, got ${nIn} numbers per example`);
  return { n, nIn, nOut, inputs: Float64Array.from(train.points), targets: Float64Array.from(train.targets) };
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

/** Forward pass of a plain network in f64 (used only for checks). */
export function forwardReference(net, x) {
  const layers = [];
  let input = x;
  for (let l = 0; l < net.W.length; l++) {
    const nOut = net.sizes[l + 1];
    const nIn = net.sizes[l];
    const a = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) {
      let s = net.b[l][j];
      for (let k = 0; k < nIn; k++) s += net.W[l][j * nIn + k] * input[k];
      a[j] = Math.tanh(s);
    }
    layers.push(a);
    input = a;
  }
  return layers;
}

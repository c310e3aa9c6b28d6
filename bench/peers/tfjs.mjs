// TensorFlow.js 4.22 (f32), on its cpu backend ("tfjs-cpu") and its wasm
// backend ("tfjs-wasm"), both registered with one tfjs-core in this process.
// Each runner switches to its own backend before it runs and creates its
// tensors there, so no tensor ever moves between backends.
//
// Training, "core loop": plain core ops, no layers, no optimizer object.
//  - "manual" (default): forward with matMul + add + tanh (or relu) per layer
//    keeping the activations, then hand-written backprop of the batch mean of
//    mean squared error (backprop-lab's loss, so the same gradient) and
//    `variable.assign(w − lr·g)`; all inside one tf.tidy per batch. W4: the
//    last layer is linear (the logits z) and the gradient at z is
//    (tf.softmax(z) − y)/batch, the gradient of tf.losses.softmaxCrossEntropy
//    (its default reduction: the mean over the batch).
//  - "minimize": the same forward and tf.losses.meanSquaredError (W4:
//    tf.losses.softmaxCrossEntropy on the logits) under
//    tf.train.sgd(rate).minimize (autodiff tape).
//  Every mini-batch is a pair of tensors built once, before timing.
//  On this project's machine "manual" was the faster of the two on both
//  backends for every workload (W1 about 8×, W2 about 2.5×, W3 on wasm about
//  1.4×); `--tfjs-train minimize` measures the other.
//
// Grid (G): one batched evaluation of all 10,000 points.
//  - "ops" (default): matMul + add + tanh per layer over the [10000, 2] input
//    in one tf.tidy, every layer's activation kept.
//  - "layers": a tf.LayersModel whose outputs are every dense layer's
//    activation, `predict(grid, {batchSize: 10000})` (predict's default
//    batchSize of 32 would cut it into 313 calls). It does the same ops with
//    a little more bookkeeping and measured 5-10 % slower than "ops" here.
//  Either way every layer's values are read back with dataSync(); they stay
//  in TensorFlow.js's [pixel][neuron] layout (no transpose to [neuron][pixel]).
//  tf.fused.matMul (bias folded into the product) was tried for both training
//  and the grid and gained nothing measurable, so the plain ops stay.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

let tfState = null;

/** Loads tfjs-core with the cpu and wasm backends and tfjs-layers (once). */
async function load() {
  if (tfState) return tfState;
  const tf = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
  const wasmBackend = require("@tensorflow/tfjs-backend-wasm");
  const tfl = require("@tensorflow/tfjs-layers");
  // The wasm backend loads its .wasm files from its own folder in node_modules.
  const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/");
  wasmBackend.setWasmPaths(wasmDir);
  tf.enableProdMode();
  for (const backend of ["cpu", "wasm"]) {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js: backend ${backend} did not start`);
  }
  tfState = { tf, tfl, wasmBackend };
  return tfState;
}

export const BACKENDS = { "tfjs-cpu": "cpu", "tfjs-wasm": "wasm" };

export function describeBackend(backend) {
  if (backend !== "wasm" || !tfState) return backend;
  const { tf } = tfState;
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
  return `wasm (simd ${simd ? "on" : "off"}, threads ${threads ? "on" : "off"})`;
}

export function note(name, trainMode, gridMode) {
  const backend = BACKENDS[name];
  return (
    `f32, ${describeBackend(backend)} backend; core loop (${trainMode === "manual" ? "hand-written backprop with core ops" : "optimizer.minimize"}), ` +
    `mini-batches prebuilt as tensors, batch-mean of mean squared error (same gradient as backprop-lab), ` +
    `W4: ${trainMode === "manual" ? "(tf.softmax(z) − y)/batch at the logits, the gradient of " : ""}tf.losses.softmaxCrossEntropy; ` +
    `grid: ${gridMode === "layers" ? "LayersModel.predict, batchSize 10000, every layer an output" : "batched core ops"}, ` +
    `dataSync() of each layer, [pixel][neuron] layout`
  );
}

async function activate(backend) {
  const { tf } = tfState;
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
}

function variables(tf, net) {
  const W = [];
  const b = [];
  for (let l = 0; l < net.W.length; l++) {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    // TensorFlow.js multiplies x[batch][in] · W[in][out]: transpose the rows.
    const kernel = new Float32Array(nIn * nOut);
    for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) kernel[k * nOut + j] = net.W[l][j * nIn + k];
    W.push(tf.variable(tf.tensor2d(kernel, [nIn, nOut]), true, undefined, "float32"));
    b.push(tf.variable(tf.tensor1d(Float32Array.from(net.b[l])), true, undefined, "float32"));
  }
  return { W, b };
}

/**
 * Every layer's values for the batch `x`, the input first: `net.hidden` at
 * the hidden layers; tanh at the output, or nothing under softmax (the
 * logits z, which the loss takes).
 */
function forward(tf, net, W, b, x) {
  const acts = [x];
  let a = x;
  for (let l = 0; l < W.length; l++) {
    const z = tf.add(tf.matMul(a, W[l]), b[l]);
    const activation = l < W.length - 1 ? net.hidden : net.output;
    a = activation === "softmax" ? z : activation === "relu" ? tf.relu(z) : tf.tanh(z);
    acts.push(a);
  }
  return acts;
}

export async function trainer(name, net, data, { mode = "manual" } = {}) {
  const backend = BACKENDS[name];
  const { tf } = await load();
  await activate(backend);
  const { W, b } = variables(tf, net);
  const initial = [...W, ...b].map((v) => tf.clone(v));
  const L = W.length;
  const softmax = net.output === "softmax";
  const batches = [];
  for (let start = 0; start < data.n; start += net.batchSize) {
    const size = Math.min(net.batchSize, data.n - start);
    const x = tf.tensor2d(Float32Array.from(data.inputs.subarray(start * data.nIn, (start + size) * data.nIn)), [size, data.nIn]);
    const y = tf.tensor2d(Float32Array.from(data.targets.subarray(start * data.nOut, (start + size) * data.nOut)), [size, data.nOut]);
    // d/da of mean over the batch and the outputs of (a − t)²: 2(a − t)/(size·nOut);
    // d/dz of the batch mean of softmax cross-entropy: (softmax(z) − y)/size.
    const scale = tf.scalar(softmax ? 1 / size : 2 / (size * data.nOut));
    batches.push({ x, y, scale });
  }
  const allX = tf.tensor2d(Float32Array.from(data.inputs), [data.n, data.nIn]);
  const lr = tf.scalar(net.learningRate);
  const one = tf.scalar(1);
  const optimizer = mode === "minimize" ? tf.train.sgd(net.learningRate) : null;
  const varList = [...W, ...b];

  /** The derivative of layer l's activation (1-based, as `acts`) times `g`, from its output `a`. */
  const throughActivation = (g, a, l) => {
    if (l === L && softmax) return g; // the gradient is already at the logits
    const activation = l < L ? net.hidden : net.output;
    return activation === "relu" ? tf.mul(g, tf.step(a)) : tf.mul(g, tf.sub(one, tf.square(a))); // relu' = [a > 0]; tanh' = 1 − a²
  };
  const stepManual = ({ x, y, scale }) => {
    tf.tidy(() => {
      const acts = forward(tf, net, W, b, x);
      // ∂loss/∂a of the output layer (∂loss/∂z under softmax)
      let g = tf.mul(tf.sub(softmax ? tf.softmax(acts[L]) : acts[L], y), scale);
      for (let l = L - 1; l >= 0; l--) {
        const dz = throughActivation(g, acts[l + 1], l + 1);
        if (l > 0) g = tf.matMul(dz, W[l], false, true); // before W[l] changes
        W[l].assign(tf.sub(W[l], tf.mul(lr, tf.matMul(acts[l], dz, true, false))));
        b[l].assign(tf.sub(b[l], tf.mul(lr, tf.sum(dz, 0))));
      }
    });
  };
  const stepMinimize = ({ x, y }) => {
    const loss = softmax ? tf.losses.softmaxCrossEntropy : tf.losses.meanSquaredError;
    optimizer.minimize(() => loss(y, forward(tf, net, W, b, x)[L]), false, varList);
  };
  const step = mode === "minimize" ? stepMinimize : stepManual;

  return {
    name,
    /** The same gradient and batches as backprop-lab. */
    sameRule: true,
    activate: () => activate(backend),
    /** Back to the initial weights (plain SGD keeps no other state). */
    reset() {
      varList.forEach((v, i) => v.assign(initial[i]));
    },
    train(epochs) {
      for (let e = 0; e < epochs; e++) for (const batch of batches) step(batch);
    },
    predict() {
      const out = tf.tidy(() => forward(tf, net, W, b, allX)[L]);
      const values = Float64Array.from(out.dataSync());
      out.dispose();
      return values;
    },
    layers(i) {
      return tf.tidy(() => {
        const x = tf.slice(allX, [i, 0], [1, data.nIn]);
        return forward(tf, net, W, b, x)
          .slice(1)
          .map((t) => Float64Array.from(t.dataSync()));
      });
    },
    tensors: () => tf.memory().numTensors,
    dispose() {
      tf.dispose([...W, ...b, ...initial, allX, lr, one, ...batches.flatMap(({ x, y, scale }) => [x, y, scale])]);
      optimizer?.dispose();
    },
  };
}

export async function grid(name, net, points, { mode = "ops" } = {}) {
  const backend = BACKENDS[name];
  const { tf, tfl } = await load();
  await activate(backend);
  const sizes = net.sizes;
  const pixels = points.length / 2;
  const input = tf.tensor2d(Float32Array.from(points), [pixels, 2]);
  const { W, b } = variables(tf, net);
  let model = null;
  if (mode === "layers") {
    const x = tfl.input({ shape: [sizes[0]] });
    let h = x;
    const outputs = [];
    for (let l = 1; l < sizes.length; l++) {
      const dense = tfl.layers.dense({ units: sizes[l], activation: "tanh", inputShape: [sizes[l - 1]] });
      h = dense.apply(h);
      dense.setWeights([W[l - 1], b[l - 1]]);
      outputs.push(h);
    }
    model = tfl.model({ inputs: x, outputs });
  }
  let last = null;
  return {
    name,
    activate: () => activate(backend),
    evaluate() {
      const results =
        mode === "layers"
          ? model.predict(input, { batchSize: pixels })
          : tf.tidy(() => forward(tf, net, W, b, input).slice(1));
      last = results.map((t) => t.dataSync());
      tf.dispose(results);
      return last;
    },
    value(l, j, p) {
      return last[l][p * sizes[l + 1] + j];
    },
    tensors: () => tf.memory().numTensors,
    dispose() {
      tf.dispose([input, ...W, ...b]);
      model?.dispose();
    },
  };
}

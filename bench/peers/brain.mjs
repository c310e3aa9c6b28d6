// brain.js 2.0.0-beta.24: NeuralNetwork with tanh units (f32: its weights and
// activations are Float32Arrays, its arithmetic is JS f64 rounded on store).
//
// How brain.js trains: NeuralNetwork has no mini-batch option. Its trainPattern
// runs one example forward, computes deltas (for every layer, the input layer
// included) and adjusts the weights at once: online SGD, i.e. a batch of 1,
// with step learningRate·δ·a where δ = (t − a)(1 − a²) at the output, the
// gradient of ½(t − a)². We use learningRate 0.03 and momentum 0. Its option
// validation rejects momentum 0 (it requires 0 < momentum < 1), so momentum is
// set to 0 on the trained options directly; adjustWeights still computes
// `momentum * previousChange` for every weight, as it always does.
//
// Each timed epoch is `net.trainPatterns(data)`, the loop inside `train()`,
// on data prepared once in brain.js's own format ({input, output} pairs of
// Float32Array); `train()` would add per-call data formatting, option
// validation and an error-threshold check.
//
// W4 (softmax cross-entropy): NeuralNetwork has neither softmax nor
// cross-entropy, and one activation for every layer, the output's included.
// Its nearest is used: relu everywhere (the hidden layer as the others'),
// so the output is relu(z) trained by the squared-error rule above towards
// the one-hot targets. Its z (the logits) is read from its own weights for
// the checks and the loss every library is judged by. (brain.js's layer API,
// FeedForward, has a softMax layer, but runs on gpu.js kernels and did not
// learn a two-example task here: its outputs stayed at 0.5 after 2,000
// iterations.)

import { createRequire } from "node:module";

export const NAME = "brain.js";
export const NOTE =
  "f32; NeuralNetwork has no mini-batches: it updates after every example (online SGD, batch of 1), " +
  "step 0.03·(t−a)(1−a²)·input (gradient of ½(t−a)²), momentum 0; trained with trainPatterns() " +
  "(train()'s inner loop); grid: runInput() per point, every layer's outputs copied out; " +
  "W4: no softmax or cross-entropy in NeuralNetwork, so its nearest: relu at every layer, the output's too, " +
  "squared error towards the one-hot targets";

const require = createRequire(import.meta.url);
let brain = null;

function load() {
  brain ??= require("brain.js");
  return brain;
}

function setWeights(nn, net) {
  const sizes = net.sizes;
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      nn.weights[l][j].set(net.W[l - 1].subarray(j * sizes[l - 1], (j + 1) * sizes[l - 1]));
      nn.changes[l][j].fill(0);
    }
    nn.biases[l].set(net.b[l - 1]);
  }
}

function build(net) {
  const { NeuralNetwork } = load();
  const sizes = net.sizes;
  const nn = new NeuralNetwork({
    inputSize: sizes[0],
    hiddenLayers: sizes.slice(1, -1),
    outputSize: sizes[sizes.length - 1],
    activation: net.hidden,
    learningRate: net.learningRate,
  });
  nn.trainOpts.momentum = 0; // see the note at the top: validation refuses 0
  nn.initialize();
  setWeights(nn, net);
  return nn;
}

/** The logits z of brain.js's last layer for its last run, from its own weights. */
function logitsOf(nn) {
  const L = nn.outputLayer;
  const input = nn.outputs[L - 1];
  const z = new Float64Array(nn.sizes[L]);
  for (let j = 0; j < z.length; j++) {
    const w = nn.weights[L][j];
    let s = nn.biases[L][j];
    for (let k = 0; k < w.length; k++) s += w[k] * input[k];
    z[j] = s;
  }
  return z;
}

export function trainer(net, data) {
  const nn = build(net);
  const softmax = net.output === "softmax";
  const patterns = [];
  for (let i = 0; i < data.n; i++) {
    patterns.push({
      input: Float32Array.from(data.inputs.subarray(i * data.nIn, (i + 1) * data.nIn)),
      output: Float32Array.from(data.targets.subarray(i * data.nOut, (i + 1) * data.nOut)),
    });
  }
  return {
    name: NAME,
    /** Back to the initial weights (and no previous change for momentum). */
    reset() {
      setWeights(nn, net);
    },
    train(epochs) {
      for (let e = 0; e < epochs; e++) nn.trainPatterns(patterns);
    },
    /** The output layer's values for every example (the logits z for W4). */
    predict() {
      const out = new Float64Array(data.n * data.nOut);
      for (let i = 0; i < data.n; i++) {
        const a = nn.run(patterns[i].input);
        out.set(softmax ? logitsOf(nn) : a, i * data.nOut);
      }
      return out;
    },
    layers(i) {
      nn.run(patterns[i].input);
      const layers = nn.outputs.slice(1).map((a) => Float64Array.from(a));
      if (softmax) layers[layers.length - 1] = logitsOf(nn);
      return layers;
    },
    dispose() {},
  };
}

export function grid(net, points) {
  const nn = build(net);
  const sizes = net.sizes;
  const pixels = points.length / 2;
  const inputs = [];
  for (let p = 0; p < pixels; p++) inputs.push(Float32Array.from(points.subarray(2 * p, 2 * p + 2)));
  // Every layer's values, [pixel][neuron] per layer.
  const out = sizes.slice(1).map((n) => new Float32Array(n * pixels));
  const L = sizes.length - 1;
  return {
    name: NAME,
    evaluate() {
      for (let p = 0; p < pixels; p++) {
        nn.runInput(inputs[p]);
        for (let l = 1; l <= L; l++) out[l - 1].set(nn.outputs[l], p * sizes[l]);
      }
      return out;
    },
    value(l, j, p) {
      return out[l][p * sizes[l + 1] + j];
    },
    dispose() {},
  };
}

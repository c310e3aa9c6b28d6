// backprop-lab, the project's own engine (wasm, f64), through its JS API.

export const NAME = "backprop-lab";
export const NOTE =
  "f64 training; SGD on mini-batches (gradient averaged), mse = mean (a−t)², W4 softmax_ce from the logits; " +
  "per-epoch metrics switched off (setRecordMetrics(false)); grid: one evaluateGrid(100) call refilling one " +
  "Float32Array [neuron][pixel] of every neuron (f32, display precision)";

/**
 * Every layer's values of one training example as backprop-lab computes
 * them: each layer's activation, but the logits z for a softmax output. The
 * reference the peers are checked against.
 */
export function layersOf(lab, i) {
  const { a, z } = lab.example("train", i);
  return lab.snapshot().activations.at(-1) === "softmax" ? [...a.slice(0, -1), z.at(-1)] : a;
}

/** Trains `lab` itself (the lab the workload's data and weights came from, untrained). */
export function trainer(lab, data) {
  lab.setRecordMetrics(false);
  const nOut = data.nOut;
  const initial = Float64Array.from(lab.snapshot().params);
  const softmax = lab.snapshot().activations.at(-1) === "softmax";
  return {
    name: NAME,
    /** Back to the initial weights (SGD keeps no other state). */
    reset() {
      lab.setParams(initial);
    },
    train(epochs) {
      const { epochs: done, diverged } = lab.trainEpochs(epochs);
      if (diverged) throw new Error("backprop-lab diverged");
      if (done !== epochs) throw new Error(`backprop-lab trained ${done} epochs, not ${epochs}`);
    },
    /** The output layer's values for every example (the logits under softmax). */
    predict() {
      const out = new Float64Array(data.n * nOut);
      for (let i = 0; i < data.n; i++) {
        const { a, z } = lab.example("train", i);
        out.set((softmax ? z : a).at(-1), i * nOut);
      }
      return out;
    },
    layers(i) {
      return layersOf(lab, i);
    },
    dispose() {},
  };
}

/** Evaluates every neuron of `lab`'s network over the grid. */
export function grid(lab, resolution) {
  const { sizes } = lab.snapshot();
  const pixels = resolution * resolution;
  const offsets = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    offsets.push(offset);
    offset += sizes[l] * pixels;
  }
  let last = null;
  return {
    name: NAME,
    evaluate() {
      // The array of the last call is refilled (no new allocation), as the page does.
      last = lab.evaluateGrid(resolution, last);
      return last;
    },
    /** The value of neuron `j` of layer `l` (0 = first hidden) at pixel `p`, from the last evaluation. */
    value(l, j, p) {
      return last[offsets[l] + j * pixels + p];
    },
    dispose() {},
  };
}

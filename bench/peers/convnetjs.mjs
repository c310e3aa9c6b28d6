// ConvNetJS 0.3.0 (f64: Float64Array everywhere), trained by its Trainer
// with method "sgd", momentum 0, no weight decay: gradients summed over the
// batch and divided by the batch size at the update.
//  - W1–W3: fc + tanh layers and a regression layer (½(a − t)², gradient
//    a − t). The regression layer is added by hand after the last tanh:
//    `makeLayers` would put an extra fully-connected layer in front of it.
//  - W4: fc + relu, then its softmax layer (`makeLayers` puts the output's
//    fc layer in front of it): −log p_y, gradient p − y at the logits, as
//    backprop-lab's softmax_ce.
// The Trainer counts examples across calls, so a set that is not whole
// batches would have batches straddle epochs: its last, shorter batch goes
// through a second Trainer whose batch size is that remainder.

import { createRequire } from "node:module";

export const NAME = "convnetjs";
export const NOTE =
  "f64; Trainer sgd (gradient averaged over the batch), momentum 0, no decay; regression layer " +
  "= ½(a−t)², so its gradient is half backprop-lab's; W4: its softmax layer (−log p_y); Trainer.train per example " +
  "(it also takes two Date timestamps per example); grid: net.forward per point, every layer's outputs copied out";

const require = createRequire(import.meta.url);
let convnetjs = null;

function load() {
  convnetjs ??= require("convnetjs");
  return convnetjs;
}

/**
 * The network in ConvNetJS, from `net`'s weights: `model`, and `shown`, the
 * layer whose output is each of backprop-lab's layers (the activation
 * layers; under softmax the last fc layer, whose output is the logits).
 */
function build(net) {
  const cn = load();
  const sizes = net.sizes;
  const last = sizes[sizes.length - 1];
  const softmax = net.output === "softmax";
  const defs = [{ type: "input", out_sx: 1, out_sy: 1, out_depth: sizes[0] }];
  for (let l = 1; l < sizes.length - 1; l++) defs.push({ type: "fc", num_neurons: sizes[l], activation: net.hidden });
  defs.push(softmax ? { type: "softmax", num_classes: last } : { type: "fc", num_neurons: last, activation: "tanh" });
  const model = new cn.Net();
  model.makeLayers(defs);
  if (!softmax) model.layers.push(new cn.RegressionLayer({ in_sx: 1, in_sy: 1, in_depth: last }));
  const fcs = model.layers.filter((layer) => layer.layer_type === "fc");
  const acts = model.layers.filter((layer) => ["tanh", "relu"].includes(layer.layer_type));
  const shown = softmax ? [...acts, fcs[fcs.length - 1]] : acts;
  if (fcs.length !== sizes.length - 1 || shown.length !== sizes.length - 1) throw new Error("convnetjs: unexpected layers");
  fcs.forEach((fc, l) => {
    if (fc.num_inputs !== sizes[l] || fc.out_depth !== sizes[l + 1]) throw new Error("convnetjs: unexpected layer size");
  });
  const reset = () => {
    fcs.forEach((fc, l) => {
      const nIn = sizes[l];
      for (let j = 0; j < sizes[l + 1]; j++) {
        fc.filters[j].w.set(net.W[l].subarray(j * nIn, (j + 1) * nIn));
        fc.filters[j].dw.fill(0);
      }
      fc.biases.w.set(net.b[l]);
      fc.biases.dw.fill(0);
    });
  };
  reset();
  return { cn, model, shown, reset };
}

const vol = (cn, values) => {
  const v = new cn.Vol(1, 1, values.length, 0);
  v.w.set(values);
  return v;
};

export function trainer(net, data) {
  const { cn, model, shown, reset } = build(net);
  const softmax = net.output === "softmax";
  const options = { method: "sgd", learning_rate: net.learningRate, momentum: 0, l1_decay: 0, l2_decay: 0 };
  const tail = data.n % net.batchSize;
  const whole = data.n - tail;
  const sgd = new cn.Trainer(model, { ...options, batch_size: net.batchSize });
  // The last, shorter batch of every epoch (see the top).
  const sgdTail = tail ? new cn.Trainer(model, { ...options, batch_size: tail }) : null;
  const xs = [];
  const ys = [];
  for (let i = 0; i < data.n; i++) {
    xs.push(vol(cn, data.inputs.subarray(i * data.nIn, (i + 1) * data.nIn)));
    ys.push(softmax ? data.classes[i] : Float64Array.from(data.targets.subarray(i * data.nOut, (i + 1) * data.nOut)));
  }
  return {
    name: NAME,
    /** Its softmax layer has backprop-lab's gradient; its regression layer half of it. */
    sameRule: softmax,
    /** Back to the initial weights (both Trainers' counts stay whole batches at an epoch's end). */
    reset,
    train(epochs) {
      for (let e = 0; e < epochs; e++) {
        for (let i = 0; i < whole; i++) sgd.train(xs[i], ys[i]);
        for (let i = whole; i < data.n; i++) sgdTail.train(xs[i], ys[i]);
      }
    },
    /** The output layer's values for every example (the logits under softmax). */
    predict() {
      const out = new Float64Array(data.n * data.nOut);
      for (let i = 0; i < data.n; i++) {
        model.forward(xs[i], false);
        out.set(shown[shown.length - 1].out_act.w, i * data.nOut);
      }
      return out;
    },
    layers(i) {
      model.forward(xs[i], false);
      return shown.map((layer) => Float64Array.from(layer.out_act.w));
    },
    dispose() {},
  };
}

export function grid(net, points) {
  const { cn, model, shown } = build(net);
  const sizes = net.sizes;
  const pixels = points.length / 2;
  const inputs = [];
  for (let p = 0; p < pixels; p++) inputs.push(vol(cn, points.subarray(2 * p, 2 * p + 2)));
  // Every layer's values, [pixel][neuron] per layer (f32, as backprop-lab's grid).
  const out = sizes.slice(1).map((n) => new Float32Array(n * pixels));
  return {
    name: NAME,
    evaluate() {
      for (let p = 0; p < pixels; p++) {
        model.forward(inputs[p], false);
        for (let l = 0; l < shown.length; l++) out[l].set(shown[l].out_act.w, p * sizes[l + 1]);
      }
      return out;
    },
    value(l, j, p) {
      return out[l][p * sizes[l + 1] + j];
    },
    dispose() {},
  };
}

// ConvNetJS 0.3.0 (f64: Float64Array everywhere): fc + tanh layers and a
// regression layer (½(a − t)², gradient a − t), trained by its Trainer with
// method "sgd", batch_size 10 (gradients summed over the batch and divided by
// 10 at the update), momentum 0, no weight decay.
//
// The regression layer is added by hand after the last tanh: ConvNetJS's
// `makeLayers` would put an extra fully-connected layer in front of it.

import { createRequire } from "node:module";

export const NAME = "convnetjs";
export const NOTE =
  "f64; Trainer sgd, batch_size 10 (gradient averaged), momentum 0, no decay; regression layer " +
  "= ½(a−t)², so its gradient is half backprop-lab's; Trainer.train per example (it also takes " +
  "two Date timestamps per example); grid: net.forward per point, every tanh layer's outputs copied out";

const require = createRequire(import.meta.url);
let convnetjs = null;

function load() {
  convnetjs ??= require("convnetjs");
  return convnetjs;
}

function build(net) {
  const cn = load();
  const sizes = net.sizes;
  const defs = [{ type: "input", out_sx: 1, out_sy: 1, out_depth: sizes[0] }];
  for (let l = 1; l < sizes.length; l++) defs.push({ type: "fc", num_neurons: sizes[l], activation: "tanh" });
  const model = new cn.Net();
  model.makeLayers(defs);
  const last = sizes[sizes.length - 1];
  model.layers.push(new cn.RegressionLayer({ in_sx: 1, in_sy: 1, in_depth: last }));
  const fcs = model.layers.filter((layer) => layer.layer_type === "fc");
  const tanhs = model.layers.filter((layer) => layer.layer_type === "tanh");
  if (fcs.length !== sizes.length - 1 || tanhs.length !== sizes.length - 1) throw new Error("convnetjs: unexpected layers");
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
  return { cn, model, tanhs, reset };
}

const vol = (cn, values) => {
  const v = new cn.Vol(1, 1, values.length, 0);
  v.w.set(values);
  return v;
};

export function trainer(net, data) {
  const { cn, model, tanhs, reset } = build(net);
  const trainerOpts = { method: "sgd", learning_rate: 0.03, batch_size: 10, momentum: 0, l1_decay: 0, l2_decay: 0 };
  const sgd = new cn.Trainer(model, trainerOpts);
  const xs = [];
  const ys = [];
  for (let i = 0; i < data.n; i++) {
    xs.push(vol(cn, data.inputs.subarray(i * data.nIn, (i + 1) * data.nIn)));
    ys.push(Float64Array.from(data.targets.subarray(i * data.nOut, (i + 1) * data.nOut)));
  }
  if (data.n % trainerOpts.batch_size !== 0) {
    // The Trainer counts examples across epochs; batches would straddle epochs.
    throw new Error("convnetjs: the training set must be a whole number of batches");
  }
  return {
    name: NAME,
    /** Back to the initial weights (batches stay aligned: the set is whole batches). */
    reset,
    train(epochs) {
      for (let e = 0; e < epochs; e++) {
        for (let i = 0; i < xs.length; i++) sgd.train(xs[i], ys[i]);
      }
    },
    predict() {
      const out = new Float64Array(data.n * data.nOut);
      for (let i = 0; i < data.n; i++) out.set(model.forward(xs[i], false).w, i * data.nOut);
      return out;
    },
    layers(i) {
      model.forward(xs[i], false);
      return tanhs.map((t) => Float64Array.from(t.out_act.w));
    },
    dispose() {},
  };
}

export function grid(net, points) {
  const { cn, model, tanhs } = build(net);
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
        for (let l = 0; l < tanhs.length; l++) out[l].set(tanhs[l].out_act.w, p * sizes[l + 1]);
      }
      return out;
    },
    value(l, j, p) {
      return out[l][p * sizes[l + 1] + j];
    },
    dispose() {},
  };
}

// View data (www/view.js and www/stepview.js) on plain fake engine objects, no DOM and no wasm:
// the parameter layout is the engine's, the card, the step labels, the
// inspector's numbers and the frame's data are read from the right places.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exampleLabels } from "../../www/examples.js";
import { inspectorView, stepLabels } from "../../www/stepview.js";
import * as views from "../../www/view.js";

/** A fake lab whose layout is deliberately not the usual one: biases first, weights after. */
function fakeLab(sizes) {
  const nBiases = sizes.slice(1).reduce((a, b) => a + b, 0);
  return {
    calls: 0,
    weightIndex(l, j, i) {
      this.calls += 1;
      let o = nBiases;
      for (let k = 0; k < l; k += 1) o += sizes[k] * sizes[k + 1];
      return o + i * sizes[l + 1] + j; // column-major, unlike the engine, to tell the two apart
    },
    biasIndex(l, j) {
      this.calls += 1;
      let o = 0;
      for (let k = 0; k < l; k += 1) o += sizes[k + 1];
      return o + j;
    },
  };
}

const sizes = [2, 3, 1];
const catalog = {
  features: [
    { name: "x1", label: "X₁", usesX2: false },
    { name: "x2", label: "X₂", usesX2: true },
  ],
  datasets: [
    { name: "circle", dims: 2, problem: "binary" },
    { name: "plane", dims: 2, problem: "regression" },
  ],
  losses: [{ name: "mse", outputs: ["tanh", "linear"], targetRange: { tanh: [-1, 1], linear: [-1, 1] } }],
  activations: ["linear", "tanh", "softmax"],
};
const config = { loss: "mse", dataset: "circle", features: ["x1", "x2"], regularization: { kind: "none" }, optimizer: { kind: "adam" } };
const count = 2 * 3 + 3 * 1 + 3 + 1;
const snapshot = {
  sizes,
  activations: ["tanh", "tanh"],
  params: Float64Array.from({ length: count }, (_, k) => k / 10),
  grads: Float64Array.from({ length: count }, (_, k) => -k),
  delta: Float64Array.from({ length: count }, (_, k) => k / 100),
  deltaReg: new Float64Array(count),
  optimizer: { steps: 3, state: { exp_avg: Float64Array.from({ length: count }, (_, k) => k) }, biasCorrections: [0.271, 0.002997] },
};

describe("view.js", () => {
  it("takes the parameter layout from the engine, once, into arrays", () => {
    const lab = fakeLab(sizes);
    const layout = views.paramLayout(lab, sizes);
    assert.equal(lab.calls, 2 * 3 + 3 * 1 + 3 + 1, "one engine call per parameter");
    assert.equal(layout.bias(0, 0), 0);
    assert.equal(layout.bias(1, 0), 3);
    assert.equal(layout.weight(0, 1, 0), 4 + 1);
    assert.equal(layout.weight(0, 0, 1), 4 + 3);
    assert.equal(layout.weight(1, 0, 2), 4 + 6 + 2);
    layout.weight(1, 0, 2);
    assert.equal(lab.calls, 13, "reading the layout calls the engine no more");
    assert.ok(layout.weights[0][1] instanceof Uint32Array);
  });

  it("names outputs and neurons", () => {
    assert.deepEqual(views.outputLabels(1), ["ŷ"]);
    assert.deepEqual(views.outputLabels(3), ["class 1", "class 2", "class 3"]);
    assert.equal(views.neuronName(0, 1, 2, ["ŷ"]), "Hidden layer 1, neuron 2");
    assert.equal(views.neuronName(1, 0, 2, ["ŷ"]), "Output ŷ");
  });

  it("fills the hover card of a neuron from its example and the layout's bias", () => {
    const layout = views.paramLayout(fakeLab(sizes), sizes);
    const example = { z: [[0.1, 0.2, 0.3], [0.4]], a: [[0.5, 0.6, 0.7], [0.8]], gradZ: [[1, 2, 3], [4]], targets: [1], loss: 0.04 };
    const card = views.cardContent({ kind: "neuron", layer: 0, neuron: 2, name: "n" }, snapshot, example, { split: "test", index: 7 }, layout);
    const rows = Object.fromEntries(card.rows);
    assert.equal(rows.for, "test example #7");
    assert.equal(rows["z = Σ w·a + b"], 0.3);
    assert.equal(rows["δ = ∂L/∂z"], 3);
    assert.equal(rows["bias b"], snapshot.params[2], "bias 2 of layer 0 is at index 2 in this layout");
    assert.equal(rows["∂L/∂b (last batch)"], -2);
    const output = views.cardContent({ kind: "neuron", layer: 1, neuron: 0, name: "o" }, snapshot, example, { split: "train", index: 0 }, layout);
    assert.deepEqual(output.rows[4], ["target y", 1]);
    const weight = views.cardContent({ kind: "weight", index: 5, name: "w" }, snapshot, null, null, layout);
    assert.deepEqual(weight.rows[0], ["weight w", 0.5]);
    // Where the last update moved it: w − Δw → w.
    assert.deepEqual(Object.fromEntries(weight.rows)["w: last update"], "0.45000 → 0.50000");
  });

  it("fills the card and the neurons' labels for the what-if's input, which has no target, loss or δ", () => {
    const layout = views.paramLayout(fakeLab(sizes), sizes);
    const run = { inputs: Float64Array.of(0.5, -2), z: [[0.1, 0.2, 0.3], [0.4]], a: [[0.5, 0.6, -0.7], [0.8]] };
    const card = views.cardContent({ kind: "neuron", layer: 1, neuron: 0, name: "o" }, snapshot, run, { split: "what-if", values: [1, 2] }, layout);
    const rows = Object.fromEntries(card.rows);
    assert.equal(rows.for, "the what-if input");
    assert.equal(rows["a = tanh(z)"], 0.8);
    assert.equal("δ = ∂L/∂z" in rows || "target y" in rows || "example loss" in rows, false);
    assert.match(card.note, /^z, a are for this input alone/);
    const labels = exampleLabels(run);
    assert.deepEqual(
      labels.labels.map((layer) => layer.map((l) => l.text)),
      [["a 0.500", "a 0.600", "a −0.700"], ["a 0.800"]],
    );
    assert.deepEqual(labels.inputs, ["0.50", "−2.00"]);
  });

  it("lists a neuron's bias and incoming weights for the hand editor", () => {
    const layout = views.paramLayout(fakeLab(sizes), sizes);
    const model = views.stepModel(snapshot, config, catalog);
    assert.deepEqual(views.editorFields({ kind: "neuron", layer: 1, neuron: 0 }, model, layout), [
      { label: "bias b", index: 3 },
      { label: "w from neuron 1", index: 10, weight: { kind: "weight", layer: 1, neuron: 0, input: 0, index: 10 } },
      { label: "w from neuron 2", index: 11, weight: { kind: "weight", layer: 1, neuron: 0, input: 1, index: 11 } },
      { label: "w from neuron 3", index: 12, weight: { kind: "weight", layer: 1, neuron: 0, input: 2, index: 12 } },
    ]);
    assert.deepEqual(views.editorFields({ kind: "neuron", layer: 0, neuron: 0 }, model, layout)[1], {
      label: "w from X₁",
      index: 4,
      weight: { kind: "weight", layer: 0, neuron: 0, input: 0, index: 4 },
    });
    assert.deepEqual(views.editorFields({ kind: "weight", index: 9 }, model, layout), [{ label: "w", index: 9 }]);
  });

  it("labels each neuron with the latest quantity of its layer, for one example or the batch", () => {
    const plan = [
      { kind: "forward_z", layer: 0 },
      { kind: "forward_a", layer: 0 },
      { kind: "forward_z", layer: 1 },
    ];
    const step = {
      plan,
      done: 3,
      batch: new Uint32Array(2),
      inputs: Float64Array.of(1, 2, 3, 4),
      z: [Float64Array.of(1, 2, 3, 5, 6, 7), Float64Array.of(0.5, 1.5)],
      a: [Float64Array.of(-1, -2, -3, -5, -6, -7), new Float64Array(2)],
      gradZ: [new Float64Array(6), new Float64Array(2)],
    };
    const model = { sizes };
    const one = stepLabels(step, model, 1, false);
    assert.deepEqual(one.labels[0][0], { kind: "a", text: "a −5.000" });
    assert.deepEqual(one.labels[1][0], { kind: "z", text: "z 1.500" });
    assert.deepEqual(one.inputs, ["3.00", "4.00"]);
    assert.deepEqual(one.active, { layer: 1, direction: "forward" });
    const batch = stepLabels(step, model, 0, true);
    assert.equal(batch.labels[0][2].text, "ā −5.000");
    assert.equal(batch.labels[1][0].text, "z̄ 1.000");
  });

  it("gives the inspector the engine's update numbers, Adam's corrections included", () => {
    const layout = views.paramLayout(fakeLab(sizes), sizes);
    const model = views.stepModel(snapshot, config, catalog);
    const plan = [{ kind: "loss" }, { kind: "update" }];
    const step = {
      plan,
      done: 2,
      batch: new Uint32Array(4),
      grads: Float64Array.from({ length: count }, (_, k) => 2 * k),
      learningRate: 0.01,
      lossGradScale: 0.25,
      before: { params: snapshot.params, state: { exp_avg: new Float64Array(count) } },
    };
    const view = inspectorView({ target: { kind: "weight", index: 6 }, snapshot, step, model, layout, example: 0, check: null });
    assert.equal(view.values.lossGradScale, 0.25);
    assert.deepEqual(view.update, {
      g: 12,
      raw: 12,
      clip: null,
      lr: 0.01,
      param: { before: 0.6, after: 0.6 },
      before: { exp_avg: 0 },
      after: { exp_avg: 6 },
      delta: 0.06,
      reg: 0,
      t: 3,
      biasCorrections: [0.271, 0.002997],
      search: null,
    });
    // CG's or the evolution strategy's step: what the engine's search did, passed on as it is.
    const search = { kind: "cg", alpha: 0.5, beta: 0.25, restarted: false, evaluations: 3 };
    const searched = { ...snapshot, optimizer: { ...snapshot.optimizer, search } };
    const cg = inspectorView({ target: { kind: "weight", index: 6 }, snapshot: searched, step, model, layout, example: 0 });
    assert.deepEqual(cg.update.search, search);
    // Clipping scaled the gradient the optimizer read: g is the scaled one, the raw kept beside it.
    const clipping = { norm: 20, max_norm: 1, scale: 1 / (20 + 1e-6) };
    const clipped = inspectorView({ target: { kind: "weight", index: 6 }, snapshot, step: { ...step, clipping }, model, layout, example: 0 });
    assert.equal(clipped.update.g, 12 * clipping.scale);
    assert.equal(clipped.update.raw, 12);
    assert.deepEqual(clipped.update.clip, clipping);
    const unclipped = { norm: 0.5, max_norm: 1, scale: null };
    const within = inspectorView({
      target: { kind: "weight", index: 6 },
      snapshot,
      step: { ...step, clipping: unclipped },
      model,
      layout,
      example: 0,
    });
    assert.equal(within.update.g, 12, "within the maximum: unscaled");
    const early = inspectorView({ target: { kind: "weight", index: 6 }, snapshot, step: { ...step, done: 1 }, model, layout, example: 0 });
    assert.equal(early.update, null, "no update before the update phase");
    assert.equal(inspectorView({ target: { kind: "neuron" }, snapshot, step: null, model }).values, null);
  });

  it("colours neurons by their activation's range and places the output's map", () => {
    const styles = views.neuronStyles(snapshot, config, catalog, true);
    assert.deepEqual(styles[0][0], { kind: "diverging", center: 0, half: 1 });
    assert.deepEqual(styles[1][0], { kind: "diverging", center: 0, half: 1, discretize: true });
    const regression = views.neuronStyles(snapshot, { ...config, dataset: "plane" }, catalog, true);
    assert.equal(regression[1][0].discretize, undefined);
    const view = { edges: "gradient", show_test: "true", discretize: "false" };
    const frame = views.frameViews(snapshot, new Float32Array(4 * 4 * 4), {
      ...{ res: 4, rows: 4, featureMaps: null, features: { offsets: {}, styles: {} }, config, catalog, view },
      ...{ selected: null, points: null, example: { split: "train", index: 0 } },
    });
    assert.equal(frame.output.offset, 3 * 16, "the output's map follows the 3 hidden neurons'");
    assert.equal(frame.network.mode, "gradient");
    assert.equal(frame.output.showTest, true);
  });

  it("scales each feature's map to its largest magnitude", () => {
    const { offsets, styles } = views.featureView(Float32Array.of(1, -3, 0.5, 0, 0, 0), ["x1", "x2", "x1x2"], 2);
    assert.deepEqual(offsets, { x1: 0, x2: 2, x1x2: 4 });
    assert.equal(styles.x1.half, 3);
    assert.equal(styles.x2.half, 0.5);
    assert.equal(styles.x1x2.half, 1, "an all-zero map keeps a scale of 1");
  });
});

it("pendingLayers: the layers whose gradient or update the stepped batch has not computed yet", () => {
  const plan = [
    { kind: "forward_z", layer: 0 },
    { kind: "forward_a", layer: 0 },
    { kind: "forward_z", layer: 1 },
    { kind: "forward_a", layer: 1 },
    { kind: "loss" },
    { kind: "backward_delta", layer: 1 },
    { kind: "backward_params", layer: 1 },
    { kind: "backward_delta", layer: 0 },
    { kind: "backward_params", layer: 0 },
    { kind: "update" },
  ];
  assert.deepEqual(views.pendingLayers(null, "gradient"), []);
  assert.deepEqual(views.pendingLayers({ plan, done: 3 }, "weight"), []);
  assert.deepEqual(views.pendingLayers({ plan, done: 6 }, "gradient"), [0, 1]);
  assert.deepEqual(views.pendingLayers({ plan, done: 7 }, "gradient"), [0]);
  assert.deepEqual(views.pendingLayers({ plan, done: 9 }, "gradient"), []);
  assert.deepEqual(views.pendingLayers({ plan, done: 9 }, "update"), [0, 1]);
  assert.deepEqual(views.pendingLayers({ plan, done: 10 }, "update"), []);
});

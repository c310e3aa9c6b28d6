// The gradient health panel's pure parts: the remedies as config changes
// that keep the rest, the layer colours, and which value a chart reads.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { REMEDIES } from "../../www/health.js";
import { chartOf, layerColor, layerValue, shareText } from "../../www/render/health.js";

const catalog = {
  inits: [
    { name: "he_normal", defaults: { kind: "he_normal" } },
    { name: "xavier_normal", defaults: { kind: "xavier_normal" } },
  ],
  optimizers: [{ name: "adam", defaults: { kind: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8 } }],
};

function config() {
  return {
    seed: 3,
    hidden: Array.from({ length: 8 }, () => ({ neurons: 4, activation: "sigmoid" })),
    init: { kind: "playground" },
    optimizer: { kind: "sgd" },
    learning_rate: 0.03,
    batch_size: 10,
  };
}

const apply = (name) => {
  const c = config();
  REMEDIES[name].mutate(c, catalog);
  return c;
};

describe("remedies", () => {
  it("each changes what it names and keeps the rest", () => {
    const relu = apply("relu_he");
    assert.deepEqual(relu.hidden, Array(8).fill({ neurons: 4, activation: "relu" }));
    assert.deepEqual(relu.init, { kind: "he_normal" });
    assert.deepEqual({ ...relu, hidden: null, init: null }, { ...config(), hidden: null, init: null });
    const tanh = apply("tanh_xavier");
    assert.ok(tanh.hidden.every((h) => h.activation === "tanh"));
    assert.equal(tanh.init.kind, "xavier_normal");
    assert.equal(apply("fewer_layers").hidden.length, 4);
    assert.equal(apply("adam").optimizer.kind, "adam");
    assert.equal(apply("adam").learning_rate, 0.03);
    assert.equal(apply("lower_learning_rate").learning_rate, 0.003);
    assert.equal(apply("higher_learning_rate").learning_rate, 0.3);
    assert.equal(apply("clip").clip_norm, 1);
    const leaky = config();
    leaky.hidden[2].activation = "relu";
    REMEDIES.leaky_relu.mutate(leaky, catalog);
    assert.deepEqual(
      leaky.hidden.map((h) => h.activation),
      ["sigmoid", "sigmoid", "leaky_relu", "sigmoid", "sigmoid", "sigmoid", "sigmoid", "sigmoid"],
    );
  });

  it("has a remedy for every name the engine gives", () => {
    for (const name of ["relu_he", "tanh_xavier", "leaky_relu", "fewer_layers", "adam", "lower_learning_rate", "higher_learning_rate", "clip"]) {
      assert.ok(REMEDIES[name]?.label && REMEDIES[name].title, name);
    }
  });
});

describe("health charts", () => {
  it("spreads the layer colours over the layers there are", () => {
    assert.notEqual(layerColor(0, 2), layerColor(1, 2));
    assert.equal(layerColor(0, 3), layerColor(0, 9), "the first is the ramp's start");
    assert.equal(layerColor(2, 3), layerColor(8, 9), "the last its end");
    assert.equal(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8].map((l) => layerColor(l, 9))).size, 9);
  });

  it("writes a layer's share, saying how many neurons were switched off and left out of it", () => {
    assert.equal(shareText({ saturated: 0.125, dead: null, off: 0 }), "12.5 % saturated");
    assert.equal(shareText({ saturated: null, dead: 0.25, off: 0 }), "25.0 % dead");
    assert.equal(shareText({ saturated: null, dead: null, off: 0 }), "–");
    assert.equal(shareText({ saturated: null, dead: 0, off: 2 }), "0.0 % dead (2 switched off, not counted)");
    assert.equal(shareText({ saturated: 0.5, dead: null, off: 1 }), "50.0 % saturated (1 switched off, not counted)");
    assert.equal(shareText({ saturated: null, dead: null, off: 4 }), "– (4 switched off)");
  });

  it("reads the saturated share, or a ReLU layer's dead share, into one chart", () => {
    const record = {
      layers: [
        { saturated: 0.2, dead: null },
        { saturated: null, dead: 0.5 },
        { saturated: null, dead: null, delta_rms: 3 },
      ],
    };
    assert.equal(layerValue(record, 0, "saturated"), 0.2);
    assert.equal(layerValue(record, 1, "saturated"), 0.5);
    assert.equal(layerValue(record, 2, "saturated"), null);
    assert.equal(layerValue(record, 2, "delta_rms"), 3);
    assert.equal(layerValue(record, 5, "delta_rms"), null, "a layer the record does not have");
    assert.equal(chartOf("dead"), "saturated");
    assert.equal(chartOf("weight_grad_rms"), "weight_grad_rms");
  });
});

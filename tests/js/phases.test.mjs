// Step mode's words (www/render/phases.js): the plan of a batch, the phase
// chips and the sentence on what just happened.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chipText, describe as sentence, layerName, planFor } from "../../www/render/phases.js";

const model = { sizes: [2, 4, 1], activations: ["tanh", "tanh"] };

describe("phases.js", () => {
  it("plans forward layer by layer, the loss, backward from the output, then the update", () => {
    assert.deepEqual(planFor(2), [
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
    ]);
    assert.equal(planFor(3).length, 3 * 4 + 2);
  });

  it("names layers and chips as a learner reads them", () => {
    assert.equal(layerName(0, 3), "hidden layer 1");
    assert.equal(layerName(2, 3), "the output layer");
    assert.equal(chipText({ kind: "forward_z", layer: 0 }, 2), "L1 z");
    assert.equal(chipText({ kind: "backward_delta", layer: 1 }, 2), "out δ");
    assert.equal(chipText({ kind: "backward_params", layer: 0 }, 2), "L1 ∂W");
    assert.equal(chipText({ kind: "update" }, 2), "update");
  });

  it("says what the last phase did and what comes next", () => {
    const plan = planFor(2);
    assert.match(sentence(null, model, 0), /^Ready to step through the next batch/);
    const batch = new Uint32Array(10);
    assert.equal(
      sentence({ plan, done: 1, batch }, model, 0),
      "Forward, hidden layer 1: z = W·a + b, for each of the 10 examples of the batch. Next: layer 1 a.",
    );
    const loss = { data: 0.25, regularization: 0, examples: Float64Array.of(0.5, 0.1) };
    assert.equal(
      sentence({ plan, done: 5, batch, loss }, model, 1),
      "Loss: 0.2500, the mean of the 10 examples' losses (this example's: 0.1000). Next: output δ.",
    );
    assert.match(sentence({ plan, done: 6, batch }, model, 0), /^Backward, the output layer: δ = ∂L\/∂z/);
    assert.match(sentence({ plan, done: 10, batch }, model, 0), /^Update: .* Next: a new batch\.$/);
  });
});

// Every choice the engine's catalog offers has a label and an explanation
// (www/names.js), and the table names nothing the catalog lacks.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { explain, label, NAMES } from "../../www/names.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });
const catalog = Lab.catalog();
const groups = {
  loss: catalog.losses.map((l) => l.name),
  optimizer: catalog.optimizers.map((o) => o.name),
  schedule: catalog.schedules.map((s) => s.name),
  init: catalog.inits.map((i) => i.name),
  activation: catalog.activations,
  regularization: catalog.penalties,
};

describe("names.js", () => {
  for (const [group, names] of Object.entries(groups)) {
    it(`labels and explains every ${group} of the catalog, and nothing else`, () => {
      assert.ok(names.length > 0);
      for (const name of names) {
        assert.match(label(group, name), /^[A-Z]/, `${group} ${name}'s label starts with a capital`);
        assert.doesNotMatch(label(group, name), /_/, `${group} ${name}'s label is not the engine's name`);
        assert.ok(explain(group, name).length >= 20, `${group} ${name} is explained`);
        assert.match(explain(group, name), /[.)]$/, `${group} ${name}'s explanation is a sentence`);
      }
      assert.deepEqual(Object.keys(NAMES[group]).sort(), [...names].sort());
    });
  }

  it("spells out the names a learner would not read", () => {
    assert.equal(label("activation", "leaky_relu"), "Leaky ReLU");
    assert.equal(label("loss", "softmax_ce"), "Softmax cross-entropy");
    assert.equal(label("init", "xavier_normal"), "Xavier (Glorot) normal");
    assert.equal(label("loss", "nothing"), "nothing");
    assert.equal(explain("loss", "nothing"), "");
  });
});

// The importance panel's rows (www/render/importance.js): the engine's
// numbers by input, ranked by permutation importance, ties by sensitivity.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importanceRows } from "../../www/render/importance.js";

describe("importanceRows", () => {
  it("keeps each input's numbers and ranks the inputs by the loss's rise when shuffled", () => {
    const result = { sensitivity: [0.1, 0.9, 0.5, 0.2], permutation: [0.01, 0.3, 0.3, -0.002], permutation_spread: [0.001, 0.02, 0.03, 0.001] };
    const rows = importanceRows(result, ["a", "b", "c", "d"]);
    assert.deepEqual(
      rows.map((r) => [r.rank, r.name, r.sensitivity, r.permutation, r.spread]),
      [
        [1, "b", 0.9, 0.3, 0.02],
        [2, "c", 0.5, 0.3, 0.03],
        [3, "a", 0.1, 0.01, 0.001],
        [4, "d", 0.2, -0.002, 0.001],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.index),
      [1, 2, 0, 3],
    );
  });
});

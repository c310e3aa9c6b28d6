// The address's switched-off neurons (`off=`): hidden layer.neuron from 1,
// read into pairs from 0 and written back the same.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isOff, parseOff, writeOff } from "../../www/silence.js";

describe("off=", () => {
  it("reads hidden layer.neuron pairs counted from 1 into pairs from 0, and writes them back", () => {
    assert.deepEqual(parseOff("1.3,2.1"), [
      [0, 2],
      [1, 0],
    ]);
    assert.equal(writeOff(parseOff("1.3,2.1,12.40")), "1.3,2.1,12.40");
    assert.equal(writeOff([]), "");
  });

  it("refuses what is not such a list", () => {
    for (const bad of ["", "0.1", "1.0", "1", "1.2.3", "1.2,", "a.b", "1.2,1.2", "-1.2", "1.2 ", "01.2"]) {
      assert.equal(parseOff(bad), null, bad);
    }
  });

  it("says whether a neuron is in the list", () => {
    assert.equal(isOff([[0, 2]], 0, 2), true);
    assert.equal(isOff([[0, 2]], 2, 0), false);
  });
});

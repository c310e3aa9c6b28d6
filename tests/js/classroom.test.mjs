// The classroom's page logic without a browser: a lesson answer made into
// the value the class sends (www/classroom/answers.js), judged against the
// engine's answer, the share right of a round's tally, and a sweep's run on
// the engine (sweep.js: each phone's seed or learning rate, the summary
// within the server's limits).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { isRight, label, shareRight, toValue } from "../../www/classroom/answers.js";
import { runSweep, SIDE } from "../../www/classroom/sweep.js";
import { varied } from "../../www/classroom/view.js";
import { expected } from "../../www/teach/answer.js";
import { context } from "../../www/teach/quantities.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const number = { kind: "number", prompt: "z?", quantity: "z[0][0]", tolerance: 0.01, hint: "" };

describe("the class's answers", () => {
  it("sends a number as a number, refuses text that is not one, and judges within the tolerance", () => {
    const lab = new Lab({ hidden: [{ neurons: 3, activation: "tanh" }], seed: 4 });
    lab.stepPhase();
    lab.stepPhase();
    const c = context(lab, 0);
    const answer = expected(c, number);
    assert.equal(toValue(c, number, "0,25"), 0.25);
    assert.match(toValue(c, number, "abc").problem, /not a number/);
    assert.equal(isRight(number, answer.value + 0.009, answer), true);
    assert.equal(isRight(number, answer.value + 0.011, answer), false);
    assert.equal(isRight({ ...number, tolerance: 0.1, relative: true }, answer.value * 1.05, answer), true);
    assert.equal(isRight(number, String(answer.value), answer), false, "a text is never a right number");
    lab.free();
  });

  it("counts the share right of a round's tally", () => {
    const answer = { value: 0.5, number: 0.5 };
    const tally = [
      [0.5, 3],
      [0.505, 2],
      [0.9, 4],
    ];
    assert.deepEqual(shareRight(number, tally, answer), { right: 5, of: 9 });
    const sign = { kind: "sign" };
    assert.deepEqual(
      shareRight(
        sign,
        [
          ["positive", 2],
          ["negative", 1],
        ],
        { value: "negative" },
      ),
      { right: 1, of: 3 },
    );
    assert.equal(label({ kind: "choice", options: [{ text: "A" }, { text: "B" }] }, 1), "B");
    assert.equal(label(number, 0.123456), "0.1235");
  });
});

describe("a class sweep", () => {
  const settings = (vary) => ({ query: "dataset=xor&seed=3&hidden=4:tanh", vary, from: 0.003, to: 3, epochs: 20 });

  it("gives each phone its own seed or learning rate, spaced on a log scale", () => {
    assert.deepEqual(
      [0, 1, 2].map((i) => varied(settings("seed"), i, 3)),
      [1, 2, 3],
    );
    assert.deepEqual(
      [0, 1, 2].map((i) => varied(settings("learning_rate"), i, 3)),
      [0.003, 0.0949, 3],
    );
  });

  it("trains the setup with the phone's seed: a summary the server takes, different seeds giving different runs", async () => {
    const runs = await Promise.all([0, 1].map((i) => runSweep(Lab, settings("seed"), i, 2)));
    for (const run of runs) {
      assert.ok(Number.isFinite(run.loss) && run.loss >= 0);
      assert.equal(run.grid.length, SIDE * SIDE);
      assert.ok(run.grid.every((v) => v >= 0 && v <= 1));
      assert.ok(JSON.stringify({ type: "summary", id: "sweep-1", loss: run.loss, grid: run.grid }).length < 8 * 1024);
    }
    assert.notEqual(runs[0].loss, runs[1].loss);
    // The same seed again gives the same run: every phone's number is reproducible.
    assert.deepEqual(await runSweep(Lab, settings("seed"), 0, 2), runs[0]);
  });

  it("trains in slices, letting the phone's page run between them, with the same result", async () => {
    const seen = [];
    let between = false;
    setTimeout(() => {
      between = true;
    }, 0);
    const sliced = await runSweep(Lab, settings("seed"), 0, 2, (done) => seen.push([done, between]), 0);
    // One epoch a slice here: every epoch reported, and a timer set before the sweep ran before it ended.
    assert.deepEqual(
      seen.map(([done]) => done),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.ok(seen.some(([, ran]) => ran));
    assert.deepEqual(sliced, await runSweep(Lab, settings("seed"), 0, 2));
  });
});

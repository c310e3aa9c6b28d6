// The lesson format's check (www/teach/format.js), the named quantities
// (quantities.js) against the engine's own arrays, a lesson checked with the
// engine (scene.js), judging answers (answer.js) and the progress
// (progress.js).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { judge, signOf } from "../../www/teach/answer.js";
import { readLesson, sentences, validateLesson } from "../../www/teach/format.js";
import { Progress } from "../../www/teach/progress.js";
import { context, describeRef, evaluate, expand, targetOf } from "../../www/teach/quantities.js";
import { buildScene, checkLesson } from "../../www/teach/scene.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const question = { kind: "number", prompt: "z?", quantity: "z[0][0]", tolerance: 0.01, hint: "w = {w[0][0][0]}" };
const good = () => ({
  id: "tiny",
  title: "Tiny",
  summary: "A test.",
  setup: { hidden: [{ neurons: 3, activation: "tanh" }] },
  steps: [{ text: "One. Two.", phase: "forward_z:0", question: structuredClone(question) }],
});

describe("the lesson format", () => {
  it("accepts a good lesson", () => {
    assert.deepEqual(validateLesson(good(), "tiny.json"), []);
    const showing = good();
    showing.steps[0].show = ["learning-rate", "mode"];
    assert.deepEqual(validateLesson(showing, "tiny.json"), []);
    showing.steps[0].show = ["chart", "race", "timing"];
    assert.deepEqual(validateLesson(showing, "tiny.json"), []);
  });

  const cases = [
    ["a missing title", (l) => delete l.title, "tiny.json: title: missing"],
    ["an unknown field", (l) => (l.steps[0].colour = 1), "tiny.json: step 1, colour: not a field of a step"],
    ["four sentences", (l) => (l.steps[0].text = "One. Two. Three. Four."), "tiny.json: step 1, text: has 4 sentences"],
    ["an unknown kind", (l) => (l.steps[0].question.kind = "essay"), "tiny.json: step 1, question.kind: must be one of"],
    ["an unknown quantity", (l) => (l.steps[0].question.quantity = "zz[0][0]"), "step 1, question.quantity: “zz” is not a quantity"],
    ["too few indices", (l) => (l.steps[0].question.quantity = "z[0]"), "step 1, question.quantity: “z[0]” needs [layer][neuron]"],
    ["a bad quantity in a hint", (l) => (l.steps[0].question.hint = "{w[0]}"), "step 1, question.hint: “w[0]” needs"],
    ["no tolerance", (l) => delete l.steps[0].question.tolerance, "step 1, question.tolerance: a number question states its tolerance"],
    ["no hint", (l) => delete l.steps[0].question.hint, "step 1, question.hint: missing"],
    ["a bad phase", (l) => (l.steps[0].phase = "forwards"), "step 1, phase: “forwards” is not a phase"],
    ["keep on the first step", (l) => (l.steps[0].keep = true), "step 1, keep: the first step has no step before it"],
    ["an unknown control to show", (l) => (l.steps[0].show = ["learning-rate", "volume"]), "step 1, show: “volume” is not a control"],
    ["a show that is not a list", (l) => (l.steps[0].show = "learning-rate"), "step 1, show: must be a list of controls"],
    [
      "a question's phase with no phase of the step to go back to",
      (l) => {
        delete l.steps[0].phase;
        l.steps[0].question.after = { phase: "forward_z:0" };
      },
      "step 1, question.after.phase: the step needs a phase of its own",
    ],
    ["a wildcard outside a click", (l) => (l.steps[0].question.quantity = "z[0][*]"), "* is only allowed in a question that picks"],
    [
      "overlapping ranges",
      (l) =>
        (l.steps[0].question = {
          kind: "choice",
          prompt: "?",
          quantity: "train_accuracy",
          hint: "h",
          options: [
            { text: "low", from: 0, to: 0.6 },
            { text: "high", from: 0.5, to: 1 },
          ],
        }),
      "question.options: the ranges of “low” and “high” overlap",
    ],
  ];
  for (const [what, spoil, message] of cases) {
    it(`names ${what} by file, step and field`, () => {
      const lesson = good();
      spoil(lesson);
      const problems = validateLesson(lesson, "tiny.json");
      assert.ok(
        problems.some((p) => p.includes(message)),
        `${problems.join("\n")}\nlacks ${message}`,
      );
    });
  }

  it("names a value that is not text where text goes, without throwing", () => {
    // Found by tests/js/lessons-fuzz.test.mjs: String() of this object throws.
    const odd = { toString: 0 };
    const lesson = {
      id: "odd",
      title: "t",
      summary: "s",
      steps: [{ text: "A step.", phase: odd, select: odd, question: { kind: "number", prompt: "p", hint: "h", quantity: odd, tolerance: 1 } }],
    };
    const read = readLesson(JSON.stringify(lesson), "odd.json");
    for (const field of ["phase", "select", "question.quantity"]) {
      assert.ok(
        read.problems.some((p) => p.startsWith(`odd.json: step 1, ${field}: `)),
        `${read.problems.join("\n")}\nlacks ${field}`,
      );
    }
  });

  it("names the line and column where a file stops being JSON", () => {
    assert.deepEqual(readLesson('{\n  "id": tru\n}', "bad.json").problems, ["bad.json: not JSON: line 2, column 12: unexpected line break"]);
    assert.deepEqual(readLesson('{"steps": [', "short.json").problems, ["short.json: not JSON: line 1, column 12: the text ends too soon"]);
  });

  it("names a file that is not JSON", () => {
    const read = readLesson("{ nope", "bad.json");
    assert.equal(read.lesson, undefined);
    assert.match(read.problems[0], /^bad\.json: not JSON: /);
  });

  it("counts sentences", () => {
    assert.equal(sentences("x₁ = 0.5 here. Then a = f(z)! Why?"), 3);
    assert.equal(sentences("One sentence with 0.25 in it."), 1);
  });
});

describe("the named quantities", () => {
  const lab = new Lab({ hidden: [{ neurons: 3, activation: "tanh" }], batch_size: 4 });
  lab.runTo("backward");
  const step = lab.stepState();
  const c = context(lab, 2);

  it("read the engine's arrays for the example shown", () => {
    assert.equal(evaluate(c, "z[0][1]"), step.z[0][2 * 3 + 1]);
    assert.equal(evaluate(c, "a[-1][0]"), step.a[1][2]);
    assert.equal(evaluate(c, "delta[0][2]"), step.gradZ[0][2 * 3 + 2]);
    assert.equal(evaluate(c, "x[1]"), step.inputs[2 * 2 + 1]);
    assert.equal(evaluate(c, "grad_w[1][0][2]"), step.grads[lab.weightIndex(1, 0, 2)]);
    assert.equal(evaluate(c, "b[0][1]"), lab.snapshot().params[lab.biasIndex(0, 1)]);
    assert.equal(evaluate(c, "loss"), step.loss.examples[2]);
    assert.equal(evaluate(c, "batch_loss"), step.loss.data);
  });

  it("name what is missing: an index out of range, a phase not done", () => {
    assert.throws(() => evaluate(c, "z[2][0]"), /z\[2\]\[0\]: layer 2 is not in this network \(it has 2, from 0\)/);
    assert.throws(() => evaluate(c, "w[1][0][3]"), /input 3 is not in this network/);
    assert.throws(() => evaluate(c, "update_w[0][0][0]"), /is not computed yet: it needs the phase update done/);
    const fresh = new Lab({});
    assert.throws(() => evaluate(context(fresh), "z[0][0]"), /needs a batch stepped through/);
    fresh.free();
  });

  it("expand * and say which neuron or weight they are about", () => {
    assert.deepEqual(expand(c, "a[0][*]"), ["a[0][0]", "a[0][1]", "a[0][2]"]);
    assert.equal(expand(c, "grad_w[-1][*][*]").length, 3);
    assert.deepEqual(targetOf(c, "grad_w[-1][0][2]"), { kind: "weight", layer: 1, neuron: 0, input: 2 });
    assert.deepEqual(targetOf(c, "z[0][1]"), { kind: "neuron", layer: 0, neuron: 1 });
    assert.equal(targetOf(c, "loss"), null);
  });
});

describe("a lesson checked with the engine", () => {
  it("passes a good one", () => {
    assert.deepEqual(checkLesson(Lab, good(), "tiny.json"), []);
  });

  it("names a setup the engine refuses", () => {
    const lesson = good();
    lesson.setup.learning_rate = -1;
    assert.match(checkLesson(Lab, lesson, "tiny.json")[0], /^tiny\.json: step 1, setup: learning_rate: -1 is not allowed/);
  });

  it("names a quantity not computed at its step, or not in the network", () => {
    const lesson = good();
    lesson.steps[0].question.quantity = "a[0][0]";
    assert.match(checkLesson(Lab, lesson, "tiny.json")[0], /step 1, question.quantity: a\[0\]\[0\] is not computed yet/);
    lesson.steps[0].question.quantity = "z[0][5]";
    assert.match(checkLesson(Lab, lesson, "tiny.json")[0], /step 1, question.quantity: z\[0\]\[5\]: neuron 5 is not in this network/);
  });

  it("steps to a batch's start, no phase done", () => {
    const lesson = good();
    lesson.steps[0].phase = "start";
    lesson.steps[0].question.after = { phase: "forward_z:0" };
    assert.deepEqual(checkLesson(Lab, lesson, "tiny.json"), []);
    const lab = buildScene(Lab, lesson, 0);
    assert.equal(lab.stepState().done, 0);
    assert.equal(lab.stepState().batch.length, 10);
    lab.free();
  });

  it("replays the steps a kept step continues", () => {
    const lesson = good();
    lesson.steps.push({ text: "On.", keep: true, phase: "forward_a:0" });
    const lab = buildScene(Lab, lesson, 1);
    assert.equal(lab.stepState().done, 2);
    lab.free();
  });
});

describe("judging an answer", () => {
  const lab = buildScene(Lab, good(), 0);
  const c = context(lab, 0);
  const z = evaluate(c, "z[0][0]");

  it("takes a number within the tolerance, written as the page writes numbers", () => {
    assert.ok(judge(c, question, String(z + 0.009)).correct);
    assert.ok(judge(c, question, (z - 0.009).toFixed(4).replace("-", "−")).correct);
    const wrong = judge(c, question, String(z + 0.02));
    assert.equal(wrong.correct, false);
    assert.match(wrong.feedback, /^Not quite\. w = −?[0-9]/);
    assert.match(judge(c, question, "lots").feedback, /“lots” is not a number/);
  });

  it("takes a relative tolerance", () => {
    const relative = { ...question, tolerance: 0.1, relative: true };
    assert.ok(judge(c, relative, String(z * 1.09)).correct);
    assert.equal(judge(c, relative, String(z * 1.2)).correct, false);
  });

  it("judges a sign, and a click on any of tied neurons", () => {
    const sign = { kind: "sign", prompt: "?", quantity: "z[0][0]", hint: "h" };
    assert.ok(judge(c, sign, signOf(z)).correct);
    assert.equal(judge(c, sign, signOf(-z)).correct, false);
    const zeros = buildScene(Lab, { ...good(), setup: { ...good().setup, init: { kind: "zeros" } } }, 0);
    const cz = context(zeros, 0);
    const click = { kind: "click", prompt: "?", quantity: "z[0][*]", pick: "largest", hint: "h" };
    assert.ok(judge(cz, click, { kind: "neuron", layer: 0, neuron: 2 }).correct);
    assert.equal(judge(cz, click, { kind: "weight", layer: 0, neuron: 2, input: 0 }).correct, false);
    zeros.free();
  });
});

describe("progress", () => {
  const store = () => {
    const data = new Map();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v) };
  };

  it("is kept, read back and reset", () => {
    const storage = store();
    const progress = new Progress(storage);
    progress.mark("loss", 0, "seen");
    progress.mark("loss", 0, "right");
    progress.mark("loss", 1, "seen");
    const again = new Progress(storage);
    assert.equal(again.summary("loss", { steps: [{ question: {} }, { question: {} }, {}] }), "2 of 3 steps seen, 1 of 2 questions right");
    again.reset();
    assert.equal(new Progress(storage).summary("loss"), "not started");
  });

  it("survives damaged storage", () => {
    const storage = store();
    storage.setItem("backprop-lab-lessons", "{oops");
    assert.equal(new Progress(storage).summary("loss"), "not started");
  });
});

describe("references in words", () => {
  // A 2 → [4, 2] → 1 network: layers 0 and 1 hidden, layer 2 the output.
  const c = { sizes: [2, 4, 2, 1] };
  it("says where a quantity is, counting from 1 as the page does", () => {
    assert.equal(describeRef(c, "delta[0][0]"), "δ of hidden layer 1, neuron 1");
    assert.equal(describeRef(c, "a[-1][0]"), "a of the output, neuron 1");
    assert.equal(describeRef(c, "grad_w[0][2][1]"), "∂L/∂w of hidden layer 1, neuron 3, from input 2");
    assert.equal(describeRef(c, "w[1][0][3]"), "w of hidden layer 2, neuron 1, from neuron 4 of the layer below");
    assert.equal(describeRef(c, "batch_loss"), "the batch's loss");
    assert.equal(describeRef(c, "example_loss[2]"), "the loss of example 3");
    assert.equal(describeRef(c, "nonsense[1]"), "nonsense[1]");
  });
});

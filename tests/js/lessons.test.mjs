// Every lesson file in www/lessons/ (run by `cargo xtask test` through `npm
// run unit`): listed in index.json, well-formed, every step built with the
// real engine, every quantity it names there at its step, for its own seed
// and two others; and each question, answered right, is judged right, and
// answered wrong, gets its hint with the engine's numbers in it.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { expected, judge } from "../../www/teach/answer.js";
import { readLesson } from "../../www/teach/format.js";
import { context, evaluate, parseRef } from "../../www/teach/quantities.js";
import { applyActions, buildScene, checkLesson } from "../../www/teach/scene.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const DIR = new URL("../../www/lessons/", import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith(".json") && f !== "index.json");
const index = JSON.parse(readFileSync(new URL("index.json", DIR), "utf8")).lessons;

/** A right and a wrong answer to `q` at this moment. */
function answers(c, q) {
  const answer = expected(c, q);
  if (q.kind === "number") return [String(answer.value), String(answer.value + 10 * q.tolerance * (q.relative ? Math.abs(answer.value) + 1 : 1) + 1)];
  if (q.kind === "sign") return [answer.value, answer.value === "positive" ? "negative" : "positive"];
  if (q.kind === "choice") {
    const wrong = q.options.findIndex((o, k) => k !== answer.value && (q.pick === undefined || evaluate(c, o.quantity) !== answer.number));
    return [answer.value, wrong];
  }
  // A click: the right neuron or weight, and one of the others with another value.
  const ref = parseRef(answer.value);
  const clicked = (indices) =>
    indices.length === 3
      ? { kind: "weight", layer: indices[0], neuron: indices[1], input: indices[2] }
      : { kind: "neuron", layer: indices[0], neuron: indices[1] };
  const star = parseRef(q.quantity).indices.indexOf("*");
  const other = [...ref.indices];
  other[star] = ref.indices[star] === 0 ? 1 : 0;
  return [clicked(ref.indices), clicked(other)];
}

describe("the lesson files", () => {
  it("docs/lessons.md's complete example is a valid lesson", () => {
    const docs = readFileSync(new URL("../../docs/lessons.md", import.meta.url), "utf8");
    const read = readLesson(/```json\n([\s\S]*?)```/.exec(docs)[1], "docs/lessons.md");
    assert.deepEqual(read.problems ?? checkLesson(Lab, read.lesson, "docs/lessons.md"), []);
  });

  it("index.json lists every lesson file once, by its id", () => {
    assert.deepEqual([...index].sort(), files.map((f) => f.replace(/\.json$/, "")).sort());
    assert.ok(index.length >= 8, `${index.length} lessons`);
  });

  for (const file of files) {
    describe(file, () => {
      const read = readLesson(readFileSync(new URL(file, DIR), "utf8"), file);
      it("is well-formed, its id its file's name", () => {
        assert.deepEqual(read.problems ?? [], []);
        assert.equal(`${read.lesson.id}.json`, file);
      });
      for (const seed of [undefined, 2, 3]) {
        it(`builds every step with the engine, every quantity there (seed ${seed ?? "of the lesson"})`, () => {
          assert.deepEqual(checkLesson(Lab, read.lesson, file, seed), []);
        });
      }
      it("judges each question's right answer right and a wrong one wrong, with its hint", () => {
        read.lesson.steps.forEach((step, n) => {
          if (!step.question) return;
          const q = step.question;
          const lab = buildScene(Lab, read.lesson, n);
          if (q.after) applyActions(lab, q.after);
          const c = context(lab, step.example ?? 0);
          const answer = expected(c, q);
          if (q.kind === "choice" && q.pick === undefined) assert.ok(answer.value >= 0, `${file} step ${n + 1}: ${answer.text}`);
          const [right, wrong] = answers(c, q);
          const yes = judge(c, q, right);
          assert.ok(yes.correct, `${file} step ${n + 1}: ${yes.feedback}`);
          assert.match(yes.feedback, /^Right: /);
          const no = judge(c, q, wrong);
          assert.equal(no.correct, false, `${file} step ${n + 1}: ${JSON.stringify(wrong)} judged right`);
          assert.match(no.feedback, /^Not quite\. /);
          assert.doesNotMatch(no.feedback, /[{}]|NaN|undefined/, `${file} step ${n + 1}: ${no.feedback}`);
          lab.free();
        });
      });
    });
  }
});

// Fuzzing the lesson file reader (issue 14: every parser), with fast-check:
// seeded random and mutated lesson files never make it throw; every problem
// names the file and then the step and field, or the line and column where
// the text stops being JSON; a valid lesson written out and read again is
// the same lesson. FUZZ_CASES sets the cases of each property (10,000 in
// `cargo xtask test`; `cargo xtask fuzz` runs a million), FUZZ_SEED the seed.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readLesson } from "../../www/teach/format.js";
import { jsonErrorOffset, lineAndColumn } from "../../www/teach/jsonplace.js";

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 14);
const run = (property) => fc.assert(property, { numRuns: CASES, seed: SEED });

const DIR = new URL("../../www/lessons/", import.meta.url);
const texts = readdirSync(DIR)
  .filter((f) => f.endsWith(".json") && f !== "index.json")
  .map((f) => readFileSync(new URL(f, DIR), "utf8"));
const lessons = texts.map((t) => JSON.parse(t));

// Characters that matter to JSON and to lessons, and a few that do not.
const CHARS = [...'{}[]":,.-+0123456789eE \n\t\\/untrfalsbx', "é", "€", "\u0000", "\u2028", "𝑥"];
const edit = fc.tuple(fc.nat(), fc.constantFrom("insert", "delete", "replace"), fc.constantFrom(...CHARS));

/** `text` with each edit applied at its offset (modulo the length). */
function mutate(text, edits) {
  let out = text;
  for (const [at, kind, c] of edits) {
    const i = out.length ? at % (out.length + 1) : 0;
    if (kind === "insert") out = out.slice(0, i) + c + out.slice(i);
    else if (kind === "delete") out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + c + out.slice(i + 1);
  }
  return out;
}

const mutatedLesson = fc.tuple(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([k, edits]) => mutate(texts[k], edits));
const jsonish = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((cs) => cs.join(""));

/** Every problem begins with the file's name and names a place: a line and column, a step and field, or a field. */
function checkProblems(problems, name) {
  assert.ok(problems.length > 0);
  for (const p of problems) {
    assert.ok(p.startsWith(`${name}: `), p);
    const rest = p.slice(name.length + 2);
    const placed =
      /^not JSON: line \d+, column \d+: \S/.test(rest) ||
      /^step \d+, .+?: \S/s.test(rest) ||
      /^[a-z]+: \S/.test(rest) ||
      /^“.*” is not a field of a lesson/s.test(rest) ||
      rest.startsWith("a lesson file is one JSON object");
    assert.ok(placed, `names no place: ${p}`);
  }
}

describe("fuzzing the lesson file reader", () => {
  it("finds where a text stops being JSON exactly when JSON.parse refuses it", () => {
    run(
      fc.property(fc.oneof(mutatedLesson, jsonish, fc.json()), (text) => {
        let refused = null;
        try {
          JSON.parse(text);
        } catch (error) {
          refused = error;
        }
        const offset = jsonErrorOffset(text);
        assert.equal(offset >= 0, refused !== null, `${JSON.stringify(text.slice(0, 80))}: scanner ${offset}, JSON.parse ${refused?.message}`);
        if (!refused) return;
        assert.ok(offset <= text.length);
        // Where the browser gives a position, the scanner agrees with it.
        const given = /at position (\d+)/.exec(refused.message);
        if (given) assert.equal(offset, Number(given[1]), refused.message);
      }),
    );
  });

  it("never throws on a mutated lesson file, and names every problem's place", () => {
    run(
      fc.property(mutatedLesson, (text) => {
        const read = readLesson(text, "mutated.json");
        if (read.problems) checkProblems(read.problems, "mutated.json");
        else assert.equal(typeof read.lesson, "object");
      }),
    );
  });

  it("never throws when any field of any step holds any JSON value", () => {
    const fields = ["text", "phase", "select", "edges", "panel", "show", "keep", "example", "train_epochs", "setup", "question"];
    const questionFields = ["kind", "prompt", "hint", "quantity", "tolerance", "relative", "pick", "options", "after", "reveal"];
    run(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...fields, ...questionFields.map((f) => `question.${f}`)),
        fc.jsonValue(),
        (k, s, field, value) => {
          const lesson = structuredClone(lessons[k % lessons.length]);
          const step = lesson.steps[s % lesson.steps.length];
          if (field.startsWith("question.")) {
            if (step.question === null || typeof step.question !== "object") step.question = {};
            step.question[field.slice(9)] = value;
          } else step[field] = value;
          const read = readLesson(JSON.stringify(lesson), "edited.json");
          if (read.problems) checkProblems(read.problems, "edited.json");
        },
      ),
    );
  });

  it("reads a valid lesson written out again as the same lesson", () => {
    run(
      fc.property(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 40 }), fc.boolean(), (k, cut, title, pretty) => {
        const lesson = structuredClone(lessons[k % lessons.length]);
        // A shorter lesson, retitled, is still a valid one.
        lesson.steps = lesson.steps.slice(0, 1 + (cut % lesson.steps.length));
        if (lesson.steps[0].keep) delete lesson.steps[0].keep;
        lesson.title = `${title.trim() || "t"}`;
        const first = readLesson(JSON.stringify(lesson, null, pretty ? 2 : 0), "valid.json");
        assert.deepEqual(first.problems ?? [], []);
        const again = readLesson(JSON.stringify(first.lesson), "valid.json");
        assert.deepEqual(again.lesson, first.lesson);
      }),
    );
  });

  it("counts lines and columns from 1", () => {
    assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
    assert.deepEqual(lineAndColumn("", 0), { line: 1, column: 1 });
    assert.equal(jsonErrorOffset('{"a": tru}'), 9);
    assert.equal(jsonErrorOffset('{"a": 1}'), -1);
    assert.equal(jsonErrorOffset('{"a": "\\u12g4"}'), 11);
  });
});

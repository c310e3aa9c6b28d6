// The address's view settings (www/url.js): read with a warning per bad key
// or value, written back in a fixed order.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MOMENT_DEFAULTS,
  VIEW_KEYS,
  parseColumns,
  parseHeld,
  parseSelect,
  parseSlice,
  readView,
  writeColumns,
  writeHeld,
  writeSelect,
  writeView,
} from "../../www/url.js";

const DEFAULTS = { edges: "weight", show_test: "false", discretize: "false", log_scale: "false", speed: "1" };

describe("url.js", () => {
  it("keeps good values and starts from the defaults", () => {
    const { view, warnings } = readView(
      [
        ["edges", "gradient"],
        ["speed", "max"],
      ],
      DEFAULTS,
    );
    assert.deepEqual(view, { ...DEFAULTS, edges: "gradient", speed: "max" });
    assert.deepEqual(warnings, []);
  });

  it("names an unknown key and a bad value, and uses the default for the bad value", () => {
    const { view, warnings } = readView(
      [
        ["colour", "red"],
        ["edges", "sideways"],
      ],
      DEFAULTS,
    );
    assert.equal(view.edges, "weight");
    assert.deepEqual(warnings, [
      "“colour” is not a setting of this page; it was ignored",
      "edges: “sideways” is not one of weight, gradient, update; using the default, weight",
    ]);
  });

  it("writes every view key, in VIEW_KEYS' order, and reads it back", () => {
    const view = { speed: "5", edges: "update", show_test: "true", discretize: "false", log_scale: "true" };
    const text = writeView(view);
    assert.equal(text, "edges=update&show_test=true&discretize=false&log_scale=true&speed=5");
    assert.deepEqual(Object.keys(VIEW_KEYS), [
      "edges",
      "show_test",
      "discretize",
      "log_scale",
      "speed",
      "mode",
      "batch",
      "phase",
      "example",
      "select",
      "table",
      "columns",
      "points",
      "slice",
      "held",
      "lesson",
      "lesson_url",
      "step",
      "present",
      "embed",
      "hide",
      "off",
      "model",
    ]);
    const pairs = text.split("&").map((pair) => pair.split("="));
    assert.deepEqual(readView(pairs, DEFAULTS).view, view);
  });

  it("reads a model (kept, or packed weights) last and leaves it out when there is none", () => {
    const ok = [
      ["table", "iris"],
      ["model", "kept"],
    ];
    assert.deepEqual(readView(ok, { ...DEFAULTS, table: "", model: "" }).warnings, []);
    const packed = { ...DEFAULTS, table: "iris", model: "q1_-Zz09" };
    assert.equal(writeView(packed), "edges=weight&show_test=false&discretize=false&log_scale=false&speed=1&table=iris&model=q1_-Zz09");
    assert.doesNotMatch(writeView({ ...DEFAULTS, model: "" }), /model/);
    const { view, warnings } = readView([["model", "ab+c/"]], { ...DEFAULTS, model: "" });
    assert.equal(view.model, "");
    assert.deepEqual(warnings, ["model: “ab+c/” is not kept, or trained weights packed in letters, digits, - and _; it was ignored"]);
  });

  const ALL = { ...DEFAULTS, ...MOMENT_DEFAULTS };

  it("reads a lesson and its step, writes them only when a lesson is open, and refuses malformed ones", () => {
    const empty = { ...ALL, lesson: "", lesson_url: "", step: "" };
    const { view, warnings } = readView(
      [
        ["lesson", "vanishing"],
        ["step", "3"],
      ],
      empty,
    );
    assert.deepEqual(warnings, []);
    assert.equal(writeView(view).endsWith("&lesson=vanishing&step=3"), true);
    assert.doesNotMatch(writeView(empty), /lesson|step=/);
    const bad = readView(
      [
        ["lesson", "../x"],
        ["step", "0"],
        ["lesson_url", "http://elsewhere.example/x.json"],
      ],
      empty,
    );
    assert.equal(bad.warnings.length, 3);
    assert.match(bad.warnings[0], /^lesson: “\.\.\/x” is not a lesson's id/);
    assert.deepEqual([bad.view.lesson, bad.view.step, bad.view.lesson_url], ["", "", ""]);
  });

  it("reads a moment: step mode, batch, phase, example and a selected weight", () => {
    const pairs = "mode=step&batch=25&phase=7&example=3&select=w:1:0:2".split("&").map((p) => p.split("="));
    const { view, warnings } = readView(pairs, ALL);
    assert.deepEqual(warnings, []);
    assert.deepEqual(view, { ...DEFAULTS, mode: "step", batch: "25", phase: "7", example: "3", select: "w:1:0:2" });
    assert.deepEqual(parseSelect(view.select), { kind: "weight", layer: 1, neuron: 0, input: 2 });
  });

  it("parses and writes selections, and refuses malformed ones", () => {
    assert.deepEqual(parseSelect("n:0:3"), { kind: "neuron", layer: 0, neuron: 3 });
    for (const bad of ["", "n:0", "n:0:1:2", "w:0:1", "w:0:1:2:3", "x:0:1", "w:-1:0:0", "w:0:0:1.5", "n:a:b", " n:0:1"]) {
      assert.equal(parseSelect(bad), null, bad);
    }
    for (const text of ["n:2:15", "w:0:3:1"]) assert.equal(writeSelect(parseSelect(text)), text);
    assert.equal(writeSelect(null), "");
    assert.equal(writeSelect({ kind: "input", layer: 0, neuron: 1 }), "");
  });

  it("names each bad moment value and keeps the others", () => {
    const pairs = [
      ["mode", "stepping"],
      ["batch", "-3"],
      ["phase", "2"],
      ["example", "1e3"],
      ["select", "w:0:1"],
      ["batch", "1000001"],
    ];
    const { view, warnings } = readView(pairs, ALL);
    assert.deepEqual(view, { ...ALL, phase: "2" });
    assert.deepEqual(warnings, [
      "mode: “stepping” is not one of train, step; using the default, train",
      "batch: “-3” is not a whole number from 0 to 1000000; using the default, 0",
      "example: “1e3” is not a whole number from 0 to 100000; using the default, 0",
      "select: “w:0:1” is not n:layer:neuron or w:layer:neuron:input (numbers from 0); it was ignored",
      "batch: “1000001” is not a whole number from 0 to 1000000; using the default, 0",
    ]);
  });

  it("writes the moment only in step mode, and no empty selection", () => {
    const base = { ...DEFAULTS, batch: "4", phase: "2", example: "1", select: "" };
    assert.equal(writeView({ ...base, mode: "train" }), "edges=weight&show_test=false&discretize=false&log_scale=false&speed=1");
    const text = writeView({ ...base, mode: "step", select: "n:1:0" });
    assert.equal(text, "edges=weight&show_test=false&discretize=false&log_scale=false&speed=1&mode=step&batch=4&phase=2&example=1&select=n:1:0");
    assert.equal(writeView({ ...base, mode: "step" }).includes("select"), false);
    const pairs = text.split("&").map((p) => p.split("="));
    assert.deepEqual(readView(pairs, ALL).view, { ...base, mode: "step", select: "n:1:0" });
  });

  it("writes a table and its column choice only when there is one, and reads them back", () => {
    const view = { ...DEFAULTS, table: "iris", columns: "2,3/4/classes/standardized" };
    const text = writeView(view);
    assert.match(text, /&table=iris&columns=2,3\/4\/classes\/standardized$/);
    assert.deepEqual(
      readView(
        text.split("&").map((pair) => pair.split("=")),
        { ...DEFAULTS, table: "", columns: "" },
      ).view,
      view,
    );
    assert.doesNotMatch(writeView({ ...DEFAULTS, table: "", columns: "" }), /table|columns/);
    const { view: bad, warnings } = readView(
      [
        ["table", "titanic"],
        ["columns", "0,1/x/auto/raw"],
      ],
      { table: "", columns: "" },
    );
    assert.deepEqual(bad, { table: "", columns: "" });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^table: “titanic” is not one of digits, iris, breast_cancer, article, file; it was ignored$/);
  });

  it("writes drawn points only when there are some, and reads them back", () => {
    const text = writeView({ ...DEFAULTS, points: "drawn" });
    assert.match(text, /&points=drawn$/);
    assert.equal(readView([["points", "drawn"]], { points: "" }).view.points, "drawn");
    assert.doesNotMatch(writeView({ ...DEFAULTS, points: "" }), /points/);
    const { view, warnings } = readView([["points", "scribbled"]], { points: "" });
    assert.equal(view.points, "");
    assert.deepEqual(warnings, ["points: “scribbled” is not one of drawn; it was ignored"]);
  });

  it("parses a column choice and writes it back the same", () => {
    const choice = { inputs: [0, 1, 5], target: 6, kind: "values", standardize: false };
    assert.equal(writeColumns(choice), "0,1,5/6/values/raw");
    assert.deepEqual(parseColumns("0,1,5/6/values/raw"), choice);
    for (const bad of ["", "0,1/2", "a/1/auto/raw", "0/1/classes/maybe", "0,/1/auto/raw"]) assert.equal(parseColumns(bad), null, bad);
  });

  it("writes a slice and held values only when set, and reads back exactly what JavaScript writes of a number", () => {
    const view = {
      ...DEFAULTS,
      table: "iris",
      columns: "",
      slice: "3,0",
      held: writeHeld([
        [2, 6],
        [1, 5.843333333333334],
        [4, -1.5e-7],
      ]),
    };
    const text = writeView(view);
    assert.match(text, /&table=iris&slice=3,0&held=2:6,1:5\.843333333333334,4:-1\.5e-7$/);
    const read = readView(
      text.split("&").map((pair) => pair.split("=")),
      { ...DEFAULTS, table: "", columns: "", slice: "", held: "" },
    );
    assert.deepEqual(read.warnings, []);
    assert.deepEqual(read.view, view);
    assert.deepEqual(parseSlice("3,0"), { x: 3, y: 0 });
    assert.deepEqual(parseHeld(read.view.held), [
      [2, 6],
      [1, 5.843333333333334],
      [4, -1.5e-7],
    ]);
    for (const bad of ["", "1", "1,1", "1,2,3", "-1,2", "a,b"]) assert.equal(parseSlice(bad), null, bad);
    for (const bad of ["", "1", "1:", ":2", "1:2,1:3", "1:NaN", "1:Infinity", "1:1e999", "1:2:3", "1:0x10"]) assert.equal(parseHeld(bad), null, bad);
    assert.doesNotMatch(writeView({ ...DEFAULTS, slice: "", held: "" }), /slice|held/);
  });
});

// The drawn points' model (www/drawing.js): strokes undone and redone
// whole, erasing, the engine's form and storage; and the engine's side of
// drawing (Lab.withPoints, checkPoints, setPoints, dataPoints) through the
// built wasm, its errors arriving as JavaScript Errors with the engine's message.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { Drawing, MAX_UNDO, pointsView } from "../../www/drawing.js";
import { cellNumber, cellText } from "../../www/render/pointtable.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const p = (x1, x2, label) => ({ x1, x2, label });

describe("a drawing", () => {
  it("undoes and redoes whole strokes, and forgets the redo on a new one", () => {
    const d = new Drawing([p(0, 0, 0)]);
    d.begin();
    d.add(p(1, 1, 1));
    d.add(p(2, 2, 1));
    assert.equal(d.end(), true);
    assert.equal(
      d.change((x) => x.set(0, p(-1, -1, 0))),
      true,
    );
    assert.deepEqual(d.points, [p(-1, -1, 0), p(1, 1, 1), p(2, 2, 1)]);
    assert.equal(d.undo(), true);
    assert.deepEqual(d.points, [p(0, 0, 0), p(1, 1, 1), p(2, 2, 1)]);
    assert.equal(d.undo(), true);
    assert.deepEqual(d.points, [p(0, 0, 0)]);
    assert.equal(d.undo(), false);
    assert.equal(d.redo(), true);
    assert.equal(d.points.length, 3);
    // A new stroke: what was undone cannot come back.
    d.change((x) => x.remove(0));
    assert.equal(d.canRedo, false);
    assert.deepEqual(d.points, [p(1, 1, 1), p(2, 2, 1)]);
    // A stroke that changed nothing is no step of Undo.
    const steps = d.undos.length;
    assert.equal(
      d.change((x) => x.erase(() => false)),
      false,
    );
    assert.equal(d.undos.length, steps);
  });

  it("erases what is near, keeps the rest in order, and clears", () => {
    const d = new Drawing([p(0, 0, 0), p(5, 5, 1), p(0.2, 0, 1), p(-5, 5, 0)]);
    d.begin();
    assert.equal(
      d.erase((q) => Math.hypot(q.x1, q.x2) < 1),
      2,
    );
    d.end();
    assert.deepEqual(d.points, [p(5, 5, 1), p(-5, 5, 0)]);
    d.change((x) => x.replace([]));
    assert.deepEqual(d.points, []);
    d.undo();
    d.undo();
    assert.equal(d.points.length, 4);
  });

  it("goes back at most MAX_UNDO strokes", () => {
    const d = new Drawing();
    for (let k = 0; k < MAX_UNDO + 20; k += 1) d.change((x) => x.add(p(k / 100, 0, 0)));
    let undone = 0;
    while (d.undo()) undone += 1;
    assert.equal(undone, MAX_UNDO);
    assert.equal(d.points.length, 20);
  });

  it("packs the points as the engine takes them, counts classes, and stores and reads back", () => {
    const d = new Drawing([p(1, 2, 0), p(3, 4, 1), p(5, 6, 1)]);
    const plane = d.packed(2);
    assert.deepEqual(Array.from(plane.coords), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(plane.labels), [0, 1, 1]);
    assert.deepEqual(Array.from(d.packed(1).coords), [1, 3, 5]);
    assert.deepEqual(d.counts(3), [1, 2, 0]);
    assert.deepEqual(Drawing.fromPacked(plane, 2).points, d.points);
    assert.deepEqual(Drawing.fromJSON(JSON.parse(JSON.stringify(d))).points, d.points);
    assert.throws(() => Drawing.fromJSON({}), /the points are not a list/);
    assert.throws(
      () =>
        Drawing.fromJSON([
          [1, 2, 3],
          [1, "x", 0],
        ]),
      /point 2 is not three numbers/,
    );
    const view = pointsView(d, 2, 2);
    assert.equal(view.train.length, 3);
    assert.deepEqual(Array.from(view.train.classes), [0, 1, 1]);
    assert.equal(view.test.length, 0);
  });

  it("reads a table's field as a number, and shows one to 2 decimals", () => {
    assert.equal(cellNumber(" −2.5 "), -2.5);
    assert.ok(Number.isNaN(cellNumber("")));
    assert.ok(Number.isNaN(cellNumber("abc")));
    assert.equal(cellText(3.31159), "3.31");
    assert.equal(cellText(-0.1), "-0.1");
  });
});

describe("the engine's drawn points", () => {
  const config = { seed: 2, dataset: "circle" };

  it("trains on drawn points and takes new ones keeping the network", () => {
    const lab = Lab.withPoints(config, new Float64Array([-3, 0, 3, 0, -3, 1, 3, 1]), new Float64Array([0, 1, 0, 1]));
    const data = lab.dataPoints();
    assert.equal(data.drawn, true);
    assert.deepEqual(Array.from(data.labels), [0, 1, 0, 1]);
    lab.trainEpochs(3);
    const params = Array.from(lab.snapshot().params);
    lab.setPoints(new Float64Array([-3, 0, 3, 0]), new Float64Array([0, 1]));
    assert.deepEqual(Array.from(lab.snapshot().params), params);
    assert.equal(lab.points().train.length + lab.points().test.length, 2);
    assert.equal(lab.epoch, 3);
    lab.free();
  });

  it("refuses what it cannot use with its message, and changes nothing", () => {
    const lab = new Lab(config);
    const before = lab.dataPoints();
    assert.equal(before.drawn, false);
    assert.throws(() => lab.setPoints(new Float64Array([0, 0]), new Float64Array([1])), {
      message: "points: all of one class is not allowed; expected points of at least two classes to tell apart",
    });
    assert.throws(() => lab.setPoints(new Float64Array([0, Number.NaN, 1, 1]), new Float64Array([0, 1])), {
      message: "point 1, x2: NaN is not allowed; expected a number from −6 to 6 (the plane shown)",
    });
    assert.deepEqual(lab.dataPoints(), before);
    // checkPoints passes points too few to train on, and names a bad number.
    Lab.checkPoints(config, new Float64Array([]), new Float64Array([]));
    assert.throws(() => Lab.checkPoints(config, new Float64Array([7, 0]), new Float64Array([0])), /point 1, x1: 7 is not allowed/);
    lab.free();
  });
});

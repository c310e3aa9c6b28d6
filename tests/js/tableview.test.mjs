// A table's view data (www/tableview.js) and the typed table's CSV
// (www/render/table.js), in Node on small made-up tables.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvCell, parsePaste, toCsv } from "../../www/render/table.js";
import {
  confusion,
  imageInk,
  imageSide,
  inkScale,
  planePoints,
  predictedClass,
  scalesDiffer,
  sliceText,
  summarize,
  tableAxes,
  tableInputs,
  weightImages,
} from "../../www/tableview.js";

const TABLE = {
  inputNames: ["a", "b", "c"],
  targetName: "y",
  classNames: ["no", "yes"],
  means: [10, 0, 0],
  scales: [2, 1, 1],
  rows: 3,
  ranges: [
    [-1, 1],
    [0, 4],
    [5, 6],
  ],
};

describe("tableview.js", () => {
  it("places each row at its first two inputs, mapping each range onto −6 to 6", () => {
    const set = (points) => ({
      length: points.length / 3,
      points: Float64Array.from(points),
      classes: Uint32Array.of(0, 1),
      values: new Float64Array(0),
    });
    const points = { dims: 2, classes: 2, train: set([-1, 0, 5.5, 1, 4, 5]), test: set([]) };
    const plane = planePoints(points, TABLE);
    assert.equal(plane.dims, 2);
    assert.deepEqual(Array.from(plane.train.points), [-6, -6, 6, 6]);
    assert.equal(plane.test.points.length, 0);
    assert.deepEqual(Array.from(plane.train.classes), [0, 1]);
  });

  it("names the inputs, the slice and the axes in the file's units", () => {
    assert.deepEqual(
      tableInputs(TABLE).map((f) => [f.label, f.on, f.fixed]),
      [
        ["a", true, true],
        ["b", true, true],
        ["c", true, true],
      ],
    );
    assert.equal(sliceText(TABLE), "The heatmaps show a slice: x = a, y = b, the other input at its mean.");
    assert.equal(sliceText({ ...TABLE, inputNames: ["a", "b"] }), "The heatmaps show a slice: x = a, y = b.");
    assert.equal(
      sliceText({ ...TABLE, inputNames: ["a", "b", "c", "d"] }),
      "The heatmaps show a slice: x = a, y = b, the other inputs at their means.",
    );
    // x · scale + mean: −1 · 2 + 10 = 8.
    assert.deepEqual(tableAxes(TABLE).x, { name: "a", low: 8, high: 12 });
    assert.deepEqual(tableAxes({ ...TABLE, inputNames: ["a"] }).y, null);
  });

  it("standardizes by default only when the inputs' spans differ more than tenfold", () => {
    assert.equal(scalesDiffer(TABLE.ranges), false);
    assert.equal(
      scalesDiffer([
        [0, 1],
        [0, 11],
      ]),
      true,
    );
  });

  it("counts a confusion matrix from each example's output, with per-class accuracy", () => {
    const outputs = [
      [0.9, 0.1],
      [0.2, 0.8],
      [0.6, 0.4],
    ];
    const fake = {
      points: () => ({ train: { length: 3, classes: [0, 1, 1] } }),
      example: (_split, e) => ({ a: [[0], outputs[e]] }),
    };
    const result = confusion(fake, "train", 2, 0);
    assert.deepEqual(result.counts, [
      [1, 0],
      [1, 1],
    ]);
    assert.deepEqual(result.perClass, [1, 0.5]);
    assert.equal(result.accuracy, 2 / 3);
    assert.equal(predictedClass([0.3], 0.5), 0);
    assert.equal(predictedClass([0.5], 0.5), 1);
    assert.ok(
      Number.isNaN(
        summarize([
          [0, 0],
          [1, 2],
        ]).perClass[0],
      ),
    );
  });
});

describe("the typed table's CSV", () => {
  it("quotes only the cells that need it", () => {
    assert.equal(csvCell("0.85"), "0.85");
    assert.equal(csvCell('say "hi", then'), '"say ""hi"", then"');
    assert.equal(toCsv(["x", "y"], [["1", "a,b"]]), 'x,y\n1,"a,b"');
  });

  it("reads tab-separated text from a spreadsheet as rows of cells", () => {
    assert.deepEqual(parsePaste("1\t2\r\n3\t4\r\n"), [
      ["1", "2"],
      ["3", "4"],
    ]);
  });
});

describe("image tables", () => {
  const pixels = (side, name = (r, c) => `p${r}${c}`) => Array.from({ length: side * side }, (_, k) => name(Math.floor(k / side), k % side));

  it("takes a square number of pixel-named inputs for an image, and nothing else", () => {
    assert.equal(imageSide(pixels(8)), 8);
    assert.equal(imageSide(Array.from({ length: 784 }, (_, k) => `pixel${k}`)), 28);
    assert.equal(imageSide(pixels(4)), 0, "16 inputs are drawn as nodes");
    assert.equal(imageSide(Array.from({ length: 36 }, (_, k) => `feature_${k}_mean`)), 0, "not one prefix and a number");
    assert.equal(imageSide([...pixels(5).slice(1), "radius"]), 0, "one column is not a pixel");
    assert.equal(imageSide(pixels(8).slice(1)), 0, "63 is not square");
  });

  it("inks the example's pixels on one scale in the file's units", () => {
    // Two pixels, standardized: file value = v * scale + mean.
    const table = { inputNames: ["p0", "p1"], scales: [2, 4], means: [8, 8] };
    const points = {
      train: { length: 2, points: new Float64Array([-4, -2, 0, 2]) },
      test: { length: 1, points: new Float64Array([4, 0]) },
    };
    const scale = inkScale(points, table);
    assert.deepEqual(scale, { low: 0, high: 16 });
    assert.deepEqual(imageInk(points, table, { split: "train", index: 1 }, scale), [0.5, 1]);
    assert.deepEqual(imageInk(points, table, { split: "test", index: 0 }, scale), [1, 0.5]);
    assert.equal(imageInk(points, table, { split: "test", index: 1 }, scale), null);
  });

  it("draws each first-layer neuron's weights as a picture only for an image", () => {
    const layout = { sizes: [4, 2, 1], weight: (_layer, j, i) => j * 4 + i };
    const params = [1, -2, 3, 0.5, 0, 0, 0, -4];
    assert.equal(weightImages(params, layout, 0), null);
    const pictures = weightImages(params, layout, 2);
    assert.equal(pictures.half, 4);
    assert.deepEqual(Array.from(pictures.images[0]), [1, -2, 3, 0.5]);
    assert.deepEqual(Array.from(pictures.images[1]), [0, 0, 0, -4]);
  });
});

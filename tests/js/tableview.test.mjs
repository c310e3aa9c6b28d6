// A table's view data (www/tableview.js) and the typed table's CSV
// (www/render/table.js), in Node on small made-up tables.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvCell, parsePaste, toCsv } from "../../www/render/table.js";
import { digitView } from "../../www/examples.js";
import {
  changedHeld,
  confusion,
  imageInk,
  imageSide,
  inkScale,
  inputShades,
  isImage,
  percent,
  planePoints,
  predictionView,
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
  it("places each row at the slice's two inputs, mapping each range onto −6 to 6", () => {
    const set = (points) => ({
      length: points.length / 3,
      points: Float64Array.from(points),
      classes: Uint32Array.of(0, 1),
      values: new Float64Array(0),
    });
    const points = { dims: 2, classes: 2, train: set([-1, 0, 5.5, 1, 4, 5]), test: set([]) };
    const plane = planePoints(points, TABLE, { x: 0, y: 1, held: [10, 2, 5.5] });
    assert.equal(plane.dims, 2);
    assert.deepEqual(Array.from(plane.train.points), [-6, -6, 6, 6]);
    assert.equal(plane.test.points.length, 0);
    assert.deepEqual(Array.from(plane.train.classes), [0, 1]);
    // x = c (5.5 and 5 over 5 to 6), y = a (−1 and 1 over −1 to 1).
    const swapped = planePoints(points, TABLE, { x: 2, y: 0, held: [10, 2, 5.5] });
    assert.deepEqual(Array.from(swapped.train.points), [0, -6, -6, 6]);
  });

  it("names the inputs, the slice, what is held and the axes in the file's units", () => {
    assert.deepEqual(
      tableInputs(TABLE).map((f) => [f.label, f.on, f.fixed]),
      [
        ["a", true, true],
        ["b", true, true],
        ["c", true, true],
      ],
    );
    const defaults = { x: 0, y: 1, held: [10, 2, 5.5] };
    assert.equal(sliceText(TABLE, defaults, defaults), "The heatmaps show a slice: x = a, y = b, the other input at its mean.");
    assert.equal(sliceText({ ...TABLE, inputNames: ["a", "b"] }, defaults, defaults), "The heatmaps show a slice: x = a, y = b.");
    const four = { ...TABLE, inputNames: ["a", "b", "c", "d"] };
    const wide = { x: 0, y: 1, held: [10, 2, 5.5, 7] };
    assert.equal(sliceText(four, wide, wide), "The heatmaps show a slice: x = a, y = b, the other inputs at their means.");
    // A held value set by hand is named; one of an axis does not count.
    const set = { x: 2, y: 0, held: [1, 2, 5.5, 7.25] };
    assert.deepEqual(changedHeld(set, wide), [3]);
    assert.equal(sliceText(four, set, wide), "The heatmaps show a slice: x = c, y = a, d at 7.25, the other at its mean.");
    const all = { x: 2, y: 0, held: [1, 3, 5.5, 7.25] };
    assert.equal(sliceText(four, all, wide), "The heatmaps show a slice: x = c, y = a, b at 3, d at 7.25.");
    assert.equal(sliceText({ ...TABLE, inputNames: ["a"] }, null, null), "The heatmaps show the output over x = a.");
    // A square image's pixels are held at the mean image.
    const image = { ...TABLE, inputNames: Array.from({ length: 64 }, (_, i) => `p${i}`) };
    const pixels = { x: 9, y: 10, held: new Array(64).fill(0) };
    assert.equal(isImage(image), true);
    assert.equal(isImage(TABLE), false);
    assert.equal(sliceText(image, pixels, pixels), "The heatmaps show a slice: x = p9, y = p10, the other pixels at the mean image.");
    const one = { ...pixels, held: pixels.held.map((v, i) => (i === 20 ? 16 : v)) };
    assert.equal(sliceText(image, one, pixels), "The heatmaps show a slice: x = p9, y = p10, p20 at 16, the others at the mean image.");
    // x · scale + mean: −1 · 2 + 10 = 8.
    assert.deepEqual(tableAxes(TABLE, defaults).x, { name: "a", low: 8, high: 12 });
    assert.deepEqual(tableAxes(TABLE, { x: 2, y: 0 }).y, { name: "a", low: 8, high: 12 });
    assert.deepEqual(tableAxes({ ...TABLE, inputNames: ["a"] }, null).y, null);
    // The example's inputs coloured by where they lie in their ranges.
    assert.deepEqual(inputShades([0, 4, 5.25], TABLE), [0, 1, -0.5]);
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

  it("counts a confusion matrix from the engine's predicted classes, with each cell's examples and per-class accuracy", () => {
    const result = confusion([0, 1, 0], [0, 1, 1], 2);
    assert.deepEqual(result.counts, [
      [1, 0],
      [1, 1],
    ]);
    assert.deepEqual(result.examples, [
      [[0], []],
      [[2], [1]],
    ]);
    assert.deepEqual(result.perClass, [1, 0.5]);
    assert.equal(result.accuracy, 2 / 3);
    assert.ok(
      Number.isNaN(
        summarize([
          [0, 0],
          [1, 2],
        ]).perClass[0],
      ),
    );
  });

  it("says what the what-if predicts: softmax's probabilities, one output's, or the value", () => {
    const iris = { ...TABLE, classNames: ["setosa", "versicolor", "virginica"] };
    const softmax = predictionView({ output: [0.1, 0.85, 0.05], class: 1 }, iris, { output_activation: "softmax", loss: "softmax_ce" });
    assert.equal(softmax.text, "versicolor, probability 85.0 %");
    assert.deepEqual(softmax.rows, [
      { name: "setosa", text: "10.0 %", chosen: false },
      { name: "versicolor", text: "85.0 %", chosen: true },
      { name: "virginica", text: "5.0 %", chosen: false },
    ]);
    const sigmoid = predictionView({ output: [0.25], class: 0 }, TABLE, { output_activation: "sigmoid", loss: "bce" });
    assert.equal(sigmoid.text, "no (probability of yes: 25.0 %)");
    const tanh = predictionView({ output: [-0.4], class: 0 }, TABLE, { output_activation: "tanh", loss: "mse" });
    assert.equal(tanh.text, "no (output −0.4000)");
    const value = predictionView({ output: [0.61], class: null }, { ...TABLE, classNames: [] }, { output_activation: "linear", loss: "mse" });
    assert.deepEqual(value, { text: "y = 0.6100", rows: [] });
    assert.equal(percent(0.00004), "0.0 %");
    assert.equal(percent(0.9996), "100.0 %");
  });

  it("reads a square image's test images back in the file's units", () => {
    const table = { ...TABLE, inputNames: Array.from({ length: 16 * 4 }, (_, i) => `p${i}`), classNames: ["0", "1"] };
    table.means = new Array(64).fill(8);
    table.scales = new Array(64).fill(4);
    const points = Float64Array.from({ length: 128 }, (_, i) => (i < 64 ? -2 : 2));
    const rows = { test: { length: 2, points, classes: Uint32Array.of(0, 1) } };
    const view = digitView(table, rows, Uint32Array.of(1, 1), 3);
    assert.equal(view.side, 8);
    assert.equal(view.count, 2);
    assert.deepEqual(Array.from(view.image(0)).slice(0, 2), [0, 0]);
    assert.equal(view.max, 16);
    assert.deepEqual(Array.from(view.actual), [0, 1]);
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
    assert.deepEqual(imageInk([0, 2], table, scale), [0.5, 1]);
    assert.deepEqual(imageInk([4, 0], table, scale), [1, 0.5]);
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

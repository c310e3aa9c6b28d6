// View data for a table's run (a CSV file, a typed table, a built-in set):
// the inputs by name for the diagram, the rows' points on the plane the
// heatmaps show (the slice's two inputs, `lab.slice()`, mapped from
// `table().ranges` onto −6 to 6), the sentence saying which slice that is,
// and the confusion matrix. Like view.js it reads engine objects and
// touches no DOM.

import { formatNumber, formatSignificant } from "./render/format.js";

const EXTENT = 6;

/** Inputs above this many are drawn as a compact column (no full-size nodes). */
export const COMPACT_INPUTS = 16;

/** The diagram's input column for a table: each input by its name, always on. */
export function tableInputs(table) {
  return table.inputNames.map((name, i) => ({ name: `input-${i}`, label: name, on: true, fixed: true }));
}

/** A value of input `i` (as trained on) at its place on the plane's −6 to 6. */
function toPlane(value, [low, high]) {
  return high > low ? -EXTENT + ((value - low) / (high - low)) * 2 * EXTENT : 0;
}

/**
 * `lab.points()` of a table's run, as the output plot draws points: each
 * row at the slice's two inputs (`lab.slice()`; one for a one-input table)
 * on the plane, the way `evaluateGrid` maps `table.ranges` onto it.
 */
export function planePoints(points, table, slice) {
  const k = table.inputNames.length;
  const dims = Math.min(2, k);
  const axes = dims === 1 ? [0] : [slice.x, slice.y];
  const place = (set) => {
    const xy = new Float64Array(set.length * dims);
    for (let e = 0; e < set.length; e += 1) {
      axes.forEach((i, d) => {
        xy[e * dims + d] = toPlane(set.points[e * k + i], table.ranges[i]);
      });
    }
    return { ...set, points: xy };
  };
  return { ...points, dims, train: place(points.train), test: place(points.test) };
}

/** A value as trained on, back in the file's units (standardization undone). */
export function fileValue(table, i, value) {
  return value * table.scales[i] + table.means[i];
}

/** The output plot's axes: each plane axis's input name and its span in the file's units. */
export function tableAxes(table, slice) {
  const axis = (i) => ({ name: table.inputNames[i], low: fileValue(table, i, table.ranges[i][0]), high: fileValue(table, i, table.ranges[i][1]) });
  return table.inputNames.length === 1 ? { x: axis(0), y: null } : { x: axis(slice.x), y: axis(slice.y) };
}

/** Whether a table's inputs are a square image's pixels (8 × 8 digits; see `imageSide`). */
export function isImage(table) {
  return imageSide(table.inputNames) > 0;
}

/** The inputs other than the slice's axes whose held value is not the default (`defaults`, `lab.defaultSlice()`). */
export function changedHeld(slice, defaults) {
  return slice.held.map((_, i) => i).filter((i) => i !== slice.x && i !== slice.y && slice.held[i] !== defaults.held[i]);
}

/** Where the other inputs are held: "at their means", or the ones set by hand and the rest (a square image's pixels: the mean image). */
export function heldText(table, slice, defaults) {
  const others = table.inputNames.length - 2;
  const changed = changedHeld(slice, defaults);
  const image = isImage(table);
  const rest = changed.length === others ? "" : image ? "the mean image" : others - changed.length === 1 ? "its mean" : "their means";
  if (changed.length === 0)
    return image ? "the other pixels at the mean image" : others === 1 ? "the other input at its mean" : "the other inputs at their means";
  const set =
    changed.length > 3
      ? `${changed.length} ${image ? "pixels" : "inputs"} at values you set`
      : changed.map((i) => `${table.inputNames[i]} at ${formatSignificant(slice.held[i], 5)}`).join(", ");
  if (rest === "") return set;
  return `${set}, the ${others - changed.length === 1 ? "other" : "others"} at ${rest}`;
}

/** Which slice of the inputs the heatmaps show (`slice` `lab.slice()`, `defaults` `lab.defaultSlice()`). */
export function sliceText(table, slice, defaults) {
  const names = table.inputNames;
  if (names.length === 1) return `The heatmaps show the output over x = ${names[0]}.`;
  const rest = names.length > 2 ? `, ${heldText(table, slice, defaults)}` : "";
  return `The heatmaps show a slice: x = ${names[slice.x]}, y = ${names[slice.y]}${rest}.`;
}

/** Whether the inputs' spans differ enough (a factor over 10) that standardizing helps. */
export function scalesDiffer(ranges) {
  const spans = ranges.map(([low, high]) => high - low).filter((s) => s > 0);
  return spans.length > 1 && Math.max(...spans) / Math.min(...spans) > 10;
}

/**
 * The confusion matrix of one split, `counts[actual][predicted]`, from the
 * engine's predicted classes (`lab.predictions(split).classes`) and the
 * actual ones (`lab.points()[split].classes`), with the examples in each
 * cell (`examples[actual][predicted]`, indices into the split), per-class
 * accuracy (NaN for a class with no example) and the overall accuracy.
 */
export function confusion(predicted, actual, classes) {
  const counts = Array.from({ length: classes }, () => new Array(classes).fill(0));
  const examples = Array.from({ length: classes }, () => Array.from({ length: classes }, () => []));
  for (let e = 0; e < actual.length; e += 1) {
    counts[actual[e]][predicted[e]] += 1;
    examples[actual[e]][predicted[e]].push(e);
  }
  return { ...summarize(counts), examples };
}

/** Per-class and overall accuracy of a confusion matrix. */
export function summarize(counts) {
  const perClass = counts.map((row, k) => row[k] / row.reduce((a, b) => a + b, 0));
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const right = counts.reduce((sum, row, k) => sum + row[k], 0);
  return { counts, perClass, accuracy: right / total, total };
}

/**
 * The side of the square image a table's inputs form, or 0: a square number
 * of inputs, over COMPACT_INPUTS, all named by one prefix and a number
 * (digits' p00 … p77, a CSV's pixel0 … pixel783), so that 36 unrelated
 * columns are not taken for a 6 × 6 picture.
 */
export function imageSide(names) {
  const side = Math.round(Math.sqrt(names.length));
  if (side * side !== names.length || names.length <= COMPACT_INPUTS) return 0;
  const prefix = /^(\D*)\d+$/.exec(names[0])?.[1];
  return prefix !== undefined && names.every((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) ? side : 0;
}

/**
 * The first layer's incoming weights as square pictures, one per neuron
 * (`values` side × side, row by row), coloured on one scale (`half`, the
 * largest magnitude); null unless the inputs are an image (`side`, from
 * `imageSide`, not 0).
 */
export function weightImages(params, layout, side) {
  const n = layout.sizes[0];
  if (!side || side * side !== n) return null;
  let half = 0;
  const images = Array.from({ length: layout.sizes[1] }, (_, j) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i += 1) {
      values[i] = params[layout.weight(0, j, i)];
      half = Math.max(half, Math.abs(values[i]));
    }
    return values;
  });
  return { side, images, half: half || 1 };
}

/** Each input of the example shown (`inputs`, as trained on), from −1 (its range's low end) to 1 (its high end). */
export function inputShades(inputs, table) {
  return table.ranges.map(([low, high], i) => (high > low ? ((inputs[i] - low) / (high - low)) * 2 - 1 : 0));
}

/** A share as a percentage with one decimal (0.0 % for a tiny one, never an exponent). */
export function percent(v) {
  return `${formatNumber(Math.round(v * 1000) / 10, 1)} %`;
}

/**
 * What the what-if says of its input (`run`, `lab.predict`; `config` the
 * lab's): the predicted class (the engine's) and how sure the network is
 * (softmax's probabilities; one sigmoid output under cross-entropy, the
 * probability of the second class; else the outputs themselves), or the
 * value. `rows` lists every class's output, the predicted one marked.
 */
export function predictionView(run, table, config) {
  const out = Array.from(run.output);
  const names = table.classNames;
  if (names.length === 0) return { text: `${table.targetName} = ${formatNumber(out[0], 4)}`, rows: [] };
  const chosen = names[run.class];
  const softmax = config.output_activation === "softmax";
  const rows =
    out.length > 1 ? out.map((v, k) => ({ name: names[k], text: softmax ? percent(v) : formatNumber(v, 4), chosen: k === run.class })) : [];
  if (softmax) return { text: `${chosen}, probability ${percent(out[run.class])}`, rows };
  if (out.length === 1 && config.output_activation === "sigmoid" && config.loss === "bce") {
    return { text: `${chosen} (probability of ${names[1]}: ${percent(out[0])})`, rows };
  }
  if (out.length === 1) return { text: `${chosen} (output ${formatNumber(out[0], 4)})`, rows };
  return { text: `${chosen} (the largest output, ${formatNumber(out[run.class], 4)})`, rows };
}

/**
 * The ink scale of an image's pixels: the lowest and highest value any pixel
 * takes in `points` (a table's `lab.points()`), in the file's units (digits:
 * 0 and 16). One scale for every pixel, so a pixel that never varies is blank.
 */
export function inkScale(points, table) {
  const k = table.inputNames.length;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const set of [points.train, points.test]) {
    for (let e = 0; e < set.length * k; e += 1) {
      const value = fileValue(table, e % k, set.points[e]);
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  return { low, high };
}

/** An image's pixels for the example shown (`inputs`, as trained on), as ink from 0 (`scale.low`, white) to 1 (`scale.high`, black). */
export function imageInk(inputs, table, { low, high }) {
  const span = high > low ? high - low : 1;
  return table.inputNames.map((_, i) => (fileValue(table, i, inputs[i]) - low) / span);
}

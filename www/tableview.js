// View data for a table's run (a CSV file, a typed table, a built-in set):
// the inputs by name for the diagram, the rows' points on the plane the
// heatmaps show (the first two inputs, mapped from `table().ranges` onto
// −6 to 6), the sentence saying which slice that is, and the confusion
// matrix. Like view.js it reads engine objects and touches no DOM.

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
 * row at its first two inputs (one for a one-input table) on the plane,
 * the way `evaluateGrid` maps `table.ranges` onto it.
 */
export function planePoints(points, table) {
  const k = table.inputNames.length;
  const dims = Math.min(2, k);
  const place = (set) => {
    const xy = new Float64Array(set.length * dims);
    for (let e = 0; e < set.length; e += 1) {
      for (let d = 0; d < dims; d += 1) xy[e * dims + d] = toPlane(set.points[e * k + d], table.ranges[d]);
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
export function tableAxes(table) {
  const axis = (i) =>
    i < table.inputNames.length
      ? { name: table.inputNames[i], low: fileValue(table, i, table.ranges[i][0]), high: fileValue(table, i, table.ranges[i][1]) }
      : null;
  return { x: axis(0), y: axis(1) };
}

/** Which slice of the inputs the heatmaps show. */
export function sliceText(table) {
  const names = table.inputNames;
  if (names.length === 1) return `The heatmaps show the output over x = ${names[0]}.`;
  const rest = names.length > 2 ? `, the other ${names.length - 2 === 1 ? "input at its mean" : "inputs at their means"}` : "";
  return `The heatmaps show a slice: x = ${names[0]}, y = ${names[1]}${rest}.`;
}

/** Whether the inputs' spans differ enough (a factor over 10) that standardizing helps. */
export function scalesDiffer(ranges) {
  const spans = ranges.map(([low, high]) => high - low).filter((s) => s > 0);
  return spans.length > 1 && Math.max(...spans) / Math.min(...spans) > 10;
}

/** The class an output row predicts: the largest output, or for one output its side of the targets' midpoint. */
export function predictedClass(output, midpoint) {
  if (output.length === 1) return output[0] >= midpoint ? 1 : 0;
  let best = 0;
  for (let k = 1; k < output.length; k += 1) if (output[k] > output[best]) best = k;
  return best;
}

/**
 * The confusion matrix of one split, `counts[actual][predicted]`, from each
 * example run on its own (`lab.example`), with per-class accuracy (NaN for a
 * class with no example) and the overall accuracy. `midpoint` is the
 * one-output threshold (the middle of the loss's target range).
 */
export function confusion(lab, split, classes, midpoint) {
  const set = lab.points()[split];
  const counts = Array.from({ length: classes }, () => new Array(classes).fill(0));
  for (let e = 0; e < set.length; e += 1) {
    const a = lab.example(split, e).a;
    counts[set.classes[e]][predictedClass(a[a.length - 1], midpoint)] += 1;
  }
  return summarize(counts);
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

/** Each input of the example shown, from −1 (its range's low end) to 1 (its high end): `points` a table's `lab.points()`. */
export function inputShades(points, table, { split, index }) {
  const k = table.inputNames.length;
  const set = points[split];
  if (index >= set.length) return null;
  return table.ranges.map(([low, high], i) => (high > low ? ((set.points[index * k + i] - low) / (high - low)) * 2 - 1 : 0));
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

/** An image's pixels for the example shown, as ink from 0 (`scale.low`, white) to 1 (`scale.high`, black). */
export function imageInk(points, table, { split, index }, { low, high }) {
  const k = table.inputNames.length;
  const set = points[split];
  if (index >= set.length) return null;
  const span = high > low ? high - low : 1;
  return table.inputNames.map((_, i) => (fileValue(table, i, set.points[index * k + i]) - low) / span);
}

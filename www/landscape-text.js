// The loss landscape panel's sentences: one per reading (sharpness against
// 2/η, the last step on its parabola, the shape of the plane around the
// current point, the straight path from the start). Pure functions of the
// engine's numbers, which they quote.

import { formatSignificant } from "./render/format.js";

const num = (v) => formatSignificant(v, 3);

/** λ against 2/η (`sharpness`: `lab.sharpness()`; `optimizer`: the config's kind). */
export function sharpnessSentence(sharpness, optimizer) {
  const { lambda, threshold } = sharpness;
  const caveat =
    optimizer === "sgd"
      ? ""
      : ` (The threshold is plain gradient descent's; ${optimizer} scales its steps weight by weight, so it compares only roughly.)`;
  if (!Number.isFinite(lambda)) return `The sharpness could not be measured here: the loss is not finite.${caveat}`;
  const reading =
    lambda > threshold
      ? `above 2/η = ${num(threshold)}: plain gradient descent at this learning rate overshoots along the sharpest direction, and the loss grows along it from step to step.`
      : `below 2/η = ${num(threshold)}: a plain gradient-descent step of this size does not overshoot along the sharpest direction.`;
  return `The sharpness λ = ${num(lambda)} is ${reading}${caveat}`;
}

/** Where the last step landed on the parabola fitted along it (`lab.lastStep()`). */
export function stepSentence(fit) {
  const at = fit.vertex === null || fit.vertex === undefined ? "" : num(fit.vertex);
  switch (fit.verdict) {
    case "short":
      return `The last step stopped short of the minimum along its direction: the fitted parabola is lowest ${at} steps along it.`;
    case "at":
      return `The last step landed at the minimum along its direction (the fitted parabola is lowest ${at} steps along it).`;
    case "past":
      return `The last step overshot the minimum along its direction (lowest at ${at} of the step) but still landed lower than it started.`;
    case "far_past":
      return `The last step overshot so far (the minimum was at ${at} of the step) that it landed higher than it started: the step is too big.`;
    case "uphill":
      return "The loss over the training set rose from the very start of the last step: its batch's gradient pointed uphill for the whole set.";
    default:
      return "The loss curves downward along the last step: no minimum along it, so a longer step would have gone lower.";
  }
}

/**
 * The shape of the plane around the current point, from the engine's plane
 * (`lab.landscape()`): its curvature's eigenvalues and where the minimum is.
 */
export function planeShape(plane) {
  const [high, low] = plane.curvature_eigenvalues;
  const scale = Math.max(Math.abs(high), Math.abs(low));
  const step = plane.coords[1] - plane.coords[0];
  if (!Number.isFinite(plane.center)) return "nonfinite";
  const nearMin = Math.abs(plane.min.alpha) <= step * 1.01 && Math.abs(plane.min.beta) <= step * 1.01;
  if (!(scale > 0)) return "flat";
  if (high > 0.05 * scale && low < -0.05 * scale) return "saddle";
  if (low < 0 && high <= 0.05 * scale) return "hill";
  return nearMin ? "minimum" : "slope";
}

/** One sentence for the shape (`planeShape`). */
export function shapeSentence(shape) {
  return {
    saddle:
      "Around the current point the loss curves up one way and down the other: a saddle in this plane. Gradient descent slows down near one; momentum, or another initialisation, carries it off.",
    minimum:
      "The current point sits at the bottom of a bowl in this plane: a minimum here. If the loss is still high it is a local minimum; momentum or another initialisation can get out of it.",
    hill: "The current point is on a crest in this plane: the loss falls away from it.",
    slope: "The loss still falls toward the marked minimum: there is more downhill to go in this plane.",
    flat: "The loss is flat around the current point in this plane: the gradient there is close to zero, as on a plateau.",
    nonfinite: "The loss is not finite at the current point: there is no shape to read.",
  }[shape];
}

/** The straight path from the start (`lab.landscapePath()`). */
export function pathSentence(curve) {
  const start = curve.losses[0];
  const now = curve.losses[curve.t.indexOf(1)];
  if (curve.climb > 0.01 * Math.max(Math.abs(start), Math.abs(now), 1e-12)) {
    return `On the straight line from the start (epoch ${curve.start_epoch}) to now, the loss rises by ${num(curve.climb)} before it falls: training went around a hill.`;
  }
  return `On the straight line from the start (epoch ${curve.start_epoch}) to now, the loss falls from ${num(start)} to ${num(now)} with no hill between.`;
}

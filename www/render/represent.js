// A layer's view of the input space drawn: the examples as dots in the two
// coordinates (training filled, test ringed), coloured by class or value,
// over the input plane's grid lines carried through the same map.

import { classCss, divergingCss } from "./colors.js";
import { formatSignificant } from "./format.js";
import { textScale } from "./importance.js";

const INK = "#18202e";

/** The box the points span (both sets), padded a tenth; a flat side gets ±1. */
export function bounds(r) {
  const xs = [];
  const ys = [];
  for (const set of [r.train, r.test]) {
    for (let k = 0; k + 1 < set.length; k += 2) {
      xs.push(set[k]);
      ys.push(set[k + 1]);
    }
  }
  const span = (vs) => {
    let [low, high] = vs.length ? [Math.min(...vs), Math.max(...vs)] : [-1, 1];
    if (!(high > low)) [low, high] = [low - 1, high + 1];
    const pad = (high - low) * 0.1;
    return [low - pad, high + pad];
  };
  return { x: span(xs), y: span(ys) };
}

/**
 * Draws `r` (`lab.representation()`) on a square canvas: `classes` whether
 * labels are classes (else values, coloured by size), `labels` the two axes' names.
 */
export function drawRepresentation(canvas, r, classes, labels) {
  const side = Math.max(1, canvas.clientWidth);
  canvas.style.height = `${side}px`;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(side * ratio);
  canvas.height = Math.round(side * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const font = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
  const k = textScale();
  const margin = { left: 62 * k, bottom: 36 * k, top: 8, right: 10 * k };
  const width = side - margin.left - margin.right;
  const height = side - margin.top - margin.bottom;
  const box = bounds(r);
  const px = (x) => margin.left + ((x - box.x[0]) / (box.x[1] - box.x[0])) * width;
  const py = (y) => margin.top + (1 - (y - box.y[0]) / (box.y[1] - box.y[0])) * height;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, side, side);
  ctx.save();
  ctx.beginPath();
  ctx.rect(margin.left, margin.top, width, height);
  ctx.clip();
  // The input plane's grid, warped: the across lines and the up lines in two greys.
  r.grid.forEach((line, n) => {
    ctx.strokeStyle = n < r.grid.length / 2 ? "rgba(24, 32, 46, 0.28)" : "rgba(24, 32, 46, 0.16)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let s = 0; s + 1 < line.length; s += 2) {
      if (s === 0) ctx.moveTo(px(line[s]), py(line[s + 1]));
      else ctx.lineTo(px(line[s]), py(line[s + 1]));
    }
    ctx.stroke();
  });
  const largest = classes ? 1 : Math.max(1e-12, ...[...r.train_labels, ...r.test_labels].map(Math.abs));
  const colour = (label) => (classes ? classCss(label) : divergingCss(label / largest));
  for (const [set, labelsOf, test] of [
    [r.train, r.train_labels, false],
    [r.test, r.test_labels, true],
  ]) {
    for (let e = 0; e < labelsOf.length; e += 1) {
      const [x, y] = [px(set[2 * e]), py(set[2 * e + 1])];
      ctx.beginPath();
      ctx.arc(x, y, 3.2 * k, 0, 2 * Math.PI);
      if (test) {
        ctx.strokeStyle = colour(labelsOf[e]);
        ctx.lineWidth = 1.6;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour(labelsOf[e]);
        ctx.fill();
        ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    }
  }
  ctx.restore();
  ctx.strokeStyle = "#9aa4b3";
  ctx.strokeRect(margin.left, margin.top, width, height);
  ctx.fillStyle = INK;
  ctx.font = `${12 * k}px ${font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(formatSignificant(box.x[0], 2), margin.left, side - margin.bottom + 3);
  ctx.fillText(formatSignificant(box.x[1], 2), side - margin.right - 10, side - margin.bottom + 3);
  ctx.font = `600 ${13 * k}px ${font}`;
  ctx.fillText(labels[0], margin.left + width / 2, side - margin.bottom + 17 * k, width);
  ctx.save();
  ctx.translate(10, margin.top + height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "top";
  ctx.fillText(labels[1], 0, -6, height);
  ctx.restore();
  ctx.font = `${12 * k}px ${font}`;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  ctx.fillText(formatSignificant(box.y[1], 2), margin.left - 3, margin.top + 6);
  ctx.fillText(formatSignificant(box.y[0], 2), margin.left - 3, side - margin.bottom - 6);
}

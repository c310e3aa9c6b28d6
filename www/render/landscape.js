// The loss landscape's drawings: the plane as a heatmap with contour lines,
// the training path projected onto it and the current point and the minimum
// marked (square units: α and β share one scale); and the loss along the
// straight path from the start. They take the engine's numbers as they are.

import { fitCanvas, formatNumber } from "./canvas.js";

/** Viridis' stops, low loss dark: readable in grey and for colour-vision deficiencies. */
const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** An RGB colour for t in 0 … 1. */
export function sequential(t) {
  const x = Math.min(1, Math.max(0, Number.isNaN(t) ? 1 : t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(STOPS[i][k] + (STOPS[i + 1][k] - STOPS[i][k]) * f));
}

/**
 * The colour scale of a plane's losses: from the lowest to the 90th
 * percentile (higher values share the top colour), on a square-root scale
 * so the valley's detail shows; `t(loss)` maps into 0 … 1.
 */
export function lossScale(losses) {
  const finite = Array.from(losses)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const low = finite[0] ?? 0;
  const high = finite[Math.floor(0.9 * (finite.length - 1))] ?? 1;
  const span = high > low ? high - low : 1;
  return { low, high, t: (v) => Math.sqrt(Math.max(0, (v - low) / span)) };
}

/**
 * Marching squares: the segments of the level set `level` of a `res × res`
 * grid (row-major, row 0 at the bottom), in grid units (column, row).
 */
export function contourSegments(values, res, level) {
  const segments = [];
  const at = (i, j) => values[j * res + i];
  const cross = (a, b) => (level - a) / (b - a);
  for (let j = 0; j + 1 < res; j += 1) {
    for (let i = 0; i + 1 < res; i += 1) {
      const [v0, v1, v2, v3] = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      if (![v0, v1, v2, v3].every(Number.isFinite)) continue;
      // Edge crossings: bottom, right, top, left.
      const points = [];
      if (v0 < level !== v1 < level) points.push([i + cross(v0, v1), j]);
      if (v1 < level !== v2 < level) points.push([i + 1, j + cross(v1, v2)]);
      if (v3 < level !== v2 < level) points.push([i + cross(v3, v2), j + 1]);
      if (v0 < level !== v3 < level) points.push([i, j + cross(v0, v3)]);
      if (points.length === 2) segments.push(points);
      else if (points.length === 4) segments.push([points[0], points[1]], [points[2], points[3]]);
    }
  }
  return segments;
}

/** The plot's square and its mapping from plane coordinates to pixels. */
function square(width, height, range, scale) {
  // The tick labels (up to "−0.00" wide) and the rotated axis name.
  const padLeft = 52 * scale;
  // Room for half of the last tick's label on the right.
  const padRight = 18 * scale;
  const padBottom = 34 * scale;
  const side = Math.max(10, Math.min(width - padLeft - padRight, height - padBottom - 8));
  const left = padLeft + (width - padLeft - padRight - side) / 2;
  const top = 6;
  const x = (alpha) => left + ((alpha + range) / (2 * range)) * side;
  const y = (beta) => top + side - ((beta + range) / (2 * range)) * side;
  return { left, top, side, x, y };
}

/**
 * Draws `plane` (`lab.landscape()`) with axis names `labels = [x, y]`;
 * returns the colour scale used (for the legend).
 */
export function drawPlane(canvas, plane, labels) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
  const { resolution: res, range, losses } = plane;
  const box = square(width, height, range, scale);
  const colours = lossScale(losses);
  // The grid as an image, one pixel a point, stretched (and smoothed) onto the square.
  const image = new ImageData(res, res);
  for (let j = 0; j < res; j += 1) {
    for (let i = 0; i < res; i += 1) {
      const rgb = sequential(colours.t(losses[j * res + i]));
      image.data.set([...rgb, 255], ((res - 1 - j) * res + i) * 4);
    }
  }
  const tile = new OffscreenCanvas(res, res);
  tile.getContext("2d").putImageData(image, 0, 0);
  // Grid points sit at the square's edges: the image's pixel centres are pulled out half a cell.
  const cell = box.side / (res - 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.side, box.side);
  ctx.clip();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, box.left - cell / 2, box.top - cell / 2, box.side + cell, box.side + cell);
  // Contour lines at ten levels of the colour scale.
  ctx.strokeStyle = "rgba(255, 255, 255, 0.55)";
  ctx.lineWidth = 1;
  const toX = (i) => box.left + i * cell;
  const toY = (j) => box.top + box.side - j * cell;
  for (let k = 1; k < 10; k += 1) {
    const level = colours.low + (colours.high - colours.low) * (k / 10) ** 2;
    ctx.beginPath();
    for (const [[i0, j0], [i1, j1]] of contourSegments(losses, res, level)) {
      ctx.moveTo(toX(i0), toY(j0));
      ctx.lineTo(toX(i1), toY(j1));
    }
    ctx.stroke();
  }
  drawPath(ctx, plane, box);
  ctx.restore();
  drawMarkers(ctx, plane, box);
  drawAxes(ctx, box, range, labels, scale);
  return colours;
}

function drawPath(ctx, plane, box) {
  const path = plane.path;
  if (path.length > 1) {
    for (const [colour, widthPx] of [
      ["rgba(0, 0, 0, 0.6)", 4],
      ["#fff", 2],
    ]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = widthPx;
      ctx.beginPath();
      for (const p of path) ctx.lineTo(box.x(p.alpha), box.y(p.beta));
      ctx.stroke();
    }
    // The start: a square.
    const s = path[0];
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 1.5;
    ctx.fillRect(box.x(s.alpha) - 4, box.y(s.beta) - 4, 8, 8);
    ctx.strokeRect(box.x(s.alpha) - 4, box.y(s.beta) - 4, 8, 8);
  }
}

/** The minimum found (a cross) and the current point (a ring), whole even at the square's edge. */
function drawMarkers(ctx, plane, box) {
  // The minimum found: a cross.
  const mx = box.x(plane.min.alpha);
  const my = box.y(plane.min.beta);
  for (const [colour, widthPx] of [
    ["#000", 4.5],
    ["#ff5a5a", 2.5],
  ]) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = widthPx;
    ctx.beginPath();
    ctx.moveTo(mx - 6, my - 6);
    ctx.lineTo(mx + 6, my + 6);
    ctx.moveTo(mx + 6, my - 6);
    ctx.lineTo(mx - 6, my + 6);
    ctx.stroke();
  }
  // The current point: a ring at the centre.
  ctx.fillStyle = "#fff";
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(box.x(0), box.y(0), 5.5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}

function drawAxes(ctx, box, range, [xLabel, yLabel], scale) {
  ctx.strokeStyle = "#8a94a3";
  ctx.lineWidth = 1;
  ctx.strokeRect(box.left, box.top, box.side, box.side);
  ctx.fillStyle = "#3d4654";
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const bottom = box.top + box.side + 3;
  for (const v of [-range, 0, range]) ctx.fillText(formatNumber(v, 2), box.x(v), bottom);
  ctx.fillText(xLabel, box.left + box.side / 2, bottom + 13 * scale);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  let widest = 0;
  for (const v of [-range, 0, range]) {
    const text = formatNumber(v, 2);
    widest = Math.max(widest, ctx.measureText(text).width);
    ctx.fillText(text, box.left - 3, box.y(v));
  }
  ctx.save();
  ctx.textBaseline = "bottom";
  ctx.translate(box.left - widest - 6, box.top + box.side / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
}

/** Draws the loss along the straight path (`lab.landscapePath()`), start and now marked. */
export function drawPathCurve(canvas, curve) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
  const finite = curve.losses.filter(Number.isFinite);
  if (finite.length === 0) return;
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const span = high > low ? high - low : 1;
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  const padLeft = Math.max(ctx.measureText(formatNumber(high, 2)).width, ctx.measureText(formatNumber(low, 2)).width) + 8;
  const padBottom = 16 * scale;
  const tMax = curve.t.at(-1);
  const x = (t) => padLeft + (t / tMax) * (width - padLeft - 6);
  const y = (v) => 8 + (1 - (v - low) / span) * (height - padBottom - 14);
  ctx.strokeStyle = "#1f6fb8";
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let k = 0; k < curve.t.length; k += 1) ctx.lineTo(x(curve.t[k]), y(curve.losses[k]));
  ctx.stroke();
  ctx.fillStyle = "#3d4654";
  ctx.strokeStyle = "#8a94a3";
  ctx.lineWidth = 1;
  ctx.textBaseline = "top";
  for (const [t, text] of [
    [0, `start (epoch ${curve.start_epoch})`],
    [1, "now"],
  ]) {
    ctx.beginPath();
    ctx.moveTo(x(t), 2);
    ctx.lineTo(x(t), height - padBottom);
    ctx.stroke();
    ctx.textAlign = t === 0 ? "left" : "center";
    ctx.fillText(text, x(t), height - padBottom + 2);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  ctx.fillText(formatNumber(high, 2), padLeft - 4, y(high));
  ctx.fillText(formatNumber(low, 2), padLeft - 4, y(low));
}

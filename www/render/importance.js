// Feature importance drawn: a bar chart of both measures per input, the
// numbers written beside the bars, and for an image's inputs (digits' 8 × 8)
// each measure as a picture. Plain data in: `importanceRows` turns the
// engine's result and the inputs' names into rows.

import { POSITIVE } from "./colors.js";
import { formatSignificant } from "./format.js";

const INK = "#18202e";
const ROW = 24;
const HEAD = 34;

/**
 * The engine's `lab.importance()` and the inputs' names as rows `{ index,
 * name, sensitivity, permutation, spread, rank }`, most important first by
 * permutation (ties by sensitivity); `rank` from 1.
 */
export function importanceRows(result, names) {
  const rows = names.map((name, index) => ({
    index,
    name,
    sensitivity: result.sensitivity[index],
    permutation: result.permutation[index],
    spread: result.permutation_spread[index],
  }));
  rows.sort((a, b) => b.permutation - a.permutation || b.sensitivity - a.sensitivity || a.index - b.index);
  return rows.map((row, k) => ({ ...row, rank: k + 1 }));
}

/** How much larger than 15 px the page's text is (a projector's screen): the charts' text and rows grow with it. */
export function textScale() {
  return Math.max(1, (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 15) / 15);
}

/** Sizes a canvas to `height` CSS pixels at its width, sharp at the device's pixel ratio. */
function fit(canvas, height) {
  canvas.style.height = `${height}px`;
  const width = Math.max(1, canvas.clientWidth);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width };
}

/**
 * Both measures as bars, one row per input of `rows` (already the ones to
 * show, in order): the name, mean |∂L/∂x| and the loss's rise when shuffled,
 * each scaled to its largest and written beside its bar. Side by side on a
 * wide canvas, one above the other on a narrow one.
 */
export function drawImportance(canvas, rows) {
  const width = Math.max(1, canvas.clientWidth);
  const k = textScale();
  const [rowHeight, headHeight] = [ROW * k, HEAD * k];
  const stacked = width < 520;
  const block = headHeight + rows.length * rowHeight;
  const height = (stacked ? 2 * block : block) + 6;
  const { ctx } = fit(canvas, height);
  const font = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
  ctx.clearRect(0, 0, width, height);
  const nameWidth = Math.min(width * 0.3, (12 + 8 * Math.max(...rows.map((r) => r.name.length), 3)) * k);
  const span = stacked ? width - 4 : (width - 8) / 2;
  const measures = [
    { key: "sensitivity", title: "Sensitivity, mean |∂L/∂x|", colour: `rgb(${POSITIVE.join(",")})` },
    { key: "permutation", title: "Permutation: loss rise if shuffled", colour: INK },
  ];
  ctx.textBaseline = "middle";
  measures.forEach((m, n) => {
    const left = stacked ? 0 : n * (span + 8);
    const top = stacked ? n * block : 0;
    const x = left + nameWidth + 4;
    const barRoom = Math.max(10, span - nameWidth - 78 * k);
    const largest = Math.max(...rows.map((r) => r[m.key]), 0) || 1;
    ctx.fillStyle = INK;
    ctx.font = `600 ${13 * k}px ${font}`;
    ctx.textAlign = "left";
    ctx.fillText(m.title, left + 2, top + headHeight / 2, span - 4);
    rows.forEach((r, i) => {
      const y = top + headHeight + i * rowHeight;
      const value = r[m.key];
      const length = (Math.max(0, value) / largest) * barRoom;
      ctx.fillStyle = m.colour;
      ctx.fillRect(x, y + 4 * k, length, rowHeight - 8 * k);
      ctx.fillStyle = INK;
      ctx.font = `${13 * k}px ${font}`;
      ctx.textAlign = "left";
      ctx.fillText(formatSignificant(value, 3), x + length + 5, y + rowHeight / 2);
      ctx.textAlign = "right";
      ctx.fillText(r.name, left + nameWidth, y + rowHeight / 2, nameWidth - 4);
    });
    // The zero line the bars grow from.
    ctx.fillStyle = "#9aa4b3";
    ctx.fillRect(x - 1, top + headHeight, 1, rows.length * rowHeight);
  });
}

/**
 * One measure over an image's inputs as the picture they make (`side` ×
 * `side`, row by row): white at 0, darkest blue at the largest value.
 */
export function drawPicture(canvas, values, side) {
  const cell = 14;
  canvas.width = side * cell;
  canvas.height = side * cell;
  const ctx = canvas.getContext("2d");
  const largest = Math.max(...values, 0) || 1;
  for (let i = 0; i < side * side; i += 1) {
    const t = Math.max(0, values[i]) / largest;
    const [r, g, b] = POSITIVE.map((c) => Math.round(255 + (c - 255) * t));
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect((i % side) * cell, Math.floor(i / side) * cell, cell, cell);
  }
}

// One example's saliency drawn: ∂ŷ/∂x per input as bars either side of 0
// (blue up, orange down, the number beside each), or for an image's inputs
// as a picture beside the example's own.

import { divergingCss } from "./colors.js";
import { formatSignificant } from "./format.js";
import { textScale } from "./importance.js";

const INK = "#18202e";
const ROW = 24;

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

/** `rows` `[{ name, value }]` as bars from a middle line, each scaled to the largest |value| and written. */
export function drawSaliency(canvas, rows) {
  const k = textScale();
  const rowHeight = ROW * k;
  const height = rows.length * rowHeight + 6;
  const { ctx, width } = fit(canvas, height);
  const font = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
  ctx.clearRect(0, 0, width, height);
  const nameWidth = Math.min(width * 0.3, (12 + 8 * Math.max(...rows.map((r) => r.name.length), 3)) * k);
  // Room for a number either side of the bars.
  const half = Math.max(10, (width - nameWidth - 8) / 2 - 70 * k);
  const middle = nameWidth + 8 + 70 * k + half;
  const largest = Math.max(...rows.map((r) => Math.abs(r.value)), 0) || 1;
  ctx.textBaseline = "middle";
  ctx.font = `${13 * k}px ${font}`;
  rows.forEach((r, n) => {
    const y = n * rowHeight;
    const length = (Math.abs(r.value) / largest) * half;
    ctx.fillStyle = divergingCss(r.value >= 0 ? 1 : -1);
    ctx.fillRect(r.value >= 0 ? middle : middle - length, y + 4 * k, length, rowHeight - 8 * k);
    ctx.fillStyle = INK;
    ctx.textAlign = r.value >= 0 ? "left" : "right";
    ctx.fillText(formatSignificant(r.value, 3), r.value >= 0 ? middle + length + 4 : middle - length - 4, y + rowHeight / 2);
    ctx.textAlign = "right";
    ctx.fillText(r.name, nameWidth, y + rowHeight / 2, nameWidth - 4);
  });
  ctx.fillStyle = "#9aa4b3";
  ctx.fillRect(middle, 0, 1, rows.length * rowHeight);
}

/** `values` (side × side, row by row) as a picture: `kind` "ink" (0 white to the largest black) or "diverging" (±largest). */
export function drawSquare(canvas, values, side, kind) {
  const cell = 14;
  canvas.width = side * cell;
  canvas.height = side * cell;
  const ctx = canvas.getContext("2d");
  const largest = Math.max(...values.map((v) => (kind === "ink" ? v : Math.abs(v))), 0) || 1;
  for (let i = 0; i < side * side; i += 1) {
    if (kind === "ink") {
      const level = Math.round(255 * (1 - Math.max(0, values[i]) / largest));
      ctx.fillStyle = `rgb(${level}, ${level}, ${level})`;
    } else {
      ctx.fillStyle = divergingCss(values[i] / largest);
    }
    ctx.fillRect((i % side) * cell, Math.floor(i / side) * cell, cell, cell);
  }
}

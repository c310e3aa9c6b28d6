// Heatmaps of one neuron (or feature) over the input plane, from a grid of
// values laid out as the engine returns it: row-major, row 0 = top edge
// (x2 = 6), one row for one-dimensional data.

import { CLASS_COLORS, DIVERGING, DIVERGING32, divergingIndex } from "./colors.js";

/**
 * How a neuron's values become colours.
 * - `{ kind: "diverging", center, half }`: (v − center) / half on the diverging palette.
 * - `{ kind: "class", cls }`: 0 … 1 from white to the class's colour.
 * - `{ kind: "classes", count }`: several neurons at once, coloured by the largest (argmax).
 */
export function colorAt(style, value) {
  if (style.kind === "class") {
    const c = CLASS_COLORS[style.cls % CLASS_COLORS.length];
    const t = Math.min(1, Math.max(0, value));
    return [255 + (c[0] - 255) * t, 255 + (c[1] - 255) * t, 255 + (c[2] - 255) * t];
  }
  let scaled = (value - style.center) / style.half;
  if (style.discretize) scaled = scaled >= 0 ? 0.85 : -0.85;
  const i = divergingIndex(scaled) * 3;
  return [DIVERGING[i], DIVERGING[i + 1], DIVERGING[i + 2]];
}

/**
 * Paints a grid of `values` (starting at `offset`, `columns` wide) into an
 * RGBA buffer, one cell per pixel, taking every `stride`-th row and column
 * (a thumbnail needs no more). Runs for every neuron every frame, so it
 * allocates nothing and stores one word per pixel.
 */
export function paintValues(rgba, values, offset, pixels, style, columns = pixels, stride = 1) {
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
  const rows = pixels / columns;
  const outColumns = Math.ceil(columns / stride);
  let o = 0;
  if (style.kind === "class") {
    const [r, g, b] = CLASS_COLORS[style.cls % CLASS_COLORS.length];
    for (let y = 0; y < rows; y += stride) {
      for (let x = 0; x < columns; x += stride) {
        const v = values[offset + y * columns + x];
        const t = v < 0 ? 0 : v > 1 ? 1 : v;
        words[o++] = (255 << 24) | ((255 + (b - 255) * t) << 16) | ((255 + (g - 255) * t) << 8) | (255 + (r - 255) * t);
      }
    }
    return outColumns;
  }
  const inverse = 1 / style.half;
  const center = style.center;
  const discretize = Boolean(style.discretize);
  for (let y = 0; y < rows; y += stride) {
    const row = offset + y * columns;
    for (let x = 0; x < columns; x += stride) {
      let scaled = (values[row + x] - center) * inverse;
      if (discretize) scaled = scaled >= 0 ? 0.85 : -0.85;
      words[o++] = DIVERGING32[divergingIndex(scaled)];
    }
  }
  return outColumns;
}

/**
 * Paints several neurons' maps as one: each pixel takes the colour of the
 * neuron (class) with the largest value, lighter where it is less sure.
 */
export function paintArgmax(rgba, values, offset, pixels, count, discretize) {
  for (let p = 0; p < pixels; p += 1) {
    let best = 0;
    let bestValue = -Infinity;
    let sum = 0;
    for (let k = 0; k < count; k += 1) {
      const v = values[offset + k * pixels + p];
      sum += v;
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    const c = CLASS_COLORS[best % CLASS_COLORS.length];
    // Share of the winning class, from 1/count (unsure) to 1 (sure).
    const share = sum > 0 ? bestValue / sum : 1;
    const t = discretize ? 0.75 : Math.max(0, (share - 1 / count) / (1 - 1 / count)) * 0.85;
    const o = p * 4;
    rgba[o] = 255 + (c[0] - 255) * t;
    rgba[o + 1] = 255 + (c[1] - 255) * t;
    rgba[o + 2] = 255 + (c[2] - 255) * t;
    rgba[o + 3] = 255;
  }
}

/**
 * A small canvas showing one grid: its backing store is the grid itself
 * (res × res, or res × 1 stretched for 1-D); CSS scales it smoothly.
 */
export class MapCanvas {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.image = null;
  }

  /**
   * Draws `values[offset …]` of a grid with `res` columns and `rows` rows,
   * every `stride`-th pixel of it (2 for a thumbnail).
   */
  draw(values, offset, res, rows, style, stride = 1) {
    if (rows === 1) {
      this.drawCurve(values, offset, res, style);
      return;
    }
    if (style.kind === "classes") stride = 1;
    const size = Math.ceil(res / stride);
    const height = Math.ceil(rows / stride);
    if (this.canvas.width !== size || this.canvas.height !== height) {
      this.canvas.width = size;
      this.canvas.height = height;
      this.image = null;
    }
    if (!this.image) this.image = this.ctx.createImageData(size, height);
    if (style.kind === "classes") {
      paintArgmax(this.image.data, values, offset, res * rows, style.count, style.discretize);
    } else {
      paintValues(this.image.data, values, offset, res * rows, style, res, stride);
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** One-dimensional data: the neuron's value as a curve over x. */
  drawCurve(values, offset, res, style) {
    const size = 64;
    if (this.canvas.width !== size) {
      this.canvas.width = size;
      this.canvas.height = size;
    }
    const ctx = this.ctx;
    ctx.fillStyle = "#fbfcfd";
    ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = "#c9ced6";
    ctx.beginPath();
    ctx.moveTo(0, size / 2);
    ctx.lineTo(size, size / 2);
    ctx.stroke();
    const center = style.center ?? 0.5;
    const half = style.half ?? 0.5;
    ctx.strokeStyle = "#18202e";
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let c = 0; c < res; c += 1) {
      const x = ((c + 0.5) / res) * size;
      const scaled = (values[offset + c] - center) / half;
      const y = size / 2 - Math.max(-1.1, Math.min(1.1, scaled)) * (size / 2 - 4);
      if (c === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}

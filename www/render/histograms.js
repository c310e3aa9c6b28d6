// Every layer's activations and δ of one batch as histograms (the engine's
// counts, lab.histograms): a row per layer, activations left and δ right,
// on ranges shared by the layers, so values that fade through the layers
// narrow to the middle and saturated ones pile up at the ends.

import { fitCanvas, formatNumber } from "./canvas.js";

/** Draws `layers` (`[{ activations, deltas, activation_std, delta_std }]`) into `canvas`. */
export function drawHistograms(canvas, layers) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
  ctx.font = `${10 * scale}px system-ui, sans-serif`;
  const head = 14 * scale;
  const foot = 12 * scale;
  const labelW = 16 * scale;
  const gap = 8 * scale;
  const rowH = (height - head - foot) / Math.max(1, layers.length);
  const colW = (width - labelW - gap) / 2;
  ctx.fillStyle = "#566173";
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.fillText("activations a", labelW, 0);
  ctx.fillText("δ = ∂L/∂z", labelW + colW + gap, 0);
  layers.forEach((layer, l) => {
    const y = head + l * rowH;
    ctx.fillStyle = "#566173";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(String(l + 1), labelW - 4, y + rowH / 2);
    bars(ctx, layer.activations, labelW, y + 1, colW, rowH - 2, "#1f6fb8");
    bars(ctx, layer.deltas, labelW + colW + gap, y + 1, colW, rowH - 2, "#e0801c");
  });
  // The shared ranges under each column.
  const first = layers[0];
  if (!first) return;
  ctx.fillStyle = "#566173";
  ctx.textBaseline = "top";
  const bottom = head + layers.length * rowH + 1;
  for (const [h, x] of [
    [first.activations, labelW],
    [first.deltas, labelW + colW + gap],
  ]) {
    ctx.textAlign = "left";
    ctx.fillText(formatNumber(h.low, 2), x, bottom);
    ctx.textAlign = "right";
    ctx.fillText(formatNumber(h.high, 2), x + colW, bottom);
  }
}

/** One histogram's bars, scaled to its own largest count, on a light ground. */
function bars(ctx, histogram, x, y, w, h, color) {
  ctx.fillStyle = "#f1f3f6";
  ctx.fillRect(x, y, w, h);
  const counts = histogram.counts;
  const most = Math.max(1, ...counts);
  const barW = w / counts.length;
  ctx.fillStyle = color;
  counts.forEach((c, k) => {
    if (c === 0) return;
    const barH = Math.max(1, (c / most) * h);
    ctx.fillRect(x + k * barW, y + h - barH, Math.max(1, barW - 0.5), barH);
  });
}

/** The text alternative: each layer's spreads, one line each. */
export function histogramSummary(layers) {
  return layers.map((layer, l) => `Layer ${l + 1}: std of a ${formatNumber(layer.activation_std, 3)}, std of δ ${formatNumber(layer.delta_std, 3)}`);
}

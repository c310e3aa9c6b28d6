// Predicted against actual for a table's value: one point per example
// (filled by the value as on the output plot; training ringed in grey, as
// white would vanish on this light ground, test in black), the line y = x where a perfect network's points would lie,
// the axes in the target's units. A click on a point, or the arrow keys and
// Enter on the focused chart, picks that example. Plain data in.

import { fitCanvas, formatNumber } from "./canvas.js";
import { divergingCss } from "./colors.js";

const PAD = { left: 40, right: 10, top: 10, bottom: 30 };

export class ScatterView {
  /** `caption` says which point the keys are on; `onPick(split, index)` shows an example. */
  constructor(canvas, caption, { onPick }) {
    this.canvas = canvas;
    this.caption = caption;
    this.onPick = onPick;
    this.view = null;
    /** The point the arrow keys are on, an index into `this.drawn`. */
    this.focus = 0;
    canvas.addEventListener("click", (e) => this.click(e));
    canvas.addEventListener("keydown", (e) => this.key(e));
    canvas.addEventListener("focus", () => this.redraw());
    canvas.addEventListener("blur", () => this.redraw());
    // Drawn again at a new size only: a large table's rows take a while to draw.
    new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (this.size?.width !== width || this.size?.height !== height) this.redraw();
    }).observe(canvas);
  }

  /**
   * `view`: `{ name, train, test, selected }`, each set `{ actual, predicted }`
   * (arrays of the target's values, by example), `selected` the page's
   * example `{ split, index }`.
   */
  draw(view) {
    this.view = view;
    this.redraw();
  }

  redraw() {
    const view = this.view;
    if (!view || this.canvas.offsetParent === null) return;
    const { ctx, width, height } = fitCanvas(this.canvas);
    this.size = { width, height };
    // A loop, not Math.min(...all): a large file's rows would overflow the call's arguments.
    let [low, high] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const set of [view.train, view.test]) {
      for (const values of [set.actual, set.predicted]) {
        for (const v of values) [low, high] = [Math.min(low, v), Math.max(high, v)];
      }
    }
    if (!(high > low)) [low, high] = [low - 0.5, high + 0.5];
    const pad = (high - low) / 20;
    [low, high] = [low - pad, high + pad];
    const side = { w: width - PAD.left - PAD.right, h: height - PAD.top - PAD.bottom };
    const sx = (v) => PAD.left + ((v - low) / (high - low)) * side.w;
    const sy = (v) => PAD.top + (1 - (v - low) / (high - low)) * side.h;
    ctx.fillStyle = "#eef1f5";
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#fbfcfd";
    ctx.fillRect(PAD.left, PAD.top, side.w, side.h);
    // y = x: where a perfect prediction lies.
    ctx.strokeStyle = "rgba(24, 32, 46, 0.55)";
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(sx(low), sy(low));
    ctx.lineTo(sx(high), sy(high));
    ctx.stroke();
    ctx.setLineDash([]);
    this.axes(ctx, { low, high, width, height, side, name: view.name });
    this.drawn = [];
    for (const split of ["train", "test"]) {
      const set = view[split];
      for (let i = 0; i < set.actual.length; i += 1) {
        this.drawn.push({ split, index: i, actual: set.actual[i], predicted: set.predicted[i], x: sx(set.actual[i]), y: sy(set.predicted[i]) });
      }
    }
    this.focus = Math.min(this.focus, Math.max(0, this.drawn.length - 1));
    const radius = width < 260 ? 3 : 3.8;
    for (const p of this.drawn) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = divergingCss(Math.round(p.actual * 16) / 16);
      ctx.fill();
      ctx.lineWidth = p.split === "test" ? 1.6 : 1.2;
      ctx.strokeStyle = p.split === "test" ? "#18202e" : "#8a93a3";
      ctx.stroke();
    }
    const ring = (p, colour) => {
      ctx.beginPath();
      ctx.arc(p.x, p.y, radius + 5, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = colour;
      ctx.stroke();
    };
    const shown = view.selected && this.drawn.find((p) => p.split === view.selected.split && p.index === view.selected.index);
    if (shown) ring(shown, "#18202e");
    if (document.activeElement === this.canvas && this.drawn.length) ring(this.drawn[this.focus], "#1c5fd1");
  }

  /** Both axes in the target's units: its ends and its name, actual along the bottom, predicted up the left. */
  axes(ctx, { low, high, width, height, side, name }) {
    const n = (v) => formatNumber(v, 3);
    ctx.fillStyle = "rgba(24, 32, 46, 0.85)";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(n(low), PAD.left, PAD.top + side.h + 3);
    ctx.textAlign = "right";
    ctx.fillText(n(high), width - PAD.right, PAD.top + side.h + 3);
    ctx.textAlign = "center";
    ctx.fillText(`actual ${name} →`, PAD.left + side.w / 2, height - 13);
    ctx.save();
    ctx.translate(12, PAD.top + side.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(`predicted ${name} →`, 0, 0);
    ctx.restore();
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(n(low), PAD.left - 3, PAD.top + side.h);
    ctx.textBaseline = "top";
    ctx.fillText(n(high), PAD.left - 3, PAD.top);
    ctx.textAlign = "left";
  }

  /** What the keys are on, in words (the caption reads it out). */
  describe(p) {
    const set = p.split === "train" ? "training" : "test";
    return `${set} #${p.index}: actual ${formatNumber(p.actual, 4)}, predicted ${formatNumber(p.predicted, 4)}. Enter shows it.`;
  }

  key(e) {
    if (!this.drawn?.length) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (e.key in moves) {
      const n = this.drawn.length;
      this.focus = (this.focus + moves[e.key] + n) % n;
      this.caption.textContent = this.describe(this.drawn[this.focus]);
      this.redraw();
    } else if (e.key === "Enter" || e.key === " ") {
      const p = this.drawn[this.focus];
      this.onPick(p.split, p.index);
    } else {
      return;
    }
    // The page's own keys (→ steps a batch, Space plays) stay out of it.
    e.preventDefault();
    e.stopPropagation();
  }

  click(e) {
    if (!this.drawn) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best = null;
    let bestDistance = 12;
    this.drawn.forEach((p, k) => {
      const d = Math.hypot(p.x - x, p.y - y);
      if (d < bestDistance) [best, bestDistance] = [k, d];
    });
    if (best === null) return;
    this.focus = best;
    this.caption.textContent = this.describe(this.drawn[best]);
    this.onPick(this.drawn[best].split, this.drawn[best].index);
  }

  /** The points as last drawn, `{ split, index, actual, predicted, x, y }` in CSS pixels of the canvas (for the test interface). */
  points() {
    return (this.drawn ?? []).map((p) => ({ ...p }));
  }
}

// The output panel's big picture: the network's output over the input plane
// (decision regions or a regression surface) with the data points on top;
// for one-dimensional data, the fitted curve through the points. It also
// maps the pointer to the plane, for drawing points (draw.js).

import { fitCanvas, formatNumber } from "./canvas.js";
import { classCss, divergingCss } from "./colors.js";
import { paintArgmax, paintValues } from "./heatmap.js";

const EXTENT = 6;
/** The 1-D plot's vertical half-range: values from −1.6 to 1.6. */
const Y_RANGE = 1.6;

/** How much larger the page's text is than its 15-px base (large screens, style.css): labels and points follow. */
const textScale = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;

export class OutputView {
  /** `onPick(split, index)` is called when a point is clicked. */
  constructor(canvas, { onPick }) {
    this.canvas = canvas;
    this.offscreen = document.createElement("canvas");
    this.offscreenCtx = this.offscreen.getContext("2d");
    this.image = null;
    this.view = null;
    this.onPick = onPick;
    /** Whether a click picks the point under it (not while drawing). */
    this.picking = true;
    canvas.addEventListener("click", (e) => this.click(e));
    new ResizeObserver(() => this.view && this.draw(this.view)).observe(canvas);
  }

  /**
   * `view`: `{ grid, offset, outputs, res, rows, style, points, showTest,
   * selected: {split, index}, discretize, brush }`; `points` as
   * `Lab.points()` gives; `brush` the eraser's circle `{ x, y, r }` in CSS
   * pixels, or none.
   */
  draw(view) {
    this.view = view;
    const { ctx, width, height } = fitCanvas(this.canvas);
    this.size = { width, height };
    if (view.rows === 1) {
      this.drawCurve(ctx, width, height, view);
    } else {
      this.drawPlane(ctx, width, height, view);
    }
    if (view.brush) {
      ctx.beginPath();
      ctx.arc(view.brush.x, view.brush.y, view.brush.r, 0, 2 * Math.PI);
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#18202e";
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  /**
   * The plane's coordinates under a pointer at (`clientX`, `clientY`),
   * kept within the plane: `[x1, x2]`, or on a line `[x1, value]`.
   */
  planeAt(clientX, clientY) {
    const rect = this.canvas.getBoundingClientRect();
    const u = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    const v = Math.min(1, Math.max(0, (clientY - rect.top) / rect.height));
    const x1 = -EXTENT + u * 2 * EXTENT;
    return this.view?.rows === 1 ? [x1, (1 - 2 * v) * Y_RANGE] : [x1, EXTENT - v * 2 * EXTENT];
  }

  /** Where a point of the plane (`[x1, x2]`, or on a line `[x1, value]`) is on the canvas, in CSS pixels from its corner. */
  screenOf([a, b]) {
    const { width, height } = this.canvas.getBoundingClientRect();
    const x = ((a + EXTENT) / (2 * EXTENT)) * width;
    return this.view?.rows === 1 ? [x, height / 2 - (b / Y_RANGE) * (height / 2)] : [x, ((EXTENT - b) / (2 * EXTENT)) * height];
  }

  drawPlane(ctx, width, height, view) {
    const { res } = view;
    if (this.offscreen.width !== res) {
      this.offscreen.width = res;
      this.offscreen.height = res;
      this.image = null;
    }
    if (!this.image) this.image = this.offscreenCtx.createImageData(res, res);
    if (view.style.kind === "classes") {
      paintArgmax(this.image.data, view.grid, view.offset, res * res, view.style.count, view.discretize);
    } else {
      paintValues(this.image.data, view.grid, view.offset, res * res, { ...view.style, discretize: view.discretize }, res);
    }
    this.offscreenCtx.putImageData(this.image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(this.offscreen, 0, 0, width, height);
    // A lighter background lets the points, in the full colours, stand out.
    ctx.fillStyle = "rgba(255, 255, 255, 0.32)";
    ctx.fillRect(0, 0, width, height);
    this.drawAxes(ctx, width, height, view.axes);
    const toScreen = (p) => [((p[0] + EXTENT) / (2 * EXTENT)) * width, ((EXTENT - p[1]) / (2 * EXTENT)) * height];
    this.drawPoints(ctx, view, toScreen);
  }

  /** The plane's axes: x₁ and x₂ from −6 to 6 through the middle, or (`axes`, a table's) each axis's input named with its span in the file's units along the edges. */
  drawAxes(ctx, width, height, axes) {
    if (axes?.x && axes.y) return this.drawTableAxes(ctx, width, height, axes);
    ctx.strokeStyle = "rgba(24, 32, 46, 0.25)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(width / 2, 0);
    ctx.lineTo(width / 2, height);
    ctx.moveTo(0, height / 2);
    ctx.lineTo(width, height / 2);
    ctx.stroke();
    ctx.fillStyle = "rgba(24, 32, 46, 0.7)";
    ctx.font = `${11 * textScale()}px system-ui, sans-serif`;
    ctx.textBaseline = "bottom";
    ctx.fillText("−6", 3, height / 2 - 2);
    ctx.textAlign = "right";
    ctx.fillText("6  x₁", width - 3, height / 2 - 2);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText("x₂ 6", width / 2 + 3, 3);
    ctx.textBaseline = "bottom";
    ctx.fillText("−6", width / 2 + 3, height - 2);
  }

  /** A table's axes: x along the bottom edge (low, name, high), y up the left (its name and high at the top, low above x's). */
  drawTableAxes(ctx, width, height, { x, y }) {
    const n = (v) => formatNumber(v, 3);
    ctx.fillStyle = "rgba(24, 32, 46, 0.8)";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "bottom";
    ctx.fillText(n(x.low), 3, height - 2);
    ctx.textAlign = "right";
    ctx.fillText(n(x.high), width - 3, height - 2);
    // x's name between its ends when it fits there, else on the line above.
    const room = width - ctx.measureText(n(x.low)).width - ctx.measureText(n(x.high)).width - 16;
    const fits = ctx.measureText(`${x.name} →`).width <= room;
    ctx.textAlign = "center";
    ctx.fillText(`${x.name} →`, width / 2, fits ? height - 2 : height - 16);
    ctx.textAlign = "left";
    ctx.fillText(n(y.low), 3, fits ? height - 16 : height - 30);
    ctx.textBaseline = "top";
    ctx.fillText(`↑ ${y.name} ${n(y.high)}`, 3, 3);
  }

  drawCurve(ctx, width, height, view) {
    ctx.fillStyle = "#fbfcfd";
    ctx.fillRect(0, 0, width, height);
    const toScreen = (p) => [((p[0] + EXTENT) / (2 * EXTENT)) * width, height / 2 - (p[1] / Y_RANGE) * (height / 2)];
    ctx.strokeStyle = "rgba(24, 32, 46, 0.25)";
    ctx.beginPath();
    ctx.moveTo(0, height / 2);
    ctx.lineTo(width, height / 2);
    ctx.moveTo(width / 2, 0);
    ctx.lineTo(width / 2, height);
    ctx.stroke();
    ctx.fillStyle = "rgba(24, 32, 46, 0.7)";
    ctx.font = `${11 * textScale()}px system-ui, sans-serif`;
    ctx.textBaseline = "top";
    ctx.fillText("ŷ", width / 2 + 4, 3);
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText("x₁", width - 3, height / 2 - 2);
    ctx.textAlign = "left";
    this.drawPoints(ctx, view, toScreen);
    ctx.strokeStyle = "#1c5fd1";
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (let c = 0; c < view.res; c += 1) {
      const x = -EXTENT + ((c + 0.5) / view.res) * 2 * EXTENT;
      const [sx, sy] = toScreen([x, view.grid[view.offset + c]]);
      if (c === 0) ctx.moveTo(sx, sy);
      else ctx.lineTo(sx, sy);
    }
    ctx.stroke();
  }

  /**
   * Every visible point; `toScreen` maps a point's data coordinates to pixels.
   * The points are painted once to a layer of their own (100,000 of them take
   * far longer than a frame) and only again when they, or the canvas, change.
   */
  drawPoints(ctx, view, toScreen) {
    const { points } = view;
    const radius = (this.size.width < 260 ? 2.6 : 3.6) * textScale();
    const ratio = window.devicePixelRatio || 1;
    const key = `${view.showTest}:${this.size.width}:${this.size.height}:${ratio}:${radius}:${view.rows}`;
    if (this.layerKey !== key || this.layerPoints !== points) {
      this.layerKey = key;
      this.layerPoints = points;
      this.paintPoints(view, toScreen, radius, ratio);
    }
    ctx.drawImage(this.layer, 0, 0, this.size.width, this.size.height);
    const selected = view.selected;
    const set = selected && points[selected.split];
    /** The example the ring marks, as drawn (for the test interface). */
    this.ringed = null;
    if (set && selected.index < set.length) {
      this.ringed = { split: selected.split, index: selected.index };
      const i = selected.index;
      const point = points.dims === 1 ? [set.points[i], set.values[i]] : [set.points[2 * i], set.points[2 * i + 1]];
      const [x, y] = toScreen(point);
      ctx.beginPath();
      ctx.arc(x, y, radius + 5, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = "#18202e";
      ctx.stroke();
    }
  }

  /** Paints the points to their layer, and keeps where each one is, for clicks. */
  paintPoints(view, toScreen, radius, ratio) {
    const { points } = view;
    this.layer ??= document.createElement("canvas");
    this.layer.width = Math.round(this.size.width * ratio);
    this.layer.height = Math.round(this.size.height * ratio);
    const ctx = this.layer.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.size.width, this.size.height);
    this.screenPoints = [];
    const sets = view.showTest ? ["train", "test"] : ["train"];
    for (const split of sets) {
      const set = points[split];
      // Points of one colour go in one path: a few fills instead of hundreds.
      const groups = new Map();
      for (let i = 0; i < set.length; i += 1) {
        const point = points.dims === 1 ? [set.points[i], set.values[i]] : [set.points[2 * i], set.points[2 * i + 1]];
        const [x, y] = toScreen(point);
        this.screenPoints.push({ x, y, split, index: i });
        const color = set.classes.length ? classCss(set.classes[i]) : divergingCss(Math.round(set.values[i] * 16) / 16);
        if (!groups.has(color)) groups.set(color, []);
        groups.get(color).push(x, y);
      }
      ctx.lineWidth = split === "test" ? 1.6 : 1;
      ctx.strokeStyle = split === "test" ? "#18202e" : "#ffffff";
      for (const [color, xy] of groups) {
        ctx.beginPath();
        for (let k = 0; k < xy.length; k += 2) {
          ctx.moveTo(xy[k] + radius, xy[k + 1]);
          ctx.arc(xy[k], xy[k + 1], radius, 0, 2 * Math.PI);
        }
        ctx.fillStyle = color;
        ctx.fill();
        ctx.stroke();
      }
    }
  }

  click(e) {
    if (!this.screenPoints || !this.picking) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best = null;
    let bestDistance = 12;
    for (const p of this.screenPoints) {
      const d = Math.hypot(p.x - x, p.y - y);
      if (d < bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
    if (best) this.onPick(best.split, best.index);
  }
}

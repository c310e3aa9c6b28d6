// The network diagram's edges, on a canvas beneath the neurons: their
// geometry (a sampled Bézier per weight, for drawing and for hit tests),
// their width and colour (a weight, its gradient or its last update), step
// mode's flow along the active layer, the failed gradient checks and the
// edge under the pointer. Plain data in: the parameter layout from view.js.

import { fitCanvas, formatNumber } from "./canvas.js";
import { divergingCss } from "./colors.js";

const EDGE_SAMPLES = 16;
/** Edges are grouped by their look, one of this many magnitudes per sign. */
const LEVELS = 24;
/** How far from an edge (px) a click or tap still picks it. */
const HIT_REACH = 10;

/** An edge's width for its magnitude's level (0 to LEVELS): the width is the magnitude. */
export function edgeWidth(level) {
  return 0.6 + 5.4 * (level / LEVELS);
}

export class Edges {
  constructor(canvas) {
    this.canvas = canvas;
    this.list = [];
    this.hover = null;
    this.scale = 1;
  }

  /**
   * The geometry for `columns` of placed nodes (`{ x, y, neuron, index }`,
   * the inputs first, inactive inputs with index −1) of `size` pixels;
   * `layout.weight(l, j, i)` gives each edge's parameter index.
   */
  build(columns, size, layout) {
    // The old geometry is gone: so is the edge the pointer was on.
    this.hover = null;
    const edges = [];
    const s = size;
    for (let c = 1; c < columns.length; c += 1) {
      const layer = c - 1;
      const sources = c === 1 ? columns[0].filter((n) => n.index >= 0) : columns[c - 1];
      sources.forEach((source, input) => {
        for (const target of columns[c]) {
          const x0 = source.x + s;
          const y0 = source.y + s / 2;
          const x1 = target.x;
          const y1 = target.y + s / 2;
          const points = new Float32Array(EDGE_SAMPLES * 2 + 2);
          for (let k = 0; k <= EDGE_SAMPLES; k += 1) {
            const t = k / EDGE_SAMPLES;
            const u = 1 - t;
            const xm = (x0 + x1) / 2;
            points[k * 2] = u * u * u * x0 + 3 * u * u * t * xm + 3 * u * t * t * xm + t * t * t * x1;
            points[k * 2 + 1] = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
          }
          const index = layout.weight(layer, target.neuron, input);
          edges.push({ layer, neuron: target.neuron, input, index, points, x0, y0, x1, y1 });
        }
      });
    }
    this.list = edges;
  }

  /** The values the edges show, and the scale their width saturates at. */
  values(view) {
    const values = view.mode === "gradient" ? view.grads : view.mode === "update" ? view.delta : view.params;
    if (view.mode === "weight") return { values, scale: 2 };
    const pending = new Set(view.pending ?? []);
    let largest = 0;
    for (const edge of this.list) if (!pending.has(edge.layer)) largest = Math.max(largest, Math.abs(values[edge.index]));
    return { values, scale: largest || 1 };
  }

  /**
   * Draws every edge for `view` (`{ mode, params, grads, delta, selected }`, the
   * selection as Selection's `target`); `step`
   * as NetworkView's (`active`, `disagree`), `flow` the active layer's flow
   * from 0 to 1.
   */
  draw(view, step, flow) {
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    const { values, scale } = this.values(view);
    this.scale = scale;
    ctx.lineCap = "round";
    const active = step?.active;
    const isActive = (edge) => Boolean(active && edge.layer === active.layer);
    // Step mode's active layer: a soft halo beneath its edges, so the width
    // on top still says the magnitude (a vanishing gradient stays thin).
    if (active) {
      ctx.strokeStyle = active.direction === "forward" ? "rgba(28, 95, 209, 0.22)" : "rgba(196, 84, 0, 0.22)";
      ctx.lineWidth = 12;
      ctx.beginPath();
      for (const edge of this.list) if (isActive(edge)) path(ctx, edge);
      ctx.stroke();
    }
    // The inspected weight: a focus-coloured halo beneath it, the highlight
    // that follows what is being explained (on a projector too).
    const weight = view.selected?.target;
    const chosen = weight?.kind === "weight" ? this.list.find((edge) => edge.index === weight.index) : null;
    if (chosen) {
      ctx.strokeStyle = "#ffbf47";
      ctx.lineWidth = 10;
      stroke(ctx, chosen);
    }
    // Grouped by look (sign and magnitude) and each group stroked at once:
    // a few dozen strokes instead of hundreds.
    const buckets = new Map();
    /** Each edge's drawn width and whether it is highlighted, for the test interface. */
    this.drawn = [];
    // Edges whose number the stepped batch has not computed yet: a faint
    // dotted line, so no stale value passes for this batch's.
    const pending = new Set(view.pending ?? []);
    const waiting = this.list.filter((edge) => pending.has(edge.layer));
    if (waiting.length) {
      ctx.strokeStyle = "rgba(90, 100, 120, 0.45)";
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 4]);
      ctx.beginPath();
      for (const edge of waiting) path(ctx, edge);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    for (const edge of this.list) {
      if (pending.has(edge.layer)) {
        this.drawn.push({ layer: edge.layer, index: edge.index, value: null, width: 1, highlighted: isActive(edge), pending: true });
        continue;
      }
      const v = values[edge.index];
      const level = Math.round(Math.min(1, Math.abs(v) / scale) * LEVELS);
      const key = (v < 0 ? -1 : 1) * (level + 1);
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key).push(edge);
      this.drawn.push({ layer: edge.layer, index: edge.index, value: v, width: edgeWidth(level), highlighted: isActive(edge) });
    }
    const keys = [...buckets.keys()].sort((a, b) => Math.abs(a) - Math.abs(b));
    for (const key of keys) {
      const level = Math.abs(key) - 1;
      const t = level / LEVELS;
      ctx.strokeStyle = divergingCss(Math.sign(key) * (0.25 + 0.75 * t), 0.35 + 0.65 * t);
      ctx.lineWidth = edgeWidth(level);
      ctx.beginPath();
      for (const edge of buckets.get(key)) path(ctx, edge);
      ctx.stroke();
    }
    // The flow along the active layer, as it is computed: light dashes as
    // wide as each edge, never wider.
    if (active && flow < 1) {
      ctx.strokeStyle = "rgba(255, 255, 255, 0.7)";
      ctx.setLineDash([4, 10]);
      ctx.lineDashOffset = active.direction === "forward" ? -flow * 28 : flow * 28;
      this.drawn.forEach((d, k) => {
        if (!d.highlighted) return;
        ctx.lineWidth = d.width;
        stroke(ctx, this.list[k]);
      });
      ctx.setLineDash([]);
    }
    if (step?.disagree?.size) {
      ctx.strokeStyle = "#b42318";
      ctx.lineWidth = 3;
      ctx.setLineDash([3, 3]);
      for (const edge of this.list) if (step.disagree.has(edge.index)) stroke(ctx, edge);
      ctx.setLineDash([]);
    }
    if (this.hover) {
      ctx.strokeStyle = "#18202e";
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      stroke(ctx, this.hover);
      ctx.setLineDash([]);
    }
  }

  /** The edge nearest a point within `reach` pixels (generous: edges can be hair-thin), if any. */
  at(x, y, reach = HIT_REACH) {
    let best = null;
    let bestDistance = reach;
    for (const edge of this.list) {
      const p = edge.points;
      for (let k = 0; k < EDGE_SAMPLES; k += 1) {
        const ax = p[k * 2];
        const ay = p[k * 2 + 1];
        const dx = p[k * 2 + 2] - ax;
        const dy = p[k * 2 + 3] - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        const distance = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
        if (distance < bestDistance) {
          bestDistance = distance;
          best = edge;
        }
      }
    }
    return best;
  }

  /** A point on the edge of weight (layer, neuron, input), sample `k` of 0–16 along it, and its index. */
  point(layer, neuron, input, k) {
    const edge = this.list.find((e) => e.layer === layer && e.neuron === neuron && e.input === input);
    return edge ? { x: edge.points[k * 2], y: edge.points[k * 2 + 1], index: edge.index } : null;
  }

  /** A short description of the edge scale, for the legend. */
  scaleText(mode) {
    if (mode === "weight") return "width: |w|, full at 2";
    const what = mode === "gradient" ? "|∂L/∂w|" : "|Δw|";
    return `width: ${what}, full at the largest, ${formatNumber(this.scale, 3)}`;
  }
}

function path(ctx, edge) {
  const xm = (edge.x0 + edge.x1) / 2;
  ctx.moveTo(edge.x0, edge.y0);
  ctx.bezierCurveTo(xm, edge.y0, xm, edge.y1, edge.x1, edge.y1);
}

function stroke(ctx, edge) {
  ctx.beginPath();
  path(ctx, edge);
  ctx.stroke();
}

// The "Gradient health" panel's charts: one small chart per quantity of the
// engine's health history (lab.health), a line per layer labelled at its
// end, and the latest numbers as a table (the charts' text alternative).

import { fitCanvas, formatNumber } from "./canvas.js";

/** The quantities charted, in order: the record's field, its title and its scale. */
export const QUANTITIES = [
  { key: "activation_rms", title: "Activation RMS", log: false },
  { key: "saturated", title: "Saturated (tanh, sigmoid) or dead (ReLU) share", log: false },
  { key: "delta_rms", title: "δ = ∂L/∂z RMS", log: true },
  { key: "weight_grad_rms", title: "∂L/∂W RMS", log: true },
  { key: "update_ratio_log10", title: "log₁₀ update-to-data ratio (about −3 is healthy for SGD)", log: false, guide: -3 },
  { key: "grad_ratio", title: "Gradient-to-data ratio std(∂L/∂W) / std(W)", log: true },
  { key: "grad_norm", title: "Global gradient norm (mean, and the largest dashed)", log: true },
];

/** Which chart shows a diagnosis's numbers (dead ReLUs share the saturation chart). */
export function chartOf(key) {
  return key === "dead" ? "saturated" : key;
}

/** Layer colours: a dark-to-light ramp (viridis stops) so order reads as depth; each line is also labelled. */
const LAYER_COLORS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#c8a800"];

/** Layer `l` of `count`: the ramp spread over the layers there are, so few layers get far-apart colours. */
export function layerColor(l, count = LAYER_COLORS.length) {
  const last = LAYER_COLORS.length - 1;
  return LAYER_COLORS[count <= 1 ? 0 : Math.round((Math.min(l, count - 1) * last) / (count - 1))];
}

/**
 * The most records kept; past it every other one goes (the newest stays).
 * The charts are a few hundred pixels wide, and each record holds arrays per
 * layer, so more would only grow the JS heap (the soak found 4,096 did).
 */
const MAX_RECORDS = 512;

/** A layer's value of a quantity in a record (the saturated share, or for ReLU the dead share). */
export function layerValue(record, l, key) {
  const layer = record.layers[l];
  if (!layer) return null;
  if (key === "saturated") return layer.saturated ?? layer.dead ?? null;
  return layer[key] ?? null;
}

/**
 * A layer's share as the table writes it ("12.5 % saturated", "25.0 % dead", "–"), saying how many
 * neurons were switched off all epoch: the user's choice, left out of the share (its 0 is no dead ReLU).
 */
export function shareText(layer) {
  const share = layer.saturated ?? layer.dead;
  const none = share === null || share === undefined;
  const text = none ? "–" : `${(100 * share).toFixed(1)} % ${layer.dead !== null && layer.dead !== undefined ? "dead" : "saturated"}`;
  if (!layer.off) return text;
  return `${text} (${layer.off} switched off${none ? "" : ", not counted"})`;
}

export class HealthCharts {
  /** `container`: where the charts go; `table`: the text alternative's table. */
  constructor(container, table, empty = null) {
    this.container = container;
    this.table = table;
    /** The line shown instead of the charts before the first epoch. */
    this.empty = empty;
    this.canvases = new Map();
    for (const q of QUANTITIES) {
      const figure = document.createElement("figure");
      figure.className = "health-chart";
      const caption = document.createElement("figcaption");
      caption.textContent = q.title;
      caption.id = `health-title-${q.key}`;
      const canvas = document.createElement("canvas");
      canvas.id = `health-chart-${q.key}`;
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${q.title} by epoch, a line per layer; the latest numbers are in the table below`);
      canvas.tabIndex = -1;
      figure.append(caption, canvas);
      container.append(figure);
      this.canvases.set(q.key, canvas);
    }
    this.reset();
  }

  reset() {
    this.records = [];
    /** How many history records have been read (the next `lab.health(from)`). */
    this.consumed = 0;
    this.thinned = 0;
    this.dirty = true;
  }

  /** Appends `lab.health(from)` (`from` = `consumed`). */
  append(health) {
    if (health.records.length === 0 && health.length === this.consumed) return;
    this.records.push(...health.records);
    this.consumed = health.length;
    this.thinned = health.thinned;
    if (this.records.length > MAX_RECORDS) {
      const last = this.records.length - 1;
      this.records = this.records.filter((_, i) => i % 2 === 0 || i === last);
    }
    this.dirty = true;
  }

  /** Draws every chart and the table, if anything arrived since the last draw. */
  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    // Before the first epoch there is nothing to chart: one line says so.
    const empty = this.records.length === 0;
    // Shown again: the canvases' sizes arrive with the next frame's resize observations.
    if (this.container.hidden && !empty) {
      requestAnimationFrame(() => {
        this.dirty = true;
        this.draw();
      });
    }
    this.container.hidden = empty;
    this.table.hidden = empty;
    if (this.empty) this.empty.hidden = !empty;
    if (empty) return;
    for (const q of QUANTITIES) this.drawChart(q);
    this.drawTable();
  }

  /** The series of a quantity: one array of values per layer (one series for the global norm). */
  series(key) {
    if (key === "grad_norm") {
      return [this.records.map((r) => r.grad_norm), this.records.map((r) => r.grad_norm_max)];
    }
    const layers = Math.max(0, ...this.records.map((r) => r.layers.length));
    return Array.from({ length: layers }, (_, l) => this.records.map((r) => layerValue(r, l, key)));
  }

  drawChart(q) {
    const canvas = this.canvases.get(q.key);
    const { ctx, width, height } = fitCanvas(canvas);
    ctx.clearRect(0, 0, width, height);
    const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
    ctx.font = `${10 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = "#566173";
    const pad = { left: 0, right: 22 * scale, top: 6, bottom: 14 * scale };
    const all = this.series(q.key);
    const count = all.length;
    const usable = (v) => v !== null && Number.isFinite(v) && (!q.log || v > 0);
    let low = Infinity;
    let high = -Infinity;
    for (const s of all) for (const v of s) if (usable(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
    if (this.records.length === 0 || !Number.isFinite(low)) {
      ctx.textBaseline = "middle";
      ctx.fillText(this.records.length === 0 ? "Train an epoch to see it." : "No number to show yet.", 4, height / 2);
      return;
    }
    if (q.guide !== undefined) [low, high] = [Math.min(low, q.guide), Math.max(high, q.guide)];
    if (q.key === "saturated") [low, high] = [0, 1];
    const t = q.log ? Math.log10 : (v) => v;
    let [tLow, tHigh] = [t(low), t(high)];
    if (tHigh - tLow < 1e-12) [tLow, tHigh] = [tLow - 0.5, tHigh + 0.5];
    const label = (v) => (q.log ? formatNumber(v, 2) : formatNumber(Number(v.toPrecision(3)), 3));
    const [topText, bottomText] = [label(q.log ? 10 ** tHigh : tHigh), label(q.log ? 10 ** tLow : tLow)];
    // The plot starts where the wider axis label ends, so no label is cut off.
    pad.left = Math.ceil(Math.max(ctx.measureText(topText).width, ctx.measureText(bottomText).width)) + 6;
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const n = this.records.length;
    const first = this.records[0].epoch;
    const last = Math.max(first + 1, this.records[n - 1].epoch);
    const xOf = (i) => pad.left + ((this.records[i].epoch - first) / (last - first)) * plotW;
    const yOf = (v) => pad.top + (1 - (t(v) - tLow) / (tHigh - tLow)) * plotH;
    ctx.strokeStyle = "#e3e7ed";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad.left, pad.top);
    ctx.lineTo(pad.left, pad.top + plotH);
    ctx.lineTo(pad.left + plotW, pad.top + plotH);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText(topText, pad.left - 3, pad.top - 1);
    ctx.textBaseline = "bottom";
    ctx.fillText(bottomText, pad.left - 3, pad.top + plotH + 1);
    ctx.textBaseline = "top";
    ctx.fillText(`epoch ${this.records[n - 1].epoch}`, pad.left + plotW, pad.top + plotH + 1);
    if (q.guide !== undefined) {
      ctx.strokeStyle = "#9aa3b1";
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(pad.left, yOf(q.guide));
      ctx.lineTo(pad.left + plotW, yOf(q.guide));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const ends = [];
    all.forEach((values, l) => {
      const norm = q.key === "grad_norm";
      ctx.strokeStyle = norm ? "#18202e" : layerColor(l, count);
      ctx.lineWidth = norm && l === 1 ? 1 : 1.75;
      ctx.setLineDash(norm && l === 1 ? [4, 3] : []);
      ctx.beginPath();
      let started = false;
      let end = null;
      // About one point per pixel column (and the last): a long run costs no more to draw.
      const stride = Math.max(1, Math.floor(n / plotW));
      const next = (i) => (i === n - 1 ? n : Math.min(i + stride, n - 1));
      for (let i = 0; i < n; i = next(i)) {
        const v = values[i];
        if (!usable(v)) continue;
        const [x, y] = [xOf(i), yOf(v)];
        if (started) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        started = true;
        end = y;
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (end !== null && !norm) ends.push({ l, y: end });
    });
    // Each line is named at its end, so no colour has to be told apart; close names are moved apart.
    const gap = 9 * scale;
    ends.sort((a, b) => a.y - b.y);
    ends.forEach((e, k) => {
      e.y = Math.max(e.y, k > 0 ? ends[k - 1].y + gap : pad.top + 4);
    });
    const overflow = ends.length ? ends.at(-1).y - (pad.top + plotH + gap / 2) : 0;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    for (const e of ends) {
      ctx.fillStyle = layerColor(e.l, count);
      ctx.fillText(String(e.l + 1), pad.left + plotW + 3, e.y - Math.max(0, overflow));
    }
  }

  /** The latest record as a table: a row per layer, a column per quantity. */
  drawTable() {
    const record = this.records.at(-1);
    const table = this.table;
    table.replaceChildren();
    const caption = document.createElement("caption");
    caption.textContent = record
      ? `Gradient health of epoch ${record.epoch} (${record.batches} batches; gradient norm ${formatNumber(record.grad_norm, 3)}, largest ${formatNumber(record.grad_norm_max, 3)}${record.clipped ? `, ${record.clipped} batches clipped` : ""})`
      : "Gradient health: no epoch trained yet";
    table.append(caption);
    if (!record) return;
    const head = table.createTHead().insertRow();
    for (const text of ["Layer", "a RMS", "saturated / dead", "δ RMS", "∂L/∂W RMS", "log₁₀ update ratio", "grad ratio"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.append(th);
    }
    const body = table.createTBody();
    const n = record.layers.length;
    record.layers.forEach((layer, l) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      // A swatch of the layer's line colour beside its number (text stays dark, for contrast).
      const swatch = document.createElement("span");
      swatch.className = "layer-swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.background = layerColor(l, n);
      th.append(swatch, l + 1 === n ? `${l + 1} (output)` : String(l + 1));
      row.append(th);
      const cells = [layer.activation_rms, shareText(layer), layer.delta_rms, layer.weight_grad_rms, layer.update_ratio_log10, layer.grad_ratio];
      for (const v of cells) {
        row.insertCell().textContent = typeof v === "string" ? v : v === null || v === undefined ? "–" : formatNumber(v, 3);
      }
    });
  }
}

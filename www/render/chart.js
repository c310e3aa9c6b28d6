// The live loss chart: training and test loss by epoch, on a linear or log
// scale. Columns of history are appended as they arrive; drawing decimates
// to the pixel columns it has.

import { fitCanvas, formatNumber } from "./canvas.js";

/**
 * The y axis's labels (the top and bottom values) and the left padding that
 * holds them whole: `measure(text)` is the text's width in pixels.
 */
export function axisLabels(low, high, measure, least = 54) {
  const top = formatNumber(high, 2);
  const bottom = formatNumber(low, 2);
  const widest = Math.max(measure(top), measure(bottom));
  return { top, bottom, padLeft: Math.max(least, Math.ceil(widest) + 8) };
}

/**
 * The most points the chart keeps, more than any screen has columns: past
 * it every other point goes (the newest stays), so a long run's memory stays flat.
 */
const MAX_POINTS = 4096;

export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.log = false;
    this.reset();
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  reset() {
    this.epochs = [];
    this.train = [];
    this.test = [];
    /** How many history entries have been read (the next `lab.history(from)`). */
    this.consumed = 0;
  }

  /** The number of points held. */
  get length() {
    return this.epochs.length;
  }

  /** Appends `lab.history(from)` columns (`from` = `consumed`). */
  append(history) {
    for (let i = 0; i < history.epoch.length; i += 1) {
      this.epochs.push(history.epoch[i]);
      this.train.push(history.trainLoss[i]);
      this.test.push(history.testLoss[i]);
    }
    this.consumed = history.length;
    /** The engine's thinning count of the history read (`lab.history().thinned`). */
    this.thinned = history.thinned;
    if (this.epochs.length > MAX_POINTS) {
      const last = this.epochs.length - 1;
      const keep = (_, i) => i % 2 === 0 || i === last;
      this.epochs = this.epochs.filter(keep);
      this.train = this.train.filter(keep);
      this.test = this.test.filter(keep);
    }
  }

  /** A vertical line at an epoch (the moment the timeline looks at), or none. */
  setMarker(epoch) {
    if (this.marker === epoch) return;
    this.marker = epoch;
    this.draw();
  }

  setLog(log) {
    this.log = log;
    this.draw();
  }

  draw() {
    const { ctx, width, height } = fitCanvas(this.canvas);
    ctx.clearRect(0, 0, width, height);
    // Labels grow with the page's text on a large screen (style.css).
    const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
    const pad = { left: 54 * scale, right: 8, top: 8, bottom: 16 * scale };
    let plotWidth = width - pad.left - pad.right;
    const plotHeight = height - pad.top - pad.bottom;
    ctx.font = `${11 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = "#566173";
    if (this.epochs.length === 0) return;

    const finite = (v) => Number.isFinite(v) && (!this.log || v > 0);
    let low = Infinity;
    let high = -Infinity;
    for (const series of [this.train, this.test]) {
      for (const v of series) {
        if (finite(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    }
    if (!Number.isFinite(low)) return;
    if (!this.log) low = 0;
    if (high <= low) high = low + (this.log ? low : 1);
    const transform = this.log ? Math.log10 : (v) => v;
    const [tLow, tHigh] = [transform(low), transform(high)];
    const firstEpoch = this.epochs[0];
    const lastEpoch = Math.max(firstEpoch + 1, this.epochs[this.epochs.length - 1]);
    const xOf = (e) => pad.left + ((e - firstEpoch) / (lastEpoch - firstEpoch)) * plotWidth;
    const yOf = (v) => pad.top + (1 - (transform(v) - tLow) / (tHigh - tLow)) * plotHeight;

    // The plot starts where the widest label ends, so no label is cut off.
    const axis = axisLabels(low, high, (text) => ctx.measureText(text).width, 54 * scale);
    const shift = axis.padLeft - pad.left;
    pad.left = axis.padLeft;
    plotWidth -= shift;
    /** What was drawn, for the test interface: the labels and where they start. */
    this.axis = {
      top: axis.top,
      bottom: axis.bottom,
      left: pad.left - 4 - Math.max(ctx.measureText(axis.top).width, ctx.measureText(axis.bottom).width),
    };

    ctx.strokeStyle = "#e3e7ed";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad.left, pad.top);
    ctx.lineTo(pad.left, pad.top + plotHeight);
    ctx.lineTo(pad.left + plotWidth, pad.top + plotHeight);
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText(axis.top, pad.left - 4, pad.top - 2);
    ctx.textBaseline = "bottom";
    ctx.fillText(axis.bottom, pad.left - 4, pad.top + plotHeight + 2);
    ctx.textBaseline = "top";
    ctx.fillText(`epoch ${lastEpoch}`, pad.left + plotWidth, pad.top + plotHeight + 2);

    if (this.marker !== null && this.marker !== undefined) {
      const x = xOf(this.marker);
      ctx.strokeStyle = "#c98a00";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, pad.top);
      ctx.lineTo(x, pad.top + plotHeight);
      ctx.stroke();
    }
    this.line(ctx, this.train, xOf, yOf, finite, "#18202e", []);
    this.line(ctx, this.test, xOf, yOf, finite, "#8a93a3", [5, 4]);
  }

  /** One series; when there are more points than pixels, each pixel column draws its min and max. */
  line(ctx, series, xOf, yOf, finite, color, dash) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    let started = false;
    let column = -1;
    let columnLow = 0;
    let columnHigh = 0;
    const flush = () => {
      if (column < 0) return;
      if (!started) {
        ctx.moveTo(column, columnLow);
        started = true;
      } else {
        ctx.lineTo(column, columnLow);
      }
      if (columnHigh !== columnLow) ctx.lineTo(column, columnHigh);
    };
    for (let i = 0; i < series.length; i += 1) {
      const v = series[i];
      if (!finite(v)) continue;
      const x = Math.round(xOf(this.epochs[i]));
      const y = yOf(v);
      if (x !== column) {
        flush();
        column = x;
        columnLow = y;
        columnHigh = y;
      } else {
        columnLow = Math.max(columnLow, y);
        columnHigh = Math.min(columnHigh, y);
      }
    }
    flush();
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

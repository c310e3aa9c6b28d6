// The race's pictures: the copies' loss curves overlaid in one chart (a
// colour and a dash each, so the lines part without colour too), each copy's
// output over the plane as a small map, and the numbers as tables.

import { fitCanvas, formatNumber } from "./canvas.js";
import { axisLabels } from "./chart.js";
import { MapCanvas } from "./heatmap.js";

/** Okabe–Ito: told apart with the common colour-vision deficiencies (and on a projector). */
export const RACE_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const RACE_DASHES = [[], [7, 3], [2, 3], [9, 3, 2, 3], [4, 4], [12, 4]];

/** Copy `i`'s line style. */
export const raceStyle = (i) => ({ color: RACE_COLORS[i % RACE_COLORS.length], dash: RACE_DASHES[i % RACE_DASHES.length] });

/**
 * Draws every copy's curve (`curves[i]` = `{ epochs, values }`) on shared
 * axes, linear or log. Returns what it drew: each curve's number of points
 * and the axis's range (for the test interface).
 */
export function drawRaceChart(canvas, curves, log) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  ctx.fillStyle = "#566173";
  const usable = (v) => Number.isFinite(v) && (!log || v > 0);
  let low = Infinity;
  let high = -Infinity;
  let lastEpoch = 1;
  for (const c of curves) {
    for (const v of c.values) if (usable(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
    lastEpoch = Math.max(lastEpoch, c.epochs.at(-1) ?? 0);
  }
  const drawn = { points: curves.map((c) => c.values.filter(usable).length), low, high, lastEpoch };
  if (!Number.isFinite(low)) return drawn;
  // Linear: from just below the lowest curve, so copies close together still part (the axis says where it starts).
  if (!log) low = Math.max(0, low - 0.05 * (high - low));
  if (high <= low) high = low + (log ? low : 1);
  const t = log ? Math.log10 : (v) => v;
  const axis = axisLabels(low, high, (text) => ctx.measureText(text).width, 48 * scale);
  const pad = { left: axis.padLeft, right: 10, top: 8, bottom: 18 * scale };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const xOf = (e) => pad.left + (e / lastEpoch) * w;
  const yOf = (v) => pad.top + (1 - (t(v) - t(low)) / (t(high) - t(low))) * h;
  ctx.strokeStyle = "#d9dee6";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad.left, pad.top);
  ctx.lineTo(pad.left, pad.top + h);
  ctx.lineTo(pad.left + w, pad.top + h);
  ctx.stroke();
  ctx.textAlign = "right";
  ctx.textBaseline = "top";
  ctx.fillText(axis.top, pad.left - 4, pad.top - 2);
  ctx.textBaseline = "bottom";
  ctx.fillText(axis.bottom, pad.left - 4, pad.top + h + 2);
  ctx.textBaseline = "top";
  ctx.fillText(`epoch ${lastEpoch}`, pad.left + w, pad.top + h + 3);
  ctx.textAlign = "left";
  ctx.fillText("0", pad.left, pad.top + h + 3);
  ctx.lineWidth = 2.5 * Math.max(1, scale * 0.8);
  curves.forEach((c, i) => {
    const { color, dash } = raceStyle(i);
    ctx.strokeStyle = color;
    ctx.setLineDash(dash.map((d) => d * scale));
    ctx.beginPath();
    let started = false;
    for (let k = 0; k < c.values.length; k += 1) {
      if (!usable(c.values[k])) continue;
      const [x, y] = [xOf(c.epochs[k]), yOf(c.values[k])];
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
  });
  ctx.setLineDash([]);
  return drawn;
}

/** The legend: a swatch of each copy's line (colour and dash) and its label. */
export function drawLegend(list, labels) {
  list.replaceChildren(
    ...labels.map((label, i) => {
      const item = document.createElement("li");
      const { color, dash } = raceStyle(i);
      const swatch = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      swatch.setAttribute("viewBox", "0 0 28 8");
      swatch.setAttribute("aria-hidden", "true");
      swatch.innerHTML = `<line x1="0" y1="4" x2="28" y2="4" stroke="${color}" stroke-width="3" stroke-dasharray="${dash.join(" ")}"/>`;
      item.append(swatch, label);
      return item;
    }),
  );
}

/** One small map per copy (its output over the plane), labelled; `draw(i, map)` fills copy i's. */
export class RaceMaps {
  constructor(container) {
    this.container = container;
    this.maps = [];
  }

  /** New copies: one figure each. */
  build(labels) {
    this.maps = labels.map((label, i) => {
      const figure = document.createElement("figure");
      figure.className = "race-map";
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${label}: the network's output over the input plane`);
      canvas.style.borderColor = raceStyle(i).color;
      const caption = document.createElement("figcaption");
      // The copy's colour on a dot: coloured text would not read on white for every colour.
      caption.innerHTML = `<span class="race-dot" style="background:${raceStyle(i).color}"></span>`;
      caption.append(label);
      figure.append(canvas, caption);
      return { figure, map: new MapCanvas(canvas) };
    });
    this.container.replaceChildren(...this.maps.map((m) => m.figure));
  }

  /** Copy `i`'s output: `grid` as `lab.evaluateGrid` returns it, from `offset`, with the page's colouring. */
  draw(i, grid, offset, res, rows, style) {
    this.maps[i]?.map.draw(grid, offset, res, rows, style);
  }
}

const percent = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : "–");

/**
 * The final numbers, a row per copy: `results` from `Race.results()`; a
 * button per copy still in the race makes it the main run (`promote(i)`).
 */
export function fillResultTable(table, results, { accuracy, promote }) {
  const head = [
    "",
    "epoch",
    "training loss",
    "test loss",
    ...(accuracy ? ["training accuracy", "test accuracy"] : []),
    "forward passes",
    "training time",
    "",
  ];
  const thead = document.createElement("thead");
  thead.innerHTML = `<tr>${head.map((h, i) => `<th scope="col"${i === 0 ? ' class="race-copy"' : ""}>${h || (i ? '<span class="visually-hidden">Promote</span>' : "copy")}</th>`).join("")}</tr>`;
  const tbody = document.createElement("tbody");
  results.forEach((r, i) => {
    const row = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.innerHTML = `<span class="race-dot" style="background:${raceStyle(i).color}"></span>`;
    name.append(r.label);
    row.append(name);
    const cells = [String(r.epoch), formatNumber(r.trainLoss, 4), formatNumber(r.testLoss, 4)];
    if (accuracy) cells.push(percent(r.trainAccuracy), percent(r.testAccuracy));
    cells.push(Math.round(r.forward).toLocaleString("en-US"), `${r.ms < 10 ? r.ms.toFixed(1) : Math.round(r.ms)} ms`);
    for (const text of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      row.append(td);
    }
    const last = document.createElement("td");
    if (r.promoted) last.textContent = "now the main run";
    else if (r.diverged) last.textContent = "diverged";
    else {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "text-button";
      button.textContent = "Make main run";
      button.setAttribute("aria-label", `Make main run: ${r.label}`);
      button.addEventListener("click", () => promote(i));
      last.append(button);
    }
    row.append(last);
    tbody.append(row);
  });
  table.replaceChildren(thead, tbody);
}

/** The epochs a curve table lists: about `rows` evenly spaced, the last always. */
export function sampleIndices(length, rows = 12) {
  if (length <= rows) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (rows - 1);
  return [...new Set(Array.from({ length: rows }, (_, k) => Math.round(k * step)))];
}

/** The chart's numbers: a row per sampled epoch, a column per copy (`curves` as drawn, sharing epochs). */
export function fillCurveTable(container, curves, labels, what) {
  const longest = curves.reduce((a, c) => (c.epochs.length > a.epochs.length ? c : a), curves[0] ?? { epochs: [] });
  const table = document.createElement("table");
  table.className = "race-numbers";
  const caption = document.createElement("caption");
  caption.textContent = `${what} by epoch, per copy`;
  const head = document.createElement("tr");
  head.innerHTML = `<th scope="col">epoch</th>${labels.map(() => '<th scope="col"></th>').join("")}`;
  labels.forEach((label, i) => {
    head.children[i + 1].textContent = label;
  });
  const tbody = document.createElement("tbody");
  for (const k of sampleIndices(longest.epochs.length)) {
    const epoch = longest.epochs[k];
    const row = document.createElement("tr");
    row.innerHTML = `<th scope="row">${epoch}</th>`;
    for (const c of curves) {
      const at = c.epochs.lastIndexOf(epoch);
      const td = document.createElement("td");
      td.textContent = at < 0 ? "–" : formatNumber(c.values[at], 4);
      row.append(td);
    }
    tbody.append(row);
  }
  const thead = document.createElement("thead");
  thead.append(head);
  table.append(caption, thead, tbody);
  container.replaceChildren(table);
}

// The "What did it learn?" panel: which inputs the network relies on. Opened
// on demand, it asks the engine for feature importance (sensitivity and
// permutation importance over the test set) and draws both as bars with the
// numbers, the full list as a table and, for an image's inputs (digits),
// each measure as a picture. Recomputed when the run moves: at once while
// paused, every few seconds while playing (it costs a forward pass per
// example, input and shuffle).

import { formatSignificant } from "./render/format.js";
import { drawImportance, drawPicture, importanceRows } from "./render/importance.js";
import { RepresentationView } from "./represent.js";
import { SaliencyView } from "./saliency.js";
import { imageSide } from "./tableview.js";

/** Shuffles per input, and their seed (fixed: the numbers stay put while nothing moves). */
const REPEATS = 5;
const SEED = 1;
/** The most inputs the bar chart shows (the table lists them all). */
const MOST_BARS = 16;
/** While playing, recompute at most every this many milliseconds (and ten times the last computation's time). */
const PLAYING_MS = 2000;
/** A computation slower than this waits for a pause instead of running while playing. */
const PLAYING_MOST_MS = 40;

const $ = (id) => document.getElementById(id);

/** Text made safe for the table's HTML (names can come from a CSV's columns). */
const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The network's inputs' names: a table's columns, or the features' labels. */
export function inputNames(page) {
  if (page.table) return page.table.inputNames;
  return page.config.features.map((f) => page.catalog.features.find((x) => x.name === f)?.label ?? f);
}

export class LearnedPanel {
  constructor(page) {
    this.page = page;
    this.section = $("learned");
    this.toggle = $("learned-toggle");
    this.key = null;
    this.last = { at: -Infinity, ms: 0 };
    this.result = null;
    this.saliency = new SaliencyView(page);
    this.representation = new RepresentationView(page);
    this.toggle.addEventListener("click", () => this.setOpen(this.section.hidden));
    $("learned-compute").addEventListener("click", () => this.compute());
    // The chart is drawn for its width: again when that changes.
    this.width = 0;
    new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width !== this.width && this.result && this.open) this.draw(this.result, inputNames(this.page));
      this.saliency.reset();
      this.width = width;
    }).observe($("importance-chart"));
  }

  get open() {
    return !this.section.hidden;
  }

  setOpen(open) {
    this.section.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (!open) return;
    this.compute();
    this.saliency.reset();
    this.saliency.render(inputNames(this.page));
    this.representation.reset();
    this.representation.render();
    this.section.scrollIntoView({ block: "nearest" });
  }

  /** The run started again (a new shape, data or network). */
  reset() {
    this.key = null;
    this.saliency.reset();
    this.representation.reset();
    if (this.open) this.compute();
  }

  /** Called every frame: recomputes when open and the run has moved (while playing, every few seconds). */
  render() {
    if (!this.open) return;
    this.saliency.render(inputNames(this.page));
    this.representation.render();
    if (this.keyNow() === this.key) return;
    if (this.page.playing) {
      // A slow computation (digits' 64 inputs) would stall the animation: it waits for a pause.
      if (this.last.ms > PLAYING_MOST_MS) {
        $("learned-wait").hidden = false;
        return;
      }
      if (performance.now() - this.last.at < Math.max(PLAYING_MS, 10 * this.last.ms)) return;
    }
    this.compute();
  }

  keyNow() {
    const { lab, version } = this.page;
    return `${lab.batches}:${version}:${lab.timeline().viewing}`;
  }

  compute() {
    if (!this.open) return;
    const { lab } = this.page;
    this.key = this.keyNow();
    const started = performance.now();
    let result;
    try {
      result = lab.importance(REPEATS, SEED);
    } catch (error) {
      $("learned-status").textContent = error.message;
      return;
    }
    this.last = { at: performance.now(), ms: performance.now() - started };
    $("learned-wait").hidden = true;
    this.result = result;
    this.draw(result, inputNames(this.page));
  }

  draw(result, names) {
    const rows = importanceRows(result, names);
    const set = result.set === "test" ? "test" : "training (there is no test set)";
    const shown = rows.slice(0, MOST_BARS);
    $("learned-status").textContent =
      `Epoch ${this.page.lab.epoch}: over ${result.examples.toLocaleString("en")} ${set} examples, loss ${formatSignificant(result.loss, 4)}; ` +
      `${result.repeats} shuffles per input, in ${Math.round(this.last.ms)} ms.` +
      (shown.length < rows.length ? ` The bars show the ${shown.length} inputs that matter most of ${rows.length}; the table lists all.` : "");
    const chart = $("importance-chart");
    drawImportance(chart, shown);
    const top = rows[0];
    chart.setAttribute(
      "aria-label",
      `Feature importance of ${rows.length} inputs, most important first: ${shown
        .slice(0, 5)
        .map((r) => r.name)
        .join(
          ", ",
        )}. ${top.name} ranks first: shuffling it raises the loss by ${formatSignificant(top.permutation, 3)}. The numbers are in the table below.`,
    );
    // An image's inputs: each measure as the picture they make.
    const side = this.page.table ? imageSide(names) : 0;
    $("importance-pictures").hidden = !side;
    if (side) {
      drawPicture($("importance-picture-sensitivity"), result.sensitivity, side);
      drawPicture($("importance-picture-permutation"), result.permutation, side);
      for (const [id, what] of [
        ["importance-picture-sensitivity", "Sensitivity"],
        ["importance-picture-permutation", "Permutation importance"],
      ]) {
        $(id).setAttribute(
          "aria-label",
          `${what} of each pixel, as the ${side} × ${side} picture: darker matters more (the numbers are in the table)`,
        );
      }
    }
    this.table(rows);
  }

  table(rows) {
    const f = (v) => formatSignificant(v, 4);
    const body = rows
      .map(
        (r) =>
          `<tr><td>${r.rank}</td><th scope="row">${escapeHtml(r.name)}</th><td data-value="${r.sensitivity}">${f(r.sensitivity)}</td>` +
          `<td data-value="${r.permutation}">${f(r.permutation)}</td><td data-value="${r.spread}">${f(r.spread)}</td></tr>`,
      )
      .join("");
    $("importance-table").innerHTML =
      `<caption>Feature importance, most important first</caption><thead><tr><th scope="col">rank</th><th scope="col">input</th>` +
      `<th scope="col">sensitivity, mean |∂L/∂x|</th><th scope="col">permutation: loss rise</th><th scope="col">± spread over the shuffles</th></tr></thead><tbody>${body}</tbody>`;
  }
}

// The what-if form of a table: a row (training or test, by number) as
// number fields in the file's units. Opening it, choosing a row or changing
// a value runs the engine on that input (`lab.predict`) and makes it the
// example the diagram shows, its numbers on the neurons; the prediction
// (the class and how sure, or the value) sits under the fields. A value the
// engine refuses is named, and the last input it took stays.

import { fileValue, predictionView } from "./tableview.js";

const $ = (id) => document.getElementById(id);

/**
 * A file value as the field shows it and the engine gets it: undoing the
 * standardization leaves rounding (5.1000000000000005, or 1.4 × 10⁻¹⁷ for a
 * 0), so 12 significant digits, and 0 below a billionth of the column's spread.
 */
const tidy = (v, scale) => (Math.abs(v) < scale * 1e-9 ? 0 : Number(v.toPrecision(12)));

export class WhatIf {
  constructor(page) {
    this.page = page;
    this.box = $("what-if");
    /** The input, one value per column in the file's units; null until opened. */
    this.values = null;
    /** The row it started from. */
    this.from = { split: "train", index: 0 };
    this.box.addEventListener("toggle", () => (this.box.open ? this.open() : this.close()));
    $("what-if-split").addEventListener("change", () => this.load({ split: $("what-if-split").value, index: Number($("what-if-row").value) }));
    $("what-if-row").addEventListener("change", () => this.load({ split: $("what-if-split").value, index: Number($("what-if-row").value) }));
  }

  /** After a rebuild: hidden without a table; a new table closes it and makes its fields. */
  rebuild() {
    const table = this.page.table;
    this.box.hidden = table === null;
    if (table === this.table) return;
    this.table = table;
    this.values = null;
    this.box.open = false;
    // Another table's input does not fit this one: its first training row is shown instead.
    if (this.page.example.split === "what-if") this.page.example = { split: "train", index: 0 };
    const fields = $("what-if-fields");
    fields.replaceChildren();
    if (!table) return;
    this.inputs = table.inputNames.map((name, i) => {
      const label = document.createElement("label");
      const text = document.createElement("span");
      text.textContent = name;
      const input = document.createElement("input");
      input.type = "number";
      input.step = "any";
      input.addEventListener("change", () => this.edit(i, input));
      label.append(text, input);
      fields.append(label);
      return input;
    });
  }

  /** Opened: starts from the example shown (or training row 0). */
  open() {
    const shown = this.page.example;
    this.load(shown.split === "train" || shown.split === "test" ? shown : this.from);
  }

  /** Closed: the row it started from is the example shown again (if the sets still have it). */
  close() {
    if (this.page.example.split !== "what-if") return;
    const { split, index } = this.from;
    this.page.pick(split, index < this.page.screen.points[split].length ? index : 0);
  }

  /** Starts from row `index` of `split` (kept within the set): its values in the fields, and shown. */
  load({ split, index }) {
    const rows = this.page.screen.rows;
    const set = rows[split].length ? split : "train";
    const n = rows[set].length;
    const row = Math.min(Math.max(0, Number.isInteger(index) ? index : 0), n - 1);
    this.from = { split: set, index: row };
    $("what-if-split").value = set;
    $("what-if-row").value = String(row);
    $("what-if-row").max = String(n - 1);
    const k = this.table.inputNames.length;
    this.values = Array.from({ length: k }, (_, i) => tidy(fileValue(this.table, i, rows[set].points[row * k + i]), this.table.scales[i]));
    this.inputs.forEach((input, i) => {
      input.value = String(this.values[i]);
      input.removeAttribute("aria-invalid");
    });
    $("what-if-error").textContent = "";
    this.show();
  }

  /** A field changed: the engine runs the new input, or says what is wrong with it. */
  edit(i, input) {
    const refuse = (message) => {
      input.setAttribute("aria-invalid", "true");
      $("what-if-error").textContent = `${message}; the input shown is the last one that worked.`;
    };
    // An empty field (or text the field dropped) is no number to send.
    if (input.value.trim() === "") return refuse(`${this.table.inputNames[i]}: the field is empty, type a number`);
    const next = this.values.slice();
    next[i] = Number(input.value);
    try {
      this.page.lab.predict(next);
    } catch (error) {
      return refuse(error.message);
    }
    input.removeAttribute("aria-invalid");
    $("what-if-error").textContent = "";
    this.values = next;
    this.show();
  }

  /** Makes the input the example shown, its numbers on the neurons. */
  show() {
    this.page.showValues(true);
    this.page.example = { split: "what-if", values: this.values.slice(), from: { ...this.from } };
    this.page.requestRender();
  }

  /** Every frame while open: the prediction for the input, the engine's (`run` its `lab.predict`, when at hand). */
  render(run = null) {
    if (!this.box.open || !this.values) return;
    const { lab, table, config } = this.page;
    const prediction = predictionView(run ?? lab.predict(this.values), table, config);
    const box = $("what-if-prediction");
    const key = JSON.stringify(prediction);
    if (key === this.drawn) return;
    this.drawn = key;
    const line = document.createElement("p");
    line.innerHTML = "<strong>Prediction:</strong> ";
    line.append(prediction.text);
    const rows = prediction.rows.map(({ name, text, chosen }) => {
      const row = document.createElement("li");
      if (chosen) row.className = "chosen";
      row.textContent = `${name}: ${text}`;
      return row;
    });
    const list = document.createElement("ul");
    list.append(...rows);
    box.replaceChildren(line, ...(rows.length ? [list] : []));
  }
}

// The drawn points as a table, for the keyboard and screen readers: one
// row a point (x₁, x₂ and its class or value), each cell a field to edit,
// a button to delete the row, and one to add a point. It shows a page of
// rows at a time. Plain data in; edits go out through `on` (draw.js checks
// them with the engine and draws them).

import { greyOut } from "../greyed.js";
import { element } from "./table.js";

const $ = (id) => document.getElementById(id);

/** Rows shown at a time. */
export const PAGE_ROWS = 50;

/** A number as a field shows it: to 2 decimals (as drawn; a typed or generated point keeps all of its own). */
export function cellText(value) {
  return String(Math.round(value * 100) / 100);
}

/** A field's text as a number: "" and text that is not one are NaN. */
export function cellNumber(text) {
  const t = text.trim().replace("−", "-");
  return t === "" ? Number.NaN : Number(t);
}

export class PointTable {
  /** `box` to fill; `on`: `edit(index, field, text)`, `remove(index)`, `add()`. */
  constructor(box, on) {
    this.box = box;
    this.on = on;
    this.first = 0;
  }

  /** Shows the page of rows that holds point `index`. */
  showRow(index) {
    this.first = Math.floor(index / PAGE_ROWS) * PAGE_ROWS;
  }

  /**
   * `points` `{ x1, x2, label }` each; `dims` 1 or 2; `classes` the class
   * choices (`[{ value, label, color }]`), or null for values. The field with the
   * focus keeps it, or `focus` (a `data-cell`) takes it.
   */
  render({ points, dims, classes }, focus = null) {
    const focused = focus ?? document.activeElement?.closest?.("#draw-table [data-cell]")?.dataset.cell ?? null;
    const n = points.length;
    if (this.first >= n) this.first = Math.max(0, Math.floor((n - 1) / PAGE_ROWS) * PAGE_ROWS);
    const last = Math.min(n, this.first + PAGE_ROWS);
    const fields = dims === 2 ? ["x1", "x2"] : ["x1"];
    const names = { x1: "x₁", x2: "x₂", label: classes ? "class" : "value" };
    const table = element("table", { class: "csv-table point-table" });
    table.append(element("caption", { class: "visually-hidden" }, "Your points, one a row"));
    const head = element("tr");
    head.append(element("th", { scope: "col" }, "#"));
    for (const f of [...fields, "label"]) head.append(element("th", { scope: "col" }, names[f]));
    const deleteHead = element("th", { scope: "col" });
    deleteHead.append(element("span", { class: "visually-hidden" }, "delete"));
    head.append(deleteHead);
    const thead = element("thead");
    thead.append(head);
    const body = element("tbody");
    for (let i = this.first; i < last; i += 1) body.append(this.row(i, points[i], fields, names, classes));
    table.append(thead, body);
    const pager = element("div", { class: "point-pager" });
    const move = (by, label, id) => {
      const b = element("button", { type: "button", class: "round-button small", "aria-label": label, id }, by < 0 ? "‹" : "›");
      b.addEventListener("click", () => {
        this.first = Math.max(0, this.first + by);
        this.render({ points, dims, classes });
      });
      return b;
    };
    const range = n === 0 ? "No points yet" : `Points ${this.first + 1}–${last} of ${n}`;
    pager.append(
      move(-PAGE_ROWS, `Previous ${PAGE_ROWS} points`, "points-prev"),
      element("span", {}, range),
      move(PAGE_ROWS, `Next ${PAGE_ROWS} points`, "points-next"),
    );
    const add = element("button", { type: "button", class: "text-button", id: "point-add" }, "Add a point");
    add.addEventListener("click", () => this.on.add());
    const wrap = element("div", { class: "table-scroll point-scroll" });
    wrap.append(table);
    this.box.replaceChildren(wrap, pager, add);
    greyOut($("points-prev"), this.first === 0 ? "These are the first points" : "");
    greyOut($("points-next"), last >= n ? "These are the last points" : "");
    // The same field as before (after a delete, the next row's button; past the last row, Add).
    if (focused) (this.box.querySelector(`[data-cell="${focused}"]`) ?? add).focus();
  }

  /** Point `i`'s row: its number, a field per coordinate, its class or value, delete. */
  row(i, point, fields, names, classes) {
    const tr = element("tr");
    tr.append(element("th", { scope: "row" }, String(i + 1)));
    const cell = (control) => {
      const td = element("td");
      td.append(control);
      tr.append(td);
    };
    const text = (f, name) => {
      const attributes = { type: "text", inputmode: "decimal", class: "cell", "aria-label": `Point ${i + 1}, ${name}`, "data-cell": `${i}:${f}` };
      const input = element("input", attributes);
      input.value = cellText(point[f]);
      input.addEventListener("change", () => this.on.edit(i, f, input.value));
      return input;
    };
    for (const f of fields) cell(text(f, names[f]));
    if (classes) {
      // The class by its number, beside a dot of its colour (the tools name the colours).
      const select = element("select", { "aria-label": `Point ${i + 1}, class`, "data-cell": `${i}:label` });
      for (const c of classes) select.append(element("option", { value: String(c.value) }, String(c.value + 1)));
      select.value = String(point.label);
      select.title = classes[point.label]?.label ?? "";
      select.addEventListener("change", () => this.on.edit(i, "label", select.value));
      const dot = element("span", { class: "draw-swatch", "aria-hidden": "true" });
      dot.style.background = classes[point.label]?.color ?? "transparent";
      const td = element("td", { class: "point-class" });
      td.append(dot, select);
      tr.append(td);
    } else {
      cell(text("label", "value"));
    }
    const remove = element(
      "button",
      { type: "button", class: "round-button small", "aria-label": `Delete point ${i + 1}`, "data-cell": `${i}:delete` },
      "×",
    );
    remove.addEventListener("click", () => this.on.remove(i));
    cell(remove);
    return tr;
  }
}

// The card that follows the pointer (or the keyboard focus) over a neuron or
// an edge and shows its numbers; selecting opens the inspector instead.

import { formatNumber } from "./canvas.js";

export class Card {
  constructor(el) {
    this.el = el;
    el.style.pointerEvents = "none";
  }

  /** Shows `content` (`{ title, rows: [[label, value]], note }`) near `rect`. */
  show(content, rect) {
    const el = this.el;
    el.replaceChildren();
    const title = document.createElement("h3");
    title.textContent = content.title;
    el.append(title);
    const table = document.createElement("table");
    for (const [label, value] of content.rows) {
      const tr = table.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      const td = document.createElement("td");
      td.textContent = typeof value === "number" ? formatNumber(value, 4) : value;
      tr.append(th, td);
    }
    el.append(table);
    if (content.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = content.note;
      el.append(note);
    }
    el.hidden = false;
    this.place(rect);
  }

  /** Refreshes the numbers of the open card without moving it. */
  refresh(content) {
    if (this.el.hidden) return;
    const cells = this.el.querySelectorAll("td");
    const labels = this.el.querySelectorAll("th");
    content.rows.forEach(([label, value], k) => {
      if (cells[k]) cells[k].textContent = typeof value === "number" ? formatNumber(value, 4) : value;
      // A label can change too (a neuron switched off: "a (switched off: held at 0)").
      if (labels[k] && labels[k].textContent !== label) labels[k].textContent = label;
    });
  }

  place(rect) {
    const el = this.el;
    const margin = 8;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    let left = rect.right + margin;
    if (left + width > window.innerWidth - margin) left = Math.max(margin, rect.left - width - margin);
    const top = Math.min(rect.top, window.innerHeight - height - margin);
    el.style.left = `${Math.max(margin, left)}px`;
    el.style.top = `${Math.max(margin, top)}px`;
  }

  hide() {
    this.el.hidden = true;
  }
}

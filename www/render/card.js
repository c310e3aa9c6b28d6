// The card that shows a neuron's or a weight's numbers: on hover it follows
// the pointer and only shows; when selected (click, or Enter on a neuron) it
// stays, and its weights and bias can be edited by hand.

import { formatNumber } from "./canvas.js";

export class Card {
  /** `onEdit(index, value)` returns an error message, or null when the value was set. */
  constructor(el, { onEdit, onClose }) {
    this.el = el;
    this.onEdit = onEdit;
    this.onClose = onClose;
    this.pinned = null;
    el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.close();
      }
    });
  }

  /** True while a selected card is open. */
  get isPinned() {
    return this.pinned !== null;
  }

  /**
   * Shows `content` near `rect`: `{ title, rows: [[label, value]], edits:
   * [{label, index, value}], note }`. A pinned card takes focus.
   */
  show(content, rect, pinned = false) {
    if (this.pinned && !pinned) return;
    this.pinned = pinned ? content.key : null;
    const el = this.el;
    el.replaceChildren();
    el.style.pointerEvents = pinned ? "auto" : "none";
    const title = document.createElement("h3");
    title.id = "card-title";
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
    if (pinned && content.edits?.length) {
      const box = document.createElement("div");
      box.className = "weights";
      const editTable = document.createElement("table");
      for (const edit of content.edits) {
        const tr = editTable.insertRow();
        const th = document.createElement("th");
        th.scope = "row";
        const label = document.createElement("label");
        label.textContent = edit.label;
        label.htmlFor = `edit-${edit.index}`;
        th.append(label);
        const td = tr.insertCell();
        const input = document.createElement("input");
        input.id = `edit-${edit.index}`;
        input.type = "number";
        input.step = "any";
        input.value = String(Number(edit.value.toPrecision(6)));
        input.addEventListener("change", () => this.commit(edit.index, input));
        td.append(input);
        tr.prepend(th);
      }
      box.append(editTable);
      el.append(box);
    }
    if (content.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = content.note;
      el.append(note);
    }
    if (pinned) {
      const close = document.createElement("button");
      close.type = "button";
      close.className = "text-button";
      close.textContent = "Close";
      close.style.marginTop = "0.5rem";
      close.addEventListener("click", () => this.close());
      el.append(close);
    }
    el.hidden = false;
    this.place(rect);
    if (pinned) (el.querySelector("input") ?? el.querySelector("button")).focus();
  }

  /** Refreshes the numbers of an open card without moving it or stealing focus. */
  refresh(content) {
    if (this.el.hidden) return;
    const cells = this.el.querySelectorAll("table:first-of-type td");
    content.rows.forEach(([, value], k) => {
      if (cells[k]) cells[k].textContent = typeof value === "number" ? formatNumber(value, 4) : value;
    });
  }

  commit(index, input) {
    const value = Number(input.value);
    const error = input.value.trim() === "" ? "Type a finite number, such as 0.5." : this.onEdit(index, value);
    this.el.querySelector(".card-error")?.remove();
    if (error) {
      const p = document.createElement("p");
      p.className = "card-error";
      p.setAttribute("role", "alert");
      p.textContent = error;
      this.el.append(p);
    }
  }

  place(rect) {
    const el = this.el;
    const margin = 8;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    let left = rect.right + margin;
    if (left + width > window.innerWidth - margin) left = Math.max(margin, rect.left - width - margin);
    let top = Math.min(rect.top, window.innerHeight - height - margin);
    el.style.left = `${Math.max(margin, left)}px`;
    el.style.top = `${Math.max(margin, top)}px`;
  }

  /** Hides a hover card (a pinned one stays). */
  hide() {
    if (!this.pinned) this.el.hidden = true;
  }

  close() {
    const wasPinned = this.pinned;
    this.pinned = null;
    this.el.hidden = true;
    if (wasPinned) this.onClose?.();
  }
}

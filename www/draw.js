// Drawing points on the output: the data panel's "Draw points" tools (add
// or erase, the class or value of new points, undo, redo, clear), strokes
// of a mouse, pen or finger on the output plot (stroke.js), the point
// table for the keyboard (render/pointtable.js), the points kept in this tab's
// sessionStorage for a reload, and every change handed to the engine
// (`lab.setPoints`), which checks it and trains on it under the running
// network. Points it cannot train on yet (none, one class) stay drawn; the
// network then waits, on the last points it could train on.

import { Drawing, pointsView } from "./drawing.js";
import { greyOut } from "./greyed.js";
import { CLASS_COLOR_NAMES, classCss, divergingCss } from "./render/colors.js";
import { cellNumber, PointTable } from "./render/pointtable.js";
import { Strokes } from "./stroke.js";

/** The drawn points, kept for a reload of the page. */
const STORE_KEY = "backprop-lab-points";
/** The most text kept in sessionStorage (as for an imported file). */
const STORE_LIMIT = 2_000_000;

const $ = (id) => document.getElementById(id);

/** The kind of points a config's data set takes: `dims`, and `classes` (0 for values). */
export function pointKind(config, catalog) {
  const d = catalog.datasets.find((x) => x.name === config.dataset);
  return { dims: d.dims, classes: d.problem === "regression" ? 0 : d.problem === "binary" ? 2 : config.classes };
}

/** A kind of points in words. */
function kindText({ dims, classes }) {
  return `${dims === 1 ? "on a line" : "on the plane"} with ${classes ? `${classes} classes` : "values"}`;
}

export class DrawPanel {
  constructor(page) {
    this.page = page;
    /** The user's points (a Drawing), or null while the data is not drawn. */
    this.drawing = null;
    /** Whether the tools are out: the pointer then draws on the output. */
    this.open = false;
    this.tool = "add";
    /** What new points get: a class, or (a value to predict on the plane) a value. */
    this.label = 0;
    this.value = 1;
    /** The engine's reason it cannot train on the drawing (the network waits), or null. */
    this.blocked = null;
    /** The drawing as the output draws it while blocked (none when the engine has it). */
    this.shown = null;
    /** Whether the points are kept in this tab. */
    this.kept = true;
    this.table = new PointTable($("draw-table"), {
      edit: (index, field, text) => this.editCell(index, field, text),
      remove: (index) => this.edit((d) => d.remove(index)),
      add: () => this.addRow(),
    });
    $("draw-toggle").addEventListener("click", () => this.setOpen(!this.open));
    for (const b of document.querySelectorAll("#draw-tool button")) {
      b.addEventListener("click", () => {
        this.tool = b.dataset.tool;
        if (this.tool !== "erase") this.strokes.hideBrush();
        this.render();
      });
    }
    $("draw-value").addEventListener("input", (e) => {
      this.value = Number(e.target.value);
      this.renderValue();
    });
    $("draw-undo").addEventListener("click", () => this.drawing?.undo() && this.changed());
    $("draw-redo").addEventListener("click", () => this.drawing?.redo() && this.changed());
    $("draw-clear").addEventListener("click", () => this.edit((d) => d.replace([])));
    $("draw-table-box").addEventListener("toggle", () => this.renderTable());
    this.strokes = new Strokes(this, page.screen.output, () => page.requestRender());
  }

  kind() {
    return pointKind(this.page.config, this.page.catalog);
  }

  setOpen(open) {
    this.open = open && this.page.table === null;
    this.strokes.hideBrush();
    this.render();
    this.page.requestRender();
  }

  /** A new lab (controller.start): its points are the drawing when drawn; `reopened` is a drawing brought back from this tab. */
  take(lab, reopened = null) {
    const data = lab.dataPoints();
    if (reopened) {
      ({ drawing: this.drawing, blocked: this.blocked } = reopened);
    } else {
      this.drawing = data?.drawn ? Drawing.fromPacked(data, this.kind().dims) : null;
      this.blocked = null;
      if (this.drawing) this.store();
    }
    // Drawn data opens with its tools; a table has no plane to draw on.
    this.open = data !== null && (this.open || this.drawing !== null);
    this.showBlocked();
  }

  /** The drawing kept in this tab, for the address's config: `{ lab, reopened }`, or null with a warning. */
  reopen(config, warnings) {
    const { Lab, catalog } = this.page;
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? "null");
      if (!stored) throw new Error("they are no longer kept in this tab");
      const kind = pointKind(config, catalog);
      if (stored.kind?.dims !== kind.dims || stored.kind?.classes !== kind.classes) {
        throw new Error(`they are points ${kindText(stored.kind ?? {})}, the address's data set takes points ${kindText(kind)}`);
      }
      const drawing = Drawing.fromJSON(stored.points);
      const { coords, labels } = drawing.packed(kind.dims);
      Lab.checkPoints(config, coords, labels);
      try {
        return { lab: Lab.withPoints(config, coords, labels), reopened: { drawing, blocked: null } };
      } catch (error) {
        // Too few to train on: drawn still, over the generated set's network.
        return { lab: new Lab(config), reopened: { drawing, blocked: error.message } };
      }
    } catch (error) {
      warnings.push(`points: the drawn points could not be opened (${error.message}); the generated data is shown`);
      return null;
    }
  }

  /** The drawing to change: the points shown, taken over at the first change. */
  ensure() {
    if (this.drawing) return this.drawing;
    const data = this.page.lab.dataPoints();
    this.drawing = data ? Drawing.fromPacked(data, this.kind().dims) : new Drawing();
    // A drawn point may land in the test set: show it.
    if (this.page.view.show_test !== "true") {
      $("show-test").checked = true;
      this.page.setView("show_test", "true");
    }
    return this.drawing;
  }

  /** One change of the points as a step of Undo of its own. */
  edit(change) {
    if (this.ensure().change(change)) this.changed();
  }

  /** After a whole change: the engine trains on it, it is kept, and shown. */
  changed() {
    $("draw-error").textContent = "";
    this.commit();
    this.store();
    this.render();
  }

  /** Hands the drawing to the engine: it trains on it from now on, or says why it cannot (the lab then keeps its points). */
  commit() {
    const page = this.page;
    const { coords, labels } = this.drawing.packed(this.kind().dims);
    if (page.steps.stepping) page.steps.setMode("train");
    if (page.lab.timeline().viewing >= 0) page.lab.viewPresent();
    try {
      page.lab.setPoints(coords, labels);
      this.blocked = null;
      page.messages.remove("draw");
    } catch (error) {
      this.blocked = error.message;
      page.pause();
    }
    this.showBlocked();
    page.pointsChanged();
  }

  showBlocked() {
    const { dims, classes } = this.kind();
    this.shown = this.blocked && this.drawing ? pointsView(this.drawing, dims, classes) : null;
  }

  /** Says why the network cannot train now (play and step ask); false when it can. */
  refuseTraining() {
    if (!this.blocked) return false;
    this.page.messages.show("warning", `Nothing to train on: ${this.blocked}. Draw more points, or undo.`, [], "draw");
    return true;
  }

  /** Keeps the points in this tab when they fit, with their kind; remembers whether they were kept. */
  store() {
    try {
      const text = JSON.stringify({ kind: this.kind(), points: this.drawing.toJSON() });
      this.kept = text.length <= STORE_LIMIT;
      if (this.kept) sessionStorage.setItem(STORE_KEY, text);
      else sessionStorage.removeItem(STORE_KEY);
    } catch {
      this.kept = false;
    }
  }

  /** A stroke on the output ended (stroke.js): it is kept, and shown. */
  ended() {
    if (this.drawing.end()) this.store();
    this.render();
  }

  /** The eraser's circle on the output, or null. */
  get brush() {
    return this.strokes.brush;
  }

  // ---- The table --------------------------------------------------------------

  /** A cell typed: checked by the engine first; a bad number is named and changes nothing. */
  editCell(index, field, text) {
    const { dims, classes } = this.kind();
    const points = (this.drawing ?? this.fromLab()).points;
    const value = cellNumber(text);
    const name = { x1: "x1", x2: "x2", label: classes ? "class" : "value" }[field];
    if (Number.isNaN(value)) return this.refuse(`point ${index + 1}, ${name}: “${text.trim()}” is not a number`);
    const point = { ...points[index], [field]: value };
    const candidate = new Drawing(points.map((p, i) => (i === index ? point : p))).packed(dims);
    try {
      this.page.Lab.checkPoints(this.page.config, candidate.coords, candidate.labels);
    } catch (error) {
      return this.refuse(error.message);
    }
    this.edit((d) => d.set(index, point));
  }

  /** A refused edit: its message under the table, and the table as it was. */
  refuse(message) {
    $("draw-error").textContent = `${message}. Nothing changed.`;
    this.renderTable();
  }

  /** A new point at the plane's centre with the chosen class or value, its first field focused. */
  addRow() {
    const { dims, classes } = this.kind();
    const label = classes ? this.label : dims === 2 ? this.value : 0;
    this.edit((d) => d.add({ x1: 0, x2: 0, label }));
    const last = this.drawing.points.length - 1;
    this.table.showRow(last);
    this.renderTable(`${last}:x1`);
  }

  /** The points shown before the first change, as a drawing (to show in the table). */
  fromLab() {
    const data = this.page.lab.dataPoints();
    return data ? Drawing.fromPacked(data, this.kind().dims) : new Drawing();
  }

  // ---- Showing it -------------------------------------------------------------

  /** The tools, the status and the table as they are now. */
  render() {
    const onTable = this.page.table !== null;
    greyOut($("draw-toggle"), onTable ? "Drawing is on a generated set's plane: choose one of them first" : "");
    $("draw-toggle").setAttribute("aria-pressed", String(this.open));
    document.body.classList.toggle("drawing", this.open);
    this.page.screen.output.picking = !this.open;
    $("draw-tools").hidden = !this.open;
    for (const b of document.querySelectorAll("#draw-tool button")) b.setAttribute("aria-checked", String(b.dataset.tool === this.tool));
    this.renderChoices();
    const count = (this.drawing ?? this.fromLab()).points.length;
    greyOut($("draw-undo"), this.drawing?.canUndo ? "" : "Nothing to undo");
    greyOut($("draw-redo"), this.drawing?.canRedo ? "" : "Nothing to redo");
    greyOut($("draw-clear"), count > 0 ? "" : "There are no points to clear");
    // Mid-stroke the rest waits for the stroke's end (a screen reader hears the status once).
    if (this.strokes.active) return;
    this.renderStatus();
    $("draw-table-box").hidden = !this.open && this.drawing === null;
    this.renderTable();
  }

  /** The class buttons (in their colours), or the value slider, or on a line nothing: the height is the value. */
  renderChoices() {
    const { dims, classes } = this.kind();
    const box = $("draw-classes");
    box.hidden = classes === 0;
    if (this.label >= classes) this.label = 0;
    if (box.childElementCount !== classes) {
      box.replaceChildren(
        ...Array.from({ length: classes }, (_, k) => {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "draw-class";
          b.setAttribute("role", "radio");
          b.setAttribute("aria-label", `Class ${k + 1} (${CLASS_COLOR_NAMES[k]})`);
          b.title = `New points are of class ${k + 1} (${CLASS_COLOR_NAMES[k]})`;
          const swatch = document.createElement("span");
          swatch.className = "draw-swatch";
          swatch.style.background = classCss(k);
          swatch.setAttribute("aria-hidden", "true");
          b.append(swatch, String(k + 1));
          b.addEventListener("click", () => {
            this.label = k;
            this.render();
          });
          return b;
        }),
      );
    }
    for (const [k, b] of [...box.children].entries()) b.setAttribute("aria-checked", String(k === this.label));
    $("draw-value-control").hidden = classes !== 0 || dims !== 2;
    $("draw-line-hint").hidden = dims !== 1;
    this.renderValue();
  }

  renderValue() {
    const text = String(this.value).replace("-", "−");
    $("draw-value-out").textContent = text;
    $("draw-value-swatch").style.background = divergingCss(this.value);
    $("draw-value").setAttribute("aria-valuetext", text);
  }

  /** What the data is now: the points and their classes, the split or why it cannot train, whether a reload keeps them. */
  renderStatus() {
    const el = $("draw-status");
    el.hidden = !this.open && this.drawing === null;
    if (!this.drawing) {
      el.textContent = "Click or drag on the output to add points: the points shown become yours to edit. Clear starts from an empty plane.";
      return;
    }
    const { classes } = this.kind();
    const points = this.drawing.points;
    const counts = classes
      ? `: ${this.drawing
          .counts(classes)
          .map((n, k) => `${n} ${CLASS_COLOR_NAMES[k]}`)
          .join(", ")}`
      : "";
    let text = `Your points, ${points.length}${counts}.`;
    if (this.blocked) {
      text += ` Not trained on yet: ${this.blocked}. The network waits as it was.`;
    } else {
      const { train, test } = this.page.screen.points;
      text += ` ${train.length} for training, ${test.length} for testing.`;
    }
    text += this.kept ? " Kept in this tab: reloading the page keeps them." : " Too many to keep in this tab: a reload will not bring them back.";
    el.textContent = text;
  }

  /**
   * The point table, while it is open: drawn once the event at hand is
   * over, so that the focus has settled (a Tab has moved it on) and comes
   * back to the same field, or to `focus` (a field's `data-cell`).
   */
  renderTable(focus = null) {
    if (focus) this.focus = focus;
    if (this.tableTimer) return;
    this.tableTimer = setTimeout(() => {
      this.tableTimer = null;
      if (!$("draw-table-box").open) return;
      const { dims, classes } = this.kind();
      const choice = (k) => ({ value: k, label: `class ${k + 1} (${CLASS_COLOR_NAMES[k]})`, color: classCss(k) });
      const choices = classes ? Array.from({ length: classes }, (_, k) => choice(k)) : null;
      this.table.render({ points: (this.drawing ?? this.fromLab()).points, dims, classes: choices }, this.focus);
      this.focus = null;
    });
  }
}

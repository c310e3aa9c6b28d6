// The points a user draws: a list of `{ x1, x2, label }` (x2 is 0 on a
// line; the label is a class, 0, 1, …, or a value), changed in strokes (a
// drag that paints or erases, a table edit, a clear), each undone and
// redone whole. No DOM and no engine: draw.js checks the points and trains
// on them through the engine; tests/js/drawing.test.mjs runs this in Node.

/** The most strokes Undo goes back. */
export const MAX_UNDO = 200;
/** The most points the undo and redo steps hold in all (each holds the list before it). */
const UNDO_BUDGET = 2_000_000;

export class Drawing {
  /** `points`: `{ x1, x2, label }` each. */
  constructor(points = []) {
    this.points = points.map(({ x1, x2, label }) => ({ x1, x2, label }));
    this.undos = [];
    this.redos = [];
    /** The list as the stroke under way found it (null between strokes). */
    this.before = null;
  }

  /** Starts a stroke: what changes until `end()` is one step of Undo. */
  begin() {
    if (this.before === null) this.before = this.points.slice();
  }

  /** Ends the stroke; true if it changed anything. */
  end() {
    const before = this.before;
    this.before = null;
    if (before === null || same(before, this.points)) return false;
    this.undos.push(before);
    this.redos = [];
    this.trim();
    return true;
  }

  /** One change as a stroke of its own; true if it changed anything. */
  change(edit) {
    this.begin();
    edit(this);
    return this.end();
  }

  add(point) {
    this.points.push({ x1: point.x1, x2: point.x2, label: point.label });
  }

  /** Removes every point `near(point)` says; returns how many. */
  erase(near) {
    const kept = this.points.filter((p) => !near(p));
    const removed = this.points.length - kept.length;
    this.points = kept;
    return removed;
  }

  /** Replaces point `index`. */
  set(index, point) {
    this.points[index] = { x1: point.x1, x2: point.x2, label: point.label };
  }

  remove(index) {
    this.points.splice(index, 1);
  }

  /** Replaces every point (clearing, say). */
  replace(points) {
    this.points = points.map(({ x1, x2, label }) => ({ x1, x2, label }));
  }

  get canUndo() {
    return this.undos.length > 0;
  }

  get canRedo() {
    return this.redos.length > 0;
  }

  /** Back one stroke; false if there is none. */
  undo() {
    if (!this.canUndo) return false;
    this.redos.push(this.points);
    this.points = this.undos.pop();
    return true;
  }

  /** Forward one undone stroke; false if there is none. */
  redo() {
    if (!this.canRedo) return false;
    this.undos.push(this.points);
    this.points = this.redos.pop();
    return true;
  }

  /** Forgets the oldest steps past MAX_UNDO or the memory budget. */
  trim() {
    const held = () => [...this.undos, ...this.redos].reduce((n, list) => n + list.length, 0);
    while (this.undos.length > MAX_UNDO || (this.undos.length > 0 && held() > UNDO_BUDGET)) this.undos.shift();
  }

  /** The points as the engine takes them: `dims` coordinates a point, one label each. */
  packed(dims) {
    const n = this.points.length;
    const coords = new Float64Array(n * dims);
    const labels = new Float64Array(n);
    this.points.forEach((p, i) => {
      coords[i * dims] = p.x1;
      if (dims === 2) coords[i * dims + 1] = p.x2;
      labels[i] = p.label;
    });
    return { coords, labels };
  }

  /** How many points each of `classes` classes has. */
  counts(classes) {
    const counts = new Array(classes).fill(0);
    for (const p of this.points) if (p.label >= 0 && p.label < classes) counts[p.label] += 1;
    return counts;
  }

  /** The points as the engine's `{ coords, labels }` (`lab.dataPoints()`), `dims` coordinates each. */
  static fromPacked({ coords, labels }, dims) {
    return new Drawing(Array.from(labels, (label, i) => ({ x1: coords[i * dims], x2: dims === 2 ? coords[i * dims + 1] : 0, label })));
  }

  /** The points for storage: `[[x1, x2, label], …]`. */
  toJSON() {
    return this.points.map((p) => [p.x1, p.x2, p.label]);
  }

  /** Points from `toJSON()`'s form; throws naming what is not. */
  static fromJSON(rows) {
    if (!Array.isArray(rows)) throw new Error("the points are not a list");
    const bad = rows.findIndex((r) => !Array.isArray(r) || r.length !== 3 || !r.every((v) => typeof v === "number"));
    if (bad >= 0) throw new Error(`point ${bad + 1} is not three numbers`);
    return new Drawing(rows.map(([x1, x2, label]) => ({ x1, x2, label })));
  }
}

/** Whether two lists hold the same points in the same order. */
function same(a, b) {
  return a.length === b.length && a.every((p, i) => p.x1 === b[i].x1 && p.x2 === b[i].x2 && p.label === b[i].label);
}

/**
 * The drawn points as the output plot draws a set (`lab.points()`'s form),
 * all as training points: what it shows while the engine cannot train on
 * them (none, or one class).
 */
export function pointsView(drawing, dims, classes) {
  const { coords, labels } = drawing.packed(dims);
  const n = labels.length;
  const train = {
    length: n,
    points: coords,
    classes: classes > 0 ? Uint32Array.from(labels) : new Uint32Array(0),
    values: classes > 0 ? new Float64Array(0) : labels,
  };
  const empty = { length: 0, points: new Float64Array(0), classes: new Uint32Array(0), values: new Float64Array(0) };
  return { dims, classes, train, test: empty };
}

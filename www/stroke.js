// Strokes of a mouse, pen or finger on the output while drawing points
// (draw.js): a press adds a point under it, or erases the points within
// the eraser's reach; dragging goes on, adding points spaced along the way
// (not one per pixel) or erasing. A stroke is one step of Undo. The
// eraser's circle follows the pointer over the output.

/** A stroke paints a point every this share of the output's width (at least 14 CSS pixels). */
const SPACING = 0.035;
/** The eraser's radius, as a share of the output's width (at least 14 CSS pixels). */
const ERASER = 0.045;

const round2 = (v) => Math.round(v * 100) / 100;

export class Strokes {
  /**
   * `panel`: the draw panel (its `open`, `tool`, `label`, `value`,
   * `kind()`, `ensure()`, `commit()` and `ended()`); `output`: the
   * OutputView drawn on; `redraw()` asks for a frame.
   */
  constructor(panel, output, redraw) {
    this.panel = panel;
    this.output = output;
    this.redraw = redraw;
    /** The stroke under way: its pointer and where it last painted. */
    this.stroke = null;
    /** The eraser's circle, `{ x, y, r }` in CSS pixels, or null. */
    this.brush = null;
    const canvas = output.canvas;
    canvas.addEventListener("pointerdown", (e) => {
      if (!panel.open || !e.isPrimary || e.button !== 0) return;
      e.preventDefault();
      canvas.setPointerCapture?.(e.pointerId);
      panel.ensure().begin();
      this.stroke = { id: e.pointerId, last: null };
      this.at(e);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!panel.open) return;
      if (panel.tool === "erase") this.moveBrush(e);
      if (this.stroke?.id === e.pointerId) this.at(e);
    });
    const finish = (e) => {
      if (this.stroke?.id !== e.pointerId) return;
      this.stroke = null;
      panel.ended();
    };
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    canvas.addEventListener("pointerleave", () => this.hideBrush());
  }

  get active() {
    return this.stroke !== null;
  }

  hideBrush() {
    if (this.brush === null) return;
    this.brush = null;
    this.redraw();
  }

  /** Where a pointer event is on the output, in CSS pixels from its corner. */
  spot(e) {
    const rect = this.output.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  /** A share of the output's width in CSS pixels, at least 14 (a finger's reach on a small output). */
  reach(share) {
    return Math.max(14, share * this.output.canvas.getBoundingClientRect().width);
  }

  moveBrush(e) {
    const [x, y] = this.spot(e);
    this.brush = { x, y, r: this.reach(ERASER) };
    this.redraw();
  }

  /** The stroke reaches the pointer: a point added (spaced along the way), or the points under the eraser removed. */
  at(e) {
    const { panel, output } = this;
    const drawing = panel.drawing;
    const here = this.spot(e);
    const { dims, classes } = panel.kind();
    if (panel.tool === "erase") {
      const radius = this.reach(ERASER);
      const near = (p) => {
        const [x, y] = output.screenOf(dims === 2 ? [p.x1, p.x2] : [p.x1, p.label]);
        return Math.hypot(x - here[0], y - here[1]) <= radius;
      };
      if (drawing.erase(near) > 0) panel.commit();
      return;
    }
    const last = this.stroke.last;
    if (last && Math.hypot(here[0] - last[0], here[1] - last[1]) < this.reach(SPACING)) return;
    this.stroke.last = here;
    const [a, b] = output.planeAt(e.clientX, e.clientY);
    // On a line the height is the value; on the plane, the class or value chosen.
    const label = dims === 1 ? round2(b) : classes ? panel.label : panel.value;
    drawing.add({ x1: round2(a), x2: dims === 2 ? round2(b) : 0, label });
    panel.commit();
  }
}

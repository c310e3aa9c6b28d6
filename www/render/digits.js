// A grid of a square-image table's test examples (the 8 × 8 digits), each
// drawn as its picture with the label the network predicts; a mistake has
// a red frame and says the true label. Paged; each picture is a button that
// shows its example. Plain data in (examples.js' `digitView`).

const PER_PAGE = 48;

function element(tag, className = "", text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== "") el.textContent = text;
  return el;
}

/** Paints one image (`pixels` side × side, row by row, 0 … `max` ink) onto its canvas. */
function paint(canvas, pixels, side, max) {
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  for (let p = 0; p < side * side; p += 1) {
    const ink = max > 0 ? Math.min(1, Math.max(0, pixels[p] / max)) : 0;
    const v = Math.round(255 * (1 - ink));
    image.data.set([v, v, v, 255], p * 4);
  }
  ctx.putImageData(image, 0, 0);
}

export class DigitGrid {
  /** `box` holds the grid; `onPick(index)` shows test example `index`. */
  constructor(box, { onPick }) {
    this.box = box;
    this.onPick = onPick;
    this.page = 0;
    this.view = null;
  }

  /** How many pages the view has. */
  pages(view = this.view) {
    return Math.max(1, Math.ceil(view.count / PER_PAGE));
  }

  /** The examples of the page shown: indices into the test set. */
  shownRange() {
    const start = this.page * PER_PAGE;
    return [start, Math.min(this.view.count, start + PER_PAGE)];
  }

  /**
   * `view`: `{ epoch, side, max, names, count, image(e) → pixels, predicted, actual }`
   * (`predicted` and `actual` the classes of every test example), or null to hide.
   */
  draw(view) {
    this.view = view;
    this.box.hidden = view === null;
    if (view === null) return;
    this.page = Math.min(this.page, this.pages() - 1);
    const [start, end] = this.shownRange();
    const wrong = view.predicted.reduce((n, p, e) => n + (p !== view.actual[e]), 0);
    const head = element("div", "digits-head");
    head.append(element("h3", "", `Test images, epoch ${view.epoch}: ${wrong} of ${view.count} wrong`));
    const nav = element("div", "digits-nav");
    const button = (text, label, by) => {
      const b = element("button", "round-button small", text);
      b.type = "button";
      b.setAttribute("aria-label", label);
      b.disabled = this.page + by < 0 || this.page + by >= this.pages();
      b.addEventListener("click", () => {
        this.page += by;
        this.draw(this.view);
        this.box.querySelector(`button[aria-label="${label}"]`)?.focus();
      });
      return b;
    };
    nav.append(
      button("‹", "Previous test images", -1),
      element("span", "", `${start + 1}–${end} of ${view.count}`),
      button("›", "Next test images", 1),
    );
    head.append(nav);
    const grid = element("div", "digits-grid");
    for (let e = start; e < end; e += 1) {
      const predicted = view.names[view.predicted[e]];
      const actual = view.names[view.actual[e]];
      const right = predicted === actual;
      const cell = element("button", right ? "digit" : "digit wrong");
      cell.type = "button";
      cell.dataset.index = String(e);
      cell.setAttribute("aria-label", `Test #${e}: predicted ${predicted}${right ? "" : `, true ${actual}`}. Show it in the diagram`);
      cell.title = `test #${e}`;
      const canvas = element("canvas");
      canvas.setAttribute("aria-hidden", "true");
      paint(canvas, view.image(e), view.side, view.max);
      cell.append(canvas, element("span", "digit-label", predicted));
      if (!right) cell.append(element("span", "digit-true", `true ${actual}`));
      cell.addEventListener("click", () => this.onPick(e));
      grid.append(cell);
    }
    this.box.replaceChildren(head, grid);
  }

  /** The images as last drawn, `{ index, predicted, actual }` by class number (for the test interface). */
  shown() {
    if (!this.view) return [];
    const [start, end] = this.shownRange();
    return Array.from({ length: end - start }, (_, k) => ({
      index: start + k,
      predicted: this.view.predicted[start + k],
      actual: this.view.actual[start + k],
    }));
  }
}

// The first layer of an image network as a gallery: each neuron's incoming
// weights drawn as a picture the size of the input image, large enough to
// read (in the diagram, 32 neurons leave each about 10 pixels). A picture is
// a button: it opens that neuron in the inspector.

import { MapCanvas } from "./heatmap.js";

export class WeightGallery {
  /** `container` holds the gallery; `select(target)` opens a neuron. */
  constructor(container, select) {
    this.container = container;
    this.select = select;
    this.tiles = [];
    this.key = null;
  }

  /**
   * Draws `pictures` (`weightImages`: `{ side, images, half }`, or null to
   * hide the gallery) for the neurons `targets` (the diagram's first layer).
   */
  draw(pictures, targets) {
    this.container.hidden = !pictures;
    if (!pictures) {
      this.key = null;
      return;
    }
    const key = `${pictures.side}:${targets.map((t) => t.name).join("|")}`;
    if (key !== this.key) this.build(targets, pictures.side, key);
    const style = { kind: "diverging", center: 0, half: pictures.half };
    this.tiles.forEach((tile, j) => {
      tile.map.draw(pictures.images[j], 0, pictures.side, pictures.side, style, 1);
    });
    this.container.querySelector(".gallery-scale").textContent = `colour: weight, full at ±${formatHalf(pictures.half)}`;
  }

  build(targets, side, key) {
    this.key = key;
    const heading = document.createElement("h3");
    heading.textContent = "What the first layer looks for";
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = `Each neuron's ${side * side} incoming weights as a ${side} × ${side} picture: blue pixels raise it, orange ones lower it.`;
    const grid = document.createElement("div");
    grid.className = "gallery-grid";
    this.tiles = targets.map((target, j) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "gallery-tile";
      button.setAttribute("aria-label", `${target.name}: its weights as a picture; press Enter to inspect it`);
      const canvas = document.createElement("canvas");
      const label = document.createElement("span");
      label.textContent = String(j + 1);
      label.setAttribute("aria-hidden", "true");
      button.append(canvas, label);
      button.addEventListener("click", () => this.select(target));
      grid.append(button);
      return { button, map: new MapCanvas(canvas) };
    });
    const scale = document.createElement("p");
    scale.className = "hint gallery-scale";
    this.container.replaceChildren(heading, note, grid, scale);
  }
}

function formatHalf(half) {
  return half >= 0.01 ? half.toFixed(2) : half.toExponential(1);
}

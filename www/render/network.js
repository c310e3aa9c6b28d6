// The network diagram: a column of input features, one column per layer,
// neurons as buttons holding their heatmaps and step mode's numbers, and the
// edges beneath (render/edges.js); the nodes are built by render/nodes.js.
// It takes plain data: `setShape(model)`
// rebuilds it when the architecture changes, `update(view)` restyles it
// every frame, `setStep(step)` shows step mode's labels.

import { divergingCss } from "./colors.js";
import { Edges } from "./edges.js";
import { inputNodes, layerHead, neuronColumn } from "./nodes.js";

const HEAD_HEIGHT = 78;
const LABEL_WIDTH = 58;
/** How long the flow along a layer's edges animates after a step. */
const FLOW_MS = 700;

/** Shows a step-mode number on a node; its name starts with what it shows, so speech and sight agree. */
function showValue(node, text) {
  node.value.textContent = text;
  const name = text ? `${text}: ${node.name}` : node.name;
  if (node.button.getAttribute("aria-label") !== name) node.button.setAttribute("aria-label", name);
}

export class NetworkView {
  /**
   * @param {object} parts `{ container, layersEl, edgesCanvas, on }` where `on`
   *   holds the callbacks: toggleFeature(name), addNeuron(l), removeNeuron(l),
   *   activation(l, name), outputActivation(name), hover(target, rect),
   *   leave(), select(target, rect).
   */
  constructor({ container, layersEl, edgesCanvas, on }) {
    this.container = container;
    this.layersEl = layersEl;
    this.edgesCanvas = edgesCanvas;
    this.on = on;
    this.model = null;
    this.view = null;
    this.step = null;
    this.nodes = [];
    this.edges = new Edges(edgesCanvas);
    new ResizeObserver(() => {
      if (this.model) {
        this.layout();
        // The edges' canvas learns its new size from its own observer, called after this one: draw once it has.
        requestAnimationFrame(() => this.drawEdges());
      }
    }).observe(container);
    edgesCanvas.parentElement.addEventListener("mousemove", (e) => this.pointerMove(e));
    edgesCanvas.parentElement.addEventListener("mouseleave", () => this.pointerLeave());
    edgesCanvas.parentElement.addEventListener("click", (e) => this.pointerClick(e));
  }

  /**
   * Rebuilds the diagram. `model`: `{ features: [{name, label, on}], sizes,
   * activations, hiddenActivations: [names], outputActivations: [names],
   * maxNeurons, outputLabels, names (per layer, per neuron), layout }`,
   * `layout` the parameter layout of view.js' `paramLayout`.
   */
  setShape(model) {
    this.model = model;
    this.layersEl.replaceChildren();
    this.nodes = [];
    this.drawnFeatures = null;

    const columns = [inputNodes(model, this.layersEl, this.on)];
    const layers = model.sizes.length - 1;
    for (let l = 0; l < layers; l += 1) {
      columns.push(neuronColumn(model, l, this.layersEl, this.on));
      this.layersEl.append(layerHead(model, l, l === layers - 1, this.on));
    }
    this.columns = columns;
    this.layout();
  }

  /** Places every node for the container's current size. */
  layout() {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const columns = this.columns;
    // A compact input column fits the height on its own and sets no size.
    const compact = Boolean(this.model.compact);
    const tallest = Math.max(...columns.slice(compact ? 1 : 0).map((c) => c.length));
    // Stepping hides the layers' editing controls: more room for the numbers.
    // On a large screen the text is larger (style.css), and the neurons grow with it.
    const scale = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 15 || 1;
    const headHeight = document.body.classList.contains("stepping") ? 6 : HEAD_HEIGHT * scale;
    const usable = height - headHeight - 14;
    // Wide data (digits' 32 neurons) may shrink the neurons further, so that a column still fits.
    // Presenter mode's numbers are large (0.85rem, present.css): beside the neurons on a wide screen, and
    // under them on a narrow one, where the gap fits one and the active ring if the height allows.
    const under = document.body.classList.contains("presenting") && !window.matchMedia("(min-width: 1051px)").matches;
    const labelRoom = under ? 1.15 * scale * 15 * 0.85 + 10 : 0;
    const fitted = Math.min(usable / (tallest * 1.3), (usable - (tallest - 1) * labelRoom) / tallest);
    const size = Math.max(compact ? 10 : 16, Math.min(48 * scale, fitted));
    const wanted = Math.max(size * 0.6, labelRoom);
    const gap = Math.max(compact ? 0 : -Infinity, Math.min(wanted, (usable - tallest * size) / Math.max(1, tallest - 1)));
    // A table's column names may be long: room for them, up to a third of the width.
    const longest = Math.max(0, ...this.model.features.map((f) => (f.fixed && !compact ? f.label.length : 0)));
    // An image's inputs are drawn as the picture itself: room for it, up to a third of the width.
    const image = this.model.imageSide || 0;
    const left = image ? Math.min(width / 3, usable * 0.6) : Math.min(width / 3, Math.max(LABEL_WIDTH * scale, (longest * 7 + 8) * scale));
    const step = (width - left - size - 8) / Math.max(1, columns.length - 1);
    this.size = size;
    // Neurons too small for a bias square show only their picture.
    this.layersEl.classList.toggle("tiny", size < 14);
    columns.forEach((column, c) => {
      const x = left + c * step;
      if (c === 0 && image) {
        this.placeImage(column, x, headHeight, usable, size, image);
        return;
      }
      if (c === 0 && compact) {
        this.placeCompact(column, x, headHeight, usable, size);
        return;
      }
      const total = column.length * size + (column.length - 1) * gap;
      const top = headHeight + Math.max(0, (usable - total) / 2);
      column.forEach((node, k) => {
        node.x = x;
        node.y = top + k * (size + gap);
        Object.assign(node.button.style, { left: `${x}px`, top: `${node.y}px`, width: `${size}px`, height: `${size}px` });
        if (node.label) Object.assign(node.label.style, { left: `${x}px`, top: `${node.y + size / 2}px` });
      });
    });
    for (const head of this.layersEl.querySelectorAll(".layer-head")) {
      const c = Number(head.dataset.layer) + 1;
      const last = c === columns.length - 1;
      const headWidth = Math.min(120 * scale, step - 6);
      // The output's head keeps inside the panel's right edge.
      const centre = last ? Math.min(left + c * step + size / 2, width - headWidth / 2) : left + c * step + size / 2;
      Object.assign(head.style, { left: `${centre}px`, top: "0px", width: `${headWidth}px` });
    }
    this.edges.build(columns, size, this.model.layout);
  }

  /**
   * Many inputs as a compact column of small squares, `cell` pixels each,
   * their edges leaving from each square's middle: `node.x` and `node.y`
   * are where a full-size node would be for the edges to start there.
   */
  placeCompact(column, x, headHeight, usable, size) {
    const cell = Math.max(3, Math.min(size, Math.floor(usable / column.length)));
    const top = headHeight + Math.max(0, (usable - cell * column.length) / 2);
    const right = x + size;
    column.forEach((node, k) => {
      const y = top + k * cell;
      node.x = right - size;
      node.y = y + cell / 2 - size / 2;
      Object.assign(node.button.style, { left: `${right - cell}px`, top: `${y}px`, width: `${cell}px`, height: `${cell}px` });
    });
  }

  /**
   * An image's inputs as the picture they make, `side` × `side` pixels ending
   * at the column's right edge: each edge leaves from its pixel's middle.
   */
  placeImage(column, x, headHeight, usable, size, side) {
    const right = x + size;
    const cell = Math.max(3, Math.floor(Math.min(right - 4, usable) / side));
    const top = headHeight + Math.max(0, (usable - cell * side) / 2);
    column.forEach((node, k) => {
      const left = right - cell * side + (k % side) * cell;
      const y = top + Math.floor(k / side) * cell;
      node.x = left + cell / 2 - size;
      node.y = y + cell / 2 - size / 2;
      Object.assign(node.button.style, { left: `${left}px`, top: `${y}px`, width: `${cell}px`, height: `${cell}px` });
      node.button.classList.add("pixel");
    });
  }

  /** The first hidden layer's neurons as selection targets (the weight gallery's). */
  firstLayerTargets() {
    return this.columns?.[1]?.map((node) => node.target) ?? [];
  }

  /** Places the nodes again if there are any (step mode changes the room the layers have). */
  relayout() {
    if (this.model) this.layout();
  }

  /**
   * Restyles the diagram. `view`: `{ params, grads, delta, mode, grid, res,
   * rows, featureMaps, featureOffsets, featureStyles (by name), styles (per
   * layer, per neuron), selected }`.
   */
  update(view) {
    this.view = view;
    const pixels = view.res * view.rows;
    // Feature maps never change with training: drawn once per shape.
    if (this.drawnFeatures !== view.featureMaps) {
      this.drawnFeatures = view.featureMaps;
      for (const node of this.columns[0]) {
        const offset = view.featureOffsets[node.feature.name];
        if (offset !== undefined) {
          node.map.draw(view.featureMaps, offset, view.res, view.rows, view.featureStyles[node.feature.name], 2);
        }
      }
    }
    // A table's inputs: coloured by the example's values (−1 to 1 over each input's range).
    if (view.inputShades) {
      for (const node of this.columns[0]) node.button.style.background = divergingCss(view.inputShades[node.index] ?? 0);
    }
    // An image's inputs: the example's picture, dark ink on white.
    if (view.inputInk) {
      for (const node of this.columns[0]) {
        const level = Math.round(255 * (1 - (view.inputInk[node.index] ?? 0)));
        if (node.ink !== level) {
          node.ink = level;
          node.button.style.background = `rgb(${level} ${level} ${level})`;
        }
      }
    }
    // Neuron maps and biases; a square image's first layer shows each neuron's weights as a picture.
    // Thumbnails are small: a pixel of the grid per pixel of the screen is plenty (every other one at least).
    const pictures = view.weightImages;
    const stride = Math.max(2, Math.round(view.res / (this.size * (window.devicePixelRatio || 1))));
    let neuron = 0;
    for (let c = 1; c < this.columns.length; c += 1) {
      const styles = view.styles[c - 1];
      for (const node of this.columns[c]) {
        node.button.classList.toggle("weights", Boolean(pictures && c === 1));
        if (pictures && c === 1) {
          node.map.draw(pictures.images[node.neuron], 0, pictures.side, pictures.side, { kind: "diverging", center: 0, half: pictures.half }, 1);
        } else {
          node.map.draw(view.grid, neuron * pixels, view.res, view.rows, styles[node.neuron], stride);
        }
        const b = view.params[this.model.layout.bias(node.layer, node.neuron)];
        // Written only when it changes: each write restyles the diagram.
        const colour = divergingCss(b / 2);
        if (node.biasColour !== colour) {
          node.biasColour = colour;
          node.bias.style.background = colour;
        }
        // A switched-off neuron (`view.off`, [[layer, neuron]]) is drawn crossed out, and says so.
        const off = Boolean(view.off?.some(([l, j]) => l === node.layer && j === node.neuron));
        if (node.off !== off) {
          node.off = off;
          node.button.classList.toggle("switched-off", off);
          node.name = off ? `${node.target.name}, switched off: press O to switch it on` : node.baseName;
          node.button.setAttribute("aria-label", node.name);
        }
        const selected = Boolean(view.selected && view.selected.layer === node.layer && view.selected.neuron === node.neuron);
        if (node.selected !== selected) {
          node.selected = selected;
          node.button.classList.toggle("selected", selected);
        }
        neuron += 1;
      }
    }
    this.drawEdges();
  }

  /**
   * Step mode: `step` is null outside it, else `{ labels: [[{text, kind}]]
   * per layer, inputs: [text] per active feature, active: {layer, direction},
   * animate, disagree: Set of parameter indices }`.
   */
  setStep(step) {
    if (step === null && this.step === null) return;
    this.step = step;
    for (const node of this.columns[0]) {
      showValue(node, step && node.index >= 0 ? (step.inputs[node.index] ?? "") : "");
    }
    for (let c = 1; c < this.columns.length; c += 1) {
      for (const node of this.columns[c]) {
        const label = step?.labels[node.layer]?.[node.neuron];
        showValue(node, label ? label.text : "");
        node.value.dataset.kind = label ? label.kind : "";
        const active = step?.active && step.active.layer === node.layer;
        node.button.classList.toggle("active-forward", Boolean(active && step.active.direction === "forward"));
        node.button.classList.toggle("active-backward", Boolean(active && step.active.direction === "backward"));
      }
    }
    if (step?.active && step.animate) {
      this.flow = { ...step.active, start: performance.now() };
      const animate = (now) => {
        this.drawEdges();
        if (this.flow && now - this.flow.start < FLOW_MS) requestAnimationFrame(animate);
        else {
          this.flow = null;
          this.drawEdges();
        }
      };
      requestAnimationFrame(animate);
    } else {
      this.flow = null;
    }
    this.drawEdges();
  }

  drawEdges() {
    if (!this.view) return;
    const flow = this.flow ? (performance.now() - this.flow.start) / FLOW_MS : 1;
    this.edges.draw(this.view, this.step, flow);
  }

  edgeTarget(edge) {
    const feature = this.columns[0].find((n) => n.index === edge.input && edge.layer === 0);
    const from = edge.layer === 0 ? feature.feature.label : `hidden ${edge.layer}, neuron ${edge.input + 1}`;
    const isOutput = edge.layer === this.model.sizes.length - 2;
    const to = isOutput ? `output ${this.model.outputLabels[edge.neuron] ?? edge.neuron + 1}` : `hidden ${edge.layer + 1}, neuron ${edge.neuron + 1}`;
    return { kind: "weight", layer: edge.layer, neuron: edge.neuron, input: edge.input, index: edge.index, name: `Weight ${from} → ${to}` };
  }

  pointerMove(e) {
    if (e.target.closest?.(".node, .layer-head")) return;
    const rect = this.container.getBoundingClientRect();
    const edge = this.edges.at(e.clientX - rect.left, e.clientY - rect.top);
    if (edge !== this.edges.hover) {
      this.edges.hover = edge;
      this.drawEdges();
    }
    if (edge) {
      this.on.hover(this.edgeTarget(edge), { left: e.clientX + 12, top: e.clientY + 12, right: e.clientX + 12, bottom: e.clientY + 12 });
    } else {
      this.on.leave();
    }
  }

  pointerLeave() {
    if (this.edges.hover) {
      this.edges.hover = null;
      this.drawEdges();
    }
    this.on.leave();
  }

  pointerClick(e) {
    if (e.target.closest?.(".node, .layer-head")) return;
    const rect = this.container.getBoundingClientRect();
    // A finger covers more than a pointer: reach further for a tap.
    const edge = this.edges.at(e.clientX - rect.left, e.clientY - rect.top, e.pointerType === "touch" ? 18 : undefined);
    if (edge) {
      this.on.select(this.edgeTarget(edge), { left: e.clientX + 12, top: e.clientY + 12, right: e.clientX + 12, bottom: e.clientY + 12 });
    }
  }

  /** Each edge as last drawn: `{ layer, index, value, width, highlighted }` (for the test interface). */
  drawnEdges() {
    return (this.edges.drawn ?? []).map((d) => ({ ...d }));
  }

  /** A short description of the edge scale, for the legend. */
  scaleText() {
    return this.view ? this.edges.scaleText(this.view.mode) : "";
  }

  /** The page coordinates of a point on a weight's edge (sample `k` of 0–16 along it), and its index. */
  edgePoint(layer, neuron, input, k) {
    const point = this.edges.point(layer, neuron, input, k);
    if (!point) return null;
    const box = this.container.getBoundingClientRect();
    return { x: box.left + point.x, y: box.top + point.y, index: point.index };
  }
}

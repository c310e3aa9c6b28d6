// The network diagram: a column of input features, one column per layer,
// neurons as buttons holding their heatmaps, and edges on a canvas beneath
// whose width and colour show a weight, its gradient or its last update.
// It takes plain data: `setShape(model)` rebuilds it when the architecture
// changes, `update(view)` restyles it every frame.

import { fitCanvas, formatNumber } from "./canvas.js";
import { divergingCss } from "./colors.js";
import { MapCanvas } from "./heatmap.js";

const HEAD_HEIGHT = 78;
const LABEL_WIDTH = 58;
const EDGE_SAMPLES = 16;
/** How long the flow along a layer's edges animates after a step. */
const FLOW_MS = 700;

/** Flat-vector offsets of each layer's weights and biases (the engine's layout). */
export function paramLayout(sizes) {
  const weightOffsets = [0];
  for (let l = 1; l < sizes.length; l += 1) {
    weightOffsets.push(weightOffsets[l - 1] + sizes[l - 1] * sizes[l]);
  }
  const nWeights = weightOffsets[sizes.length - 1];
  const biasOffsets = [nWeights];
  for (let l = 1; l < sizes.length; l += 1) biasOffsets.push(biasOffsets[l - 1] + sizes[l]);
  return {
    weight: (layer, neuron, input) => weightOffsets[layer] + neuron * sizes[layer] + input,
    bias: (layer, neuron) => biasOffsets[layer] + neuron,
    nWeights,
    neuronOffset: (layer) => biasOffsets[layer] - nWeights,
  };
}

function element(tag, className, attributes = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
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
    this.edges = [];
    this.hoverEdge = null;
    new ResizeObserver(() => {
      if (this.model) {
        this.layout();
        this.drawEdges();
      }
    }).observe(container);
    edgesCanvas.parentElement.addEventListener("mousemove", (e) => this.pointerMove(e));
    edgesCanvas.parentElement.addEventListener("mouseleave", () => this.pointerLeave());
    edgesCanvas.parentElement.addEventListener("click", (e) => this.pointerClick(e));
  }

  /**
   * Rebuilds the diagram. `model`: `{ features: [{name, label, on}], sizes,
   * activations, hiddenActivations: [names], outputActivations: [names],
   * layerNames, maxLayers, maxNeurons, outputLabels }`.
   */
  setShape(model) {
    this.model = model;
    this.params = paramLayout(model.sizes);
    this.layersEl.replaceChildren();
    this.nodes = [];
    this.drawnFeatures = null;
    const columns = [];

    // Input features: every one offered, the active ones solid.
    const inputs = [];
    let activeIndex = 0;
    for (const feature of model.features) {
      const button = element("button", `node input${feature.on ? "" : " off"}`, {
        type: "button",
        "aria-pressed": String(feature.on),
        "aria-label": `Input feature ${feature.label}, ${feature.on ? "on" : "off"}: press to turn ${feature.on ? "off" : "on"}`,
        title: `${feature.label}: click to turn ${feature.on ? "off" : "on"}`,
      });
      const canvas = element("canvas");
      button.append(canvas);
      const label = element("span", "node-label");
      label.textContent = feature.label;
      const value = element("span", "value-label", { "aria-hidden": "true" });
      button.append(value);
      button.addEventListener("click", () => this.on.toggleFeature(feature.name));
      this.layersEl.append(button, label);
      inputs.push({
        kind: "input",
        feature,
        index: feature.on ? activeIndex : -1,
        button,
        label,
        value,
        map: new MapCanvas(canvas),
      });
      if (feature.on) activeIndex += 1;
    }
    columns.push(inputs);

    const layers = model.sizes.length - 1;
    for (let l = 0; l < layers; l += 1) {
      const isOutput = l === layers - 1;
      const column = [];
      for (let j = 0; j < model.sizes[l + 1]; j += 1) {
        const name = isOutput
          ? `Output ${model.outputLabels[j] ?? j + 1}`
          : `Hidden layer ${l + 1}, neuron ${j + 1}`;
        const button = element("button", "node neuron", { type: "button", "aria-label": `${name}: press Enter for its values` });
        const canvas = element("canvas");
        const bias = element("span", "bias", { "aria-hidden": "true" });
        const value = element("span", "value-label", { "aria-hidden": "true" });
        button.append(canvas, bias, value);
        const target = { kind: "neuron", layer: l, neuron: j, name };
        button.addEventListener("mouseenter", () => this.on.hover(target, button.getBoundingClientRect()));
        button.addEventListener("mouseleave", () => this.on.leave());
        button.addEventListener("focus", () => this.on.hover(target, button.getBoundingClientRect()));
        button.addEventListener("blur", () => this.on.leave());
        button.addEventListener("click", (e) => {
          e.stopPropagation();
          this.on.select(target, button.getBoundingClientRect());
        });
        this.layersEl.append(button);
        column.push({ kind: "neuron", layer: l, neuron: j, button, bias, value, map: new MapCanvas(canvas), target });
      }
      columns.push(column);
      this.layersEl.append(this.layerHead(l, isOutput));
    }
    this.columns = columns;
    this.layout();
  }

  /** The controls above a layer: neuron count and activation. */
  layerHead(l, isOutput) {
    const m = this.model;
    const head = element("div", "layer-head");
    head.dataset.layer = String(l);
    const count = m.sizes[l + 1];
    if (!isOutput) {
      const buttons = element("div", "neuron-buttons");
      const minus = element("button", "round-button small", { type: "button", "aria-label": `Remove a neuron from hidden layer ${l + 1}` });
      minus.textContent = "−";
      minus.disabled = count <= 1;
      minus.addEventListener("click", () => this.on.removeNeuron(l));
      const plus = element("button", "round-button small", { type: "button", "aria-label": `Add a neuron to hidden layer ${l + 1}` });
      plus.textContent = "+";
      plus.disabled = count >= m.maxNeurons;
      plus.addEventListener("click", () => this.on.addNeuron(l));
      buttons.append(minus, plus);
      head.append(buttons);
    }
    const label = element("span");
    label.textContent = isOutput ? "output" : `${count} neuron${count === 1 ? "" : "s"}`;
    head.append(label);
    const select = element("select", "", { "aria-label": isOutput ? "Output activation" : `Activation of hidden layer ${l + 1}` });
    const options = isOutput ? m.outputActivations : m.hiddenActivations;
    for (const name of options) {
      const option = element("option");
      option.value = name;
      option.textContent = name;
      select.append(option);
    }
    select.value = m.activations[l];
    select.disabled = options.length <= 1;
    select.addEventListener("change", () =>
      isOutput ? this.on.outputActivation(select.value) : this.on.activation(l, select.value),
    );
    head.append(select);
    return head;
  }

  /** Places every node for the container's current size. */
  layout() {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    const columns = this.columns;
    const tallest = Math.max(...columns.map((c) => c.length));
    // Stepping hides the layers' editing controls: more room for the numbers.
    const headHeight = document.body.classList.contains("stepping") ? 6 : HEAD_HEIGHT;
    const usable = height - headHeight - 14;
    const size = Math.max(16, Math.min(48, usable / (tallest * 1.3)));
    const gap = Math.min(size * 0.6, (usable - tallest * size) / Math.max(1, tallest - 1));
    const left = LABEL_WIDTH;
    const step = (width - left - size - 8) / Math.max(1, columns.length - 1);
    this.size = size;
    columns.forEach((column, c) => {
      const x = left + c * step;
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
      const headWidth = Math.min(120, step - 6);
      // The output's head keeps inside the panel's right edge.
      const centre = last ? Math.min(left + c * step + size / 2, width - headWidth / 2) : left + c * step + size / 2;
      Object.assign(head.style, { left: `${centre}px`, top: "0px", width: `${headWidth}px` });
    }
    this.buildEdges();
  }

  /** The edges' geometry: a sampled Bézier per weight, for drawing and hit tests. */
  buildEdges() {
    // The old geometry is gone: so is the edge the pointer was on.
    this.hoverEdge = null;
    const edges = [];
    const s = this.size;
    const columns = this.columns;
    for (let c = 1; c < columns.length; c += 1) {
      const layer = c - 1;
      const sources = c === 1 ? columns[0].filter((n) => n.index >= 0) : columns[c - 1];
      sources.forEach((source, input) => {
        for (const target of columns[c]) {
          const x0 = source.x + s;
          const y0 = source.y + s / 2;
          const x1 = target.x;
          const y1 = target.y + s / 2;
          const points = new Float32Array(EDGE_SAMPLES * 2 + 2);
          for (let k = 0; k <= EDGE_SAMPLES; k += 1) {
            const t = k / EDGE_SAMPLES;
            const u = 1 - t;
            const xm = (x0 + x1) / 2;
            points[k * 2] = u * u * u * x0 + 3 * u * u * t * xm + 3 * u * t * t * xm + t * t * t * x1;
            points[k * 2 + 1] = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
          }
          const index = this.params.weight(layer, target.neuron, input);
          edges.push({ layer, neuron: target.neuron, input, index, points, x0, y0, x1, y1 });
        }
      });
    }
    this.edges = edges;
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
    // Neuron maps and biases.
    let neuron = 0;
    for (let c = 1; c < this.columns.length; c += 1) {
      const styles = view.styles[c - 1];
      for (const node of this.columns[c]) {
        // Thumbnails are small: every other pixel is plenty.
        node.map.draw(view.grid, neuron * pixels, view.res, view.rows, styles[node.neuron], 2);
        const b = view.params[this.params.bias(node.layer, node.neuron)];
        node.bias.style.background = divergingCss(b / 2);
        node.button.classList.toggle(
          "selected",
          Boolean(view.selected && view.selected.layer === node.layer && view.selected.neuron === node.neuron),
        );
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
      node.value.textContent = step && node.index >= 0 ? step.inputs[node.index] ?? "" : "";
    }
    for (let c = 1; c < this.columns.length; c += 1) {
      for (const node of this.columns[c]) {
        const label = step?.labels[node.layer]?.[node.neuron];
        node.value.textContent = label ? label.text : "";
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

  /** The values the edges show, and the scale their width saturates at. */
  edgeValues() {
    const v = this.view;
    const values = v.mode === "gradient" ? v.grads : v.mode === "update" ? v.delta : v.params;
    if (v.mode === "weight") return { values, scale: 2 };
    let largest = 0;
    for (let i = 0; i < this.params.nWeights; i += 1) largest = Math.max(largest, Math.abs(values[i]));
    return { values, scale: largest || 1 };
  }

  drawEdges() {
    if (!this.view) return;
    const { ctx, width, height } = fitCanvas(this.edgesCanvas);
    ctx.clearRect(0, 0, width, height);
    const { values, scale } = this.edgeValues();
    this.scale = scale;
    ctx.lineCap = "round";
    // Edges are grouped by their look (sign and one of 24 magnitudes) and
    // each group stroked at once: a few dozen strokes instead of hundreds.
    const LEVELS = 24;
    const buckets = new Map();
    for (const edge of this.edges) {
      const v = values[edge.index];
      const level = Math.round(Math.min(1, Math.abs(v) / scale) * LEVELS);
      const key = (v < 0 ? -1 : 1) * (level + 1);
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = []));
      bucket.push(edge);
    }
    const keys = [...buckets.keys()].sort((a, b) => Math.abs(a) - Math.abs(b));
    for (const key of keys) {
      const t = (Math.abs(key) - 1) / LEVELS;
      ctx.strokeStyle = divergingCss(Math.sign(key) * (0.25 + 0.75 * t), 0.35 + 0.65 * t);
      ctx.lineWidth = 0.6 + 5.4 * t;
      ctx.beginPath();
      for (const edge of buckets.get(key)) this.pathEdge(ctx, edge);
      ctx.stroke();
    }
    // Step mode: the active layer's edges carry the flow (forward or backward).
    const active = this.step?.active;
    if (active) {
      const t = this.flow ? (performance.now() - this.flow.start) / FLOW_MS : 1;
      const layer = active.layer;
      ctx.strokeStyle = active.direction === "forward" ? "rgba(28, 95, 209, 0.75)" : "rgba(196, 84, 0, 0.75)";
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 8]);
      ctx.lineDashOffset = active.direction === "forward" ? -t * 28 : t * 28;
      for (const edge of this.edges) if (edge.layer === layer) this.strokeEdge(ctx, edge);
      ctx.setLineDash([]);
    }
    if (this.step?.disagree?.size) {
      ctx.strokeStyle = "#b42318";
      ctx.lineWidth = 3;
      ctx.setLineDash([3, 3]);
      for (const edge of this.edges) if (this.step.disagree.has(edge.index)) this.strokeEdge(ctx, edge);
      ctx.setLineDash([]);
    }
    const hover = this.hoverEdge;
    if (hover) {
      ctx.strokeStyle = "#18202e";
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      this.strokeEdge(ctx, hover);
      ctx.setLineDash([]);
    }
  }

  strokeEdge(ctx, edge) {
    ctx.beginPath();
    this.pathEdge(ctx, edge);
    ctx.stroke();
  }

  pathEdge(ctx, edge) {
    const xm = (edge.x0 + edge.x1) / 2;
    ctx.moveTo(edge.x0, edge.y0);
    ctx.bezierCurveTo(xm, edge.y0, xm, edge.y1, edge.x1, edge.y1);
  }

  /** The edge within a few pixels of a point, if any. */
  edgeAt(x, y) {
    let best = null;
    let bestDistance = 6;
    for (const edge of this.edges) {
      const p = edge.points;
      for (let k = 0; k < EDGE_SAMPLES; k += 1) {
        const ax = p[k * 2];
        const ay = p[k * 2 + 1];
        const bx = p[k * 2 + 2];
        const by = p[k * 2 + 3];
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        const distance = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
        if (distance < bestDistance) {
          bestDistance = distance;
          best = edge;
        }
      }
    }
    return best;
  }

  edgeTarget(edge) {
    const feature = this.columns[0].find((n) => n.index === edge.input && edge.layer === 0);
    const from = edge.layer === 0 ? feature.feature.label : `hidden ${edge.layer}, neuron ${edge.input + 1}`;
    const isOutput = edge.layer === this.model.sizes.length - 2;
    const to = isOutput ? `output ${this.model.outputLabels[edge.neuron] ?? edge.neuron + 1}` : `hidden ${edge.layer + 1}, neuron ${edge.neuron + 1}`;
    return { kind: "weight", layer: edge.layer, neuron: edge.neuron, input: edge.input, index: edge.index, name: `Weight ${from} → ${to}` };
  }

  pointerMove(e) {
    if (e.target.closest && e.target.closest(".node, .layer-head")) return;
    const rect = this.container.getBoundingClientRect();
    const edge = this.edgeAt(e.clientX - rect.left, e.clientY - rect.top);
    if (edge !== this.hoverEdge) {
      this.hoverEdge = edge;
      this.drawEdges();
    }
    if (edge) {
      this.on.hover(this.edgeTarget(edge), { left: e.clientX + 12, top: e.clientY + 12, right: e.clientX + 12, bottom: e.clientY + 12 });
    } else {
      this.on.leave();
    }
  }

  pointerLeave() {
    if (this.hoverEdge) {
      this.hoverEdge = null;
      this.drawEdges();
    }
    this.on.leave();
  }

  pointerClick(e) {
    if (e.target.closest && e.target.closest(".node, .layer-head")) return;
    const rect = this.container.getBoundingClientRect();
    const edge = this.edgeAt(e.clientX - rect.left, e.clientY - rect.top);
    if (edge) {
      this.on.select(this.edgeTarget(edge), { left: e.clientX + 12, top: e.clientY + 12, right: e.clientX + 12, bottom: e.clientY + 12 });
    }
  }

  /** A short description of the edge scale, for the legend. */
  scaleText() {
    if (!this.view) return "";
    if (this.view.mode === "weight") return "width: |w|, full at 2";
    const what = this.view.mode === "gradient" ? "|∂L/∂w|" : "|Δw|";
    return `width: ${what}, full at the largest, ${formatNumber(this.scale, 3)}`;
  }
}

// The diagram's nodes as DOM: an input column (features to toggle, or a
// table's fixed columns), a column of neuron buttons per layer, and the
// controls above each layer. NetworkView (network.js) places and restyles
// them; each user action goes to its `on` callbacks.

import { greyOut } from "../greyed.js";
import { explain, label as labelOf } from "../names.js";
import { MapCanvas } from "./heatmap.js";

export function element(tag, className, attributes = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
}

/** The input column: every feature offered, the active ones solid; a table's columns are fixed (and many are compact). */
export function inputNodes(model, parent, on) {
  const inputs = [];
  let activeIndex = 0;
  for (const feature of model.features) {
    const button = feature.fixed
      ? element("div", `node input fixed${model.compact ? " compact" : ""}`, {
          role: "img",
          "aria-label": `Input ${feature.label}`,
          title: feature.label,
        })
      : element("button", `node input${feature.on ? "" : " off"}`, {
          type: "button",
          "aria-pressed": String(feature.on),
          "aria-label": `Input feature ${feature.label}, ${feature.on ? "on" : "off"}: press to turn ${feature.on ? "off" : "on"}`,
          title: `${feature.label}: click to turn ${feature.on ? "off" : "on"}`,
        });
    const canvas = element("canvas");
    // A table's inputs draw no map: a 1-pixel canvas, not the default 300 × 150 the compositor would carry (64 of them for digits).
    if (feature.fixed) Object.assign(canvas, { width: 1, height: 1 });
    button.append(canvas);
    const label = element("span", "node-label");
    label.textContent = feature.label;
    const value = element("span", "value-label", { "aria-hidden": "true" });
    button.append(value);
    if (!feature.fixed) button.addEventListener("click", () => on.toggleFeature(feature.name));
    label.hidden = Boolean(model.compact);
    parent.append(button, label);
    inputs.push({
      kind: "input",
      name: button.getAttribute("aria-label"),
      feature,
      index: feature.on ? activeIndex : -1,
      button,
      label,
      value,
      map: new MapCanvas(canvas),
    });
    if (feature.on) activeIndex += 1;
  }
  return inputs;
}

/** Layer `l`'s neurons, as buttons holding a heatmap, a bias square and step mode's number. */
export function neuronColumn(model, l, parent, on) {
  const column = [];
  for (let j = 0; j < model.sizes[l + 1]; j += 1) {
    const name = model.names[l][j];
    // The output's numbers sit under its right edge, inside the panel.
    const output = l === model.sizes.length - 2 ? " output" : "";
    // A hidden neuron can be switched off with O (keys.js).
    const keys = output ? "press Enter for its values" : "press Enter for its values, O to switch it off or on";
    const button = element("button", `node neuron${output}`, { type: "button", "aria-label": `${name}: ${keys}` });
    if (!output) Object.assign(button.dataset, { layer: String(l), neuron: String(j) });
    const canvas = element("canvas");
    const bias = element("span", "bias", { "aria-hidden": "true" });
    const value = element("span", "value-label", { "aria-hidden": "true" });
    button.append(canvas, bias, value);
    const target = { kind: "neuron", layer: l, neuron: j, name };
    button.addEventListener("mouseenter", () => on.hover(target, button.getBoundingClientRect()));
    button.addEventListener("mouseleave", () => on.leave());
    button.addEventListener("focus", () => on.hover(target, button.getBoundingClientRect()));
    button.addEventListener("blur", () => on.leave());
    button.addEventListener("click", (e) => {
      e.stopPropagation();
      on.select(target, button.getBoundingClientRect());
    });
    parent.append(button);
    column.push({
      kind: "neuron",
      layer: l,
      neuron: j,
      name: button.getAttribute("aria-label"),
      baseName: button.getAttribute("aria-label"),
      off: false,
      button,
      bias,
      value,
      map: new MapCanvas(canvas),
      target,
    });
  }
  return column;
}

/** The controls above a layer: neuron count and activation. */
export function layerHead(m, l, isOutput, on) {
  const head = element("div", "layer-head");
  head.dataset.layer = String(l);
  const count = m.sizes[l + 1];
  if (!isOutput) {
    const buttons = element("div", "neuron-buttons");
    const minus = element("button", "round-button small", { type: "button", "aria-label": `Remove a neuron from hidden layer ${l + 1}` });
    minus.textContent = "−";
    minus.id = `remove-neuron-${l}`;
    minus.addEventListener("click", () => on.removeNeuron(l));
    const plus = element("button", "round-button small", { type: "button", "aria-label": `Add a neuron to hidden layer ${l + 1}` });
    plus.textContent = "+";
    plus.id = `add-neuron-${l}`;
    plus.addEventListener("click", () => on.addNeuron(l));
    buttons.append(minus, plus);
    head.append(buttons);
    greyOut(minus, count <= 1 ? "A layer needs at least one neuron" : "");
    greyOut(plus, count >= m.maxNeurons ? `At most ${m.maxNeurons} neurons a layer` : "");
  }
  const label = element("span");
  label.textContent = isOutput ? "output" : `${count} neuron${count === 1 ? "" : "s"}`;
  head.append(label);
  const select = element("select", "", { "aria-label": isOutput ? "Output activation" : `Activation of hidden layer ${l + 1}` });
  const options = isOutput ? m.outputActivations : m.hiddenActivations;
  for (const name of options) {
    const option = element("option");
    option.value = name;
    option.textContent = labelOf("activation", name);
    option.title = explain("activation", name);
    select.append(option);
  }
  select.value = m.activations[l];
  select.title = explain("activation", select.value);
  select.id = isOutput ? "output-activation" : `activation-${l}`;
  select.addEventListener("change", () => (isOutput ? on.outputActivation(select.value) : on.activation(l, select.value)));
  head.append(select);
  greyOut(select, options.length <= 1 ? `The loss allows only ${labelOf("activation", options[0])} here` : "");
  return head;
}

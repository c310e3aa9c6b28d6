// View data: turns the engine's snapshot and examples into the plain data
// the renderers draw (the parameter layout, the diagram's shape and frame,
// the step model, the neurons' colours and labels, the hover card, the hand
// editor's fields); step mode's numbers, read from stepState, are in
// stepview.js. With stepview.js and the controller it is the only module that
// reads engine objects; it touches no DOM, so tests/js/view.test.mjs runs it
// in Node on fake data.

import { formatNumber } from "./render/canvas.js";

/** The output neurons' names: ŷ for one output, else one class each. */
export function outputLabels(outputs) {
  return outputs === 1 ? ["ŷ"] : Array.from({ length: outputs }, (_, k) => `class ${k + 1}`);
}

/** A neuron's name as the page writes it: "Hidden layer 1, neuron 2" or "Output ŷ". */
export function neuronName(layer, neuron, layers, labels) {
  return layer === layers - 1 ? `Output ${labels[neuron] ?? neuron + 1}` : `Hidden layer ${layer + 1}, neuron ${neuron + 1}`;
}

/**
 * The flat parameter layout, read once per network shape from the engine
 * (`lab.weightIndex`, `lab.biasIndex`): `weights[l][j][i]` and `biases[l][j]`
 * hold the indices into `snapshot().params`; `weight(l, j, i)` and
 * `bias(l, j)` read them. Layer 0 is the first hidden layer.
 */
export function paramLayout(lab, sizes) {
  const weights = [];
  const biases = [];
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    weights.push(Array.from({ length: sizes[l + 1] }, (_, j) => Uint32Array.from({ length: sizes[l] }, (_, i) => lab.weightIndex(l, j, i))));
    biases.push(Uint32Array.from({ length: sizes[l + 1] }, (_, j) => lab.biasIndex(l, j)));
  }
  return {
    sizes: sizes.slice(),
    weights,
    biases,
    weight: (l, j, i) => weights[l][j][i],
    bias: (l, j) => biases[l][j],
  };
}

/**
 * The network diagram's shape (NetworkView's `setShape`): every input
 * feature offered for data of `dims` dimensions, the sizes, activations and
 * the choices per layer, each neuron's name, and the parameter `layout`.
 */
export function networkShape(snapshot, config, catalog, layout, maxNeurons) {
  const dims = catalog.datasets.find((d) => d.name === config.dataset).dims;
  const loss = catalog.losses.find((l) => l.name === config.loss);
  const layers = snapshot.sizes.length - 1;
  const labels = outputLabels(snapshot.sizes.at(-1));
  return {
    features: catalog.features
      .filter((f) => dims === 2 || !f.usesX2)
      .map((f) => ({ name: f.name, label: f.label, on: config.features.includes(f.name) })),
    sizes: snapshot.sizes,
    activations: snapshot.activations,
    hiddenActivations: catalog.activations.filter((a) => a !== "softmax"),
    outputActivations: loss.outputs,
    outputLabels: labels,
    names: snapshot.sizes.slice(1).map((width, l) => Array.from({ length: width }, (_, j) => neuronName(l, j, layers, labels))),
    maxNeurons,
    layout,
  };
}

/**
 * Where each feature's map starts in `maps` (`Lab.featureMaps(names, …)`,
 * `pixels` numbers each) and how it is coloured: diverging around 0, full at
 * its largest magnitude.
 */
export function featureView(maps, names, pixels) {
  const offsets = {};
  const styles = {};
  names.forEach((name, k) => {
    offsets[name] = k * pixels;
    let largest = 0;
    for (let p = 0; p < pixels; p += 1) largest = Math.max(largest, Math.abs(maps[k * pixels + p]));
    styles[name] = { kind: "diverging", center: 0, half: largest || 1 };
  });
  return { offsets, styles };
}

/**
 * The layers whose edges would show a number the stepped batch has not
 * computed yet (the last batch's, stale): in gradient mode those before
 * their ∂L/∂W phase, in update mode every layer before the update. None
 * outside step mode or for weights.
 */
export function pendingLayers(step, mode) {
  if (!step || mode === "weight") return [];
  const done = (phase) => step.plan.indexOf(phase) < step.done;
  const layers = step.plan.filter((p) => p.kind === "forward_z").map((p) => p.layer);
  if (mode === "update") return done(step.plan.find((p) => p.kind === "update")) ? [] : layers;
  return layers.filter((l) => !done(step.plan.find((p) => p.kind === "backward_params" && p.layer === l)));
}

/**
 * One frame's data for the network diagram and the output picture: `grid`
 * (`lab.evaluateGrid`, `res` × `rows` pixels per neuron), the feature maps
 * and their `features` (`featureView`), the page's `view` settings, the
 * highlighted neuron or weight `selected`, the data `points` and the
 * `example` shown.
 */
export function frameViews(
  snapshot,
  grid,
  { res, rows, featureMaps, features, config, catalog, view, selected, points, example, step, problem, axes },
) {
  const discretize = view.discretize === "true";
  const styles = neuronStyles(snapshot, config, catalog, discretize, problem);
  const maps = { grid, res, rows };
  const outputs = snapshot.sizes.at(-1);
  const neurons = snapshot.sizes.slice(1).reduce((a, b) => a + b, 0);
  return {
    network: {
      ...maps,
      params: snapshot.params,
      grads: snapshot.grads,
      delta: snapshot.delta,
      mode: view.edges,
      pending: pendingLayers(step, view.edges),
      featureMaps,
      featureOffsets: features.offsets,
      featureStyles: features.styles,
      styles,
      selected,
      off: snapshot.off,
    },
    output: {
      ...maps,
      offset: (neurons - outputs) * res * rows,
      style: outputs > 1 ? { kind: "classes", count: outputs } : styles.at(-1)[0],
      points,
      showTest: view.show_test === "true",
      discretize,
      selected: example,
      axes,
    },
  };
}

/** What the step-mode renderers and the inspector need of the network and its settings. */
export function stepModel(snapshot, config, catalog) {
  return {
    sizes: snapshot.sizes,
    activations: snapshot.activations,
    loss: config.loss,
    regularization: config.regularization,
    optimizer: config.optimizer,
    scheduled: (config.schedule?.kind ?? "constant") !== "constant",
    inputLabels: config.features.map((f) => catalog.features.find((x) => x.name === f).label),
    outputLabels: outputLabels(snapshot.sizes.at(-1)),
    // The switched-off neurons, `[[layer, neuron]]` from 0: their a is held at 0.
    off: snapshot.off ?? [],
  };
}

/** How each layer's neurons are coloured: by the range their activation takes (`problem` a table's, else the data set's). */
export function neuronStyles(snapshot, config, catalog, discretize, problem = catalog.datasets.find((d) => d.name === config.dataset).problem) {
  const loss = catalog.losses.find((l) => l.name === config.loss);
  const layers = snapshot.activations.length;
  return snapshot.activations.map((activation, l) => {
    const width = snapshot.sizes[l + 1];
    let style;
    if (activation === "softmax") {
      return Array.from({ length: width }, (_, k) => ({ kind: "class", cls: k }));
    } else if (l === layers - 1 && problem !== "regression") {
      const [low, high] = loss.targetRange[activation];
      style = { kind: "diverging", center: (low + high) / 2, half: (high - low) / 2, discretize };
    } else if (activation === "sigmoid") {
      style = { kind: "diverging", center: 0.5, half: 0.5 };
    } else {
      style = { kind: "diverging", center: 0, half: 1 };
    }
    return Array(width).fill(style);
  });
}

/**
 * The hover card's content for a neuron or a weight: `snapshot` the
 * engine's, `example` `lab.example(split, index)` of the example `shown`
 * (`{ split, index }`), `layout` from `paramLayout`.
 */
export function cardContent(target, snapshot, example, shown, layout) {
  if (target.kind === "weight") {
    const i = target.index;
    const reg = snapshot.deltaReg[i];
    const w = snapshot.params[i];
    const change = snapshot.delta[i];
    return {
      title: target.name,
      rows: [
        ["weight w", w],
        ["∂L/∂w (last batch)", snapshot.grads[i]],
        ["Δw (last update)", change],
        // The value before the update is what it is now less the update.
        ["w: last update", `${formatNumber(w - change, 5)} → ${formatNumber(w, 5)}`],
        ["learning rate η (last update)", snapshot.lastLearningRate ?? "–"],
        ["  of which from the data", snapshot.delta[i] - reg],
        ["  of which from regularization", reg],
      ],
      note: "Click to see where ∂L/∂w comes from, or to set w by hand.",
    };
  }
  const { layer, neuron } = target;
  const b = layout.bias(layer, neuron);
  // The what-if's input has no target, so no loss and no δ.
  const own = shown.split !== "what-if";
  const rows = [
    ["for", own ? `${shown.split === "train" ? "training" : "test"} example #${shown.index}` : "the what-if input"],
    ["z = Σ w·a + b", example.z[layer][neuron]],
    // Switched off, a is held at 0 rather than f(z).
    [
      (snapshot.off ?? []).some(([l, j]) => l === layer && j === neuron) ? "a (switched off: held at 0)" : `a = ${snapshot.activations[layer]}(z)`,
      example.a[layer][neuron],
    ],
    ...(own ? [["δ = ∂L/∂z", example.gradZ[layer][neuron]]] : []),
    ["bias b", snapshot.params[b]],
    ["∂L/∂b (last batch)", snapshot.grads[b]],
    ["Δb (last update)", snapshot.delta[b]],
  ];
  if (own && layer === snapshot.sizes.length - 2) rows.splice(4, 0, ["target y", example.targets[neuron]], ["example loss", example.loss]);
  return {
    title: target.name,
    rows,
    note: `z, a${own ? " and δ" : ""} are for this ${own ? "example" : "input"} alone; ∂L/∂b and Δb for the last batch. Click (or Enter) to see where they come from.`,
  };
}

/** The hand editor's fields for a target: `[{ label, index }]` (none for an input). */
export function editorFields(target, model, layout) {
  if (target.kind === "weight") return [{ label: "w", index: target.index }];
  if (target.kind !== "neuron") return [];
  const { layer: l, neuron: j } = target;
  const fanIn = model.sizes[l];
  const names = l === 0 ? model.inputLabels : Array.from({ length: fanIn }, (_, k) => `neuron ${k + 1}`);
  const fields = [{ label: "bias b", index: layout.bias(l, j) }];
  for (let i = 0; i < fanIn; i += 1) {
    const index = layout.weight(l, j, i);
    fields.push({ label: `w from ${names[i]}`, index, weight: { kind: "weight", layer: l, neuron: j, input: i, index } });
  }
  return fields;
}

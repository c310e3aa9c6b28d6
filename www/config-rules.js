// The config's rules as plain data (no DOM): `fixup` keeps a changed config
// consistent the way a user expects, `networkEdits` turns the diagram's and
// the layer buttons' edits into mutations of the config, `previewConfig` is a
// data set's thumbnail config and `lossMisfit` says why a loss does not suit
// a problem. The controls (controls.js) and the controller apply them.

/** Why a loss does not suit a problem, or "" when it does (the engine's rule: a value asks for squared error). */
export function lossMisfit(loss, problem) {
  return problem === "regression" && loss !== "mse" ? "asks for classes" : "";
}

/** Keeps a changed config consistent the way a user expects (the engine validates it). */
export function fixup(next, previous, catalog) {
  const info = (name) => catalog.datasets.find((d) => d.name === name);
  const now = info(next.dataset);
  const before = info(previous.dataset);
  if (now.problem !== before.problem) {
    if (now.problem === "multiclass") {
      next.loss = "softmax_ce";
      next.output_activation = "softmax";
    } else if (now.problem === "regression") {
      next.loss = "mse";
      next.output_activation = "linear";
    } else {
      next.loss = "mse";
      next.output_activation = "tanh";
    }
  }
  const usesX2 = (name) => catalog.features.find((f) => f.name === name).usesX2;
  if (now.dims === 1) {
    next.features = next.features.filter((f) => !usesX2(f));
    if (next.features.length === 0) next.features = ["x1"];
  } else if (before.dims === 1) {
    next.features = ["x1", "x2"];
  }
  const loss = catalog.losses.find((l) => l.name === next.loss);
  if (!loss.outputs.includes(next.output_activation)) next.output_activation = loss.defaultOutput;
}

/** The config of a data set's thumbnail: its points alone, noiseless. */
export function previewConfig(dataset, dims) {
  const multiclass = dataset === "spirals" || dataset === "blobs";
  return {
    dataset,
    samples: 160,
    train_fraction: 1,
    noise: 0,
    features: dims === 1 ? ["x1"] : ["x1", "x2"],
    loss: multiclass ? "softmax_ce" : "mse",
    output_activation: multiclass ? "softmax" : "tanh",
    hidden: [],
  };
}

/**
 * The network diagram's and the layer buttons' edits, as mutations handed to
 * `change(mutate)`: neurons, activations, features and layers. `config()`
 * gives the current config, `warn(text)` reports an edit that cannot be.
 */
export function networkEdits({ catalog, config, change, warn, maxNeurons, maxHiddenLayers }) {
  const neurons = (l, by) => change((c) => (c.hidden[l].neurons = Math.min(maxNeurons, Math.max(1, c.hidden[l].neurons + by))));
  return {
    addNeuron: (l) => neurons(l, 1),
    removeNeuron: (l) => neurons(l, -1),
    activation: (l, name) => change((c) => (c.hidden[l].activation = name)),
    outputActivation: (name) => change((c) => (c.output_activation = name)),
    toggleFeature(name) {
      const on = config().features.includes(name);
      if (on && config().features.length === 1) return warn("The network needs at least one input feature.");
      const order = catalog.features.map((f) => f.name);
      change((c) => {
        c.features = on ? c.features.filter((f) => f !== name) : [...c.features, name];
        c.features.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      });
    },
    addLayer() {
      const hidden = config().hidden;
      if (hidden.length >= maxHiddenLayers) return;
      const last = hidden.at(-1);
      change((c) => c.hidden.push({ neurons: 2, activation: last ? last.activation : "tanh" }));
    },
    removeLayer() {
      if (config().hidden.length > 0) change((c) => c.hidden.pop());
    },
  };
}

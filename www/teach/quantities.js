// The named engine quantities a lesson may ask about, e.g. `z[0][1]` (hidden
// layer 1's neuron 2's z for the example shown) or `grad_w[-1][0][2]`. Every
// value is read from the engine at the moment asked (`lab.stepState()`,
// `lab.snapshot()`, `lab.history()`), never computed here, so a lesson's
// answers hold for any seed. Indices count from 0 as the engine's API does;
// a negative index counts from the end (`-1` is the output layer). `*` in an
// index stands for every value (a question that picks one of many).

/** Phases a value needs done in the batch stepped through: `[kind, layer?]`. */
const FORWARD_Z = (l) => ["forward_z", l];
const FORWARD_A = (l) => ["forward_a", l];
const LOSS = () => ["loss"];
const DELTA = (l) => ["backward_delta", l];
const PARAMS = (l) => ["backward_params", l];
const UPDATE = () => ["update"];

/**
 * Each quantity: its indices (`layer`, `neuron`, `input` of that layer,
 * `feature`, `output`, `example` of the batch), the phase it needs (or none),
 * what it is (for docs/lessons.md and messages), and how to read it from
 * the context `c` (see `context`).
 */
export const QUANTITIES = {
  x: { dims: ["feature"], what: "the example's input feature", read: (c, [i]) => c.step.inputs[c.example * c.sizes[0] + i] },
  target: { dims: ["output"], what: "the example's target", read: (c, [k]) => c.step.targets[c.example * c.sizes.at(-1) + k] },
  z: {
    dims: ["layer", "neuron"],
    needs: FORWARD_Z,
    what: "z = Σ w·a + b of a neuron, for the example shown",
    read: (c, [l, j]) => perExample(c, c.step.z, l, j),
  },
  a: {
    dims: ["layer", "neuron"],
    needs: FORWARD_A,
    what: "a = f(z), a neuron's activation, for the example shown",
    read: (c, [l, j]) => perExample(c, c.step.a, l, j),
  },
  delta: {
    dims: ["layer", "neuron"],
    needs: DELTA,
    what: "δ = ∂L/∂z of a neuron, for the example shown",
    read: (c, [l, j]) => perExample(c, c.step.gradZ, l, j),
  },
  loss: { dims: [], needs: LOSS, what: "the loss of the example shown", read: (c) => c.step.loss.examples[c.example] },
  example_loss: { dims: ["example"], needs: LOSS, what: "the loss of example k of the batch", read: (c, [k]) => c.step.loss.examples[k] },
  batch_loss: { dims: [], needs: LOSS, what: "the batch's data loss (the mean over its examples)", read: (c) => c.step.loss.data },
  w: { dims: ["layer", "neuron", "input"], what: "a weight as it is now", read: (c, [l, j, i]) => c.snapshot.params[c.lab.weightIndex(l, j, i)] },
  b: { dims: ["layer", "neuron"], what: "a bias as it is now", read: (c, [l, j]) => c.snapshot.params[c.lab.biasIndex(l, j)] },
  grad_w: {
    dims: ["layer", "neuron", "input"],
    needs: PARAMS,
    what: "∂L/∂w of the batch",
    read: (c, [l, j, i]) => c.step.grads[c.lab.weightIndex(l, j, i)],
  },
  grad_b: { dims: ["layer", "neuron"], needs: PARAMS, what: "∂L/∂b of the batch", read: (c, [l, j]) => c.step.grads[c.lab.biasIndex(l, j)] },
  grad_w_size: {
    dims: ["layer"],
    needs: PARAMS,
    what: "the mean |∂L/∂w| over a layer's weights",
    read: (c, [l]) => meanAbsWeights(c, c.step.grads, l),
  },
  w_size: {
    dims: ["layer"],
    what: "the mean |w| over a layer's weights, as they are now",
    read: (c, [l]) => meanAbsWeights(c, c.snapshot.params, l),
  },
  update_w: {
    dims: ["layer", "neuron", "input"],
    needs: UPDATE,
    what: "Δw, the update the optimizer made to a weight",
    read: (c, [l, j, i]) => c.step.delta[c.lab.weightIndex(l, j, i)],
  },
  update_b: {
    dims: ["layer", "neuron"],
    needs: UPDATE,
    what: "Δb, the update the optimizer made to a bias",
    read: (c, [l, j]) => c.step.delta[c.lab.biasIndex(l, j)],
  },
  learning_rate: {
    dims: [],
    what: "the learning rate of the batch (the last update's once it is done)",
    read: (c) => (c.step?.complete ? c.step.learningRate : c.lab.learningRate),
  },
  batch_size: { dims: [], what: "how many examples the batch stepped through has", read: (c) => c.step.batch.length },
  batches: { dims: [], what: "how many batches (updates) have run", read: (c) => c.lab.batches },
  epoch: { dims: [], what: "how many epochs have run", read: (c) => c.lab.epoch },
  train_loss: { dims: [], what: "the training loss (the chart's last point)", read: (c) => c.snapshot.metrics?.train_loss },
  test_loss: { dims: [], what: "the test loss (the chart's last point)", read: (c) => c.snapshot.metrics?.test_loss },
  train_accuracy: { dims: [], what: "the training accuracy, from 0 to 1", read: (c) => c.snapshot.metrics?.train_accuracy },
  first_train_loss: { dims: [], what: "the training loss of the untrained network", read: (c) => c.lab.history(0).trainLoss[0] },
  loss_ratio: {
    dims: [],
    what: "the training loss now as a fraction of the untrained network's",
    read: (c) => c.snapshot.metrics?.train_loss / c.lab.history(0).trainLoss[0],
  },
};

/** How a reference is said to a learner: its symbol, then where it is (`delta[0][1]`: "δ of hidden layer 1, neuron 2"). */
const SYMBOLS = {
  x: "input",
  target: "the target",
  z: "z",
  a: "a",
  delta: "δ",
  loss: "the loss of the example shown",
  example_loss: "the loss",
  batch_loss: "the batch's loss",
  w: "w",
  b: "b",
  grad_w: "∂L/∂w",
  grad_b: "∂L/∂b",
  grad_w_size: "the mean |∂L/∂w|",
  w_size: "the mean |w|",
  update_w: "Δw",
  update_b: "Δb",
  learning_rate: "the learning rate",
  batch_size: "the batch size",
  batches: "the batches run",
  epoch: "the epoch",
  train_loss: "the training loss",
  test_loss: "the test loss",
  train_accuracy: "the training accuracy",
  first_train_loss: "the untrained network's training loss",
  loss_ratio: "the training loss as a fraction of the untrained one's",
};

/** A reference in words for the learner (the raw reference if it cannot be read). */
export function describeRef(c, text) {
  const ref = parseRef(text);
  const q = ref && QUANTITIES[ref.name];
  if (!q) return String(text);
  const layers = c.sizes.length - 1;
  const layerOf = (l) => (l < 0 ? layers + l : l);
  const layerName = (l) => (layerOf(l) === layers - 1 ? "the output" : `hidden layer ${layerOf(l) + 1}`);
  const layer = ref.indices[q.dims.indexOf("layer")];
  const where = q.dims.map((dim, k) => {
    const i = ref.indices[k];
    if (dim === "layer") return layerName(i);
    if (dim === "input") return layerOf(layer) === 0 ? `from input ${i + 1}` : `from neuron ${i + 1} of the layer below`;
    return `${dim} ${i + 1}`;
  });
  const symbol = SYMBOLS[ref.name] ?? ref.name;
  return where.length ? `${symbol} of ${where.join(", ")}` : symbol;
}

/** The quantities read from the batch stepped through (they need step mode). */
const STEPPED = new Set(["x", "target", "batch_size"]);

function perExample(c, layers, l, j) {
  return layers[l][c.example * c.sizes[l + 1] + j];
}

function meanAbsWeights(c, values, l) {
  let sum = 0;
  for (let j = 0; j < c.sizes[l + 1]; j += 1) {
    for (let i = 0; i < c.sizes[l]; i += 1) sum += Math.abs(values[c.lab.weightIndex(l, j, i)]);
  }
  return sum / (c.sizes[l] * c.sizes[l + 1]);
}

/** What a lesson may read at this moment: the lab, its snapshot and step state, and the example of the batch shown. */
export function context(lab, example = 0) {
  const snapshot = lab.snapshot();
  return { lab, snapshot, step: lab.stepState(), sizes: Array.from(snapshot.sizes), example };
}

/** `name[i][j]…` as `{ name, indices }` (numbers or "*"), or null if it is not written so. */
export function parseRef(text) {
  if (typeof text !== "string") return null;
  const match = /^([a-z_]+)((?:\[(?:-?[0-9]{1,4}|\*)\])*)$/.exec(String(text).trim());
  if (!match) return null;
  const indices = [...match[2].matchAll(/\[(-?[0-9]{1,4}|\*)\]/g)].map((m) => (m[1] === "*" ? "*" : Number(m[1])));
  return { name: match[1], indices };
}

/** `{ name, indices }` written back as text. */
export function writeRef({ name, indices }) {
  return `${name}${indices.map((i) => `[${i}]`).join("")}`;
}

/** How many values index `dim` has at this moment, given the indices before it. */
function extent(c, dim, before) {
  const layers = c.sizes.length - 1;
  if (dim === "layer") return layers;
  if (dim === "neuron") return c.sizes[before[0] + 1];
  if (dim === "input") return c.sizes[before[0]];
  if (dim === "feature") return c.sizes[0];
  if (dim === "output") return c.sizes[layers];
  return c.step ? c.step.batch.length : 0;
}

/** Where a dim's index names; for messages. */
const DIM_NAMES = { layer: "layer", neuron: "neuron", input: "input", feature: "input feature", output: "output", example: "example" };

/**
 * Checks a reference's name and the number of its indices (not their range,
 * which depends on the network); returns null or what is wrong.
 */
export function refProblem(text, { wildcards = false } = {}) {
  if (typeof text !== "string") return `${JSON.stringify(text)} is not a quantity: write it as text, a name and indices, e.g. "z[0][1]"`;
  const ref = parseRef(text);
  if (!ref) return `“${text}” is not a quantity (write it as a name and indices, e.g. z[0][1])`;
  const quantity = QUANTITIES[ref.name];
  if (!quantity) return `“${ref.name}” is not a quantity; the quantities are ${Object.keys(QUANTITIES).join(", ")}`;
  if (ref.indices.length !== quantity.dims.length) {
    const wanted = quantity.dims.length ? quantity.dims.map((d) => `[${d}]`).join("") : "no index";
    return `“${text}” needs ${wanted}`;
  }
  if (!wildcards && ref.indices.includes("*")) return `“${text}”: * is only allowed in a question that picks one of many`;
  return null;
}

/** The indices made concrete (negative from the end); throws naming the index out of range. */
function resolve(c, ref) {
  const quantity = QUANTITIES[ref.name];
  const out = [];
  quantity.dims.forEach((dim, d) => {
    const n = extent(c, dim, out);
    const i = ref.indices[d] < 0 ? n + ref.indices[d] : ref.indices[d];
    if (!(i >= 0 && i < n)) {
      throw new Error(`${writeRef(ref)}: ${DIM_NAMES[dim]} ${ref.indices[d]} is not in this network (it has ${n}, from 0)`);
    }
    out.push(i);
  });
  return out;
}

/** The phase a quantity needs, as the plan names it: `{ kind, layer? }`, or null. */
function needed(ref, indices) {
  const needs = QUANTITIES[ref.name].needs;
  if (!needs) return null;
  const [kind, layer] = needs(indices[0]);
  return layer === undefined ? { kind } : { kind, layer };
}

/**
 * The value of a concrete reference (text or parsed) at this moment.
 * Throws an Error naming the reference and what is missing: an index out of
 * range, or the phase it needs not done yet.
 */
export function evaluate(c, text) {
  const ref = typeof text === "string" ? parseRef(text) : text;
  const problem = refProblem(writeRef(ref));
  if (problem) throw new Error(problem);
  const indices = resolve(c, ref);
  const phase = needed(ref, indices);
  if ((phase || STEPPED.has(ref.name)) && !c.step) throw new Error(`${writeRef(ref)} needs a batch stepped through (a "phase" action)`);
  if (phase) {
    const at = c.step.plan.findIndex((p) => p.kind === phase.kind && (phase.layer === undefined || p.layer === phase.layer));
    if (at < 0 || at >= c.step.done) {
      const where = phase.layer === undefined ? phase.kind : `${phase.kind}:${phase.layer}`;
      throw new Error(`${writeRef(ref)} is not computed yet: it needs the phase ${where} done`);
    }
  }
  const value = QUANTITIES[ref.name].read(c, indices);
  if (typeof value !== "number") throw new Error(`${writeRef(ref)} has no value yet (nothing measured)`);
  return value;
}

/** Every concrete reference a reference with `*` stands for, at this moment (the reference itself if it has none). */
export function expand(c, text) {
  const ref = parseRef(text);
  const quantity = QUANTITIES[ref.name];
  let prefixes = [[]];
  quantity.dims.forEach((dim, d) => {
    const next = [];
    for (const prefix of prefixes) {
      const n = extent(c, dim, prefix);
      if (ref.indices[d] === "*") for (let i = 0; i < n; i += 1) next.push([...prefix, i]);
      else next.push([...prefix, ref.indices[d] < 0 ? n + ref.indices[d] : ref.indices[d]]);
    }
    prefixes = next;
  });
  return prefixes.map((indices) => writeRef({ name: ref.name, indices }));
}

/**
 * The neuron or weight a reference is about, for the inspector and for
 * clicks: `{ kind: "neuron", layer, neuron }`, `{ kind: "weight", layer,
 * neuron, input }`, or null (a loss, a rate, an input).
 */
export function targetOf(c, text) {
  const ref = parseRef(text);
  const dims = QUANTITIES[ref.name].dims;
  if (dims[0] !== "layer" || dims.length < 2) return null;
  const [layer, neuron, input] = resolve(c, ref);
  return dims.length === 3 ? { kind: "weight", layer, neuron, input } : { kind: "neuron", layer, neuron };
}

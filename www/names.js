// What the page calls each choice the engine offers, and one line saying
// what it does, in plain words (the option's tooltip and the control's
// description for keyboard and screen-reader users). The engine's names
// (`leaky_relu`, `softmax_ce`) stay the values; only what is shown changes.

/** `[label, explanation]` by group and engine name. */
export const NAMES = {
  loss: {
    mse: ["Squared error", "The mean of (output − target)²: a big miss costs far more than a small one. Fits values and classes."],
    bce: [
      "Binary cross-entropy",
      "For two classes: −log of the probability the sigmoid output gives the right class, so a confident mistake costs a lot.",
    ],
    softmax_ce: [
      "Softmax cross-entropy",
      "For several classes: softmax turns the outputs into probabilities, and the loss is −log of the right class's.",
    ],
    hinge: ["Hinge", "For two classes: max(0, 1 − target × output), zero once an example is on its side by a margin of 1."],
  },
  optimizer: {
    sgd: ["SGD", "Plain gradient descent: each weight moves by − learning rate × its gradient."],
    momentum: ["Momentum", "SGD with a velocity: past gradients keep pushing the same way, which smooths the path."],
    nesterov: ["Nesterov", "Momentum that looks ahead: the step adds the velocity's next push to the gradient."],
    rmsprop: ["RMSprop", "Divides each step by a running average of the gradient's size, so every weight moves at a similar pace."],
    adagrad: ["Adagrad", "Divides each step by the root of all past squared gradients: weights that moved a lot slow down."],
    adam: ["Adam", "Momentum and RMSprop together, corrected for the first steps: a common default."],
    rprop: ["Rprop", "Uses only the gradient's sign: a weight's step grows while the sign stays and shrinks when it flips."],
    cg: [
      "Conj. gradient",
      "Conjugate gradient (CG), full batch, one iteration an epoch: moves along a direction that mixes the gradient with the last direction, as far as a line search finds best. The batch size does not apply.",
    ],
    evolution: [
      "Evolution",
      "An evolution strategy, gradient-free: it tries random nudges of every weight both ways, and steps against the loss differences they show. Counts loss evaluations.",
    ],
  },
  schedule: {
    constant: ["Constant", "The learning rate stays the same at every epoch."],
    exponential: ["Exponential decay", "The learning rate is multiplied by γ after every epoch."],
    step: ["Step decay", "The learning rate is multiplied by γ every few epochs."],
    cosine: ["Cosine annealing", "The learning rate falls along a cosine curve to η_min at T_max epochs (then rises again)."],
  },
  init: {
    playground: ["Playground", "As TensorFlow Playground: weights uniform in ±0.5, biases 0.1."],
    xavier_uniform: [
      "Xavier (Glorot) uniform",
      "Weights uniform in ±√(6 / (inputs + outputs)), biases 0: keeps the signal's spread through tanh and sigmoid layers.",
    ],
    xavier_normal: ["Xavier (Glorot) normal", "Weights normal with spread √(2 / (inputs + outputs)), biases 0: the same aim as Xavier uniform."],
    he_uniform: ["He (Kaiming) uniform", "Weights uniform in ±√(6 / inputs), biases 0: sized for ReLU layers, which silence half their inputs."],
    he_normal: ["He (Kaiming) normal", "Weights normal with spread √(2 / inputs), biases 0: sized for ReLU layers."],
    uniform: ["Uniform ±range", "Weights uniform in ±range (you set the range), biases 0."],
    zeros: ["Zeros", "Every weight and bias 0: the neurons of a layer stay identical, which shows why weights start random."],
  },
  activation: {
    linear: ["Linear", "Passes z on unchanged; layers of it together are still one straight-line map."],
    sigmoid: ["Sigmoid", "Squashes z into 0 to 1: 1 / (1 + e^−z)."],
    tanh: ["Tanh", "Squashes z into −1 to 1, centred on 0."],
    relu: ["ReLU", "max(0, z): keeps positives, turns negatives into 0."],
    leaky_relu: ["Leaky ReLU", "Like ReLU, but a negative z is kept times 0.01, so the neuron never goes fully silent."],
    softmax: ["Softmax", "Turns the outputs into probabilities that add up to 1, one per class."],
  },
  regularization: {
    none: ["None", "No penalty on the weights."],
    l1: ["L1", "Adds λ × Σ|w| to the loss: pulls weights to exactly 0, so few stay."],
    l2: ["L2", "Adds λ/2 × Σw² to the loss: shrinks every weight a little each step (weight decay)."],
  },
};

/** The label of `name` in `group`, or the name itself if it has none. */
export function label(group, name) {
  return NAMES[group]?.[name]?.[0] ?? String(name);
}

/** The one-line explanation of `name` in `group`, or "". */
export function explain(group, name) {
  return NAMES[group]?.[name]?.[1] ?? "";
}

/** The problems' and data sets' names (the other choices' are in names.js). */
export const LABELS = {
  binary: "2 classes",
  multiclass: "Multiclass",
  regression: "Regression",
  circle: "Circle",
  xor: "XOR",
  gauss: "Gaussian",
  spiral: "Spiral",
  moons: "Moons",
  spirals: "Spirals",
  blobs: "Blobs",
  plane: "Plane",
  bumps: "Bumps",
  sine: "Sine (1-D)",
};

/** The optimizers', schedules' and initialisers' constants. */
export const CONSTANT_LABELS = {
  momentum: "momentum μ",
  dampening: "dampening",
  alpha: "α (decay)",
  eps: "ε",
  initial_accumulator_value: "initial sum",
  lr_decay: "lr decay",
  beta1: "β₁",
  beta2: "β₂",
  eta_minus: "η₋",
  eta_plus: "η₊",
  step_size_min: "min step",
  step_size_max: "max step",
  c1: "c₁ (decrease)",
  c2: "c₂ (curvature)",
  sigma: "σ (nudge size)",
  pairs: "pairs (nudges)",
  gamma: "γ",
  step_size: "every (epochs)",
  t_max: "T_max (epochs)",
  eta_min: "η_min",
  range: "range",
};

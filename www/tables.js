// The built-in tables (the real data sets the page ships, with their credit
// and their own network and training) and the defaults of a table's columns
// (which are inputs, which is the target, the loss a target needs): plain
// data, no page, so the benchmarks and the address reader use them too.

const UCI = "UCI Machine Learning Repository, CC BY 4.0";

/** The built-in sets: their file in www/data/, name, credit, default column choice and network. */
export const BUILT_IN = {
  digits: {
    file: "digits.csv",
    label: "Digits (8 × 8)",
    credit: `Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (1998), ${UCI}`,
    choice: { kind: "classes", standardize: true },
    config: {
      hidden: [{ neurons: 32, activation: "relu" }],
      loss: "softmax_ce",
      output_activation: "softmax",
      optimizer: { kind: "adam" },
      learning_rate: 0.01,
      batch_size: 32,
      train_fraction: 0.7,
    },
  },
  iris: {
    file: "iris.csv",
    label: "Iris",
    credit: `Iris, R. A. Fisher (1936), ${UCI}`,
    choice: { kind: "classes", standardize: false },
    config: {
      hidden: [{ neurons: 8, activation: "tanh" }],
      loss: "softmax_ce",
      output_activation: "softmax",
      optimizer: { kind: "adam" },
      learning_rate: 0.03,
      batch_size: 10,
      train_fraction: 0.7,
    },
  },
  breast_cancer: {
    file: "breast_cancer.csv",
    label: "Breast cancer",
    credit: `Breast Cancer Wisconsin (Diagnostic), W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), ${UCI}`,
    choice: { kind: "classes", standardize: true },
    config: {
      hidden: [{ neurons: 16, activation: "tanh" }],
      loss: "softmax_ce",
      output_activation: "softmax",
      optimizer: { kind: "adam" },
      learning_rate: 0.01,
      batch_size: 16,
      train_fraction: 0.7,
    },
  },
  article: {
    file: "seed_table.csv",
    label: "The article's table",
    credit: "The training data of the article “Neural Networks Backpropagation Explained”",
    choice: { kind: "values", standardize: false },
    config: articleConfig(),
  },
};

/** The article's network: 3 → [10, 8] → 1, squared error, a linear output, every row for training. */
export function articleConfig() {
  const hidden = [
    { neurons: 10, activation: "tanh" },
    { neurons: 8, activation: "tanh" },
  ];
  return { hidden, loss: "mse", output_activation: "linear", optimizer: { kind: "sgd" }, learning_rate: 0.1, batch_size: 3, train_fraction: 1 };
}

/** The default column choice: every usable column but the last as inputs, the last as the target. */
export function defaultChoice(preview) {
  const target = preview.columns.length - 1;
  const inputs = preview.columns.map((_, i) => i).filter((i) => i !== target && !preview.columns[i].problem);
  return { inputs, target, kind: "auto", standardize: false };
}

/** The loss and output a target needs: classes (text, or chosen) take softmax cross-entropy, values squared error. */
export function targetSettings(column, kind) {
  const classes = kind === "classes" || (kind === "auto" && !column.numeric);
  return classes ? { loss: "softmax_ce", output_activation: "softmax" } : { loss: "mse", output_activation: "linear" };
}

/**
 * A built-in set's own network and training (its button's) over `config`,
 * for each of its settings that `keys` (the address's keys) do not give:
 * `#table=iris` opens iris as its button does, while a link the page wrote,
 * holding every setting, opens exactly as written.
 */
export function presetUnlessGiven(config, table, keys) {
  const preset = BUILT_IN[table]?.config;
  if (!preset) return config;
  const given = (name) => keys.some((key) => key === name || key.startsWith(`${name}.`));
  const out = { ...config };
  for (const [name, value] of Object.entries(preset)) if (!given(name)) out[name] = structuredClone(value);
  return out;
}

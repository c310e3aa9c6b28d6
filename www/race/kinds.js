// What a race can vary, and how: each kind's default values for the current
// setup, how typed values are read (with a message naming the bad one), how a
// value becomes a copy's config and how it is labelled. The choices of the
// menus (initialisers, optimizers, schedules) come from the engine's catalog.
// No DOM: tests/js/race.test.mjs runs it in Node.

import { formatSignificant } from "../render/format.js";

export const MIN_COPIES = 2;
export const MAX_COPIES = 6;

/** The article's comparison: plain backprop-SGD, momentum, Rprop and Adam (then the catalog's newer methods). */
const ARTICLE_OPTIMIZERS = ["sgd", "momentum", "rprop", "adam"];
/** Variants of the above that a default race leaves out (they stay in the menu). */
const VARIANT_OPTIMIZERS = ["nesterov", "rmsprop", "adagrad"];
const DEFAULT_INITS = ["playground", "xavier_normal", "he_normal", "zeros"];

/** Names shown for the catalog's entries (anything else shows its engine name). */
const NAMES = {
  sgd: "SGD",
  momentum: "Momentum",
  nesterov: "Nesterov",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
  adam: "Adam",
  rprop: "Rprop",
  playground: "Playground",
  xavier_uniform: "Xavier uniform",
  xavier_normal: "Xavier normal",
  he_uniform: "He uniform",
  he_normal: "He normal",
  uniform: "Uniform",
  zeros: "Zeros",
  constant: "Constant",
  exponential: "Exponential",
  step: "Step",
  cosine: "Cosine",
};

const nameOf = (name) => NAMES[name] ?? name.replace(/_/g, " ");

/** The catalog list a categorical kind picks from. */
const CATALOG_LIST = { init: "inits", optimizer: "optimizers", schedule: "schedules" };

export const KINDS = {
  seed: { label: "Seed (initial weights)", numeric: true },
  init: { label: "Initialiser", numeric: false },
  optimizer: { label: "Optimizer", numeric: false },
  learning_rate: { label: "Learning rate", numeric: true },
  schedule: { label: "Schedule", numeric: false },
  batch_size: { label: "Batch size", numeric: true },
};

/** The entries a categorical kind offers, `{ value, label }`, from the catalog. */
export function choices(kind, catalog) {
  return catalog[CATALOG_LIST[kind]].map((entry) => ({ value: entry.name, label: nameOf(entry.name) }));
}

/** A value as the race's legend and table name it. */
export function valueLabel(kind, value) {
  if (kind === "seed") return `seed ${value}`;
  if (kind === "learning_rate") return `rate ${formatSignificant(value, 3)}`;
  if (kind === "batch_size") return `batch ${value}`;
  return nameOf(value);
}

/** Two significant digits: a log-spaced rate reads as a number a person would type. */
const round2 = (v) => Number(v.toPrecision(2));

/**
 * The values a race of `kind` starts with for `config` (`trainLength`
 * examples to train on): seeds 1 to 4; learning rates a decade either side of
 * the current one on a log scale; batches from 1 to the whole set; every
 * schedule; the article's optimizers plus the catalog's newer ones.
 */
export function defaultValues(kind, config, catalog, trainLength) {
  const names = (list) => catalog[list].map((e) => e.name);
  if (kind === "seed") return [1, 2, 3, 4];
  if (kind === "learning_rate") {
    const rate = config.learning_rate > 0 ? config.learning_rate : 0.03;
    const max = catalog.limits.maxRate;
    return [...new Set([0.1, 0.3, 1, 3, 10].map((k) => Math.min(max, round2(rate * k))))];
  }
  if (kind === "batch_size") return [...new Set([1, 10, 50, trainLength].filter((b) => b <= trainLength))];
  if (kind === "init") return DEFAULT_INITS.filter((n) => names("inits").includes(n));
  if (kind === "schedule") return names("schedules").slice(0, MAX_COPIES);
  const known = [...ARTICLE_OPTIMIZERS, ...VARIANT_OPTIMIZERS];
  const article = ARTICLE_OPTIMIZERS.filter((n) => names("optimizers").includes(n));
  const newer = names("optimizers").filter((n) => !known.includes(n));
  return [...article, ...newer].slice(0, MAX_COPIES);
}

/** Reads a typed list (`"1, 2, 3"`) of a numeric kind; throws an Error naming the bad value. */
export function parseValues(kind, text, catalog) {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const values = parts.map((part) => {
    const v = Number(part.replace("−", "-"));
    if (kind === "learning_rate") {
      if (!(v > 0 && v <= catalog.limits.maxRate)) {
        throw new Error(`Learning rate “${part}” cannot be used; expected a number above 0 and at most ${catalog.limits.maxRate}`);
      }
      return v;
    }
    const what = kind === "seed" ? "Seed" : "Batch size";
    const least = kind === "seed" ? 0 : 1;
    if (!(Number.isSafeInteger(v) && v >= least)) throw new Error(`${what} “${part}” cannot be used; expected a whole number from ${least} up`);
    return v;
  });
  return checkCount(kind, values);
}

/** 2 to 6 different values, or an Error saying what is wrong. */
export function checkCount(kind, values) {
  const seen = new Set();
  for (const v of values) {
    if (seen.has(v)) throw new Error(`${valueLabel(kind, v)} is listed twice; each copy needs its own value`);
    seen.add(v);
  }
  if (values.length < MIN_COPIES || values.length > MAX_COPIES) {
    throw new Error(`A race needs ${MIN_COPIES} to ${MAX_COPIES} values of ${KINDS[kind].label.toLowerCase()}; ${values.length} given`);
  }
  return values;
}

/** The copy's config: `config` with the one setting changed (the data and its split untouched). */
export function variantConfig(config, kind, value, catalog) {
  const next = structuredClone(config);
  if (kind === "seed") {
    // The weights' seed alone: the data, its split and its order stay the page's.
    next.weight_seed = value;
  } else if (kind === "learning_rate" || kind === "batch_size") {
    next[kind] = value;
  } else {
    const entry = catalog[CATALOG_LIST[kind]].find((e) => e.name === value);
    if (!entry) throw new Error(`${KINDS[kind].label} “${value}” is not one the engine offers`);
    // The current constants stay when the kind is the same (e.g. a tuned momentum).
    next[kind] = config[kind]?.kind === value ? structuredClone(config[kind]) : structuredClone(entry.defaults);
  }
  return next;
}

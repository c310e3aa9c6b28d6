// The page's address holds its whole state: the engine's config (written and
// read by the engine, so it is always canonical) followed by the page's own
// view settings (with a table or drawn points as the data), and, in
// step-through mode, the moment shown (the batch, the phase, the example and
// the selection), so that a copied address opens the same moment; last, a
// trained network's `model`. Only the controller calls these.

import { parseHide } from "./hide.js";
import { parseOff } from "./silence.js";

/** A whole number within [0, max], written without sign, exponent or leading zeros. */
function whole(max) {
  return {
    expects: `a whole number from 0 to ${max}`,
    valid: (value) => /^(0|[1-9][0-9]{0,8})$/.test(value) && Number(value) <= max,
  };
}

/** The most batches a link may ask the page to replay (a few seconds' training). */
export const MAX_REPLAY_BATCHES = 1000000;

/**
 * The view settings the page keeps in the address: a list of the allowed
 * values, or `{ expects, valid(value) }`. The moment's keys (`MOMENT_KEYS`)
 * count from 0, as the engine does (`select=w:0:2:1` is hidden layer 1's
 * neuron 3's weight from input 2).
 */
export const VIEW_KEYS = {
  edges: ["weight", "gradient", "update"],
  show_test: ["false", "true"],
  discretize: ["false", "true"],
  log_scale: ["false", "true"],
  speed: ["1", "batch", "10batches", "5", "20", "max"],
  mode: ["train", "step"],
  batch: whole(MAX_REPLAY_BATCHES),
  phase: whole(1000),
  example: whole(100000),
  select: {
    expects: "n:layer:neuron or w:layer:neuron:input (numbers from 0)",
    valid: (value) => parseSelect(value) !== null,
  },
  // The table the data comes from: a built-in set, or the last file imported (kept in sessionStorage).
  table: ["digits", "iris", "breast_cancer", "article", "file"],
  columns: {
    expects: "inputs/target/kind/scaling, e.g. 0,1,2/3/auto/standardized",
    valid: (value) => parseColumns(value) !== null,
  },
  // Points the user drew (kept in sessionStorage) instead of the generated set's.
  points: ["drawn"],
  // A table's slice on the plane: its two axes (inputs from 0), and the inputs held at values other than their means.
  slice: {
    expects: "two different inputs x,y (from 0), e.g. 2,3",
    valid: (value) => parseSlice(value) !== null,
  },
  held: {
    expects: "input:value pairs, e.g. 0:5.8,1:3",
    valid: (value) => parseHeld(value) !== null,
  },
  // A lesson (www/lessons/<id>.json, or a file at a URL of this site) and its step, from 1.
  lesson: { expects: "a lesson's id (a–z, 0–9 and -)", valid: (value) => /^[a-z0-9-]{1,40}$/.test(value) },
  lesson_url: { expects: "a path on this site, e.g. www/lessons/loss.json", valid: (value) => /^[A-Za-z0-9_./~-]{1,300}$/.test(value) },
  step: { expects: "a step's number, from 1", valid: (value) => /^[1-9][0-9]{0,2}$/.test(value) },
  // Presenter mode (large type for a projector), the embed form (no top bar), and the controls a link hides.
  present: ["1"],
  embed: ["1"],
  hide: {
    expects: "a comma-separated list of controls (see “Choose what to show”)",
    valid: (value) => parseHide(value) !== null,
  },
  // Hidden neurons switched off (silence.js): hidden layer.neuron, both from 1.
  off: {
    expects: "hidden layer.neuron pairs counted from 1, e.g. 1.3,2.1",
    valid: (value) => parseOff(value) !== null,
  },
  // A trained network: a link's packed state (link.js), or `kept`, the run this tab keeps (share.js). Last, as it is long.
  model: {
    expects: "kept, or trained weights packed in letters, digits, - and _",
    valid: (value) => value === "kept" || /^[A-Za-z0-9_-]+$/.test(value),
  },
};

/** The keys left out of the address while empty (no table, the default columns and slice, no drawn points, no lesson, not presenting, nothing hidden, no model). */
const OPTIONAL_KEYS = ["table", "columns", "points", "slice", "held", "lesson", "lesson_url", "step", "present", "embed", "hide", "off", "model"];

/** `slice`'s text as `{ x, y }`, or null. */
export function parseSlice(text) {
  const match = /^([0-9]{1,4}),([0-9]{1,4})$/.exec(text);
  if (!match || match[1] === match[2]) return null;
  return { x: Number(match[1]), y: Number(match[2]) };
}

/** A number as JavaScript writes it (what `String(number)` gives for a finite one). */
const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

/** `held`'s text as `[[input, value], …]` (each input once), or null. */
export function parseHeld(text) {
  const pairs = text.split(",").map((pair) => pair.split(":"));
  if (pairs.length > 1000) return null;
  const ok = pairs.every(([i, v, extra]) => extra === undefined && /^[0-9]{1,4}$/.test(i) && NUMBER.test(v ?? "") && Number.isFinite(Number(v)));
  if (!ok || new Set(pairs.map(([i]) => i)).size !== pairs.length) return null;
  return pairs.map(([i, v]) => [Number(i), Number(v)]);
}

/** Held values (`[[input, value], …]`) as `held`'s text. */
export function writeHeld(pairs) {
  return pairs.map(([i, v]) => `${i}:${v}`).join(",");
}

/** `columns`' text as `{ inputs, target, kind, standardize }`, or null. */
export function parseColumns(text) {
  const match = /^([0-9]{1,4}(?:,[0-9]{1,4}){0,999})\/([0-9]{1,4})\/(auto|classes|values)\/(standardized|raw)$/.exec(text);
  if (!match) return null;
  return { inputs: match[1].split(",").map(Number), target: Number(match[2]), kind: match[3], standardize: match[4] === "standardized" };
}

/** A column choice as `columns`' text. */
export function writeColumns({ inputs, target, kind, standardize }) {
  return `${inputs.join(",")}/${target}/${kind}/${standardize ? "standardized" : "raw"}`;
}

/** The keys written only in step-through mode. */
export const MOMENT_KEYS = ["mode", "batch", "phase", "example", "select"];

/** The defaults of the moment's keys: training, nothing stepped or selected. */
export const MOMENT_DEFAULTS = { mode: "train", batch: "0", phase: "0", example: "0", select: "" };

/** `select`'s text as `{ kind: "neuron" | "weight", layer, neuron, input? }`, or null. */
export function parseSelect(text) {
  const match = /^([nw]):([0-9]{1,4}):([0-9]{1,4})(?::([0-9]{1,4}))?$/.exec(text);
  if (!match || (match[1] === "w") !== (match[4] !== undefined)) return null;
  const kind = match[1] === "w" ? "weight" : "neuron";
  const target = { kind, layer: Number(match[2]), neuron: Number(match[3]) };
  if (kind === "weight") target.input = Number(match[4]);
  return target;
}

/** A target (`{ kind, layer, neuron, input }`) as `select`'s text; "" for none or another kind. */
export function writeSelect(target) {
  if (!target) return "";
  const { kind, layer, neuron, input } = target;
  if (kind === "weight") return `w:${layer}:${neuron}:${input}`;
  if (kind === "neuron") return `n:${layer}:${neuron}`;
  return "";
}

/** The address's query, without its `#`. */
export function readHash() {
  return window.location.hash.replace(/^#/, "");
}

/** Replaces the address (no new history entry, no reload). */
export function writeHash(query) {
  const url = `${window.location.pathname}${window.location.search}#${query}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, "", url);
  }
}

/**
 * Reads the view settings from the keys the engine did not know; returns
 * `{ view, warnings }`. Unknown keys and bad values each get a warning, and
 * a bad value alone falls back to its default.
 */
export function readView(unknown, defaults) {
  const view = { ...defaults };
  const warnings = [];
  for (const [key, value] of unknown) {
    const allowed = VIEW_KEYS[key];
    if (!allowed) {
      warnings.push(`“${key}” is not a setting of this page; it was ignored`);
      continue;
    }
    const ok = Array.isArray(allowed) ? allowed.includes(value) : allowed.valid(value);
    if (ok) {
      view[key] = value;
      continue;
    }
    const expected = Array.isArray(allowed) ? `one of ${allowed.join(", ")}` : allowed.expects;
    const instead = defaults[key] === "" ? "it was ignored" : `using the default, ${defaults[key]}`;
    warnings.push(`${key}: “${value}” is not ${expected}; ${instead}`);
  }
  return { view, warnings };
}

/** The view settings as query pairs: the moment's only in step-through mode, an empty selection left out. */
export function writeView(view) {
  return Object.keys(VIEW_KEYS)
    .filter((key) => !MOMENT_KEYS.includes(key) || (view.mode === "step" && view[key] !== ""))
    .filter((key) => !OPTIONAL_KEYS.includes(key) || (view[key] ?? "") !== "")
    .map((key) => `${key}=${view[key]}`)
    .join("&");
}

// The lesson file's format (docs/lessons.md) and its structural check: every
// field's type and allowed values, each problem named by the file, the step
// (from 1) and the field. Whether each setup is one the engine accepts and
// each quantity exists at its step is checked by scene.js' `checkLesson`.

import { HIDEABLE } from "../hide.js";
import { parseRef, refProblem } from "./quantities.js";
import { placeJsonError } from "./jsonplace.js";

export const QUESTION_KINDS = ["number", "sign", "choice", "click"];
export const PICKS = ["largest", "smallest", "largest_abs", "smallest_abs"];
export const EDGES = ["weight", "gradient", "update"];
const UNTIL = ["backward", "batch", "epoch"];
const PHASE_KINDS = ["forward_z", "forward_a", "loss", "backward_delta", "backward_params", "update"];
const LESSON_FIELDS = ["id", "title", "summary", "setup", "steps"];
const STEP_FIELDS = ["text", "setup", "keep", "train_epochs", "phase", "example", "select", "edges", "show", "panel", "question"];
export const PANELS = ["health", "landscape"];
/** A value of the file as a message shows it: text as it is, anything else as JSON (a file may hold any value there). */
const quote = (v) => (typeof v === "string" ? v : JSON.stringify(v));
const QUESTION_FIELDS = ["kind", "prompt", "quantity", "tolerance", "relative", "options", "pick", "hint", "after", "reveal"];
const ACTION_FIELDS = ["train_epochs", "phase"];

/** The most a step's text may have: the "at most three sentences". */
export const MAX_SENTENCES = 3;

/** How many sentences `text` has (a sentence ends with . ! or ? before a space or the end). */
export function sentences(text) {
  return text.split(/[.!?](?:\s+|$)/).filter((s) => s.trim() !== "").length;
}

/** `phase`'s text as `{ until }`, `{ start: true }` (a batch stepped into, no phase done) or `{ kind, layer? }`, or null. */
export function parsePhase(text) {
  if (typeof text !== "string") return null;
  if (UNTIL.includes(text)) return { until: text };
  if (text === "start") return { start: true };
  const match = /^([a-z_]+)(?::(-?[0-9]{1,2}))?$/.exec(String(text));
  if (!match || !PHASE_KINDS.includes(match[1])) return null;
  const layered = !["loss", "update"].includes(match[1]);
  if (layered !== (match[2] !== undefined)) return null;
  return layered ? { kind: match[1], layer: Number(match[2]) } : { kind: match[1] };
}

/** `select`'s text: `n:layer:neuron`, `w:layer:neuron:input` (negative layers from the end) or `loss`. */
export function parseTarget(text) {
  if (typeof text !== "string") return null;
  if (text === "loss") return { kind: "loss" };
  const match = /^([nw]):(-?[0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?$/.exec(String(text));
  if (!match || (match[1] === "w") !== (match[4] !== undefined)) return null;
  const target = { kind: match[1] === "w" ? "weight" : "neuron", layer: Number(match[2]), neuron: Number(match[3]) };
  if (target.kind === "weight") target.input = Number(match[4]);
  return target;
}

/** The `{quantity}` references in a text (hints and step texts show the engine's numbers). */
export function textRefs(text) {
  return [...String(text).matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isText = (v) => typeof v === "string" && v.trim() !== "";

/**
 * Checks a parsed lesson file's structure; returns a list of problems, each
 * "name: step N, field: what is wrong" (empty when it is well-formed).
 */
export function validateLesson(lesson, name = "lesson") {
  const problems = [];
  const at = (where, text) => problems.push(`${name}: ${where}${where ? ", " : ""}${text}`);
  if (!isObject(lesson)) {
    at("", "a lesson file is one JSON object with id, title, summary, setup and steps");
    return problems;
  }
  for (const key of Object.keys(lesson))
    if (!LESSON_FIELDS.includes(key)) at("", `“${key}” is not a field of a lesson (${LESSON_FIELDS.join(", ")})`);
  if (!/^[a-z0-9-]{1,40}$/.test(lesson.id ?? "")) at("", "id: must be 1 to 40 characters of a–z, 0–9 and -");
  if (!isText(lesson.title)) at("", "title: missing");
  if (!isText(lesson.summary)) at("", "summary: missing");
  if (lesson.setup !== undefined && !isObject(lesson.setup)) at("", "setup: must be an object of settings");
  if (!Array.isArray(lesson.steps) || lesson.steps.length === 0) {
    at("", "steps: must be a list of at least one step");
    return problems;
  }
  lesson.steps.forEach((step, k) => {
    validateStep(step, k, (field, text) => at(`step ${k + 1}`, `${field}: ${text}`));
  });
  return problems;
}

function validateStep(step, k, at) {
  if (!isObject(step)) return at("step", "must be an object");
  for (const key of Object.keys(step)) if (!STEP_FIELDS.includes(key)) at(key, `not a field of a step (${STEP_FIELDS.join(", ")})`);
  if (!isText(step.text)) at("text", "missing");
  else if (sentences(step.text) > MAX_SENTENCES) at("text", `has ${sentences(step.text)} sentences; a step says at most ${MAX_SENTENCES}`);
  else checkRefs(step.text, "text", at);
  if (step.setup !== undefined && !isObject(step.setup)) at("setup", "must be an object of settings");
  if (step.keep !== undefined && typeof step.keep !== "boolean") at("keep", "must be true or false");
  if (k === 0 && step.keep === true) at("keep", "the first step has no step before it to keep");
  checkActions(step, at);
  if (step.example !== undefined && !(Number.isInteger(step.example) && step.example >= 0)) at("example", "must be a whole number from 0");
  if (step.select !== undefined && !parseTarget(step.select))
    at("select", `“${quote(step.select)}” is not n:layer:neuron, w:layer:neuron:input or loss`);
  if (step.edges !== undefined && !EDGES.includes(step.edges)) at("edges", `must be one of ${EDGES.join(", ")}`);
  if (step.panel !== undefined && !PANELS.includes(step.panel)) at("panel", `must be one of ${PANELS.join(", ")}`);
  if (step.show !== undefined) {
    const names = HIDEABLE.map((control) => control.name);
    if (!Array.isArray(step.show)) at("show", "must be a list of controls");
    else for (const name of step.show) if (!names.includes(name)) at("show", `“${quote(name)}” is not a control (${names.join(", ")})`);
  }
  if (step.question !== undefined) validateQuestion(step.question, step.phase, (field, text) => at(`question.${field}`, text));
}

function checkActions(actions, at) {
  if (actions.train_epochs !== undefined && !(Number.isInteger(actions.train_epochs) && actions.train_epochs >= 0 && actions.train_epochs <= 2000)) {
    at("train_epochs", "must be a whole number from 0 to 2000");
  }
  if (actions.phase !== undefined && !parsePhase(actions.phase)) {
    at(
      "phase",
      `“${quote(actions.phase)}” is not a phase (start, ${UNTIL.join(", ")}, loss, update, or kind:layer with kind ${PHASE_KINDS.join(", ")})`,
    );
  }
}

function checkRefs(text, field, at) {
  for (const ref of textRefs(text)) {
    const problem = refProblem(ref);
    if (problem) at(field, problem);
  }
}

function validateQuestion(q, stepPhase, at) {
  if (!isObject(q)) return at("question", "must be an object");
  for (const key of Object.keys(q)) if (!QUESTION_FIELDS.includes(key)) at(key, `not a field of a question (${QUESTION_FIELDS.join(", ")})`);
  if (!QUESTION_KINDS.includes(q.kind)) return at("kind", `must be one of ${QUESTION_KINDS.join(", ")}`);
  if (!isText(q.prompt)) at("prompt", "missing");
  if (!isText(q.hint)) at("hint", "missing: a wrong answer gets a hint pointing at the numbers involved");
  else checkRefs(q.hint, "hint", at);
  const wildcards = q.kind === "click";
  const bins = q.kind === "choice" && q.pick === undefined;
  if (q.kind !== "choice" || bins) {
    const problem = q.quantity === undefined ? "missing" : refProblem(q.quantity, { wildcards });
    if (problem) at("quantity", problem);
    else if (wildcards && !parseRef(q.quantity).indices.includes("*"))
      at("quantity", "a click question picks among many: use * for the neuron (or input)");
  } else if (q.quantity !== undefined) {
    at("quantity", "a choice that picks the largest or smallest takes a quantity per option instead");
  }
  if (q.kind === "number" && !(typeof q.tolerance === "number" && q.tolerance > 0))
    at("tolerance", "a number question states its tolerance, a number above 0");
  if (q.kind !== "number" && q.tolerance !== undefined) at("tolerance", "only a number question has one");
  if (q.relative !== undefined && (q.kind !== "number" || typeof q.relative !== "boolean"))
    at("relative", "true or false, on a number question only");
  if ((q.kind === "click" || (q.kind === "choice" && !bins)) && !PICKS.includes(q.pick)) at("pick", `must be one of ${PICKS.join(", ")}`);
  if (q.kind === "choice") validateOptions(q, bins, at);
  else if (q.options !== undefined) at("options", "only a choice has options");
  if (q.after !== undefined) {
    if (!isObject(q.after)) at("after", "must be an object with train_epochs and/or phase");
    else {
      for (const key of Object.keys(q.after)) if (!ACTION_FIELDS.includes(key)) at(`after.${key}`, `not an action (${ACTION_FIELDS.join(", ")})`);
      checkActions(q.after, (field, text) => at(`after.${field}`, text));
    }
  }
  if (q.after?.phase !== undefined && q.after.train_epochs === undefined && stepPhase === undefined) {
    at("after.phase", "the step needs a phase of its own, to go back to after a wrong answer");
  }
  if (q.reveal !== undefined && !parseTarget(q.reveal)) at("reveal", `“${quote(q.reveal)}” is not n:layer:neuron, w:layer:neuron:input or loss`);
}

function validateOptions(q, bins, at) {
  if (!Array.isArray(q.options) || q.options.length < 2) return at("options", "a choice needs at least 2 options");
  for (const [k, option] of q.options.entries()) {
    const field = `options[${k}]`;
    if (!isObject(option) || !isText(option.text)) {
      at(field, "needs a text");
      continue;
    }
    if (bins) {
      const ok = typeof option.from === "number" && typeof option.to === "number" && option.from < option.to;
      if (!ok) at(field, "needs from < to: the range of the quantity's value this option stands for");
      if (option.quantity !== undefined) at(`${field}.quantity`, "a choice by ranges has one quantity, on the question");
    } else {
      const problem = option.quantity === undefined ? "missing" : refProblem(option.quantity);
      if (problem) at(`${field}.quantity`, problem);
    }
  }
  if (bins) {
    const sorted = q.options.filter((o) => typeof o?.from === "number").sort((x, y) => x.from - y.from);
    for (let k = 1; k < sorted.length; k += 1) {
      if (sorted[k].from < sorted[k - 1].to) at("options", `the ranges of “${sorted[k - 1].text}” and “${sorted[k].text}” overlap`);
    }
  }
}

/** Reads a lesson file's text: `{ lesson }` or `{ problems }` (the JSON's own error, or the structure's). */
export function readLesson(text, name) {
  let lesson;
  try {
    lesson = JSON.parse(text);
  } catch (error) {
    return { problems: [`${name}: not JSON: ${placeJsonError(text, error)}`] };
  }
  const problems = validateLesson(lesson, name);
  return problems.length ? { problems } : { lesson };
}

// A question's right answer, computed from the engine at the moment asked
// (quantities.js), and the learner's answer judged against it: right or
// wrong, and for a wrong one the hint with the engine's numbers filled in.
// Plain data in and out, so the unit tests drive it with a real engine.

import { formatSignificant, parseShown } from "../render/format.js";
import { textRefs } from "./format.js";
import { evaluate, expand, parseRef, targetOf } from "./quantities.js";

/** Below this a value counts as zero for a sign question (an exact 0 in practice: zero weights). */
export const ZERO = 1e-12;

/** `positive`, `negative` or `zero`. */
export function signOf(value) {
  if (Math.abs(value) <= ZERO) return "zero";
  return value > 0 ? "positive" : "negative";
}

/** How a choice or a click ranks values: the index of the one it picks. */
function pickIndex(values, pick) {
  const key = pick.endsWith("_abs") ? Math.abs : (v) => v;
  const better = pick.startsWith("largest") ? (x, y) => x > y : (x, y) => x < y;
  let best = 0;
  values.forEach((v, k) => {
    if (better(key(v), key(values[best]))) best = k;
  });
  return best;
}

/** A number as a lesson shows it: 4 significant digits (the reveal shows 6). */
export function shown(value, digits = 4) {
  return formatSignificant(value, digits);
}

/** `text` with each `{quantity}` replaced by the engine's value now (a negative one after an operator in parentheses: 2·(−0.5)). */
export function fill(c, text) {
  let out = text;
  for (const ref of textRefs(text)) {
    const value = evaluate(c, ref);
    const at = out.indexOf(`{${ref}}`);
    const afterOperator = /[·×+−\-*/]\s*$/.test(out.slice(0, at));
    const written = value < 0 && afterOperator ? `(${shown(value)})` : shown(value);
    out = out.slice(0, at) + written + out.slice(at + ref.length + 2);
  }
  return out;
}

/**
 * The right answer now: `{ value, text, target }` with `value` what the
 * learner's answer is compared with (a number, a sign, an option's index, or
 * the clicked neuron or weight's reference), `text` it written out, and the
 * neuron or weight the reveal opens the inspector on (or null).
 */
export function expected(c, q) {
  if (q.kind === "number" || q.kind === "sign") {
    const number = evaluate(c, q.quantity);
    const value = q.kind === "number" ? number : signOf(number);
    const text = q.kind === "number" ? `${q.quantity} = ${shown(number, 6)}` : `${q.quantity} = ${shown(number, 6)}, ${value}`;
    return { value, number, text, target: targetOf(c, q.quantity) };
  }
  if (q.kind === "choice" && q.pick === undefined) {
    const number = evaluate(c, q.quantity);
    const value = q.options.findIndex((o) => number >= o.from && number < o.to);
    const text = `${q.quantity} = ${shown(number, 6)}${value >= 0 ? `: “${q.options[value].text}”` : ", in none of the ranges"}`;
    return { value, number, text, target: targetOf(c, q.quantity) };
  }
  if (q.kind === "choice") {
    const numbers = q.options.map((o) => evaluate(c, o.quantity));
    const value = pickIndex(numbers, q.pick);
    const all = q.options.map((o, k) => `${o.quantity} = ${shown(numbers[k], 6)}`).join("; ");
    return { value, number: numbers[value], text: `“${q.options[value].text}”: ${all}`, target: targetOf(c, q.options[value].quantity) };
  }
  const refs = expand(c, q.quantity);
  const numbers = refs.map((ref) => evaluate(c, ref));
  const best = pickIndex(numbers, q.pick);
  return { value: refs[best], number: numbers[best], text: `${refs[best]} = ${shown(numbers[best], 6)}`, target: targetOf(c, refs[best]) };
}

/** The reference a clicked neuron or weight stands for in a click question's quantity (its `*`s filled), or null if it is not one of them. */
export function clickedRef(c, q, target) {
  const ref = parseRef(q.quantity);
  const wantsWeight = ref.indices.length === 3;
  if (!target || (target.kind === "weight") !== wantsWeight || target.kind === "loss") return null;
  const indices = [target.layer, target.neuron, target.input].slice(0, ref.indices.length);
  const one = `${ref.name}${indices.map((i) => `[${i}]`).join("")}`;
  return expand(c, q.quantity).includes(one) ? one : null;
}

/**
 * Judges `given` (the typed text, a sign, an option's index, or a clicked
 * target) against the right answer now: `{ correct, answer, feedback }`.
 * A wrong answer's feedback is the hint with the engine's numbers in it; it
 * never gives the answer away.
 */
export function judge(c, q, given) {
  const answer = expected(c, q);
  let correct;
  let yours;
  if (q.kind === "number") {
    const number = parseShown(String(given).replace(",", "."));
    if (Number.isNaN(number)) return { correct: false, answer, feedback: `“${given}” is not a number.` };
    const allowed = q.tolerance * (q.relative ? Math.abs(answer.value) : 1);
    correct = Math.abs(number - answer.value) <= allowed;
    yours = shown(number, 6);
  } else if (q.kind === "click") {
    const ref = clickedRef(c, q, given);
    if (ref === null) return { correct: false, answer, feedback: "That is not one of the neurons or weights this question is about." };
    // A tie is right whichever of the tied ones is clicked.
    correct = evaluate(c, ref) === answer.number;
    yours = `${ref} = ${shown(evaluate(c, ref), 6)}`;
  } else if (q.kind === "choice" && q.pick !== undefined) {
    correct = Number.isInteger(given) && given >= 0 && given < q.options.length && evaluate(c, q.options[given].quantity) === answer.number;
    yours = `“${q.options[given]?.text}”`;
  } else {
    correct = given === answer.value;
    yours = q.kind === "sign" ? given : `“${q.options[given]?.text}”`;
  }
  const feedback = correct ? `Right: ${answer.text}. You said ${yours}.` : `Not quite. ${fill(c, q.hint)}`;
  return { correct, answer, feedback };
}

// A lesson question's answers as the class sends them: the lesson panel's
// answer made into a small JSON value, judged against the engine's answer
// (answer.js' `expected`, computed by each page's own engine), and written
// for the bars of the results. Plain data in and out.

import { formatSignificant, parseShown } from "../render/format.js";
import { clickedRef } from "../teach/answer.js";

/** The value sent for an answer (a number, a sign, an option's index, a clicked neuron's reference), or `{ problem }`. */
export function toValue(c, q, given) {
  if (q.kind === "number") {
    const number = parseShown(String(given).replace(",", "."));
    return Number.isFinite(number) ? number : { problem: `“${given}” is not a number.` };
  }
  if (q.kind === "click") {
    const ref = clickedRef(c, q, given);
    return ref ?? { problem: "That is not one of the neurons or weights this question is about." };
  }
  return given;
}

/** Whether a class's answer is right, against `answer` (`expected`'s `{ value, number }`). */
export function isRight(q, value, answer) {
  if (q.kind === "number") {
    const allowed = q.tolerance * (q.relative ? Math.abs(answer.value) : 1);
    return typeof value === "number" && Math.abs(value - answer.value) <= allowed;
  }
  return value === answer.value;
}

/** An answer as the results write it. */
export function label(q, value) {
  if (q.kind === "number" && typeof value === "number") return formatSignificant(value, 4);
  if (q.kind === "choice") return q.options[value]?.text ?? String(value);
  return String(value);
}

/** The share of a round's answers (`[[value, count], …]`) that are right: `{ right, of }`. */
export function shareRight(q, tally, answer) {
  let right = 0;
  let of = 0;
  for (const [value, count] of tally) {
    of += count;
    if (isRight(q, value, answer)) right += count;
  }
  return { right, of };
}

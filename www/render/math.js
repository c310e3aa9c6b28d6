// A small MathML builder: the browser typesets the chain rule, no library.
// Numbers keep their full value in `data-value` so that what is shown can be
// checked against the engine's gradients exactly. Also the blocks the
// inspector is made of: formulas on one or several lines, headings, notes.

import { formatSignificant } from "./format.js";

const NS = "http://www.w3.org/1998/Math/MathML";

/** An element with children (strings become text). */
export function el(tag, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export const mi = (name) => el("mi", name);
export const mo = (op) => el("mo", op);
export const row = (...children) => el("mrow", ...children);
export const sub = (base, index) => el("msub", typeof base === "string" ? mi(base) : base, typeof index === "string" ? el("mi", index) : index);
export const frac = (top, bottom) => el("mfrac", top, bottom);
export const paren = (...children) => row(mo("("), ...children, mo(")"));

/**
 * A number as shown: 6 significant digits (or `digits`, where a formula
 * needs more to evaluate to its result), the page's one format
 * (format.js), the exact value kept in `data-value`.
 */
export function num(value, attributes = {}, digits = 6) {
  const node = el("mn", formatSignificant(value, digits));
  node.setAttribute("data-value", String(value));
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  return node;
}

/** A number in parentheses when negative, so products read clearly. */
export function factor(value, attributes = {}, digits = 6) {
  return value < 0 ? paren(num(value, attributes, digits)) : num(value, attributes, digits);
}

/** A <math> element on a line of its own (left-aligned, unlike display mode). */
export function math(...children) {
  const line = document.createElement("div");
  line.className = "math-line";
  line.append(el("math", row(...children)));
  return line;
}

/** Makes a part of a formula a link to the neuron or weight it came from. */
export function link(node, target, onSelect) {
  node.setAttribute("class", "math-link");
  // Focusable and named, but no role="link": <math>'s children are presentational, and
  // a widget role inside it is a nested interactive control (axe: nested-interactive).
  node.setAttribute("tabindex", "0");
  node.setAttribute("aria-label", target.label);
  node.addEventListener("click", () => onSelect(target));
  node.addEventListener("keydown", (e) => {
    if (e.key === "Enter") onSelect(target);
  });
  return node;
}

/** A formula on one line, in a box of class `formula ${className}`. */
export function formula(className, ...children) {
  const box = document.createElement("div");
  box.className = `formula ${className}`;
  box.append(math(...children));
  return box;
}

/** Formula lines: each a list of nodes, the first flush, the rest indented. */
export function lines(className, ...rows) {
  const box = document.createElement("div");
  box.className = `formula ${className}`;
  for (const line of rows) box.append(math(...line));
  return box;
}

/**
 * A long sum over several lines (MathML does not wrap): `lead` then the
 * `terms` (each a list of nodes) joined by +, `perLine` a line, then `tail`.
 */
export function sum(className, lead, terms, tail, perLine = 3) {
  const box = document.createElement("div");
  box.className = `formula ${className}`;
  for (let start = 0; start < Math.max(1, terms.length); start += perLine) {
    const line = [];
    if (start === 0) line.push(...lead);
    terms.slice(start, start + perLine).forEach((term, k) => {
      if (start + k > 0) line.push(mo("+"));
      line.push(...term);
    });
    if (start + perLine >= terms.length) line.push(...tail);
    box.append(math(...line));
  }
  return box;
}

/** The inspector's prose around the formulas: a heading, a note. */
export function heading(text) {
  const h = document.createElement("h4");
  h.textContent = text;
  return h;
}

export function note(text) {
  const p = document.createElement("p");
  p.className = "note";
  p.textContent = text;
  return p;
}

/**
 * MathML does not wrap: a formula line wider than its box would be cut (or
 * hidden behind a scrollbar), numbers and all. Breaks each such line before
 * every "=" but its first, so each step of the equation starts a line of
 * its own ("= …", indented). Call once the box is laid out.
 */
export function fitLines(container) {
  for (const box of container.querySelectorAll(".formula")) {
    if (box.clientWidth === 0) continue;
    for (const line of [...box.querySelectorAll(":scope > .math-line")]) {
      if (line.scrollWidth <= box.clientWidth + 1) continue;
      const terms = [...line.querySelector("math > mrow").childNodes];
      const breaks = terms.flatMap((node, k) => (node.localName === "mo" && ["=", "≈"].includes(node.textContent.trim()) ? [k] : [])).slice(1);
      if (!breaks.length) continue;
      const pieces = [0, ...breaks].map((start, k) => terms.slice(start, breaks[k] ?? terms.length));
      line.replaceWith(...pieces.map((nodes) => math(...nodes)));
    }
    // A line still too wide scrolls: a keyboard must be able to reach it.
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Formula (scrolls sideways)");
    }
  }
}

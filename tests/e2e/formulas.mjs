// Reads the inspector's formulas as a reader would and evaluates them: each
// formula box's MathML (all its lines) is turned into tokens from what is
// written (the numbers' text, not their exact values), split at = and ≈, and
// every side that holds only numbers becomes a JavaScript expression. The
// operators the page writes: + − × · / ( ), fractions, powers, e^x, √, ln,
// max. A side with a symbol (δ, Σ, …) is left as text.
//
// `readFormulas` runs in the page (page.evaluate), so it is self-contained;
// `evaluate` and `checkConsistent` run in Node.

/** In the page: `[{ className, text, sides: [{ text, expr, approx }] , roles }]` for `root`'s formulas. */
export function readFormulas(selector = "#inspector") {
  const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const parseNumber = (text) => {
    const plain = text
      .trim()
      .replace(/−/g, "-")
      .replace(/\s*×\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/, (_, p) => `e${[...p].map((c) => (c === "⁻" ? "-" : SUP.indexOf(c))).join("")}`);
    return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/.test(plain) ? plain : null;
  };
  const OPS = { "+": "+", "−": "-", "-": "-", "×": "*", "·": "*", "/": "/", "(": "(", ")": ")", "=": "=", "≈": "≈", ",": "," };
  const FUNCTIONS = { ln: "Math.log", max: "Math.max", exp: "Math.exp" };
  // Tokens: { t: "num" | "op" | "sym" | "fn", v }.
  const atom = (tokens) => (tokens.some((k) => k.t === "sym") ? { t: "sym", v: "?" } : { t: "num", v: `(${join(tokens)})` });
  const tokens = (node) => {
    const tag = node.localName;
    const kids = [...node.children];
    const text = node.textContent.trim();
    if (tag === "mn") {
      const n = parseNumber(text);
      return [n === null ? { t: "sym", v: text } : { t: "num", v: n }];
    }
    if (tag === "mo") {
      if (text === "") return [];
      return OPS[text] ? [{ t: "op", v: OPS[text] }] : [{ t: "sym", v: text }];
    }
    if (tag === "mi") return FUNCTIONS[text] ? [{ t: "fn", v: FUNCTIONS[text] }] : [{ t: "sym", v: text }];
    if (tag === "mfrac") return [atom([atom(tokens(kids[0])), { t: "op", v: "/" }, atom(tokens(kids[1]))])];
    if (tag === "msqrt") {
      const inner = atom(kids.flatMap(tokens));
      return [inner.t === "sym" ? inner : { t: "num", v: `Math.sqrt${inner.v}` }];
    }
    if (tag === "msup") {
      const power = atom(tokens(kids[1]));
      if (kids[0].localName === "mi" && kids[0].textContent === "e") {
        return [power.t === "sym" ? power : { t: "num", v: `Math.exp${power.v}` }];
      }
      const base = atom(tokens(kids[0]));
      return [base.t === "sym" || power.t === "sym" ? { t: "sym", v: "^" } : { t: "num", v: `(${base.v}**${power.v})` }];
    }
    if (tag === "mrow" || tag === "math") return kids.flatMap(tokens);
    // msub, munder, mover, msubsup, mtext: names, not numbers.
    return [{ t: "sym", v: text }];
  };
  // Joins tokens, writing the multiplication that juxtaposition means.
  function join(list) {
    let out = "";
    let previous = null;
    for (const k of list) {
      const endsOperand = previous && (previous.t === "num" || (previous.t === "op" && previous.v === ")"));
      const startsOperand = k.t === "num" || k.t === "fn" || (k.t === "op" && k.v === "(");
      if (endsOperand && startsOperand) out += "*";
      out += k.v;
      previous = k;
    }
    return out;
  }
  return [...document.querySelectorAll(`${selector} .formula`)].map((box) => {
    const all = [...box.querySelectorAll("math")].flatMap((m) => tokens(m));
    const sides = [];
    let current = [];
    let approx = false;
    const flush = (next) => {
      if (current.length) {
        const symbolic = current.some((k) => k.t === "sym");
        sides.push({ text: current.map((k) => k.v).join(" "), expr: symbolic ? null : join(current), approx });
      }
      current = [];
      approx = next;
    };
    for (const k of all) {
      if (k.t === "op" && (k.v === "=" || k.v === "≈")) flush(k.v === "≈");
      else current.push(k);
    }
    flush(false);
    const roles = {};
    for (const node of box.querySelectorAll("[data-role]")) {
      const role = node.getAttribute("data-role");
      roles[role] = [...(roles[role] ?? []), Number(node.getAttribute("data-value"))];
    }
    return { className: box.className, text: box.textContent, sides, roles };
  });
}

/** A side's value (NaN when it is not an expression). */
export function evaluate(expr) {
  try {
    return Number(new Function(`return (${expr});`)());
  } catch {
    return NaN;
  }
}

const close = (a, b, tolerance) => a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));

/**
 * Every numeric side of each formula equal to the next, as written (within a
 * relative `tolerance`; across ≈ within 1e-2). Returns the disagreements.
 */
export function checkConsistent(formulas, tolerance = 1e-4) {
  const problems = [];
  for (const f of formulas) {
    const values = f.sides.filter((s) => s.expr !== null).map((s) => ({ ...s, value: evaluate(s.expr) }));
    for (const s of values) if (!Number.isFinite(s.value)) problems.push(`${f.className}: "${s.text}" does not evaluate (${s.expr})`);
    for (let k = 1; k < values.length; k += 1) {
      const [a, b] = [values[k - 1], values[k]];
      if (!close(a.value, b.value, b.approx ? 1e-2 : tolerance)) {
        problems.push(`${f.className}: "${a.text}" = ${a.value} but "${b.text}" = ${b.value}`);
      }
    }
  }
  return problems;
}

/** The value of a formula's last numeric side (its result, as written). */
export function result(formula) {
  const last = formula.sides.filter((s) => s.expr !== null).at(-1);
  return last ? evaluate(last.expr) : NaN;
}

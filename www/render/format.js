// The page's one number formatter: every number a learner reads (labels,
// cards, the chart's axis, the inspector's formulas) is written here, with a
// true minus sign and exponents one way, `1.2 × 10⁻⁷`. No DOM: the unit
// tests (tests/js/format.test.mjs) run it in Node.

const SUPERSCRIPT = { "-": "⁻", "+": "", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** `−` for `-`: a hyphen reads as a dash on a projector. */
const minus = (text) => text.replace(/-/g, "−");

/** JavaScript's `1.5e-7` written `1.5 × 10⁻⁷`. */
function exponent(text) {
  const [mantissa, power] = text.split("e");
  if (power === undefined) return minus(text);
  const sup = [...power].map((c) => SUPERSCRIPT[c]).join("");
  return `${minus(mantissa)} × 10${sup}`;
}

function special(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  return null;
}

/** A number with `digits` decimals for ordinary sizes, else `digits` significant digits and an exponent. */
export function formatNumber(v, digits = 3) {
  const odd = special(v);
  if (odd) return odd;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return exponent(v.toExponential(Math.max(0, digits - 1)));
  return minus(v.toFixed(digits));
}

/**
 * A number to `digits` significant digits, trailing zeros dropped (what the
 * formulas write): plain from 10⁻⁴ to 10⁶, with an exponent outside.
 */
export function formatSignificant(v, digits = 6) {
  const odd = special(v);
  if (odd) return odd;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) {
    const [mantissa, power] = v.toExponential(digits - 1).split("e");
    return exponent(`${String(Number(mantissa))}e${power}`);
  }
  return minus(String(Number(v.toPrecision(digits))));
}

/** What `formatSignificant(v, digits)` shows, as a number (the value a reader would compute with). */
export function shownValue(v, digits = 6) {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : v;
}

/** Reads a number as the page writes it (true minus, `× 10⁻⁷`); NaN if it is not one. */
export function parseShown(text) {
  const plain = text
    .trim()
    .replace(/−/g, "-")
    .replace(/\s*×\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/, (_, power) => `e${[...power].map((c) => (c === "⁻" ? "-" : "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c))).join("")}`);
  if (plain === "∞") return Infinity;
  if (plain === "-∞") return -Infinity;
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/.test(plain) ? Number(plain) : NaN;
}

/**
 * The fewest significant digits (from `least` up to 17) at which `compute`,
 * fed the numbers as shown, gives `want` within a relative `tolerance`: so a
 * formula such as 1 − a² for a saturated a is written with enough digits to
 * show why it is what it is. 17 if none does.
 */
export function digitsFor(values, compute, want, least = 6, tolerance = 1e-4) {
  for (let digits = least; digits <= 17; digits += 1) {
    const got = compute(values.map((v) => shownValue(v, digits)));
    if (got === want || Math.abs(got - want) <= tolerance * Math.abs(want)) return digits;
  }
  return 17;
}

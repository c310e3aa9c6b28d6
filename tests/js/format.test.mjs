// The page's one number formatter (www/render/format.js) and the loss
// chart's axis labels, which must never be cut off.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { axisLabels } from "../../www/render/chart.js";
import { digitsFor, formatNumber, formatSignificant, parseShown, shownValue } from "../../www/render/format.js";

describe("format.js", () => {
  it("writes decimals for ordinary sizes and `× 10ⁿ` outside, with a true minus", () => {
    assert.equal(formatNumber(0.5), "0.500");
    assert.equal(formatNumber(-0.03791, 4), "−0.0379");
    assert.equal(formatNumber(2.4e282, 2), "2.4 × 10²⁸²");
    assert.equal(formatNumber(-1.23e-7, 3), "−1.23 × 10⁻⁷");
    assert.equal(formatNumber(123456, 3), "1.23 × 10⁵");
    assert.equal(formatNumber(0), "0.000");
    assert.equal(formatNumber(Number.NaN), "–");
    assert.equal(formatNumber(-Infinity), "−∞");
  });

  it("writes formulas' numbers to significant digits, the same exponent form", () => {
    assert.equal(formatSignificant(-0.0379123456), "−0.0379123");
    assert.equal(formatSignificant(1.7763568394002505e-15), "1.77636 × 10⁻¹⁵");
    assert.equal(formatSignificant(2e-7, 6), "2 × 10⁻⁷");
    assert.equal(formatSignificant(-0.9999999999999991, 17), "−0.9999999999999991");
    assert.equal(formatSignificant(0.1, 3), "0.1");
    assert.equal(formatSignificant(1e6, 3), "1 × 10⁶");
    for (const text of [formatNumber(-1.5e-9), formatSignificant(3.25e21)]) assert.doesNotMatch(text, /e|-/);
  });

  it("reads back what it writes", () => {
    for (const v of [-0.0379, 1.7763568394002505e-15, -2.5e282, 0, 12.5]) {
      assert.equal(parseShown(formatSignificant(v, 17)), v);
      assert.equal(parseShown(formatSignificant(v)), shownValue(v));
    }
    assert.ok(Number.isNaN(parseShown("δ")));
  });

  it("picks the digits a formula needs to evaluate to its result", () => {
    // 1 − a² for a saturated tanh: at 6 digits a shows as −1 and 1 − 1² = 0.
    const a = -0.9999999999999991;
    const f = ([x]) => 1 - x * x;
    const digits = digitsFor([a], f, 1 - a * a);
    assert.ok(digits > 6);
    assert.ok(Math.abs(f([shownValue(a, digits)]) - (1 - a * a)) <= 1e-4 * (1 - a * a));
    assert.equal(f([shownValue(a, 6)]), 0);
    // An ordinary a needs no more than 6.
    assert.equal(digitsFor([0.3], f, 1 - 0.09), 6);
  });
});

describe("the loss chart's axis", () => {
  const measure = (text) => text.length * 7;
  it("makes room for its widest label", () => {
    const axis = axisLabels(0, 2.4e282, measure);
    assert.equal(axis.top, "2.4 × 10²⁸²");
    assert.ok(axis.padLeft - 4 - measure(axis.top) >= 0, "the label starts inside the canvas");
    assert.equal(axisLabels(0, 0.5, measure).padLeft, 54);
  });
});

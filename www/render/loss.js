// The loss phase in the inspector: one example's loss written out with its
// numbers, as the engine defines it (tests/golden/README.md: mse without ½,
// bce and softmax cross-entropy from the logits, hinge), then the batch's
// mean, the penalty with its numbers, and what the loss chart shows.
// `ctx` as in rules.js: `{ values, model }`.

import { digitsFor } from "./format.js";
import { el, factor, formula, frac, heading, lines, mi, mo, note, num, paren, row, sub } from "./math.js";

const one = () => el("mn", "1");
const square = (node) => el("msup", node, el("mn", "2"));

/** The loss of example `n` and its terms over the K outputs: `{ symbols, numbers, why }`. */
function exampleLoss(values, loss, n) {
  const l = values.sizes.length - 2;
  const k = values.sizes.at(-1);
  const want = values.loss.examples[n];
  const outputs = Array.from({ length: k }, (_, j) => ({ z: values.z(l, n, j), a: values.a(l, n, j), y: values.target(n, j) }));
  // Averaged over K outputs (all but softmax_ce, which sums).
  const mean = (terms) => (k === 1 ? terms : [frac(one(), el("mn", String(k))), paren(...terms)]);
  const joined = (parts) => parts.flatMap((p, j) => (j === 0 ? p : [mo("+"), ...p]));
  switch (loss) {
    case "mse": {
      const compute = (xs) => outputs.reduce((s, _, j) => s + (xs[2 * j] - xs[2 * j + 1]) ** 2, 0) / k;
      const d = digitsFor(
        outputs.flatMap((o) => [o.a, o.y]),
        compute,
        want,
      );
      return {
        symbols:
          k === 1
            ? [square(paren(mi("ŷ"), mo("−"), mi("y")))]
            : [frac(one(), mi("K")), el("munder", mo("∑"), mi("k")), square(paren(sub("ŷ", "k"), mo("−"), sub("y", "k")))],
        numbers: mean(joined(outputs.map((o) => [square(paren(num(o.a, {}, d), mo("−"), factor(o.y, {}, d)))]))),
        why: "Squared error, as PyTorch's MSELoss: no ½.",
      };
    }
    case "bce": {
      const term = (z, y) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      const d = digitsFor(
        outputs.flatMap((o) => [o.z, o.y]),
        (xs) => outputs.reduce((s, _, j) => s + term(xs[2 * j], xs[2 * j + 1]), 0) / k,
        want,
      );
      const numbers = outputs.map((o) => [
        mi("max"),
        paren(num(o.z, {}, d), mo(","), el("mn", "0")),
        mo("−"),
        factor(o.z, {}, d),
        mo("·"),
        factor(o.y, {}, d),
        mo("+"),
        mi("ln"),
        paren(one(), mo("+"), el("msup", mi("e"), num(-Math.abs(o.z), {}, d))),
      ]);
      return {
        symbols: [
          mo("−"),
          paren(mi("y"), mi("ln"), mi("ŷ"), mo("+"), paren(one(), mo("−"), mi("y")), mi("ln"), paren(one(), mo("−"), mi("ŷ"))),
          mo("="),
          mi("max"),
          paren(mi("z"), mo(","), el("mn", "0")),
          mo("−"),
          mi("z"),
          mi("y"),
          mo("+"),
          mi("ln"),
          paren(one(), mo("+"), el("msup", mi("e"), row(mo("−"), mo("|"), mi("z"), mo("|")))),
        ],
        numbers: mean(joined(numbers)),
        why: "Binary cross-entropy, computed from the logit z (as PyTorch's BCEWithLogitsLoss) so that it stays finite when ŷ is 0 or 1.",
      };
    }
    case "softmax_ce": {
      const c = outputs.findIndex((o) => o.y === 1);
      const oneHot = c >= 0 && outputs.every((o, j) => j === c || o.y === 0) && outputs[c].a > 0;
      const symbols = [mo("−"), el("munder", mo("∑"), mi("k")), sub("y", "k"), mi("ln"), sub("ŷ", "k")];
      if (!oneHot) return { symbols, numbers: null, why: "Cross-entropy of the softmax, computed from the logits z." };
      const d = digitsFor([outputs[c].a], ([a]) => -Math.log(a), want);
      return {
        symbols: [...symbols, mo("="), mo("−"), mi("ln"), sub("ŷ", String(c + 1))],
        numbers: [mo("−"), mi("ln"), paren(num(outputs[c].a, {}, d))],
        why: `Cross-entropy of the softmax: with a one-hot target only the true class (${c + 1}) counts. The engine computes it from the logits z.`,
      };
    }
    default: {
      const compute = (xs) => outputs.reduce((s, _, j) => s + Math.max(0, 1 - xs[2 * j + 1] * xs[2 * j]), 0) / k;
      const d = digitsFor(
        outputs.flatMap((o) => [o.a, o.y]),
        compute,
        want,
      );
      return {
        symbols: [mi("max"), paren(el("mn", "0"), mo(","), one(), mo("−"), mi("y"), mo("·"), mi("ŷ"))],
        numbers: mean(
          joined(outputs.map((o) => [mi("max"), paren(el("mn", "0"), mo(","), one(), mo("−"), factor(o.y, {}, d), mo("·"), factor(o.a, {}, d))])),
        ),
        why: "Hinge: 0 once y·ŷ ≥ 1 (at or past the margin).",
      };
    }
  }
}

/** Σ|w| or Σ w² over every weight (never the biases), from the batch's parameters. */
function weightSum(values, kind) {
  let s = 0;
  for (let l = 0; l + 1 < values.sizes.length; l += 1) {
    for (let j = 0; j < values.width(l); j += 1) {
      for (let i = 0; i < values.fanIn(l); i += 1) {
        const w = values.w(l, j, i);
        s += kind === "l1" ? Math.abs(w) : w * w;
      }
    }
  }
  return s;
}

/** The loss phase: example `n`'s loss, the batch mean, the penalty, and what the chart shows. */
export function lossRule(ctx, n, exampleText) {
  const { values, model } = ctx;
  const loss = values.loss;
  const parts = [heading(`The loss of ${exampleText}`)];
  const e = exampleLoss(values, model.loss, n);
  const result = () => num(loss.examples[n], { "data-role": "example-loss" });
  const first = [sub("L", "n"), mo("="), ...e.symbols];
  parts.push(
    e.numbers ? lines("loss-example", first, [mo("="), ...e.numbers, mo("="), result()]) : lines("loss-example", first, [mo("="), result()]),
  );
  parts.push(note(e.why));

  parts.push(heading("The batch's loss: the mean over its examples"));
  const terms = Array.from(loss.examples.slice(0, 12), (v, k) => [num(v, { "data-role": "loss-term", "data-example": String(k) })]);
  if (loss.examples.length > 12) terms.push([mi("…")]);
  const sumLines = [];
  for (let start = 0; start < terms.length; start += 4) {
    const line = start === 0 ? [mo("="), frac(one(), el("mn", String(values.n))), mo("(")] : [];
    for (let k = start; k < Math.min(start + 4, terms.length); k += 1) line.push(...(k > 0 ? [mo("+")] : []), ...terms[k]);
    if (start + 4 >= terms.length) line.push(mo(")"), mo("="), num(loss.data, { "data-role": "data-loss" }));
    sumLines.push(line);
  }
  parts.push(lines("loss-batch", [mi("L"), mo("="), frac(one(), mi("N")), el("munder", mo("∑"), mi("n")), sub("L", "n")], ...sumLines));

  const reg = model.regularization;
  if (reg.kind !== "none" && reg.lambda !== 0) {
    const s = weightSum(values, reg.kind);
    parts.push(heading(`Plus the ${reg.kind === "l1" ? "L1" : "L2"} penalty on the weights (not the biases)`));
    parts.push(
      reg.kind === "l1"
        ? lines(
            "loss-penalty",
            [
              mi("λ"),
              el("munder", mo("∑"), mi("w")),
              mo("|"),
              mi("w"),
              mo("|"),
              mo("="),
              num(reg.lambda),
              mo("×"),
              num(s, { "data-role": "weight-sum" }),
            ],
            [mo("="), num(loss.regularization, { "data-role": "penalty" })],
          )
        : lines(
            "loss-penalty",
            [
              frac(mi("λ"), el("mn", "2")),
              el("munder", mo("∑"), mi("w")),
              square(mi("w")),
              mo("="),
              frac(num(reg.lambda), el("mn", "2")),
              mo("×"),
              num(s, { "data-role": "weight-sum" }),
            ],
            [mo("="), num(loss.regularization, { "data-role": "penalty" })],
          ),
    );
    parts.push(
      formula(
        "loss-total",
        mi("L"),
        mo("+"),
        mi("penalty"),
        mo("="),
        num(loss.data),
        mo("+"),
        num(loss.regularization),
        mo("="),
        num(loss.data + loss.regularization, { "data-role": "total-loss" }),
      ),
    );
    parts.push(
      note(
        "Backprop differentiates the sum. The loss chart and “Training loss” show the data loss over the whole training set, without the penalty.",
      ),
    );
  } else {
    parts.push(note("No regularization: this is the loss backprop differentiates. The loss chart shows it over the whole training set."));
  }
  return parts;
}

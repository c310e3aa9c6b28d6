// The inspector explains itself: every formula it writes, read as text and
// evaluated (tests/e2e/formulas.mjs), gives the number beside it and the
// engine's value, for every activation (output and hidden) and every loss;
// saturated units are written with the digits that show why; the loss is
// written out; the 1/N is explained.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkConsistent, evaluate, readFormulas, result } from "./formulas.mjs";
import { SHOTS, useLab } from "./server.mjs";

const lab = useLab({ before, after });

const drawn = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Relative closeness of a written result (6 significant digits) to the engine's value. */
const near = (got, want, tolerance = 1e-5) => got === want || Math.abs(got - want) <= tolerance * Math.abs(want);

/** The engine's f′ for an activation, from its z and a (the golden README's conventions). */
const fPrime = (activation, z, a) =>
  ({ tanh: 1 - a * a, sigmoid: a * (1 - a), relu: z > 0 ? 1 : 0, leaky_relu: z > 0 ? 1 : 0.01, linear: 1 })[activation];

/** What the inspector shows now, and the engine's numbers for the inspected target. */
async function inspect(page) {
  await drawn(page);
  const formulas = await page.evaluate(readFormulas);
  const engine = await page.evaluate(() => {
    const c = window.backpropLab;
    const step = c.lab.stepState();
    const snapshot = c.lab.snapshot();
    return {
      target: c.selected(),
      example: c.stepExample,
      sizes: snapshot.sizes,
      activations: snapshot.activations,
      z: step.z.map((x) => Array.from(x)),
      a: step.a.map((x) => Array.from(x)),
      gradZ: step.gradZ.map((x) => Array.from(x)),
      grads: Array.from(step.grads),
      loss: step.loss && { data: step.loss.data, regularization: step.loss.regularization, examples: Array.from(step.loss.examples) },
      text: document.getElementById("inspector").textContent,
    };
  });
  return { formulas, engine };
}

const box = (formulas, name) => formulas.find((f) => f.className.split(" ").includes(name));

/** Every formula consistent as written, and the results the engine's. */
function checkNeuron({ formulas, engine }, setup, loss = "mse") {
  assert.deepEqual(checkConsistent(formulas), [], setup);
  const { layer: l, neuron: j } = engine.target;
  const width = engine.sizes[l + 1];
  const at = engine.example * width + j;
  const delta = engine.gradZ[l][at];
  const output = l === engine.sizes.length - 2;
  const deltaBox = box(formulas, output ? "delta-output" : "delta-hidden");
  assert.ok(deltaBox, `${setup}: δ is written`);
  assert.ok(near(result(deltaBox), delta), `${setup}: δ written ${result(deltaBox)}, engine ${delta}`);
  const numeric = deltaBox.sides.filter((s) => s.expr !== null);
  if (output) {
    // The rule with its numbers substituted is a line of its own, and evaluates to δ.
    const fromLogits = loss === "bce" || loss === "softmax_ce";
    assert.ok(numeric.length >= (fromLogits ? 2 : 3), `${setup}: δ's rule written with its numbers (${deltaBox.text})`);
    assert.ok(near(evaluate(numeric[0].expr), delta, 1e-4), `${setup}: ${numeric[0].text} = ${evaluate(numeric[0].expr)}, δ ${delta}`);
  }
  const activation = engine.activations[l];
  if (activation !== "softmax" && !(output && loss === "bce")) {
    const want = fPrime(activation, engine.z[l][at], engine.a[l][at]);
    const roles = formulas.flatMap((f) => f.roles["f-prime"] ?? []);
    if (!output || roles.length) assert.ok(roles.length && near(roles[0], want, 1e-12), `${setup}: f′ ${roles[0]}, engine ${want}`);
    const f = box(formulas, "f-prime");
    if (f) assert.ok(near(result(f), want), `${setup}: f′ written ${result(f)}, engine ${want}`);
    // A derivative of more than one term is in parentheses where it multiplies.
    if (activation === "tanh") assert.match((f ?? deltaBox).sides.map((s) => s.text).join(" = "), /\( 1 - \^ \)/);
  }
}

const SETUPS = [
  { hash: "seed=6&output_activation=tanh", loss: "mse" },
  { hash: "seed=6&activations=sigmoid,relu&output_activation=sigmoid", loss: "mse" },
  { hash: "seed=6&activations=leaky_relu,linear&output_activation=relu&init.kind=xavier_uniform", loss: "mse" },
  { hash: "seed=7&activations=tanh,tanh&output_activation=leaky_relu&regularization=l1&lambda=0.001", loss: "mse" },
  { hash: "seed=6&activations=relu,tanh&output_activation=linear&regularization=l2&lambda=0.01", loss: "mse" },
  { hash: "seed=6&loss=bce&activations=tanh,sigmoid", loss: "bce" },
  { hash: "seed=6&dataset=blobs&classes=3&loss=softmax_ce", loss: "softmax_ce" },
  { hash: "seed=6&loss=hinge&output_activation=linear&activations=leaky_relu,relu", loss: "hinge" },
  { hash: "seed=6&loss=hinge&output_activation=tanh&activations=sigmoid,linear", loss: "hinge" },
];

describe("the inspector's formulas", () => {
  for (const setup of SETUPS) {
    it(`evaluate to the engine's numbers: ${setup.hash}`, async () => {
      const page = await lab.open(setup.hash);
      await page.keyboard.press("s");
      await page.click("#step-to-backward");
      await page.click("#step-example-next");
      const neurons = page.locator(".node.neuron");
      const count = await neurons.count();
      const sizes = await page.evaluate(() => window.backpropLab.lab.snapshot().sizes);
      // Every output, the first neuron of each hidden layer.
      const picks = [];
      let first = 0;
      for (let l = 1; l < sizes.length; l += 1) {
        if (l < sizes.length - 1) picks.push(first);
        else for (let k = first; k < count; k += 1) picks.push(k);
        first += sizes[l];
      }
      for (const k of picks) {
        await neurons.nth(k).click();
        checkNeuron(await inspect(page), `${setup.hash}, neuron ${k}`, setup.loss);
      }
      // A weight into the output: the chain rule's terms add up to the engine's gradient.
      const point = await page.evaluate(() => window.backpropLab.edgePoint(window.backpropLab.lab.snapshot().sizes.length - 2, 0, 0, 12));
      await page.mouse.click(point.x, point.y);
      const weight = await inspect(page);
      assert.equal(weight.engine.target.index, point.index);
      assert.deepEqual(checkConsistent(weight.formulas), [], setup.hash);
      assert.ok(near(result(box(weight.formulas, "batch-sum")), weight.engine.grads[point.index]));
      // The loss, written out.
      await page.click("#show-loss");
      const loss = await inspect(page);
      assert.deepEqual(checkConsistent(loss.formulas), [], setup.hash);
      const example = box(loss.formulas, "loss-example");
      assert.ok(near(result(example), loss.engine.loss.examples[loss.engine.example]), `${setup.hash}: ${example.text}`);
      assert.ok(example.sides.filter((s) => s.expr !== null).length >= 2, `${setup.hash}: the loss with its numbers: ${example.text}`);
      assert.ok(near(result(box(loss.formulas, "loss-batch")), loss.engine.loss.data));
      if (/regularization/.test(setup.hash)) {
        assert.ok(near(result(box(loss.formulas, "loss-penalty")), loss.engine.loss.regularization));
        assert.match(loss.engine.text, /without the penalty/);
      }
      // The update: what is written evaluates, for every optimizer rule.
      await page.click("#step-to-batch");
      await page.mouse.click(point.x, point.y);
      const update = await inspect(page);
      assert.deepEqual(checkConsistent(update.formulas), [], setup.hash);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  it("writes a saturated unit's f′ with the digits that show why it is not 0", async () => {
    const page = await lab.open("seed=6&output_activation=tanh");
    // Biases of 18 saturate the output and a hidden neuron: tanh(18) = 1 − 4.4e−16.
    await page.evaluate(() => {
      const l = window.backpropLab.lab;
      const sizes = l.snapshot().sizes;
      l.setParam(l.biasIndex(sizes.length - 2, 0), 18);
      l.setParam(l.biasIndex(1, 0), 18);
    });
    await page.keyboard.press("s");
    await page.click("#step-to-backward");
    for (const k of [4, 6]) {
      await page.locator(".node.neuron").nth(k).click();
      const shown = await inspect(page);
      const { layer: l, neuron: j } = shown.engine.target;
      const a = shown.engine.a[l][shown.engine.example * shown.engine.sizes[l + 1] + j];
      assert.ok(1 - a * a > 0 && 1 - a * a < 1e-14, `saturated: a = ${a}`);
      assert.deepEqual(checkConsistent(shown.formulas), []);
      checkNeuron(shown, `saturated neuron ${k}`);
      assert.match(shown.engine.text, /saturated/);
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("says why δ at the output carries 1/N·K, and links to the loss; phone-sized", async () => {
    const page = await lab.open("seed=6&regularization=l2&lambda=0.01", { width: 390, height: 844 });
    await page.keyboard.press("s");
    await page.click("#step-to-backward");
    const count = await page.locator(".node.neuron").count();
    await page
      .locator(".node.neuron")
      .nth(count - 1)
      .click();
    const why = page.locator("#inspector .scale-why");
    assert.match(await why.textContent(), /the loss is a mean over the batch's N examples and the K outputs/);
    await why.locator("a").click();
    await drawn(page);
    assert.equal(await page.evaluate(() => window.backpropLab.selected().kind), "loss");
    const text = await page.locator("#inspector").textContent();
    assert.match(text, /The batch's loss/);
    await page.locator("#inspector").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "phone-loss.png"), fullPage: false });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("rings the example whose numbers are shown, after › and ‹", async () => {
    const page = await lab.open("seed=6");
    await page.keyboard.press("s");
    await page.click("#step-to-backward");
    for (const button of ["#step-example-next", "#step-example-next", "#step-example-prev", "#step-example-next"]) {
      await page.click(button);
      await drawn(page);
      const state = await page.evaluate(() => {
        const c = window.backpropLab;
        return {
          ringed: c.ringedExample(),
          shown: c.lab.stepState().batch[c.stepExample],
          label: document.getElementById("step-example-label").textContent,
        };
      });
      assert.deepEqual(state.ringed, { split: "train", index: state.shown }, `after ${button}: ${state.label}`);
      assert.match(state.label, new RegExp(`training #${state.shown}\\)`));
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("keeps the edges' widths as their gradients' magnitudes while a ∂W phase highlights them", async () => {
    const page = await lab.open("seed=6&edges=gradient");
    await page.keyboard.press("s");
    // On to the middle layer's ∂W phase.
    for (;;) {
      await page.click("#step-next");
      const last = await page.evaluate(() => {
        const step = window.backpropLab.lab.stepState();
        return step.plan[step.done - 1];
      });
      if (last.kind === "backward_params" && last.layer === 1) break;
    }
    await page.waitForTimeout(700);
    await drawn(page);
    const all = await page.evaluate(() => window.backpropLab.edgeWidths());
    // The first layer's ∂L/∂W is not computed yet for this batch: drawn as
    // waiting, not with the last batch's stale gradients.
    const waiting = all.filter((e) => e.pending);
    assert.ok(waiting.length > 0 && waiting.every((e) => e.layer === 0 && e.value === null));
    const edges = all.filter((e) => !e.pending);
    assert.ok(edges.every((e) => e.layer >= 1));
    const highlighted = edges.filter((e) => e.highlighted);
    assert.ok(highlighted.length > 0 && highlighted.every((e) => e.layer === 1));
    const scale = Math.max(...edges.map((e) => Math.abs(e.value)));
    for (const e of edges) {
      const level = Math.round(Math.min(1, Math.abs(e.value) / scale) * 24);
      assert.ok(Math.abs(e.width - (0.6 + (5.4 * level) / 24)) < 1e-9, `edge ${e.index}: width ${e.width} for |∂L/∂w| ${Math.abs(e.value)}`);
    }
    // The highlighted layer's smallest gradient is drawn thinner than its largest.
    const sorted = highlighted.toSorted((a, b) => Math.abs(a.value) - Math.abs(b.value));
    assert.ok(sorted[0].width < sorted.at(-1).width);
    await page.screenshot({ path: join(SHOTS, "step-dw-edges.png") });
    // A click a few pixels off a thin edge still picks it.
    const point = await page.evaluate(() => window.backpropLab.edgePoint(0, 0, 0, 3));
    await page.mouse.click(point.x, point.y + 8);
    await drawn(page);
    assert.equal((await page.evaluate(() => window.backpropLab.selected()))?.kind, "weight");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("shows the update as w: before → after with the learning rate a schedule set, and the rate now beside the schedule", async () => {
    const page = await lab.open("seed=6&schedule.kind=step&schedule.step_size=1&schedule.gamma=0.5&optimizer.kind=momentum");
    await page.click("#step-epoch");
    await page.click("#step-epoch");
    await drawn(page);
    const rate = await page.evaluate(() => ({
      now: window.backpropLab.lab.learningRate,
      epoch: window.backpropLab.lab.epoch,
      text: document.getElementById("lr-now").textContent,
      hidden: document.getElementById("lr-now").hidden,
    }));
    assert.equal(rate.hidden, false);
    assert.ok(Math.abs(rate.now - 0.0075) < 1e-12, `0.03 halved twice: ${rate.now}`);
    assert.equal(rate.text, `now 0.0075 at epoch ${rate.epoch}`);
    // Step a whole batch, then inspect a weight.
    await page.keyboard.press("s");
    await page.click("#step-to-batch");
    const point = await page.evaluate(() => window.backpropLab.edgePoint(1, 0, 1, 6));
    await page.mouse.click(point.x, point.y);
    const shown = await inspect(page);
    assert.deepEqual(checkConsistent(shown.formulas), []);
    const move = box(shown.formulas, "update-move");
    const engine = await page.evaluate((i) => {
      const c = window.backpropLab;
      return { before: c.lab.stepState().before.params[i], after: c.lab.snapshot().params[i], lr: c.lab.stepState().learningRate };
    }, point.index);
    assert.deepEqual([move.roles["param-before"][0], move.roles["param-after"][0]], [engine.before, engine.after]);
    assert.ok(near(result(move), engine.after));
    assert.match(shown.engine.text, new RegExp(`η = ${engine.lr}: the learning rate this update used \\(the schedule sets it each epoch\\)`));
    assert.match(move.text, /^w:.*→/);
    // Hovering another edge: its card says where the weight moved.
    await page.mouse.move(point.x, point.y + 200);
    const other = await page.evaluate(() => window.backpropLab.edgePoint(0, 1, 0, 6));
    await page.mouse.move(other.x, other.y);
    await page.locator("#card").waitFor({ state: "visible" });
    assert.match(await page.locator("#card").textContent(), /w: last update.*\d → −?\d/);
    await page.screenshot({ path: join(SHOTS, "update-phase.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// What the user points at and inspects: the hover card over a neuron or an
// edge, and the inspector (with its hand editor) on a selected neuron,
// weight or bias, opened in the batch being stepped through. `page` is the
// controller (its `lab`, `steps`, `screen.layout`, `example`, `config`, `catalog`,
// `checksNow()`, `setParam()`, `pause()`, `messages`, `requestRender()`).

import { Card } from "./render/card.js";
import { Editor } from "./render/editor.js";
import { Inspector } from "./render/inspector.js";
import { isOff, switchNeuron } from "./silence.js";
import { inspectorView } from "./stepview.js";
import * as views from "./view.js";

const $ = (id) => document.getElementById(id);

export class Selection {
  constructor(page) {
    this.page = page;
    this.hovered = null;
    this.selected = null;
    this.card = new Card($("card"));
    this.inspector = new Inspector($("inspector"), {
      select: (target) => this.selectFromFormula(target),
      close: () => this.close(),
      checkAll: () => page.checkAll(),
      showLoss: () => this.showLoss(),
      switchOff: (target, off) => switchNeuron(page, target.layer, target.neuron, off),
    });
    this.editor = new Editor(
      $("inspector"),
      (index, value) => page.setParam(index, value),
      (weight) => this.select(this.targetFor(weight)),
    );
  }

  /** The neuron or weight to highlight: the selected one, else the hovered one. */
  get target() {
    return this.selected ?? this.hovered;
  }

  /** The hover card's numbers for a neuron (of the example shown) or a weight. */
  cardContent(target, snapshot) {
    const { example, screen } = this.page;
    const run = target.kind === "weight" ? null : this.page.exampleRun();
    return views.cardContent(target, snapshot, run, example, screen.layout);
  }

  hover(target, rect) {
    this.hovered = { target, layer: target.layer, neuron: target.neuron };
    this.card.show(this.cardContent(target, this.page.lab.snapshot()), rect);
  }

  leave() {
    this.hovered = null;
    this.card.hide();
  }

  /**
   * Opens the inspector on a neuron or weight. Its numbers are a batch's, so
   * outside step mode this steps into the next batch through its backward
   * pass (nothing is updated).
   */
  select(target) {
    const page = this.page;
    page.pause();
    this.card.hide();
    if (!page.steps.stepping || !page.lab.stepState()) {
      page.steps.setMode("step");
      try {
        page.lab.runTo("backward");
      } catch (error) {
        page.messages.show("error", error.message, [], "step");
      }
    }
    this.selected = { target, layer: target.layer, neuron: target.neuron };
    const snapshot = page.lab.snapshot();
    this.show(target, snapshot, page.lab.stepState(), views.stepModel(snapshot, page.config, page.catalog), true);
    this.key = null;
    page.requestRender();
    // A lesson's "click the neuron / weight that …" question takes this as its answer.
    page.lessons?.selected(target);
  }

  /** Every frame: the card's numbers, and the inspector's when they can have changed (so typing is not disturbed). */
  refresh(snapshot, step, model, checks) {
    if (this.hovered) this.card.refresh(this.cardContent(this.hovered.target, snapshot));
    if (!this.selected || !this.inspector.isOpen) return;
    const page = this.page;
    const key = [step?.done, step?.batch?.[0], page.steps.example, page.lab.batches, page.version, checks.key, checks.size].join("|");
    if (key !== this.key) {
      this.key = key;
      this.show(this.selected.target, snapshot, step, model);
    }
  }

  /** The inspector and its editor for `target`; a parameter's gradient check is run once per batch and phase. */
  show(target, snapshot, step, model, focus = false) {
    const page = this.page;
    const index = target.index ?? null;
    const checks = page.checksNow(step);
    let check = index === null ? null : checks.get(index);
    if (index !== null && !check && step) {
      check = page.lab.gradCheck(new Uint32Array([index]))[0];
      checks.set(index, check);
    }
    const view = inspectorView({ target, snapshot, step, model, layout: page.screen.layout, example: page.steps.example, check });
    // A hidden neuron can be switched off: the inspector shows whether it is.
    if (target.kind === "neuron" && target.layer < snapshot.sizes.length - 2) view.off = isOff(snapshot.off, target.layer, target.neuron);
    this.inspector.show(view, focus);
    this.editor.show(target, views.editorFields(target, model, page.screen.layout), snapshot.params);
  }

  /** A formula's factor was clicked: select the neuron or weight it came from. */
  selectFromFormula(target) {
    if (target.kind === "input") return;
    const sizes = this.page.lab.snapshot().sizes;
    const layers = sizes.length - 1;
    const into = target.layer === layers - 1 ? "the output" : `hidden layer ${target.layer + 1}`;
    const name =
      target.kind === "weight"
        ? `Weight into ${into}, neuron ${target.neuron + 1}, from input ${target.input + 1}`
        : views.neuronName(target.layer, target.neuron, layers, views.outputLabels(sizes.at(-1)));
    this.select({ ...target, name });
  }

  /** Opens the inspector on the loss of the batch stepped through (the loss phase's equation). */
  showLoss() {
    this.select({ kind: "loss", name: "The loss" });
  }

  /** The neuron or weight a link names (`parseSelect`'s `{ kind, layer, neuron, input }`), named as the diagram names it; null if this network has none such. */
  targetFor(spec) {
    const { sizes } = this.page.screen.layout;
    const { kind, layer: l, neuron: j, input: i } = spec;
    if (l >= sizes.length - 1 || j >= sizes[l + 1] || (kind === "weight" && i >= sizes[l])) return null;
    const network = this.page.screen.network;
    if (kind === "weight") return network.edgeTarget({ layer: l, neuron: j, input: i, index: this.page.screen.layout.weight(l, j, i) });
    return { kind, layer: l, neuron: j, name: network.model.names[l][j] };
  }

  /**
   * After a change of the network's shape (`before` → `after` sizes): what is
   * hovered or inspected stays only if it is surely the same neuron; a weight's
   * index moves with any change, so it goes.
   */
  reshaped(before, after) {
    const isOutput = (sizes, l) => l === sizes.length - 2;
    const same = (t) =>
      t.kind === "neuron" &&
      t.layer + 1 < after.length &&
      isOutput(before, t.layer) === isOutput(after, t.layer) &&
      before[t.layer + 1] === after[t.layer + 1];
    if (this.hovered && !same(this.hovered.target)) this.leave();
    if (this.selected && !same(this.selected.target)) this.close();
  }

  close() {
    this.selected = null;
    this.inspector.hide();
    this.page.requestRender();
  }

  /** Escape: closes the card and the inspector. */
  escape() {
    this.card.hide();
    if (this.inspector.isOpen) this.close();
  }
}

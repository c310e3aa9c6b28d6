// The inspector: everything about one weight, bias or neuron of the batch
// being stepped through. Its values, where its gradient comes from (the chain
// rule, render/rules.js), a finite-difference check beside the gradient, and
// the optimizer's update with its state (render/update.js). It takes plain
// data (`inspectorView` of stepview.js) and draws; the hand editor beside it is
// render/editor.js.

import { formatNumber, formatSignificant } from "./format.js";
import { fitLines, heading, note } from "./math.js";
import { lossRule } from "./loss.js";
import { biasRule, deltaRule, forwardRule, weightRule } from "./rules.js";
import { updateSection } from "./update.js";

function table(rows) {
  const table = document.createElement("table");
  for (const [label, value] of rows) {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = label;
    const td = tr.insertCell();
    td.textContent = typeof value === "number" ? formatNumber(value, 5) : value;
    if (typeof value === "number") td.dataset.value = String(value);
    tr.prepend(th);
  }
  return table;
}

export class Inspector {
  /** `on`: `{ select(target), close(), checkAll(), showLoss() }`. */
  constructor(el, on) {
    this.el = el;
    this.on = on;
    el.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        on.close();
      }
    });
  }

  get isOpen() {
    return !this.el.hidden;
  }

  hide() {
    this.el.hidden = true;
  }

  /**
   * Shows `view` (stepview.js' `inspectorView`): `{ target, model, values, done,
   * example, check, update }`; `values` is null outside a stepped batch.
   */
  show(view, focus = false) {
    const { target } = view;
    const parts = [];
    const header = document.createElement("div");
    header.className = "inspector-head";
    const title = document.createElement("h3");
    title.id = "inspector-title";
    title.textContent = target.name;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "round-button small";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close the inspector");
    close.addEventListener("click", () => this.on.close());
    header.append(title, close);
    parts.push(header);
    // A hidden neuron: switch it off (its output held at 0) or back on.
    if (typeof view.off === "boolean" && this.on.switchOff) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = "inspector-switch-off";
      button.setAttribute("aria-pressed", String(view.off));
      button.textContent = view.off ? "Switched off: switch it on" : "Switch this neuron off";
      button.title = "Holds its output at 0: see what the output, loss and accuracy lose without it (O on the neuron too)";
      button.addEventListener("click", () => {
        // Redrawn with the new state: the focus stays on the button.
        this.refocusSwitch = true;
        this.on.switchOff(target, !view.off);
      });
      parts.push(button);
      this.switchButton = button;
    }

    if (!view.values) {
      parts.push(note("Step into a batch to see where its numbers come from."));
    } else {
      parts.push(...this.sections(view));
    }
    this.el.replaceChildren(...parts);
    this.el.hidden = false;
    fitLines(this.el);
    if (focus) close.focus();
    else if (this.refocusSwitch && this.switchButton?.isConnected) this.switchButton.focus();
    this.refocusSwitch = false;
  }

  sections(view) {
    const { target, model, values, done } = view;
    const ctx = { values, model, select: this.on.select, showLoss: this.on.showLoss };
    const sections = [];
    const n = view.example;
    const exampleText = `batch example ${n + 1} of ${values.n} (training #${values.batch[n]})`;

    if (target.kind === "loss") {
      if (!done.loss) sections.push(note("The loss is computed in the loss phase, after the forward pass. Step on."));
      else sections.push(...lossRule(ctx, n, exampleText));
    } else if (target.kind === "weight" || target.kind === "bias") {
      const index = target.index;
      const l = target.layer;
      const symbol = target.kind === "weight" ? "w" : "b";
      sections.push(
        table([
          [`${symbol} (in this batch)`, values.params[index]],
          [`∂L/∂${symbol} (this batch)`, done.grad.has(l) ? values.grad(index) : "not yet computed"],
          ["Δ (this batch's update)", view.update ? view.update.delta : "after the update phase"],
        ]),
      );
      sections.push(heading(`Where ∂L/∂${symbol} comes from`));
      if (!done.grad.has(l)) {
        sections.push(note("It is computed in the backward pass, at this layer's ∂L/∂W phase. Step on."));
      } else {
        sections.push(...(target.kind === "weight" ? weightRule(ctx, target, n, exampleText) : biasRule(ctx, target)));
      }
      if (done.delta.has(l)) sections.push(...deltaRule(ctx, l, target.neuron, n, done, exampleText));
      sections.push(...this.gradientCheck(view.check, done.grad.has(l)));
      sections.push(...updateSection(model, view.update, target.kind === "weight"));
    } else {
      const { layer: l, neuron: j } = target;
      sections.push(heading(`For ${exampleText}`));
      const rows = [
        ["z", done.z.has(l) ? values.z(l, n, j) : "not yet computed"],
        ["a", done.a.has(l) ? values.a(l, n, j) : "not yet computed"],
        ["δ = ∂L/∂z", done.delta.has(l) ? values.delta(l, n, j) : "not yet computed"],
        ["bias b", values.b(l, j)],
      ];
      if (l === values.sizes.length - 2) rows.splice(2, 0, ["target y", values.target(n, j)]);
      sections.push(table(rows));
      if (done.z.has(l)) sections.push(...forwardRule(ctx, l, j, n, done));
      if (done.delta.has(l)) sections.push(...deltaRule(ctx, l, j, n, done, exampleText));
      else sections.push(note("δ is computed in the backward pass. Step on to see where it comes from."));
    }
    return sections;
  }

  /** The finite-difference check (`lab.gradCheck([i])[0]`) beside the gradient, once it is computed. */
  gradientCheck(check, computedYet) {
    const parts = [heading("Gradient check")];
    if (!check || !computedYet) {
      parts.push(note("Available once the gradient is computed."));
      return parts;
    }
    const verdict = check.agrees ? "✓ agrees" : "✗ disagrees";
    parts.push(
      table([
        ["backprop ∂L/∂θ", check.analytic],
        ["(L(θ+h) − L(θ−h)) / 2h", check.numeric],
        ["relative error", `${formatSignificant(check.relativeError, 2)}  ${verdict}`],
      ]),
    );
    const button = document.createElement("button");
    button.type = "button";
    button.className = "text-button";
    button.textContent = "Check every parameter";
    button.addEventListener("click", () => this.on.checkAll());
    parts.push(button);
    return parts;
  }
}

// The hand editor under the inspector: fields to type a weight, or a
// neuron's bias and weights, each weight with a button to its own chain rule
// (the keyboard's and the finger's way to every weight). It takes plain data
// (the fields from view.js' `editorFields` and the current parameters),
// reports each typed value through `set(index, value)`, which returns an
// error message or null, and a weight to inspect through `inspect(target)`.

export class Editor {
  /** `parent`: the inspector's element, which the editor is appended to. */
  constructor(parent, set, inspect) {
    this.parent = parent;
    this.set = set;
    this.inspect = inspect;
    this.box = null;
  }

  /**
   * Shows the editor for `target` (`{ kind, name }`) with `fields` (`[{
   * label, index }]`) at the values in `params`. For the same target the
   * fields are kept, and only those not being typed in are refreshed.
   */
  show(target, fields, params) {
    if (!fields.length) return;
    const shown = (index) => String(Number(params[index].toPrecision(6)));
    // The same target keeps its fields while they hold the same parameters
    // (a new input feature moves every index after it).
    const signature = `${target.name}|${fields.map((f) => f.index).join(",")}`;
    if (this.box && this.box.dataset.target === signature) {
      for (const input of this.box.querySelectorAll("input")) {
        if (document.activeElement !== input) input.value = shown(Number(input.dataset.index));
      }
      this.parent.append(this.box);
      return;
    }
    const box = document.createElement("details");
    box.dataset.target = signature;
    box.className = "editor";
    box.open = target.kind === "weight";
    const summary = document.createElement("summary");
    summary.textContent = target.kind === "weight" ? "Set this weight by hand" : "Its bias and weights: set them by hand, or see a weight's ∂L/∂w";
    box.append(summary);
    for (const field of fields) {
      const label = document.createElement("label");
      label.textContent = `${field.label} `;
      const input = document.createElement("input");
      input.type = "number";
      input.step = "any";
      input.className = "param-input";
      input.dataset.index = String(field.index);
      input.value = shown(field.index);
      input.addEventListener("change", () => {
        box.querySelector(".card-error")?.remove();
        const error = input.value.trim() === "" ? "Type a finite number, such as 0.5." : this.set(field.index, Number(input.value));
        if (error) {
          const p = document.createElement("p");
          p.className = "card-error";
          p.setAttribute("role", "alert");
          p.textContent = error;
          box.append(p);
        }
      });
      label.append(input);
      if (field.weight) {
        const open = document.createElement("button");
        open.type = "button";
        open.className = "text-button small chain-rule";
        open.textContent = "∂L/∂w ›";
        open.setAttribute("aria-label", `Where the gradient of the ${field.label} comes from`);
        open.addEventListener("click", () => this.inspect(field.weight));
        const row = document.createElement("div");
        row.className = "editor-row";
        row.append(label, open);
        box.append(row);
      } else {
        box.append(label);
      }
    }
    this.box = box;
    this.parent.append(box);
  }
}

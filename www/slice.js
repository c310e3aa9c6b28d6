// The slice of a table's inputs that the heatmaps and the output plot show:
// two selects for its axes (the inputs by name) and the other inputs' held
// values (number fields under a disclosure, their means by default), said
// in a sentence in the data panel and kept in the address (`slice=x,y`,
// `held=input:value,…` for values other than the means). The engine checks
// every slice (`lab.setSlice`): one it refuses is named and changes nothing.

import { changedHeld, heldText, isImage, sliceText } from "./tableview.js";
import { parseHeld, parseSlice, writeHeld } from "./url.js";

const $ = (id) => document.getElementById(id);

/** A slice as plain numbers: `{ x, y, held: number[] }`. */
const plain = (slice) => slice && { x: slice.x, y: slice.y, held: Array.from(slice.held) };

/** A held value as its field shows it: 5 significant digits, the engine keeping the exact value until it is edited. */
const shown = (v) => String(Number(v.toPrecision(5)));

export class SliceControls {
  constructor(page) {
    this.page = page;
    this.slice = null;
    this.defaults = null;
    $("slice-x").addEventListener("change", (e) => this.pickAxis("x", Number(e.target.value)));
    $("slice-y").addEventListener("change", (e) => this.pickAxis("y", Number(e.target.value)));
    $("held-means").addEventListener("click", () => this.set({ ...this.slice, held: this.defaults.held.slice() }));
  }

  /** Reads the lab's slice and its default (after a new lab or a new split) and shows them; none for generated data. */
  sync() {
    const { lab, table } = this.page;
    this.defaults = table ? plain(lab.defaultSlice()) : null;
    this.slice = table ? plain(lab.slice()) : null;
    this.build();
    this.write();
  }

  /** The address's slice and held values, after a new lab; a warning for each this table cannot take. */
  open(sliceKey, heldKey) {
    if (sliceKey === "" && heldKey === "") return [];
    if (!this.slice) return ["slice and held are a table's; the generated data shown has its own plane, so they were ignored"];
    const pairs = heldKey ? parseHeld(heldKey) : [];
    // An input past the table's last leaves no hole: the engine counts the values and says so.
    const count = Math.max(this.slice.held.length, ...pairs.map(([i]) => i + 1));
    const next = { ...this.slice, held: Array.from({ length: count }, (_, i) => this.slice.held[i] ?? Number.NaN) };
    Object.assign(next, sliceKey ? parseSlice(sliceKey) : {});
    for (const [i, v] of pairs) next.held[i] = v;
    try {
      this.page.lab.setSlice(next);
    } catch (error) {
      this.page.lab.setSlice(null);
      const keys = [
        ["slice", sliceKey],
        ["held", heldKey],
      ]
        .filter(([, v]) => v !== "")
        .map(([k, v]) => `${k}=${v}`);
      return [`${keys.join("&")} does not fit this table (${error.message}); the default slice is shown`];
    }
    this.slice = next;
    this.build();
    this.write();
    return [];
  }

  /** Asks the engine for `next`; a refusal is named and changes nothing. */
  set(next) {
    const page = this.page;
    const same = next.x === this.defaults.x && next.y === this.defaults.y && next.held.every((v, i) => v === this.defaults.held[i]);
    try {
      page.lab.setSlice(same ? null : next);
    } catch (error) {
      return this.refuse(error.message);
    }
    page.messages.remove("slice");
    this.slice = next;
    this.build();
    this.write();
    page.sliced();
    return true;
  }

  /** Says why a slice was not taken, and shows the one that stays. */
  refuse(message) {
    this.page.messages.show("error", `${message}. The slice shown is unchanged.`, [], "slice");
    this.build();
    return false;
  }

  /** A new axis; picking the other axis's input swaps the two. */
  pickAxis(axis, input) {
    const other = axis === "x" ? "y" : "x";
    const next = { ...this.slice, [axis]: input };
    if (input === this.slice[other]) next[other] = this.slice[axis];
    this.set(next);
  }

  /** The address's keys: the axes when not the default, each held value other than its mean. */
  write() {
    const view = this.page.view;
    const { slice, defaults } = this;
    const axes = slice && (slice.x !== defaults.x || slice.y !== defaults.y);
    view.slice = axes ? `${slice.x},${slice.y}` : "";
    const changed = slice ? slice.held.map((v, i) => [i, v]).filter(([i, v]) => v !== defaults.held[i]) : [];
    view.held = writeHeld(changed);
  }

  /** The controls and the sentence for the slice now. */
  build() {
    const { table } = this.page;
    const box = $("slice");
    box.hidden = !table || table.inputNames.length < 2;
    if (!table) return;
    const { slice, defaults } = this;
    $("table-slice").textContent = sliceText(table, slice, defaults);
    if (box.hidden) return;
    for (const axis of ["x", "y"]) {
      const select = $(`slice-${axis}`);
      if (select.options.length !== table.inputNames.length || select.dataset.names !== table.inputNames.join("\n")) {
        select.replaceChildren(...table.inputNames.map((name, i) => new Option(name, String(i))));
        select.dataset.names = table.inputNames.join("\n");
      }
      select.value = String(slice[axis]);
    }
    const others = table.inputNames.length - 2;
    $("held").hidden = others === 0;
    $("held-summary").textContent =
      isImage(table) && changedHeld(slice, defaults).length === 0 ? "the other pixels: at the mean image" : heldText(table, slice, defaults);
    $("held-means").disabled = slice.held.every((v, i) => v === defaults.held[i]);
    const fields = table.inputNames
      .map((name, i) => [name, i])
      .filter(([, i]) => i !== slice.x && i !== slice.y)
      .map(([name, i]) => {
        const label = document.createElement("label");
        const text = document.createElement("span");
        text.textContent = name;
        const input = document.createElement("input");
        input.type = "number";
        input.step = "any";
        input.dataset.input = String(i);
        input.value = shown(slice.held[i]);
        input.addEventListener("change", () => {
          if (input.value.trim() === "") return this.refuse(`${name}: the field is empty, type a number`);
          const held = this.slice.held.slice();
          held[i] = Number(input.value);
          this.set({ ...this.slice, held });
        });
        label.append(text, input);
        return label;
      });
    // A field just edited is made again: the focus stays on it.
    const focused = $("held-fields").contains(document.activeElement) ? document.activeElement.dataset.input : null;
    $("held-fields").replaceChildren(...fields);
    if (focused !== null) $("held-fields").querySelector(`[data-input="${focused}"]`)?.focus();
  }
}

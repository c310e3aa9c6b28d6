// Tables on the page, in dialogs: the preview of an imported CSV file (its
// first rows, each column's name, kind, distinct values and the problem
// that stops it being an input), where the inputs, the target, classes or
// values and standardization are chosen; and a small spreadsheet-like
// editor for typing a table (rows and columns added and deleted, names,
// roles, tab-separated text pasted from a spreadsheet), handed on as CSV.
// Plain data in; `use(…)` throws (or rejects with) the engine's message, shown here.

export function element(tag, attributes = {}, text = "") {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  if (text) el.textContent = text;
  return el;
}

/** A select of `options` (`[value, label]`) set to `value`. */
function choose(options, value, attributes) {
  const select = element("select", attributes);
  for (const [v, label] of options) select.append(element("option", { value: v }, label));
  select.value = value;
  return select;
}

const KINDS = [
  ["auto", "text → classes, numbers → values"],
  ["classes", "classes"],
  ["values", "values"],
];

/** Runs `use()`, showing its error in `box`; true when it went through. */
function attempt(box, use) {
  try {
    use();
    box.textContent = "";
    return true;
  } catch (error) {
    box.textContent = error.message;
    return false;
  }
}

/** `attempt` for a `use()` that may be async: resolves when it has gone through (true) or failed. */
async function attemptAsync(box, use) {
  try {
    await use();
    box.textContent = "";
    return true;
  } catch (error) {
    box.textContent = error.message;
    return false;
  }
}

export class CsvPreview {
  /** `dialog` the <dialog> to fill; `use(choice)` trains on the chosen columns or throws (it may be async: "Train on it" waits, disabled). */
  constructor(dialog, { use }) {
    this.dialog = dialog;
    this.use = use;
  }

  /** `preview` as `Lab.previewCsv` gives it, `choice` `{ inputs, target, kind, standardize }` to start from. */
  open(preview, choice, name) {
    const inputs = new Set(choice.inputs);
    let target = choice.target;
    const d = this.dialog;
    d.replaceChildren();
    const delimiter = { ",": "commas", ";": "semicolons", "\t": "tabs" }[preview.delimiter] ?? `“${preview.delimiter}”`;
    d.append(element("h2", {}, `${name}: ${preview.rows} rows, ${preview.columns.length} columns`));
    d.append(
      element(
        "p",
        { class: "hint" },
        `Separated by ${delimiter}; ${preview.header ? "the first line names the columns" : "no header: columns numbered"}. Tick the inputs and pick the target.`,
      ),
    );
    const wrap = element("div", { class: "table-scroll" });
    const table = element("table", { class: "csv-table" });
    const head = element("thead");
    const rows = [
      ["", "column"],
      ["inputs", "input"],
      ["target", "target"],
      ["kind", "kind"],
      ["problem", "problem"],
    ].map(([cls, label]) => {
      const tr = element("tr", { class: `row-${cls || "name"}` });
      tr.append(element("th", { scope: "row" }, label));
      head.append(tr);
      return tr;
    });
    preview.columns.forEach((column, c) => {
      rows[0].append(element("th", { scope: "col" }, column.name));
      const box = element("input", { type: "checkbox", "aria-label": `${column.name} is an input` });
      box.checked = inputs.has(c);
      box.addEventListener("change", () => (box.checked ? inputs.add(c) : inputs.delete(c)));
      rows[1].append(wrapCell(box));
      const radio = element("input", { type: "radio", name: "csv-target", "aria-label": `${column.name} is the target` });
      radio.checked = c === target;
      radio.addEventListener("change", () => (target = c));
      rows[2].append(wrapCell(radio));
      const distinct = column.distinct > 100 ? "over 100" : String(column.distinct);
      rows[3].append(element("td", {}, `${column.numeric ? "numbers" : "text"}, ${distinct} distinct`));
      rows[4].append(element("td", { class: column.problem ? "problem" : "" }, column.problem ?? "–"));
    });
    const body = element("tbody");
    for (const cells of preview.firstRows) {
      const tr = element("tr");
      tr.append(element("th", { scope: "row" }, ""));
      for (const cell of cells) tr.append(element("td", {}, cell));
      body.append(tr);
    }
    table.append(head, body);
    wrap.append(table);
    d.append(wrap);
    const kind = choose(KINDS, choice.kind, { id: "csv-kind" });
    const standardize = element("input", { type: "checkbox", id: "csv-standardize" });
    standardize.checked = choice.standardize;
    const options = element("div", { class: "table-options" });
    const kindLabel = element("label", {}, "The target is ");
    kindLabel.append(kind);
    const stdLabel = element("label", { class: "check" });
    stdLabel.append(standardize, " standardize the inputs (mean 0, spread 1)");
    options.append(kindLabel, stdLabel);
    d.append(options);
    const error = element("p", { class: "table-error", role: "alert", id: "csv-error" });
    d.append(error);
    const go = element("button", { type: "button", class: "text-button primary", id: "csv-use" }, "Train on it");
    const cancel = element("button", { type: "button", class: "text-button" }, "Cancel");
    const order = () => [...inputs].sort((a, b) => a - b);
    go.addEventListener("click", async () => {
      const chosen = { inputs: order(), target, kind: kind.value, standardize: standardize.checked };
      go.disabled = true;
      go.textContent = "Reading the columns…";
      const done = await attemptAsync(error, () => this.use(chosen));
      go.disabled = false;
      go.textContent = "Train on it";
      if (done) d.close();
    });
    cancel.addEventListener("click", () => d.close());
    const buttons = element("div", { class: "table-buttons" });
    buttons.append(go, cancel);
    d.append(buttons);
    if (!d.open) d.showModal();
  }
}

function wrapCell(control) {
  const td = element("td");
  td.append(control);
  return td;
}

/** The article's table, where the editor opens. */
const ARTICLE = {
  names: ["input_1", "input_2", "input_3", "output"],
  roles: ["input", "input", "input", "target"],
  cells: [
    ["0.85", "0.65", "0.12", "0.95"],
    ["0.42", "0.77", "0.33", "0.55"],
    ["0.91", "0.28", "0.46", "0.61"],
  ],
};

/** A cell as CSV: quoted when it holds a comma, a quote or a line break. */
export function csvCell(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Names and rows of cells as CSV text. */
export function toCsv(names, cells) {
  return [names, ...cells].map((row) => row.map(csvCell).join(",")).join("\n");
}

/** Tab-separated text (as a spreadsheet copies it) as rows of cells. */
export function parsePaste(text) {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.split("\t"));
}

export class TableEditor {
  /** `dialog` the <dialog> to fill; `use(csvText, choice)` trains on it or throws. */
  constructor(dialog, { use }) {
    this.dialog = dialog;
    this.use = use;
    this.state = structuredClone(ARTICLE);
    this.kind = "auto";
  }

  open() {
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** Pastes rows of cells with their top left at (row, column); the table grows to hold them. */
  paste(row, column, rows) {
    const s = this.state;
    const width = Math.max(s.names.length, column + Math.max(...rows.map((r) => r.length)));
    while (s.names.length < width) this.addColumn();
    while (s.cells.length < row + rows.length) s.cells.push(new Array(width).fill(""));
    rows.forEach((values, r) => {
      values.forEach((v, c) => {
        s.cells[row + r][column + c] = v.trim();
      });
    });
    this.render();
  }

  addColumn() {
    const s = this.state;
    s.names.push(`column_${s.names.length + 1}`);
    s.roles.push("input");
    for (const row of s.cells) row.push("");
  }

  render() {
    const s = this.state;
    const d = this.dialog;
    d.replaceChildren();
    d.append(element("h2", {}, "Type a table"));
    d.append(
      element(
        "p",
        { class: "hint" },
        "One example a row. Name the columns, mark the inputs and the target; paste cells from a spreadsheet (tab-separated) into any cell. “Train it” trains the article's network: the inputs → [10, 8] → the target.",
      ),
    );
    const wrap = element("div", { class: "table-scroll" });
    const table = element("table", { class: "csv-table editor-table" });
    const names = element("tr");
    const roles = element("tr");
    names.append(element("th", {}, "name"));
    roles.append(element("th", {}, "role"));
    s.names.forEach((name, c) => {
      const input = element("input", { type: "text", value: name, "aria-label": `Name of column ${c + 1}`, class: "cell name" });
      input.addEventListener("input", () => (s.names[c] = input.value));
      const remove = element("button", { type: "button", class: "round-button small", "aria-label": `Delete column ${name}` }, "×");
      remove.addEventListener("click", () => {
        s.names.splice(c, 1);
        s.roles.splice(c, 1);
        for (const row of s.cells) row.splice(c, 1);
        this.render();
      });
      const th = element("th");
      th.append(input, remove);
      names.append(th);
      const role = choose(
        [
          ["input", "input"],
          ["target", "target"],
          ["unused", "not used"],
        ],
        s.roles[c],
        { "aria-label": `Role of column ${name}` },
      );
      role.addEventListener("change", () => {
        // One target: choosing another makes the old one an input.
        if (role.value === "target") s.roles = s.roles.map((r) => (r === "target" ? "input" : r));
        s.roles[c] = role.value;
        this.render();
      });
      roles.append(wrapCell(role));
    });
    const head = element("thead");
    head.append(names, roles);
    const body = element("tbody");
    s.cells.forEach((cells, r) => {
      const tr = element("tr");
      const remove = element("button", { type: "button", class: "round-button small", "aria-label": `Delete row ${r + 1}` }, "×");
      remove.addEventListener("click", () => {
        s.cells.splice(r, 1);
        this.render();
      });
      const th = element("th", { scope: "row" }, `${r + 1} `);
      th.append(remove);
      tr.append(th);
      cells.forEach((value, c) => {
        const input = element("input", { type: "text", value, class: "cell", "aria-label": `Row ${r + 1}, ${s.names[c]}` });
        input.addEventListener("input", () => (s.cells[r][c] = input.value));
        input.addEventListener("paste", (e) => {
          const text = e.clipboardData?.getData("text/plain") ?? "";
          if (!/[\t\n]/.test(text)) return;
          e.preventDefault();
          this.paste(r, c, parsePaste(text));
        });
        tr.append(wrapCell(input));
      });
      body.append(tr);
    });
    table.append(head, body);
    wrap.append(table);
    d.append(wrap);
    const kind = choose(KINDS, this.kind, { id: "table-kind" });
    kind.addEventListener("change", () => (this.kind = kind.value));
    const kindLabel = element("label", {}, "The target is ");
    kindLabel.append(kind);
    const error = element("p", { class: "table-error", role: "alert", id: "table-error" });
    const buttons = element("div", { class: "table-buttons" });
    const add = (label, id, action) => {
      const b = element("button", { type: "button", class: "text-button", id }, label);
      b.addEventListener("click", action);
      buttons.append(b);
      return b;
    };
    add("+ row", "table-add-row", () => {
      s.cells.push(new Array(s.names.length).fill(""));
      this.render();
    });
    add("+ column", "table-add-column", () => {
      this.addColumn();
      this.render();
    });
    add("Train it", "table-train", () => {
      const inputs = s.roles.flatMap((r, c) => (r === "input" ? [c] : []));
      const choice = { inputs, target: s.roles.indexOf("target"), kind: this.kind, standardize: false };
      if (choice.target < 0) {
        error.textContent = "Mark one column as the target.";
        return;
      }
      if (attempt(error, () => this.use(toCsv(s.names, s.cells), choice))) d.close();
    }).classList.add("primary");
    add("Close", "table-close", () => d.close());
    d.append(kindLabel, error, buttons);
  }
}

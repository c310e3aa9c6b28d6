// The data panel's own data: the built-in real data sets (tables.js; fetched from the
// page's own files), a CSV file imported (file picker or drop) through a
// preview of its columns, a typed table, the table's note (what it is, its
// credit, its standardization, the slice the heatmaps show), exporting the
// data, and a model's table as a source (share.js loads models). Every table goes through
// the engine's CSV reader (`Lab.withCsv`; an imported file's in a worker,
// csv-read.js, with a status and a Cancel button while it is read), so its
// errors are the engine's; a refused file changes nothing. The controller
// starts the lab (`page.start(lab, source)`).

import { CsvReader } from "./csv-read.js";
import { download } from "./keys.js";
import { CsvPreview, TableEditor } from "./render/table.js";
import { articleConfig, BUILT_IN, defaultChoice, targetSettings } from "./tables.js";
import { scalesDiffer } from "./tableview.js";
import { parseColumns, writeColumns } from "./url.js";

/** The last imported file's text, kept for a reload of the page. */
const STORE_KEY = "backprop-lab-file";
/** The most text kept in sessionStorage (browsers allow about 5 MB a site). */
const STORE_LIMIT = 2_000_000;
/** The engine's own limit, checked before reading a file into memory. */
const MAX_BYTES = 64 << 20;
/** A table of at most this many bytes is read again on the page (in milliseconds); a larger one in a worker. */
const READ_HERE_BYTES = 1 << 20;
/** How long a file is read before its status shows (a small one's would only flash). */
const STATUS_DELAY_MS = 150;

/** `make`'s lab and source, the source's `columns` empty when `chosen` is the `initial` choice. */
function labAndSource(lab, source, chosen, initial) {
  const columns = JSON.stringify(chosen) === JSON.stringify(initial) ? "" : writeColumns(chosen);
  return { lab, source: { ...source, choice: chosen, columns } };
}

const $ = (id) => document.getElementById(id);

export class DataPanel {
  constructor(page) {
    this.page = page;
    /** The config before the first table, to go back to generated data with. */
    this.beforeTable = null;
    this.preview = new CsvPreview($("csv-preview"), { use: (choice) => this.useImport(choice) });
    /** The file being read for its preview: `{ reader, name }`. */
    this.reading = null;
    // A preview closed (cancelled, or used) lets its file's reader go.
    $("csv-preview").addEventListener("close", () => {
      this.pending?.reader.close();
      this.pending = null;
    });
    this.editor = new TableEditor($("table-editor"), { use: (text, choice) => this.useTyped(text, choice) });
    this.buildBuiltIns();
    page.controls.onSync = () => this.reflect();
    $("import-csv").addEventListener("change", (e) => {
      if (e.target.files[0]) this.importFile(e.target.files[0]);
      e.target.value = "";
    });
    // A file dropped anywhere on the page is imported.
    document.addEventListener("dragover", (e) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    });
    document.addEventListener("drop", (e) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      this.importFile(file);
    });
    $("type-table").addEventListener("click", () => this.editor.open());
    $("change-columns").addEventListener("click", () => {
      // The table shown, not a file whose preview was cancelled.
      this.pending?.reader.close();
      this.pending = null;
      this.preview.open(page.source.preview, page.source.choice, page.source.name);
    });
    $("standardize").addEventListener("change", (e) => this.restandardize(e.target.checked));
    $("export-data").addEventListener("click", () => download("backprop-lab-data.csv", page.lab.dataCsv(), "text/csv"));
  }

  buildBuiltIns() {
    const box = $("real-sets");
    this.buttons = Object.entries(BUILT_IN).map(([key, set]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "text-button real-set";
      button.dataset.table = key;
      button.textContent = set.label;
      button.title = set.credit;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => this.openBuiltIn(key));
      box.append(button);
      return button;
    });
  }

  /** A built-in set's bytes, from the page's own files. */
  async fetchBuiltIn(key) {
    const response = await fetch(`www/data/${BUILT_IN[key].file}`);
    if (!response.ok) throw new Error(`www/data/${BUILT_IN[key].file} could not be read (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Opens a built-in set with its own network and settings (the seed kept). */
  async openBuiltIn(key) {
    const set = BUILT_IN[key];
    try {
      const bytes = await this.fetchBuiltIn(key);
      const config = { ...this.page.catalog.defaults, seed: this.page.config.seed, ...structuredClone(set.config) };
      this.begin(this.make(bytes, { table: key, name: set.label, credit: set.credit }, config, null, set.choice));
    } catch (error) {
      this.page.messages.show("error", `${set.label} could not be opened: ${error.message}. Nothing changed.`, [], "data");
    }
  }

  /**
   * A lab on CSV `bytes` and its source. `choice` null takes the default
   * columns (with `defaults` over them), standardized when the inputs'
   * scales differ a lot; the source remembers whether the choice is the
   * default (the address then leaves it out). Throws the engine's error.
   */
  make(bytes, source, config, choice = null, defaults = {}, read = null) {
    const Lab = this.page.Lab;
    // A preview already read (`read`) is not read again: a large file takes most of a second each time.
    const preview = read ?? Lab.previewCsv(bytes);
    const initial = { ...defaultChoice(preview), ...defaults };
    let chosen = choice ?? initial;
    let lab = Lab.withCsv(config, bytes, chosen);
    if (choice === null && defaults.standardize === undefined && scalesDiffer(lab.table().ranges)) {
      initial.standardize = true;
      chosen = initial;
      lab.free();
      lab = Lab.withCsv(config, bytes, chosen);
    }
    return labAndSource(lab, { ...source, bytes, preview }, chosen, initial);
  }

  /**
   * `make` on a chosen column choice, the file read in a worker: `reader`
   * (a CsvReader that has read `bytes`), or a new one that reads them and
   * stops after (a small table is read on the page, at once). The same lab
   * as `Lab.withCsv` makes, bit for bit, the page answering meanwhile.
   * Rejects with the engine's error.
   */
  async makeRead(reader, bytes, source, config, choice, preview) {
    if (reader === null && bytes.length <= READ_HERE_BYTES) return this.make(bytes, source, config, choice, {}, preview);
    const own = reader === null;
    const from = reader ?? new CsvReader();
    try {
      if (own) await from.call("read", bytes);
      const data = await from.call("data", choice);
      const lab = this.page.Lab.withTableData(config, data);
      return labAndSource(lab, { ...source, bytes, preview }, choice, defaultChoice(preview));
    } finally {
      if (own) from.close();
    }
  }

  /** Starts a lab made by `make`, remembering the generated data's settings to go back to. */
  begin({ lab, source }) {
    if (this.page.source === null) this.beforeTable = this.page.config;
    this.page.messages.remove("data");
    this.page.start(lab, source);
  }

  /** The address's table, opened again (null, with a warning, when it cannot be). */
  async reopen(view, config, warnings) {
    try {
      let bytes;
      let source;
      if (view.table === "file") {
        const stored = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? "null");
        if (!stored) throw new Error("the imported file is no longer kept in this tab; import it again");
        bytes = new TextEncoder().encode(stored.text);
        source = { table: "file", name: stored.name, stored: true };
      } else {
        bytes = await this.fetchBuiltIn(view.table);
        const set = BUILT_IN[view.table];
        source = { table: view.table, name: set.label, credit: set.credit };
      }
      const defaults = BUILT_IN[view.table]?.choice ?? {};
      return this.make(bytes, source, config, view.columns ? parseColumns(view.columns) : null, defaults);
    } catch (error) {
      warnings.push(`table: “${view.table}” could not be opened (${error.message}); the generated data is shown`);
      return null;
    }
  }

  /**
   * Reads a file for the preview in a worker, a status with a Cancel button
   * shown meanwhile; an unreadable one is named with the engine's message
   * and changes nothing, a cancelled one is dropped.
   */
  async importFile(file) {
    // Refused before it is read, in the engine's own words for it.
    if (file.size > MAX_BYTES)
      return this.refuse(file.name, `file: more than ${MAX_BYTES >> 20} MB is not allowed; expected at most ${MAX_BYTES >> 20} MB`);
    // A file still being read gives way to this one.
    this.stopReading();
    const reader = new CsvReader();
    const reading = { reader, name: file.name };
    this.reading = reading;
    const stop = () => this.stopReading(reading);
    const size = `${(file.size / 2 ** 20).toFixed(1)} MB`;
    const status = () => this.page.messages.show("status", `Reading ${file.name} (${size})…`, [], "reading", { label: "Cancel", action: stop }, stop);
    reading.status = setTimeout(status, STATUS_DELAY_MS);
    let bytes;
    let preview;
    let choice;
    try {
      [bytes, preview] = await Promise.all([file.arrayBuffer().then((b) => new Uint8Array(b)), reader.call("read", file)]);
      choice = await this.previewChoice(reader, preview);
    } catch (error) {
      if (reader.closed) return false;
      this.stopReading(reading);
      return this.refuse(file.name, error.message);
    }
    if (this.reading !== reading) return false;
    this.stopShowing(reading);
    this.pending?.reader.close();
    this.pending = { bytes, name: file.name, preview, reader };
    this.preview.open(preview, choice, file.name);
    return true;
  }

  /** Stops reading a file for its preview (`reading`, or whichever is being read): nothing changes. */
  stopReading(reading = this.reading) {
    if (!reading) return;
    reading.reader.close();
    this.stopShowing(reading);
  }

  /** The file `reading` is read no more: its status goes. */
  stopShowing(reading) {
    clearTimeout(reading.status);
    if (this.reading === reading) {
      this.reading = null;
      this.page.messages.remove("reading");
    }
  }

  /** The preview's first choice: the default columns, standardized when their scales differ a lot (read from a trial lab in the reader). */
  async previewChoice(reader, preview) {
    const choice = defaultChoice(preview);
    const config = { ...this.page.config, ...targetSettings(preview.columns[choice.target], choice.kind) };
    // No trial lab (null): the preview names what stops it; training on it will say so.
    const ranges = await reader.call("ranges", config, choice);
    choice.standardize = ranges !== null && scalesDiffer(ranges);
    return choice;
  }

  refuse(name, message) {
    // The engine's message may end a sentence already ("is this a CSV file?").
    const ended = /[.?!]$/.test(message) ? message : `${message}.`;
    this.page.messages.show("error", `${name} was not loaded: ${ended} Nothing changed.`, [], "data");
    return false;
  }

  /**
   * Trains on the previewed file (or the table shown, with other columns),
   * its columns cut in the reader's worker; an error is named, stays in the
   * preview and changes nothing; a preview closed meanwhile changes nothing.
   */
  async useImport(choice) {
    const pending = this.pending;
    const source = pending ? { table: "file", name: pending.name } : { ...this.page.source };
    const bytes = pending?.bytes ?? this.page.source.bytes;
    const preview = pending?.preview ?? this.page.source.preview ?? this.page.Lab.previewCsv(bytes);
    const config = { ...this.page.config, ...targetSettings(preview.columns[choice.target], choice.kind) };
    let made;
    try {
      made = await this.makeRead(pending?.reader ?? null, bytes, source, config, choice, preview);
    } catch (error) {
      if (error.cancelled) return;
      this.refuse(source.name, error.message);
      throw error;
    }
    if (pending !== this.pending) {
      // Closed, or another file previewed, while the columns were cut.
      made.lab.free();
      return;
    }
    if (source.table === "file") made.source.stored = this.store(source.name, bytes);
    this.begin(made);
    pending?.reader.close();
    this.pending = null;
  }

  /** A typed table (CSV text), trained with the article's network; an error is named and changes nothing. */
  useTyped(text, choice) {
    const bytes = new TextEncoder().encode(text);
    let made;
    try {
      const preview = this.page.Lab.previewCsv(bytes);
      const config = { ...this.page.config, ...articleConfig(), ...targetSettings(preview.columns[choice.target], choice.kind) };
      made = this.make(bytes, { table: "file", name: "your table" }, config, choice);
    } catch (error) {
      this.refuse("Your table", error.message);
      throw error;
    }
    made.source.stored = this.store("your table", bytes);
    this.begin(made);
  }

  /** Keeps a file's text in this tab's sessionStorage when it fits; says whether it did. */
  store(name, bytes) {
    // Each UTF-16 unit of the text takes at most 3 bytes: more bytes than that cannot fit (and are not decoded).
    if (bytes.length > 3 * STORE_LIMIT) return false;
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      if (text.length > STORE_LIMIT) return false;
      sessionStorage.setItem(STORE_KEY, JSON.stringify({ name, text }));
      return true;
    } catch {
      return false;
    }
  }

  /** The same table with its inputs standardized or as in the file (training starts afresh), a large one read again in a worker (the box waits meanwhile). */
  async restandardize(on) {
    const source = this.page.source;
    const box = $("standardize");
    box.disabled = true;
    try {
      const made = await this.makeRead(null, source.bytes, source, this.page.config, { ...source.choice, standardize: on }, source.preview);
      // Another table opened meanwhile: this one is not wanted any more.
      if (this.page.source === source) this.begin(made);
      else made.lab.free();
    } catch (error) {
      this.refuse(source.name, error.message);
    } finally {
      box.disabled = false;
      this.reflect();
    }
  }

  /** A model's table as a source: its rows kept as a file, so a reload reopens them. */
  modelSource(lab, name, table) {
    const bytes = new TextEncoder().encode(lab.dataCsv());
    const k = table.inputNames.length;
    const standardize = table.scales.some((s) => s !== 1) || table.means.some((m) => m !== 0);
    const choice = { inputs: [...Array(k).keys()], target: k, kind: table.classNames.length ? "classes" : "values", standardize };
    const stored = this.store(name, bytes);
    return { table: "file", name, bytes, stored, preview: this.page.Lab.previewCsv(bytes), choice, columns: writeColumns(choice) };
  }

  /** Shows what a table or drawn points change in the data panel: the set chosen, its note, the generated sets' controls. */
  reflect() {
    const { table, source } = this.page;
    const on = table !== null && source !== null;
    // Drawn points (draw.js) are of the problem shown, but of no generated set.
    const drawn = this.page.draw?.drawing != null;
    for (const b of this.buttons) b.setAttribute("aria-pressed", String(on && b.dataset.table === source.table));
    $("table-note").hidden = !on;
    document.body.classList.toggle("on-table", on);
    document.body.classList.toggle("on-drawn", drawn);
    if (on || drawn) for (const b of document.querySelectorAll("#datasets .dataset")) b.setAttribute("aria-checked", "false");
    if (on) {
      for (const b of document.querySelectorAll("#problem button")) b.setAttribute("aria-checked", "false");
      this.note(table, source);
    }
    this.page.draw?.render();
  }

  note(table, source) {
    const classes = table.classNames.length;
    const target = classes ? `${table.targetName} (${classes} classes)` : `${table.targetName} (a value)`;
    $("table-what").textContent = `${source.name}: ${table.rows} rows, ${table.inputNames.length} inputs → ${target}.`;
    $("table-credit").textContent = source.credit ? `Data: ${source.credit}.` : "";
    $("standardize").checked = source.choice.standardize;
    $("standardize-text").textContent = source.choice.standardize
      ? "inputs standardized: mean 0, spread 1"
      : "inputs as in the file (tick to standardize: mean 0, spread 1)";
    $("table-kept").textContent =
      source.table !== "file"
        ? ""
        : source.stored
          ? "Kept in this tab: reloading the page keeps your data."
          : "Too large to keep in this tab: a reload will not bring it back.";
    $("change-columns").hidden = !source.preview;
  }
}

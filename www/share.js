// Trained networks that outlive the page: a link that carries the weights
// (packed by link.js), the run a tab keeps across a reload when it came from
// a model (a loaded file or an opened link), saving and loading a model
// file, and the network as a Python script. The controller reads a model
// from the address (`readModel`, `openModel`) and says where a run came from
// when it starts one (`keepModel`); the rest is the buttons'.

import { download } from "./keys.js";
import { LINK_LIMIT, pack, unpack, withModel } from "./link.js";

/** The run this tab keeps for a reload (the engine's state JSON), and where it came from. */
const KEPT_KEY = "backprop-lab-run";
const KEPT_FROM_KEY = "backprop-lab-run-from";

const $ = (id) => document.getElementById(id);

export function bindShare(page) {
  $("copy-link").addEventListener("click", () => copyLink(page));
  $("save-model").addEventListener("click", () => saveModel(page));
  $("load-model").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) file.text().then((text) => loadModel(page, text, file.name));
    e.target.value = "";
  });
  $("export-numpy").addEventListener("click", () => exportPython(page, "numpy"));
  $("export-pytorch").addEventListener("click", () => exportPython(page, "pytorch"));
  // Reloading (or leaving) keeps a model's run as it stands now, trained further or not.
  window.addEventListener("pagehide", () => {
    if (page.modelOrigin) keepModel(page);
  });
}

export function saveModel(page) {
  download("backprop-lab-model.json", page.lab.modelJson());
}

/** The network as a Python script that rebuilds it with its weights (`kind` "numpy" or "pytorch"). */
function exportPython(page, kind) {
  download(`backprop-lab-${kind}.py`, page.lab.pythonScript(kind), "text/x-python");
}

/** Starts from a model file; a damaged or foreign file is named and changes nothing. */
export function loadModel(page, text, name) {
  let lab;
  try {
    lab = page.Lab.fromModel(text);
  } catch (error) {
    return page.data.refuse(name, error.message);
  }
  const table = lab.table();
  if (page.source === null && table) page.data.beforeTable = page.config;
  page.messages.remove("data");
  page.start(lab, table ? page.data.modelSource(lab, name, table) : null, { from: name, table: name });
  return true;
}

/**
 * The model the address's `model` key names: this tab's kept run
 * (`kept`) or a link's packed state. Resolves to `{ text, from, table }`
 * (`table` the name an imported table goes by), or to null with a warning.
 */
export async function readModel(model, warnings) {
  if (model === "kept") {
    const text = stored(KEPT_KEY);
    if (text === null) {
      warnings.push(
        "model: the trained network of this address was kept in the tab it came from, not in this one; its settings are opened untrained (“Copy link with trained weights” makes a link that carries the weights)",
      );
      return null;
    }
    let origin = {};
    try {
      origin = JSON.parse(stored(KEPT_FROM_KEY));
    } catch {
      // Only the note's wording depends on it.
    }
    return { text, from: "this tab", table: "the kept table", ...origin };
  }
  try {
    return { text: await unpack(model), from: "a shared link", table: "the shared table" };
  } catch (error) {
    warnings.push(`model: the link's trained weights could not be read: ${error.message}; its settings are opened untrained`);
    return null;
  }
}

/**
 * Puts a model's state on `lab` (the address's config and data); resolves
 * to the table's source and where the run came from, or to null with a
 * warning (the lab then stays as the address made it).
 */
export function openModel(page, lab, source, model, warnings) {
  try {
    lab.restoreState(model.text);
  } catch (error) {
    warnings.push(`model: ${error.message}; its settings are opened untrained`);
    return null;
  }
  const table = lab.table();
  // An imported table's rows came with the model: kept like a file, so a reload reopens them.
  if (table && source === null) source = page.data.modelSource(lab, model.table ?? "the shared table", table);
  return { source, origin: { from: model.from, table: model.table } };
}

/** Keeps the run in this tab when it came from a model (else forgets any), and says so under the buttons. */
export function keepModel(page) {
  const note = $("model-note");
  if (!page.modelOrigin) {
    forget();
    note.hidden = true;
    return;
  }
  let kept = true;
  try {
    sessionStorage.setItem(KEPT_KEY, page.lab.stateJson(page.source?.table === "file", true));
    sessionStorage.setItem(KEPT_FROM_KEY, JSON.stringify(page.modelOrigin));
  } catch {
    // Over the tab's storage (or none allowed): better no kept run than an older one.
    forget();
    kept = false;
  }
  note.hidden = false;
  note.textContent = kept
    ? `Trained network from ${page.modelOrigin.from}: this tab keeps it, so a reload goes on from where it stands.`
    : `Trained network from ${page.modelOrigin.from}: too large to keep in this tab, so a reload opens its settings untrained; “Save model” keeps it.`;
}

/** The run this tab keeps (its state as the address's `model=kept` opens it: with the rows of an imported file), or null. */
export function keptRun() {
  return stored(KEPT_KEY);
}

/** This tab's stored text under `key`, or null (also where storage is not allowed). */
function stored(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Forgets the kept run. */
function forget() {
  try {
    sessionStorage.removeItem(KEPT_KEY);
    sessionStorage.removeItem(KEPT_FROM_KEY);
  } catch {
    // Nothing could have been kept.
  }
}

/** Copies `text` to the clipboard; false if the browser would not. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Over plain http the clipboard API is missing; the older command still works there.
    const box = Object.assign(document.createElement("textarea"), { value: text, readOnly: true });
    document.body.append(box);
    box.select();
    const copied = document.execCommand("copy");
    box.remove();
    return copied;
  }
}

/**
 * Copies a link that opens this trained network (settings, weights,
 * optimizer state, counters, and the loss chart's history while it fits): a
 * built-in set by name, an imported table's rows inside. Over LINK_LIMIT
 * characters it says so and offers the file.
 */
export async function copyLink(page) {
  page.writeUrl();
  const rows = page.source?.table === "file";
  const link = async (history) => {
    const code = await pack(page.lab.stateJson(rows, history));
    return `${location.origin}${location.pathname}${location.search}#${withModel(page.writtenHash, code, rows)}`;
  };
  let url;
  let history = true;
  try {
    url = await link(true);
    if (url.length > LINK_LIMIT) [url, history] = [await link(false), false];
  } catch (error) {
    page.messages.show("error", `The link could not be made: ${error.message}. “Save model” keeps the network as a file.`, [], "link");
    return;
  }
  const offer = { label: "Save model", action: () => saveModel(page) };
  const length = url.length.toLocaleString("en");
  if (url.length > LINK_LIMIT) {
    const text = `This trained network needs a link of ${length} characters, more than the ${LINK_LIMIT.toLocaleString("en")} that chat apps and mail carry safely.`;
    page.messages.show("warning", text, ["“Save model” downloads it as a file to send instead; “Load model…” opens it."], "link", offer);
    return;
  }
  if (!(await copyText(url))) {
    page.messages.show("warning", "The browser did not let the page copy the link; “Save model” keeps the network as a file.", [], "link", offer);
    return;
  }
  const at = `epoch ${page.lab.epoch}, batch ${page.lab.batches}`;
  const chart = history ? "" : " (its loss chart starts there: the history did not fit)";
  const text = `Link with the trained weights copied (${length} characters): it opens this network at ${at}${chart}, and training goes on from there exactly as here.`;
  page.messages.show("status", text, [], "link");
}

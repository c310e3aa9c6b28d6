// The page's address: opening the page from it (the settings a link gives,
// defaults elsewhere, then its table, drawing, model, switched-off neurons,
// slice, moment and lesson), writing it back after every change, and
// following an address the user edits. `page` is the controller, the only
// caller; url.js reads and writes the address's parts.

import { presetUnlessGiven } from "./tables.js";
import { showView } from "./keys.js";
import { openMoment } from "./moment.js";
import { openOff, writeOff } from "./silence.js";
import { keepModel, openModel, readModel } from "./share.js";
import { MOMENT_DEFAULTS, MOMENT_KEYS, readHash, readView, writeHash, writeSelect, writeView } from "./url.js";

const VIEW_DEFAULTS = {
  edges: "weight",
  show_test: "false",
  discretize: "false",
  log_scale: "false",
  speed: "1",
  table: "",
  columns: "",
  points: "",
  slice: "",
  held: "",
  lesson: "",
  lesson_url: "",
  step: "",
  present: "",
  embed: "",
  hide: "",
  off: "",
  model: "",
};

/** Starts from the address: its settings where usable, defaults elsewhere (a table's rows fetched or read back first). */
export async function openAddress(page, hash) {
  const warnings = [];
  let config = { ...page.catalog.defaults, seed: page.Lab.randomSeed() };
  let read = { view: { ...VIEW_DEFAULTS, ...MOMENT_DEFAULTS } };
  if (hash !== "") {
    const parsed = page.Lab.parseQuery(hash);
    read = readView(parsed.unknown, { ...VIEW_DEFAULTS, ...MOMENT_DEFAULTS });
    config = presetUnlessGiven(parsed.config, read.view.table, [...new URLSearchParams(hash).keys()]);
    warnings.push(...parsed.warnings, ...read.warnings);
  }
  // The moment (step mode's batch, phase, example, selection) lives in the engine and the selection, not in `view`.
  const { mode, batch, phase, example, select, slice, held } = read.view;
  page.view = Object.fromEntries(Object.entries(read.view).filter(([key]) => !MOMENT_KEYS.includes(key)));
  page.messages.clear();
  page.example = { split: "train", index: 0 };
  // A trained network (a link's, or the run this tab kept) goes on the address's config and data.
  const model = page.view.model ? await readModel(page.view.model, warnings) : null;
  // An imported file's rows come inside its model.
  const reopen = page.view.table && !(model && page.view.table === "file");
  const opened = reopen ? await page.data.reopen(page.view, config, warnings) : null;
  const drawn = !opened && page.view.points ? page.draw.reopen(config, warnings) : null;
  const lab = opened?.lab ?? drawn?.lab ?? new page.Lab(config);
  const restored = model && openModel(page, lab, opened?.source ?? null, model, warnings);
  page.start(lab, restored ? restored.source : (opened?.source ?? null), restored?.origin ?? null, drawn?.reopened);
  warnings.push(...openOff(lab, read.view.off));
  warnings.push(...page.sliceControls.open(slice, held));
  page.sliced();
  warnings.push(...openMoment(page, { mode, batch, phase, example, select }));
  if (warnings.length) page.messages.show("warning", "Some settings in this link could not be used:", warnings, "url");
  showView(page.view);
  page.presenter.apply(page.view);
  page.screen.chart.log = page.view.log_scale === "true";
  // A lesson in the address builds its step's scene on top (a bad one is named, and the page stays as loaded).
  if (page.view.lesson || page.view.lesson_url) await page.lessons.openFromView(page.view);
  else if (page.lessons.isOpen) page.lessons.close();
  if (!page.lessons.isOpen && (page.view.lesson || page.view.lesson_url || page.view.step)) {
    Object.assign(page.view, { lesson: "", lesson_url: "", step: "" });
    page.writeUrl();
  }
}

/** Writes the address of the run and the moment shown (the controller's `writeUrl`); the classroom hears of it. */
export function writeAddress(page) {
  const moment = { ...page.steps.moment(), select: writeSelect(page.selection.selected?.target) };
  page.view.off = writeOff(page.lab.offNeurons());
  page.writtenHash = `${page.lab.query()}&${writeView({ ...page.view, ...moment })}`;
  writeHash(page.writtenHash);
  page.classroom.changed();
}

/** Opens an address the user (or the browser's history) changed; the page's own writes are ignored. */
export function followAddress(page) {
  window.addEventListener("hashchange", () => {
    if (readHash() === page.writtenHash) return;
    // An edited address with `model=kept` goes on from the run as it stands now.
    if (page.modelOrigin) keepModel(page);
    page.load(readHash());
  });
}

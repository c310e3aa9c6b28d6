// Controls a link can hide (`hide=noise,optimizer`): a teacher shows only
// what a lesson needs. Hiding is a stylesheet rule, never a change of value,
// so a hidden control keeps the setting the link gives it. The names are
// pure data (url.js validates `hide=` with them); the DOM is touched only by
// `applyHidden`.

/** Each hideable control: its name in the link, its label in the chooser, where it is, and the CSS that finds it. */
export const HIDEABLE = [
  { name: "reset", label: "Reset", area: "Top bar", css: "#reset" },
  { name: "step-epoch", label: "Step one epoch", area: "Top bar", css: "#step-epoch" },
  { name: "mode", label: "Train / Step through", area: "Top bar", css: ".mode-switch" },
  { name: "counters", label: "Epoch and batch counters", area: "Top bar", css: ".counters" },
  { name: "speed", label: "Speed", area: "Top bar", css: ".speed" },
  { name: "learning-rate", label: "Learning rate", area: "Hyperparameters", css: ".hyper > label:has(#learning-rate)" },
  { name: "optimizer", label: "Optimizer", area: "Hyperparameters", css: ".hyper > label:has(#optimizer), #optimizer-details" },
  { name: "schedule", label: "Schedule", area: "Hyperparameters", css: ".hyper > label:has(#schedule), #schedule-details" },
  { name: "batch-size", label: "Batch size", area: "Hyperparameters", css: ".hyper > label:has(#batch-size)" },
  { name: "loss", label: "Loss", area: "Hyperparameters", css: ".hyper > label:has(#loss)" },
  {
    name: "regularization",
    label: "Regularization and λ",
    area: "Hyperparameters",
    css: ".hyper > label:has(#regularization), .hyper > label:has(#lambda)",
  },
  { name: "init", label: "Initialisation", area: "Hyperparameters", css: ".hyper > label:has(#init), #init-details" },
  { name: "seed", label: "Seed", area: "Hyperparameters", css: ".hyper > label:has(#seed)" },
  { name: "shuffle", label: "Reshuffle", area: "Hyperparameters", css: ".hyper > label:has(#shuffle)" },
  { name: "problem", label: "Problem type", area: "Data", css: "#problem" },
  { name: "datasets", label: "Data sets", area: "Data", css: "#datasets" },
  { name: "noise", label: "Noise", area: "Data", css: ".slider:has(#noise)" },
  { name: "train-fraction", label: "Training data", area: "Data", css: ".slider:has(#train-fraction)" },
  { name: "samples", label: "Points", area: "Data", css: ".slider:has(#samples)" },
  { name: "classes", label: "Classes", area: "Data", css: "#classes-control" },
  { name: "real-data", label: "Real data and your own", area: "Data", css: ".real-data" },
  { name: "seeds", label: "Regenerate, new weights, weight seed", area: "Data", css: ".seed-buttons, .seed-field" },
  { name: "files", label: "Setup and model files, sharing", area: "Data", css: ".setup-files, .data-panel > .hint" },
  { name: "layers", label: "Layers and neurons (+ / −, activations)", area: "Network", css: ".layer-count, .layer-head" },
  { name: "edges", label: "Edges show", area: "Network", css: ".edge-mode" },
  { name: "example", label: "Example shown on hover", area: "Network", css: ".example-picker" },
  { name: "metrics", label: "Loss and accuracy", area: "Output", css: ".output-panel .metrics" },
  { name: "chart", label: "Loss chart", area: "Output", css: ".chart-wrap" },
  { name: "race", label: "Race (compare runs)", area: "Output", css: "#race-toggle" },
  { name: "timing", label: "Timing (training time against data size)", area: "Output", css: "#traintime-toggle" },
  { name: "timeline", label: "Timeline", area: "Output", css: ".output-panel .timeline" },
  { name: "output-options", label: "Show test data, discretize", area: "Output", css: ".output-options" },
];

const NAMES = new Set(HIDEABLE.map((control) => control.name));

/** `hide=`'s text as a list of control names (no repeats), or null if a name is unknown or the list is empty. */
export function parseHide(text) {
  const names = text.split(",");
  if (text === "" || names.some((name) => !NAMES.has(name))) return null;
  return [...new Set(names)];
}

/** Names as `hide=`'s text, in HIDEABLE's order ("" for none). */
export function writeHide(names) {
  const chosen = new Set(names);
  return HIDEABLE.filter((control) => chosen.has(control.name))
    .map((control) => control.name)
    .join(",");
}

/** The stylesheet that hides `names`: whole areas too once every control in them is hidden. */
export function hidingCss(names) {
  const chosen = new Set(names);
  const hidden = HIDEABLE.filter((control) => chosen.has(control.name));
  const all = (area) => HIDEABLE.filter((control) => control.area === area).every((control) => chosen.has(control.name));
  const selectors = hidden.map((control) => control.css);
  if (all("Hyperparameters")) selectors.push(".hyper");
  if (all("Data")) selectors.push(".data-panel");
  return selectors.length ? `${selectors.join(",\n")} { display: none !important; }\n` : "";
}

/** Hides `names` on the page (and shows every other control): one stylesheet, rewritten. */
export function applyHidden(names) {
  let sheet = document.getElementById("hidden-controls");
  if (!sheet) {
    sheet = document.createElement("style");
    sheet.id = "hidden-controls";
    document.head.append(sheet);
  }
  sheet.textContent = hidingCss(names);
  document.body.classList.toggle(
    "no-data-panel",
    HIDEABLE.every((c) => c.area !== "Data" || names.includes(c.name)),
  );
}

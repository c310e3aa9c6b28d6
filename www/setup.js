// The setup as a file and the data sets' thumbnails: saving and loading
// every setting (a bad file changes nothing), and the engine's own points
// of a data set for its button.

import { previewConfig } from "./config-rules.js";

/** The setup (every setting, seed included) as the JSON text "Save setup" downloads. */
export function setupJson(page) {
  return JSON.stringify(JSON.parse(page.lab.configJson()), null, 2);
}

/** Starts from a saved setup; a bad file is reported and changes nothing. */
export function loadSetup(page, text, name) {
  let lab;
  try {
    lab = page.Lab.fromJson(text);
  } catch (error) {
    page.messages.show("error", `${name} was not loaded: ${error.message}. Nothing changed.`, [], "setup");
    return;
  }
  page.messages.remove("setup");
  page.start(lab);
}

/** The engine's points for a data set, for its thumbnail. */
export function previewPoints(page, dataset) {
  const lab = new page.Lab(previewConfig(dataset, page.catalog.datasets.find((d) => d.name === dataset).dims));
  const points = lab.points();
  lab.free();
  return points;
}

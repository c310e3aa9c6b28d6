// A module worker that reads a CSV file with the page's own engine (the same
// www/pkg, instantiated here), so a large file is parsed, previewed and cut
// into columns while the page keeps answering. Messages `{ id, type, args }`
// run csv-work.js's handlers one at a time; each answers `{ id, ok, value }`
// (typed arrays transferred) or `{ id, ok: false, message, broken }`,
// `broken` when the engine itself could not start here.

import init, { CsvTable, Lab } from "./pkg/backprop_lab.js";
import { csvWork } from "./csv-work.js";

const ready = init().then(() => csvWork(CsvTable, Lab));
let queue = Promise.resolve();

self.onmessage = ({ data: { id, type, args } }) => {
  queue = queue.then(async () => {
    let work;
    try {
      work = await ready;
    } catch (error) {
      self.postMessage({ id, ok: false, broken: true, message: String(error?.message ?? error) });
      return;
    }
    try {
      const { value, transfer = [] } = await work[type](...args);
      self.postMessage({ id, ok: true, value }, transfer);
    } catch (error) {
      self.postMessage({ id, ok: false, message: String(error?.message ?? error) });
    }
  });
};

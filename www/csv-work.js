// The work of reading a CSV file, done in a worker (csv-worker.js) or, where
// no worker can run, on the page (csv-read.js): one `CsvTable` read once and
// kept, its preview, the ranges of a trial choice of columns, and the data a
// choice makes, its numbers as typed arrays handed over whole. The engine
// reads the file; nothing here parses it.

/** The handlers of a reader over the engine's `CsvTable` and `Lab`; each returns `{ value, transfer }`. */
export function csvWork(CsvTable, Lab) {
  let table = null;
  return {
    /** Reads `source` (a File or Blob, or bytes) and keeps it; its preview, as `Lab.previewCsv` gives it. */
    async read(source) {
      const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
      table?.free();
      table = null;
      table = new CsvTable(bytes);
      return { value: table.preview() };
    },

    /** The trial lab's `table().ranges` for `choice` under `config`, or null if no lab can be made of it. */
    ranges(config, choice) {
      try {
        const trial = Lab.withTable(config, table, choice);
        const { ranges } = trial.table();
        trial.free();
        return { value: ranges };
      } catch {
        return { value: null };
      }
    },

    /** The data `choice` makes, for `Lab.withTableData`; throws the engine's error. */
    data(choice) {
      const data = table.data(choice);
      const arrays = [data.inputs, data.values ?? data.classes, data.means, data.scales];
      return { value: data, transfer: arrays.map((a) => a.buffer) };
    },

    /** Lets the table go. */
    close() {
      table?.free();
      table = null;
      return { value: null };
    },
  };
}

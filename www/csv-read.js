// Reads a CSV file off the page's thread: a `CsvReader` starts a module worker
// (csv-worker.js) that instantiates the same engine, reads the file once and
// keeps it, so the page keeps drawing and answering while a large file is
// read, previewed and cut into the chosen columns. `close()` stops it at any
// time (a cancel), its calls rejecting with an error marked `cancelled`.
// Where no worker can start, the same work (csv-work.js) runs on the page.

import { csvWork } from "./csv-work.js";

/** The error a call of a closed reader rejects with. */
function cancelled() {
  const error = new Error("cancelled");
  error.cancelled = true;
  return error;
}

export class CsvReader {
  constructor() {
    this.closed = false;
    /** Calls sent to the worker and not answered yet, by id. */
    this.waiting = new Map();
    this.next = 0;
    /** Whether the worker has answered a call (its table is then there alone). */
    this.answered = false;
    /** The page's own handlers and the chain of their calls, once there is no worker. */
    this.local = null;
    this.queue = Promise.resolve();
    try {
      this.worker = new Worker(new URL("./csv-worker.js", import.meta.url), { type: "module" });
      this.worker.onmessage = ({ data }) => this.answer(data);
      this.worker.onerror = (event) => {
        event.preventDefault();
        this.withoutWorker(event.message || "the worker could not start");
      };
    } catch {
      this.worker = null;
    }
  }

  /** Runs handler `type` of csv-work.js with `args` (cloned; the page keeps its own); resolves to its value. */
  call(type, ...args) {
    if (this.closed) return Promise.reject(cancelled());
    if (!this.worker) return this.runHere(type, args);
    return new Promise((resolve, reject) => {
      const id = this.next;
      this.next += 1;
      this.waiting.set(id, { resolve, reject, type, args });
      this.worker.postMessage({ id, type, args });
    });
  }

  answer({ id, ok, value, message, broken }) {
    const call = this.waiting.get(id);
    if (!call) return;
    if (broken) {
      this.withoutWorker(message);
      return;
    }
    this.waiting.delete(id);
    this.answered = true;
    if (ok) call.resolve(value);
    else call.reject(new Error(message));
  }

  /** The worker failed to start or stopped: its calls run on the page instead, or fail if it held the table already. */
  withoutWorker(reason) {
    this.worker?.terminate();
    this.worker = null;
    const calls = [...this.waiting.values()];
    this.waiting.clear();
    for (const call of calls) {
      if (this.answered) call.reject(new Error(`the file could not be read in the background (${reason}); import it again`));
      else this.runHere(call.type, call.args).then(call.resolve, call.reject);
    }
  }

  /** A call on the page's own engine, after the ones before it. */
  runHere(type, args) {
    const run = async () => {
      if (this.closed) throw cancelled();
      if (!this.local) {
        const { CsvTable, Lab } = await import("./pkg/backprop_lab.js");
        this.local = csvWork(CsvTable, Lab);
      }
      return (await this.local[type](...args)).value;
    };
    const result = this.queue.then(run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Stops reading: the worker ends (its memory with it), every call not answered is cancelled. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.worker?.terminate();
    this.worker = null;
    for (const call of this.waiting.values()) call.reject(cancelled());
    this.waiting.clear();
    this.local?.close();
  }
}

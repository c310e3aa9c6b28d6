// A phone's part of a class sweep: the teacher's setup trained on this
// phone's own engine with its own seed (or learning rate), summarised small
// for the server: the final training loss and the output over a 16 × 16
// grid of the plane (0 to 1), from which the projector draws its boundary.

import { varied } from "./view.js";

/** The side of the summary's grid: 256 numbers, about 1.5 KB. */
export const SIDE = 16;

/** The most time (ms) the sweep trains before it lets the phone draw and answer: the page stays usable. */
const SLICE_MS = 12;

/**
 * Trains the sweep's setup for phone `index` of `count` in slices of about
 * SLICE_MS, yielding between them (so the phone can scroll, follow the
 * teacher and answer while it trains), telling `progress(epochs done)` after
 * each; resolves to `{ loss, grid, value }`. (`sliceMs` is for the tests.)
 */
export async function runSweep(Lab, settings, index, count, progress = () => {}, sliceMs = SLICE_MS) {
  const config = { ...Lab.parseQuery(settings.query).config };
  const value = varied(settings, index, count);
  if (settings.vary === "learning_rate") config.learning_rate = value;
  else config.weight_seed = value;
  const lab = new Lab(config);
  try {
    let done = 0;
    while (done < settings.epochs) {
      // At least one epoch a slice, however slow the phone.
      const start = performance.now();
      do {
        lab.trainEpochs(1);
        done += 1;
      } while (done < settings.epochs && performance.now() - start < sliceMs);
      progress(done);
      if (done < settings.epochs) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const snapshot = lab.snapshot();
    const loss = snapshot.metrics.train_loss;
    return { loss: Number.isFinite(loss) ? loss : 1e9, grid: outputGrid(lab, snapshot), value };
  } finally {
    lab.free();
  }
}

/** The first output over the plane, as a probability-like 0 to 1 (empty for 1-D data, which has no plane). */
function outputGrid(lab, snapshot) {
  const sizes = snapshot.sizes;
  const outputs = sizes[sizes.length - 1];
  const all = lab.evaluateGrid(SIDE);
  const cells = SIDE * SIDE;
  if (all.length % cells !== 0) return [];
  const start = all.length - outputs * cells;
  const activation = snapshot.activations[snapshot.activations.length - 1];
  const squash =
    activation === "sigmoid" || activation === "softmax" ? (v) => v : activation === "tanh" ? (v) => (v + 1) / 2 : (v) => 1 / (1 + Math.exp(-v));
  return Array.from(all.subarray(start, start + cells), (v) => Math.round(Math.min(1, Math.max(0, squash(v))) * 1000) / 1000);
}

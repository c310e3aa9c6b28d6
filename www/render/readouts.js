// The page's readouts: the play button, the counters and metrics in the header and under the
// output, the example shown, and the timeline under the loss chart. Plain
// data in.

import { greyOut } from "../greyed.js";
import { formatNumber } from "./canvas.js";

const $ = (id) => document.getElementById(id);

/**
 * The numbers: `metrics` (the snapshot's), `epoch`, `batches`, `rate` (examples
 * a second, or null when not playing) and `example` (`{ split, index }`, or the what-if's).
 */
export function drawReadouts({ metrics: m, epoch, batches, rate, example }) {
  const percent = (v) => (v == null ? "–" : `${formatNumber(v * 100, 1)} %`);
  $("train-loss").textContent = formatNumber(m?.train_loss, 4);
  $("test-loss").textContent = m?.test_loss == null ? "–" : formatNumber(m.test_loss, 4);
  $("train-accuracy").textContent = percent(m?.train_accuracy);
  $("test-accuracy").textContent = percent(m?.test_accuracy);
  $("epoch").textContent = epoch.toLocaleString("en-US");
  $("batches").textContent = batches.toLocaleString("en-US");
  $("speed-readout").textContent = rate !== null && Number.isFinite(rate) ? Math.round(rate).toLocaleString("en-US") : "–";
  const set = (split) => (split === "train" ? "training" : "test");
  $("example-label").textContent = example.split === "what-if" ? "what-if input" : `${set(example.split)} #${example.index}`;
}

/**
 * The timeline slider and its label for `timeline` (`lab.timeline()`);
 * returns the epoch being looked back at, or null for the present.
 */
export function drawTimeline(timeline) {
  const slider = $("timeline");
  const last = timeline.length - 1;
  const viewing = timeline.viewing >= 0;
  const at = viewing ? timeline.viewing : last;
  slider.max = String(Math.max(0, last));
  if (document.activeElement !== slider) slider.value = String(at);
  $("timeline-label").textContent = viewing ? `epoch ${timeline.epoch[at]} of ${timeline.epoch[last]}` : `epoch ${timeline.epoch[last] ?? 0} (now)`;
  $("timeline-now").hidden = !viewing;
  document.body.classList.toggle("viewing-past", viewing);
  return viewing ? timeline.epoch[at] : null;
}

/** The layer buttons and the rows that only classification has. */
export function drawShape({ hiddenLayers, maxHiddenLayers, classification }) {
  $("layer-count-label").textContent = `${hiddenLayers} hidden layer${hiddenLayers === 1 ? "" : "s"}`;
  greyOut($("add-layer"), hiddenLayers >= maxHiddenLayers ? `At most ${maxHiddenLayers} hidden layers` : "");
  greyOut($("remove-layer"), hiddenLayers === 0 ? "There is no hidden layer to remove" : "");
  $("test-accuracy-row").hidden = !classification;
  $("train-accuracy-row").hidden = !classification;
  greyOut($("discretize"), classification ? "" : "Only for classes: this data set asks for a value");
}

/** The play button's state and name. */
export function drawPlaying(playing) {
  $("play").setAttribute("aria-pressed", String(playing));
  $("play").setAttribute("aria-label", playing ? "Pause (Space)" : "Play (Space)");
}

// A moment of step-through mode as a link: opening the moment a link names
// (batch, phase, example, selection), and copying the link to the moment
// shown. The controller writes the moment into the address (writeUrl).

import { copyLink } from "./share.js";
import { MOMENT_DEFAULTS, MOMENT_KEYS, parseSelect } from "./url.js";

/** Copies the address of the moment shown, and says whether its settings alone replay it to these weights. */
export async function copyMoment(page) {
  // A model's run cannot be replayed from the seed: its link carries the weights.
  if (page.modelOrigin) return copyLink(page);
  page.writeUrl();
  const url = window.location.href;
  const batches = Number(page.steps.moment().batch ?? page.lab.batches);
  const replay = new page.Lab(page.config);
  replay.trainBatches(batches);
  const now = page.lab.stepState()?.before.params ?? page.lab.snapshot().params;
  const same = replay.snapshot().params.every((v, i) => Object.is(v, now[i]));
  replay.free();
  let copied = true;
  await navigator.clipboard?.writeText(url).catch(() => (copied = false));
  const text = copied && navigator.clipboard ? "Link to this moment copied." : `Copy this link to share this moment: ${url}`;
  const caveat = same
    ? []
    : ["A setting or a weight was changed during this run, so the link replays its batches with today's settings: its weights will differ."];
  page.messages.show(same ? "status" : "warning", text, caveat, "link");
}

/** Opens a link's moment (strings from the address, already well-formed); returns a warning per key that does not fit this network. */
export function openMoment(page, moment) {
  if (moment.mode !== "step") {
    const stray = MOMENT_KEYS.filter((key) => key !== "mode" && moment[key] !== MOMENT_DEFAULTS[key]);
    return stray.length ? [`${stray.join(", ")}: only read with mode=step; ignored`] : [];
  }
  const warnings = page.steps.openMoment(Number(moment.batch), Number(moment.phase), Number(moment.example));
  if (moment.select !== "") {
    const target = page.selection.targetFor(parseSelect(moment.select));
    if (target) page.selection.select(target);
    else warnings.push(`select: “${moment.select}” is not in this network; nothing is selected`);
  }
  page.writeUrl();
  return warnings;
}

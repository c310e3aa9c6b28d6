// The page's keys, buttons and view controls, turned into the controller's
// intents. Nothing here changes state itself: each key or button calls one
// method of `page` (the controller); `showView` only reflects the view.

import { copyMoment } from "./moment.js";
import { loadSetup, setupJson } from "./setup.js";
import { toggleNeuron } from "./silence.js";

const $ = (id) => document.getElementById(id);

/** The shortcuts of the help dialog (README "Using the page"). */
export function bindKeys(page) {
  // The control last focused by a click or a tap: Space on it plays or pauses
  // instead of pressing it again. One reached with Tab keeps Space for itself.
  let pointerFocused = null;
  let pointing = false;
  document.addEventListener("pointerdown", () => (pointing = true), true);
  document.addEventListener("keydown", () => (pointing = false), true);
  document.addEventListener("focusin", (e) => (pointerFocused = pointing ? e.target : null));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      page.selection.escape();
      return;
    }
    const target = e.target;
    const text = target.closest?.('textarea, [contenteditable], input:not([type="checkbox"], [type="radio"], [type="range"], [type="file"])');
    const control = target.closest?.("input, select, button, summary, a");
    if (text || e.ctrlKey || e.metaKey || e.altKey) return;
    // A clicker's keys: the lesson's next and previous step.
    if ((e.key === "PageDown" || e.key === "PageUp") && page.lessons.isOpen) {
      e.preventDefault();
      page.lessons.move(e.key === "PageDown" ? 1 : -1);
      return;
    }
    if (e.key === " " && (!control || control === pointerFocused)) {
      e.preventDefault();
      page.toggle();
      return;
    }
    if (control && (control.matches("input, select") || e.key === " ")) return;
    const stepping = page.steps.stepping;
    if (e.key === "ArrowRight" && stepping) {
      e.preventDefault();
      if (e.shiftKey) page.steps.runTo("batch");
      else page.steps.next();
    } else if (e.key === "ArrowLeft" && stepping) {
      e.preventDefault();
      page.steps.back();
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      page.step(e.shiftKey ? "epoch" : "batch");
    } else if (e.key === "s" || e.key === "S") {
      page.steps.setMode(stepping ? "train" : "step");
    } else if (e.key === "r" || e.key === "R") {
      page.reset();
    } else if (e.key === "p" || e.key === "P") {
      page.presenter.toggle();
    } else if ((e.key === "PageDown" || e.key === "PageUp") && page.presenter.presenting) {
      // A presentation clicker's keys (presenter mode only: elsewhere they scroll).
      e.preventDefault();
      page.presenter.clicker(e.key);
    } else if ((e.key === "o" || e.key === "O") && target.closest?.(".node.neuron[data-layer]")) {
      const node = target.closest(".node.neuron[data-layer]");
      toggleNeuron(page, Number(node.dataset.layer), Number(node.dataset.neuron));
    } else if (e.key === "?") {
      $("help").showModal();
    } else if (e.key === "[") {
      page.moveExample(-1);
    } else if (e.key === "]") {
      page.moveExample(1);
    }
  });
}

/** The transport, step-mode, view and setup buttons. */
export function bindButtons(page) {
  const click = (id, intent) => $(id).addEventListener("click", intent);
  const toggle = (id, key) => $(id).addEventListener("change", (e) => page.setView(key, String(e.target.checked)));
  click("play", () => page.toggle());
  click("step-batch", () => page.step("batch"));
  click("step-epoch", () => page.step("epoch"));
  click("reset", () => page.reset());
  click("add-layer", () => page.edits.addLayer());
  click("remove-layer", () => page.edits.removeLayer());
  click("help-button", () => $("help").showModal());
  $("speed").addEventListener("change", (e) => page.setView("speed", e.target.value));
  toggle("show-test", "show_test");
  toggle("discretize", "discretize");
  toggle("log-scale", "log_scale");
  for (const radio of document.querySelectorAll('input[name="edges"]')) {
    radio.addEventListener("change", () => page.setView("edges", radio.value));
  }
  click("mode-train", () => page.steps.setMode("train"));
  click("mode-step", () => page.steps.setMode("step"));
  click("step-next", () => page.steps.next());
  click("step-back", () => page.steps.back());
  click("step-back-batch", () => page.steps.backBatch());
  click("step-to-backward", () => page.steps.runTo("backward"));
  click("step-to-batch", () => page.steps.runTo("batch"));
  click("step-to-epoch", () => page.steps.runTo("epoch"));
  click("step-example-prev", () => page.steps.moveExample(-1));
  click("step-example-next", () => page.steps.moveExample(1));
  $("batch-totals").addEventListener("change", (e) => page.steps.showTotals(e.target.checked));
  click("check-all", () => page.checkAll());
  click("show-loss", () => page.selection.showLoss());
  click("copy-moment", () => copyMoment(page));
  $("timeline").addEventListener("input", (e) => page.scrub(Number(e.target.value)));
  click("timeline-now", () => page.scrub(Infinity));
  click("save-setup", () => download("backprop-lab-setup.json", setupJson(page)));
  $("load-setup").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (file) file.text().then((text) => loadSetup(page, text, file.name));
    e.target.value = "";
  });
  $("show-values").addEventListener("change", (e) => page.showValues(e.target.checked));
  click("example-prev", () => page.moveExample(-1));
  click("example-next", () => page.moveExample(1));
}

/** Sets the view controls (edges, test points, discretize, log scale, speed) to `view`. */
export function showView(view) {
  for (const radio of document.querySelectorAll('input[name="edges"]')) radio.checked = radio.value === view.edges;
  $("show-test").checked = view.show_test === "true";
  $("discretize").checked = view.discretize === "true";
  $("log-scale").checked = view.log_scale === "true";
  $("speed").value = view.speed;
}

/** Hands `text` to the browser as a file called `name` (JSON unless `type` says otherwise) to download. */
export function download(name, text, type = "application/json") {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

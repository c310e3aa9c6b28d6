// Entry point: loads the engine, then hands the page to the controller.

import init, { Lab } from "./pkg/backprop_lab.js";
import { Controller } from "./controller.js";
import { testInterface } from "./testing.js";
import { readHash } from "./url.js";

try {
  const engine = await init();
  const controller = new Controller(Lab);
  await controller.load(readHash());
  // A student's link joins its class; a teacher's reloaded tab takes its room back (www/classroom/).
  controller.classroom.begin();
  // Tests and tools read the running page through this (www/testing.js).
  window.backpropLab = testInterface(controller, engine.memory);
  // Milliseconds from navigation to a working page, for the benchmark.
  window.backpropLabReadyAt = performance.now();
  document.body.dataset.ready = "1";
} catch (error) {
  const box = document.getElementById("messages");
  box.innerHTML = "";
  const p = document.createElement("div");
  p.className = "message error";
  p.setAttribute("role", "alert");
  p.textContent = `Backprop Lab could not start: ${error.message}`;
  box.append(p);
  console.error(error);
}

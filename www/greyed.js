// Greying out a control with its reason. A `disabled` control is skipped by
// Tab and its title never shows to a keyboard, so a greyed-out control stays
// focusable (`aria-disabled`), says why on hover (its title) and on focus (a
// description read with it), and ignores clicks, keys and changes meanwhile.

const IGNORED = ["click", "mousedown", "keydown", "change", "input"];

/** Stops any use of a greyed-out control, before its own listeners hear of it. */
function ignore(e) {
  const greyed = e.target.closest?.('[aria-disabled="true"]');
  if (!greyed || (e.type === "keydown" && (e.key === "Tab" || e.key === "Escape"))) return;
  e.preventDefault();
  e.stopImmediatePropagation();
}

let guarded = false;

/** Greys `el` (which has an id) out with `reason`, or, for "", brings it back. */
export function greyOut(el, reason) {
  if (!guarded) {
    for (const type of IGNORED) document.addEventListener(type, ignore, true);
    guarded = true;
  }
  const id = `${el.id}-greyed`;
  let why = document.getElementById(id);
  if (!why) {
    why = document.createElement("span");
    why.id = id;
    why.className = "visually-hidden";
    // Outside the control's label, so that the reason is its description,
    // not part of its name; inside its landmark (a control not yet placed:
    // the main one), so no text is outside one.
    const landmark = el.closest("main, header, nav, aside, footer, section[aria-label], section[aria-labelledby], [role='region']");
    (landmark ?? document.querySelector("main") ?? document.body).append(why);
  }
  // A rebuilt control (the diagram's) comes without the link to its reason.
  const described = (el.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  if (!described.includes(id)) el.setAttribute("aria-describedby", [...described, id].join(" "));
  el.disabled = false;
  why.textContent = reason;
  if (reason) {
    el.setAttribute("aria-disabled", "true");
    if (!el.dataset.title) el.dataset.title = el.title;
    el.title = reason;
  } else if (el.hasAttribute("aria-disabled")) {
    el.removeAttribute("aria-disabled");
    el.title = el.dataset.title ?? "";
  }
}

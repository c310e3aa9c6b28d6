// Teaching: presenter mode (large type and high contrast for a projector,
// only the controls a class needs), the embed form (`embed=1`: no top bar but
// play and step, for an <iframe>), the controls a link hides (hide.js), the
// QR code of the link (qr.js) and the chooser that writes a hiding link. The
// address holds all of it (`present=1`, `embed=1`, `hide=…`); the
// controller's view is the only state.

import { applyHidden, HIDEABLE, parseHide, writeHide } from "./hide.js";
import { showQr } from "./qr.js";

const $ = (id) => document.getElementById(id);

export class Presenter {
  constructor(page) {
    this.page = page;
    $("present").addEventListener("click", () => this.toggle());
    for (const id of ["present-qr", "share-qr"]) $(id).addEventListener("click", () => showQr(this.shareLink()));
    $("choose-shown").addEventListener("click", () => this.openChooser());
    // Opening the link changes the address: the page reads it (hashchange) and the dialog goes.
    $("chooser-open").addEventListener("click", () => $("chooser").close());
    const chooser = $("chooser");
    chooser.addEventListener("change", () => this.writeChooserLink());
    $("chooser-copy").addEventListener("click", () => {
      const link = $("chooser-link").value;
      navigator.clipboard?.writeText(link).catch(() => {});
      $("chooser-status").textContent = navigator.clipboard ? "Link copied." : "Copy the link above.";
    });
  }

  get presenting() {
    return this.page.view.present === "1";
  }

  /** A lesson step's controls (`show`, hide.js' names), or null for all: the others are hidden while the step is shown. */
  lessonShows(names) {
    this.lessonShow = names;
    this.apply(this.page.view);
  }

  /** Reflects the view's `present`, `embed` and `hide` on the page. */
  apply(view) {
    const presenting = view.present === "1";
    const changed = document.body.classList.contains("presenting") !== presenting;
    document.body.classList.toggle("presenting", presenting);
    document.body.classList.toggle("embedded", view.embed === "1");
    $("present").setAttribute("aria-pressed", String(presenting));
    $("present-qr").hidden = !presenting;
    // The link's hidden controls, and those a lesson's step leaves out (its `show`).
    const linked = view.hide ? (parseHide(view.hide) ?? []) : [];
    const shown = this.lessonShow;
    const unshown = shown ? HIDEABLE.map((control) => control.name).filter((name) => !shown.includes(name)) : [];
    applyHidden([...new Set([...linked, ...unshown])]);
    // The neurons make room for presenter mode's larger numbers even where the diagram keeps its size (a phone).
    const network = this.page.screen.network;
    if (changed && network.model) {
      network.layout();
      network.drawEdges();
    }
  }

  /** Presenter mode on or off (the P key and the Present button). */
  toggle() {
    this.page.setView("present", this.presenting ? "" : "1");
    this.apply(this.page.view);
  }

  /** The link to share: the address as it is (setup, moment, hidden controls) without presenter mode, which is the projector's. */
  shareLink() {
    this.page.writeUrl();
    const { href, hash } = window.location;
    const kept = hash
      .replace(/^#/, "")
      .split("&")
      .filter((pair) => pair !== "present=1");
    return `${href.slice(0, href.length - hash.length)}#${kept.join("&")}`;
  }

  /** The clicker's keys: PageDown steps forward (a phase, or a batch while training), PageUp back a phase. */
  clicker(key) {
    const steps = this.page.steps;
    if (key === "PageDown") {
      if (steps.stepping) steps.next();
      else this.page.step("batch");
    } else if (key === "PageUp" && steps.stepping) {
      steps.back();
    }
  }

  /** "Choose what to show": a checkbox per control, ticked for those shown now, and the link they make. */
  openChooser() {
    const hidden = new Set(parseHide(this.page.view.hide ?? "") ?? []);
    const list = $("chooser-controls");
    list.replaceChildren();
    for (const area of [...new Set(HIDEABLE.map((control) => control.area))]) {
      const group = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = area;
      group.append(legend);
      for (const control of HIDEABLE.filter((c) => c.area === area)) {
        const label = document.createElement("label");
        label.className = "check";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = control.name;
        box.checked = !hidden.has(control.name);
        label.append(box, ` ${control.label}`);
        group.append(label);
      }
      list.append(group);
    }
    $("chooser-embed").checked = this.page.view.embed === "1";
    $("chooser-status").textContent = "";
    this.writeChooserLink();
    $("chooser").showModal();
  }

  /** The chooser's link: this page's address with the unticked controls hidden (and the embed form if ticked). */
  writeChooserLink() {
    const unticked = [...$("chooser-controls").querySelectorAll("input:not(:checked)")].map((box) => box.name);
    const hide = writeHide(unticked);
    const kept = this.shareLink()
      .split("#")[1]
      .split("&")
      .filter((pair) => !pair.startsWith("hide=") && !pair.startsWith("embed="));
    if (hide) kept.push(`hide=${hide}`);
    if ($("chooser-embed").checked) kept.push("embed=1");
    const link = `${window.location.href.split("#")[0]}#${kept.join("&")}`;
    $("chooser-link").value = link;
    $("chooser-open").href = link;
  }
}

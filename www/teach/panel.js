// The lesson panel's DOM (plain data in, intents out): the step's heading,
// text and question, its answer controls, the feedback, and the list of
// lessons. One section with its own size variable (`--lesson-scale`), so a
// presenter mode can enlarge it alone. Everything works by keyboard: the
// answer controls are a labelled input or a radio group in a fieldset, and
// the feedback is a live region that a screen reader announces.

const $ = (id) => document.getElementById(id);

const SIGNS = [
  ["positive", "Positive (> 0)"],
  ["negative", "Negative (< 0)"],
  ["zero", "Zero"],
];

export class LessonPanel {
  /** `intents`: `{ prev, next, close, check(given), reveal, open(id), openFile(file), resetProgress }`. */
  constructor(intents) {
    this.el = $("lesson");
    this.intents = intents;
    $("lesson-prev").addEventListener("click", () => intents.prev());
    $("lesson-next").addEventListener("click", () => intents.next());
    $("lesson-close").addEventListener("click", () => intents.close());
    $("lesson-reveal").addEventListener("click", () => intents.reveal());
    $("lesson-question").addEventListener("submit", (e) => {
      e.preventDefault();
      const given = this.given();
      if (given === null) return this.feedback("Choose or type an answer first.", "wrong");
      intents.check(given);
    });
    $("lessons-button").addEventListener("click", () => intents.list());
    // The settings bar is folded away during a lesson (the network keeps its room at 1280 × 720); this shows it.
    $("lesson-settings").addEventListener("click", (e) => {
      const shown = document.body.classList.toggle("lesson-settings");
      e.currentTarget.setAttribute("aria-pressed", String(shown));
    });
    $("reset-progress").addEventListener("click", () => intents.resetProgress());
    this.foldSettings = (show) => {
      document.body.classList.toggle("lesson-settings", show);
      $("lesson-settings").setAttribute("aria-pressed", String(show));
    };
    $("load-lesson").addEventListener("change", (e) => {
      const file = e.target.files[0];
      e.target.value = "";
      if (file) intents.openFile(file);
    });
  }

  get isOpen() {
    return !this.el.hidden;
  }

  /**
   * Shows a step: `{ title, n, count, text, question, canPrev, canNext }`,
   * `question` null or `{ kind, prompt, options, tolerance, relative, what }` (`what`,
   * "neuron" or "weight", what a click question asks to click).
   */
  show(view) {
    this.el.hidden = false;
    document.body.classList.add("in-lesson");
    $("lesson-title").textContent = view.title;
    $("lesson-count").textContent = `Step ${view.n + 1} of ${view.count}`;
    $("lesson-text").textContent = view.text;
    $("lesson-prev").disabled = !view.canPrev;
    $("lesson-next").disabled = !view.canNext;
    this.feedback("", "");
    const form = $("lesson-question");
    const q = view.question;
    form.hidden = q === null;
    if (!q) return;
    $("lesson-prompt").textContent = q.prompt;
    $("lesson-check").hidden = q.kind === "click";
    $("lesson-answer").replaceChildren(...this.answerControls(q));
  }

  /** The controls for an answer: a number field, a radio group, or what to click. */
  answerControls(q) {
    if (q.kind === "number") {
      const label = document.createElement("label");
      label.className = "lesson-number";
      const input = document.createElement("input");
      input.id = "lesson-number";
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      label.append(`Your answer (within ${q.relative ? `${q.tolerance * 100} %` : `±${q.tolerance}`}) `, input);
      return [label];
    }
    if (q.kind === "click") {
      const p = document.createElement("p");
      p.className = "hint";
      p.textContent =
        q.what === "weight"
          ? "Click the connection in the network diagram (by keyboard: Enter on the neuron it goes into, then, under “Its bias and weights”, the weight's ∂L/∂w › button)."
          : "Click the neuron in the network diagram (or reach it with Tab and press Enter).";
      return [p];
    }
    const choices = q.kind === "sign" ? SIGNS : q.options.map((o, k) => [String(k), o.text]);
    return choices.map(([value, text]) => {
      const label = document.createElement("label");
      label.className = "check lesson-choice";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "lesson-choice";
      radio.value = value;
      label.append(radio, ` ${text}`);
      return label;
    });
  }

  /** The answer given: the typed text, a sign, an option's index, or null if none. */
  given() {
    const input = $("lesson-number");
    if (input) return input.value.trim() === "" ? null : input.value;
    const checked = this.el.querySelector('input[name="lesson-choice"]:checked');
    if (!checked) return null;
    return /^[0-9]+$/.test(checked.value) ? Number(checked.value) : checked.value;
  }

  /** Says how the answer went: `kind` "right", "wrong", "reveal" or "" (cleared). */
  feedback(text, kind) {
    const box = $("lesson-feedback");
    box.textContent = text;
    box.className = `lesson-feedback ${kind}`;
    box.hidden = text === "";
  }

  hide() {
    this.el.hidden = true;
    document.body.classList.remove("in-lesson");
  }

  /** Fills the list of lessons: `[{ id, title, summary, progress }]`, and opens it. */
  showList(items) {
    const list = $("lesson-items");
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "lesson-item";
        const title = document.createElement("strong");
        title.textContent = item.title;
        const summary = document.createElement("span");
        summary.textContent = item.summary;
        const progress = document.createElement("small");
        progress.textContent = item.progress;
        button.append(title, summary, progress);
        button.addEventListener("click", () => {
          $("lesson-list").close();
          this.intents.open(item.id);
        });
        li.append(button);
        return li;
      }),
    );
    if (!$("lesson-list").open) $("lesson-list").showModal();
  }

  closeList() {
    if ($("lesson-list").open) $("lesson-list").close();
  }
}

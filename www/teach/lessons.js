// The lesson runner: opens a lesson (a built-in one by id, a file from the
// disk, or a URL on this site), builds each step's scene on the page's
// engine (scene.js), asks its question and judges the answer against the
// engine's numbers at that moment (answer.js), keeps the progress
// (progress.js) and the lesson and step in the address. `page` is the
// controller. A lesson file is checked whole, with the engine, before
// anything of the page changes: a bad one is named and changes nothing.

import { HIDEABLE } from "../hide.js";
import { expected, fill, judge } from "./answer.js";
import { parseTarget, readLesson } from "./format.js";
import { LessonPanel } from "./panel.js";
import { Progress } from "./progress.js";
import { context } from "./quantities.js";
import { applyActions, backTo, buildScene, checkLesson, position } from "./scene.js";

const INDEX = new URL("../lessons/index.json", import.meta.url);
const lessonUrl = (id) => new URL(`../lessons/${id}.json`, import.meta.url);

export class Lessons {
  constructor(page) {
    this.page = page;
    this.lesson = null;
    /** The step shown, from 0. */
    this.n = 0;
    /** Where the lesson came from: `{ lesson: id }`, `{ lesson_url: url }`, or `{}` (a file). */
    this.source = {};
    /** Whether the question's `after` actions have run for this step. */
    this.afterDone = false;
    this.revealing = false;
    this.progress = new Progress();
    this.cache = new Map();
    this.panel = new LessonPanel({
      prev: () => this.move(-1),
      next: () => this.move(1),
      close: () => this.close(),
      check: (given) => this.check(given),
      reveal: () => this.reveal(),
      list: () => this.list(),
      open: (id) => this.open({ lesson: id }, 0),
      openFile: (file) => file.text().then((text) => this.openText(text, file.name, {}, 0)),
      resetProgress: () => {
        this.progress.reset();
        this.list();
      },
    });
  }

  get isOpen() {
    return this.lesson !== null;
  }

  /** The list of built-in lessons, with each one's progress. */
  async list() {
    try {
      const ids = JSON.parse(await this.fetchText(INDEX, "the list of lessons")).lessons;
      const lessons = [];
      for (const id of ids) {
        const read = readLesson(await this.fetchText(lessonUrl(id), `${id}.json`), `${id}.json`);
        if (read.problems) throw new Error(read.problems.join("; "));
        lessons.push(read.lesson);
      }
      this.panel.showList(lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, progress: this.progress.summary(l.id, l) })));
    } catch (error) {
      this.page.messages.show("error", error.message, [], "lesson");
    }
  }

  /** A file of this site as text (kept for the page's life); throws naming it. */
  async fetchText(url, name) {
    const key = String(url);
    if (!this.cache.has(key)) {
      const response = await fetch(url).catch(() => null);
      if (!response?.ok) throw new Error(`${name}: could not be read (${response ? `HTTP ${response.status}` : "no answer"})`);
      this.cache.set(key, await response.text());
    }
    return this.cache.get(key);
  }

  /** Opens the lesson an address names (`view.lesson` or `view.lesson_url`, `view.step` from 1). */
  async openFromView(view) {
    const step = Math.max(0, Number(view.step || 1) - 1);
    if (view.lesson) return this.open({ lesson: view.lesson }, step);
    if (view.lesson_url) return this.open({ lesson_url: view.lesson_url }, step);
  }

  /** Opens a built-in lesson (`{ lesson: id }`) or one at a URL of this site (`{ lesson_url }`). */
  async open(source, step) {
    let url;
    let name;
    if (source.lesson) {
      url = lessonUrl(source.lesson);
      name = `lesson “${source.lesson}”`;
    } else {
      url = new URL(source.lesson_url, window.location.href);
      name = source.lesson_url;
      if (url.origin !== window.location.origin)
        return this.fail([`lesson_url: ${name} is not on this site; a lesson loads only from the page's own site`]);
    }
    let text;
    try {
      text = await this.fetchText(url, name);
    } catch (error) {
      return this.fail([`${error.message}${source.lesson ? "; the list of lessons shows which there are" : ""}`]);
    }
    return this.openText(text, name, source, step);
  }

  /** Reads, checks with the engine, then opens a lesson's text; a bad one is named and nothing changes. */
  openText(text, name, source, step) {
    const read = readLesson(text, name);
    const problems = read.problems ?? checkLesson(this.page.Lab, read.lesson, name);
    if (problems.length) return this.fail(problems);
    this.page.messages.remove("lesson");
    this.panel.closeList();
    this.lesson = read.lesson;
    this.source = source;
    if (step >= this.lesson.steps.length) {
      this.page.messages.show("warning", `step: ${step + 1} is past this lesson's ${this.lesson.steps.length} steps; showing step 1`, [], "lesson");
      step = 0;
    }
    this.go(step);
  }

  fail(problems) {
    const head = problems.length === 1 ? "This lesson cannot be opened:" : `This lesson cannot be opened (${problems.length} problems):`;
    this.page.messages.show("error", head, problems.slice(0, 8), "lesson");
  }

  /** Shows step `n` (from 0): its scene afresh on the engine, its text and question. */
  go(n) {
    if (!this.lesson || n < 0 || n >= this.lesson.steps.length) return;
    const page = this.page;
    const step = this.lesson.steps[n];
    let lab;
    try {
      lab = buildScene(page.Lab, this.lesson, n);
    } catch (error) {
      return this.fail([error.message]);
    }
    this.n = n;
    this.afterDone = false;
    /** Where the step's scene stood before its question's `after` ran. */
    this.before = null;
    page.view.lesson = this.source.lesson ?? "";
    page.view.lesson_url = this.source.lesson_url ?? "";
    page.view.step = String(n + 1);
    page.start(lab);
    if (lab.stepState()) page.steps.setMode("step");
    page.steps.example = step.example ?? 0;
    if (step.edges) page.setView("edges", step.edges);
    page.presenter.lessonShows(step.show ?? null);
    // A step about the gradient health or the loss landscape opens its panel.
    if (step.panel === "health") page.screen.health.show(true);
    if (step.panel === "landscape") page.screen.landscape.setOpen(true);
    // A step that shows a setting unfolds the settings bar, which holds only what it shows.
    const settings = new Set(HIDEABLE.filter((control) => control.area === "Hyperparameters").map((control) => control.name));
    if (step.show?.some((name) => settings.has(name))) this.panel.foldSettings(true);
    if (step.select) this.inspect(parseTarget(step.select));
    this.progress.mark(this.lesson.id, n, "seen");
    this.panel.show(this.stepView(step, n));
    page.writeUrl();
  }

  /** The next (`by` 1) or previous (-1) step. */
  move(by) {
    this.go(this.n + by);
  }

  stepView(step, n) {
    const c = this.context();
    const q = step.question ?? null;
    const what = q?.kind === "click" ? (q.quantity.split("[").length > 3 ? "weight" : "neuron") : "";
    return {
      title: this.lesson.title,
      n,
      count: this.lesson.steps.length,
      text: fill(c, step.text),
      question: q && { kind: q.kind, prompt: q.prompt, options: q.options, tolerance: q.tolerance, relative: q.relative, what },
      canPrev: n > 0,
      canNext: n < this.lesson.steps.length - 1,
    };
  }

  context() {
    return context(this.page.lab, this.page.steps.example);
  }

  /**
   * Runs the question's `after`: training once (after the learner has
   * predicted), a phase every time the answer is checked (the numbers it
   * computes appear on the diagram; `back()` hides them again).
   */
  runAfter(q) {
    if (!q.after || this.afterDone) return;
    this.afterDone = q.after.train_epochs !== undefined;
    this.before ??= position(this.page.lab);
    applyActions(this.page.lab, q.after);
    if (!this.page.lab.stepState()) this.page.steps.setMode("train");
    if (this.afterDone) this.page.screen.chart.reset();
    this.page.version += 1;
    this.page.requestRender();
  }

  /** After a wrong answer, an `after` that only steps a phase goes back to the step's own phase, so the answer stays hidden. */
  back(q) {
    if (!q.after || q.after.train_epochs !== undefined || !this.before) return;
    backTo(this.page.lab, this.before);
    this.page.requestRender();
  }

  question() {
    return this.lesson?.steps[this.n].question ?? null;
  }

  /** Judges an answer against the engine's numbers now. */
  check(given) {
    const q = this.question();
    if (!q) return;
    // In a class, the answer goes to the class's vote (www/classroom/).
    if (this.page.classroom?.takesAnswer(given)) return;
    try {
      this.runAfter(q);
      const { correct, feedback } = judge(this.context(), q, given);
      this.panel.feedback(feedback, correct ? "right" : "wrong");
      if (correct) this.progress.mark(this.lesson.id, this.n, "right");
      else this.back(q);
    } catch (error) {
      this.panel.feedback(error.message, "wrong");
    }
  }

  /** Shows the answer and opens the inspector's derivation on its neuron or weight. */
  reveal() {
    const q = this.question();
    if (!q) return;
    try {
      this.runAfter(q);
      const answer = expected(this.context(), q);
      this.panel.feedback(`The answer: ${answer.text}.`, "reveal");
      const target = q.reveal ? parseTarget(q.reveal) : answer.target;
      if (target) this.inspect(target);
    } catch (error) {
      this.panel.feedback(error.message, "wrong");
    }
  }

  /** Opens the inspector on a neuron, weight (negative layers from the end) or the loss, without it counting as a click answer. */
  inspect(target) {
    const selection = this.page.selection;
    this.revealing = true;
    if (target.kind === "loss") selection.showLoss();
    else {
      const layers = this.page.lab.snapshot().sizes.length - 1;
      const found = selection.targetFor({ ...target, layer: target.layer < 0 ? layers + target.layer : target.layer });
      if (found) selection.select(found);
    }
    this.revealing = false;
  }

  /** The inspector opened on `target` (a click on the diagram): the answer to a click question. */
  selected(target) {
    const q = this.question();
    if (this.revealing || q?.kind !== "click") return;
    // Only a selection of the kind asked for answers: opening a neuron on the way to one of its weights (by keyboard) does not.
    const wantsWeight = q.quantity.split("[").length > 3;
    if ((target.kind === "weight") !== wantsWeight || target.kind === "loss") return;
    this.check(target);
  }

  /**
   * For the test interface: the lesson and step open, the question's kind and
   * its right answer now (null before its training has run; a phase it steps
   * is stepped, read and stepped back, so the page is as it was).
   */
  testView() {
    if (!this.lesson) return null;
    const q = this.question();
    let answer = null;
    if (q && !(q.after?.train_epochs !== undefined && !this.afterDone)) {
      const phased = q.after && q.after.train_epochs === undefined;
      const at = position(this.page.lab);
      if (phased) applyActions(this.page.lab, q.after);
      answer = expected(this.context(), q);
      if (phased) backTo(this.page.lab, at);
    }
    return { id: this.lesson.id, step: this.n, count: this.lesson.steps.length, kind: q?.kind ?? null, answer };
  }

  close() {
    this.lesson = null;
    this.panel.hide();
    this.page.presenter.lessonShows(null);
    this.panel.foldSettings(false);
    this.page.view.lesson = "";
    this.page.view.lesson_url = "";
    this.page.view.step = "";
    this.page.writeUrl();
  }
}

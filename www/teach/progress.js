// Progress through the lessons, kept in the browser (localStorage) and
// resettable: for each lesson, the steps seen and the questions answered
// right. A browser that refuses storage (private mode, a full quota) still
// runs the lessons; progress is then kept only until the page closes.

const KEY = "backprop-lab-lessons";

export class Progress {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
    this.data = {};
    try {
      const read = JSON.parse(storage?.getItem(KEY) ?? "{}");
      if (read && typeof read === "object" && !Array.isArray(read)) this.data = read;
    } catch {
      this.data = {};
    }
  }

  /** `{ seen: [step…], right: [step…] }` of a lesson (steps from 0). */
  of(id) {
    const entry = this.data[id];
    return { seen: Array.isArray(entry?.seen) ? entry.seen : [], right: Array.isArray(entry?.right) ? entry.right : [] };
  }

  mark(id, step, what) {
    const entry = this.of(id);
    if (!entry[what].includes(step)) entry[what] = [...entry[what], step].sort((x, y) => x - y);
    this.data[id] = entry;
    this.save();
  }

  /** "3 of 5 steps seen, 2 questions right", or "not started". */
  summary(id, lesson) {
    const { seen, right } = this.of(id);
    if (seen.length === 0) return "not started";
    const questions = lesson ? lesson.steps.filter((s) => s.question).length : right.length;
    const steps = lesson ? lesson.steps.length : seen.length;
    return `${seen.length} of ${steps} steps seen, ${right.length} of ${questions} questions right`;
  }

  reset() {
    this.data = {};
    this.save();
  }

  save() {
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.data));
    } catch {
      // Storage refused: keep it in memory for this page.
    }
  }
}

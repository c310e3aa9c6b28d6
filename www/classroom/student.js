// A student's side of a class: joins the room of the link's code (an
// optional first name), follows the teacher's page (the teacher's address,
// opened by the page's own link machinery, so this phone's engine computes
// every number), answers the teacher's question from the lesson panel, and
// trains its part of a class sweep. "Look around" stops following;
// "Rejoin the teacher" goes back to the teacher's moment. The token that
// brings this phone back to its seat after a reload lives in sessionStorage.

import { isRight, label, toValue } from "./answers.js";
import { Channel } from "./channel.js";
import { runSweep } from "./sweep.js";
import { drawRounds } from "./view.js";

const STORE = "backprop-lab-class-student";
const MAX_EPOCHS = 2000;

const $ = (id) => document.getElementById(id);

export class Student {
  constructor(page, ui, code) {
    this.page = page;
    this.ui = ui;
    this.code = code;
    this.following = true;
    this.joined = null;
    this.hash = null;
    this.question = null;
    this.result = "";
  }

  /** Back in the class after a reload (this tab's token), or the join form. */
  begin() {
    this.ui.show("student");
    const saved = this.saved();
    if (saved?.code === this.code) return this.join(saved.name, saved.token);
    this.ui.status(`Join class ${this.code}: your first name is optional and goes when the class ends.`);
    $("class-join").hidden = false;
  }

  saved() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE));
    } catch {
      return null;
    }
  }

  join(name, token = null) {
    $("class-join").hidden = true;
    this.ui.status(`Joining class ${this.code}…`);
    this.channel?.close();
    this.channel = new Channel({
      hello: () => ({ type: "join", code: this.code, name: this.joined?.name ?? name ?? null, token: this.joined?.token ?? token }),
      receive: (message) => this.receive(message),
      status: (status) => {
        if (status === "retrying") this.ui.status("Lost the classroom server; reconnecting…");
      },
    });
    this.channel.open();
  }

  receive(m) {
    if (m.type === "joined") {
      this.joined = { code: m.code, token: m.token, name: m.name };
      sessionStorage.setItem(STORE, JSON.stringify(this.joined));
      document.body.classList.add("class-student");
      this.ui.status(`In class ${m.code}${m.name ? ` as ${m.name}` : ""}.`);
      this.question = m.question;
      if (m.state) this.follow(m.state.hash, m.state.batches);
      if (m.sweep) this.sweep(m.sweep);
    } else if (m.type === "state") {
      this.follow(m.state.hash, m.state.batches);
    } else if (m.type === "question") {
      // The lesson panel's "Sent: …, you can change it" no longer holds once the vote closes.
      if (this.question?.open && !m.question?.open) this.page.lessons.panel.feedback("", "");
      this.question = m.question;
    } else if (m.type === "sweep") {
      this.sweep(m.sweep);
    } else if (m.type === "error") {
      if (/not in the room|^no room/.test(m.message)) return this.lost(m.message);
      this.ui.status(m.message);
    } else if (m.type === "ended" || m.type === "replaced") {
      this.channel.close();
      this.leave(m.type === "ended" ? "The class has ended. The page is yours to explore." : "This class goes on in another tab.");
    }
    this.render();
  }

  lost(message) {
    this.channel.close();
    sessionStorage.removeItem(STORE);
    this.leave(`Class ${this.code}: ${message}`);
  }

  leave(text) {
    this.joined = null;
    document.body.classList.remove("class-student", "class-following");
    this.ui.status(text);
  }

  /**
   * The teacher's address, and in Train mode the batches the teacher's run
   * has trained: opened unless this student is looking around, then trained
   * up to the teacher's batch on this phone's engine (the seed makes the
   * batches the same).
   */
  follow(hash, batches = null) {
    if (typeof hash !== "string") return;
    this.hash = hash;
    this.batches = Number.isSafeInteger(batches) && batches >= 0 ? batches : null;
    if (!this.following || this.loading) return;
    // Reopened when the teacher's address changed, this page was changed here, or the teacher's run went back.
    const moved = this.loaded?.hash !== hash || this.loaded.written !== this.page.writtenHash;
    const back = this.batches !== null && this.page.lab.batches > this.batches && !this.page.steps.stepping;
    if (!moved && !back) return this.catchUp();
    // The phone stays where its reader is: opening a moment may scroll to the inspector.
    const { scrollX, scrollY } = window;
    this.loading = true;
    this.page.load(hash).then(() => {
      this.loading = false;
      window.scrollTo(scrollX, scrollY);
      this.loaded = { hash, written: this.page.writtenHash };
      this.render();
      // What came while it loaded.
      if (this.hash !== hash) this.follow(this.hash, this.batches);
      else this.catchUp();
    });
  }

  /** Trains this phone's run up to the teacher's batch, in slices, so the page keeps drawing and answering. */
  async catchUp() {
    if (this.catching) return;
    this.catching = true;
    try {
      let size = 1;
      while (this.following && !this.loading && this.batches !== null && !this.page.steps.stepping && this.page.lab.batches < this.batches) {
        const start = performance.now();
        const report = this.page.lab.trainBatches(Math.min(size, this.batches - this.page.lab.batches));
        if (report.diverged) {
          this.page.showDivergence();
          break;
        }
        // About 12 ms of training between frames, however fast the phone.
        size = performance.now() - start < 6 ? size * 2 : Math.max(1, size >> 1);
        this.page.requestRender();
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    } finally {
      this.catching = false;
    }
    if (this.loaded) this.loaded.written = this.page.writtenHash;
  }

  look() {
    this.following = false;
    this.loaded = null;
    this.render();
  }

  rejoin() {
    this.following = true;
    if (this.hash) this.follow(this.hash, this.batches);
    this.render();
  }

  /** The lesson's question now, if it is the one the teacher asks. */
  stepQuestion() {
    const lessons = this.page.lessons;
    const q = lessons.question();
    if (!q || !this.question) return null;
    return `${lessons.lesson.id}:${lessons.n + 1}` === this.question.id ? q : null;
  }

  /** The lesson panel's answer (lessons.js' check): sent to the class's vote while following; false to judge it alone. */
  takesAnswer(given) {
    if (!this.joined || !this.following) return false;
    const q = this.stepQuestion();
    const panel = this.page.lessons.panel;
    if (!q) {
      panel.feedback("Wait for the teacher to open the vote on this question.", "wrong");
      return true;
    }
    if (!this.question.open) {
      panel.feedback("The vote is closed: your answer stands.", "wrong");
      return true;
    }
    const value = toValue(this.page.lessons.context(), q, given);
    if (value?.problem) {
      panel.feedback(value.problem, "wrong");
      return true;
    }
    this.channel.send({ type: "answer", id: this.question.id, value });
    panel.feedback(`Sent: ${label(q, value)}. You can change it until the teacher closes the vote.`, "reveal");
    return true;
  }

  sweep(assignment) {
    if (!assignment || assignment.sent || this.swept === assignment.id) return;
    // A phone trains at most this many epochs, whatever the message asks.
    assignment.settings.epochs = Math.min(Math.max(1, Number(assignment.settings.epochs) || 1), MAX_EPOCHS);
    this.swept = assignment.id;
    const part = `${assignment.index + 1} of ${assignment.count}`;
    const epochs = assignment.settings.epochs;
    this.ui.status(`Training your part of the class sweep (${part})…`);
    // Trained in slices: the phone keeps following the teacher and taking answers meanwhile.
    runSweep(this.page.Lab, assignment.settings, assignment.index, assignment.count, (done) =>
      this.ui.status(`Training your part of the class sweep (${part}): epoch ${done} of ${epochs}…`),
    ).then(
      ({ loss, grid }) => {
        this.channel.send({ type: "summary", id: assignment.id, loss, grid });
        this.ui.status(`Your part of the class sweep is in: final loss ${loss.toPrecision(3)}.`);
      },
      (error) => this.ui.status(`Your part of the class sweep could not run: ${error.message}`),
    );
  }

  /** Whether this student's answer is right, by this phone's own engine (or the teacher's value when looking elsewhere). */
  verdict(q, mine) {
    const own = this.stepQuestion() ? this.page.lessons.testView()?.answer : null;
    const answer = own ?? { value: this.question.revealed, number: this.question.revealed };
    return { right: isRight(q ?? { kind: "other" }, mine, answer), answer };
  }

  render() {
    document.body.classList.toggle("class-following", Boolean(this.joined) && this.following);
    $("class-look").hidden = !this.joined || !this.following;
    $("class-rejoin").hidden = !this.joined || this.following;
    const question = this.question;
    const q = this.stepQuestion();
    $("class-follow").textContent = this.followText(question, q);
    const revealed = question && question.revealed !== null;
    const results = question?.results ?? [null, null];
    // Once revealed, the right answers are marked by this phone's own engine.
    const truth = revealed && q ? this.verdict(q, question.revealed).answer : null;
    drawRounds($("class-results"), results, q, truth ? (value) => isRight(q, value, truth) : null);
    if (revealed && q) {
      const mine = question.mine[question.round - 1] ?? question.mine[0];
      const said = truth.text ?? label(q, question.revealed);
      $("class-follow").textContent =
        mine === null
          ? `You did not answer. The engine's answer: ${said}.`
          : `You said ${label(q, mine)}: ${isRight(q, mine, truth) ? "right!" : "not quite."} The engine's answer: ${said}.`;
    }
  }

  followText(question, q) {
    if (!this.joined) return "";
    if (!this.following) return "Looking around on your own: the teacher's page goes on without you.";
    if (!question) return "Following the teacher.";
    const mine = question.mine[question.round - 1];
    const neighbour = question.round === 2 && question.neighbour ? ` Discuss with ${question.neighbour}, then answer again.` : "";
    if (question.open)
      return `${question.round === 2 ? "Second round. " : ""}Answer in the lesson panel.${neighbour}${mine !== null ? ` Your answer: ${q ? label(q, mine) : mine}.` : ""}`;
    return `The vote is closed.${mine !== null ? ` Your answer: ${q ? label(q, mine) : mine}.` : " You did not answer."}`;
  }
}

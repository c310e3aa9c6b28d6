// The teacher's side of a class: starts a room on the classroom server (or
// takes it back after a reload, with the key kept in this tab's
// sessionStorage, never in the address), sends the page's state as it
// changes (the address's setup, lesson, step, phase and selection), and runs
// the vote: ask, close, show, a second round, reveal, reset; and the sweep.

import { pack, withModel } from "../link.js";
import { showQr } from "../qr.js";
import { keptRun } from "../share.js";
import { isRight, shareRight } from "./answers.js";
import { CONSOLE_CHANNEL, Channel, probe } from "./channel.js";
import { drawRounds, drawSweep, varied } from "./view.js";

const STORE = "backprop-lab-class-teacher";
/** The address is sent at most this often (ms): the server allows 10 messages a second. */
const STATE_EVERY = 200;
/** How often (ms) a training run's batches are sent to the class. */
const TRAINING_EVERY = 500;
/** The server's limit on one message (classroom/src/protocol.rs' MAX_MESSAGE). */
const MESSAGE_LIMIT = 8 * 1024;

const $ = (id) => document.getElementById(id);

export class Teacher {
  /** `ui`: `{ status(text), show(part) }` of the classroom panel. */
  constructor(page, ui) {
    this.page = page;
    this.ui = ui;
    this.room = null;
    this.students = 0;
    this.question = null;
    this.asked = null;
    this.sweep = null;
    this.summaries = [];
    this.sentHash = "";
    this.peeking = false;
    // The console window (console.js) asks for the state when it opens.
    this.console = new BroadcastChannel(CONSOLE_CHANNEL);
    // Posted to only while a console is open: its answer costs an engine computation per message.
    this.consoles = 0;
    this.console.onmessage = (event) => {
      if (event.data?.type === "hello") this.consoles += 1;
      else if (event.data?.type === "bye") this.consoles = Math.max(0, this.consoles - 1);
      this.postConsole();
    };
    // A console still open from before this page's reload says hello again.
    this.console.postMessage({ type: "who" });
  }

  /** A room this tab ran before its reload, or null. */
  static saved() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE));
    } catch {
      return null;
    }
  }

  async start() {
    this.ui.status("Looking for the classroom server…");
    if (!(await probe())) {
      this.ui.status(
        "No classroom server answers at this address, so there is no class: the page works alone. To teach a class, run `cargo xtask classroom` and open the page from the address it prints.",
      );
      return;
    }
    this.connect();
  }

  /** Takes back the room this tab ran (after a reload). */
  resume(saved) {
    this.room = saved;
    this.connect();
  }

  connect() {
    this.channel = new Channel({
      hello: () => (this.room ? { type: "reclaim", code: this.room.code, key: this.room.key } : { type: "create" }),
      receive: (message) => this.receive(message),
      status: (status) => {
        if (status === "retrying") this.ui.status("The connection to the classroom server dropped; reconnecting…");
      },
    });
    this.channel.open();
  }

  receive(m) {
    if (m.type === "teacher") {
      this.room = { code: m.code, key: m.key };
      sessionStorage.setItem(STORE, JSON.stringify(this.room));
      this.students = m.students;
      this.question = m.question;
      this.sweep = m.sweep;
      this.summaries = m.sweep?.summaries ?? [];
      this.sentHash = "";
      // Training changes no address: its batches are sent as they grow.
      this.ticker ??= setInterval(() => this.room && this.sendState(), TRAINING_EVERY);
      this.ui.show("teacher");
      this.ui.status(`Class ${m.code} is open: students join with the link or the QR code.`);
      this.sendState();
    } else if (m.type === "count") {
      this.students = m.students;
      if (this.question && m.answered) this.question.answered = m.answered;
    } else if (m.type === "question") {
      this.question = m.question;
    } else if (m.type === "summary") {
      this.summaries.push(m.summary);
    } else if (m.type === "error") {
      if (/^no room/.test(m.message)) return this.gone();
      // A state the server ignored (too many messages) goes again with the next tick.
      if (/^too many messages/.test(m.message)) this.sentHash = "";
      this.ui.status(`The classroom server says: ${m.message}`);
    } else if (m.type === "replaced") {
      this.channel.close();
      this.ui.status("This class is now run from another tab or window.");
      this.ui.show("start");
    } else if (m.type === "ended") {
      this.forget();
      this.ui.status(`The class has ended (${m.reason}).`);
    }
    this.render();
  }

  /** The room is gone (the server restarted, or it expired): say so and offer a new one. */
  gone() {
    const code = this.room?.code;
    this.forget();
    this.ui.status(`Class ${code} is gone: the classroom server restarted or the room expired. Start a new class to go on.`);
  }

  forget() {
    clearInterval(this.ticker);
    this.ticker = null;
    this.channel?.close();
    this.console.postMessage({ type: "gone" });
    sessionStorage.removeItem(STORE);
    this.room = null;
    this.ui.show("start");
  }

  /** The students' link: this site with the room's code (no key, no setup: they get it from the server). */
  get link() {
    const url = new URL(document.baseURI);
    url.search = `?class=${this.room.code}`;
    url.hash = "";
    return url.href;
  }

  /** The page's address changed (controller.writeUrl): sent to the class, at most every STATE_EVERY ms. */
  changed() {
    if (!this.room || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sendState();
    }, STATE_EVERY);
  }

  sendState() {
    const pairs = this.page.writtenHash.split("&").filter((pair) => pair !== "present=1");
    let hash = pairs.filter((pair) => pair !== "model=kept").join("&");
    // A trained network this tab keeps (a loaded model or link) goes to the class packed, as a link carries it.
    if (pairs.includes("model=kept")) {
      const code = this.keptCode();
      if (code === undefined) return;
      const sent = code && withModel(hash, code, this.page.source?.table === "file");
      if (sent && JSON.stringify({ type: "state", state: { hash: sent } }).length <= MESSAGE_LIMIT) hash = sent;
      else this.modelNotSent(sent);
    }
    // In Train mode the run's batches go too: the phones train up to them (a moment in step mode names its own batch).
    const batches = this.page.steps.stepping ? null : this.page.lab.batches;
    const sent = `${hash}|${batches}`;
    if (sent === this.sentHash) return;
    if (this.channel.send({ type: "state", state: { hash, batches } })) this.sentHash = sent;
  }

  /** The kept run, packed: the code, undefined while it is being packed (sendState runs again then), or null if there is none. */
  keptCode() {
    const text = keptRun();
    if (text === null) return null;
    if (this.kept?.text === text) return this.kept.code;
    const kept = { text, code: undefined };
    this.kept = kept;
    pack(text)
      .then(
        (code) => (kept.code = code),
        () => (kept.code = null),
      )
      .then(() => this.kept === kept && this.sendState());
    return undefined;
  }

  /** Says once per run why the class sees the network untrained. */
  modelNotSent(sent) {
    if (this.warned === this.kept?.text) return;
    this.warned = this.kept?.text;
    const why = sent
      ? `its weights take ${sent.length.toLocaleString("en")} characters, more than the classroom server's ${MESSAGE_LIMIT.toLocaleString("en")}-byte messages carry`
      : "this tab could not pack its weights";
    this.ui.status(
      `The class sees this network's settings untrained: ${why}. A smaller network, or “Save model” sent as a file, gets the weights to them.`,
    );
  }

  /** The lesson step's question, with its id for the class, or null. */
  stepQuestion() {
    const lessons = this.page.lessons;
    const q = lessons.question();
    return q && { id: `${lessons.lesson.id}:${lessons.n + 1}`, q };
  }

  ask() {
    const asked = this.stepQuestion();
    if (!asked) return this.ui.status("This step asks no question: open a lesson's step with a question first.");
    this.asked = asked;
    this.answer = null;
    this.peek(false);
    this.channel.send({ type: "ask", id: asked.id });
  }

  send(type) {
    this.channel.send({ type });
  }

  /** Shows the answer on this page (the lesson's own reveal, with its derivation) and tells the class the engine's value. */
  reveal() {
    const asked = this.stepQuestion();
    if (!asked || asked.id !== this.question?.id) return this.ui.status("Go back to the step whose question the class answered to reveal it.");
    this.page.lessons.reveal();
    this.answer = this.page.lessons.testView()?.answer ?? null;
    if (this.answer) this.channel.send({ type: "reveal", answer: this.answer.value });
  }

  peek(on = !this.peeking) {
    this.peeking = on;
    $("class-peek").setAttribute("aria-pressed", String(on));
    this.render();
  }

  /** Opens the console: a window for the teacher's own screen with what the projector does not show yet. */
  openConsole() {
    const url = new URL("www/classroom/console.html", document.baseURI);
    const opened = window.open(url, "backprop-lab-console", "popup,width=520,height=680");
    if (!opened) this.ui.status("The browser blocked the console's window: allow pop-ups for this page, or use Peek.");
  }

  /** What the console shows, as plain data: the class, the question's rounds and, by this page's engine, its answer. */
  postConsole() {
    if (!this.room || this.consoles === 0) return;
    const q = this.question;
    const asked = q && this.askedQuestion();
    const answer = q && asked ? this.rightAnswer() : null;
    const plain = (value) => (value === null || value === undefined ? null : JSON.parse(JSON.stringify(value)));
    this.console.postMessage({
      type: "state",
      state: { code: this.room.code, students: this.students, question: plain(q), asked: plain(asked), answer: plain(answer) },
    });
  }

  startSweep() {
    const vary = $("class-vary").value;
    const settings = { query: this.page.lab.query(), vary, from: 0.003, to: 3, epochs: 150 };
    this.summaries = [];
    this.channel.send({ type: "sweep", id: `sweep-${Date.now()}`, settings });
  }

  end() {
    this.channel.send({ type: "end" });
  }

  /** The question the class answers: the one asked (while it is the server's), else this step's; or null. */
  askedQuestion() {
    return this.asked && this.asked.id === this.question?.id ? this.asked.q : (this.stepQuestion()?.q ?? null);
  }

  /** The right answer now, by this page's engine: once revealed, or (for peeking) computed at the question's step. */
  rightAnswer() {
    if (this.answer) return this.answer;
    const asked = this.stepQuestion();
    if (asked?.id !== this.question?.id) return null;
    return this.page.lessons.testView()?.answer ?? null;
  }

  render() {
    $("class-code").textContent = this.room?.code ?? "";
    $("class-link").textContent = this.room ? this.link : "";
    const q = this.question;
    const answered = q ? ` · ${q.answered[q.round - 1]} answered${q.open ? "" : ", vote closed"}` : "";
    $("class-count").textContent = `${this.students} student${this.students === 1 ? "" : "s"}${answered}`;
    const asked = this.askedQuestion();
    const revealed = q && q.revealed !== null && q.revealed !== undefined;
    // Each round's results on the projector only once shown; right ones marked only once revealed.
    const rounds = q ? q.results.map((tally, r) => (q.shown[r] ? tally : null)) : [null, null];
    const answer = revealed && asked ? this.rightAnswer() : null;
    drawRounds($("class-results"), rounds, asked, answer ? (value) => isRight(asked, value, answer) : null);
    const peekable = q && asked && (this.peeking || revealed);
    const truth = peekable ? this.rightAnswer() : null;
    const privy = $("class-private");
    privy.hidden = !truth;
    if (truth) {
      const shares = q.results.map((tally) => shareRight(asked, tally, truth)).filter((s) => s.of > 0);
      privy.textContent = `Right: ${shares.map((s, r) => `round ${r + 1}, ${s.right} of ${s.of}`).join("; ") || "no answers yet"}${revealed ? "" : " (on this page until you reveal, so on a mirrored projector too; Peek hides it, the Console keeps it on your own screen)"}`;
    }
    $("class-ask").disabled = !this.stepQuestion();
    for (const [id, can] of [
      ["class-close", q?.open],
      ["class-show", q && !q.open],
      ["class-second", q && !q.open && q.round === 1],
      ["class-reveal", q && !revealed],
      ["class-reset", q],
      ["class-peek", q && !revealed],
    ])
      $(id).disabled = !can;
    this.renderSweep();
    this.postConsole();
  }

  renderSweep() {
    const figure = $("class-sweep-figure");
    figure.hidden = !this.sweep && this.summaries.length === 0;
    if (figure.hidden) return;
    const settings = this.sweep?.settings;
    drawSweep($("class-sweep-plot"), this.summaries, this.page.lab.points().train);
    const what = settings?.vary === "learning_rate" ? "learning rate" : "seed";
    const runs = [...this.summaries].sort((a, b) => a.loss - b.loss);
    const count = this.sweep?.count ?? runs.length;
    const list = runs.map((s) => `${what} ${settings ? varied(settings, s.index, count) : s.index + 1}: loss ${s.loss.toPrecision(3)}`);
    $("class-sweep-text").textContent = `Class sweep, ${runs.length} of ${count} phones in: ${list.join(" · ") || "training…"}`;
  }

  showQr() {
    if (this.room)
      showQr(this.link, { title: `Join class ${this.room.code}`, caption: "The students' link (it holds the code, never the teacher's key):" });
  }
}

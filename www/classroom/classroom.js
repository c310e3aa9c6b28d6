// The classroom panel: the page's entry to a class on the optional
// classroom server. A page opened from a student's link (`?class=CODE`) joins
// that class; any other page can start one (the teacher's). The controller
// tells it of every change of the address (`changed`), and the lesson panel
// hands it an answer first (`takesAnswer`); without a class both do nothing.

import { Student } from "./student.js";
import { Teacher } from "./teacher.js";

const $ = (id) => document.getElementById(id);

const PARTS = { start: "class-start", teacher: "class-teacher", student: "class-student" };

export class Classroom {
  constructor(page) {
    this.page = page;
    this.role = null;
    this.ui = {
      status: (text) => {
        $("class-status").textContent = text;
      },
      show: (part) => {
        for (const [name, id] of Object.entries(PARTS)) $(id).hidden = name !== part;
      },
    };
    // The entry sits in the list of lessons (a teacher's place); the panel opens over the lesson.
    $("classroom-button").addEventListener("click", () => {
      $("lesson-list").close();
      this.toggle(true);
      $("classroom").focus();
    });
    $("class-hide").addEventListener("click", () => this.toggle(false));
    $("class-start-button").addEventListener("click", () => this.teach());
    const teacher = (action) => () => this.role instanceof Teacher && action(this.role);
    $("class-qr").addEventListener(
      "click",
      teacher((t) => t.showQr()),
    );
    $("class-ask").addEventListener(
      "click",
      teacher((t) => t.ask()),
    );
    $("class-close").addEventListener(
      "click",
      teacher((t) => t.send("close")),
    );
    $("class-show").addEventListener(
      "click",
      teacher((t) => t.send("show")),
    );
    $("class-second").addEventListener(
      "click",
      teacher((t) => t.send("second")),
    );
    $("class-reveal").addEventListener(
      "click",
      teacher((t) => t.reveal()),
    );
    $("class-reset").addEventListener(
      "click",
      teacher((t) => t.send("reset")),
    );
    $("class-peek").addEventListener(
      "click",
      teacher((t) => t.peek()),
    );
    $("class-console").addEventListener(
      "click",
      teacher((t) => t.openConsole()),
    );
    $("class-sweep").addEventListener(
      "click",
      teacher((t) => t.startSweep()),
    );
    $("class-end").addEventListener(
      "click",
      teacher((t) => t.end()),
    );
    $("class-join").addEventListener("submit", (e) => {
      e.preventDefault();
      this.role?.join($("class-name").value.trim() || null);
    });
    // A code typed in: the students' link for it (the page joins from there).
    $("class-code-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const code = $("class-code-input").value.trim();
      if (!/^[A-Za-z0-9]{4,12}$/.test(code)) return this.ui.status(`“${code}” is not a class's code: it has six letters and digits.`);
      window.location.assign(`${window.location.pathname}?class=${code.toUpperCase()}`);
    });
    $("class-look").addEventListener("click", () => this.role?.look());
    $("class-rejoin").addEventListener("click", () => this.role?.rejoin());
  }

  /** After the page has loaded: a student's link joins its class; a teacher's reloaded tab takes its room back. */
  begin() {
    const code = new URLSearchParams(window.location.search).get("class");
    if (code && /^[A-Za-z0-9]{1,12}$/.test(code)) {
      this.toggle(true);
      this.role = new Student(this.page, this.ui, code.toUpperCase());
      this.role.begin();
      return;
    }
    const saved = Teacher.saved();
    if (saved) {
      this.toggle(true);
      this.role = new Teacher(this.page, this.ui);
      this.ui.status(`Taking class ${saved.code} back…`);
      this.role.resume(saved);
    }
  }

  toggle(open = $("classroom").hidden) {
    $("classroom").hidden = !open;
    $("classroom-button").setAttribute("aria-expanded", String(open));
    if (open && !this.role) this.ui.show("start");
  }

  teach() {
    this.role = new Teacher(this.page, this.ui);
    this.role.start();
  }

  /** The page's address changed: a teacher sends it to the class. */
  changed() {
    if (this.role instanceof Teacher) this.role.changed();
  }

  /** A lesson answer: a student in a class sends it to the vote (true) instead of judging it alone. */
  takesAnswer(given) {
    return this.role instanceof Student && this.role.takesAnswer(given);
  }

  /** For the test interface. */
  testView() {
    const role = this.role;
    if (!role) return null;
    const kind = role instanceof Teacher ? "teacher" : "student";
    return {
      role: kind,
      code: kind === "teacher" ? (role.room?.code ?? null) : role.code,
      joined: kind === "student" ? Boolean(role.joined) : Boolean(role.room),
      following: kind === "student" ? role.following : null,
      students: kind === "teacher" ? role.students : null,
      question: role.question ? structuredClone(role.question) : null,
      summaries: kind === "teacher" ? role.summaries.length : null,
    };
  }
}

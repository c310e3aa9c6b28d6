// The teacher's console: a small window for the teacher's own screen (not
// the projector) with what stays private until the reveal: each round's
// answers with the right ones marked, and the share right. The class's page
// (teacher.js) sends it plain data over a BroadcastChannel of this origin;
// nothing here talks to the classroom server.

import { isRight, label, shareRight } from "./answers.js";
import { CONSOLE_CHANNEL } from "./channel.js";
import { drawRounds } from "./view.js";

const $ = (id) => document.getElementById(id);

/** Shows the class's state: `{ code, students, question, asked, answer }` (teacher.js' consoleState). */
function show(state) {
  $("console-title").textContent = `Class ${state.code}: the teacher's console`;
  document.title = `Class ${state.code}: the teacher's console`;
  const q = state.question;
  $("console-count").textContent =
    `${state.students} student${state.students === 1 ? "" : "s"}` +
    (q ? ` · round ${q.round}: ${q.answered[q.round - 1]} answered, vote ${q.open ? "open" : "closed"}` : " · no question asked");
  const asked = state.asked;
  $("console-question").textContent = asked ? asked.prompt : "";
  const answer = state.answer;
  $("console-answer").textContent = !q
    ? ""
    : answer
      ? `The engine's answer: ${answer.text ?? label(asked, answer.value)}${q.revealed === null ? " (not revealed yet)" : " (revealed)"}.`
      : "Go back to the step the class answered to see the engine's answer here.";
  const shares = q && answer ? q.results.map((tally) => shareRight(asked, tally, answer)) : [];
  $("console-share").textContent = shares
    .map((s, r) => (s.of ? `Round ${r + 1}: ${s.right} of ${s.of} right (${Math.round((100 * s.right) / s.of)} %)` : ""))
    .filter(Boolean)
    .join("\n");
  drawRounds(
    $("console-rounds"),
    q ? q.results.map((tally) => (tally.length ? tally : null)) : [],
    asked,
    answer ? (value) => isRight(asked, value, answer) : null,
  );
}

const channel = new BroadcastChannel(CONSOLE_CHANNEL);
channel.onmessage = (event) => {
  if (event.data?.type === "state") show(event.data.state);
  else if (event.data?.type === "who") channel.postMessage({ type: "hello" });
  else if (event.data?.type === "gone") $("console-count").textContent = "The class has ended or moved: this window can be closed.";
};
channel.postMessage({ type: "hello" });
window.addEventListener("pagehide", () => channel.postMessage({ type: "bye" }));

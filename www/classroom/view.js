// The classroom's pictures, from plain data: each round's answers as bars,
// side by side (how the answers moved between the rounds), the right ones
// marked once revealed; and the class sweep's boundaries overlaid on one
// plane with every phone's final loss.

import { label } from "./answers.js";

/**
 * The rounds' bars: `rounds` is `[tally or null, tally or null]` (a tally is
 * `[[value, count], …]`, null for a round not shown), `q` the lesson's
 * question (or null), `right(value)` true for a right answer once revealed (else null).
 */
export function drawRounds(el, rounds, q, right) {
  el.replaceChildren();
  rounds.forEach((tally, r) => {
    if (!tally) return;
    const total = tally.reduce((sum, [, n]) => sum + n, 0);
    const most = Math.max(1, ...tally.map(([, n]) => n));
    const figure = document.createElement("figure");
    figure.className = "class-round";
    const caption = document.createElement("figcaption");
    caption.textContent = `Round ${r + 1}: ${total} answer${total === 1 ? "" : "s"}`;
    const list = document.createElement("ul");
    for (const [value, n] of sortedForBars(tally, q)) {
      const item = document.createElement("li");
      const verdict = right ? (right(value) ? " ✓ right" : "") : "";
      item.className = right?.(value) ? "right" : "";
      const name = document.createElement("span");
      name.className = "class-answer";
      name.textContent = (q ? label(q, value) : String(value)) + verdict;
      const bar = document.createElement("span");
      bar.className = "class-bar";
      bar.style.width = `${(100 * n) / most}%`;
      const count = document.createElement("span");
      count.className = "class-n";
      count.textContent = String(n);
      item.append(name, bar, count);
      list.append(item);
    }
    figure.append(caption, list);
    el.append(figure);
  });
  el.hidden = el.childElementCount === 0;
}

/** Numbers in order along their axis; other answers most given first (the server's order), at most 12 bars. */
function sortedForBars(tally, q) {
  const sorted = q?.kind === "number" || q?.kind === "choice" ? [...tally].sort((a, b) => a[0] - b[0]) : tally;
  return sorted.slice(0, 12);
}

/** The value a sweep gives phone `index` of `count`: its seed, or its learning rate spaced evenly on a log scale. */
export function varied(settings, index, count) {
  if (settings.vary !== "learning_rate") return index + 1;
  const t = count > 1 ? index / (count - 1) : 0.5;
  return Number((settings.from * (settings.to / settings.from) ** t).toPrecision(3));
}

/** Overlays each phone's boundary (where its output crosses 0.5) on the plane, darker for a lower loss. */
export function drawSweep(canvas, summaries) {
  const ctx = canvas.getContext("2d");
  const size = canvas.width;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = "#ccc";
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  const losses = summaries.map((s) => s.loss);
  const low = Math.min(...losses);
  const high = Math.max(...losses);
  for (const summary of summaries) {
    const side = Math.round(Math.sqrt(summary.grid.length));
    if (side < 2) continue;
    const cell = size / side;
    // Lower loss, darker line: the good runs stand out from the stuck ones.
    const t = high > low ? (summary.loss - low) / (high - low) : 0;
    ctx.strokeStyle = `hsla(${215 + 100 * t}, 70%, ${30 + 30 * t}%, 0.85)`;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    const at = (row, col) => summary.grid[row * side + col] >= 0.5;
    for (let row = 0; row < side; row += 1) {
      for (let col = 0; col < side; col += 1) {
        if (col + 1 < side && at(row, col) !== at(row, col + 1)) {
          ctx.moveTo((col + 1) * cell, row * cell);
          ctx.lineTo((col + 1) * cell, (row + 1) * cell);
        }
        if (row + 1 < side && at(row, col) !== at(row + 1, col)) {
          ctx.moveTo(col * cell, (row + 1) * cell);
          ctx.lineTo((col + 1) * cell, (row + 1) * cell);
        }
      }
    }
    ctx.stroke();
  }
}

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

/**
 * Overlays each phone's boundary (where its output crosses 0.5) on the plane
 * [−6, 6]² (x₂ = 6 at the top, as the engine's grid), darker for a lower
 * loss, over the teacher's training points (a set of `points()`, or null) in faint colours.
 */
export function drawSweep(canvas, summaries, points) {
  const ctx = canvas.getContext("2d");
  const size = canvas.width;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = "#ccc";
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  // The points: `length` examples, their coordinates flat, two a point on a plane.
  if (points && points.points.length === 2 * points.length) {
    for (let k = 0; k < points.length; k += 1) {
      const [x1, x2] = [points.points[2 * k], points.points[2 * k + 1]];
      ctx.fillStyle = points.classes[k] === 1 ? "rgba(33, 102, 172, 0.35)" : "rgba(230, 120, 20, 0.35)";
      ctx.fillRect(((x1 + 6) / 12) * size - 1.5, ((6 - x2) / 12) * size - 1.5, 3, 3);
    }
  }
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
    contour(ctx, summary.grid, side, cell);
    ctx.stroke();
  }
}

/**
 * The 0.5 line of a grid of values at cell centres (marching squares, each
 * crossing placed by linear interpolation along its edge): one segment per
 * square of four neighbouring centres that the line crosses.
 */
function contour(ctx, grid, side, cell) {
  const v = (row, col) => grid[row * side + col] - 0.5;
  const at = (row, col) => [(col + 0.5) * cell, (row + 0.5) * cell];
  const cross = (a, b, va, vb) => {
    const t = va / (va - vb);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  };
  for (let row = 0; row + 1 < side; row += 1) {
    for (let col = 0; col + 1 < side; col += 1) {
      // The square's corners in order around it, and where the line crosses its sides.
      const corners = [
        [row, col],
        [row, col + 1],
        [row + 1, col + 1],
        [row + 1, col],
      ];
      const points = [];
      for (let k = 0; k < 4; k += 1) {
        const [r1, c1] = corners[k];
        const [r2, c2] = corners[(k + 1) % 4];
        const a = v(r1, c1);
        const b = v(r2, c2);
        if (a >= 0 !== b >= 0) points.push(cross(at(r1, c1), at(r2, c2), a, b));
      }
      // Two crossings: one segment; four (a saddle): two.
      for (let k = 0; k + 1 < points.length; k += 2) {
        ctx.moveTo(...points[k]);
        ctx.lineTo(...points[k + 1]);
      }
    }
  }
}

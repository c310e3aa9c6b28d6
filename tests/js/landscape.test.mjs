// The loss landscape's drawing helpers (contours, colour scale) and its
// sentences, on hand-made numbers whose answer is known.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pathSentence, planeShape, shapeSentence, sharpnessSentence, stepSentence } from "../../www/landscape-text.js";
import { contourSegments, lossScale, sequential } from "../../www/render/landscape.js";

/** A plane of `res` points a side over ±1 from f(α, β), in the engine's layout. */
function plane(res, f) {
  const half = (res - 1) / 2;
  const coords = Array.from({ length: res }, (_, i) => (i - half) / half);
  const losses = [];
  for (const b of coords) for (const a of coords) losses.push(f(a, b));
  let min = { alpha: 0, beta: 0, loss: Infinity };
  losses.forEach((loss, k) => {
    if (loss < min.loss) min = { alpha: coords[k % res], beta: coords[Math.floor(k / res)], loss };
  });
  // The curvature from second differences, as the engine computes it.
  const h = coords[1] - coords[0];
  const at = (i, j) => f(coords[i], coords[j]);
  const m = half;
  const aa = (at(m + 1, m) - 2 * at(m, m) + at(m - 1, m)) / (h * h);
  const bb = (at(m, m + 1) - 2 * at(m, m) + at(m, m - 1)) / (h * h);
  const ab = (at(m + 1, m + 1) - at(m + 1, m - 1) - at(m - 1, m + 1) + at(m - 1, m - 1)) / (4 * h * h);
  const mean = (aa + bb) / 2;
  const diff = Math.hypot((aa - bb) / 2, ab);
  return {
    resolution: res,
    range: 1,
    coords,
    losses,
    center: at(m, m),
    min,
    curvature: [aa, ab, bb],
    curvature_eigenvalues: [mean + diff, mean - diff],
    path: [],
  };
}

describe("landscape drawing", () => {
  it("traces a circle's contour through the cells it crosses, on the circle", () => {
    const res = 21;
    const p = plane(res, (a, b) => a * a + b * b);
    const segments = contourSegments(p.losses, res, 0.25);
    assert.ok(segments.length > 20);
    // In grid units the circle of radius 0.5 has radius 5 about (10, 10); linear interpolation stays within 0.1 of it.
    for (const segment of segments) {
      for (const [i, j] of segment) assert.ok(Math.abs(Math.hypot(i - 10, j - 10) - 5) < 0.1, `${i}, ${j}`);
    }
    assert.deepEqual(contourSegments(p.losses, res, 5), [], "no level above the grid");
  });

  it("scales colours from the lowest loss to the 90th percentile, square-rooted", () => {
    const scale = lossScale([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(scale.low, 1);
    assert.equal(scale.high, 10);
    assert.equal(scale.t(1), 0);
    assert.equal(scale.t(10), 1);
    assert.equal(scale.t(3.25), 0.5);
    assert.deepEqual(sequential(0), [68, 1, 84]);
    assert.deepEqual(sequential(1), [253, 231, 37]);
    assert.deepEqual(sequential(Number.NaN), [253, 231, 37], "a NaN loss shows as the highest");
  });
});

describe("landscape sentences", () => {
  it("reads a bowl, a saddle, a crest and a slope from the curvature", () => {
    assert.equal(planeShape(plane(11, (a, b) => a * a + 2 * b * b)), "minimum");
    assert.equal(planeShape(plane(11, (a, b) => a * a - b * b)), "saddle");
    assert.equal(planeShape(plane(11, (a, b) => -a * a - b * b)), "hill");
    assert.equal(planeShape(plane(11, (a, b) => (a - 0.8) ** 2 + b * b)), "slope");
    assert.equal(planeShape(plane(11, () => 1)), "flat");
    assert.equal(planeShape(plane(11, () => Number.NaN)), "nonfinite", "a diverged network has no shape");
    assert.match(shapeSentence("saddle"), /saddle.*momentum/);
    assert.match(shapeSentence("minimum"), /local minimum.*momentum or another initialisation/);
  });

  it("puts λ against 2/η with the engine's numbers", () => {
    assert.equal(
      sharpnessSentence({ lambda: 4.2448, threshold: 66.6667 }, "sgd"),
      "The sharpness λ = 4.24 is below 2/η = 66.7: a plain gradient-descent step of this size does not overshoot along the sharpest direction.",
    );
    assert.match(sharpnessSentence({ lambda: 80, threshold: 66.6667 }, "sgd"), /λ = 80 is above 2\/η = 66.7: plain gradient descent .* overshoots/);
    assert.match(sharpnessSentence({ lambda: 1, threshold: 2 }, "adam"), /adam scales its steps/);
  });

  it("says where the last step landed", () => {
    assert.match(stepSentence({ verdict: "short", vertex: 2.4854 }), /short of the minimum.*2\.49 steps/);
    assert.match(stepSentence({ verdict: "at", vertex: 1.02 }), /at the minimum/);
    assert.match(stepSentence({ verdict: "past", vertex: 0.7 }), /overshot.*0\.7 of the step.*lower than it started/);
    assert.match(stepSentence({ verdict: "far_past", vertex: 0.3 }), /higher than it started/);
    assert.match(stepSentence({ verdict: "uphill", vertex: -1 }), /rose/);
    assert.match(stepSentence({ verdict: "no_minimum", vertex: null }), /no minimum/);
  });

  it("tells a hill on the straight path from a fall all the way", () => {
    const t = [0, 0.5, 1, 1.25];
    assert.match(pathSentence({ t, losses: [1, 0.6, 0.5, 0.55], climb: 0, start_epoch: 0 }), /falls from 1 to 0\.5 with no hill/);
    assert.match(
      pathSentence({ t, losses: [1, 1.3, 0.5, 0.55], climb: 0.3, start_epoch: 0 }),
      /rises by 0\.3 before it falls: training went around a hill/,
    );
  });
});

// The address's view settings (www/url.js): read with a warning per bad key
// or value, written back in a fixed order.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VIEW_KEYS, readView, writeView } from "../../www/url.js";

const DEFAULTS = { edges: "weight", show_test: "false", discretize: "false", log_scale: "false", speed: "1" };

describe("url.js", () => {
  it("keeps good values and starts from the defaults", () => {
    const { view, warnings } = readView(
      [
        ["edges", "gradient"],
        ["speed", "max"],
      ],
      DEFAULTS,
    );
    assert.deepEqual(view, { ...DEFAULTS, edges: "gradient", speed: "max" });
    assert.deepEqual(warnings, []);
  });

  it("names an unknown key and a bad value, and uses the default for the bad value", () => {
    const { view, warnings } = readView(
      [
        ["colour", "red"],
        ["edges", "sideways"],
      ],
      DEFAULTS,
    );
    assert.equal(view.edges, "weight");
    assert.deepEqual(warnings, [
      "“colour” is not a setting of this page; it was ignored",
      "edges: “sideways” is not one of weight, gradient, update; using the default, weight",
    ]);
  });

  it("writes every view key, in VIEW_KEYS' order, and reads it back", () => {
    const view = { speed: "5", edges: "update", show_test: "true", discretize: "false", log_scale: "true" };
    const text = writeView(view);
    assert.equal(text, "edges=update&show_test=true&discretize=false&log_scale=true&speed=5");
    assert.deepEqual(Object.keys(VIEW_KEYS), ["edges", "show_test", "discretize", "log_scale", "speed"]);
    const pairs = text.split("&").map((pair) => pair.split("="));
    assert.deepEqual(readView(pairs, DEFAULTS).view, view);
  });
});

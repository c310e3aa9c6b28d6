// Messages (www/messages.js): an overlong value is cut with an ellipsis so a
// message fits the page; ordinary text is left as it is.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shorten } from "../../www/messages.js";

describe("messages.js shorten", () => {
  it("leaves an ordinary message alone", () => {
    const text = "learning_rate: “banana” is not a number; using the default, 0.03";
    assert.equal(shorten(text), text);
  });

  it("cuts a 5,000-character value, keeping its start and end", () => {
    const value = `a${"x".repeat(4998)}z`;
    const text = shorten(`dataset: “${value}” is not one of circle, xor`);
    assert.ok(text.length < 150, `${text.length} characters`);
    assert.match(text, /^dataset: “ax+…x+z” is not one of circle, xor$/);
  });

  it("cuts a long text of short words at a bound, with an ellipsis", () => {
    const text = shorten("word ".repeat(1000));
    assert.equal(text.length, 300);
    assert.ok(text.endsWith("…"));
  });
});

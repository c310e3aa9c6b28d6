// The controls a link hides (www/hide.js) and the address's teaching keys
// (`present`, `embed`, `hide` in www/url.js).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HIDEABLE, hidingCss, parseHide, writeHide } from "../../www/hide.js";
import { readView, writeView } from "../../www/url.js";

const DEFAULTS = { edges: "weight", show_test: "false", discretize: "false", log_scale: "false", speed: "1", present: "", embed: "", hide: "" };

describe("hide.js", () => {
  it("reads a list of known names, without repeats, and refuses an unknown or empty one", () => {
    assert.deepEqual(parseHide("noise,optimizer,noise"), ["noise", "optimizer"]);
    assert.equal(parseHide("noise,teapot"), null);
    assert.equal(parseHide(""), null);
    assert.equal(parseHide("noise,"), null);
  });

  it("writes names in the chooser's order, and every name reads back", () => {
    assert.equal(writeHide(["chart", "learning-rate", "noise"]), "learning-rate,noise,chart");
    assert.equal(writeHide([]), "");
    const all = HIDEABLE.map((c) => c.name);
    assert.equal(new Set(all).size, all.length, "a name is used twice");
    assert.deepEqual(parseHide(writeHide(all)), all);
  });

  it("knows the loss chart's Race and Timing buttons, after the chart in the chooser's order", () => {
    assert.deepEqual(parseHide("race,timing"), ["race", "timing"]);
    assert.equal(writeHide(["timing", "noise", "race", "chart"]), "noise,chart,race,timing");
    const css = hidingCss(["race", "timing"]);
    assert.match(css, /#race-toggle/);
    assert.match(css, /#traintime-toggle/);
    assert.doesNotMatch(css, /\.chart-wrap/);
    assert.deepEqual(
      HIDEABLE.filter((c) => c.name === "race" || c.name === "timing").map((c) => c.area),
      ["Output", "Output"],
    );
  });

  it("hides exactly the named controls' elements, and a whole area once all of it is hidden", () => {
    const css = hidingCss(["noise", "chart"]);
    assert.match(css, /\.slider:has\(#noise\)/);
    assert.match(css, /\.chart-wrap/);
    assert.doesNotMatch(css, /#learning-rate|\.hyper\b|\.data-panel\b/);
    assert.equal(hidingCss([]), "");
    const hyper = HIDEABLE.filter((c) => c.area === "Hyperparameters").map((c) => c.name);
    assert.match(hidingCss(hyper), /^\.hyper \{|,\n\.hyper \{/m);
    assert.doesNotMatch(hidingCss(hyper.slice(1)), /,\n\.hyper \{/);
  });
});

describe("url.js' teaching keys", () => {
  it("reads present, embed and hide, and leaves them out of the address while off", () => {
    const { view, warnings } = readView(
      [
        ["present", "1"],
        ["hide", "noise,seed"],
      ],
      DEFAULTS,
    );
    assert.deepEqual(warnings, []);
    assert.match(writeView(view), /&present=1&hide=noise,seed$/);
    assert.doesNotMatch(writeView(DEFAULTS), /present|embed|hide/);
  });

  it("names a bad value and ignores it", () => {
    const { view, warnings } = readView(
      [
        ["present", "yes"],
        ["hide", "teapot"],
      ],
      DEFAULTS,
    );
    assert.equal(view.present, "");
    assert.equal(view.hide, "");
    assert.deepEqual(warnings, [
      "present: “yes” is not one of 1; it was ignored",
      "hide: “teapot” is not a comma-separated list of controls (see “Choose what to show”); it was ignored",
    ]);
  });
});

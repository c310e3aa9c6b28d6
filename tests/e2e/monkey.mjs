// A seeded random walk over the page: every button, select, box, slider,
// key, mode, the inspector, the timeline and the window's size, in any
// order. After every action: no console error; no "NaN" or "undefined" on
// screen unless the divergence message is shown; the batch counter never
// goes backwards but by an action that rewinds (reset, the timeline, going
// back a phase, a setting that starts afresh); and the address reads back
// as the page's own settings. A failure names the seed and the actions, to
// replay them:
//
//   node tests/e2e/monkey.mjs [--seed S] [--actions N]   (cargo xtask monkey)

import { rng as random } from "../../bench/workloads.mjs";
import { launch, serve } from "./server.mjs";

const SIZES = [
  [390, 844],
  [800, 900],
  [1280, 720],
  [1440, 900],
  [1920, 1080],
];
const KEYS = [" ", "ArrowRight", "Shift+ArrowRight", "ArrowLeft", "s", "r", "[", "]", "?", "Escape", "p", "PageDown", "PageUp"];
const NUMBERS = ["1", "7", "25", "500", "0", "-3", "2.5", "abc", "1e9", ""];
/** Controls whose use may rightly take the counters back (or start afresh). */
const REWINDS =
  "#reset, #timeline, #timeline-now, #step-back, #step-back-batch, #regenerate, #seed, #noise, #train-fraction, " +
  "#samples, #classes, #init, #init-constants input, [data-dataset], [data-problem], .message button, " +
  // A new weight seed, a built-in table, a table's columns or standardization: a fresh run.
  "#new-weights, #weight-seed, [data-table], #standardize, #csv-preview button, #table-editor button, " +
  // A lesson's step opens its own scene; its answers step a phase (back after a wrong one).
  ".lesson-item, #lesson-prev, #lesson-next, #lesson-check, #lesson-reveal";
const REWIND_KEYS = new Set(["r", "ArrowLeft", "PageUp"]);

/** Picks one of `items` with `rand`. */
const pick = (rand, items) => items[Math.floor(rand() * items.length)];

/** One random action on `page`; resolves to its description, or null if nothing could be done. */
async function act(page, rand) {
  const helpOpen = await page.evaluate(() => document.getElementById("help").open || document.getElementById("lesson-list").open);
  if (helpOpen) {
    await page.keyboard.press("Escape");
    return { text: "key Escape (a dialog open)", rewinds: false };
  }
  const roll = rand();
  if (roll < 0.35) {
    const buttons = page.locator("button:visible:not([disabled])");
    const n = await buttons.count();
    if (n === 0) return null;
    const button = buttons.nth(Math.floor(rand() * n));
    const info = await button.evaluate(
      (el, rewinds) => ({
        name: el.id || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
        rewinds: el.matches(rewinds),
      }),
      REWINDS,
    );
    if (info.name === "save-setup") return null;
    await button.click({ timeout: 1000 });
    return { text: `click ${info.name}`, rewinds: info.rewinds };
  }
  if (roll < 0.5) {
    const selects = page.locator("select:visible:not([disabled])");
    const n = await selects.count();
    if (n === 0) return null;
    const select = selects.nth(Math.floor(rand() * n));
    const options = await select.evaluate((el) => [...el.options].map((o) => o.value));
    const value = pick(rand, options);
    const info = await select.evaluate((el, rewinds) => ({ name: el.id || el.getAttribute("aria-label"), rewinds: el.matches(rewinds) }), REWINDS);
    await select.selectOption(value, { timeout: 1000 });
    return { text: `select ${info.name} = ${value}`, rewinds: info.rewinds };
  }
  if (roll < 0.58) {
    const boxes = page.locator("input[type=checkbox]:visible, input[type=radio]:visible");
    const n = await boxes.count();
    if (n === 0) return null;
    const box = boxes.nth(Math.floor(rand() * n));
    const info = await box.evaluate((el, rewinds) => ({ name: el.id || `${el.name}=${el.value}`, rewinds: el.matches(rewinds) }), REWINDS);
    await box.click({ timeout: 1000 });
    // Standardizing a table (or not) is a fresh run.
    return { text: `toggle ${info.name}`, rewinds: info.rewinds };
  }
  if (roll < 0.68) {
    // A slider dragged to a random stop (the data's sliders and the timeline).
    const sliders = page.locator("input[type=range]:visible");
    const n = await sliders.count();
    if (n === 0) return null;
    const slider = sliders.nth(Math.floor(rand() * n));
    const fraction = rand();
    const info = await slider.evaluate(
      (el, [f, rewinds]) => {
        const [min, max, step] = [Number(el.min), Number(el.max), Number(el.step) || 1];
        el.value = String(min + Math.round((f * (max - min)) / step) * step);
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
        return { name: el.id, value: el.value, rewinds: el.matches(rewinds) };
      },
      [fraction, REWINDS],
    );
    return { text: `slide ${info.name} = ${info.value}`, rewinds: info.rewinds };
  }
  if (roll < 0.74) {
    const inputs = page.locator("input[type=number]:visible, input.param-input:visible");
    const n = await inputs.count();
    if (n === 0) return null;
    const input = inputs.nth(Math.floor(rand() * n));
    const value = pick(rand, NUMBERS);
    const info = await input.evaluate(
      (el, rewinds) => ({ name: el.id || el.dataset.index || el.getAttribute("aria-label"), rewinds: el.matches(rewinds) }),
      REWINDS,
    );
    // Typed key by key, as a person would: a number field drops what is not a number.
    await input.fill("", { timeout: 1000 });
    await input.pressSequentially(value);
    await input.press("Enter");
    await page.evaluate(() => document.activeElement?.blur());
    return { text: `type ${info.name} = "${value}"`, rewinds: info.rewinds };
  }
  if (roll < 0.88) {
    const key = pick(rand, KEYS);
    // Shortcuts act on the page, not on a focused control.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press(key === " " ? "Space" : key);
    return { text: `key ${key === " " ? "Space" : key}`, rewinds: REWIND_KEYS.has(key) };
  }
  if (roll < 0.92) {
    const canvas = page.locator("#output");
    const box = await canvas.boundingBox();
    if (!box) return null;
    const [x, y] = [rand() * box.width, rand() * box.height];
    await canvas.click({ position: { x, y }, timeout: 1000 });
    return { text: `click the output at ${x.toFixed(0)}, ${y.toFixed(0)}`, rewinds: false };
  }
  if (roll < 0.95) {
    const [width, height] = pick(rand, SIZES);
    await page.setViewportSize({ width, height });
    return { text: `resize to ${width} × ${height}`, rewinds: false };
  }
  const frames = 1 + Math.floor(rand() * 20);
  await page.evaluate(
    (n) =>
      new Promise((done) => {
        const next = (k) => (k === 0 ? done() : requestAnimationFrame(() => next(k - 1)));
        next(n);
      }),
    frames,
  );
  return { text: `wait ${frames} frames`, rewinds: false };
}

/** What the checks read after an action. */
const observe = (page) =>
  page.evaluate(() => {
    const c = window.backpropLab;
    const hash = location.hash.slice(1);
    const parsed = c.Lab.parseQuery(hash);
    const params = new URLSearchParams(hash);
    return {
      batches: c.lab.batches,
      diverged: document.querySelector('.message[data-key="diverged"]') !== null,
      // What is on screen: innerText leaves out what is hidden.
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      text: document.body.innerText,
      sameConfig: JSON.stringify(parsed.config) === JSON.stringify(c.lab.config()),
      warnings: parsed.warnings,
      speed: [params.get("speed"), document.getElementById("speed").value],
    };
  });

/**
 * Runs `actions` random actions from `seed` on a fresh page; resolves to
 * `{ done, failure }`, `failure` null or a message with the seed and the
 * actions so far. `open(hash)` gives a ready page (tests/e2e/server.mjs).
 */
export async function runMonkey({ open, seed, actions, hash = "seed=1&dataset=xor" }) {
  const rand = random(seed);
  const page = await open(hash);
  const log = [];
  const fail = (why) => ({
    done: log.length,
    failure: `monkey failed (seed ${seed}, action ${log.length}): ${why}\nreplay: node tests/e2e/monkey.mjs --seed ${seed} --actions ${log.length}\nactions:\n${log.map((a, i) => `  ${i + 1}. ${a}`).join("\n")}`,
  });
  let last = await observe(page);
  try {
    while (log.length < actions) {
      let action;
      try {
        action = await act(page, rand);
      } catch (error) {
        // An element that moved or closed before the click: no action, but the walk goes on.
        if (!/Timeout|detached|not visible|outside of the viewport/i.test(error.message)) throw error;
        action = null;
      }
      if (action === null) {
        log.push("(nothing to do)");
        continue;
      }
      log.push(action.text);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = await observe(page);
      if (page.errors.length) return fail(`console error: ${page.errors.join(" | ")}`);
      const bad = now.text.match(/.{0,40}\b(NaN|undefined)\b.{0,40}/);
      if (bad && !now.diverged) return fail(`“${bad[0]}” on screen without the divergence message`);
      if (now.batches < last.batches && !action.rewinds) return fail(`the batch counter went back from ${last.batches} to ${now.batches}`);
      if (!now.sameConfig) return fail("the address does not read back as the page's config");
      if (now.warnings.length) return fail(`the address reads back with warnings: ${now.warnings.join("; ")}`);
      if (now.speed[0] !== now.speed[1]) return fail(`the address says speed ${now.speed[0]}, the page ${now.speed[1]}`);
      last = now;
    }
    return { done: log.length, failure: null };
  } finally {
    await page.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const seed = arg("--seed", Math.floor(Math.random() * 2 ** 31));
  const actions = arg("--actions", 2000);
  const server = await serve();
  const browser = await launch();
  const open = async (hash) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.errors = [];
    page.on("console", (m) => m.type() === "error" && page.errors.push(m.text()));
    page.on("pageerror", (e) => page.errors.push(process.env.MONKEY_STACK ? e.stack : e.message));
    await page.goto(`${server.url}#${hash}`);
    await page.waitForSelector("body[data-ready='1']");
    return page;
  };
  const started = Date.now();
  const result = await runMonkey({ open, seed, actions });
  await browser.close();
  await server.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.failure) {
    console.error(result.failure);
    process.exit(1);
  }
  console.log(`monkey: ${result.done} actions from seed ${seed} in ${seconds} s, every check held`);
}

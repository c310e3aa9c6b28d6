// The classroom, end to end: the classroom server (the `classroom` crate's
// binary, on 127.0.0.1 and a free port) and one teacher page with three
// student pages in headless Chromium. The students follow the teacher's
// lesson steps; answer (right, wrong, none); the vote closes and a reload
// cannot change an answer; a second round with a neighbour; both rounds
// shown; the reveal judged by each phone's own engine; a class sweep of three
// seeds on one plot; a reloaded student is back in step; a reloaded teacher
// takes the room back; and a server restart leaves the teacher's page saying
// the room is gone.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { launch, SHOTS } from "./server.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const BINARY = join(ROOT, "target", "debug", "classroom");

/** Starts the classroom server on 127.0.0.1 (`port` 0: a free one); resolves to `{ url, port, stop }`. */
function startServer(port = 0) {
  const child = spawn(BINARY, ["--host", "127.0.0.1", "--port", String(port), "--root", ROOT], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("error", reject);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (found)
        resolve({
          url: `http://127.0.0.1:${found[1]}/`,
          port: Number(found[1]),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", done);
              child.kill();
            }),
        });
    });
  });
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const jsQR = createRequire(import.meta.url)("jsqr");

/** The text of the QR code on the dialog's canvas, decoded with jsQR. */
async function qrText(page) {
  await page.locator("#qr-canvas").waitFor({ state: "visible" });
  const { width, height, data } = await page.evaluate(() => {
    const canvas = document.getElementById("qr-canvas");
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let binary = "";
    for (let i = 0; i < pixels.data.length; i += 8192) binary += String.fromCharCode(...pixels.data.subarray(i, i + 8192));
    return { width: pixels.width, height: pixels.height, data: btoa(binary) };
  });
  return jsQR(new Uint8ClampedArray(Buffer.from(data, "base64")), width, height)?.data ?? null;
}

/** axe's violations on the page as it is now (as a11y.test.mjs audits). */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

const classroom = (page) => page.evaluate(() => window.backpropLab.classroom());
const lessonStep = (page) => page.evaluate(() => window.backpropLab.lesson()?.step ?? null);
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 15000 });

/** A student's page answers the open question with `value` through the lesson panel. */
async function answer(page, value) {
  await page.fill("#lesson-number", String(value));
  await page.click("#lesson-check");
}

/** The teacher's page starts a class from the lesson list; resolves to the room's code. */
async function startClass(teacher) {
  await teacher.click("#lessons-button");
  await teacher.click("#classroom-button");
  await teacher.click("#class-start-button");
  await until(teacher, () => window.backpropLab.classroom()?.code);
  return (await classroom(teacher)).code;
}

/** The page's parameters, bit for bit. */
const params = (page) =>
  page.evaluate(() => Array.from(new BigUint64Array(Float64Array.from(window.backpropLab.lab.snapshot().params).buffer), String));

/** The right answer by this page's own engine. */
const rightAnswer = (page) => page.evaluate(() => window.backpropLab.lesson().answer.number);

describe("the classroom", () => {
  let server;
  let browser;
  const pages = [];
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (!existsSync(BINARY)) spawnSync("cargo", ["build", "-p", "classroom", "--bin", "classroom"], { cwd: ROOT, stdio: "inherit" });
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(path, viewport) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.errors = [];
    page.on("pageerror", (e) => page.errors.push(e.message));
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector("body[data-ready='1']");
    pages.push(page);
    return page;
  }

  it("a teacher and three students: follow, vote in two rounds, reveal, sweep, reload, restart", async () => {
    const teacher = await open("#lesson=forward-pass&step=1", { width: 1280, height: 900 });
    const code = await startClass(teacher);
    assert.match(code, /^[A-Z2-9]{6}$/);
    const link = await teacher.textContent("#class-link");
    assert.equal(link, `${server.url}?class=${code}`);
    // The key stays in the teacher's tab: never in the link or the address.
    const key = await teacher.evaluate(() => JSON.parse(sessionStorage.getItem("backprop-lab-class-teacher")).key);
    assert.ok(!link.includes(key) && !(await teacher.evaluate(() => location.href)).includes(key));
    // The QR code holds the students' link.
    await teacher.click("#class-qr");
    assert.equal(await qrText(teacher), link);
    assert.equal(await teacher.textContent("#qr-title"), `Join class ${code}`);
    await teacher.click("#qr-dialog button");

    const phone = { width: 390, height: 844 };
    const students = [];
    for (const name of ["Ana", "Ben", ""]) {
      // Ana and Ben open the link; the third types the code into the page.
      const page = await open(name ? `?class=${code.toLowerCase()}` : "", phone);
      if (!name) {
        await page.click("#lessons-button");
        await page.click("#classroom-button");
        await page.fill("#class-code-input", "x y");
        await page.click("#class-code-form button");
        assert.match(await page.textContent("#class-status"), /is not a class's code/);
        await page.fill("#class-code-input", code.toLowerCase());
        await page.click("#class-code-form button");
        await page.waitForURL(/\?class=/);
        await page.waitForSelector("body[data-ready='1']");
      }
      await page.fill("#class-name", name);
      await page.click("#class-join button[type=submit]");
      await until(page, () => window.backpropLab.classroom()?.joined && window.backpropLab.lesson()?.id === "forward-pass");
      students.push(page);
    }
    const [ana, ben, cy] = students;
    await until(teacher, () => window.backpropLab.classroom().students === 3);
    assert.match(await teacher.textContent("#class-count"), /^3 students/);

    // The teacher steps; every phone follows.
    await teacher.click("#lesson-next");
    for (const s of students) await until(s, () => window.backpropLab.lesson()?.step === 1);
    await teacher.click("#lesson-prev");
    for (const s of students) await until(s, () => window.backpropLab.lesson()?.step === 0);

    // Round 1: Ana right, Ben wrong, Cy gives no answer (an empty one is refused on the phone).
    await teacher.click("#class-ask");
    for (const s of students) await until(s, () => window.backpropLab.classroom().question?.open === true);
    const truth = await rightAnswer(ana);
    assert.equal(truth, await rightAnswer(teacher), "each phone's engine gives the teacher's number");
    await answer(ana, truth.toFixed(4));
    await answer(ben, (truth + 1).toFixed(4));
    await cy.click("#lesson-check");
    assert.match(await cy.textContent("#lesson-feedback"), /Choose or type an answer first/);
    await until(teacher, () => window.backpropLab.classroom().question?.answered[0] === 2);
    assert.match(await teacher.textContent("#class-count"), /2 answered/);
    // Results hidden on the projector and the phones until shown.
    assert.equal(await teacher.isVisible("#class-results"), false);
    assert.equal(await ana.isVisible("#class-results"), false);
    // The share right is the teacher's alone, behind Peek.
    assert.equal(await teacher.isVisible("#class-private"), false);
    await teacher.click("#class-peek");
    assert.match(await teacher.textContent("#class-private"), /round 1, 1 of 2/);
    await teacher.click("#class-peek");
    assert.equal(await teacher.isVisible("#class-private"), false);
    // The console: a window for the teacher's own screen with the share right and the marked answers, never on the page.
    const [desk] = await Promise.all([teacher.context().waitForEvent("page"), teacher.click("#class-console")]);
    desk.errors = [];
    desk.on("pageerror", (e) => desk.errors.push(e.message));
    await desk.waitForFunction(() => /Round 1: 1 of 2 right \(50 %\)/.test(document.getElementById("console-share").textContent));
    assert.match(await desk.textContent("#console-count"), /3 students · round 1: 2 answered, vote open/);
    assert.match(await desk.textContent("#console-answer"), /The engine's answer: .*\(not revealed yet\)/);
    assert.match(await desk.textContent("#console-rounds"), /Round 1: 2 answers.*✓ right/s);
    assert.equal(await teacher.isVisible("#class-private"), false);
    assert.equal(await teacher.isVisible("#class-results"), false);

    // Closed: a reloaded phone is back with its answer and cannot change it.
    await teacher.click("#class-close");
    await until(ben, () => window.backpropLab.classroom().question?.open === false);
    await ben.reload();
    await ben.waitForSelector("body[data-ready='1']");
    await until(ben, () => window.backpropLab.classroom()?.joined && window.backpropLab.lesson()?.step === 0);
    const benBack = await classroom(ben);
    assert.equal(benBack.question.mine[0], Number((truth + 1).toFixed(4)));
    await answer(ben, truth.toFixed(4));
    assert.match(await ben.textContent("#lesson-feedback"), /vote is closed/);
    await teacher.waitForTimeout(300);
    assert.deepEqual((await classroom(teacher)).question.answered, [2, 0]);

    // Show the spread, then a second round with a neighbour to discuss with.
    await teacher.click("#class-show");
    await until(ana, () => !document.getElementById("class-results").hidden);
    assert.match(await ana.textContent("#class-results"), /Round 1: 2 answers/);
    await teacher.click("#class-second");
    await until(ana, () => window.backpropLab.classroom().question?.round === 2);
    assert.match(await ana.textContent("#class-follow"), /Discuss with Ben/);
    await until(cy, () => window.backpropLab.classroom().question?.round === 2);
    assert.match(await cy.textContent("#class-follow"), /Discuss with Ben/);
    await answer(ana, truth.toFixed(4));
    await answer(ben, (truth - 1).toFixed(4));
    await answer(cy, truth.toFixed(4));
    await until(teacher, () => window.backpropLab.classroom().question?.answered[1] === 3);
    await desk.waitForFunction(() => /Round 1: 1 of 2 right.*Round 2: 2 of 3 right/s.test(document.getElementById("console-share").textContent));
    await desk.screenshot({ path: join(SHOTS, "classroom-console.png") });
    assert.deepEqual(await violations(desk), []);
    await teacher.click("#class-close");
    await until(teacher, () => window.backpropLab.classroom().question?.open === false);
    await teacher.click("#class-show");
    await until(teacher, () => document.querySelectorAll("#class-results figure").length === 2);
    assert.match(await teacher.textContent("#class-results"), /Round 1: 2 answers.*Round 2: 3 answers/s);
    await teacher.screenshot({ path: join(SHOTS, "classroom-rounds.png") });
    assert.deepEqual(await violations(teacher), []);

    // The reveal: the engine's number; each phone judges its own answer.
    await teacher.click("#class-reveal");
    await until(ana, () => /right!/.test(document.getElementById("class-follow").textContent));
    await until(ben, () => /not quite/.test(document.getElementById("class-follow").textContent));
    await until(cy, () => /right!/.test(document.getElementById("class-follow").textContent));
    assert.match(await teacher.textContent("#class-private"), /round 1, 1 of 2; round 2, 2 of 3/);
    assert.match(await teacher.textContent("#class-results"), /✓ right/);
    await ana.screenshot({ path: join(SHOTS, "classroom-phone.png") });
    assert.deepEqual(await violations(ana), []);

    // A class sweep: each phone trains the lesson's setup with its own seed; three boundaries on one plot.
    await teacher.click("#class-sweep");
    await until(teacher, () => window.backpropLab.classroom().summaries === 3);
    await until(teacher, () => /3 of 3 phones in/.test(document.getElementById("class-sweep-text").textContent));
    const seeds = (await teacher.textContent("#class-sweep-text")).match(/seed \d/g).sort();
    assert.deepEqual(seeds, ["seed 1", "seed 2", "seed 3"]);
    await teacher.click("#present");
    await teacher.screenshot({ path: join(SHOTS, "classroom-sweep.png") });
    await teacher.click("#present");

    // The teacher moves on; a student who reloads is back in step.
    await teacher.click("#class-reset");
    await teacher.click("#lesson-next");
    await teacher.click("#lesson-next");
    for (const s of students) await until(s, () => window.backpropLab.lesson()?.step === 2);
    await cy.reload();
    await cy.waitForSelector("body[data-ready='1']");
    await until(cy, () => window.backpropLab.classroom()?.joined && window.backpropLab.lesson()?.step === 2);
    assert.equal(await lessonStep(cy), await lessonStep(teacher));

    // Look around, then rejoin the teacher.
    await ana.click("#class-look");
    await teacher.click("#lesson-prev");
    await ben.waitForFunction(() => window.backpropLab.lesson()?.step === 1);
    await ana.waitForTimeout(400);
    assert.equal(await lessonStep(ana), 2, "a student looking around is left where they are");
    await ana.click("#class-rejoin");
    await until(ana, () => window.backpropLab.lesson()?.step === 1);

    // The teacher reloads: the tab's key takes the room back, with its students and the sweep.
    await teacher.reload();
    await teacher.waitForSelector("body[data-ready='1']");
    await until(teacher, (c) => window.backpropLab.classroom()?.code === c && window.backpropLab.classroom().students === 3, code);
    assert.equal((await classroom(teacher)).summaries, 3);
    await teacher.click("#lesson-next");
    await until(ana, () => window.backpropLab.lesson()?.step === 2);

    // The server restarts: the teacher's page says the room is gone and offers a new one.
    const port = server.port;
    await server.stop();
    server = await startServer(port);
    await until(teacher, () => /is gone/.test(document.getElementById("class-status").textContent));
    assert.equal(await teacher.isVisible("#class-start-button"), true);
    await teacher.click("#class-start-button");
    await until(teacher, (old) => window.backpropLab.classroom()?.code && window.backpropLab.classroom().code !== old, code);

    for (const page of [teacher, desk, ...students]) assert.deepEqual(page.errors, []);
  });

  it("students train along with the teacher's run: its batches on their own engines, bit for bit, and back at a reset", async () => {
    const teacher = await open("#seed=5&dataset=circle&optimizer.kind=momentum", { width: 1280, height: 900 });
    const code = await startClass(teacher);
    const student = await open(`?class=${code}`, { width: 390, height: 844 });
    await student.click("#class-join button[type=submit]");
    await until(student, () => window.backpropLab.classroom()?.joined);
    const same = async (label) => {
      const batches = await teacher.evaluate(() => window.backpropLab.lab.batches);
      await until(student, (n) => window.backpropLab.lab.batches === n, batches);
      assert.deepEqual(await params(student), await params(teacher), label);
      return batches;
    };
    await teacher.click("#step-epoch");
    await teacher.click("#step-epoch");
    assert.ok((await same("two epochs")) > 0);
    // Played and paused: the phone catches up with what the teacher's run trained meanwhile.
    await teacher.click("#play");
    await teacher.waitForTimeout(1500);
    await teacher.click("#play");
    assert.ok((await same("played")) > 100);
    // A student looking around is left alone; rejoining catches up.
    await student.click("#class-look");
    await teacher.click("#step-epoch");
    await student.waitForTimeout(1200);
    assert.notEqual(await student.evaluate(() => window.backpropLab.lab.batches), await teacher.evaluate(() => window.backpropLab.lab.batches));
    await student.click("#class-rejoin");
    await same("rejoined");
    // The teacher resets: the phone goes back to the seed's weights.
    await teacher.click("#reset");
    assert.equal(await same("reset"), 0);
    for (const page of [teacher, student]) assert.deepEqual(page.errors, []);
  });

  it("a trained network the teacher loaded reaches the students with its weights, and steps on from there", async () => {
    const teacher = await open("#seed=4&dataset=xor&optimizer.kind=adam", { width: 1280, height: 900 });
    await teacher.click("#step-epoch");
    await teacher.click("#step-epoch");
    const model = await teacher.evaluate(() => window.backpropLab.lab.modelJson());
    await teacher.click("#reset");
    await teacher.setInputFiles("#load-model", { name: "xor.json", mimeType: "application/json", buffer: Buffer.from(model) });
    await teacher.waitForFunction(() => location.hash.includes("&model=kept"));
    const trained = await teacher.evaluate(() => window.backpropLab.lab.batches);
    assert.ok(trained > 0);
    const code = await startClass(teacher);
    const student = await open(`?class=${code}`, { width: 390, height: 844 });
    await student.fill("#class-name", "Dee");
    await student.click("#class-join button[type=submit]");
    // The student's own engine opens the teacher's weights (a fresh page of the address alone would be untrained).
    await until(student, (n) => window.backpropLab.lab.batches === n, trained);
    assert.deepEqual(await params(student), await params(teacher));
    // The teacher steps on: the student follows from the same weights, bit for bit.
    await teacher.click("#mode-step");
    // A whole batch and three phases of the next.
    await teacher.click("#step-to-batch");
    for (let i = 0; i < 3; i += 1) await teacher.click("#step-next");
    const stepped = await teacher.evaluate(() => window.backpropLab.lab.batches);
    assert.ok(stepped > trained);
    const moment = await teacher.evaluate(() => location.hash.match(/mode=step&batch=\d+&phase=3/)?.[0]);
    assert.ok(moment);
    await until(student, (m) => location.hash.includes(m), moment);
    await until(student, (n) => window.backpropLab.lab.batches === n, stepped);
    assert.deepEqual(await params(student), await params(teacher));
    for (const page of [teacher, student]) assert.deepEqual(page.errors, []);
  });
});

// A static server for the page on 127.0.0.1 (a free port), and a Chromium
// driven by playwright-core: shared by the end-to-end tests.

import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const ROOT = new URL("../..", import.meta.url).pathname;
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Serves index.html and www/ from the repository; resolves to `{ url, close }`. */
export function serve() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const relative = normalize(path === "/" ? "/index.html" : path).replace(/^\/+/, "");
    const file = join(ROOT, relative);
    const allowed = relative === "index.html" || relative.startsWith("www/");
    if (!allowed || relative.includes("..") || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("Chromium is missing: install it with `sudo apt-get install -y chromium chromium-driver`");
}

/** Headless Chromium with the flags this machine's closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Screenshots go here, for people to look at. */
export const SHOTS = join(ROOT, "target", "e2e");

/**
 * The suite's server and browser, started before its tests and stopped
 * after them: `const lab = useLab(); … await lab.open(hash)` gives a fresh
 * page at `hash`, ready, whose console errors collect in `page.errors`.
 */
export function useLab(hooks) {
  const lab = {};
  hooks.before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    lab.server = await serve();
    lab.browser = await launch();
  });
  hooks.after(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  lab.open = async (hash = "", viewport = { width: 1280, height: 720 }) => {
    const page = await lab.browser.newPage({ viewport });
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${lab.server.url}${hash ? `#${hash}` : ""}`);
    await page.waitForSelector("body[data-ready='1']");
    page.errors = errors;
    return page;
  };
  return lab;
}

// The QR code of a link, drawn in the page (offline) with the `qr` package
// (pinned in package.json; the build copies it to www/vendor/), so students
// open the same setup and moment on their phones.

import encodeQR from "./vendor/qr.js";

const $ = (id) => document.getElementById(id);

/** Pixels per module at most; the code is drawn as large as the dialog allows. */
const MAX_MODULE = 12;

/** What the dialog says of a page's own link; a class's link says what it is instead. */
const PAGE = { title: "Open this page on your phone", caption: "The link (setup, seed and moment):" };

/** Opens the QR dialog on `link` (`words`: its title and caption); a link too long for a QR code is said so instead. */
export function showQr(link, words = PAGE) {
  $("qr-title").textContent = words.title;
  $("qr-caption").textContent = words.caption;
  const canvas = $("qr-canvas");
  const text = $("qr-link");
  const problem = $("qr-problem");
  let modules = null;
  try {
    // Low error correction: the fewest modules, so a long link stays readable from a seat.
    modules = encodeQR(link, "raw", { ecc: "low", border: 4 });
  } catch (error) {
    problem.textContent = `This link is too long for a QR code (${link.length} characters: ${error.message}). Copy it instead.`;
  }
  problem.hidden = modules !== null;
  canvas.hidden = modules === null;
  text.textContent = link;
  if (modules) draw(canvas, modules);
  $("qr-dialog").showModal();
}

/** Black modules on white, each a whole number of pixels (a blurred edge scans worse). */
function draw(canvas, modules) {
  const count = modules.length;
  const room = Math.min(window.innerWidth - 80, window.innerHeight - 220, 720);
  const size = Math.max(2, Math.min(MAX_MODULE, Math.floor(room / count)));
  canvas.width = count * size;
  canvas.height = count * size;
  canvas.style.width = `${count * size}px`;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#000";
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) ctx.fillRect(x * size, y * size, size, size);
    });
  });
}

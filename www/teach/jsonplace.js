// Where a JSON text stops being JSON, as a line and column, for the message
// naming a teacher's broken lesson file. Browsers' JSON.parse messages give a
// position only sometimes (Chromium: not for an unexpected token or the end
// of the input; Safari: never), so a short scanner of JSON's grammar finds
// the first character that cannot continue a JSON text.

const SPACE = " \t\n\r";
const ESCAPES = '"\\/bfnrt';
const isDigit = (c) => c !== undefined && c >= "0" && c <= "9";
const isHex = (c) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** The offset of the first character that cannot continue a JSON text, or -1 when `text` is JSON. */
export function jsonErrorOffset(text) {
  let i = 0;
  const stop = () => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (i < text.length && SPACE.includes(text[i])) i += 1;
  };
  const expect = (ok) => {
    if (!ok) stop();
    i += 1;
  };
  function string() {
    expect(text[i] === '"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < " ") stop();
      i += 1;
      if (c === '"') return;
      if (c !== "\\") continue;
      const e = text[i];
      if (e === "u") {
        i += 1;
        for (let k = 0; k < 4; k += 1) expect(isHex(text[i]));
      } else if (e !== undefined && ESCAPES.includes(e)) i += 1;
      else stop();
    }
  }
  function number() {
    if (text[i] === "-") i += 1;
    if (text[i] === "0") i += 1;
    else if (isDigit(text[i])) while (isDigit(text[i])) i += 1;
    else stop();
    if (text[i] === ".") {
      i += 1;
      if (!isDigit(text[i])) stop();
      while (isDigit(text[i])) i += 1;
    }
    if (text[i] === "e" || text[i] === "E") {
      i += 1;
      if (text[i] === "+" || text[i] === "-") i += 1;
      if (!isDigit(text[i])) stop();
      while (isDigit(text[i])) i += 1;
    }
  }
  function list(close, item) {
    i += 1;
    space();
    if (text[i] !== close) {
      for (;;) {
        item();
        space();
        if (text[i] !== ",") break;
        i += 1;
      }
    }
    expect(text[i] === close);
  }
  function value() {
    space();
    const c = text[i];
    if (c === "{")
      return list("}", () => {
        space();
        string();
        space();
        expect(text[i] === ":");
        value();
      });
    if (c === "[") return list("]", value);
    if (c === '"') return string();
    if (c === "-" || isDigit(c)) return number();
    const word = { t: "true", f: "false", n: "null" }[c];
    if (word === undefined) stop();
    // A misspelt word stops at its first wrong letter.
    for (const letter of word) expect(text[i] === letter);
  }
  try {
    value();
    space();
    if (i < text.length) stop();
    return -1;
  } catch (error) {
    if (error instanceof JsonStop) return error.offset;
    throw error;
  }
}

class JsonStop {
  constructor(offset) {
    this.offset = offset;
  }
}

/** `offset` in `text` as 1-based `{ line, column }` (a column counts UTF-16 units, as editors near enough do). */
export function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

/** JSON.parse's error for `text`, with the line and column where the text stops being JSON. */
export function placeJsonError(text, error) {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return error.message;
  const { line, column } = lineAndColumn(text, offset);
  // Chromium's message says what it expected only when it gives a position.
  const said = / (in JSON )?at position \d+.*$/s;
  const detail = said.test(error.message) ? error.message.replace(said, "") : found(text[offset]);
  return `line ${line}, column ${column}: ${detail}`;
}

/** What stands where the text stops being JSON, in words. */
function found(c) {
  if (c === undefined) return "the text ends too soon";
  const names = { "\n": "line break", "\r": "line break", "\t": "tab", " ": "space" };
  return `unexpected ${names[c] ?? (c < " " ? "control character" : `“${c}”`)}`;
}

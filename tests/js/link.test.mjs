// A trained network's state packed for a link (www/link.js): it unpacks to
// the same text, stays in the address's alphabet, and a damaged, cut or
// crafted code is refused with a message that says what is wrong.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_UNPACKED, fromBase64url, pack, toBase64url, unpack, withModel } from "../../www/link.js";

const STATE = JSON.stringify({
  format: "backprop-lab model",
  version: 1,
  params: [0.123456789012345, -1.5e-7, 3, -0.9999999999999991],
  progress: { examples: 2500, batches: 250, epochs: 10, cursor: 0, shuffles: 11 },
  note: "x₁ → ŷ",
});

describe("link.js", () => {
  it("packs into base64url and unpacks to the same text", async () => {
    const code = await pack(STATE);
    assert.match(code, /^[A-Za-z0-9_-]+$/);
    assert.equal(await unpack(code), STATE);
  });

  it("writes every byte value and reads it back", () => {
    const bytes = Uint8Array.from({ length: 256 * 3 + 1 }, (_, i) => (i * 37) % 256);
    const text = toBase64url(bytes);
    assert.doesNotMatch(text, /[+/=]/);
    assert.deepEqual(fromBase64url(text), bytes);
  });

  it("says which character does not belong and when the code was cut", () => {
    assert.throws(() => fromBase64url("abc$def"), /“\$” at character 4 is not a letter, digit, - or _/);
    assert.throws(() => fromBase64url("abcde"), /5 characters cannot be base64url/);
  });

  it("refuses a damaged or cut code with a message, never garbage", async () => {
    const code = await pack(STATE.repeat(20));
    const middle = Math.floor(code.length / 2);
    const changed = `${code.slice(0, middle)}${code[middle] === "A" ? "B" : "A"}${code.slice(middle + 1)}`;
    const cut = code.slice(0, code.length - 9);
    for (const bad of [changed, cut]) {
      // Either the packed data does not unpack, or (a change deflate cannot see) the text differs and the engine's reader refuses it.
      const text = await unpack(bad).catch((error) => error);
      if (text instanceof Error) assert.match(text.message, /damaged/);
      else assert.notEqual(text, STATE.repeat(20));
    }
  });

  it("refuses a code that unpacks to more than any network needs", async () => {
    const code = await pack("0".repeat(MAX_UNPACKED + 1));
    assert.ok(code.length < 10000, "a small link");
    await assert.rejects(unpack(code), /unpacks to more than 4 MB/);
  });

  it("puts the model last in place of one there was, dropping an imported file's table keys when asked", () => {
    const query = "seed=1&dataset=circle&edges=weight&table=file&columns=0,1/2/auto/raw&model=kept";
    assert.equal(withModel(query, "Xy_-"), "seed=1&dataset=circle&edges=weight&table=file&columns=0,1/2/auto/raw&model=Xy_-");
    assert.equal(withModel(query, "Xy_-", true), "seed=1&dataset=circle&edges=weight&model=Xy_-");
    assert.equal(withModel("seed=1&table=iris", "Q"), "seed=1&table=iris&model=Q");
  });
});

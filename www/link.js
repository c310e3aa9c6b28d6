// A trained network in a link: the engine's state JSON (`lab.stateJson`),
// packed with the browser's own raw deflate (CompressionStream: no library,
// no bytes of code to ship) and written in base64url, as the address's
// `model=` key. It rides in the fragment, after `#`, like every setting:
// the fragment never reaches a server (nor its logs), so a link is opened
// offline and its weights stay between the people who share it.
// Pure functions with no page around them: the unit tests run them in Node.

/** The longest link the page makes: links past about 8,000 characters break in some chat apps and mail programs. */
export const LINK_LIMIT = 8000;

/** The most a link's model may unpack to: a guard against a crafted link that inflates without end. */
export const MAX_UNPACKED = 4 << 20;

/** `bytes` in base64url (RFC 4648 §5), without padding. */
export function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of base64url text; throws an Error that says why it is not. */
export function fromBase64url(text) {
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad) throw new Error(`“${bad[0]}” at character ${bad.index + 1} is not a letter, digit, - or _ (was the link cut or changed?)`);
  if (text.length % 4 === 1) throw new Error(`its ${text.length} characters cannot be base64url (was the link cut?)`);
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** `text` deflated and in base64url. */
export async function pack(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The text `pack` made; a damaged or crafted code throws an Error that says what is wrong with it. */
export async function unpack(code) {
  const bytes = fromBase64url(code);
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_UNPACKED) break;
      chunks.push(value);
    }
  } catch {
    throw new Error("its packed weights are damaged (cut or changed): they do not unpack");
  }
  if (size > MAX_UNPACKED) {
    await reader.cancel().catch(() => {});
    throw new Error(`it unpacks to more than ${MAX_UNPACKED >> 20} MB, more than any network here needs`);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new Error("its packed weights are damaged: they unpack to something that is not text");
  }
}

/**
 * The address's query with `model=code` in place of any `model` key; with
 * `dropTable`, without the `table` and `columns` keys (an imported file's
 * rows travel in the model, as no other page has the file).
 */
export function withModel(query, code, dropTable = false) {
  const dropped = dropTable ? ["model", "table", "columns"] : ["model"];
  const kept = query.split("&").filter((pair) => pair !== "" && !dropped.includes(pair.split("=")[0]));
  return [...kept, `model=${code}`].join("&");
}

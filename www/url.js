// The page's address holds its whole state: the engine's config (written and
// read by the engine, so it is always canonical) followed by the page's own
// view settings. Only the controller calls these.

/** The view settings the page keeps in the address, with their allowed values. */
export const VIEW_KEYS = {
  edges: ["weight", "gradient", "update"],
  show_test: ["false", "true"],
  discretize: ["false", "true"],
  log_scale: ["false", "true"],
  speed: ["1", "batch", "10batches", "5", "20", "max"],
};

/** The address's query, without its `#`. */
export function readHash() {
  return window.location.hash.replace(/^#/, "");
}

/** Replaces the address (no new history entry, no reload). */
export function writeHash(query) {
  const url = `${window.location.pathname}${window.location.search}#${query}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, "", url);
  }
}

/**
 * Reads the view settings from the keys the engine did not know; returns
 * `{ view, warnings }`. Unknown keys and bad values each get a warning.
 */
export function readView(unknown, defaults) {
  const view = { ...defaults };
  const warnings = [];
  for (const [key, value] of unknown) {
    const allowed = VIEW_KEYS[key];
    if (!allowed) {
      warnings.push(`“${key}” is not a setting of this page; it was ignored`);
    } else if (!allowed.includes(value)) {
      warnings.push(`${key}: “${value}” is not one of ${allowed.join(", ")}; using the default, ${defaults[key]}`);
    } else {
      view[key] = value;
    }
  }
  return { view, warnings };
}

/** The view settings as query pairs. */
export function writeView(view) {
  return Object.keys(VIEW_KEYS)
    .map((key) => `${key}=${view[key]}`)
    .join("&");
}

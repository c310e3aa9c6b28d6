// The messages above the page: warnings and errors, each under a key so that
// a newer one replaces it and it can be taken away; each can be dismissed,
// and may carry one button (e.g. "Go back to the last finite state") and
// something to do when dismissed.

/** The longest run of characters a message shows unbroken, and the longest line it shows. */
const LONGEST_WORD = 60;
const LONGEST_TEXT = 300;

/** `text` with any overlong value (a pasted link's, say) cut with an ellipsis, so a message fits the page. */
export function shorten(text) {
  const words = text.replace(new RegExp(`\\S{${LONGEST_WORD + 1},}`, "g"), (w) => `${w.slice(0, 40)}…${w.slice(-12)}`);
  return words.length > LONGEST_TEXT ? `${words.slice(0, LONGEST_TEXT - 1)}…` : words;
}

export class Messages {
  constructor(el) {
    this.el = el;
  }

  /** Shows `text` (with a list of `items`) as `kind` "warning" or "error", replacing the one under `key`; `dismissed()` runs when the user closes it. */
  show(kind, text, items = [], key = "", button = null, dismissed = null) {
    this.remove(key);
    const box = document.createElement("div");
    box.className = `message ${kind}`;
    box.dataset.key = key;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    const p = document.createElement("p");
    p.textContent = shorten(text);
    if (items.length) {
      const ul = document.createElement("ul");
      for (const item of items) {
        const li = document.createElement("li");
        li.textContent = shorten(item);
        ul.append(li);
      }
      p.append(ul);
    }
    box.append(p);
    if (button) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "text-button";
      b.textContent = button.label;
      b.addEventListener("click", button.action);
      box.append(b);
    }
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "round-button small";
    dismiss.textContent = "×";
    dismiss.setAttribute("aria-label", "Dismiss this message");
    dismiss.addEventListener("click", () => {
      box.remove();
      dismissed?.();
    });
    box.append(dismiss);
    this.el.append(box);
  }

  remove(key) {
    if (key) this.el.querySelector(`[data-key="${key}"]`)?.remove();
  }

  clear() {
    this.el.replaceChildren();
  }
}

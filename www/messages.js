// The messages above the page: warnings and errors, each under a key so that
// a newer one replaces it and it can be taken away; each can be dismissed,
// and may carry one button (e.g. "Go back to the last finite state") and
// something to do when dismissed.

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
    p.textContent = text;
    if (items.length) {
      const ul = document.createElement("ul");
      for (const item of items) {
        const li = document.createElement("li");
        li.textContent = item;
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

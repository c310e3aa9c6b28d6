// The confusion matrices of a table's classes, training and test: how many
// examples of each actual class (rows) the network puts in each class
// (columns), the diagonal right, with each class's accuracy. A cell's count
// is a button: each press shows the next of its examples. Plain data in
// (tableview.js' `confusion`).

import { formatNumber } from "./format.js";

const formatPercent = (v) => `${formatNumber(v * 100, 1)} %`;

function element(tag, className = "", text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== "") el.textContent = text;
  return el;
}

/** One split's matrix as a table: `result` `{ counts, examples, perClass, accuracy, total }`, `names` the classes; `onCell(actual, predicted)` when a count is pressed. */
function matrix(title, result, names, onCell) {
  const table = element("table", "confusion-table");
  table.append(element("caption", "", `${title}: ${result.total ? formatPercent(result.accuracy) : "no examples"}`));
  const head = element("tr");
  const corner = element("th", "corner");
  corner.append(element("span", "", "actual ↓"), element("span", "", "predicted →"));
  head.append(corner);
  for (const name of names) head.append(element("th", "", name));
  head.append(element("th", "", "right"));
  const thead = element("thead");
  thead.append(head);
  const body = element("tbody");
  result.counts.forEach((row, a) => {
    const tr = element("tr");
    tr.append(element("th", "", names[a]));
    for (const [p, count] of row.entries()) {
      const td = element("td", p === a ? "hit" : count ? "miss" : "", count ? "" : "0");
      if (count) {
        const button = element("button", "cell", String(count));
        button.type = "button";
        const label = `${title}: ${count} of ${names[a]} predicted ${names[p]}; show one in the diagram`;
        button.setAttribute("aria-label", label);
        button.title = label;
        button.addEventListener("click", () => onCell(a, p));
        td.append(button);
      }
      tr.append(td);
    }
    tr.append(element("td", "rate", Number.isNaN(result.perClass[a]) ? "–" : formatPercent(result.perClass[a])));
    body.append(tr);
  });
  table.append(thead, body);
  return table;
}

/**
 * Fills `box` with the training and test matrices (`{ names, epoch, train,
 * test }`, each as tableview.js' `confusion` gives), or hides it for null;
 * `onCell(split, actual, predicted)` when a count is pressed.
 */
export function drawConfusion(box, view, onCell) {
  box.hidden = view === null;
  if (view === null) return;
  // The button pressed is drawn again: focus stays on its place.
  const focused = box.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label") : null;
  box.replaceChildren(
    element("h3", "", `Confusion matrix, epoch ${view.epoch}`),
    matrix("Training", view.train, view.names, (a, p) => onCell("train", a, p)),
    matrix("Test", view.test, view.names, (a, p) => onCell("test", a, p)),
  );
  if (focused) [...box.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === focused)?.focus();
}

// The confusion matrices of a table's classes, training and test: how many
// examples of each actual class (rows) the network puts in each class
// (columns), the diagonal right, with each class's accuracy. Plain data in
// (tableview.js' `confusion`).

import { formatNumber } from "./format.js";

const formatPercent = (v) => `${formatNumber(v * 100, 1)} %`;

function element(tag, className = "", text = "") {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== "") el.textContent = text;
  return el;
}

/** One split's matrix as a table: `result` `{ counts, perClass, accuracy, total }`, `names` the classes. */
function matrix(title, result, names) {
  const table = element("table", "confusion-table");
  table.append(element("caption", "", `${title}: ${result.total ? formatPercent(result.accuracy) : "no examples"}`));
  const head = element("tr");
  head.append(element("th", "corner", "actual ↓ predicted →"));
  for (const name of names) head.append(element("th", "", name));
  head.append(element("th", "", "right"));
  const thead = element("thead");
  thead.append(head);
  const body = element("tbody");
  result.counts.forEach((row, a) => {
    const tr = element("tr");
    tr.append(element("th", "", names[a]));
    for (const [p, count] of row.entries()) tr.append(element("td", p === a ? "hit" : count ? "miss" : "", String(count)));
    tr.append(element("td", "rate", Number.isNaN(result.perClass[a]) ? "–" : formatPercent(result.perClass[a])));
    body.append(tr);
  });
  table.append(thead, body);
  return table;
}

/** Fills `box` with the training and test matrices (`{ names, epoch, train, test }`, each as tableview.js' `confusion` gives), or hides it for null. */
export function drawConfusion(box, view) {
  box.hidden = view === null;
  if (view === null) return;
  box.replaceChildren(
    element("h3", "", `Confusion matrix, epoch ${view.epoch}`),
    matrix("Training", view.train, view.names),
    matrix("Test", view.test, view.names),
  );
}

// What the network makes of each example of a table, from the engine's
// predictions (`lab.predictions`), counted again when the network shown has
// changed and training is paused: for classes, the training and test
// confusion matrices; for a value, predicted against actual; for a square
// image (digits), a grid of the test images with their predicted labels.
// A matrix cell, a point or an image shows that example in the diagram,
// its numbers on the neurons (`exampleLabels`).

import { drawConfusion } from "./render/confusion.js";
import { DigitGrid } from "./render/digits.js";
import { formatNumber } from "./render/format.js";
import { ScatterView } from "./render/scatter.js";
import { confusion, fileValue, isImage } from "./tableview.js";

const $ = (id) => document.getElementById(id);

/** What each neuron shows for one example outside step mode (`run`, `lab.example` or `lab.predict`): its activation a, and the inputs' values. */
export function exampleLabels(run) {
  const labels = run.a.map((layer) => Array.from(layer, (v) => ({ kind: "a", text: `a ${formatNumber(v, 3)}` })));
  return { labels, inputs: Array.from(run.inputs, (v) => formatNumber(v, 2)) };
}

/** A square-image table's test images: each one's pixels in the file's units, read from `rows` (`lab.points()`). */
export function digitView(table, rows, predicted, epoch) {
  const k = table.inputNames.length;
  const test = rows.test;
  const image = (e) => Float64Array.from({ length: k }, (_, i) => fileValue(table, i, test.points[e * k + i]));
  // Ink runs from the file's smallest value (blank) to its largest over the images.
  let max = 0;
  for (let e = 0; e < test.length; e += 1) for (const v of image(e)) max = Math.max(max, v);
  return { epoch, side: Math.round(Math.sqrt(k)), max, names: table.classNames, count: test.length, image, predicted, actual: test.classes };
}

export class ExampleViews {
  constructor(page) {
    this.page = page;
    /** Which of a cell's examples each press shows next, by `split:actual:predicted`. */
    this.visits = new Map();
    this.scatter = new ScatterView($("scatter"), $("scatter-caption"), { onPick: (split, index) => this.show(split, index) });
    this.digits = new DigitGrid($("digits"), { onPick: (index) => this.show("test", index) });
    this.key = null;
  }

  /** Shows an example in the diagram, its numbers on the neurons. */
  show(split, index) {
    this.page.showValues(true);
    this.page.pick(split, index);
  }

  /** A new network or data: everything is counted again at the next paused frame. */
  rebuild() {
    this.key = null;
    this.visits.clear();
    this.digits.page = 0;
  }

  /** Every frame: counts again when paused and the network shown has changed; rings the example shown. */
  render() {
    const { lab, table, playing, version, example } = this.page;
    const regression = table !== null && table.classNames.length === 0;
    $("scatter-box").hidden = !regression;
    if (!table) {
      this.key = null;
      drawConfusion($("confusion"), null);
      this.digits.draw(null);
      return;
    }
    const ringed = example.split === "what-if" ? null : example;
    const key = `${lab.batches}:${version}:${lab.timeline().viewing}`;
    if (!playing && key !== this.key) {
      this.key = key;
      this.count(regression, ringed);
    }
    if (
      regression &&
      this.scatterView &&
      `${ringed?.split}:${ringed?.index}` !== `${this.scatterView.selected?.split}:${this.scatterView.selected?.index}`
    ) {
      this.scatterView.selected = ringed && { ...ringed };
      this.scatter.draw(this.scatterView);
    }
  }

  /** The engine's predictions for both sets, drawn (predicted against actual with `ringed`, the example shown, ringed: drawn once). */
  count(regression, ringed) {
    const { lab, table } = this.page;
    const rows = this.page.screen.rows;
    const train = lab.predictions("train");
    const test = lab.predictions("test");
    if (regression) {
      drawConfusion($("confusion"), null);
      this.digits.draw(null);
      const set = (p, points) => ({ actual: Array.from(points.values), predicted: Array.from(p.outputs) });
      const selected = ringed && { ...ringed };
      this.scatterView = { name: table.targetName, train: set(train, rows.train), test: set(test, rows.test), selected };
      this.scatter.draw(this.scatterView);
      return;
    }
    this.scatterView = null;
    const classes = table.classNames.length;
    const matrices = { train: confusion(train.classes, rows.train.classes, classes), test: confusion(test.classes, rows.test.classes, classes) };
    const onCell = (split, a, p) => {
      const examples = matrices[split].examples[a][p];
      const id = `${split}:${a}:${p}`;
      const visit = this.visits.get(id) ?? 0;
      this.visits.set(id, visit + 1);
      this.show(split, examples[visit % examples.length]);
    };
    drawConfusion($("confusion"), { names: table.classNames, epoch: lab.epoch, train: matrices.train, test: matrices.test }, onCell);
    this.digits.draw(isImage(table) && rows.test.length > 0 ? digitView(table, rows, test.classes, lab.epoch) : null);
  }
}

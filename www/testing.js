// The page's test interface, `window.backpropLab`: what the end-to-end tests
// (tests/e2e/) and the frame benchmark (bench/frame.mjs) may read of the
// running page, and nothing else. Read-only; documented in tests/e2e/README.md.

/** The interface over a running controller and the engine's wasm memory. */
export function testInterface(controller, memory) {
  return Object.freeze({
    /** The engine's wasm memory in bytes (it only grows), for the soak test. */
    wasmBytes() {
      return memory.buffer.byteLength;
    },
    /** The class this page is in (www/classroom/): `{ role, code, joined, following, students, question, summaries }`, or null. */
    classroom() {
      return controller.classroom.testView();
    },
    /** The engine class, for a second lab to compare with (docs/api.md). */
    get Lab() {
      return controller.Lab;
    },
    /** The page's engine handle (its public API is docs/api.md). */
    get lab() {
      return controller.lab;
    },
    /** Whether training is playing. */
    get playing() {
      return controller.playing;
    },
    /** Whether the page is in step-through mode. */
    get stepping() {
      return controller.steps.stepping;
    },
    /** The example of the stepped batch that the labels and the inspector show (from 0). */
    get stepExample() {
      return controller.steps.example;
    },
    /** How many parameters the last "Check every gradient" found disagreeing (0 once dropped). */
    get disagreements() {
      return controller.checks.disagree.size;
    },
    /** How many epochs the loss chart shows. */
    get chartLength() {
      return controller.screen.chart.length;
    },
    /** The epochs of the loss chart's points. */
    chartEpochs() {
      return controller.screen.chart.epochs.slice();
    },
    /** Each playing frame's whole work in ms (training, metrics, heatmaps, redraw), oldest first. */
    frameWork() {
      return controller.frameWork.slice();
    },
    /** The example the output plot's ring marks, as last drawn: `{ split, index }` or null. */
    ringedExample() {
      return controller.screen.output.ringed ? { ...controller.screen.output.ringed } : null;
    },
    /** The example the diagram shows: `{ split, index }` of a set, or `{ split: "what-if", values, from }` (values in the file's units). */
    shownExample() {
      const { values, from, ...rest } = controller.example;
      return values ? { ...rest, values: values.slice(), from: { ...from } } : rest;
    },
    /** Whether the neurons show the example's numbers outside step mode. */
    get valuesShown() {
      return controller.valuesShown;
    },
    /** A table's predicted-against-actual points as last drawn: `{ split, index, actual, predicted, x, y }` (x, y in the canvas's CSS pixels). */
    scatterPoints() {
      return controller.screen.examples.scatter.points();
    },
    /** A square-image table's test images as last drawn: `{ index, predicted, actual }` (class numbers). */
    digitImages() {
      return controller.screen.examples.digits.shown();
    },
    /** Each edge as last drawn: `{ layer, index, value, width, highlighted }`, the width in CSS pixels encoding |value|. */
    edgeWidths() {
      return controller.screen.network.drawnEdges();
    },
    /** The inspected target `{ kind, layer, neuron, input, index, name }`, or null. */
    selected() {
      return controller.selection.selected ? { ...controller.selection.selected.target } : null;
    },
    /** The lesson open, `{ id, step, count, kind, answer }` (step from 0; `answer` as www/teach/answer.js' `expected` computes it now, null before the question's `after` has run), or null. */
    lesson() {
      return controller.lessons.testView();
    },
    /** The loss landscape panel's numbers as last drawn, `{ plane, curve, sharpness, step }` (the engine's objects), or null before it computed any. */
    landscape() {
      const panel = controller.screen.landscape;
      return panel.plane ? structuredClone({ plane: panel.plane, curve: panel.curve, sharpness: panel.sharpness, step: panel.step }) : null;
    },
    /** The race as last drawn: `{ kind, target, running, copies: [{ label, epoch, batches, diverged, promoted, curve }], drawn, frameWork }` (`curve` the chart's points of that copy, `drawn` the chart's `{ points, low, high, lastEpoch }`). */
    race() {
      const panel = controller.race;
      const results = panel.race.results();
      return structuredClone({
        kind: panel.race.kind,
        target: panel.race.target,
        running: panel.running,
        copies: results.map((r, i) => ({ ...r, curve: panel.curves()[i] })),
        drawn: panel.chartDrawn,
        frameWork: panel.frameWork,
      });
    },
    /** The training-time dialog's numbers: `{ rate, rows: [{ examples, ms, batches, rate }], projection: { examples, ms }, measuring, sizes, frameWork }` (`rate` null until measured). */
    trainTime() {
      return controller.trainTime.testView();
    },
    /** Page coordinates of a point on the edge of weight (layer, neuron, input), sample `k` of 0–16 along it, and the weight's index. */
    edgePoint(layer, neuron, input, k = 8) {
      return controller.screen.network.edgePoint(layer, neuron, input, k);
    },
  });
}

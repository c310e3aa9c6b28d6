// A fresh engine session of a config on the page's own data (a generated
// set, drawn points or a table's rows), for work beside the user's run (the
// race's copies, the training-time measurements) that must not touch it.

/** A new `Lab` of `config` on the data of `page.lab`; throws the engine's error. */
export function freshLab(page, config) {
  const { Lab, lab: main, table } = page;
  const points = main.dataPoints();
  if (points?.drawn) return Lab.withPoints(config, points.coords, points.labels);
  if (!table) return new Lab(config);
  // A table's rows travel in its model file; its setup then starts afresh.
  const lab = Lab.fromModel(main.modelJson());
  try {
    lab.setConfig(config);
    lab.reset();
    lab.setSlice(main.slice());
  } catch (error) {
    lab.free();
    throw error;
  }
  return lab;
}

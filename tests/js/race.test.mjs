// The race (www/race/): copies trained in turns are bit for bit the same
// setups trained alone; they stay in lockstep and stop at the target epoch;
// the kinds' defaults, typed values and configs; the spread of final losses.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { initSync, Lab } from "../../www/pkg/backprop_lab.js";
import { checkCount, defaultValues, parseValues, variantConfig } from "../../www/race/kinds.js";
import { Race, spread } from "../../www/race/run.js";

initSync({ module: readFileSync(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url)) });

const catalog = Lab.catalog();
const spiral = { ...catalog.defaults, dataset: "spiral", seed: 7, hidden: [{ neurons: 6, activation: "tanh" }] };

/** A clock that moves by turns of a fixed pattern (times `scale` ms) at every reading: slices of many sizes, the same every run. */
function fakeClock(scale) {
  const pattern = [0.05, 0.4, 1.3, 0.2, 3.1, 0.01, 0.7];
  let t = 0;
  let i = 0;
  return () => (t += scale * pattern[i++ % pattern.length]);
}

/** Everything a session's future depends on: weights, optimizer state, counters and metrics (the engine's own record, exact). */
function state(lab) {
  return { params: [...lab.snapshot().params], epoch: lab.epoch, batches: lab.batches, saved: JSON.parse(lab.stateJson(false, true)) };
}

function raceOf(kind, values, epochs, config = spiral) {
  const race = new Race((c) => new Lab(c));
  race.start(config, kind, values, epochs, catalog);
  return race;
}

function runToEnd(race, budget, clock) {
  let turns = 0;
  while (!race.done) {
    race.train(budget, clock);
    turns += 1;
    assert.ok(turns < 10000, "the race ends");
  }
  race.read();
  return turns;
}

describe("a copy in the race equals its setup trained alone", () => {
  for (const [kind, values] of [
    ["seed", [1, 2, 3]],
    ["optimizer", ["sgd", "momentum", "rprop", "adam", "cg", "evolution"]],
    ["batch_size", [1, 10, 125]],
    ["learning_rate", [0.01, 0.3]],
  ]) {
    it(`${kind}: weights, optimizer state and metrics bit for bit`, () => {
      const race = raceOf(kind, values, 6);
      const turns = runToEnd(race, 5, fakeClock(0.37));
      assert.ok(turns > 3, `trained in many turns (${turns})`);
      race.copies.forEach((copy, i) => {
        const alone = new Lab(variantConfig(spiral, kind, values[i], catalog));
        alone.trainEpochs(6);
        assert.equal(copy.lab.epoch, 6, `${copy.label} stopped at the target epoch`);
        assert.deepEqual(state(copy.lab), state(alone), copy.label);
        alone.free();
      });
      race.free();
    });
  }

  it("a race paused mid-epoch measures each copy as it stands, and trains on unchanged", () => {
    const race = raceOf("seed", [3, 4], 4);
    race.train(1, fakeClock(0.4));
    race.settle();
    runToEnd(race, 3, fakeClock(0.5));
    const alone = new Lab({ ...spiral, weight_seed: 4 });
    alone.trainEpochs(4);
    assert.deepEqual(state(race.copies[1].lab).params, state(alone).params);
    alone.free();
    race.free();
  });

  it("a promoted copy is the page's to keep: the same network as its setup trained alone", () => {
    const race = raceOf("learning_rate", [0.03, 0.1, 0.3], 3);
    runToEnd(race, 4, fakeClock(0.6));
    const lab = race.promote(1);
    assert.equal(race.copies[1].lab, null);
    assert.equal(race.results()[1].promoted, true);
    assert.ok(race.done, "the promoted copy no longer trains");
    const alone = new Lab({ ...spiral, learning_rate: 0.1 });
    alone.trainBatches(lab.batches);
    assert.deepEqual(state(lab), state(alone));
    race.free();
    // The race left it alive: it still trains.
    assert.equal(lab.trainEpochs(1).epochs, 1);
    lab.free();
    alone.free();
  });
});

describe("turns", () => {
  it("keep the copies in lockstep: none more than one epoch ahead of the slowest", () => {
    const race = raceOf("batch_size", [1, 10, 250], 8);
    const clock = fakeClock(0.25);
    while (!race.done) {
      race.train(3, clock);
      const progress = race.copies.map((c) => race.progress(c));
      assert.ok(Math.max(...progress) - Math.min(...progress) <= 1, progress.join(", "));
    }
    race.free();
  });

  it("stay within the budget: a turn starts only while time is left", () => {
    const race = raceOf("seed", [1, 2], 50);
    const clock = fakeClock(1);
    race.train(1, clock);
    // The first turn measures one batch of one copy; the budget of 1 ms allows no second.
    assert.equal(race.copies[0].lab.batches + race.copies[1].lab.batches, 1);
    race.free();
  });

  it("a diverging copy stops while the others go on", () => {
    const race = raceOf("learning_rate", [0.03, 900], 5, { ...spiral, hidden: [{ neurons: 6, activation: "relu" }], output_activation: "linear" });
    runToEnd(race, 5, fakeClock(0.5));
    const [calm, wild] = race.results();
    assert.equal(calm.epoch, 5);
    assert.equal(wild.diverged, true);
    race.free();
  });
});

describe("starting", () => {
  it("a value the engine refuses names the copy, and the race before is kept", () => {
    const race = raceOf("seed", [1, 2], 2);
    const before = race.copies;
    assert.throws(() => race.start(spiral, "learning_rate", [0.1, 5000], 2, catalog), /rate 5000: learning_rate: 5000 is not allowed/);
    assert.equal(race.copies, before);
    race.free();
  });
});

describe("kinds", () => {
  it("default values suit the setup", () => {
    assert.deepEqual(defaultValues("seed", spiral, catalog, 250), [1, 2, 3, 4]);
    assert.deepEqual(defaultValues("learning_rate", { learning_rate: 0.03 }, catalog, 250), [0.003, 0.009, 0.03, 0.09, 0.3]);
    assert.deepEqual(defaultValues("batch_size", spiral, catalog, 250), [1, 10, 50, 250]);
    assert.deepEqual(defaultValues("batch_size", spiral, catalog, 8), [1, 8]);
    // The article's comparison in one click: plain SGD, momentum, Rprop, Adam, CG and the evolution strategy.
    assert.deepEqual(defaultValues("optimizer", spiral, catalog, 250), ["sgd", "momentum", "rprop", "adam", "cg", "evolution"]);
  });

  it("the catalog's newer optimizers join the default race", () => {
    const more = {
      ...catalog,
      optimizers: [...catalog.optimizers.filter((o) => o.name !== "evolution"), { name: "lbfgs", defaults: { kind: "lbfgs" } }],
    };
    assert.deepEqual(defaultValues("optimizer", spiral, more, 250), ["sgd", "momentum", "rprop", "adam", "cg", "lbfgs"]);
  });

  it("typed values are read, and a bad one is named", () => {
    assert.deepEqual(parseValues("seed", "1, 2 3;4", catalog), [1, 2, 3, 4]);
    assert.deepEqual(parseValues("learning_rate", "0.01, 1e-1", catalog), [0.01, 0.1]);
    assert.throws(() => parseValues("seed", "1, 2.5", catalog), /Seed “2.5” cannot be used/);
    assert.throws(() => parseValues("learning_rate", "0.1, 0", catalog), /Learning rate “0” cannot be used/);
    assert.throws(() => parseValues("batch_size", "10, 10", catalog), /batch 10 is listed twice/);
    assert.throws(() => parseValues("seed", "5", catalog), /2 to 6 values of seed \(initial weights\); 1 given/);
    assert.throws(() => checkCount("seed", [1, 2, 3, 4, 5, 6, 7]), /7 given/);
  });

  it("a copy's config changes that one setting only", () => {
    const base = { ...spiral, optimizer: { kind: "momentum", momentum: 0.5, dampening: 0 } };
    assert.deepEqual(variantConfig(base, "seed", 9, catalog), { ...base, weight_seed: 9 });
    assert.deepEqual(variantConfig(base, "optimizer", "momentum", catalog).optimizer, base.optimizer, "tuned constants stay");
    assert.deepEqual(variantConfig(base, "optimizer", "adam", catalog).optimizer, catalog.optimizers.find((o) => o.name === "adam").defaults);
    assert.deepEqual(variantConfig(base, "schedule", "cosine", catalog).schedule, { kind: "cosine", t_max: 100, eta_min: 0 });
    assert.throws(() => variantConfig(base, "init", "magic", catalog), /Initialiser “magic” is not one the engine offers/);
  });
});

describe("spread", () => {
  it("is the min, median and max of the finite values", () => {
    assert.deepEqual(spread([0.3, Number.NaN, 0.1, 0.2]), { min: 0.1, median: 0.2, max: 0.3, count: 3 });
    assert.deepEqual(spread([4, 1, 3, 2]), { min: 1, median: 2.5, max: 4, count: 4 });
    assert.equal(spread([1, Number.NaN]), null);
  });
});

describe("an optimizer race counts each method's forward passes and time", () => {
  it("one per example for a gradient method, CG's line search, and 2 per pair of nudges for the evolution strategy", () => {
    const epochs = 4;
    const race = raceOf("optimizer", ["sgd", "cg", "evolution"], epochs);
    runToEnd(race, 5, fakeClock(0.37));
    const [sgd, cg, evolution] = race.results();
    const n = race.copies[0].trainLength;
    assert.equal(sgd.forward, epochs * n, "each example once an epoch");
    // One CG iteration an epoch over the whole set, and each line-search evaluation over it again.
    const searches = race.copies[1].lab.snapshot().optimizer.evaluations;
    assert.ok(searches >= epochs, `at least one line-search evaluation an iteration (${searches})`);
    assert.equal(cg.forward, (epochs + searches) * n);
    const pairs = race.copies[2].lab.config().optimizer.pairs;
    assert.equal(evolution.forward, 2 * pairs * epochs * n, "two per pair of nudges for every example");
    for (const r of [sgd, cg, evolution]) assert.ok(r.ms > 0, `${r.label} took time`);
    race.free();
  });
});

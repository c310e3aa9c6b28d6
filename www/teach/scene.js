// A lesson step's scene, built on the engine: its config (the defaults, the
// lesson's setup, the step's), the training and the phase it opens at. Every
// step opens the same for everyone: it starts afresh from its config, or, with
// `keep`, replays the steps before it back to one that does. `checkLesson`
// builds every step this way and evaluates every quantity it names, for
// `cargo xtask test` (tests/js/lessons.test.mjs) and for a file a teacher loads.

import { planFor } from "../render/phases.js";
import { parsePhase, parseTarget, textRefs } from "./format.js";
import { context, evaluate, expand } from "./quantities.js";

/** The step that step `n`'s scene starts afresh from (itself unless it keeps the one before). */
export function sceneStart(lesson, n) {
  let m = n;
  while (m > 0 && lesson.steps[m].keep) m -= 1;
  return m;
}

/**
 * Step `n`'s config: the lesson's setup, then the setup of the step its
 * scene starts from (a setting replaced whole); the engine gives every
 * setting left out its default (docs/api.md), the seed 1 included.
 */
export function sceneConfig(lesson, n) {
  return structuredClone({ ...lesson.setup, ...lesson.steps[sceneStart(lesson, n)].setup });
}

/** Runs a step's (or a question's `after`) training and phase on `lab`; throws naming the field. */
export function applyActions(lab, actions) {
  if (actions.train_epochs) {
    if (lab.trainEpochs(actions.train_epochs).diverged) throw new Error("train_epochs: training diverged");
  }
  if (actions.phase !== undefined) {
    try {
      goToPhase(lab, parsePhase(actions.phase));
    } catch (error) {
      throw new Error(`phase: ${error.message}`);
    }
  }
}

/** Where stepping stands: batches run and phases done in the one stepped through. */
export function position(lab) {
  return { batches: lab.batches, done: lab.stepState()?.done ?? 0 };
}

/** Steps back to `at` (a `position`), e.g. to hide again what a question's phase computed. */
export function backTo(lab, at) {
  while (lab.batches > at.batches || (lab.batches === at.batches && (lab.stepState()?.done ?? 0) > at.done)) {
    if (!lab.backPhase()) return;
  }
}

/**
 * Steps the batch to just after the named phase (or to its start): forward
 * within this batch, back if it is past it, or into the next batch once this
 * one is done.
 */
function goToPhase(lab, phase) {
  if (phase.until) return lab.runTo(phase.until);
  let state = lab.stepState();
  if (phase.start) {
    if (!state || state.complete) lab.stepPhase();
    while (lab.stepState().done > 0) lab.backPhase();
    return;
  }
  const layers = lab.snapshot().sizes.length - 1;
  const layer = phase.layer === undefined ? undefined : phase.layer < 0 ? layers + phase.layer : phase.layer;
  const plan = planFor(layers);
  const at = plan.findIndex((p) => p.kind === phase.kind && p.layer === layer);
  if (at < 0) throw new Error(`${phase.kind}:${phase.layer} is not a phase of this network (layers 0 to ${layers - 1})`);
  // Already there (a finished batch's update included): nothing to do.
  if (state?.done === at + 1) return;
  if (!state || state.complete) {
    lab.stepPhase();
    state = lab.stepState();
  }
  while (state.done > at + 1 && lab.backPhase()) state = lab.stepState();
  while (state.done < at + 1) {
    lab.stepPhase();
    state = lab.stepState();
  }
}

/**
 * A fresh lab at step `n`'s scene (the caller frees it). Errors name the
 * step (from 1) and the field: a setup the engine refuses, an action that
 * cannot run.
 */
export function buildScene(Lab, lesson, n) {
  const m = sceneStart(lesson, n);
  let lab;
  try {
    lab = new Lab(sceneConfig(lesson, n));
  } catch (error) {
    throw new Error(`step ${m + 1}, setup: ${error.message}`);
  }
  try {
    for (let k = m; k <= n; k += 1) {
      const step = lesson.steps[k];
      const where = `step ${k + 1}, `;
      if (k > m && step.setup) {
        try {
          lab.setConfig({ ...lab.config(), ...step.setup });
        } catch (error) {
          throw new Error(`${where}setup: ${error.message}`);
        }
      }
      try {
        applyActions(lab, step);
      } catch (error) {
        throw new Error(`${where}${error.message}`);
      }
    }
  } catch (error) {
    lab.free();
    throw error;
  }
  return lab;
}

/** Every reference a question reads (options' and texts' too), with `*` expanded at this moment. */
export function questionRefs(c, question) {
  const refs = [];
  if (question.quantity) refs.push(["question.quantity", question.quantity]);
  for (const [k, option] of (question.options ?? []).entries()) if (option.quantity) refs.push([`question.options[${k}].quantity`, option.quantity]);
  for (const ref of textRefs(question.hint)) refs.push(["question.hint", ref]);
  return refs.flatMap(([field, ref]) => expand(c, ref).map((one) => [field, one]));
}

/** Checks a neuron or weight a step names (`select`, `reveal`) is in the network. */
function checkTarget(c, text, field) {
  const target = parseTarget(text);
  if (target.kind === "loss") return;
  const layers = c.sizes.length - 1;
  const l = target.layer < 0 ? layers + target.layer : target.layer;
  const ok = l >= 0 && l < layers && target.neuron < c.sizes[l + 1] && (target.kind !== "weight" || target.input < c.sizes[l]);
  if (!ok) throw new Error(`${field}: “${text}” is not in this network (sizes ${c.sizes.join(" → ")})`);
}

/**
 * Builds every step of a structurally valid lesson with the engine and
 * evaluates every quantity it names (once the question's `after` has run); returns
 * the problems, each naming the file, the step and the field. `seed`, when
 * given, replaces the lesson's (answers must hold for any seed).
 */
export function checkLesson(Lab, lesson, name = lesson.id, seed = undefined) {
  const problems = [];
  const seeded = seed === undefined ? lesson : { ...lesson, setup: { ...lesson.setup, seed } };
  seeded.steps.forEach((step, n) => {
    let lab;
    try {
      lab = buildScene(Lab, seeded, n);
    } catch (error) {
      problems.push(`${name}: ${error.message}`);
      return;
    }
    const field = (f, run) => {
      try {
        run();
      } catch (error) {
        problems.push(`${name}: step ${n + 1}, ${f}: ${error.message}`);
      }
    };
    const example = step.example ?? 0;
    const stepState = lab.stepState();
    if (step.example !== undefined && !(stepState && example < stepState.batch.length)) {
      problems.push(`${name}: step ${n + 1}, example: ${example} is not an example of the batch stepped through`);
    }
    let c = context(lab, example);
    for (const ref of textRefs(step.text)) field("text", () => evaluate(c, ref));
    if (step.select) field("select", () => checkTarget(c, step.select, "select"));
    const q = step.question;
    if (q) {
      if (q.after) field("question.after", () => applyActions(lab, q.after));
      c = context(lab, example);
      field("question", () => {
        for (const [f, ref] of questionRefs(c, q)) field(f, () => evaluate(c, ref));
      });
      if (q.reveal) field("question.reveal", () => checkTarget(c, q.reveal, "reveal"));
    }
    lab.free();
  });
  return problems;
}

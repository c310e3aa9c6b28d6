// Conjugate gradient and the evolution strategy evaluate the loss themselves:
// the settings that do not apply to them are greyed out with the reason, and
// the header counts their loss evaluations.

import { greyOut } from "./greyed.js";

const $ = (id) => document.getElementById(id);

/** The constants that are whole numbers. */
export const WHOLE_CONSTANTS = ["step_size", "t_max", "pairs"];

/** The note under each one's constants. */
export const SEARCH_NOTES = {
  cg: "The line search's strong Wolfe constants (0 < c₁ < c₂ < 1; Nocedal & Wright's usual values for CG). The learning rate is its first trial step.",
  evolution: "σ: the nudges' size; pairs: how many ± nudges each batch tries (2 forward passes each). The step is − learning rate × the estimate.",
};

/** Greys out the batch size under CG (it trains on the whole set) and clipping under both. */
export function greySearchSettings(config) {
  const kind = config.optimizer.kind;
  greyOut(
    $("batch-size"),
    kind === "cg" ? "Conjugate gradient uses the whole training set in each iteration (one an epoch): the batch size does not apply" : "",
  );
  greyOut(
    $("clip-norm"),
    kind === "cg" || kind === "evolution" ? "Clipping scales a gradient step; conjugate gradient and the evolution strategy take none" : "",
  );
}

/** The header's counter of loss evaluations, shown for CG and the evolution strategy only. */
export function drawEvaluations(optimizer) {
  const kind = optimizer?.name;
  const shown = kind === "cg" || kind === "evolution";
  $("evaluations-row").hidden = !shown;
  if (!shown) return;
  $("evaluations-label").textContent = kind === "cg" ? "Line-search evals" : "Loss evals";
  $("evaluations-row").title =
    kind === "cg"
      ? "Loss and gradient evaluations over the whole training set that conjugate gradient's line searches made (besides each iteration's own)"
      : "Loss evaluations (forward passes over a batch) the evolution strategy made: 2 per pair of nudges";
  $("evaluations").textContent = optimizer.evaluations.toLocaleString("en-US");
}

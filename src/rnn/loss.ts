/**
 * Softmax cross-entropy, one loss per time step, summed over the steps:
 *   L_t = -log p_t[target_t] = logsumexp(y_t) - y_t[target_t]
 * written with logsumexp so that large scores never overflow. A mask of 0s and 1s leaves padded steps out.
 *
 * @example
 *   crossEntropy(matrix([[0], [0]]), 1);          // log 2 = 0.6931...
 *   sequenceLoss(f.ys, targets).perStep;         // one number per time step
 */
import type { Matrix } from "mathjs";
import { checkTokenId } from "../text/token-ids";
import { rowsOf } from "../matrix";

/** -log softmax(y)[target] for one column of scores y. */
export function crossEntropy(y: Matrix, target: number): number {
  const scores = rowsOf(y, "y").map((row) => row[0]);
  checkTokenId(target, scores.length, "target");
  const top = Math.max(...scores);
  let total = 0;
  for (const s of scores) total += Math.exp(s - top);
  return top + Math.log(total) - scores[target];
}

export interface SequenceLoss {
  total: number; // sum of the kept steps' losses
  perStep: number[]; // L_t for each step (0 where masked)
}

/** Sum over t of L_t, keeping only the steps where `mask[t]` is 1 (all steps without a mask). */
export function sequenceLoss(ys: Matrix[], targets: number[], mask?: number[]): SequenceLoss {
  if (ys.length !== targets.length) {
    throw new RangeError(`Got ${ys.length} time steps of scores but ${targets.length} targets: one target per step.`);
  }
  if (mask !== undefined && mask.length !== targets.length) {
    throw new RangeError(`The mask has ${mask.length} entries but there are ${targets.length} time steps.`);
  }
  const perStep = ys.map((y, t) => (mask && mask[t] === 0 ? 0 : crossEntropy(y, targets[t])));
  return { total: perStep.reduce((a, b) => a + b, 0), perStep };
}

/**
 * Backpropagation through time, readable form: the forward pass run backwards, step T first, with the
 * same weights at every step so that their gradients add up over the steps (min-char-rnn's loop). At
 * each step t (see cell.ts for the equations of each half):
 *   dh_t    = Whyᵀ·dy_t + dh_next          cellOutputBackward: this step's loss, plus the step after
 *   dh_next = Whhᵀ·dhraw_t                 cellBackward: through tanh, to the step before
 * Truncated BPTT (`truncate: k`, `truncatedBptt`) lets the loss of step t reach back k steps only:
 * t, t-1, ..., t-k+1. States follow the library's convention: hs[0] = h_0, hs[t] = h_t.
 *
 * @example
 *   const f = sequenceForward(params, inputs, hPrev);
 *   const { grads, dhNorms } = bptt(params, f, targets);  // grads.dWxh is (H, V), dhNorms[t] = |dL/dh_t|, t = 0..T
 */
import { add, norm, type Matrix } from "mathjs";
import { shapeOf, zerosMatrix } from "../matrix";
import { checkSequence } from "../text/token-ids";
import { cellBackward, cellOutputBackward } from "./cell";
import { zeroGradients, type RnnGradients, type RnnParams } from "./params";
import type { SequenceForward } from "./sequence";

export interface BpttOptions {
  /** Let each step's loss flow back through at most this many steps (full BPTT when absent). */
  truncate?: number;
  /** 1 keeps a step's loss, 0 leaves it out (padding): mask[t - 1] for step t. */
  mask?: number[];
}

export interface BpttResult {
  grads: RnnGradients;
  /** |dL/dh_t| for t = 0..T: how much gradient reaches each state (dhNorms[0] at h_0). */
  dhNorms: number[];
}

/** Gradients of the summed loss with respect to all five parameters: full BPTT, or truncated to k steps. */
export function bptt(params: RnnParams, forward: SequenceForward, targets: number[], options: BpttOptions = {}): BpttResult {
  const T = forward.inputs.length;
  const k = options.truncate ?? T;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncate must be a whole number of steps >= 1, got ${k}.`);
  if (k < T) return truncatedBptt(params, forward, targets, k, options.mask);
  checkBackward(params, forward, targets, options.mask);
  const { xs, hs, ps } = forward;
  const [H] = shapeOf(params.Whh, "Whh");
  const grads = zeroGradients(params);
  const dhAt: Matrix[] = hs.map(() => zerosMatrix(H, 1)); // dL/dh_t for t = 0..T
  let dhNext = zerosMatrix(H, 1); // (H, 1) from the step after: none after the last
  for (let t = T; t >= 1; t--) {
    const kept = options.mask ? options.mask[t - 1] : 1;
    const dhOut = cellOutputBackward(params, hs[t], ps[t - 1], targets[t - 1], grads, kept); // (H, 1)
    dhAt[t] = add(dhOut, dhNext) as Matrix; // (H, 1)
    dhNext = cellBackward(params, xs[t - 1], hs[t - 1], hs[t], dhAt[t], grads); // (H, 1) = dL/dh_{t-1}
  }
  dhAt[0] = dhNext;
  return { grads, dhNorms: dhAt.map((d) => norm(d, "fro") as number) };
}

/** Truncated BPTT: the loss of each step t walks back on its own through steps t, t-1, ..., t-k+1, then stops. */
export function truncatedBptt(params: RnnParams, forward: SequenceForward, targets: number[], k: number, mask?: number[]): BpttResult {
  checkBackward(params, forward, targets, mask);
  const { xs, hs, ps } = forward;
  const T = forward.inputs.length;
  const [H] = shapeOf(params.Whh, "Whh");
  const grads = zeroGradients(params);
  const dhAt: Matrix[] = hs.map(() => zerosMatrix(H, 1));
  for (let t = T; t >= 1; t--) {
    let dh = cellOutputBackward(params, hs[t], ps[t - 1], targets[t - 1], grads, mask ? mask[t - 1] : 1); // (H, 1)
    for (let s = t; s > t - k && s >= 1; s--) {
      dhAt[s] = add(dhAt[s], dh) as Matrix;
      dh = cellBackward(params, xs[s - 1], hs[s - 1], hs[s], dh, grads); // (H, 1) = this loss's dL/dh_{s-1}
      if (s === 1) dhAt[0] = add(dhAt[0], dh) as Matrix;
    }
  }
  return { grads, dhNorms: dhAt.map((d) => norm(d, "fro") as number) };
}

function checkBackward(params: RnnParams, forward: SequenceForward, targets: number[], mask?: number[]): void {
  const [V] = shapeOf(params.Why, "Why");
  checkSequence(forward.inputs, V, targets);
  if (mask !== undefined && mask.length !== targets.length) {
    throw new RangeError(`The mask has ${mask.length} entries but there are ${targets.length} time steps.`);
  }
}

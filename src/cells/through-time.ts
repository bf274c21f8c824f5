/**
 * Backpropagation through time for any cell, readable form: the loop over the steps written once, the
 * cell's own step backward passed in (Keras's habit: one RNN loop, many cells). A cell's state is a list
 * of (H, 1) columns, [h] for the GRU and [h, c] for the LSTM; its gradient is the list [dh] or [dh, dc].
 *   full BPTT:      d_T = 0;  for t = T..1:  dh_t += (gradient of L_t)   d_{t-1} = stepBack(t, d_t)
 *   truncate: k     for each t, L_t's gradient alone walks back through steps t, t−1, …, t−k+1, then stops
 * (the semantics of src/rnn/backprop.ts). A mask of 0s and 1s drops a step's loss; the state still runs
 * through that step, so padding at the end changes no gradient.
 *
 * @example
 *   // the GRU's backward pass (gru.ts), truncated to 5 steps: one state, [h]
 *   const { dhNorms } = backThroughTime(T, 1, H,
 *     (t) => outputStepBackward(params, f.hs[t], f.ps[t - 1], targets[t - 1], 1, grads),
 *     (t, [dh]) => [gruStepBackward(params, f.steps[t - 1], dh, grads)], 5);
 *   dhNorms[0];   // |dL/dh_0|, the gradient that reaches the state before the first token
 */
import { add, norm, type Matrix } from "mathjs";
import { zerosMatrix } from "../matrix";

export interface ThroughTimeOptions {
  /** Let each step's loss flow back through at most this many steps, through h and c (full BPTT when absent). */
  truncate?: number;
  /** mask[t - 1] = 1 keeps step t's loss, 0 drops it (padding); all steps when absent. */
  mask?: number[];
}

/** The number of steps k to walk back (T for full BPTT), after checking `truncate` and `mask` against T steps. */
export function checkThroughTimeOptions(options: ThroughTimeOptions, T: number): number {
  const { truncate, mask } = options;
  if (mask !== undefined) {
    if (!Array.isArray(mask) || mask.length !== T) {
      throw new RangeError(`The mask has ${Array.isArray(mask) ? mask.length : "no"} entries but there are ${T} time steps: give one 0 or 1 per step.`);
    }
    mask.forEach((m, t) => {
      if (m !== 0 && m !== 1) throw new RangeError(`mask[${t}] = ${m}: a mask entry is 1 (keep the step's loss) or 0 (drop it).`);
    });
  }
  const k = truncate ?? T;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncate must be a whole number of steps >= 1, got ${k}.`);
  return Math.min(k, T);
}

export interface ThroughTime {
  /** dhNorms[t] = |dL/dh_t|, the gradient reaching the hidden state after step t (t = 0 is h_0). */
  dhNorms: number[];
}

/**
 * `outputGradient(t)` is dL_t/dh_t for step t = 1..T (it adds the output's weight gradients);
 * `stepBack(t, d)` goes back through step t's cell given the gradient d on the state after it, adds the
 * cell's weight gradients, and returns the gradient on the state before it.
 */
export function backThroughTime(
  T: number,
  stateCount: number,
  H: number,
  outputGradient: (t: number) => Matrix,
  stepBack: (t: number, d: Matrix[]) => Matrix[],
  k: number,
): ThroughTime {
  const zeros = (): Matrix[] => Array.from({ length: stateCount }, () => zerosMatrix(H, 1));
  const dhAt: Matrix[] = Array.from({ length: T + 1 }, () => zerosMatrix(H, 1)); // (H, 1) each, t = 0..T
  let dState0 = zeros();
  if (k >= T) {
    let d = zeros(); // the gradient from the steps after t, on [h_t] or [h_t, c_t]
    for (let t = T; t >= 1; t--) {
      d[0] = add(d[0], outputGradient(t)) as Matrix; // (H, 1) from this step's output and the step after
      dhAt[t] = d[0];
      d = stepBack(t, d);
    }
    dState0 = d;
  } else {
    for (let t = T; t >= 1; t--) {
      let d = zeros();
      d[0] = outputGradient(t); // (H, 1) L_t alone, walking back k steps
      for (let s = t; s > t - k && s >= 1; s--) {
        dhAt[s] = add(dhAt[s], d[0]) as Matrix;
        d = stepBack(s, d);
        if (s === 1) dState0 = dState0.map((total, n) => add(total, d[n]) as Matrix);
      }
    }
  }
  dhAt[0] = dState0[0]; // (H, 1) dL/dh_0
  return { dhNorms: dhAt.map((dh) => norm(dh, "fro") as number) };
}

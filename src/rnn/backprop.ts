/**
 * Backpropagation through time, readable form: the forward pass run backwards, step T first, with the
 * same weights at every step so that their gradients add up over the steps (min-char-rnn's loop):
 *   dy_t    = p_t - onehot(target_t)               (softmax + cross-entropy)
 *   dWhy   += dy_t · h_tᵀ          dby += dy_t
 *   dh_t    = Whyᵀ · dy_t + dh_next                (from the output, and from the step after)
 *   dhraw_t = (1 - h_t ⊙ h_t) ⊙ dh_t               (through tanh)
 *   dbh    += dhraw_t     dWxh += dhraw_t · x_tᵀ     dWhh += dhraw_t · h_{t-1}ᵀ
 *   dh_next = Whhᵀ · dhraw_t                       (to the step before)
 * Truncated BPTT (`truncate: k`) lets the loss of step t reach back k steps only: t, t-1, ..., t-k+1.
 *
 * @example
 *   const f = sequenceForward(params, inputs, hPrev);
 *   const { grads, dhNorms } = bptt(params, f, targets);  // grads.dWxh is (H, V), dhNorms[t] = |dL/dh_t|
 */
import { add, dotMultiply, map, multiply, norm, subtract, transpose, type Matrix } from "mathjs";
import { zeroGradients, type RnnGradients, type RnnParams } from "./params";
import { zerosMatrix } from "../random";
import { checkSequence, oneHotColumn, type SequenceForward } from "./sequence";
import { shapeOf } from "../matrix";

export interface BpttOptions {
  /** Let each step's loss flow back through at most this many steps (full BPTT when absent). */
  truncate?: number;
  /** 1 keeps a step's loss, 0 leaves it out (padding). */
  mask?: number[];
}

export interface BpttResult {
  grads: RnnGradients;
  /** dL/dh_0: the gradient that reaches the state before the first step. (H, 1) */
  dh0: Matrix;
  /** |dL/dh_t| for every step: how much gradient reaches each time step. */
  dhNorms: number[];
}

/** Gradients of the summed loss with respect to all five parameters. */
export function bptt(params: RnnParams, forward: SequenceForward, targets: number[], options: BpttOptions = {}): BpttResult {
  const { hs, xs, ps, h0 } = forward;
  const T = hs.length;
  const [V, H] = shapeOf(params.Why, "Why");
  checkSequence(forward.inputs, V, targets);
  const k = options.truncate ?? T;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncate must be a whole number of steps >= 1, got ${k}.`);
  const WhyT = transpose(params.Why); // (H, V)
  const WhhT = transpose(params.Whh); // (H, H)
  let { dWxh, dWhh, dWhy, dbh, dby } = zeroGradients(params);
  const dhAt: Matrix[] = hs.map(() => zerosMatrix(H, 1)); // total gradient reaching each h_t
  let dh0 = zerosMatrix(H, 1);

  // One backward step through the block at time s, given dL/dh_s; returns dL/dh_{s-1}.
  const throughBlock = (s: number, dh: Matrix): Matrix => {
    dhAt[s] = add(dhAt[s], dh) as Matrix;
    const hPrev = s > 0 ? hs[s - 1] : h0; // (H, 1)
    const dhraw = dotMultiply(map(hs[s], (h: number) => 1 - h * h), dh) as Matrix; // (H, 1) through tanh
    dbh = add(dbh, dhraw) as Matrix; // (H, 1)
    dWxh = add(dWxh, multiply(dhraw, transpose(xs[s]))) as Matrix; // (H, V)
    dWhh = add(dWhh, multiply(dhraw, transpose(hPrev))) as Matrix; // (H, H)
    return multiply(WhhT, dhraw) as Matrix; // (H, 1)
  };

  let dhNext = zerosMatrix(H, 1); // (H, 1) gradient from the step after (full BPTT)
  for (let t = T - 1; t >= 0; t--) {
    const kept = options.mask && options.mask[t] === 0 ? 0 : 1;
    const dy = multiply(subtract(ps[t], oneHotColumn(targets[t], V)), kept) as Matrix; // (V, 1)
    dWhy = add(dWhy, multiply(dy, transpose(hs[t]))) as Matrix; // (V, H)
    dby = add(dby, dy) as Matrix; // (V, 1)
    const dhOut = multiply(WhyT, dy) as Matrix; // (H, 1) from this step's output
    if (k >= T) {
      dhNext = throughBlock(t, add(dhOut, dhNext) as Matrix);
    } else {
      // Truncated: this step's loss walks back k steps on its own, then stops.
      let dh = dhOut;
      for (let s = t; s > t - k && s >= 0; s--) {
        dh = throughBlock(s, dh);
        if (s === 0) dh0 = add(dh0, dh) as Matrix;
      }
    }
  }
  if (k >= T) dh0 = dhNext;
  return { grads: { dWxh, dWhh, dWhy, dbh, dby }, dh0, dhNorms: dhAt.map((d) => norm(d, "fro") as number) };
}

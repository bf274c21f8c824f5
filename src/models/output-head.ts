/**
 * The output head of the models of articles 06-07, for a batch: the scores of B states at once, their
 * probabilities, and the cross-entropy of one target per column with its backward pass (min-char-rnn's
 * `dy[target] -= 1`):
 *   y = Why·h + by  (K, B)      p = softmax(y) per column      L = Σ_b -log p_b[target_b]
 *   dy = p - onehot(target)     dWhy += dy·hᵀ    dby += Σ_b dy_b    dh = Whyᵀ·dy  (H, B)
 * A column whose target is null (padding, or a step without a label) adds no loss and no gradient.
 * (The character model's head, an output at every step, is inside the fast layer.)
 *
 * @example
 *   const p = outputProbabilities(params, pass.state(3));                    // (B, K): row b sums to 1
 *   const { loss, dh } = outputBackward(params, pass.state(3), [1, 0], grads);  // adds into grads.dWhy, grads.dby
 */
import type { Matrix } from "mathjs";
import { expectShape, rowsOf, shapeOf, zerosMatrix, type MatrixSet } from "../matrix";
import { softmaxInPlace } from "../rnn/softmax";
import { checkTokenId } from "../text/token-ids";

/** The scores Why·h + by of every column of h (H, B): B rows of K numbers. */
export function outputScores(head: MatrixSet, h: Matrix): number[][] {
  if (!head.Why || !head.by) throw new TypeError(`An output head needs Why (K, H) and by (K, 1); got ${Object.keys(head).join(", ")}.`);
  const [K, H] = shapeOf(head.Why, "Why");
  expectShape("by", head.by, [K, 1], `Why is (${K}, ${H})`);
  const [rows, B] = shapeOf(h, "h");
  if (rows !== H) throw new RangeError(`The hidden states are (${rows}, ${B}) but Why is (${K}, ${H}): each state needs ${H} numbers.`);
  const Why = rowsOf(head.Why), by = rowsOf(head.by), hs = rowsOf(h);
  return Array.from({ length: B }, (_, b) =>
    Why.map((row, k) => {
      let y = by[k][0];
      for (let j = 0; j < H; j++) y += row[j] * hs[j][b];
      return y;
    }),
  ); // (B, K)
}

/** softmax(Why·h + by) of every column of h: B rows of K probabilities. */
export function outputProbabilities(head: MatrixSet, h: Matrix): number[][] {
  return outputScores(head, h).map((y) => softmaxInPlace(y));
}

export interface OutputBackward {
  loss: number; // Σ over the columns with a target of -log p[target]
  dh: Matrix; // (H, B) the gradient reaching h
  p: number[][]; // (B, K)
}

/** The loss of one target per column (null: none) and dL/dh; the gradients of Why and by are ADDED into `grads`. */
export function outputBackward(head: MatrixSet, h: Matrix, targets: readonly (number | null)[], grads: MatrixSet): OutputBackward {
  const p = outputProbabilities(head, h);
  const [K, H] = shapeOf(head.Why, "Why");
  if (targets.length !== p.length) throw new RangeError(`Got ${targets.length} targets for ${p.length} states: one target (or null) per column.`);
  const Why = rowsOf(head.Why), dWhy = rowsOf(grads.dWhy, "dWhy"), dby = rowsOf(grads.dby, "dby"), hs = rowsOf(h);
  const dhMatrix = zerosMatrix(H, p.length), dh = rowsOf(dhMatrix); // (H, B)
  let loss = 0;
  targets.forEach((target, b) => {
    if (target === null) return;
    checkTokenId(target, K, `targets[${b}] =`);
    loss -= Math.log(p[b][target]);
    const dy = p[b].slice(); // (K)
    dy[target] -= 1; // softmax + cross-entropy
    for (let k = 0; k < K; k++) {
      dby[k][0] += dy[k];
      const gradRow = dWhy[k], w = Why[k];
      for (let j = 0; j < H; j++) {
        gradRow[j] += dy[k] * hs[j][b];
        dh[j][b] += w[j] * dy[k];
      }
    }
  });
  return { loss, dh: dhMatrix, p };
}

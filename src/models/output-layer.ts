/**
 * The output layer shared by the models: scores y = Why·h + by, probabilities softmax(y), and the
 * cross-entropy of one target with its backward pass (min-char-rnn's `dy[target] -= 1`):
 *   L = -log p[target]        dy = p - onehot(target)
 *   dWhy += dy·hᵀ   dby += dy   dh = Whyᵀ·dy
 *
 * @example
 *   const head = initOutput(5, 16, createRng(2));               // Why (5, 16), by (5, 1)
 *   outputProbabilities(head, h);                               // five numbers that sum to 1
 *   const { loss, dh } = outputBackward(head, h, 3, grads);     // adds into grads.dWhy and grads.dby
 */
import type { Matrix } from "mathjs";
import { randomMatrix, zerosMatrix, type Rng } from "../random";
import { checkTokenId } from "../rnn/sequence";
import { expectShape, rowsOf, shapeOf } from "../matrix";

export type OutputParams = {
  Why: Matrix; // (K, H) hidden to scores, K classes or tokens
  by: Matrix; // (K, 1)
};

export type OutputGradients = {
  dWhy: Matrix; // (K, H)
  dby: Matrix; // (K, 1)
};

export function initOutput(outputSize: number, hiddenSize: number, rng: Rng, scale = 0.1): OutputParams {
  return { Why: randomMatrix(outputSize, hiddenSize, scale, rng), by: zerosMatrix(outputSize, 1) };
}

export function zeroOutputGradients(K: number, H: number): OutputGradients {
  return { dWhy: zerosMatrix(K, H), dby: zerosMatrix(K, 1) };
}

/** softmax(Why·h + by), with the largest score subtracted first so that exp cannot overflow. */
export function outputProbabilities(head: OutputParams, h: number[]): number[] {
  const [K, H] = shapeOf(head.Why, "Why");
  expectShape("by", head.by, [K, 1], `Why is (${K}, ${H})`);
  if (h.length !== H) throw new RangeError(`The hidden state has ${h.length} numbers but Why is (${K}, ${H}): it needs ${H}.`);
  const Why = rowsOf(head.Why), by = rowsOf(head.by);
  const y = Why.map((row, k) => row.reduce((s, w, j) => s + w * h[j], by[k][0])); // (K)
  const top = Math.max(...y);
  const e = y.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** The loss -log p[target] and dL/dh; the gradients of Why and by are ADDED into `grads`. */
export function outputBackward(head: OutputParams, h: number[], target: number, grads: OutputGradients): { loss: number; dh: number[]; p: number[] } {
  const p = outputProbabilities(head, h);
  checkTokenId(target, p.length, "target");
  const loss = -Math.log(p[target]);
  const dy = p.slice(); // (K)
  dy[target] -= 1; // softmax + cross-entropy
  const Why = rowsOf(head.Why), dWhy = rowsOf(grads.dWhy), dby = rowsOf(grads.dby);
  const dh = new Array<number>(h.length).fill(0); // (H) = Whyᵀ·dy
  for (let k = 0; k < dy.length; k++) {
    dby[k][0] += dy[k];
    const row = dWhy[k], w = Why[k];
    for (let j = 0; j < h.length; j++) {
      row[j] += dy[k] * h[j];
      dh[j] += w[j] * dy[k];
    }
  }
  return { loss, dh, p };
}

/** The index of the largest entry. */
export function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

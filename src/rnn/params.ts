/**
 * The five parameter matrices of a vanilla RNN, named as in min-char-rnn.
 *
 * @example
 *   const params = initParams(65, 100, createRng(1)); // Wxh (100, 65), Whh (100, 100), Why (65, 100), bh (100, 1), by (65, 1)
 *   countParams(params);                              // 100*65 + 100*100 + 65*100 + 100 + 65 = 23165
 */
import type { Matrix } from "mathjs";
import { randomMatrix, zerosMatrix, type Rng } from "../random";
import { expectShape, shapeOf } from "../matrix";

export type RnnParams = {
  Wxh: Matrix; // (H, V) input to hidden
  Whh: Matrix; // (H, H) hidden to hidden
  Why: Matrix; // (V, H) hidden to output
  bh: Matrix; // (H, 1)
  by: Matrix; // (V, 1)
};

export type RnnGradients = {
  dWxh: Matrix; // (H, V)
  dWhh: Matrix; // (H, H)
  dWhy: Matrix; // (V, H)
  dbh: Matrix; // (H, 1)
  dby: Matrix; // (V, 1)
};

export const PARAM_NAMES = ["Wxh", "Whh", "Why", "bh", "by"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Small normal weights (times `scale`, 0.01 as in min-char-rnn) and zero biases. */
export function initParams(vocabSize: number, hiddenSize: number, rng: Rng, scale = 0.01): RnnParams {
  return {
    Wxh: randomMatrix(hiddenSize, vocabSize, scale, rng),
    Whh: randomMatrix(hiddenSize, hiddenSize, scale, rng),
    Why: randomMatrix(vocabSize, hiddenSize, scale, rng),
    bh: zerosMatrix(hiddenSize, 1),
    by: zerosMatrix(vocabSize, 1),
  };
}

/** Zero gradients shaped like `params`. */
export function zeroGradients(params: RnnParams): RnnGradients {
  const [H, V] = sizesOf(params);
  return { dWxh: zerosMatrix(H, V), dWhh: zerosMatrix(H, H), dWhy: zerosMatrix(V, H), dbh: zerosMatrix(H, 1), dby: zerosMatrix(V, 1) };
}

/** [H, V] from Wxh, after checking that the five shapes agree with each other. */
export function sizesOf(params: RnnParams): [number, number] {
  const [H, V] = shapeOf(params.Wxh, "Wxh");
  expectShape("Whh", params.Whh, [H, H], `Wxh is (${H}, ${V}), so Whh must be (H, H)`);
  expectShape("Why", params.Why, [V, H], `Wxh is (${H}, ${V}), so Why must be (V, H)`);
  expectShape("bh", params.bh, [H, 1]);
  expectShape("by", params.by, [V, 1]);
  return [H, V];
}

/** The number of weights: it depends on H and V only, never on the length of a sentence. */
export function countParams(params: RnnParams): number {
  const [H, V] = sizesOf(params);
  return H * V + H * H + V * H + H + V;
}

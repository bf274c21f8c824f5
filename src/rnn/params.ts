/**
 * The five parameter matrices of a vanilla RNN, named as in min-char-rnn, and the course's one
 * initialisation: every weight a normal number times `scale`, every bias zero. The scale is stated where
 * the weights are made: 0.01 by default (min-char-rnn's, for the character model), 0.1 for the small
 * models of articles 06-07 (MODEL_WEIGHT_SCALE in models/model-params.ts), larger only to make a picture.
 * (The gated cells start the same way; the LSTM's forget-gate bias is 1, see cells/lstm.ts.)
 *
 * @example
 *   const params = initParams(65, 100, createRng(1)); // Wxh (100, 65), Whh (100, 100), Why (65, 100), bh (100, 1), by (65, 1)
 *   countParams(params);                              // 100*65 + 100*100 + 65*100 + 100 + 65 = 23165
 *   initParams(8, 16, createRng(1), 0.1, { size: 2 }); // a classifier's head: Why (2, 16), by (2, 1)
 */
import type { Matrix } from "mathjs";
import { randomMatrix, type Rng } from "../random";
import { expectShape, shapeOf, zerosMatrix } from "../matrix";

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

/** The output layer of any cell: scores y = Why·h + by for K tokens or classes. */
export type OutputParams = {
  Why: Matrix; // (K, H)
  by: Matrix; // (K, 1)
};

export type OutputGradients = {
  dWhy: Matrix; // (K, H)
  dby: Matrix; // (K, 1)
};

export const PARAM_NAMES = ["Wxh", "Whh", "Why", "bh", "by"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** The output layer's size (K, V by default) and its weights' scale (`scale` by default). */
export interface OutputInit {
  size?: number;
  scale?: number;
}

/** Normal weights times `scale` (0.01 as in min-char-rnn), drawn Wxh, Whh, then Why; zero biases. */
export function initParams(vocabSize: number, hiddenSize: number, rng: Rng, scale = 0.01, output: OutputInit = {}): RnnParams {
  const K = output.size ?? vocabSize;
  return {
    Wxh: randomMatrix(hiddenSize, vocabSize, scale, rng), // (H, V)
    Whh: randomMatrix(hiddenSize, hiddenSize, scale, rng), // (H, H)
    Why: randomMatrix(K, hiddenSize, output.scale ?? scale, rng), // (K, H)
    bh: zerosMatrix(hiddenSize, 1), // (H, 1)
    by: zerosMatrix(K, 1), // (K, 1)
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

/**
 * Softmax: scores in, probabilities out, p_k = exp(y_k - max y) / Σ_j exp(y_j - max y).
 * Subtracting the largest score changes nothing mathematically and keeps exp from overflowing.
 * The one softmax of the library: `softmax` for a mathjs column, `softmaxInPlace` for a run of numbers
 * (the models' output heads and the samplers).
 *
 * @example
 *   softmax(matrix([[1], [2], [3]]));   // [[0.0900...], [0.2447...], [0.6652...]]
 *   softmaxInPlace([1, 2, 3]);          // [0.0900..., 0.2447..., 0.6652...], the array itself
 */
import type { Matrix } from "mathjs";
import { column, rowsOf } from "../matrix";

/** Replaces `values[start .. start + length)` by their softmax; returns `values`. */
export function softmaxInPlace<A extends number[] | Float64Array>(values: A, start = 0, length = values.length - start): A {
  let top = -Infinity;
  for (let k = start; k < start + length; k++) if (values[k] > top) top = values[k];
  let sum = 0;
  for (let k = start; k < start + length; k++) sum += (values[k] = Math.exp(values[k] - top)); // largest term e^0 = 1
  for (let k = start; k < start + length; k++) values[k] /= sum;
  return values;
}

/** The probabilities of a (V, 1) column of scores, a (V, 1) column that sums to 1. */
export function softmax(y: Matrix): Matrix {
  const p = softmaxInPlace(rowsOf(y, "y").map((row) => row[0])); // (V)
  return column(p); // (V, 1)
}

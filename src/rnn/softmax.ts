/**
 * Softmax of a column of scores: p_k = exp(y_k - max y) / sum_j exp(y_j - max y).
 * Subtracting the largest score changes nothing mathematically and keeps exp from overflowing.
 *
 * @example
 *   softmax(matrix([[1], [2], [3]]));  // [[0.0900...], [0.2447...], [0.6652...]]
 */
import { divide, exp, map, max, subtract, sum, type Matrix } from "mathjs";

export function softmax(y: Matrix): Matrix {
  const shifted = subtract(y, max(y)) as Matrix; // (V, 1), largest entry 0
  const e = map(shifted, (v: number) => exp(v)); // (V, 1)
  return divide(e, sum(e)) as Matrix; // (V, 1), sums to 1
}

/**
 * One RNN block, one time step, in readable mathjs form:
 *   h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)      (the new hidden state, every entry in [-1, 1])
 *   y_t = Why·h_t + by                          (scores for the next token)
 * and the article's form, where the previous hidden state is concatenated with the input:
 *   h_t = tanh(W·[h_{t-1}; x_t] + bh)   with   W = [Whh  Wxh]
 *
 * @example
 *   const h = cellForward(params, oneHotColumn(3, 65), zerosMatrix(100, 1)); // (100, 1)
 *   const y = cellOutput(params, h);                                         // (65, 1)
 */
import { add, concat, map, multiply, tanh, type Matrix } from "mathjs";
import type { RnnParams } from "./params";
import { expectShape, formatShape, shapeOf } from "../matrix";

/** h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh). */
export function cellForward(params: RnnParams, x: Matrix, hPrev: Matrix): Matrix {
  const [H, V] = shapeOf(params.Wxh, "Wxh");
  expectShape("x", x, [V, 1], `Wxh is ${formatShape([H, V])}, so the input must be a column of ${V}`);
  expectShape("hPrev", hPrev, [H, 1], `Whh is ${formatShape([H, H])}, so the previous hidden state must be a column of ${H}`);
  const hRaw = add(add(multiply(params.Wxh, x), multiply(params.Whh, hPrev)), params.bh) as Matrix; // (H, 1)
  return map(hRaw, (v: number) => tanh(v)); // (H, 1)
}

/** y_t = Why·h_t + by: one score per token of the vocabulary. */
export function cellOutput(params: RnnParams, h: Matrix): Matrix {
  const [V, H] = shapeOf(params.Why, "Why");
  expectShape("h", h, [H, 1], `Why is ${formatShape([V, H])}`);
  return add(multiply(params.Why, h), params.by) as Matrix; // (V, 1)
}

/** W = [Whh  Wxh]: the two weight matrices side by side, (H, H + V). */
export function concatWeights(Whh: Matrix, Wxh: Matrix): Matrix {
  const [H] = shapeOf(Whh, "Whh");
  const [rows] = shapeOf(Wxh, "Wxh");
  if (rows !== H) throw new RangeError(`Whh is ${formatShape(shapeOf(Whh))} but Wxh is ${formatShape(shapeOf(Wxh))}: both need ${H} rows.`);
  return concat(Whh, Wxh, 1) as Matrix; // (H, H + V)
}

/** h_t = tanh(W·[h_{t-1}; x_t] + bh): the article's picture, the same numbers as `cellForward`. */
export function cellForwardConcat(W: Matrix, bh: Matrix, x: Matrix, hPrev: Matrix): Matrix {
  const [H, HV] = shapeOf(W, "W");
  expectShape("hPrev", hPrev, [H, 1], `W is ${formatShape([H, HV])}`);
  expectShape("x", x, [HV - H, 1], `W is ${formatShape([H, HV])} and hPrev has ${H} rows`);
  const hx = concat(hPrev, x, 0) as Matrix; // (H + V, 1)
  const hRaw = add(multiply(W, hx), bh) as Matrix; // (H, 1)
  return map(hRaw, (v: number) => tanh(v)); // (H, 1)
}

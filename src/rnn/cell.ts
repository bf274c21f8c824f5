/**
 * One RNN block, one time step, in readable mathjs form, each step forward beside its step back:
 *   forward                                     backward, given dh = dL/dh_t (grads are ADDED into)
 *   h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)      dhraw = (1 - h_t ⊙ h_t) ⊙ dh        (through tanh)
 *                                               dbh += dhraw    dWxh += dhraw·x_tᵀ    dWhh += dhraw·h_{t-1}ᵀ
 *                                               dL/dh_{t-1} = Whhᵀ·dhraw           (to the step before)
 *   y_t = Why·h_t + by                          dy = p_t - onehot(target_t)        (softmax + cross-entropy)
 *                                               dWhy += dy·h_tᵀ    dby += dy        dL/dh_t gets Whyᵀ·dy
 * and the article's form, where the previous hidden state is concatenated with the input:
 *   h_t = tanh(W·[h_{t-1}; x_t] + bh)   with   W = [Whh  Wxh]
 *
 * @example
 *   const h = cellForward(params, oneHot(3, 65), zerosMatrix(100, 1));   // (100, 1)
 *   const y = cellOutput(params, h);                                    // (65, 1)
 *   const dhPrev = cellBackward(params, x, hPrev, h, dh, grads);        // (100, 1), grads.dWhh grown
 */
import { add, concat, dotMultiply, map, multiply, subtract, tanh, transpose, type Matrix } from "mathjs";
import { expectShape, formatShape, shapeOf } from "../matrix";
import { oneHot } from "../text/one-hot";
import type { OutputGradients, OutputParams, RnnGradients, RnnParams } from "./params";

/** h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh). */
export function cellForward(params: RnnParams, x: Matrix, hPrev: Matrix): Matrix {
  const [H, V] = shapeOf(params.Wxh, "Wxh");
  expectShape("x", x, [V, 1], `Wxh is ${formatShape([H, V])}, so the input must be a column of ${V}`);
  expectShape("hPrev", hPrev, [H, 1], `Whh is ${formatShape([H, H])}, so the previous hidden state must be a column of ${H}`);
  const hRaw = add(add(multiply(params.Wxh, x), multiply(params.Whh, hPrev)), params.bh) as Matrix; // (H, 1)
  return map(hRaw, (v: number) => tanh(v)); // (H, 1)
}

/** Back through h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh): adds into dbh, dWxh, dWhh; returns dL/dh_{t-1}. */
export function cellBackward(params: RnnParams, x: Matrix, hPrev: Matrix, h: Matrix, dh: Matrix, grads: RnnGradients): Matrix {
  const dhraw = dotMultiply(map(h, (v: number) => 1 - v * v), dh) as Matrix; // (H, 1) through tanh
  grads.dbh = add(grads.dbh, dhraw) as Matrix; // (H, 1)
  grads.dWxh = add(grads.dWxh, multiply(dhraw, transpose(x))) as Matrix; // (H, V)
  grads.dWhh = add(grads.dWhh, multiply(dhraw, transpose(hPrev))) as Matrix; // (H, H)
  return multiply(transpose(params.Whh), dhraw) as Matrix; // (H, 1)
}

/** y_t = Why·h_t + by: one score per token of the vocabulary. */
export function cellOutput(params: OutputParams, h: Matrix): Matrix {
  const [V, H] = shapeOf(params.Why, "Why");
  expectShape("h", h, [H, 1], `Why is ${formatShape([V, H])}`);
  return add(multiply(params.Why, h), params.by) as Matrix; // (V, 1)
}

/**
 * Back through y_t = Why·h_t + by and L_t = -log p_t[target]: adds into dWhy and dby (times `kept`, 0 for a
 * masked step); returns this step's part of dL/dh_t, Whyᵀ·dy.
 */
export function cellOutputBackward(params: OutputParams, h: Matrix, p: Matrix, target: number, grads: OutputGradients, kept = 1): Matrix {
  const [V] = shapeOf(params.Why, "Why");
  const dy = multiply(subtract(p, oneHot(target, V)), kept) as Matrix; // (V, 1)
  grads.dWhy = add(grads.dWhy, multiply(dy, transpose(h))) as Matrix; // (V, H)
  grads.dby = add(grads.dby, dy) as Matrix; // (V, 1)
  return multiply(transpose(params.Why), dy) as Matrix; // (H, 1)
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

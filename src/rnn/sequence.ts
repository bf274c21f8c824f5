/**
 * The unrolled forward pass: the same block (the same Wxh, Whh, Why, bh, by) at every time step, the
 * hidden state of one step feeding the next. The first block gets h_0, a column of zeros by default.
 * States are indexed as everywhere in the library: hs[0] = h_0, the state before the first token, and
 * hs[t] = h_t, the state after token t. Inputs and outputs of step t sit at t - 1: xs[t - 1], ys[t - 1], ps[t - 1].
 *
 * @example
 *   const f = sequenceForward(params, [7, 4, 11, 11]);  // token ids
 *   f.hs.length;   // 5 hidden states h_0 .. h_4, each (H, 1)
 *   f.ps[3];       // (V, 1) probabilities of the token after the fourth, from h_4
 */
import type { Matrix } from "mathjs";
import { expectShape, zerosMatrix } from "../matrix";
import { oneHot } from "../text/one-hot";
import { checkSequence } from "../text/token-ids";
import { cellForward, cellOutput } from "./cell";
import { sizesOf, type RnnParams } from "./params";
import { softmax } from "./softmax";

export interface SequenceForward {
  inputs: number[]; // token ids x_1..x_T
  xs: Matrix[]; // T one-hot columns (V, 1): xs[t - 1] = x_t
  hs: Matrix[]; // T + 1 hidden states (H, 1): hs[0] = h_0, hs[t] = h_t
  ys: Matrix[]; // T score columns (V, 1): ys[t - 1] = y_t = Why·h_t + by
  ps: Matrix[]; // T probability columns (V, 1): ps[t - 1] = softmax(y_t)
  hLast: Matrix; // (H, 1) = hs[T], the state to carry into the next chunk
}

/** Runs the block over every token, from h0 (zeros by default). */
export function sequenceForward(params: RnnParams, inputs: number[], h0?: Matrix): SequenceForward {
  const [H, V] = sizesOf(params);
  checkSequence(inputs, V);
  const start = h0 ?? zerosMatrix(H, 1);
  expectShape("hPrev", start, [H, 1]);
  const xs: Matrix[] = [], hs: Matrix[] = [start], ys: Matrix[] = [], ps: Matrix[] = [];
  for (const id of inputs) {
    const x = oneHot(id, V); // (V, 1)
    const h = cellForward(params, x, hs[hs.length - 1]); // (H, 1)
    const y = cellOutput(params, h); // (V, 1)
    xs.push(x);
    hs.push(h);
    ys.push(y);
    ps.push(softmax(y)); // (V, 1)
  }
  return { inputs: inputs.slice(), xs, hs, ys, ps, hLast: hs[hs.length - 1] };
}

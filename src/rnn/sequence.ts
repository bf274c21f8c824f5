/**
 * The unrolled forward pass: the same block (the same Wxh, Whh, Why, bh, by) at every time step, the
 * hidden state of one step feeding the next. The first block gets a column of zeros as h_0.
 *
 * @example
 *   const f = sequenceForward(params, [7, 4, 11, 11]);  // token ids
 *   f.hs.length;   // 4 hidden states, each (H, 1)
 *   f.ps[3];       // (V, 1) probabilities of the token after the fourth
 */
import { matrix, type Matrix } from "mathjs";
import { cellForward, cellOutput } from "./cell";
import { sizesOf, type RnnParams } from "./params";
import { zerosMatrix } from "../random";
import { expectShape } from "../matrix";
import { softmax } from "./softmax";

export interface SequenceForward {
  inputs: number[]; // token ids x_1..x_T
  h0: Matrix; // (H, 1) the state before the first step
  xs: Matrix[]; // T one-hot columns (V, 1)
  hs: Matrix[]; // T hidden states (H, 1)
  ys: Matrix[]; // T score columns (V, 1)
  ps: Matrix[]; // T probability columns (V, 1)
  hLast: Matrix; // (H, 1) = hs[T - 1], the state to carry into the next chunk
}

/** The one-hot column of token `id` in a vocabulary of `size`. */
export function oneHotColumn(id: number, size: number): Matrix {
  checkTokenId(id, size, "token id");
  const data: number[][] = [];
  for (let k = 0; k < size; k++) data.push([k === id ? 1 : 0]);
  return matrix(data, "dense", "number"); // (V, 1)
}

/** Throws unless `id` is an integer in [0, size). */
export function checkTokenId(id: number, size: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= size) {
    throw new RangeError(`${what} ${id} is out of range: expected an integer from 0 to ${size - 1} (vocabulary size ${size}).`);
  }
}

/** Checks a non-empty id sequence against the vocabulary size (and the targets' length, if given). */
export function checkSequence(inputs: number[], vocabSize: number, targets?: number[]): void {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new RangeError("The input sequence is empty: give at least one token id.");
  if (targets !== undefined && targets.length !== inputs.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} inputs and ${targets.length} targets.`);
  }
  inputs.forEach((id, t) => checkTokenId(id, vocabSize, `inputs[${t}] =`));
  targets?.forEach((id, t) => checkTokenId(id, vocabSize, `targets[${t}] =`));
}

/** Runs the block over every token, from h0 (zeros by default). */
export function sequenceForward(params: RnnParams, inputs: number[], h0?: Matrix): SequenceForward {
  const [H, V] = sizesOf(params);
  checkSequence(inputs, V);
  const start = h0 ?? zerosMatrix(H, 1);
  expectShape("hPrev", start, [H, 1]);
  const xs: Matrix[] = [], hs: Matrix[] = [], ys: Matrix[] = [], ps: Matrix[] = [];
  let h = start;
  for (const id of inputs) {
    const x = oneHotColumn(id, V); // (V, 1)
    h = cellForward(params, x, h); // (H, 1)
    const y = cellOutput(params, h); // (V, 1)
    xs.push(x);
    hs.push(h);
    ys.push(y);
    ps.push(softmax(y)); // (V, 1)
  }
  return { inputs: inputs.slice(), h0: start, xs, hs, ys, ps, hLast: h };
}

/**
 * The recurrent half of every model in src/models: the cell of src/cell.ts run over a sequence of token
 * ids, and its backward pass, written as loops over the matrices' own storage so that training takes
 * seconds (test/src/models/recurrent-layer.test.ts checks each step against `cellForward`):
 *   h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)     forward, x_t one-hot (a column pick)
 *   dhraw_t = (1 - h_t ⊙ h_t) ⊙ (dh_t + dh_next)  backward through tanh
 *   dWxh[:, x_t] += dhraw_t   dWhh += dhraw_t·h_{t-1}ᵀ   dbh += dhraw_t   dh_next = Whhᵀ·dhraw_t
 * Hidden states are plain arrays of H numbers.
 *
 * @example
 *   const core = initRecurrent(12, 16, createRng(1));      // Wxh (16, 12), Whh (16, 16), bh (16, 1)
 *   const pass = recurrentForward(core, [1, 5, 7]);       // pass.hs[3] is h_3, pass.hs[0] = h_0 = zeros
 *   const { dh0 } = recurrentBackward(core, pass, [null, null, dhLast], grads);
 */
import type { Matrix } from "mathjs";
import { randomMatrix, zerosMatrix, type Rng } from "../random";
import { checkTokenId } from "../rnn/sequence";
import { expectShape, rowsOf, shapeOf } from "../matrix";

export type RecurrentParams = {
  Wxh: Matrix; // (H, V) input to hidden
  Whh: Matrix; // (H, H) hidden to hidden
  bh: Matrix; // (H, 1)
};

export type RecurrentGradients = {
  dWxh: Matrix; // (H, V)
  dWhh: Matrix; // (H, H)
  dbh: Matrix; // (H, 1)
};

export interface RecurrentPass {
  inputs: number[]; // token ids x_1..x_T
  hs: number[][]; // T + 1 states: hs[0] = h_0, hs[t] = h_t after token t
}

/** Small normal weights (times `scale`) and a zero bias. */
export function initRecurrent(vocabSize: number, hiddenSize: number, rng: Rng, scale = 0.1): RecurrentParams {
  return { Wxh: randomMatrix(hiddenSize, vocabSize, scale, rng), Whh: randomMatrix(hiddenSize, hiddenSize, scale, rng), bh: zerosMatrix(hiddenSize, 1) };
}

/** [H, V] from Wxh, after checking that Whh and bh agree with it. */
export function recurrentSizes(core: RecurrentParams, prefix = ""): [number, number] {
  const [H, V] = shapeOf(core.Wxh, prefix + "Wxh");
  expectShape(prefix + "Whh", core.Whh, [H, H], `Wxh is (${H}, ${V})`);
  expectShape(prefix + "bh", core.bh, [H, 1], `Wxh is (${H}, ${V})`);
  return [H, V];
}

/** Runs the cell over `inputs` from h0 (zeros by default). */
export function recurrentForward(core: RecurrentParams, inputs: number[], h0?: number[]): RecurrentPass {
  const [H, V] = recurrentSizes(core);
  inputs.forEach((id, t) => checkTokenId(id, V, `inputs[${t}] =`));
  const start = h0 ?? new Array<number>(H).fill(0);
  if (start.length !== H) throw new RangeError(`h0 has ${start.length} numbers but the hidden state has H = ${H}.`);
  const Wxh = rowsOf(core.Wxh), Whh = rowsOf(core.Whh), bh = rowsOf(core.bh);
  const hs: number[][] = [start.slice()];
  for (const x of inputs) {
    const hPrev = hs[hs.length - 1]; // (H)
    const h = new Array<number>(H); // (H)
    for (let i = 0; i < H; i++) {
      const row = Whh[i];
      let a = Wxh[i][x] + bh[i][0]; // Wxh·x_t picks column x_t
      for (let j = 0; j < H; j++) a += row[j] * hPrev[j];
      h[i] = Math.tanh(a);
    }
    hs.push(h);
  }
  return { inputs: inputs.slice(), hs };
}

/** Zero gradients for a recurrent layer of hidden size H and vocabulary size V. */
export function zeroRecurrentGradients(H: number, V: number): RecurrentGradients {
  return { dWxh: zerosMatrix(H, V), dWhh: zerosMatrix(H, H), dbh: zerosMatrix(H, 1) };
}

export interface RecurrentBackward {
  dh0: number[]; // dL/dh_0 (H)
  dhNorms: number[]; // |dL/dh_t| for t = 0..T: how much gradient reaches each state
}

/**
 * Backpropagation through time for the recurrent layer. `dhOut[t - 1]` is the gradient reaching h_t from
 * outside (an output layer, a decoder), or null; the weights' gradients are ADDED into `grads`.
 */
export function recurrentBackward(core: RecurrentParams, pass: RecurrentPass, dhOut: (number[] | null)[], grads: RecurrentGradients): RecurrentBackward {
  const [H] = recurrentSizes(core);
  const T = pass.inputs.length;
  if (dhOut.length !== T) throw new RangeError(`Got ${dhOut.length} output gradients for ${T} time steps: one (or null) per step.`);
  const Whh = rowsOf(core.Whh), dWxh = rowsOf(grads.dWxh), dWhh = rowsOf(grads.dWhh), dbh = rowsOf(grads.dbh);
  let dhNext = new Array<number>(H).fill(0); // (H) from the step after
  const dhNorms = new Array<number>(T + 1).fill(0);
  for (let t = T; t >= 1; t--) {
    const h = pass.hs[t], hPrev = pass.hs[t - 1], x = pass.inputs[t - 1], extra = dhOut[t - 1];
    const dhraw = new Array<number>(H); // (H)
    let norm2 = 0;
    for (let i = 0; i < H; i++) {
      const dh = dhNext[i] + (extra ? extra[i] : 0); // dL/dh_t
      norm2 += dh * dh;
      dhraw[i] = (1 - h[i] * h[i]) * dh; // through tanh
      dbh[i][0] += dhraw[i];
      dWxh[i][x] += dhraw[i];
      const row = dWhh[i];
      for (let j = 0; j < H; j++) row[j] += dhraw[i] * hPrev[j];
    }
    dhNorms[t] = Math.sqrt(norm2);
    const before = new Array<number>(H).fill(0); // Whhᵀ·dhraw_t
    for (let i = 0; i < H; i++) {
      const row = Whh[i], d = dhraw[i];
      for (let j = 0; j < H; j++) before[j] += row[j] * d;
    }
    dhNext = before;
  }
  dhNorms[0] = Math.sqrt(dhNext.reduce((s, v) => s + v * v, 0));
  return { dh0: dhNext, dhNorms };
}

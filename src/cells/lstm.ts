/**
 * The LSTM cell, readable form: D2L's LSTM, with a forget gate and no peepholes. One step, forward:
 *   (1) i_t = σ(Wxi·x_t + Whi·h_{t-1} + bi)        input gate: how much of the candidate to write
 *   (2) f_t = σ(Wxf·x_t + Whf·h_{t-1} + bf)        forget gate: how much of the old cell state to keep
 *   (3) o_t = σ(Wxo·x_t + Who·h_{t-1} + bo)        output gate: how much of the cell state to show
 *   (4) c̃_t = tanh(Wxc·x_t + Whc·h_{t-1} + bc)     candidate cell state
 *   (5) c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t            the cell state: an addition, no matrix product
 *   (6) h_t = o_t ⊙ tanh(c_t)                      the hidden state
 * and backward, the same lines in reverse, given dh = dL/dh_t and dc = dL/dc_t from the steps after:
 *   (6') do = dh ⊙ tanh(c_t)          dc += dh ⊙ o_t ⊙ (1 − tanh²(c_t))
 *   (5') df = dc ⊙ c_{t-1}   di = dc ⊙ c̃_t   dc̃ = dc ⊙ i_t   dc_{t-1} = dc ⊙ f_t
 *   (1'–3') da_g = dg ⊙ g_t ⊙ (1 − g_t) through σ, for g = i, f, o      (4') da_c = dc̃ ⊙ (1 − c̃_t²)
 *   for every gate: dWxg += da_g·x_tᵀ   dWhg += da_g·h_{t-1}ᵀ   dbg += da_g      (src/cells/gates.ts)
 *   dh_{t-1} = Whiᵀ·da_i + Whfᵀ·da_f + Whoᵀ·da_o + Whcᵀ·da_c
 * dc_{t-1} = dc ⊙ f_t is why the LSTM remembers: where f_t is near 1 the gradient on the cell state goes
 * back a step unchanged, with no weight matrix and no squashing slope to shrink it. Each line below carries
 * the number of its equation. The sequence functions put y_t = Why·h_t + by and the cross-entropy on every
 * step (src/cells/output.ts) and sum the losses.
 *
 * @example
 *   const params = initLstmParams(65, 32, createRng(1));            // bf = 1: the forget gate starts open
 *   const r = lstmLossAndGradients(params, [7, 4, 11], [4, 11, 11], zerosMatrix(32, 1), zerosMatrix(32, 1));
 *   r.loss;   // about 3 · log 65 = 12.5 for weights this small;  r.dWxf is (32, 65), r.cLast (32, 1)
 */
import { add, dotMultiply, map, multiply, transpose, type Matrix } from "mathjs";
import type { MatrixSet } from "../matrix";
import { sequenceLoss } from "../rnn/loss";
import type { OutputGradients, OutputParams } from "../rnn/params";
import type { Rng } from "../random";
import { oneHot } from "../text/one-hot";
import { checkSequence } from "../text/token-ids";
import { expectShape, numberMatrix, shapeOf } from "../matrix";
import { addGateGradients, gateSizes, initGates, sigmoid, zeroGateGradients } from "./gates";
import { outputStepBackward, outputStepForward } from "./output";
import { backThroughTime, checkThroughTimeOptions, type ThroughTimeOptions } from "./through-time";

/** The four gates' suffixes: input, forget, output, candidate. */
export const LSTM_GATES = ["i", "f", "o", "c"] as const;

export type LstmCellParams = {
  Wxi: Matrix; Whi: Matrix; bi: Matrix; // (H, V), (H, H), (H, 1) input gate
  Wxf: Matrix; Whf: Matrix; bf: Matrix; // (H, V), (H, H), (H, 1) forget gate
  Wxo: Matrix; Who: Matrix; bo: Matrix; // (H, V), (H, H), (H, 1) output gate
  Wxc: Matrix; Whc: Matrix; bc: Matrix; // (H, V), (H, H), (H, 1) candidate
};
export type LstmParams = LstmCellParams & OutputParams; // and Why (V, H), by (V, 1)

export type LstmGradients = {
  dWxi: Matrix; dWhi: Matrix; dbi: Matrix; // (H, V), (H, H), (H, 1)
  dWxf: Matrix; dWhf: Matrix; dbf: Matrix;
  dWxo: Matrix; dWho: Matrix; dbo: Matrix;
  dWxc: Matrix; dWhc: Matrix; dbc: Matrix;
} & OutputGradients; // and dWhy (V, H), dby (V, 1)

export interface LstmInitOptions {
  /** Standard deviation of the normal weights (0.1 by default, as in src/models). */
  scale?: number;
  /** Every entry of bf (1 by default, so that f = σ(1) ≈ 0.73 keeps most of the cell state at first:
   *  Gers et al. 2000; Jozefowicz et al. 2015). 0 gives D2L's zero biases. */
  forgetBias?: number;
}

/**
 * Normal weights times `scale`, drawn gate by gate (Wxi, Whi, Wxf, Whf, Wxo, Who, Wxc, Whc, then Why), zero
 * biases except the forget gate's, bf = `forgetBias` (1 by default).
 *
 * @example
 *   initLstmParams(65, 100, createRng(1), { forgetBias: 0 }).bf;   // (100, 1) zeros
 */
export function initLstmParams(vocabSize: number, hiddenSize: number, rng: Rng, options: LstmInitOptions = {}): LstmParams {
  const params = initGates(vocabSize, hiddenSize, LSTM_GATES, rng, options.scale ?? 0.1) as LstmParams;
  const forgetBias = options.forgetBias ?? 1;
  if (!Number.isFinite(forgetBias)) throw new RangeError(`forgetBias must be a finite number, got ${forgetBias}.`);
  params.bf = numberMatrix(hiddenSize, 1, () => forgetBias); // (H, 1)
  return params;
}

/** [H, V], after checking all fourteen shapes against each other and that every weight is finite. */
export function lstmSizes(params: LstmParams): [number, number] {
  return gateSizes(params, LSTM_GATES, "LSTM");
}

/** What one step computed, kept for its backward step (micrograd's habit). */
export interface LstmStepCache {
  x: Matrix; // (V, 1) one-hot input
  hPrev: Matrix; // (H, 1) h_{t-1}
  cPrev: Matrix; // (H, 1) c_{t-1}
  i: Matrix; // (H, 1) input gate
  f: Matrix; // (H, 1) forget gate
  o: Matrix; // (H, 1) output gate
  cTilde: Matrix; // (H, 1) candidate
  c: Matrix; // (H, 1) c_t
  tanhC: Matrix; // (H, 1) tanh(c_t)
  h: Matrix; // (H, 1) h_t
}

/** Equations (1)–(6): one step from (hPrev, cPrev) on the one-hot input x. */
export function lstmStepForward(params: LstmParams, x: Matrix, hPrev: Matrix, cPrev: Matrix): LstmStepCache {
  const { Wxi, Whi, bi, Wxf, Whf, bf, Wxo, Who, bo, Wxc, Whc, bc } = params;
  const [H, V] = shapeOf(Wxi, "Wxi");
  expectShape("x", x, [V, 1], `Wxi is (${H}, ${V}), so the input is a column of ${V}`);
  expectShape("hPrev", hPrev, [H, 1], `Whi is (${H}, ${H})`);
  expectShape("cPrev", cPrev, [H, 1], `the cell state has H = ${H} rows like h`);
  const i = sigmoid(add(add(multiply(Wxi, x), multiply(Whi, hPrev)), bi) as Matrix); // (H, 1)  (1)
  const f = sigmoid(add(add(multiply(Wxf, x), multiply(Whf, hPrev)), bf) as Matrix); // (H, 1)  (2)
  const o = sigmoid(add(add(multiply(Wxo, x), multiply(Who, hPrev)), bo) as Matrix); // (H, 1)  (3)
  const cTilde = map(add(add(multiply(Wxc, x), multiply(Whc, hPrev)), bc) as Matrix, (v: number) => Math.tanh(v)); // (H, 1)  (4)
  const c = add(dotMultiply(f, cPrev), dotMultiply(i, cTilde)) as Matrix; // (H, 1)  (5)
  const tanhC = map(c, (v: number) => Math.tanh(v)); // (H, 1)  (6)
  const h = dotMultiply(o, tanhC) as Matrix; // (H, 1)  (6)
  return { x, hPrev, cPrev, i, f, o, cTilde, c, tanhC, h };
}

/**
 * Equations (6')–(1'): back through one step, given dh = dL/dh_t and dcNext = dL/dc_t from the steps
 * after; adds the step's weight gradients into `grads` and returns the gradients on h_{t-1} and c_{t-1}.
 */
export function lstmStepBackward(params: LstmParams, cache: LstmStepCache, dh: Matrix, dcNext: Matrix, grads: LstmGradients): { dhPrev: Matrix; dcPrev: Matrix } {
  const { x, hPrev, cPrev, i, f, o, cTilde, tanhC } = cache;
  const dO = dotMultiply(dh, tanhC) as Matrix; // (H, 1)  (6')
  const dc = add(dcNext, dotMultiply(dotMultiply(dh, o), map(tanhC, (t: number) => 1 - t * t))) as Matrix; // (H, 1)  (6')
  const df = dotMultiply(dc, cPrev) as Matrix; // (H, 1)  (5')
  const di = dotMultiply(dc, cTilde) as Matrix; // (H, 1)  (5')
  const dcTilde = dotMultiply(dc, i) as Matrix; // (H, 1)  (5')
  const dcPrev = dotMultiply(dc, f) as Matrix; // (H, 1)  (5') the additive path
  const dai = dotMultiply(di, map(i, (g: number) => g * (1 - g))) as Matrix; // (H, 1)  (1') through σ
  const daf = dotMultiply(df, map(f, (g: number) => g * (1 - g))) as Matrix; // (H, 1)  (2')
  const dao = dotMultiply(dO, map(o, (g: number) => g * (1 - g))) as Matrix; // (H, 1)  (3')
  const dac = dotMultiply(dcTilde, map(cTilde, (g: number) => 1 - g * g)) as Matrix; // (H, 1)  (4') through tanh
  const set = grads as MatrixSet;
  addGateGradients(set, "i", dai, x, hPrev); // dWxi (H, V), dWhi (H, H), dbi (H, 1)
  addGateGradients(set, "f", daf, x, hPrev);
  addGateGradients(set, "o", dao, x, hPrev);
  addGateGradients(set, "c", dac, x, hPrev);
  const { Whi, Whf, Who, Whc } = params;
  const dhPrev = add(add(add(multiply(transpose(Whi), dai), multiply(transpose(Whf), daf)), multiply(transpose(Who), dao)), multiply(transpose(Whc), dac)) as Matrix; // (H, 1)
  return { dhPrev, dcPrev };
}

/** The forward pass over a sequence; index t = 1..T is the step that reads inputs[t - 1]. */
export interface LstmForward {
  inputs: number[];
  steps: LstmStepCache[]; // T caches: steps[t - 1] is step t
  hs: Matrix[]; // T + 1 hidden states (H, 1): hs[0] = h_0, hs[t] after token t
  cs: Matrix[]; // T + 1 cell states (H, 1): cs[0] = c_0
  ys: Matrix[]; // T score columns (V, 1): ys[t - 1] at step t
  ps: Matrix[]; // T probability columns (V, 1)
  hLast: Matrix; // (H, 1) = hs[T]
  cLast: Matrix; // (H, 1) = cs[T]
}

/** Runs the cell over the token ids from (hPrev, cPrev), with the output at every step. */
export function lstmForward(params: LstmParams, inputs: number[], hPrev: Matrix, cPrev: Matrix): LstmForward {
  const [H, V] = lstmSizes(params);
  checkSequence(inputs, V);
  expectShape("hPrev", hPrev, [H, 1], `the LSTM has H = ${H}`);
  expectShape("cPrev", cPrev, [H, 1], `the LSTM has H = ${H}`);
  const steps: LstmStepCache[] = [], hs = [hPrev], cs = [cPrev], ys: Matrix[] = [], ps: Matrix[] = [];
  for (const id of inputs) {
    const step = lstmStepForward(params, oneHot(id, V), hs[hs.length - 1], cs[cs.length - 1]);
    const { y, p } = outputStepForward(params, step.h); // (V, 1), (V, 1)
    steps.push(step);
    hs.push(step.h);
    cs.push(step.c);
    ys.push(y);
    ps.push(p);
  }
  return { inputs: inputs.slice(), steps, hs, cs, ys, ps, hLast: hs[inputs.length], cLast: cs[inputs.length] };
}

/**
 * Backpropagation through time from a forward pass: the gradients of every parameter (of the kept steps'
 * summed loss, not clipped) and |dL/dh_t| for t = 0..T. `truncate: k` lets step t's loss flow back
 * through at most k steps, through h and c; `mask` drops steps' losses.
 */
export function lstmBackward(params: LstmParams, forward: LstmForward, targets: number[], options: ThroughTimeOptions = {}): { grads: LstmGradients; dhNorms: number[] } {
  const [H, V] = lstmSizes(params);
  checkSequence(forward.inputs, V, targets);
  const T = targets.length;
  const k = checkThroughTimeOptions(options, T);
  const grads = zeroGateGradients(params, LSTM_GATES) as LstmGradients;
  const { dhNorms } = backThroughTime(
    T,
    2,
    H,
    (t) => outputStepBackward(params, forward.hs[t], forward.ps[t - 1], targets[t - 1], options.mask?.[t - 1] ?? 1, grads),
    (t, [dh, dc]) => {
      const { dhPrev, dcPrev } = lstmStepBackward(params, forward.steps[t - 1], dh, dc, grads);
      return [dhPrev, dcPrev];
    },
    k,
  );
  return { grads, dhNorms };
}

export interface LstmLossAndGradients extends LstmGradients {
  loss: number; // Σ_t −log p_t[target_t] over the kept steps
  hLast: Matrix; // (H, 1)
  cLast: Matrix; // (H, 1)
}

/**
 * The LSTM's `lossFun`: token ids in, the summed cross-entropy, the gradients of all fourteen parameters
 * (not clipped) and the states after the last token out, to start the next chunk from.
 */
export function lstmLossAndGradients(
  params: LstmParams,
  inputs: number[],
  targets: number[],
  hPrev: Matrix,
  cPrev: Matrix,
  options: ThroughTimeOptions = {},
): LstmLossAndGradients {
  const [, V] = lstmSizes(params);
  checkSequence(inputs, V, targets);
  checkThroughTimeOptions(options, inputs.length);
  const forward = lstmForward(params, inputs, hPrev, cPrev);
  const { total } = sequenceLoss(forward.ys, targets, options.mask);
  const { grads } = lstmBackward(params, forward, targets, options);
  return { loss: total, ...grads, hLast: forward.hLast, cLast: forward.cLast };
}

/**
 * The GRU cell, readable form: Cho et al. 2014, the reset gate applied before Whh. One step, forward:
 *   (1) z_t = σ(Wxz·x_t + Whz·h_{t-1} + bz)              update gate: how much of the old state to keep
 *   (2) r_t = σ(Wxr·x_t + Whr·h_{t-1} + br)              reset gate: how much of the old state the candidate sees
 *   (3) h̃_t = tanh(Wxh·x_t + Whh·(r_t ⊙ h_{t-1}) + bh)   candidate state
 *   (4) h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t            the new state: a mix of old and candidate
 * and backward, the same lines in reverse, given dh = dL/dh_t from the steps after:
 *   (4') dz = dh ⊙ (h_{t-1} − h̃_t)    dh̃ = dh ⊙ (1 − z_t)    dh_{t-1} = dh ⊙ z_t  (+ the three terms below)
 *   (3') da_h = dh̃ ⊙ (1 − h̃_t²)    d(r⊙h) = Whhᵀ·da_h    dWxh += da_h·x_tᵀ   dWhh += da_h·(r_t ⊙ h_{t-1})ᵀ   dbh += da_h
 *   (2') dr = d(r⊙h) ⊙ h_{t-1}    dh_{t-1} += d(r⊙h) ⊙ r_t    da_r = dr ⊙ r_t ⊙ (1 − r_t)
 *   (1') da_z = dz ⊙ z_t ⊙ (1 − z_t)          dh_{t-1} += Whzᵀ·da_z + Whrᵀ·da_r
 *   and dWxg += da_g·x_tᵀ, dWhg += da_g·h_{t-1}ᵀ, dbg += da_g for g = z, r     (src/cells/gates.ts)
 * dh_{t-1} = dh ⊙ z_t is the GRU's additive path: where z_t is near 1 the state and its gradient pass a step
 * unchanged. Each line below carries the number of its equation. The sequence functions put
 * y_t = Why·h_t + by and the cross-entropy on every step (src/cells/output.ts) and sum the losses.
 *
 * @example
 *   const params = initGruParams(65, 32, createRng(1));      // Wxz (32, 65) ... Why (65, 32), zero biases
 *   const r = gruLossAndGradients(params, [7, 4, 11], [4, 11, 11], zerosMatrix(32, 1));
 *   r.loss;   // about 3 · log 65 = 12.5 for weights this small;  r.dWhz is (32, 32), r.hLast (32, 1)
 */
import { add, dotMultiply, map, multiply, subtract, transpose, type Matrix } from "mathjs";
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

/** The three gates' suffixes: update, reset, and the candidate state h. */
export const GRU_GATES = ["z", "r", "h"] as const;

export type GruCellParams = {
  Wxz: Matrix; Whz: Matrix; bz: Matrix; // (H, V), (H, H), (H, 1) update gate
  Wxr: Matrix; Whr: Matrix; br: Matrix; // (H, V), (H, H), (H, 1) reset gate
  Wxh: Matrix; Whh: Matrix; bh: Matrix; // (H, V), (H, H), (H, 1) candidate
};
export type GruParams = GruCellParams & OutputParams; // and Why (V, H), by (V, 1)

export type GruGradients = {
  dWxz: Matrix; dWhz: Matrix; dbz: Matrix; // (H, V), (H, H), (H, 1)
  dWxr: Matrix; dWhr: Matrix; dbr: Matrix;
  dWxh: Matrix; dWhh: Matrix; dbh: Matrix;
} & OutputGradients; // and dWhy (V, H), dby (V, 1)

export interface GruInitOptions {
  /** Standard deviation of the normal weights (0.1 by default, as in src/models). */
  scale?: number;
  /** Every entry of bz (0 by default, as in Cho et al. and D2L): z = σ(bz) at first, so a positive bias
   *  starts the GRU keeping its state, like the LSTM's forget-gate bias. */
  updateBias?: number;
}

/**
 * Normal weights times `scale`, drawn gate by gate (Wxz, Whz, Wxr, Whr, Wxh, Whh, then Why), zero biases
 * except bz = `updateBias` (0 by default).
 *
 * @example
 *   initGruParams(65, 100, createRng(1)).Whh;   // (100, 100), standard deviation 0.1
 */
export function initGruParams(vocabSize: number, hiddenSize: number, rng: Rng, options: GruInitOptions = {}): GruParams {
  const params = initGates(vocabSize, hiddenSize, GRU_GATES, rng, options.scale ?? 0.1) as GruParams;
  const updateBias = options.updateBias ?? 0;
  if (!Number.isFinite(updateBias)) throw new RangeError(`updateBias must be a finite number, got ${updateBias}.`);
  params.bz = numberMatrix(hiddenSize, 1, () => updateBias); // (H, 1)
  return params;
}

/** [H, V], after checking all eleven shapes against each other and that every weight is finite. */
export function gruSizes(params: GruParams): [number, number] {
  return gateSizes(params, GRU_GATES, "GRU");
}

/** What one step computed, kept for its backward step (micrograd's habit). */
export interface GruStepCache {
  x: Matrix; // (V, 1) one-hot input
  hPrev: Matrix; // (H, 1) h_{t-1}
  z: Matrix; // (H, 1) update gate
  r: Matrix; // (H, 1) reset gate
  rh: Matrix; // (H, 1) r_t ⊙ h_{t-1}, what Whh sees
  hTilde: Matrix; // (H, 1) candidate
  h: Matrix; // (H, 1) h_t
}

/** Equations (1)–(4): one step from hPrev on the one-hot input x. */
export function gruStepForward(params: GruParams, x: Matrix, hPrev: Matrix): GruStepCache {
  const { Wxz, Whz, bz, Wxr, Whr, br, Wxh, Whh, bh } = params;
  const [H, V] = shapeOf(Wxz, "Wxz");
  expectShape("x", x, [V, 1], `Wxz is (${H}, ${V}), so the input is a column of ${V}`);
  expectShape("hPrev", hPrev, [H, 1], `Whz is (${H}, ${H})`);
  const z = sigmoid(add(add(multiply(Wxz, x), multiply(Whz, hPrev)), bz) as Matrix); // (H, 1)  (1)
  const r = sigmoid(add(add(multiply(Wxr, x), multiply(Whr, hPrev)), br) as Matrix); // (H, 1)  (2)
  const rh = dotMultiply(r, hPrev) as Matrix; // (H, 1)  (3)
  const hTilde = map(add(add(multiply(Wxh, x), multiply(Whh, rh)), bh) as Matrix, (v: number) => Math.tanh(v)); // (H, 1)  (3)
  const h = add(dotMultiply(z, hPrev), dotMultiply(map(z, (g: number) => 1 - g), hTilde)) as Matrix; // (H, 1)  (4)
  return { x, hPrev, z, r, rh, hTilde, h };
}

/**
 * Equations (4')–(1'): back through one step, given dh = dL/dh_t from the output and the steps after;
 * adds the step's weight gradients into `grads` and returns the gradient on h_{t-1}.
 */
export function gruStepBackward(params: GruParams, cache: GruStepCache, dh: Matrix, grads: GruGradients): Matrix {
  const { x, hPrev, z, r, rh, hTilde } = cache;
  const dz = dotMultiply(dh, subtract(hPrev, hTilde)) as Matrix; // (H, 1)  (4')
  const dhTilde = dotMultiply(dh, map(z, (g: number) => 1 - g)) as Matrix; // (H, 1)  (4')
  const dhDirect = dotMultiply(dh, z) as Matrix; // (H, 1)  (4') the additive path
  const dah = dotMultiply(dhTilde, map(hTilde, (g: number) => 1 - g * g)) as Matrix; // (H, 1)  (3') through tanh
  const drh = multiply(transpose(params.Whh), dah) as Matrix; // (H, 1)  (3')
  const dr = dotMultiply(drh, hPrev) as Matrix; // (H, 1)  (2')
  const dhThroughReset = dotMultiply(drh, r) as Matrix; // (H, 1)  (2')
  const dar = dotMultiply(dr, map(r, (g: number) => g * (1 - g))) as Matrix; // (H, 1)  (2') through σ
  const daz = dotMultiply(dz, map(z, (g: number) => g * (1 - g))) as Matrix; // (H, 1)  (1') through σ
  const set = grads as MatrixSet;
  addGateGradients(set, "z", daz, x, hPrev); // dWxz (H, V), dWhz (H, H), dbz (H, 1)
  addGateGradients(set, "r", dar, x, hPrev);
  addGateGradients(set, "h", dah, x, rh); // Whh reads r ⊙ h_{t-1}: dWhh += da_h·(r ⊙ h_{t-1})ᵀ
  return add(add(add(dhDirect, dhThroughReset), multiply(transpose(params.Whz), daz)), multiply(transpose(params.Whr), dar)) as Matrix; // (H, 1)  (1')
}

/** The forward pass over a sequence; index t = 1..T is the step that reads inputs[t - 1]. */
export interface GruForward {
  inputs: number[];
  steps: GruStepCache[]; // T caches: steps[t - 1] is step t
  hs: Matrix[]; // T + 1 hidden states (H, 1): hs[0] = h_0, hs[t] after token t
  ys: Matrix[]; // T score columns (V, 1): ys[t - 1] at step t
  ps: Matrix[]; // T probability columns (V, 1)
  hLast: Matrix; // (H, 1) = hs[T]
}

/** Runs the cell over the token ids from hPrev, with the output at every step. */
export function gruForward(params: GruParams, inputs: number[], hPrev: Matrix): GruForward {
  const [H, V] = gruSizes(params);
  checkSequence(inputs, V);
  expectShape("hPrev", hPrev, [H, 1], `the GRU has H = ${H}`);
  const steps: GruStepCache[] = [], hs = [hPrev], ys: Matrix[] = [], ps: Matrix[] = [];
  for (const id of inputs) {
    const step = gruStepForward(params, oneHot(id, V), hs[hs.length - 1]);
    const { y, p } = outputStepForward(params, step.h); // (V, 1), (V, 1)
    steps.push(step);
    hs.push(step.h);
    ys.push(y);
    ps.push(p);
  }
  return { inputs: inputs.slice(), steps, hs, ys, ps, hLast: hs[inputs.length] };
}

/**
 * Backpropagation through time from a forward pass: the gradients of every parameter (of the kept steps'
 * summed loss, not clipped) and |dL/dh_t| for t = 0..T. `truncate: k` lets step t's loss flow back
 * through at most k steps; `mask` drops steps' losses.
 */
export function gruBackward(params: GruParams, forward: GruForward, targets: number[], options: ThroughTimeOptions = {}): { grads: GruGradients; dhNorms: number[] } {
  const [H, V] = gruSizes(params);
  checkSequence(forward.inputs, V, targets);
  const T = targets.length;
  const k = checkThroughTimeOptions(options, T);
  const grads = zeroGateGradients(params, GRU_GATES) as GruGradients;
  const { dhNorms } = backThroughTime(
    T,
    1,
    H,
    (t) => outputStepBackward(params, forward.hs[t], forward.ps[t - 1], targets[t - 1], options.mask?.[t - 1] ?? 1, grads),
    (t, [dh]) => [gruStepBackward(params, forward.steps[t - 1], dh, grads)],
    k,
  );
  return { grads, dhNorms };
}

export interface GruLossAndGradients extends GruGradients {
  loss: number; // Σ_t −log p_t[target_t] over the kept steps
  hLast: Matrix; // (H, 1)
}

/**
 * The GRU's `lossFun`: token ids in, the summed cross-entropy, the gradients of all eleven parameters
 * (not clipped) and the state after the last token out, to start the next chunk from.
 */
export function gruLossAndGradients(params: GruParams, inputs: number[], targets: number[], hPrev: Matrix, options: ThroughTimeOptions = {}): GruLossAndGradients {
  const [, V] = gruSizes(params);
  checkSequence(inputs, V, targets);
  checkThroughTimeOptions(options, inputs.length);
  const forward = gruForward(params, inputs, hPrev);
  const { total } = sequenceLoss(forward.ys, targets, options.mask);
  const { grads } = gruBackward(params, forward, targets, options);
  return { loss: total, ...grads, hLast: forward.hLast };
}

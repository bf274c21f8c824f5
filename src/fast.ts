/**
 * The training hot path: the same numbers as `lossAndGradients` (to 1e-12), computed with loops over the
 * matrices' own storage instead of one mathjs call per operation. The API stays mathjs `Matrix`.
 * What makes it fast (the math is unchanged, see backprop.ts for the readable form):
 * - x_t is one-hot, so Wxh·x_t is a column pick and dWxh·x_tᵀ adds to one column;
 * - the output layer, dWhy, dby, Whyᵀ·dy and dWhh are computed for all time steps at once, four steps
 *   and two rows at a time (each number read serves several products);
 * - Whh·h and Whhᵀ·dhraw work on four rows of Whh at a time, with four running sums, which lets the CPU
 *   work on four products at once (and Whhᵀ is never built);
 * - buffers are Float64Arrays kept between calls, so a training step allocates (almost) nothing;
 * - those four loops (matVec for Whh·h, matTVec for Whhᵀ·dhraw, rowDots for the output layer and Whyᵀ·dy,
 *   outerSum for dWhy and dWhh) run as WebAssembly SIMD (wasm/simd-kernels.ts), two numbers per
 *   instruction, or as the plain JavaScript of fast-kernels.ts where WebAssembly SIMD is not available.
 *
 * @example
 *   const grads = zeroGradients(params);             // reused at every step
 *   const { loss, hLast } = lossAndGradientsFast(params, inputs, targets, hPrev, grads);
 */
import type { Matrix } from "mathjs";
import type { LossAndGradients } from "./rnn/loss-and-gradients";
import { sizesOf, zeroGradients, type RnnGradients, type RnnParams } from "./rnn/params";
import { zerosMatrix } from "./random";
import { checkSequence } from "./rnn/sequence";
import { expectShape, rowsOf } from "./matrix";
import { jsKernels } from "./fast-kernels";
import { simdKernels } from "./wasm/simd-kernels";

/** Per-step details the training history records; filled when passed in. */
export interface FastDetails {
  perStepLoss: number[]; // L_t
  dhNorms: number[]; // |dL/dh_t|
}

// WebAssembly SIMD where the runtime has it (Node 16.4 and later, current browsers), else plain JavaScript.
const kernels = simdKernels() ?? jsKernels();

/** Copies a (rows, cols) matrix into `out` at `offset`, row-major, or transposed (column-major). */
function pack(rows: number[][], out: Float64Array, offset: number, transposed: boolean): void {
  const R = rows.length, C = rows[0].length;
  for (let i = 0; i < R; i++) {
    const row = rows[i];
    if (transposed) for (let j = 0; j < C; j++) out[offset + j * R + i] = row[j];
    else for (let j = 0; j < C; j++) out[offset + i * C + j] = row[j];
  }
}

export function lossAndGradientsFast(
  params: RnnParams,
  inputs: number[],
  targets: number[],
  hPrev: Matrix,
  grads: RnnGradients = zeroGradients(params),
  details?: FastDetails,
): LossAndGradients {
  const [H, V] = sizesOf(params);
  checkSequence(inputs, V, targets);
  expectShape("hPrev", hPrev, [H, 1]);
  const T = inputs.length;
  const Wxh = rowsOf(params.Wxh), bh = rowsOf(params.bh), by = rowsOf(params.by);
  const dWxh = rowsOf(grads.dWxh), dWhh = rowsOf(grads.dWhh), dWhy = rowsOf(grads.dWhy);
  const dbh = rowsOf(grads.dbh), dby = rowsOf(grads.dby);

  // Flat views: Whh, Why, Whyᵀ, then per-step buffers.
  const oWhh = 0, oWhy = oWhh + H * H, oWhyT = oWhy + V * H;
  const oHs = oWhyT + V * H; // (T + 1, H): h_0 .. h_T, one row per step
  const oP = oHs + (T + 1) * H; // (T, V): p_t, then dy_t
  const oDhOut = oP + T * V; // (T, H): Whyᵀ·dy_t
  const oRaws = oDhOut + T * H; // (T, H): dhraw_t
  const oDh = oRaws + T * H; // (H): dh_next
  const oGrad = oDh + H; // (max(V, H), H): dWhy, then dWhh
  const w = kernels.workspace(oGrad + Math.max(V, H) * H);
  pack(rowsOf(params.Whh), w, oWhh, false);
  pack(rowsOf(params.Why), w, oWhy, false);
  pack(rowsOf(params.Why), w, oWhyT, true);

  // Forward: h_t = tanh(Wxh[:, x_t] + Whh·h_{t-1} + bh), one step at a time.
  const h0 = rowsOf(hPrev);
  for (let i = 0; i < H; i++) w[oHs + i] = h0[i][0];
  for (let t = 0; t < T; t++) {
    const x = inputs[t], prev = oHs + t * H, next = prev + H;
    kernels.matVec(oWhh, H, H, prev, next); // Whh·h_{t-1}
    for (let i = 0; i < H; i++) w[next + i] = Math.tanh(Wxh[i][x] + w[next + i] + bh[i][0]);
  }

  // Output layer for all steps: y_t = Why·h_t + by, p_t = softmax(y_t), L_t = -log p_t[target_t].
  kernels.rowDots(oWhy, V, oHs + H, T, H, oP); // Why·h_t for every t
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const p = oP + t * V;
    let top = -Infinity;
    for (let v = 0; v < V; v++) {
      const y = (w[p + v] += by[v][0]);
      if (y > top) top = y;
    }
    let sum = 0;
    for (let v = 0; v < V; v++) sum += (w[p + v] = Math.exp(w[p + v] - top));
    for (let v = 0; v < V; v++) w[p + v] /= sum;
    const Lt = -Math.log(w[p + targets[t]]);
    if (details) details.perStepLoss[t] = Lt;
    loss += Lt;
    w[p + targets[t]] -= 1; // dy_t = p_t - onehot(target_t)
  }

  // dWhy = Σ_t dy_t·h_tᵀ and dby = Σ_t dy_t for all steps at once, then Whyᵀ·dy_t for every step.
  kernels.outerSum(oP, V, oHs + H, H, T, oGrad);
  for (let v = 0; v < V; v++) {
    const row = dWhy[v];
    for (let j = 0; j < H; j++) row[j] = w[oGrad + v * H + j];
    let s = 0;
    for (let t = 0; t < T; t++) s += w[oP + t * V + v];
    dby[v][0] = s;
  }
  kernels.rowDots(oWhyT, H, oP, T, V, oDhOut); // Whyᵀ·dy_t for every t

  // Backward through time: dh_t = Whyᵀ·dy_t + dh_next, through tanh, then Whhᵀ to the step before.
  for (let i = 0; i < H; i++) {
    w[oDh + i] = 0;
    dbh[i][0] = 0;
    dWxh[i].fill(0);
  }
  for (let t = T - 1; t >= 0; t--) {
    const h = oHs + (t + 1) * H, x = inputs[t];
    let dhNorm2 = 0;
    for (let i = 0; i < H; i++) {
      const dh = w[oDhOut + t * H + i] + w[oDh + i];
      dhNorm2 += dh * dh;
      const raw = (1 - w[h + i] * w[h + i]) * dh;
      w[oRaws + t * H + i] = raw;
      dbh[i][0] += raw;
      dWxh[i][x] += raw;
    }
    if (details) details.dhNorms[t] = Math.sqrt(dhNorm2);
    kernels.matTVec(oWhh, H, H, oRaws + t * H, oDh); // dh_next = Whhᵀ·dhraw_t
  }
  // dWhh = Σ_t dhraw_t·h_{t-1}ᵀ for all steps at once.
  kernels.outerSum(oRaws, H, oHs, H, T, oGrad);
  for (let i = 0; i < H; i++) {
    const row = dWhh[i];
    for (let j = 0; j < H; j++) row[j] = w[oGrad + i * H + j];
  }

  const hLast = zerosMatrix(H, 1);
  const last = rowsOf(hLast);
  for (let i = 0; i < H; i++) last[i][0] = w[oHs + T * H + i];
  return { loss, ...grads, hLast };
}

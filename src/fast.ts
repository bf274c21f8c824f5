/**
 * The training hot path: the same numbers as `lossAndGradients` (to 1e-12), computed with loops over the
 * matrices' own storage instead of one mathjs call per operation. The API stays mathjs `Matrix`.
 * What makes it fast (the math is unchanged, see backprop.ts for the readable form):
 * - x_t is one-hot, so Wxh·x_t is a column pick and dWxh·x_tᵀ adds to one column;
 * - the output layer, dWhy, dby, Whyᵀ·dy and dWhh are computed for all time steps at once;
 * - dot products keep four running sums, which lets the CPU work on four products at a time;
 * - buffers are Float64Arrays kept between calls, so a training step allocates (almost) nothing.
 *
 * @example
 *   const grads = zeroGradients(params);             // reused at every step
 *   const { loss, hLast } = lossAndGradientsFast(params, inputs, targets, hPrev, grads);
 */
import type { Matrix } from "mathjs";
import type { LossAndGradients } from "./loss-and-gradients";
import { sizesOf, zeroGradients, type RnnGradients, type RnnParams } from "./params";
import { zerosMatrix } from "./random";
import { checkSequence } from "./sequence";
import { expectShape, rowsOf } from "./shapes";

/** Per-step details the training history records; filled when passed in. */
export interface FastDetails {
  perStepLoss: number[]; // L_t
  dhNorms: number[]; // |dL/dh_t|
}

// Buffers shared by all calls, grown when a larger model or sequence comes along.
let buffers = new Float64Array(0);
function workspace(size: number): Float64Array {
  if (buffers.length < size) buffers = new Float64Array(size);
  return buffers;
}

/** a[ao..ao+n) · b[bo..bo+n) with four accumulators. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < n; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + s2 + s3;
}

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

  // Flat views: Whh, Whhᵀ, Why, Whyᵀ, then per-step buffers.
  const oWhh = 0, oWhhT = oWhh + H * H, oWhy = oWhhT + H * H, oWhyT = oWhy + V * H;
  const oHs = oWhyT + V * H; // (T + 1, H): h_0 .. h_T, one row per step
  const oHsT = oHs + (T + 1) * H; // (H, T + 1): the same, one row per unit
  const oP = oHsT + (T + 1) * H; // (T, V): p_t, then dy_t
  const oPT = oP + T * V; // (V, T): dy transposed
  const oDhOut = oPT + T * V; // (T, H): Whyᵀ·dy_t
  const oRawT = oDhOut + T * H; // (H, T): dhraw_t transposed
  const oDh = oRawT + T * H; // (H): dh_next
  const oRaw = oDh + H; // (H): dhraw_t
  const w = workspace(oRaw + H);
  pack(rowsOf(params.Whh), w, oWhh, false);
  pack(rowsOf(params.Whh), w, oWhhT, true);
  pack(rowsOf(params.Why), w, oWhy, false);
  pack(rowsOf(params.Why), w, oWhyT, true);

  // Forward: h_t = tanh(Wxh[:, x_t] + Whh·h_{t-1} + bh), one step at a time.
  const h0 = rowsOf(hPrev);
  for (let i = 0; i < H; i++) w[oHs + i] = h0[i][0];
  for (let t = 0; t < T; t++) {
    const x = inputs[t], prev = oHs + t * H, next = prev + H;
    for (let i = 0; i < H; i++) {
      w[next + i] = Math.tanh(Wxh[i][x] + dot(w, oWhh + i * H, w, prev, H) + bh[i][0]);
    }
  }
  for (let t = 0; t <= T; t++) for (let i = 0; i < H; i++) w[oHsT + i * (T + 1) + t] = w[oHs + t * H + i];

  // Output layer for all steps: y_t = Why·h_t + by, p_t = softmax(y_t), L_t = -log p_t[target_t].
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const p = oP + t * V, h = oHs + (t + 1) * H;
    let top = -Infinity;
    for (let v = 0; v < V; v++) {
      const y = dot(w, oWhy + v * H, w, h, H) + by[v][0];
      w[p + v] = y;
      if (y > top) top = y;
    }
    let sum = 0;
    for (let v = 0; v < V; v++) sum += (w[p + v] = Math.exp(w[p + v] - top));
    for (let v = 0; v < V; v++) w[p + v] /= sum;
    const Lt = -Math.log(w[p + targets[t]]);
    if (details) details.perStepLoss[t] = Lt;
    loss += Lt;
    w[p + targets[t]] -= 1; // dy_t = p_t - onehot(target_t)
    for (let v = 0; v < V; v++) w[oPT + v * T + t] = w[p + v];
  }

  // dWhy = Σ_t dy_t·h_tᵀ, dby = Σ_t dy_t, and Whyᵀ·dy_t for every step.
  for (let v = 0; v < V; v++) {
    const row = dWhy[v];
    for (let j = 0; j < H; j++) row[j] = dot(w, oPT + v * T, w, oHsT + j * (T + 1) + 1, T);
    let s = 0;
    for (let t = 0; t < T; t++) s += w[oPT + v * T + t];
    dby[v][0] = s;
  }
  for (let t = 0; t < T; t++) for (let j = 0; j < H; j++) w[oDhOut + t * H + j] = dot(w, oWhyT + j * V, w, oP + t * V, V);

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
      w[oRaw + i] = raw;
      w[oRawT + i * T + t] = raw;
      dbh[i][0] += raw;
      dWxh[i][x] += raw;
    }
    if (details) details.dhNorms[t] = Math.sqrt(dhNorm2);
    for (let j = 0; j < H; j++) w[oDh + j] = dot(w, oWhhT + j * H, w, oRaw, H);
  }
  // dWhh = Σ_t dhraw_t·h_{t-1}ᵀ for all steps at once.
  for (let i = 0; i < H; i++) {
    const row = dWhh[i];
    for (let j = 0; j < H; j++) row[j] = dot(w, oRawT + i * T, w, oHsT + j * (T + 1), T);
  }

  const hLast = zerosMatrix(H, 1);
  const last = rowsOf(hLast);
  for (let i = 0; i < H; i++) last[i][0] = w[oHs + T * H + i];
  return { loss, ...grads, hLast };
}

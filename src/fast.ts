/**
 * The training hot path: the same numbers as `lossAndGradients` (to 1e-12), computed with loops over the
 * matrices' own storage instead of one mathjs call per operation. The API stays mathjs `Matrix`.
 * What makes it fast (the math is unchanged, see backprop.ts for the readable form):
 * - x_t is one-hot, so Wxh·x_t is a column pick and dWxh·x_tᵀ adds to one column;
 * - the output layer, dWhy, dby, Whyᵀ·dy and dWhh are computed for all time steps at once, four steps
 *   and two rows at a time (each number read serves several products);
 * - Whh·h and Whhᵀ·dhraw work on four rows of Whh at a time, with four running sums, which lets the CPU
 *   work on four products at once (and Whhᵀ is never built);
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

/**
 * out = A·x for the R rows of A (length K each), four rows at a time so that each entry of x is read
 * once for four products.
 */
function matVec(a: Float64Array, ao: number, R: number, K: number, x: Float64Array, xo: number, out: Float64Array, oo: number): void {
  let r = 0;
  for (; r + 3 < R; r += 4) {
    const a0 = ao + r * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < K; k++) {
      const v = x[xo + k];
      s0 += a[a0 + k] * v;
      s1 += a[a1 + k] * v;
      s2 += a[a2 + k] * v;
      s3 += a[a3 + k] * v;
    }
    out[oo + r] = s0;
    out[oo + r + 1] = s1;
    out[oo + r + 2] = s2;
    out[oo + r + 3] = s3;
  }
  for (; r < R; r++) out[oo + r] = dot(a, ao + r * K, x, xo, K);
}

/**
 * out = Aᵀ·x for A of R rows (length K): the rows of A scaled by x and added, four rows at a time, so
 * that Aᵀ is never built.
 */
function matTVec(a: Float64Array, ao: number, R: number, K: number, x: Float64Array, xo: number, out: Float64Array, oo: number): void {
  out.fill(0, oo, oo + K);
  let r = 0;
  for (; r + 3 < R; r += 4) {
    const a0 = ao + r * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
    const x0 = x[xo + r], x1 = x[xo + r + 1], x2 = x[xo + r + 2], x3 = x[xo + r + 3];
    for (let k = 0; k < K; k++) out[oo + k] += x0 * a[a0 + k] + x1 * a[a1 + k] + x2 * a[a2 + k] + x3 * a[a3 + k];
  }
  for (; r < R; r++) {
    const ar = ao + r * K, xr = x[xo + r];
    for (let k = 0; k < K; k++) out[oo + k] += xr * a[ar + k];
  }
}

/**
 * C[t][r] = A[r] · B[t] for R rows of A (length K) and T rows of B: a matrix times the columns of all
 * steps at once, two rows by four steps at a time so that each entry read serves several products.
 */
function rowDots(a: Float64Array, ao: number, R: number, b: Float64Array, bo: number, T: number, K: number, c: Float64Array, co: number): void {
  let t = 0;
  for (; t + 3 < T; t += 4) {
    const b0 = bo + t * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
    let r = 0;
    for (; r + 1 < R; r += 2) {
      // Two rows of A by four steps: eight running sums, six reads for eight products.
      const ar = ao + r * K, as = ar + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
      for (let k = 0; k < K; k++) {
        const x = a[ar + k], y = a[as + k];
        const v0 = b[b0 + k], v1 = b[b1 + k], v2 = b[b2 + k], v3 = b[b3 + k];
        s0 += x * v0;
        s1 += x * v1;
        s2 += x * v2;
        s3 += x * v3;
        u0 += y * v0;
        u1 += y * v1;
        u2 += y * v2;
        u3 += y * v3;
      }
      c[co + t * R + r] = s0;
      c[co + (t + 1) * R + r] = s1;
      c[co + (t + 2) * R + r] = s2;
      c[co + (t + 3) * R + r] = s3;
      c[co + t * R + r + 1] = u0;
      c[co + (t + 1) * R + r + 1] = u1;
      c[co + (t + 2) * R + r + 1] = u2;
      c[co + (t + 3) * R + r + 1] = u3;
    }
    for (; r < R; r++) for (let j = 0; j < 4; j++) c[co + (t + j) * R + r] = dot(a, ao + r * K, b, bo + (t + j) * K, K);
  }
  for (; t < T; t++) for (let r = 0; r < R; r++) c[co + t * R + r] = dot(a, ao + r * K, b, bo + t * K, K);
}

/**
 * C (M, N) = Σ_t a_t · b_tᵀ over T steps, a_t = a[ao + t·M ..] (M), b_t = b[bo + t·N ..] (N): all the
 * steps' outer products at once, each row of C updated along its length (contiguous, no short dots).
 */
function outerSum(a: Float64Array, ao: number, M: number, b: Float64Array, bo: number, N: number, T: number, c: Float64Array, co: number): void {
  c.fill(0, co, co + M * N);
  let t = 0;
  for (; t + 3 < T; t += 4) {
    // Four steps and two rows of C at a time: each entry of b is read once for eight products.
    const b0 = bo + t * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
    let i = 0;
    for (; i + 1 < M; i += 2) {
      const a0 = ao + t * M + i;
      const x0 = a[a0], x1 = a[a0 + M], x2 = a[a0 + 2 * M], x3 = a[a0 + 3 * M];
      const y0 = a[a0 + 1], y1 = a[a0 + 1 + M], y2 = a[a0 + 1 + 2 * M], y3 = a[a0 + 1 + 3 * M];
      const ci = co + i * N, cj = ci + N;
      for (let j = 0; j < N; j++) {
        const v0 = b[b0 + j], v1 = b[b1 + j], v2 = b[b2 + j], v3 = b[b3 + j];
        c[ci + j] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
        c[cj + j] += y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
      }
    }
    for (; i < M; i++) {
      const a0 = ao + t * M + i;
      const x0 = a[a0], x1 = a[a0 + M], x2 = a[a0 + 2 * M], x3 = a[a0 + 3 * M];
      const ci = co + i * N;
      for (let j = 0; j < N; j++) c[ci + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
    }
  }
  for (; t < T; t++) {
    const bt = bo + t * N;
    for (let i = 0; i < M; i++) {
      const x = a[ao + t * M + i];
      const ci = co + i * N;
      for (let j = 0; j < N; j++) c[ci + j] += x * b[bt + j];
    }
  }
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

  // Flat views: Whh, Why, Whyᵀ, then per-step buffers.
  const oWhh = 0, oWhy = oWhh + H * H, oWhyT = oWhy + V * H;
  const oHs = oWhyT + V * H; // (T + 1, H): h_0 .. h_T, one row per step
  const oP = oHs + (T + 1) * H; // (T, V): p_t, then dy_t
  const oDhOut = oP + T * V; // (T, H): Whyᵀ·dy_t
  const oRaws = oDhOut + T * H; // (T, H): dhraw_t
  const oDh = oRaws + T * H; // (H): dh_next
  const oGrad = oDh + H; // (max(V, H), H): dWhy, then dWhh
  const w = workspace(oGrad + Math.max(V, H) * H);
  pack(rowsOf(params.Whh), w, oWhh, false);
  pack(rowsOf(params.Why), w, oWhy, false);
  pack(rowsOf(params.Why), w, oWhyT, true);

  // Forward: h_t = tanh(Wxh[:, x_t] + Whh·h_{t-1} + bh), one step at a time.
  const h0 = rowsOf(hPrev);
  for (let i = 0; i < H; i++) w[oHs + i] = h0[i][0];
  for (let t = 0; t < T; t++) {
    const x = inputs[t], prev = oHs + t * H, next = prev + H;
    matVec(w, oWhh, H, H, w, prev, w, next); // Whh·h_{t-1}
    for (let i = 0; i < H; i++) w[next + i] = Math.tanh(Wxh[i][x] + w[next + i] + bh[i][0]);
  }

  // Output layer for all steps: y_t = Why·h_t + by, p_t = softmax(y_t), L_t = -log p_t[target_t].
  rowDots(w, oWhy, V, w, oHs + H, T, H, w, oP); // Why·h_t for every t
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
  outerSum(w, oP, V, w, oHs + H, H, T, w, oGrad);
  for (let v = 0; v < V; v++) {
    const row = dWhy[v];
    for (let j = 0; j < H; j++) row[j] = w[oGrad + v * H + j];
    let s = 0;
    for (let t = 0; t < T; t++) s += w[oP + t * V + v];
    dby[v][0] = s;
  }
  rowDots(w, oWhyT, H, w, oP, T, V, w, oDhOut); // Whyᵀ·dy_t for every t

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
    matTVec(w, oWhh, H, H, w, oRaws + t * H, w, oDh); // dh_next = Whhᵀ·dhraw_t
  }
  // dWhh = Σ_t dhraw_t·h_{t-1}ᵀ for all steps at once.
  outerSum(w, oRaws, H, w, oHs, H, T, w, oGrad);
  for (let i = 0; i < H; i++) {
    const row = dWhh[i];
    for (let j = 0; j < H; j++) row[j] = w[oGrad + i * H + j];
  }

  const hLast = zerosMatrix(H, 1);
  const last = rowsOf(hLast);
  for (let i = 0; i < H; i++) last[i][0] = w[oHs + T * H + i];
  return { loss, ...grads, hLast };
}

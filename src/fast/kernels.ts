/**
 * The three loops of the fast layer (pass.ts), in plain JavaScript: matrix products over the rows of all
 * the batch's sequences (and all steps) at once, several rows at a time with running sums, so that each
 * number read serves several products. All offsets index one workspace (a Float64Array);
 * wasm/simd-kernels.ts does the same with WebAssembly SIMD, and the layer uses these loops where that is
 * not available.
 *
 * @example
 *   const kernels = jsKernels();
 *   const w = kernels.workspace(4); w.set([1, 2, 3, 4]);
 *   kernels.rowDots(0, 1, 2, 1, 2, 3); // w[3] = (1, 2)·(3, 4) = 11
 */

/** The loops the fast layer needs; every offset indexes `workspace`. */
export interface Kernels {
  /** The workspace, at least `size` numbers, kept between calls with its content (growing keeps it too). */
  workspace(size: number): Float64Array;
  /** C[t][r] = A[r]·B[t] for R rows of A and T rows of B, all of length K. */
  rowDots(ao: number, R: number, bo: number, T: number, K: number, co: number): void;
  /** C (M, N) = Σ_t a_t·b_tᵀ for a_t = a[ao + t·M ..] (M) and b_t = b[bo + t·N ..] (N). */
  outerSum(ao: number, M: number, bo: number, N: number, T: number, co: number): void;
  /** out_n = Aᵀ·x_n (K numbers) for `count` vectors x_n = x[xo + n·R ..] (R) and A of R rows of length K. */
  combineRows(xo: number, count: number, ao: number, R: number, K: number, co: number): void;
}

/** The loops in plain JavaScript, over a Float64Array of their own. */
export function jsKernels(): Kernels {
  let w = new Float64Array(0);
  return {
    workspace(size) {
      if (w.length < size) {
        const grown = new Float64Array(size);
        grown.set(w); // growing keeps the content, like WebAssembly memory
        w = grown;
      }
      return w;
    },
    rowDots: (ao, R, bo, T, K, co) => rowDots(w, ao, R, w, bo, T, K, w, co),
    outerSum: (ao, M, bo, N, T, co) => outerSum(w, ao, M, w, bo, N, T, w, co),
    combineRows: (xo, count, ao, R, K, co) => combineRows(w, xo, count, ao, R, K, co),
  };
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

/**
 * out_n = Aᵀ·x_n for `count` vectors: the rows of A scaled by x_n and added, four rows at a time, so that
 * Aᵀ is never built and each number of out_n is loaded and stored once for four rows.
 */
function combineRows(w: Float64Array, xo: number, count: number, ao: number, R: number, K: number, co: number): void {
  w.fill(0, co, co + count * K);
  for (let n = 0; n < count; n++) {
    const x = xo + n * R, out = co + n * K;
    let r = 0;
    for (; r + 3 < R; r += 4) {
      const a0 = ao + r * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
      const x0 = w[x + r], x1 = w[x + r + 1], x2 = w[x + r + 2], x3 = w[x + r + 3];
      for (let k = 0; k < K; k++) w[out + k] += x0 * w[a0 + k] + x1 * w[a1 + k] + x2 * w[a2 + k] + x3 * w[a3 + k];
    }
    for (; r < R; r++) {
      const ar = ao + r * K, xr = w[x + r];
      for (let k = 0; k < K; k++) w[out + k] += xr * w[ar + k];
    }
  }
}

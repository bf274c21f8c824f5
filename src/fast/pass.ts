/**
 * The passes of the fast layer over the workspace, shared by layer.ts (mathjs in and out) and parallel.ts
 * (a part of a batch on a helper thread: no mathjs here): forward over time, the output layer at every
 * step, backward through time (full or truncated), and the weight gradients summed from the pre-activation
 * gradients:
 *   dWh_j = Σ_t,b dpre_j,t,b · s_t,bᵀ (s = h_{t-1}, or gru's r ⊙ h_{t-1})   dWx[:, x] += dpre   db += dpre
 *   dWhy = Σ_t,b dy·hᵀ   dby = Σ_t,b dy   dh_t (from the output) = Whyᵀ·dy
 *
 * @example
 *   const pass = startPass(kernels, lstmCell, 2, 25, 128, 65);   // B, T, H, V
 */
import { jsKernels, type Kernels } from "./kernels";
import { layoutFor, type BackIo, type FastCell, type Pass } from "./layout";
import { simdKernels } from "./wasm/simd-kernels";

/** WebAssembly SIMD where the runtime has it (Node 16.4 and later, current browsers), else plain JavaScript. */
export function bestKernels(): Kernels {
  return simdKernels() ?? jsKernels();
}

/** A pass over `kernels`' workspace; the layout is reused while the sizes stay the same. */
export function startPass(kernels: Kernels, cell: FastCell, B: number, T: number, H: number, V: number, previous?: Pass): Pass {
  const same = previous && previous.cell === cell && previous.L.B === B && previous.L.T === T && previous.L.H === H && previous.L.V === V;
  const L = same ? previous.L : layoutFor(cell, B, T, H, V);
  return { w: kernels.workspace(L.end), k: kernels, L, cell };
}

/** Token ids (B, T) into the layout's step-major ids. */
export function loadIds(pass: Pass, inputs: number[][]): void {
  const { B, T, ids } = pass.L;
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) ids[t * B + b] = inputs[b][t];
}

/** h_1..h_T (and c) from h_0 (and c_0), already in the workspace. */
export function runForward(pass: Pass): void {
  for (let t = 1; t <= pass.L.T; t++) pass.cell.forward(pass, t);
}

/**
 * The output layer for every step and sequence at once: y = Why·h + by, p = softmax(y), the summed loss
 * Σ mask·(−log p[target]); leaves dy = mask·(p − onehot) in L.probs and Whyᵀ·dy in L.dhOut. Fills
 * perStepLoss (B, T) when given.
 */
export function outputLayer(pass: Pass, targets: number[][], mask: number[][] | undefined, perStepLoss?: number[][]): number {
  const { w, k, L } = pass;
  const { B, T, H, V } = L;
  k.rowDots(L.why, V, L.h(1), T * B, H, L.probs); // (T·B, V) Why·h for every step and sequence
  let loss = 0;
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const p = L.probs + (t * B + b) * V;
      if (mask && mask[b][t] === 0) {
        w.fill(0, p, p + V); // padding: no loss, no gradient
        if (perStepLoss) perStepLoss[b][t] = 0;
        continue;
      }
      let top = -Infinity;
      for (let v = 0; v < V; v++) {
        const y = (w[p + v] += w[L.by + v]);
        if (y > top) top = y;
      }
      let sum = 0;
      for (let v = 0; v < V; v++) sum += w[p + v] = Math.exp(w[p + v] - top);
      const scale = 1 / sum;
      for (let v = 0; v < V; v++) w[p + v] *= scale;
      const target = targets[b][t];
      const Lt = -Math.log(w[p + target]);
      if (perStepLoss) perStepLoss[b][t] = Lt;
      loss += Lt;
      w[p + target] -= 1; // dy = p − onehot(target)
    }
  }
  k.combineRows(L.probs, T * B, L.why, V, H, L.dhOut); // (T·B, H) Whyᵀ·dy, rows of Why scaled and added
  return loss;
}

const norm = (w: Float64Array, at: number, n: number): number => {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[at + i] * w[at + i];
  return Math.sqrt(s);
};
const addInto = (w: Float64Array, to: number, from: number, n: number): void => {
  for (let i = 0; i < n; i++) w[to + i] += w[from + i];
};

/**
 * Backward through time from the gradients in L.dhOut (and dhLast, dcLast at offsets, or -1): fills the
 * pre-activation gradients L.dPreBase; returns the offsets of dh_0 and dc_0, and |dL/dh_t| for t = 0..T.
 */
export function runBackward(pass: Pass, k: number, dhLast: number, dcLast: number): { dh0: number; dc0: number; dhNorms: number[] } {
  const { w, L, cell } = pass;
  const { B, T, H } = L;
  const n = B * H, norms = new Array<number>(T + 1);
  const s = L.scratch;
  const io: BackIo = { dh: s[0], dhPrev: s[1], dc: s[2], dcPrev: s[3], pre: L.dPreBase.slice() };
  const start = (t: number): void => {
    if (t === T && dhLast >= 0) w.copyWithin(io.dh, dhLast, dhLast + n);
    else w.fill(0, io.dh, io.dh + n);
    if (t === T && dcLast >= 0) w.copyWithin(io.dc, dcLast, dcLast + n);
    else w.fill(0, io.dc, io.dc + n);
  };
  const swap = (): void => {
    [io.dh, io.dhPrev] = [io.dhPrev, io.dh];
    [io.dc, io.dcPrev] = [io.dcPrev, io.dc];
  };
  if (k >= T) {
    start(T);
    for (let t = T; t >= 1; t--) {
      addInto(w, io.dh, L.dhOut + (t - 1) * n, n); // dh_t = from outside + from the step after
      norms[t] = norm(w, io.dh, n);
      for (let j = 0; j < io.pre.length; j++) io.pre[j] = L.dPre(j, t);
      cell.backward(pass, t, io);
      swap();
    }
    norms[0] = norm(w, io.dh, n);
    return { dh0: io.dh, dc0: io.dc, dhNorms: norms };
  }
  // Truncated: the gradient given at step t walks back k steps on its own, then stops.
  L.dPreBase.forEach((at, j) => w.fill(0, at, at + T * B * cell.groups[j] * H));
  w.fill(0, L.dhAt, L.dhAt + (T + 1) * n);
  w.fill(0, L.dcAt0, L.dcAt0 + n);
  io.pre = L.preTmp;
  for (let t = T; t >= 1; t--) {
    start(t);
    addInto(w, io.dh, L.dhOut + (t - 1) * n, n);
    let step = t;
    for (; step >= 1 && step > t - k; step--) {
      addInto(w, L.dhAt + step * n, io.dh, n);
      cell.backward(pass, step, io);
      for (let j = 0; j < L.preTmp.length; j++) addInto(w, L.dPre(j, step), L.preTmp[j], B * cell.groups[j] * H);
      swap();
    }
    if (step === 0) {
      addInto(w, L.dhAt, io.dh, n); // this walk reached h_0
      if (cell.hasCell) addInto(w, L.dcAt0, io.dc, n);
    }
  }
  for (let t = 0; t <= T; t++) norms[t] = norm(w, L.dhAt + t * n, n);
  return { dh0: L.dhAt, dc0: L.dcAt0, dhNorms: norms };
}

/** The gates' weight gradients (and the output layer's, left by outputLayer, when `output`) into L.grads. */
export function weightGradients(pass: Pass, output: boolean): void {
  const { w, k, L, cell } = pass;
  const { B, T, H, V, G } = L;
  const d = L.grads; // gradient of the weight at offset o is at d + o
  w.fill(0, d + L.wx, d + L.wh); // dWx and db are sums over the steps; dWh is written whole below
  cell.groups.forEach((count, j) => {
    const width = count * H, first = L.groupStart[j] * H;
    const input = cell.groupInputs[j] === "h" ? L.h(0) : L.ex(1); // the states Wh_j multiplied, (T·B, H)
    k.outerSum(L.dPreBase[j], width, input, H, T * B, d + L.wh + first * H); // (width, H) = Σ_t,b dpre·sᵀ
    for (let r = 0; r < T * B; r++) {
      const from = L.dPreBase[j] + r * width, x = d + L.wx + L.ids[r] * G * H + first, b = d + L.bias + first;
      for (let i = 0; i < width; i++) {
        w[x + i] += w[from + i]; // x_t is one-hot: dWx·x_tᵀ adds to one column
        w[b + i] += w[from + i];
      }
    }
  });
  if (!output) return;
  k.outerSum(L.probs, V, L.h(1), H, T * B, d + L.why); // (V, H) dWhy = Σ dy·hᵀ
  for (let v = 0; v < V; v++) {
    let sum = 0;
    for (let r = 0; r < T * B; r++) sum += w[L.probs + r * V + v];
    w[d + L.by + v] = sum;
  }
}

/**
 * The whole pass of a layer with an output at every step, on ids and states already in the workspace:
 * forward, the output layer's loss, backward through time (truncated to k), then every weight gradient.
 * Returns the loss, and fills perStepLoss (B, T) and the norms |dL/dh_t|.
 */
export function lossAndGradientPass(pass: Pass, targets: number[][], mask: number[][] | undefined, k: number, perStepLoss: number[][]): { loss: number; dhNorms: number[] } {
  runForward(pass);
  const loss = outputLayer(pass, targets, mask, perStepLoss);
  const { dhNorms } = runBackward(pass, k, -1, -1);
  weightGradients(pass, true);
  return { loss, dhNorms };
}

/**
 * The one fast recurrent layer: vanilla, LSTM or GRU cells over a minibatch of B padded sequences, forward
 * over time, then backward through time (full, or truncated to k steps), on typed arrays with the
 * WebAssembly SIMD kernels where the runtime has them. Params and results are mathjs matrices; states are
 * (H, B): column b is sequence b. The cells' equations are in rnn-step.ts, lstm-step.ts and gru-step.ts.
 *
 *   recurrentLossAndGradients   an output y_t = Why·h_t + by at every step, p_t = softmax(y_t),
 *                               loss = Σ_b Σ_t mask[b][t] · (−log p_t[target]), and all the gradients;
 *   layerForward, layerBackward the two halves, for models whose loss is something else: the caller gives
 *                               the gradient reaching each h_t from outside.
 * Index convention: hs[0] = h_0 (the state before the first token), hs[t] = the state after token t.
 * Truncation k: the gradient given at step t flows back through steps t, t−1, …, t−k+1 only (through h
 * and c), as in backprop.ts.
 *
 * @example
 *   const r = recurrentLossAndGradients("gru", params, { inputs: [[1, 2, 3], [4, 5, 0]], targets: [[2, 3, 4], [5, 6, 0]],
 *                                                          mask: [[1, 1, 1], [1, 1, 0]] });
 *   r.loss; r.perStepLoss[1][2];   // 0: padding
 *   r.grads.dWhz;                  // (H, H)
 *   r.dhNorms[0];                  // |dL/dh_0| over the batch
 */
import { matrix, type Matrix } from "mathjs";
import { expectShape } from "../matrix";
import { batchSize, cellSizes, checkIds, checkMask } from "./checks";
import { gruCell } from "./gru-step";
import { jsKernels } from "./kernels";
import { layoutFor, packCell, type CellKind, type FastCell, type Layout, type Pass } from "./layout";
import { lstmCell } from "./lstm-step";
import { rnnCell } from "./rnn-step";
import { simdKernels } from "./wasm/simd-kernels";

export type { CellKind } from "./layout";

/** Named matrices: a cell's weights (and Why, by), or their gradients (dWxh, ...). */
export type NamedMatrices = { [name: string]: Matrix };

export interface Batch {
  inputs: number[][]; // (B, T) token ids
  targets: number[][]; // (B, T) the ids to predict
  mask?: number[][]; // (B, T) 1 keeps a step's loss, 0 drops it (padding); all ones when absent
}

export interface RecurrentOptions {
  h0?: Matrix; // (H, B) the state before the first step, zeros by default
  c0?: Matrix; // (H, B) lstm's cell before the first step, zeros by default
  truncate?: number; // each step's loss flows back through at most this many steps (full BPTT when absent)
  grads?: NamedMatrices; // a gradient set to reuse (overwritten)
}

export interface RecurrentResult {
  loss: number; // Σ over b and t of mask · (−log p)
  perStepLoss: number[][]; // (B, T), already masked
  dhNorms: number[]; // length T + 1: dhNorms[t] = |∂L/∂h_t| (Frobenius over the batch), t = 0..T
  grads: NamedMatrices; // d + every parameter name
  hLast: Matrix; // (H, B) the state after the last step
  cLast?: Matrix; // (H, B) lstm's cell after the last step
}

export interface LayerPass {
  kind: CellKind;
  B: number;
  T: number;
  H: number;
  /** The states (H, B), t = 0..T (t = 0 is h_0). */
  state(t: number): Matrix;
  /** lstm's cell (H, B), t = 0..T. */
  cell(t: number): Matrix;
}

export interface BackwardOptions {
  truncate?: number;
  dhLast?: Matrix; // (H, B) gradient reaching h_T from after the pass (a carried state)
  dcLast?: Matrix; // (H, B) gradient reaching c_T (lstm)
}

export interface BackwardResult {
  dh0: Matrix; // (H, B)
  dc0?: Matrix; // (H, B) lstm
  dhNorms: number[]; // length T + 1, as in RecurrentResult
}

// WebAssembly SIMD where the runtime has it (Node 16.4 and later, current browsers), else plain JavaScript.
const kernels = simdKernels() ?? jsKernels();
const CELLS: { [kind in CellKind]: FastCell } = { rnn: rnnCell, lstm: lstmCell, gru: gruCell };

function cellOf(kind: CellKind): FastCell {
  const cell = CELLS[kind];
  if (!cell) throw new RangeError(`Unknown cell kind "${kind}": expected "rnn", "lstm" or "gru".`);
  return cell;
}

/** The parameter names of a cell kind, output layer excluded: rnn Wxh, Whh, bh; lstm Wxi, Whi, bi, ... */
export function cellParamNames(kind: CellKind): string[] {
  return cellOf(kind).gates.flatMap((names) => [...names]);
}

/** Checks the batch's ids and the weights, lays out the pass and packs the weights and ids. */
function startPass(kind: CellKind, params: NamedMatrices, inputs: number[][], more: number): Pass {
  const cell = cellOf(kind);
  const [H, V] = cellSizes(cell, params);
  const [B, T] = batchSize("inputs", inputs);
  checkIds("inputs", inputs, V);
  const L = layoutFor(cell, B, T, H, V);
  const pass: Pass = { w: kernels.workspace(L.end + more), k: kernels, L, cell };
  packCell(pass, params);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) L.ids[t * B + b] = inputs[b][t];
  return pass;
}

/** Writes an (H, B) state into the workspace as B rows of H (zeros when absent). */
function loadState(pass: Pass, at: number, name: string, m: Matrix | undefined): void {
  const { w, L } = pass;
  if (!m) {
    w.fill(0, at, at + L.B * L.H);
    return;
  }
  expectShape(name, m, [L.H, L.B], `H = ${L.H} hidden units, B = ${L.B} sequences`);
  const rows = m.valueOf() as number[][];
  for (let i = 0; i < L.H; i++) for (let b = 0; b < L.B; b++) w[at + b * L.H + i] = rows[i][b];
}

/** The (H, B) matrix of B rows of H numbers at `at` in `w`. */
function stateMatrix(w: Float64Array, at: number, L: Layout): Matrix {
  const rows: number[][] = [];
  for (let i = 0; i < L.H; i++) {
    const row = new Array<number>(L.B);
    for (let b = 0; b < L.B; b++) row[b] = w[at + b * L.H + i];
    rows.push(row);
  }
  return matrix(rows, "dense", "number");
}

function runForward(pass: Pass, h0?: Matrix, c0?: Matrix): void {
  loadState(pass, pass.L.h(0), "h0", h0);
  if (pass.cell.hasCell) loadState(pass, pass.L.c(0), "c0", c0);
  else if (c0) throw new RangeError(`c0 is only for the lstm cell, not ${pass.cell.kind}.`);
  for (let t = 1; t <= pass.L.T; t++) pass.cell.forward(pass, t);
}

function checkTruncate(k: number | undefined): number {
  if (k === undefined) return Infinity;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncate must be a whole number of steps >= 1, got ${k}.`);
  return k;
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
 * pre-activation gradients L.dPreBase; returns the offsets of dh_0, dc_0 and the norms.
 */
function runBackward(pass: Pass, k: number, dhLast: number, dcLast: number): { dh0: number; dc0: number; dhNorms: number[] } {
  const { w, L, cell } = pass;
  const { B, T, H } = L;
  const n = B * H, norms = new Array<number>(T + 1);
  const s = L.scratch;
  let dh = s[0], dhPrev = s[1], dc = s[2], dcPrev = s[3];
  const start = (t: number): void => {
    if (t === T && dhLast >= 0) w.copyWithin(dh, dhLast, dhLast + n);
    else w.fill(0, dh, dh + n);
    if (t === T && dcLast >= 0) w.copyWithin(dc, dcLast, dcLast + n);
    else w.fill(0, dc, dc + n);
  };
  const swap = (): void => {
    [dh, dhPrev] = [dhPrev, dh];
    [dc, dcPrev] = [dcPrev, dc];
  };
  if (k >= T) {
    start(T);
    for (let t = T; t >= 1; t--) {
      addInto(w, dh, L.dhOut + (t - 1) * n, n); // dh_t = from outside + from the step after
      norms[t] = norm(w, dh, n);
      cell.backward(pass, t, { dh, dc, pre: L.dPreBase.map((_, j) => L.dPre(j, t)), dhPrev, dcPrev });
      swap();
    }
    norms[0] = norm(w, dh, n);
    return { dh0: dh, dc0: dc, dhNorms: norms };
  }
  // Truncated: the gradient given at step t walks back k steps on its own, then stops.
  L.dPreBase.forEach((at, j) => w.fill(0, at, at + T * B * cell.groups[j] * H));
  w.fill(0, L.dhAt, L.dhAt + (T + 1) * n);
  w.fill(0, L.dcAt0, L.dcAt0 + n);
  for (let t = T; t >= 1; t--) {
    start(t);
    addInto(w, dh, L.dhOut + (t - 1) * n, n);
    let step = t;
    for (; step >= 1 && step > t - k; step--) {
      addInto(w, L.dhAt + step * n, dh, n);
      cell.backward(pass, step, { dh, dc, pre: L.preTmp, dhPrev, dcPrev });
      L.preTmp.forEach((tmp, j) => addInto(w, L.dPre(j, step), tmp, B * cell.groups[j] * H));
      swap();
    }
    if (step === 0) {
      addInto(w, L.dhAt, dh, n); // this walk reached h_0
      if (cell.hasCell) addInto(w, L.dcAt0, dc, n);
    }
  }
  for (let t = 0; t <= T; t++) norms[t] = norm(w, L.dhAt + t * n, n);
  return { dh0: L.dhAt, dc0: L.dcAt0, dhNorms: norms };
}

/** Adds the weight gradients of every gate, from the summed pre-activation gradients, into `grads`. */
function addWeightGradients(pass: Pass, grads: NamedMatrices): void {
  const { w, k, L, cell } = pass;
  const { B, T, H, V } = L;
  const rowsOf = (name: string, shape: [number, number]): number[][] => {
    const m = grads["d" + name];
    if (!m) throw new TypeError(`The gradient set has no d${name} (it has ${Object.keys(grads).join(", ")}).`);
    expectShape("d" + name, m, shape);
    return m.valueOf() as number[][];
  };
  cell.groups.forEach((count, j) => {
    const width = count * H;
    const input = cell.groupInputs[j] === "h" ? L.h(0) : L.ex(1); // the states Wh_j multiplied, (T·B, H)
    k.outerSum(L.dPreBase[j], width, input, H, T * B, L.grad); // (width, H) = Σ_t,b dpre·sᵀ
    for (let q = 0; q < count; q++) {
      const [wxName, whName, bName] = cell.gates[L.groupStart[j] + q];
      const dWh = rowsOf(whName, [H, H]), dWx = rowsOf(wxName, [H, V]), db = rowsOf(bName, [H, 1]);
      for (let i = 0; i < H; i++) {
        const row = dWh[i], from = L.grad + (q * H + i) * H;
        for (let c = 0; c < H; c++) row[c] += w[from + c];
      }
      for (let t = 1; t <= T; t++) {
        for (let b = 0; b < B; b++) {
          const x = L.ids[(t - 1) * B + b], d = L.dPre(j, t) + b * width + q * H;
          for (let i = 0; i < H; i++) {
            dWx[i][x] += w[d + i]; // x_t is one-hot: dWx·x_tᵀ adds to one column
            db[i][0] += w[d + i];
          }
        }
      }
    }
  });
}

const zeros = (rows: number, cols: number): Matrix => matrix(Array.from({ length: rows }, () => new Array<number>(cols).fill(0)), "dense", "number");

/**
 * Loss and gradients of a recurrent layer with an output at every step, over a batch of B sequences.
 *
 * @example
 *   const { loss, grads, hLast } = recurrentLossAndGradients("lstm", params, { inputs: [[1, 2]], targets: [[2, 3]] });
 */
export function recurrentLossAndGradients(kind: CellKind, params: NamedMatrices, batch: Batch, options: RecurrentOptions = {}): RecurrentResult {
  const cell = cellOf(kind);
  const [H, V] = cellSizes(cell, params);
  if (!params.Why || !params.by) throw new TypeError("recurrentLossAndGradients needs the output layer's Why (V, H) and by (V, 1).");
  expectShape("Why", params.Why, [V, H], `the cell is (${H}, ${V}), so Why must be (V, H)`);
  expectShape("by", params.by, [V, 1]);
  if (!batch || typeof batch !== "object") throw new TypeError("The batch must be { inputs, targets, mask? }.");
  const [B, T] = batchSize("inputs", batch.inputs);
  const [Bt, Tt] = batchSize("targets", batch.targets);
  if (Bt !== B || Tt !== T) throw new RangeError(`targets is (${Bt}, ${Tt}) but inputs is (${B}, ${T}): one target per input.`);
  checkIds("targets", batch.targets, V);
  if (batch.mask !== undefined) checkMask(batch.mask, B, T);
  const k = checkTruncate(options.truncate);
  const grads = options.grads ?? Object.fromEntries([...cellParamNames(kind), "Why", "by"].map((name) => [`d${name}`, zeros(...(params[name].size() as [number, number]))]));

  const pass = startPass(kind, params, batch.inputs, 2 * V * H + T * B * V);
  const { w, L } = pass;
  const oWhy = L.end, oWhyT = oWhy + V * H, oP = oWhyT + V * H; // Why (V, H), Whyᵀ (H, V), then p_t rows (T·B, V)
  const Why = params.Why.valueOf() as number[][], by = params.by.valueOf() as number[][];
  for (let v = 0; v < V; v++) {
    for (let i = 0; i < H; i++) {
      const x = Why[v][i];
      if (!Number.isFinite(x)) throw new RangeError(`Parameter Why has ${x} at (${v}, ${i}): every weight must be a finite number.`);
      w[oWhy + v * H + i] = x;
      w[oWhyT + i * V + v] = x;
    }
    if (!Number.isFinite(by[v][0])) throw new RangeError(`Parameter by has ${by[v][0]} at (${v}, 0): every weight must be a finite number.`);
  }
  runForward(pass, options.h0, options.c0);

  // Output layer for every step and sequence at once: y = Why·h + by, p = softmax(y), dy = mask·(p − onehot).
  kernels.rowDots(oWhy, V, L.h(1), T * B, H, oP); // (T·B, V)
  let loss = 0;
  const perStepLoss = Array.from({ length: B }, () => new Array<number>(T).fill(0));
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const p = oP + (t * B + b) * V;
      if (batch.mask && batch.mask[b][t] === 0) {
        w.fill(0, p, p + V);
        continue;
      }
      let top = -Infinity;
      for (let v = 0; v < V; v++) {
        const y = (w[p + v] += by[v][0]);
        if (y > top) top = y;
      }
      let sum = 0;
      for (let v = 0; v < V; v++) sum += w[p + v] = Math.exp(w[p + v] - top);
      for (let v = 0; v < V; v++) w[p + v] /= sum;
      const target = batch.targets[b][t];
      const Lt = -Math.log(w[p + target]);
      perStepLoss[b][t] = Lt;
      loss += Lt;
      w[p + target] -= 1;
    }
  }
  const dWhy = grads.dWhy, dby = grads.dby;
  expectShape("dWhy", dWhy, [V, H]);
  expectShape("dby", dby, [V, 1]);
  kernels.outerSum(oP, V, L.h(1), H, T * B, L.grad); // (V, H) dWhy = Σ dy·hᵀ
  const dWhyRows = dWhy.valueOf() as number[][], dbyRows = dby.valueOf() as number[][];
  for (let v = 0; v < V; v++) {
    for (let i = 0; i < H; i++) dWhyRows[v][i] = w[L.grad + v * H + i];
    let s = 0;
    for (let r = 0; r < T * B; r++) s += w[oP + r * V + v];
    dbyRows[v][0] = s;
  }
  kernels.rowDots(oWhyT, H, oP, T * B, V, L.dhOut); // (T·B, H) Whyᵀ·dy for every step

  const back = runBackward(pass, k, -1, -1);
  for (const name of cellParamNames(kind)) {
    const m = grads["d" + name];
    if (m) for (const row of m.valueOf() as number[][]) row.fill(0);
  }
  addWeightGradients(pass, grads);
  const result: RecurrentResult = { loss, perStepLoss, dhNorms: back.dhNorms, grads, hLast: stateMatrix(w, L.h(T), L) };
  if (cell.hasCell) result.cLast = stateMatrix(w, L.c(T), L);
  return result;
}

/** A forward pass kept for layerBackward: a copy of its part of the workspace. */
class FastLayerPass implements LayerPass {
  readonly kind: CellKind;
  readonly B: number;
  readonly T: number;
  readonly H: number;
  constructor(
    readonly pass: Pass,
    readonly saved: Float64Array,
  ) {
    this.kind = pass.cell.kind;
    this.B = pass.L.B;
    this.T = pass.L.T;
    this.H = pass.L.H;
  }
  private checkStep(t: number): void {
    if (!Number.isInteger(t) || t < 0 || t > this.T) throw new RangeError(`step ${t} is out of range: the pass has states 0 to ${this.T}.`);
  }
  state(t: number): Matrix {
    this.checkStep(t);
    return stateMatrix(this.saved, this.pass.L.h(t), this.pass.L);
  }
  cell(t: number): Matrix {
    if (!this.pass.cell.hasCell) throw new TypeError(`A ${this.kind} layer has no cell state: only lstm does.`);
    this.checkStep(t);
    return stateMatrix(this.saved, this.pass.L.c(t), this.pass.L);
  }
}

/**
 * The forward half: the states of B sequences over T steps, from h0 (and c0), zeros by default.
 *
 * @example
 *   const pass = layerForward("rnn", { Wxh, Whh, bh }, [[3, 1, 4]]);
 *   pass.state(3);   // (H, 1) the state after the third token
 */
export function layerForward(kind: CellKind, params: NamedMatrices, inputs: number[][], start: { h0?: Matrix; c0?: Matrix } = {}): LayerPass {
  const pass = startPass(kind, params, inputs, 0);
  runForward(pass, start.h0, start.c0);
  return new FastLayerPass(pass, pass.w.slice(0, pass.L.forwardEnd));
}

/**
 * The backward half: from the gradient reaching each h_t from outside (dhOut[t − 1], (H, B), or null),
 * ADDS the weight gradients into `grads` (dWxh, ...) and returns the gradient reaching h_0 (and c_0).
 *
 * @example
 *   const { dh0, dhNorms } = layerBackward(pass, [null, null, dh3], grads);   // a loss on the last state only
 */
export function layerBackward(pass: LayerPass, dhOut: (Matrix | null)[], grads: NamedMatrices, options: BackwardOptions = {}): BackwardResult {
  if (!(pass instanceof FastLayerPass)) throw new TypeError("layerBackward needs the pass that layerForward returned.");
  const { L, cell } = pass.pass;
  const k = checkTruncate(options.truncate);
  if (!Array.isArray(dhOut) || dhOut.length !== L.T) {
    throw new RangeError(`dhOut has ${Array.isArray(dhOut) ? dhOut.length : 0} entries but the pass has ${L.T} steps: one (H, B) gradient or null per step.`);
  }
  const w = kernels.workspace(L.end);
  const live: Pass = { ...pass.pass, w };
  w.set(pass.saved, 0);
  dhOut.forEach((m, t) => loadState(live, L.dhOut + t * L.B * L.H, `dhOut[${t}]`, m ?? undefined));
  if (options.dcLast && !cell.hasCell) throw new RangeError(`dcLast is only for the lstm cell, not ${cell.kind}.`);
  if (options.dhLast) loadState(live, L.scratch[4], "dhLast", options.dhLast);
  if (options.dcLast) loadState(live, L.scratch[5], "dcLast", options.dcLast);
  const back = runBackward(live, k, options.dhLast ? L.scratch[4] : -1, options.dcLast ? L.scratch[5] : -1);
  addWeightGradients(live, grads);
  const result: BackwardResult = { dh0: stateMatrix(w, back.dh0, L), dhNorms: back.dhNorms };
  if (cell.hasCell) result.dc0 = stateMatrix(w, back.dc0, L);
  return result;
}

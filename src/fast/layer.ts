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
import type { Matrix } from "mathjs";
import { expectShape, fromRows, zerosMatrix } from "../matrix";
import { checkTokenId } from "../text/token-ids";
import { batchSize, cellSizes, checkMask } from "./checks";
import { cellOf } from "./cells";
import { packCell, packOutput, type CellKind, type FastCell, type Pass } from "./layout";
import { copyGradients, loadState, stateMatrix, stateRows } from "./matrices";
import { finishParts, partBounds, partCount, startParts } from "./parallel";
import { bestKernels, loadIds, lossAndGradientPass, runBackward, runForward, startPass, weightGradients } from "./pass";

export { cellOf } from "./cells";
export { CELL_KINDS, type CellKind } from "./layout";

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
  threads?: number; // split the batch into this many parts, one per thread (at most B; parallel.ts); two for a large batch by default
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

const kernels = bestKernels();
let last: Pass | undefined; // the previous call's layout, reused while the sizes stay the same

/** The parameter names of a cell kind, output layer excluded: rnn Wxh, Whh, bh; lstm Wxi, Whi, bi, ... */
export function cellParamNames(kind: CellKind): string[] {
  return cellOf(kind).gates.flatMap((names) => [...names]);
}

/** Lays out the pass for weights of H units over V tokens (already checked) and packs the cell's weights and the ids. */
function packedPass(cell: FastCell, params: NamedMatrices, inputs: number[][], H: number, V: number): Pass {
  const pass = (last = startPass(kernels, cell, inputs.length, inputs[0].length, H, V, last));
  packCell(pass, params);
  loadIds(pass, inputs);
  return pass;
}

/** h0 and c0 (H, columns) into the pass: their first B columns (all of them unless the pass is part 0 of a batch). */
function loadStart(pass: Pass, h0?: Matrix, c0?: Matrix, columns = pass.L.B): void {
  loadState(pass, pass.L.h(0), "h0", h0, columns);
  if (pass.cell.hasCell) loadState(pass, pass.L.c(0), "c0", c0, columns);
  else if (c0) throw new RangeError(`c0 is only for the lstm cell, not ${pass.cell.kind}.`);
}

/** The number of steps k to walk back (Infinity for full BPTT), after checking it. */
export function checkTruncate(k: number | undefined): number {
  if (k === undefined) return Infinity;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`truncate must be a whole number of steps >= 1, got ${k}.`);
  return k;
}

/** Every id of (B, T) rows, each in [0, V): "inputs[1][1] = 70 is out of range: expected an integer from 0 to 64 ...". */
function checkIdRows(name: string, rows: number[][], V: number): void {
  rows.forEach((row, b) => row.forEach((id, t) => checkTokenId(id, V, () => `${name}[${b}][${t}] =`)));
}

/** Checks a batch's shapes and ids against the vocabulary; returns [B, T]. */
export function checkBatch(batch: Batch, V: number): [number, number] {
  if (!batch || typeof batch !== "object") throw new TypeError("The batch must be { inputs, targets, mask? }.");
  const [B, T] = batchSize("inputs", batch.inputs);
  checkIdRows("inputs", batch.inputs, V);
  const [Bt, Tt] = batchSize("targets", batch.targets);
  if (Bt !== B || Tt !== T) throw new RangeError(`targets is (${Bt}, ${Tt}) but inputs is (${B}, ${T}): one target per input.`);
  checkIdRows("targets", batch.targets, V);
  if (batch.mask !== undefined) checkMask(batch.mask, B, T);
  return [B, T];
}

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
  const [B, T] = checkBatch(batch, V);
  const k = checkTruncate(options.truncate);
  const grads = options.grads ?? Object.fromEntries([...cellParamNames(kind), "Why", "by"].map((name) => [`d${name}`, zerosMatrix(...(params[name].size() as [number, number]))]));

  const parts = partCount(B, B * T * cell.gates.length * H * H, options.threads);
  const own = partBounds(B, parts)[1]; // part 0's sequences: this thread, in this pass (all of them for one part)
  const head = <Row>(rows: Row[]): Row[] => (own < B ? rows.slice(0, own) : rows);
  const pass = packedPass(cell, params, head(batch.inputs), H, V);
  packOutput(pass, params.Why, params.by);
  loadStart(pass, options.h0, options.c0, B);
  const rows = (m?: Matrix) => (m ? (m.valueOf() as number[][]) : undefined);
  const { w, L } = pass;
  const others = parts > 1 ? startParts({ cell, H, V, k, weights: w.subarray(0, L.size), ...batch, h0: rows(options.h0), c0: rows(options.c0) }, parts) : undefined;
  const perStepLoss = Array.from({ length: B }, () => new Array<number>(T));
  const part0 = lossAndGradientPass(pass, head(batch.targets), batch.mask && head(batch.mask), k, perStepLoss);
  const total = {
    ...part0, perStepLoss, dhNormSquares: part0.dhNorms.map((x) => x * x), grads: w, gradsAt: L.grads,
    hLast: stateRows(w, L.h(T), L, B), cLast: cell.hasCell ? stateRows(w, L.c(T), L, B) : undefined,
  };
  if (others) finishParts(others, total); // the other parts' results added in, in part order
  copyGradients(pass, grads, false, true);
  const dhNorms = others ? total.dhNormSquares.map(Math.sqrt) : part0.dhNorms; // |dL/dh_t| over the whole batch
  const result: RecurrentResult = { loss: total.loss, perStepLoss, dhNorms, grads, hLast: fromRows(total.hLast) };
  if (total.cLast) result.cLast = fromRows(total.cLast);
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
  const cell = cellOf(kind);
  const [H, V] = cellSizes(cell, params);
  batchSize("inputs", inputs);
  checkIdRows("inputs", inputs, V);
  const pass = packedPass(cell, params, inputs, H, V);
  loadStart(pass, start.h0, start.c0);
  runForward(pass);
  return new FastLayerPass({ ...pass, L: { ...pass.L, ids: pass.L.ids.slice() } }, pass.w.slice(0, pass.L.forwardEnd));
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
  if (options.dcLast && !cell.hasCell) throw new RangeError(`dcLast is only for the lstm cell, not ${cell.kind}.`);
  const live: Pass = { ...pass.pass, w: kernels.workspace(L.end) };
  live.w.set(pass.saved, 0);
  dhOut.forEach((m, t) => loadState(live, L.dhOut + t * L.B * L.H, `dhOut[${t}]`, m ?? undefined));
  if (options.dhLast) loadState(live, L.scratch[4], "dhLast", options.dhLast);
  if (options.dcLast) loadState(live, L.scratch[5], "dcLast", options.dcLast);
  const back = runBackward(live, k, options.dhLast ? L.scratch[4] : -1, options.dcLast ? L.scratch[5] : -1);
  weightGradients(live, false);
  copyGradients(live, grads, true, false);
  const result: BackwardResult = { dh0: stateMatrix(live.w, back.dh0, L), dhNorms: back.dhNorms };
  if (cell.hasCell) result.dc0 = stateMatrix(live.w, back.dc0, L);
  return result;
}

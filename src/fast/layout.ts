/**
 * Where one pass of the fast layer keeps its numbers: offsets into the kernels' one workspace (a
 * Float64Array), so that the WebAssembly kernels read and write them in place. Every per-step array holds
 * the B sequences of the batch as B consecutive rows: h_t of sequence b is hs[t·B·H + b·H .. + H).
 *
 * The gates of a cell are stacked in the order of its parameter names (lstm i, f, o, c̃; gru z, r, h̃), and
 * grouped by the state their Wh multiplies: rnn and lstm have one group (all gates read h_{t-1}), gru two
 * (z and r read h_{t-1}, h̃ reads r ⊙ h_{t-1}). One group is one matrix product per step.
 *
 * @example
 *   const L = layoutFor(lstmCell, 8, 25, 128, 65);   // B, T, H, V
 *   L.h(0);                                          // offset of h_0, (B, H)
 *   L.acts(0, 3);                                    // offset of the gates at step 3, (B, 4H)
 */
import type { Matrix } from "mathjs";
import { findNonFinite } from "../training/finite";
import type { Kernels } from "./kernels";

export type CellKind = "rnn" | "lstm" | "gru";

/** Every cell kind the layer runs, in the order the articles meet them. */
export const CELL_KINDS: readonly CellKind[] = ["rnn", "lstm", "gru"];

/** The parameter names of one gate: its input weights (H, V), state weights (H, H) and bias (H, 1). */
export type GateNames = readonly [wx: string, wh: string, b: string];

/** What each step file (rnn-step.ts, lstm-step.ts, gru-step.ts) tells the layer about its cell. */
export interface FastCell {
  kind: CellKind;
  gates: readonly GateNames[];
  /** Gates per group, in order; the groups' Wh blocks are separate matrix products. */
  groups: readonly number[];
  /** The state each group's Wh multiplies: "h" = h_{t-1}, "extra" = the cell's per-step extra (gru r ⊙ h_{t-1}). */
  groupInputs: readonly ("h" | "extra")[];
  hasCell: boolean; // lstm's c
  hasExtra: boolean; // a per-step (B, H) array: lstm tanh(c_t), gru r ⊙ h_{t-1}
  /** h_t (and c_t) from h_{t-1}, for the B sequences at once (t = 1..T). */
  forward(pass: Pass, t: number): void;
  /**
   * One step back at t (1..T): from dh (and dc) reaching h_t (c_t), writes the gradients of the gates'
   * pre-activations (one offset per group, (B, gates·H) each) and the gradients reaching h_{t-1} (c_{t-1}).
   */
  backward(pass: Pass, t: number, io: BackIo): void;
}

/** Offsets of one backward step's inputs and outputs, all (B, H) except `pre` (one (B, gates·H) per group). */
export interface BackIo {
  dh: number;
  dc: number;
  pre: number[];
  dhPrev: number;
  dcPrev: number;
}

/**
 * The offsets of one pass (in numbers, not bytes), its sizes and its token ids. The weights come first,
 * then their gradients, laid out alike; their offsets depend on H, V and the cell only.
 */
export interface Layout {
  B: number;
  T: number;
  H: number;
  V: number;
  G: number; // gates
  // The weights, `size` numbers from offset 0: every gate's, then the output layer's.
  wx: number; // (V, G·H): row v holds every gate's input weights for token v (Wx*[:, v])
  bias: number; // (G·H)
  wh: number; // (G·H, H): the gates' Wh stacked
  why: number; // (V, H)
  by: number; // (V)
  size: number; // the number of weights
  grads: number; // `size` numbers: the gradients, laid out like the weights (d = grads + offset)
  hs: number; // (T + 1, B, H): h_0 .. h_T
  cs: number; // (T + 1, B, H): c_0 .. c_T (lstm), else -1
  extra: number; // (T, B, H) for steps 1..T, else -1
  actsBase: number[]; // per group: (T, B, gates_j·H), the gates after their nonlinearity
  forwardEnd: number; // everything before this is the forward pass (what a LayerPass keeps)
  dPreBase: number[]; // per group: (T, B, gates_j·H), summed gradients of the pre-activations
  dhOut: number; // (T, B, H): the gradient reaching h_t from outside the layer
  dhAt: number; // (T + 1, B, H): total gradient reaching h_t (truncated BPTT sums several walks)
  dcAt0: number; // (B, H): total gradient reaching c_0 (truncated BPTT)
  scratch: number[]; // eight (B, H) buffers: dh, dc and their previous-step twins, and spares
  preTmp: number[]; // per group: (B, gates_j·H), one walk's pre-activation gradients (truncated BPTT)
  probs: number; // (T, B, V): p_t, then dy_t, of the output layer
  end: number; // the size of the workspace the pass needs
  /** Gate offset (in gates) where group j starts. */
  groupStart: number[];
  ids: Int32Array; // (T, B) token ids, step-major: ids[(t - 1)·B + b] is sequence b's input at step t
  h(t: number): number;
  c(t: number): number;
  ex(t: number): number;
  /** Offset of group j's gates at step t (1..T), (B, gates_j·H). */
  acts(j: number, t: number): number;
  /** Offset of group j's pre-activation gradients at step t (1..T), (B, gates_j·H). */
  dPre(j: number, t: number): number;
}

/** A pass: the workspace, the kernels and the layout (what every step function receives). */
export interface Pass {
  w: Float64Array;
  k: Kernels;
  L: Layout;
  cell: FastCell;
}

/** Offsets for a batch of B sequences of T steps, H hidden units, V tokens. */
export function layoutFor(cell: FastCell, B: number, T: number, H: number, V: number): Layout {
  const G = cell.gates.length;
  let end = 0;
  const take = (n: number): number => {
    const at = end;
    end += n;
    return at;
  };
  const groupStart: number[] = [];
  let g = 0;
  for (const n of cell.groups) {
    groupStart.push(g);
    g += n;
  }
  const wx = take(V * G * H), bias = take(G * H), wh = take(G * H * H), why = take(V * H), by = take(V);
  const size = end;
  const grads = take(size);
  const hs = take((T + 1) * B * H);
  const cs = cell.hasCell ? take((T + 1) * B * H) : -1;
  const extra = cell.hasExtra ? take(T * B * H) : -1;
  const actsBase = cell.groups.map((n) => take(T * B * n * H));
  const forwardEnd = end;
  const dPreBase = cell.groups.map((n) => take(T * B * n * H));
  const dhOut = take(T * B * H), dhAt = take((T + 1) * B * H), dcAt0 = take(B * H);
  const scratch = Array.from({ length: 8 }, () => take(B * H));
  const preTmp = cell.groups.map((n) => take(B * n * H));
  const probs = take(T * B * V);
  const widths = cell.groups.map((n) => n * H);
  return {
    B, T, H, V, G, wx, bias, wh, why, by, size, grads, hs, cs, extra, actsBase, forwardEnd, dPreBase, dhOut, dhAt,
    dcAt0, scratch, preTmp, probs, end, groupStart,
    ids: new Int32Array(T * B),
    h: (t) => hs + t * B * H,
    c: (t) => cs + t * B * H,
    ex: (t) => extra + (t - 1) * B * H,
    acts: (j, t) => actsBase[j] + (t - 1) * B * widths[j],
    dPre: (j, t) => dPreBase[j] + (t - 1) * B * widths[j],
  };
}

/** Throws naming the parameter and the entry unless every number of `m` is finite. */
function checkFinite(name: string, m: Matrix): void {
  const bad = findNonFinite({ [name]: m });
  if (bad) throw new RangeError(`Parameter ${name} has ${bad.value} at (${bad.row}, ${bad.col}): every weight must be a finite number.`);
}

/** Copies the cell's weights into the workspace (Wx transposed per token, Wh stacked), checking each is finite. */
export function packCell(pass: Pass, params: { [name: string]: Matrix }): void {
  const { w, L, cell } = pass;
  const { H, V, G } = L;
  cell.gates.forEach(([wxName, whName, bName], g) => {
    const Wx = params[wxName].valueOf() as number[][], Wh = params[whName].valueOf() as number[][];
    const b = params[bName].valueOf() as number[][];
    checkFinite(wxName, params[wxName]);
    checkFinite(whName, params[whName]);
    checkFinite(bName, params[bName]);
    const wx = L.wx + g * H, wh = L.wh + g * H * H, bias = L.bias + g * H, stride = G * H;
    for (let i = 0; i < H; i++) {
      const row = Wx[i];
      for (let v = 0, at = wx + i; v < V; v++, at += stride) w[at] = row[v]; // Wx[i][v] at wx + v·G·H + g·H + i
      w.set(Wh[i], wh + i * H);
      w[bias + i] = b[i][0];
    }
  });
}

/** Copies the output layer's Why (V, H) and by (V, 1) into the workspace, checking each is finite. */
export function packOutput(pass: Pass, Why: Matrix, by: Matrix): void {
  const { w, L } = pass;
  const rows = Why.valueOf() as number[][], b = by.valueOf() as number[][];
  checkFinite("Why", Why);
  checkFinite("by", by);
  for (let v = 0; v < L.V; v++) {
    w.set(rows[v], L.why + v * L.H);
    w[L.by + v] = b[v][0];
  }
}

/**
 * Pre-activations of group j at step t for all B sequences: Wh_j·s + Wx_j[:, x_t] + b_j, with s the group's
 * input state (offset `state`, (B, H)); written to the group's activations at t, (B, gates_j·H).
 */
export function preActivation(pass: Pass, j: number, t: number, state: number): number {
  const { w, k, L, cell } = pass;
  const { B, H, G } = L;
  const width = cell.groups[j] * H, out = L.acts(j, t), first = L.groupStart[j] * H;
  k.rowDots(L.wh + first * H, width, state, B, H, out); // (B, width) = sᵀ·Wh_jᵀ
  for (let b = 0; b < B; b++) {
    const x = L.wx + L.ids[(t - 1) * B + b] * G * H + first, bias = L.bias + first, o = out + b * width;
    for (let i = 0; i < width; i++) w[o + i] += w[x + i] + w[bias + i];
  }
  return out;
}

/** w[at..at+n) ← σ(w[at..at+n)), the logistic sigmoid 1 / (1 + e^−x), in place. */
export function sigmoidInPlace(w: Float64Array, at: number, n: number): void {
  for (let i = at; i < at + n; i++) w[i] = 1 / (1 + Math.exp(-w[i]));
}

/** w[at..at+n) ← tanh(w[at..at+n)), in place. */
export function tanhInPlace(w: Float64Array, at: number, n: number): void {
  for (let i = at; i < at + n; i++) w[i] = Math.tanh(w[i]);
}

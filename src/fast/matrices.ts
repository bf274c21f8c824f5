/**
 * The fast layer's mathjs side: (H, B) states into and out of the workspace, and the typed gradients
 * into a mathjs gradient set. (pass.ts and parallel.ts never load mathjs: a helper thread starts quickly.)
 *
 * @example
 *   loadState(pass, pass.L.h(0), "h0", h0);   // h0 (H, B) as B rows of H
 *   stateMatrix(pass.w, pass.L.h(T), pass.L);  // (H, B) h_T
 */
import type { Matrix } from "mathjs";
import { expectShape, numberMatrix } from "../matrix";
import type { Layout, Pass } from "./layout";

/**
 * Writes an (H, B) state into the workspace as B rows of H (zeros when absent). The matrix may have more
 * columns (`columns`, a whole batch): then its first B, those of the pass (part 0 of a split batch).
 */
export function loadState(pass: Pass, at: number, name: string, m: Matrix | undefined, columns = pass.L.B): void {
  const { w, L } = pass;
  if (!m) {
    w.fill(0, at, at + L.B * L.H);
    return;
  }
  expectShape(name, m, [L.H, columns], `H = ${L.H} hidden units, B = ${columns} sequences`);
  const rows = m.valueOf() as number[][];
  for (let i = 0; i < L.H; i++) for (let b = 0; b < L.B; b++) w[at + b * L.H + i] = rows[i][b];
}

/** The (H, columns) rows of the B rows of H numbers at `at` in `w`, in the first B columns (the rest zeros). */
export function stateRows(w: Float64Array, at: number, L: Layout, columns = L.B): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < L.H; i++) {
    const row = new Array<number>(columns).fill(0);
    for (let b = 0; b < L.B; b++) row[b] = w[at + b * L.H + i];
    rows.push(row);
  }
  return rows;
}

/** The (H, B) matrix of B rows of H numbers at `at` in `w`. */
export function stateMatrix(w: Float64Array, at: number, L: Layout): Matrix {
  return numberMatrix(L.H, L.B, (i, b) => w[at + b * L.H + i]);
}

/** Copies (or adds) the typed gradients into the mathjs gradient set `grads` (d + parameter name). */
export function copyGradients(pass: Pass, grads: { [name: string]: Matrix }, add: boolean, output: boolean): void {
  const { w, L, cell } = pass;
  const { H, V, G } = L;
  const d = L.grads;
  const rowsOf = (name: string, shape: [number, number]): number[][] => {
    const m = grads["d" + name];
    if (!m) throw new TypeError(`The gradient set has no d${name} (it has ${Object.keys(grads).join(", ")}).`);
    expectShape("d" + name, m, shape);
    return m.valueOf() as number[][];
  };
  cell.gates.forEach(([wxName, whName, bName], g) => {
    const dWx = rowsOf(wxName, [H, V]), dWh = rowsOf(whName, [H, H]), db = rowsOf(bName, [H, 1]);
    for (let i = 0; i < H; i++) {
      const x = dWx[i], h = dWh[i], from = d + L.wh + (g * H + i) * H;
      for (let v = 0; v < V; v++) x[v] = (add ? x[v] : 0) + w[d + L.wx + v * G * H + g * H + i];
      for (let c = 0; c < H; c++) h[c] = (add ? h[c] : 0) + w[from + c];
      db[i][0] = (add ? db[i][0] : 0) + w[d + L.bias + g * H + i];
    }
  });
  if (!output) return;
  const dWhy = rowsOf("Why", [V, H]), dby = rowsOf("by", [V, 1]);
  for (let v = 0; v < V; v++) {
    for (let i = 0; i < H; i++) dWhy[v][i] = (add ? dWhy[v][i] : 0) + w[d + L.why + v * H + i];
    dby[v][0] = (add ? dby[v][0] : 0) + w[d + L.by + v];
  }
}

/**
 * Sequences of different lengths in one padded batch (padding at the end): the state each sequence reached
 * after its own last token, and the way back, a gradient for that state placed at that sequence's step.
 * The classifier reads these states; the encoder–decoder hands them to its decoder.
 *
 * @example
 *   const pass = layerForward("rnn", params, padded.ids);           // lengths [3, 5]
 *   const hLast = statesAt(pass, [3, 5]);                           // (H, 2): h_3 of sequence 0, h_5 of sequence 1
 *   layerBackward(pass, gradientsAt(dh, [3, 5], pass.T), grads);    // dh (H, 2) enters at steps 3 and 5
 */
import type { Matrix } from "mathjs";
import type { LayerPass } from "../fast/layer";
import { numberMatrix, rowsOf, zerosMatrix } from "../matrix";

/** Column b is the state of sequence b after step steps[b]: (H, B). */
export function statesAt(pass: LayerPass, steps: readonly number[]): Matrix {
  const out = zerosMatrix(pass.H, steps.length), rows = rowsOf(out); // (H, B)
  const byStep = new Map<number, number[][]>();
  steps.forEach((t, b) => {
    if (!byStep.has(t)) byStep.set(t, rowsOf(pass.state(t)));
    const state = byStep.get(t)!;
    for (let i = 0; i < pass.H; i++) rows[i][b] = state[i][b];
  });
  return out;
}

/** dhOut for layerBackward: column b of `dh` (H, B) reaches step steps[b]; steps no sequence ends at get null. */
export function gradientsAt(dh: Matrix, steps: readonly number[], T: number): (Matrix | null)[] {
  const d = rowsOf(dh, "dh");
  const H = d.length, B = steps.length;
  const out: (Matrix | null)[] = new Array<Matrix | null>(T).fill(null);
  steps.forEach((t, b) => {
    let m = out[t - 1];
    if (!m) out[t - 1] = m = zerosMatrix(H, B);
    const rows = rowsOf(m);
    for (let i = 0; i < H; i++) rows[i][b] = d[i][b];
  });
  return out;
}

/** The columns `indices` of m (H, B), as an (H, indices.length) matrix. */
export function columnsOf(m: Matrix, indices: readonly number[]): Matrix {
  const rows = rowsOf(m);
  return numberMatrix(rows.length, indices.length, (i, k) => rows[i][indices[k]]);
}

/** Writes the columns of `from` (H, indices.length) into columns `indices` of `to` (H, B), in place. */
export function setColumns(to: Matrix, indices: readonly number[], from: Matrix): void {
  const target = rowsOf(to), source = rowsOf(from);
  target.forEach((row, i) => indices.forEach((b, j) => (row[b] = source[i][j])));
}

/**
 * The fast layer's input checks, each with a message that says what was wrong: a wrong shape names both
 * shapes, a batch must be non-empty and of one length, a mask must match its batch. (Token ids go through
 * the course's one id check, checkTokenId in text/token-ids.ts.)
 *
 * @example
 *   batchSize("inputs", [[1, 2], [3]]);  // throws "inputs[1] has 1 steps but inputs[0] has 2: pad the sequences ..."
 */
import type { Matrix } from "mathjs";
import { expectShape } from "../matrix";
import type { FastCell } from "./layout";

/** [B, T] of a batch of id sequences, all of the same length; throws on an empty batch or ragged rows. */
export function batchSize(name: string, rows: number[][]): [number, number] {
  if (!Array.isArray(rows) || rows.length === 0) throw new RangeError(`The batch is empty: ${name} must hold at least one sequence.`);
  const T = Array.isArray(rows[0]) ? rows[0].length : 0;
  rows.forEach((row, b) => {
    if (!Array.isArray(row) || row.length === 0) throw new RangeError(`${name}[${b}] is empty: every sequence needs at least one token id.`);
    if (row.length !== T) {
      throw new RangeError(`${name}[${b}] has ${row.length} steps but ${name}[0] has ${T}: pad the sequences to one length (and mask the padding).`);
    }
  });
  return [rows.length, T];
}

/** Throws unless `rows` is (B, T) like the inputs, with every entry 0 or 1. */
export function checkMask(mask: number[][], B: number, T: number): void {
  if (!Array.isArray(mask) || mask.length !== B) {
    throw new RangeError(`mask has ${Array.isArray(mask) ? mask.length : 0} rows but the batch has ${B} sequences: give one row per sequence.`);
  }
  mask.forEach((row, b) => {
    if (!Array.isArray(row) || row.length !== T) {
      throw new RangeError(`mask[${b}] has ${Array.isArray(row) ? row.length : 0} entries but the sequences have ${T} steps.`);
    }
    row.forEach((m, t) => {
      if (m !== 0 && m !== 1) throw new RangeError(`mask[${b}][${t}] = ${m}: a mask entry is 1 (keep the step's loss) or 0 (padding).`);
    });
  });
}

/** [H, V] of a cell's weights, after checking every gate's Wx (H, V), Wh (H, H) and b (H, 1). */
export function cellSizes(cell: FastCell, params: { [name: string]: Matrix }): [number, number] {
  for (const names of cell.gates) {
    for (const name of names) if (!params[name]) throw new TypeError(`The ${cell.kind} cell needs parameter ${name} (it has ${Object.keys(params).join(", ")}).`);
  }
  const first = params[cell.gates[0][0]].size();
  if (first.length !== 2) throw new RangeError(`${cell.gates[0][0]} must be 2-D, but its shape is (${first.join(", ")}).`);
  const [H, V] = first;
  for (const [wx, wh, b] of cell.gates) {
    expectShape(wx, params[wx], [H, V], `${cell.gates[0][0]} is (${H}, ${V}), so every Wx* must be (H, V)`);
    expectShape(wh, params[wh], [H, H], `${cell.gates[0][0]} is (${H}, ${V}), so every Wh* must be (H, H)`);
    expectShape(b, params[b], [H, 1]);
  }
  return [H, V];
}

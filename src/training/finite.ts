/**
 * Finds the first NaN or infinite entry among named matrices, so that a failing run can say where it broke.
 *
 * @example
 *   findNonFinite({ Wxh, Whh });   // { name: "Whh", row: 3, col: 7, value: NaN } or null
 */
import { rowsOf, type MatrixSet } from "../matrix";

export interface NonFiniteEntry {
  name: string;
  row: number;
  col: number;
  value: number;
}

export function findNonFinite(matrices: MatrixSet): NonFiniteEntry | null {
  for (const name of Object.keys(matrices)) {
    const rows = rowsOf(matrices[name], name);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows[i].length; j++) {
        if (!Number.isFinite(rows[i][j])) return { name, row: i, col: j, value: rows[i][j] };
      }
    }
  }
  return null;
}

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
    if (allFinite(rows)) continue;
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows[i].length; j++) {
        if (!Number.isFinite(rows[i][j])) return { name, row: i, col: j, value: rows[i][j] };
      }
    }
  }
  return null;
}

/** x·0 is 0 for a finite x and NaN for NaN or ±∞: the sum of them all is 0 exactly when every entry is finite. */
function allFinite(rows: number[][]): boolean {
  let zero = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < row.length; j++) zero += row[j] * 0;
  }
  return zero === 0;
}

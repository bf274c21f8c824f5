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

/** x·0 is 0 for a finite x and NaN for NaN or ±∞: the sums of them are 0 exactly when every entry is finite. */
function allFinite(rows: number[][]): boolean {
  let even = 0, odd = 0; // two sums, so that each addition need not wait for the one before
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i], n = row.length;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      even += row[j] * 0;
      odd += row[j + 1] * 0;
    }
    if (j < n) even += row[j] * 0;
  }
  return even + odd === 0;
}

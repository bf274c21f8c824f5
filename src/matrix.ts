/**
 * The mathjs matrices the library works on: making them, their shapes, their storage, and named sets of
 * them (the parameters of a model, or their gradients).
 *
 * @example
 *   shapeOf(zerosMatrix(100, 1));                       // [100, 1]
 *   expectShape("hPrev", hPrev, [100, 1]);              // throws "hPrev is (64, 1) but expected (100, 1)"
 *   column([0.5, -1]);                                  // (2, 1)
 */
import { matrix, type Matrix } from "mathjs";

/** Matrices by name: `{ Wxh, Whh, ... }` or their gradients `{ dWxh, dWhh, ... }`. */
export type MatrixSet = { [name: string]: Matrix };

/** A (n, 1) column of the numbers `values`. */
export function column(values: readonly number[]): Matrix {
  return matrix(values.map((v) => [v]), "dense", "number");
}

/** A (rows, cols) matrix of zeros whose storage holds plain numbers (fast to update in place). */
export function zerosMatrix(rows: number, cols: number): Matrix {
  const data: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(0); // pushed, not filled: V8 keeps the row a packed array
    data.push(row);
  }
  return matrix(data, "dense", "number");
}

/** "(100, 65)": how errors and comments write a shape. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

/** The (rows, cols) of a 2-D matrix; a clear error for anything else. */
export function shapeOf(m: Matrix, name = "matrix"): [number, number] {
  if (m == null || typeof (m as Matrix).size !== "function") {
    throw new TypeError(`${name} must be a mathjs Matrix, got ${m === null ? "null" : typeof m}.`);
  }
  const size = m.size();
  if (size.length !== 2) throw new RangeError(`${name} must be 2-D, but its shape is ${formatShape(size)}.`);
  return [size[0], size[1]];
}

/** Throws unless `m` has exactly `expected` shape; the message names both shapes. */
export function expectShape(name: string, m: Matrix, expected: readonly [number, number], hint = ""): void {
  const [r, c] = shapeOf(m, name);
  if (r !== expected[0] || c !== expected[1]) {
    throw new RangeError(`${name} is ${formatShape([r, c])} but expected ${formatShape(expected)}${hint ? `: ${hint}` : ""}.`);
  }
}

/**
 * The rows of a dense matrix's own storage (`valueOf()`), to read or update in place without copies.
 * Writing into these rows changes the matrix.
 */
export function rowsOf(m: Matrix, name = "matrix"): number[][] {
  shapeOf(m, name);
  if (m.type !== "DenseMatrix") throw new TypeError(`${name} must be a dense matrix, got ${m.type}.`);
  return m.valueOf() as number[][];
}

/**
 * The mathjs matrices the library works on: making them, their shapes, their storage, and named sets of
 * them (the parameters of a model, or their gradients).
 *
 * @example
 *   shapeOf(zerosMatrix(100, 1));                       // [100, 1]
 *   expectShape("hPrev", hPrev, [100, 1]);              // throws "hPrev is (64, 1) but expected (100, 1)"
 *   column([0.5, -1]);                                  // (2, 1)
 */
import * as mathjs from "mathjs";
import type { Matrix } from "mathjs";

/** Matrices by name: `{ Wxh, Whh, ... }` or their gradients `{ dWxh, dWhh, ... }`. */
export type MatrixSet = { [name: string]: Matrix };

// mathjs's DenseMatrix class (exported at run time, but mathjs's types do not declare it).
const DenseMatrix = (mathjs as unknown as { DenseMatrix: new (json: { data: number[][]; size: number[]; datatype: string }) => Matrix }).DenseMatrix;

/**
 * The (rows, cols) matrix with entry (i, j) = value(i, j): every matrix the library makes for a model
 * (weights, gradients, states) is made here, so that V8 stores every row alike, as packed doubles.
 * Why not mathjs's `matrix(data)`: it re-creates each row with Array.prototype.map, and the row's storage
 * (small integers or doubles, packed or with holes) then depends on the values (zeros are integers) and on
 * how far the JIT has compiled map. The loops of a training step (the optimizers, clipping, the fast layer's
 * copies) run over these rows; a loop that has met two storage kinds is compiled for both and ran about
 * 2× slower, for every model of the process (a notebook trains many).
 * The matrix is made empty and then given the rows: mathjs checks the rows of a matrix it is given by
 * reading every entry, and once that check has read rows of another kind (anything mathjs computed: its
 * rows hold boxed numbers), V8 converts each row it reads to that kind, boxed numbers, which a training
 * step then re-boxes at every write.
 *
 * @example
 *   numberMatrix(2, 3, (i, j) => i + j);   // [[0, 1, 2], [1, 2, 3]]
 */
export function numberMatrix(rows: number, cols: number, value: (i: number, j: number) => number): Matrix {
  const data: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = [0.5]; // a double literal makes a row of packed doubles; it stays one whatever is pushed
    row.pop();
    for (let j = 0; j < cols; j++) row.push(value(i, j));
    data.push(row);
  }
  const m = new DenseMatrix({ data: [], size: [0], datatype: "number" });
  Object.assign(m, { _data: data, _size: [rows, cols] }); // mathjs's own fields, as its JSON form fills them
  return m;
}

/** A matrix over copies of `data`'s rows (all of the same length), as numberMatrix stores them. */
export function fromRows(data: readonly (readonly number[])[]): Matrix {
  return numberMatrix(data.length, data.length ? data[0].length : 0, (i, j) => data[i][j]);
}

/** A (n, 1) column of the numbers `values`. */
export function column(values: readonly number[]): Matrix {
  return numberMatrix(values.length, 1, (i) => values[i]);
}

/** A (rows, cols) matrix of zeros. */
export function zerosMatrix(rows: number, cols: number): Matrix {
  return numberMatrix(rows, cols, () => 0);
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

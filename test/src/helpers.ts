// Shared by the tests of src/: random models and an entry-by-entry comparison of matrices.
import { matrix, type Matrix } from "mathjs";
import { createRng, initParams, randomMatrix, rowsOf, type RnnParams } from "../../src/index";

export interface Problem {
  params: RnnParams;
  inputs: number[];
  targets: number[];
  hPrev: Matrix;
}

/** A seeded random model and chunk of token ids; `scale` 3 or more saturates tanh. */
export function randomProblem(V: number, H: number, T: number, scale: number, seed: number): Problem {
  const rng = createRng(seed);
  const params = initParams(V, H, rng, scale);
  params.bh = randomMatrix(H, 1, scale, rng);
  params.by = randomMatrix(V, 1, scale, rng);
  const inputs = Array.from({ length: T }, () => rng.int(V));
  const targets = Array.from({ length: T }, () => rng.int(V));
  return { params, inputs, targets, hPrev: randomMatrix(H, 1, 0.5, rng) };
}

export function fromRows(rows: number[][]): Matrix {
  return matrix(rows, "dense", "number");
}

/** The largest |a - b| over all entries; throws if the shapes differ. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  const x = rowsOf(a), y = rowsOf(b);
  if (x.length !== y.length || x[0].length !== y[0].length) throw new Error("shapes differ");
  let worst = 0;
  x.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - y[i][j])))));
  return worst;
}

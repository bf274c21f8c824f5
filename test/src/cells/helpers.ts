// Shared by the cells' tests: the golden cases of test/golden/make_golden.py, seeded random problems, and
// the loss of the truncated graph, whose finite differences give the truncated gradients independently.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Matrix } from "mathjs";
import { createRng, crossEntropy, randomMatrix, type MatrixSet } from "../../../src/index";
import { fromRows } from "../helpers";

export interface GatedGoldenCase {
  name: string;
  params: { [name: string]: number[][] };
  inputs: number[];
  targets: number[];
  hPrev: number[][];
  cPrev?: number[][];
  truncate: number | null;
  mask: number[] | null;
  loss: number;
  grads: { [name: string]: number[][] };
  hLast: number[][];
  cLast?: number[][];
}

export function goldenCases(file: "lstm.json" | "gru.json"): GatedGoldenCase[] {
  return JSON.parse(readFileSync(join(__dirname, "../../golden", file), "utf8")).cases;
}

export function matricesOf(rows: { [name: string]: number[][] }): MatrixSet {
  const set: MatrixSet = {};
  for (const name of Object.keys(rows)) set[name] = fromRows(rows[name]);
  return set;
}

export interface GatedProblem {
  inputs: number[];
  targets: number[];
  h0: Matrix; // (H, 1)
  c0: Matrix; // (H, 1)
}

/** Seeded token ids and starting states (h0 in (-1, 1) like a real state, c0 unbounded like a cell state). */
export function randomGatedProblem(V: number, H: number, T: number, seed: number): GatedProblem {
  const rng = createRng(seed);
  const inputs = Array.from({ length: T }, () => rng.int(V));
  const targets = Array.from({ length: T }, () => rng.int(V));
  return { inputs, targets, h0: randomMatrix(H, 1, 0.5, rng), c0: randomMatrix(H, 1, 1, rng) };
}

/**
 * The truncated loss as a graph: Σ_t mask_t · L_t, where L_t is computed from the states k steps before t
 * held fixed (taken from one forward pass with the weights as they are now). Its exact gradient is what
 * truncated BPTT returns, so finite differences of it check truncation without the code under test.
 * `run(inputs, start)` runs the cell from the states at `start` and returns its score columns.
 */
export function truncatedGraphLoss(
  statesAt: (t: number) => Matrix[],
  run: (inputs: number[], start: Matrix[]) => Matrix[],
  inputs: number[],
  targets: number[],
  k: number,
  mask?: number[],
): () => number {
  const T = inputs.length;
  const starts = Array.from({ length: T + 1 }, (_, t) => statesAt(t)); // fixed: computed once, before any nudge
  return () => {
    let total = 0;
    for (let t = 1; t <= T; t++) {
      if (mask && mask[t - 1] === 0) continue;
      const from = Math.max(0, t - k);
      const ys = run(inputs.slice(from, t), starts[from]);
      total += crossEntropy(ys[ys.length - 1], targets[t - 1]);
    }
    return total;
  };
}

/**
 * Seeded random numbers: every random number of the course comes from here, so the same seed gives the
 * same weights, the same batches and the same samples on every machine.
 *
 * @example
 *   const rng = createRng(42);
 *   rng.uniform();                          // 0.6011037519201636, the same on every run
 *   const Wxh = randomMatrix(100, 65, 0.01, rng); // (H, V) normal numbers times 0.01
 */
import type { Matrix } from "mathjs";
import { numberMatrix } from "./matrix";

export interface Rng {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A standard normal number (mean 0, variance 1). */
  normal(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/** mulberry32: a small 32-bit generator, good enough for weights and sampling, and easy to read. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for uniform and normal numbers (Box–Muller), fully determined by `seed`. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`createRng(seed) needs an integer seed, got ${seed}.`);
  const next = mulberry32(seed);
  let spare: number | null = null;
  return {
    uniform: next,
    normal() {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return z;
      }
      const u1 = 1 - next(); // in (0, 1]: log(u1) is finite
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
  };
}

/** A (rows, cols) matrix of normal numbers times `scale`, like numpy's `np.random.randn(rows, cols) * scale`. */
export function randomMatrix(rows: number, cols: number, scale: number, rng: Rng): Matrix {
  return numberMatrix(rows, cols, () => rng.normal() * scale); // row by row, as numpy draws them
}

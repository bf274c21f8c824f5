// The fast layer's three loops, in plain JavaScript and in WebAssembly SIMD, against the definitions written
// as the plainest possible loops, on random numbers at odd and even sizes (the vector loops' leftovers).
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/index";
import { jsKernels, type Kernels } from "../../../src/fast/kernels";
import { simdKernels } from "../../../src/fast/wasm/simd-kernels";

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [4, 8, 4],
  [7, 13, 5],
  [65, 100, 25],
  [9, 80, 70], // more steps than one block of outerSum (32)
  [15, 33, 6], // an odd number of rows of C in outerSum, and odd K
];

/** A workspace of `n` seeded random numbers in [-1, 1). */
function filled(kernels: Kernels, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const w = kernels.workspace(n);
  for (let i = 0; i < n; i++) w[i] = 2 * rng.uniform() - 1;
  return w;
}

function closeTo(actual: Float64Array, at: number, expected: number[], tolerance = 1e-12): void {
  let worst = 0;
  expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(actual[at + i] - e))));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

/** `sumsInOrder`: outerSum and combineRows add each number's products in the plain loop's order, so equal it to the bit. */
function checks(name: string, make: () => Kernels, sumsInOrder = false): void {
  const sumTolerance = sumsInOrder ? 0 : 1e-12;
  describe(name, () => {
    for (const [R, K, T] of SIZES) {
      it(`rowDots and outerSum, A (${R}, ${K}), ${T} steps`, () => {
        const kernels = make();
        const a = 3, b = a + R * K, c = b + T * K + 1;
        const w = filled(kernels, c + R * T + R * K, R + K + T);
        const dots: number[] = [];
        for (let t = 0; t < T; t++) {
          for (let r = 0; r < R; r++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += w[a + r * K + k] * w[b + t * K + k];
            dots.push(s);
          }
        }
        kernels.rowDots(a, R, b, T, K, c);
        closeTo(w, c, dots);
        // C (R, K) = Σ_t a_t·b_tᵀ with a_t of R numbers (read from a, T·R of them) and b_t of K.
        const sums: number[] = [];
        for (let i = 0; i < R; i++) {
          for (let j = 0; j < K; j++) {
            let s = 0;
            for (let t = 0; t < T; t++) s += w[a + t * R + i] * w[b + t * K + j];
            sums.push(s);
          }
        }
        kernels.outerSum(a, R, b, K, T, c);
        closeTo(w, c, sums, sumTolerance);
      });
    }

    for (const [R, K, count] of SIZES) {
      it(`combineRows: Aᵀ·x_n for ${count} vectors, A (${R}, ${K})`, () => {
        const kernels = make();
        const a = 1, x = a + R * K, out = x + count * R + 1;
        const w = filled(kernels, out + count * K, R + 2 * K);
        const expected: number[] = [];
        for (let n = 0; n < count; n++) {
          for (let k = 0; k < K; k++) {
            let s = 0;
            for (let r = 0; r < R; r++) s += w[a + r * K + k] * w[x + n * R + r];
            expected.push(s);
          }
        }
        w[out + 1] = 99; // overwritten, not added to
        kernels.combineRows(x, count, a, R, K, out);
        closeTo(w, out, expected, sumTolerance);
      });
    }

    it("grows its workspace and computes in the grown one", () => {
      const kernels = make();
      expect(kernels.workspace(10).length).toBeGreaterThanOrEqual(10);
      const grown = kernels.workspace(100_000); // 800 KB: more than a page of WebAssembly memory
      expect(grown.length).toBeGreaterThanOrEqual(100_000);
      grown[99_999] = 2;
      grown[99_998] = 3;
      kernels.rowDots(99_999, 1, 99_998, 1, 1, 0);
      expect(grown[0]).toBe(6);
    });
  });
}

checks("the JavaScript loops", jsKernels);

it("WebAssembly SIMD is available in this Node, and missing where WebAssembly is", () => {
  expect(simdKernels()).toBeDefined();
  const global = globalThis as unknown as { WebAssembly?: unknown };
  const saved = global.WebAssembly;
  delete global.WebAssembly;
  try {
    expect(simdKernels()).toBeUndefined(); // layer.ts then uses the JavaScript loops
  } finally {
    global.WebAssembly = saved;
  }
});
checks("the WebAssembly SIMD kernels", () => simdKernels()!, true);

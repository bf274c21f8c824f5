import { describe, expect, it } from "vitest";
import { createRng, randomMatrix, rowsOf, zerosMatrix } from "../../src/index";

describe("createRng", () => {
  it("gives the same numbers for the same seed and different ones for another seed", () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const draw = (r: ReturnType<typeof createRng>) => [r.uniform(), r.normal(), r.int(10), r.normal()];
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first[0]).toBe(0.6011037519201636); // the value the docstring promises
  });

  it("draws uniform numbers in [0, 1) and standard normal numbers (mean 0, variance 1)", () => {
    const rng = createRng(7);
    const n = 40_000;
    let sum = 0, sumSq = 0, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.02); // standard error 0.005
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.03);
  });

  it("rejects a seed that is not an integer", () => {
    expect(() => createRng(0.5)).toThrow("integer seed, got 0.5");
  });
});

describe("randomMatrix and zerosMatrix", () => {
  it("build matrices of the asked shape, scaled normal numbers and zeros", () => {
    const W = randomMatrix(3, 4, 0.01, createRng(1));
    expect(W.size()).toEqual([3, 4]);
    const values = rowsOf(W).flat();
    expect(Math.max(...values.map(Math.abs))).toBeLessThan(0.05);
    expect(new Set(values).size).toBe(12);
    expect(rowsOf(zerosMatrix(2, 3))).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});

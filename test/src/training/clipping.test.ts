import { describe, expect, it } from "vitest";
import { clipByNorm, clipByValue, globalNorm, rowsOf } from "../../../src/index";
import { fromRows } from "../helpers";

describe("clipping", () => {
  it("by value clamps every entry into [-limit, limit] and leaves the rest alone", () => {
    const grads = { dWxh: fromRows([[7, -0.5], [-9, 5]]), dby: fromRows([[4.99], [-5.01]]) };
    clipByValue(grads, 5);
    expect(rowsOf(grads.dWxh)).toEqual([[5, -0.5], [-5, 5]]);
    expect(rowsOf(grads.dby)).toEqual([[4.99], [-5]]);
    expect(() => clipByValue(grads, 0)).toThrow("clipByValue needs a limit > 0, got 0");
  });

  it("by global norm scales all gradients together, keeping their direction", () => {
    const grads = { a: fromRows([[3, 0]]), b: fromRows([[0], [4]]) }; // global norm 5
    expect(globalNorm(grads)).toBe(5);
    expect(clipByNorm(grads, 10)).toBe(5);
    expect(rowsOf(grads.a)).toEqual([[3, 0]]); // under the limit: unchanged
    expect(clipByNorm(grads, 1)).toBe(5);
    expect(rowsOf(grads.a)[0][0]).toBeCloseTo(0.6, 15);
    expect(rowsOf(grads.b)[1][0]).toBeCloseTo(0.8, 15);
    expect(globalNorm(grads)).toBeCloseTo(1, 15);
  });
});

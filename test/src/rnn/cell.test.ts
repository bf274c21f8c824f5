import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { cellForward, cellForwardConcat, cellOutput, concatWeights, oneHot, rowsOf, softmax } from "../../../src/index";
import { maxAbsDiff, randomProblem } from "../helpers";

describe("cellForward", () => {
  const { params, hPrev } = randomProblem(6, 4, 1, 1.0, 11);
  const x = oneHot(2, 6);

  it("computes tanh(Wxh·x + Whh·hPrev + bh), checked against plain loops", () => {
    const Wxh = rowsOf(params.Wxh), Whh = rowsOf(params.Whh), bh = rowsOf(params.bh), h0 = rowsOf(hPrev);
    const expected = Wxh.map((row, i) => {
      let s = row[2] + bh[i][0];
      for (let j = 0; j < 4; j++) s += Whh[i][j] * h0[j][0];
      return [Math.tanh(s)];
    });
    const h = cellForward(params, x, hPrev);
    expect(maxAbsDiff(h, matrix(expected))).toBeLessThan(1e-15);
    for (const [v] of rowsOf(h)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  it("is the same computation as the article's W·[hPrev; x] with W = [Whh Wxh]", () => {
    const W = concatWeights(params.Whh, params.Wxh);
    expect(W.size()).toEqual([4, 10]);
    const a = cellForward(params, x, hPrev), b = cellForwardConcat(W, params.bh, x, hPrev);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-15);
  });

  it("names both shapes when the input or the state does not fit", () => {
    expect(() => cellForward(params, oneHot(1, 5), hPrev)).toThrow("x is (5, 1) but expected (6, 1): Wxh is (4, 6), so the input must be a column of 6");
    expect(() => cellForward(params, x, oneHot(0, 3))).toThrow("hPrev is (3, 1) but expected (4, 1)");
    expect(() => concatWeights(params.Whh, params.Why)).toThrow("Whh is (4, 4) but Wxh is (6, 4)");
  });
});

describe("cellOutput and softmax", () => {
  it("gives scores Why·h + by and probabilities that sum to 1, without overflow for huge scores", () => {
    const { params, hPrev } = randomProblem(5, 3, 1, 1.0, 3);
    const y = cellOutput(params, hPrev);
    const Why = rowsOf(params.Why), by = rowsOf(params.by), h = rowsOf(hPrev);
    rowsOf(y).forEach(([v], k) => expect(v).toBeCloseTo(Why[k][0] * h[0][0] + Why[k][1] * h[1][0] + Why[k][2] * h[2][0] + by[k][0], 14));
    const p = rowsOf(softmax(matrix([[1000], [1000 + Math.log(3)]]))).map((r) => r[0]);
    expect(p[0]).toBeCloseTo(0.25, 12); // exp(log 3) is 3 only up to rounding
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(p[0] + p[1]).toBeCloseTo(1, 15);
  });
});

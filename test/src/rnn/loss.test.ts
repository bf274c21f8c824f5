import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { crossEntropy, sequenceLoss } from "../../../src/index";

describe("crossEntropy", () => {
  it("is -log p[target]: log 2 for two equal scores, and stable for scores near 1e4", () => {
    expect(crossEntropy(matrix([[0], [0]]), 1)).toBeCloseTo(Math.log(2), 15);
    // p = [1/4, 3/4] whatever the shift: -log(1/4)
    expect(crossEntropy(matrix([[10000], [10000 + Math.log(3)]]), 0)).toBeCloseTo(Math.log(4), 10);
    expect(() => crossEntropy(matrix([[0], [0]]), 2)).toThrow("target 2 is out of range: expected an integer from 0 to 1");
  });
});

describe("sequenceLoss", () => {
  const ys = [matrix([[0], [0]]), matrix([[0], [Math.log(3)]]), matrix([[5], [5]])];
  it("sums the per-step losses, leaving masked steps out", () => {
    const all = sequenceLoss(ys, [0, 1, 0]);
    expect(all.perStep[0]).toBeCloseTo(Math.log(2), 15);
    expect(all.perStep[1]).toBeCloseTo(-Math.log(0.75), 15);
    expect(all.total).toBeCloseTo(2 * Math.log(2) - Math.log(0.75), 14);
    const masked = sequenceLoss(ys, [0, 1, 0], [1, 1, 0]);
    expect(masked.perStep[2]).toBe(0);
    expect(masked.total).toBeCloseTo(Math.log(2) - Math.log(0.75), 14);
  });
  it("refuses targets or masks of the wrong length", () => {
    expect(() => sequenceLoss(ys, [0, 1])).toThrow("Got 3 time steps of scores but 2 targets");
    expect(() => sequenceLoss(ys, [0, 1, 0], [1])).toThrow("The mask has 1 entries but there are 3 time steps");
  });
});

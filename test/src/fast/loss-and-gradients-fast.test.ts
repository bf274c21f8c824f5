import { describe, expect, it } from "vitest";
import { bptt, lossAndGradients, lossAndGradientsFast, sequenceForward, sequenceLoss, zeroGradients, zerosMatrix } from "../../../src/index";
import { maxAbsDiff, randomProblem } from "../helpers";

const NAMES = ["dWxh", "dWhh", "dWhy", "dbh", "dby", "hLast"] as const;

describe("lossAndGradientsFast equals the readable path to 1e-12", () => {
  const shapes: [number, number, number, number][] = [
    [65, 100, 25, 0.01], // min-char-rnn's sizes
    [7, 5, 1, 0.5], // T = 1
    [6, 1, 9, 0.8], // H = 1
    [9, 6, 13, 3.0], // saturated tanh, odd sizes (the dot products' leftover entries)
    [30, 33, 25, 0.3],
  ];
  for (const [V, H, T, scale] of shapes) {
    it(`V ${V}, H ${H}, T ${T}, weights ~${scale}`, () => {
      const { params, inputs, targets, hPrev } = randomProblem(V, H, T, scale, V + H + T);
      const slow = lossAndGradients(params, inputs, targets, hPrev);
      const details = { perStepLoss: new Array<number>(T), dhNorms: new Array<number>(T) };
      const fast = lossAndGradientsFast(params, inputs, targets, hPrev, zeroGradients(params), details);
      expect(Math.abs(fast.loss - slow.loss)).toBeLessThan(1e-12 * Math.max(1, slow.loss));
      for (const name of NAMES) expect(maxAbsDiff(fast[name], slow[name]), name).toBeLessThan(1e-12);
      const forward = sequenceForward(params, inputs, hPrev);
      const perStep = sequenceLoss(forward.ys, targets).perStep;
      const { dhNorms } = bptt(params, forward, targets);
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12 * Math.max(1, Math.abs(b)));
      details.perStepLoss.forEach((L, t) => close(L, perStep[t]));
      details.dhNorms.forEach((n, t) => close(n, dhNorms[t + 1])); // bptt: dhNorms[0] at h_0
    });
  }

  it("overwrites reused gradient matrices instead of adding to them", () => {
    const { params, inputs, targets, hPrev } = randomProblem(8, 6, 10, 0.5, 3);
    const grads = zeroGradients(params);
    lossAndGradientsFast(params, inputs, targets, hPrev, grads);
    const again = lossAndGradientsFast(params, inputs, targets, hPrev, grads);
    const slow = lossAndGradients(params, inputs, targets, hPrev);
    for (const name of NAMES) expect(maxAbsDiff(again[name], slow[name]), name).toBeLessThan(1e-12);
  });

  it("checks its input like the readable path", () => {
    const { params, hPrev } = randomProblem(5, 3, 1, 0.5, 1);
    expect(() => lossAndGradientsFast(params, [1, 7], [2, 3], hPrev)).toThrow("inputs[1] = 7 is out of range");
    expect(() => lossAndGradientsFast(params, [1], [2, 3], hPrev)).toThrow("got 1 inputs and 2 targets");
    expect(() => lossAndGradientsFast(params, [1], [2], zerosMatrix(2, 1))).toThrow("hPrev is (2, 1) but expected (3, 1)");
  });
});

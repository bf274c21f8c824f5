import { describe, expect, it } from "vitest";
import { bptt, gradientCheck, lossAndGradients, rowsOf, sequenceForward, sequenceLoss } from "../../../src/index";
import { fromRows, maxAbsDiff, randomProblem } from "../helpers";

const GRADS = ["dWxh", "dWhh", "dWhy", "dbh", "dby"] as const;

describe("bptt", () => {
  const { params, inputs, targets, hPrev } = randomProblem(7, 5, 8, 0.6, 21);
  const forward = sequenceForward(params, inputs, hPrev);

  it("truncated to k >= T steps is full BPTT", () => {
    const full = bptt(params, forward, targets);
    for (const k of [8, 20]) {
      const cut = bptt(params, forward, targets, { truncate: k });
      for (const name of GRADS) expect(maxAbsDiff(cut.grads[name], full.grads[name]), name).toBeLessThan(1e-14);
    }
  });

  it("truncated to k steps: each step's loss reaches back k steps, the sum of k-step gradient checks", () => {
    // Reference: the gradient of L_t when the state k steps back is held fixed, checked numerically.
    const k = 3;
    const cut = bptt(params, forward, targets, { truncate: k });
    let expected = 0;
    for (let t = 0; t < inputs.length; t++) {
      const start = Math.max(0, t - k + 1);
      const h = forward.hs[start]; // hs[s] is the state after token s, hs[0] = hPrev
      const window = sequenceForward(params, inputs.slice(start, t + 1), h);
      const mask = window.inputs.map((_, s) => (s === t - start ? 1 : 0));
      const g = bptt(params, window, targets.slice(start, t + 1), { mask });
      expected += g.grads.dWhh.get([1, 2]);
    }
    expect(cut.grads.dWhh.get([1, 2])).toBeCloseTo(expected, 14);
    const full = bptt(params, forward, targets);
    expect(Math.abs(cut.grads.dWhh.get([1, 2]) - full.grads.dWhh.get([1, 2]))).toBeGreaterThan(1e-6); // truncation matters
  });

  it("leaves masked steps out: the gradients of the kept steps' loss, checked numerically", () => {
    const mask = [1, 1, 1, 0, 1, 0, 0, 1];
    const { grads } = bptt(params, forward, targets, { mask });
    const loss = () => sequenceLoss(sequenceForward(params, inputs, hPrev).ys, targets, mask).total;
    const report = gradientCheck(params, grads, loss);
    expect(report.maxRelativeError).toBeLessThan(1e-6);
  });

  it("reports how much gradient reaches each step; the last step's loss alone fades going back", () => {
    const mask = inputs.map((_, t) => (t === inputs.length - 1 ? 1 : 0));
    const { dhNorms } = bptt(params, forward, targets, { mask });
    expect(dhNorms).toHaveLength(9); // t = 0..T, dhNorms[0] at h_0
    expect(dhNorms[8]).toBeGreaterThan(dhNorms[1]);
    expect(dhNorms[1]).toBeGreaterThan(dhNorms[0]);
    const full = lossAndGradients(params, inputs, targets, hPrev);
    expect(maxAbsDiff(bptt(params, forward, targets).grads.dWxh, full.dWxh)).toBe(0);
    expect(() => bptt(params, forward, targets, { truncate: 0 })).toThrow("truncate must be a whole number of steps >= 1, got 0");
  });
});

describe("cellBackward and cellOutputBackward, one step back", () => {
  it("give dL/dh_0 equal to finite differences of the loss in h_0, for full and truncated BPTT", () => {
    const { params, inputs, targets, hPrev } = randomProblem(6, 4, 5, 0.8, 9);
    const lossFrom = (h0: number[][]) => sequenceLoss(sequenceForward(params, inputs, fromRows(h0)).ys, targets).total;
    const h0 = rowsOf(hPrev).map((row) => row.slice());
    const numeric = h0.map((_, i) => {
      const plus = h0.map((row, j) => [row[0] + (i === j ? 1e-5 : 0)]), minus = h0.map((row, j) => [row[0] - (i === j ? 1e-5 : 0)]);
      return (lossFrom(plus) - lossFrom(minus)) / 2e-5;
    });
    const { dhNorms } = bptt(params, sequenceForward(params, inputs, hPrev), targets);
    expect(dhNorms[0]).toBeCloseTo(Math.hypot(...numeric), 8);
    // Truncated to k = 2: only the losses of steps 1 and 2 reach h_0.
    const lossOfFirstTwo = (h: number[][]) => sequenceLoss(sequenceForward(params, inputs, fromRows(h)).ys, targets, [1, 1, 0, 0, 0]).total;
    const numeric2 = h0.map((_, i) => {
      const plus = h0.map((row, j) => [row[0] + (i === j ? 1e-5 : 0)]), minus = h0.map((row, j) => [row[0] - (i === j ? 1e-5 : 0)]);
      return (lossOfFirstTwo(plus) - lossOfFirstTwo(minus)) / 2e-5;
    });
    expect(bptt(params, sequenceForward(params, inputs, hPrev), targets, { truncate: 2 }).dhNorms[0]).toBeCloseTo(Math.hypot(...numeric2), 8);
  });
});

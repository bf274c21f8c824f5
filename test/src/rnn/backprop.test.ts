import { describe, expect, it } from "vitest";
import { bptt, gradientCheck, lossAndGradients, sequenceForward, sequenceLoss } from "../../../src/index";
import { maxAbsDiff, randomProblem } from "../helpers";

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
      const h = start === 0 ? hPrev : forward.hs[start - 1];
      const window = sequenceForward(params, inputs.slice(start, t + 1), h);
      const mask = window.hs.map((_, s) => (s === t - start ? 1 : 0));
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
    expect(dhNorms[7]).toBeGreaterThan(dhNorms[0]);
    const full = lossAndGradients(params, inputs, targets, hPrev);
    expect(maxAbsDiff(bptt(params, forward, targets).grads.dWxh, full.dWxh)).toBe(0);
    expect(() => bptt(params, forward, targets, { truncate: 0 })).toThrow("truncate must be a whole number of steps >= 1, got 0");
  });
});

import { describe, expect, it } from "vitest";
import { createRng, firstTokenTask, initParams, inputInfluence, memorySuccess, randomMatrix, rowsOf } from "../../../src/index";

describe("the first-token memory task", () => {
  it("puts the label first and only distractors after it", () => {
    const data = firstTokenTask(50, 6, 1);
    for (const d of data) {
      expect(d.tokens).toHaveLength(6);
      expect(d.tokens[0]).toBe(d.label);
      expect(d.tokens.slice(1).every((t) => ["c", "d", "e", "f"].includes(t))).toBe(true);
    }
    expect(new Set(data.map((d) => d.label))).toEqual(new Set(["A", "B"]));
  });

  it("is learnt at lag 1 and stays near chance (0.5) at lag 29, from fixed seeds", () => {
    const short = [1, 2, 3].map((seed) => memorySuccess(2, { seed }));
    const long = [1, 2, 3].map((seed) => memorySuccess(30, { seed }));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(short)).toBeGreaterThanOrEqual(0.95);
    expect(mean(long)).toBeGreaterThan(0.4);
    expect(mean(long)).toBeLessThan(0.62);
  });
});

describe("how much each earlier input still moves the hidden state", () => {
  const V = 5, H = 4, rng = createRng(3);
  const core = initParams(V, H, rng, 0.7);
  core.bh = randomMatrix(H, 1, 0.3, rng);
  const inputs = [0, 3, 1, 4, 2];
  const Wxh = rowsOf(core.Wxh), Whh = rowsOf(core.Whh), bh = rowsOf(core.bh);
  /** An independent forward pass on plain arrays: h after the one-hot input x (with extra columns added) from hPrev. */
  const step = (hPrev: number[], x: number, extra: (i: number) => number = () => 0) =>
    hPrev.map((_, i) => Math.tanh(Wxh[i][x] + extra(i) + Whh[i].reduce((s, w, j) => s + w * hPrev[j], 0) + bh[i][0]));
  const run = (ids: number[], h0: number[]) => ids.reduce((states, x) => [...states, step(states[states.length - 1], x)], [h0]);

  it("matches finite differences: ‖∂h_t/∂x_k‖ from nudging the one-hot input x_k", () => {
    const z = inputInfluence(core, inputs);
    const hs = run(inputs, new Array<number>(H).fill(0));
    const eps = 1e-5;
    for (let k = 0; k < inputs.length; k++) {
      // h_k with x_k + d·e_c in place of x_k, then the later steps as usual.
      const stateAt = (c: number, d: number, t: number) => {
        const hk = step(hs[k], inputs[k], (i) => d * Wxh[i][c]);
        return run(inputs.slice(k + 1, t + 1), hk)[t - k];
      };
      for (let t = 0; t < inputs.length; t++) {
        if (t < k) {
          expect(z[t][k]).toBe(0);
          continue;
        }
        let total = 0;
        for (let c = 0; c < V; c++) {
          const plus = stateAt(c, eps, t), minus = stateAt(c, -eps, t);
          for (let i = 0; i < H; i++) total += ((plus[i] - minus[i]) / (2 * eps)) ** 2;
        }
        expect(Math.abs(Math.sqrt(total) - z[t][k]) / z[t][k]).toBeLessThan(1e-6);
      }
    }
  });
});

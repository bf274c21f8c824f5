import { describe, expect, it } from "vitest";
import { createRng, gradientByLag, initOutput, initRecurrent, outputProbabilities, recurrentForward, rowsOf, scaledRotation } from "../../../src/index";

describe("the gradient that reaches each earlier step", () => {
  const V = 6, H = 5, T = 8, target = 2;
  const rng = createRng(7);
  const params = { ...initRecurrent(V, H, rng, 0.5), ...initOutput(4, H, rng, 0.5) };
  const inputs = Array.from({ length: T }, () => rng.int(V));

  it("‖∂L_T/∂h_k‖ for every lag matches finite differences on h_k", () => {
    const pass = recurrentForward(params, inputs);
    const norms = gradientByLag(params, inputs, target);
    expect(norms).toHaveLength(T + 1);
    for (let lag = 0; lag <= T; lag++) {
      const k = T - lag, hk = pass.hs[k];
      // L_T as a function of h_k: run the remaining T - k steps from a nudged h_k.
      const lossFrom = (h: number[]) => {
        const rest = recurrentForward(params, inputs.slice(k), h);
        return -Math.log(outputProbabilities(params, rest.hs[rest.hs.length - 1])[target]);
      };
      const eps = 1e-5;
      const numeric = hk.map((_, i) => {
        const nudged = (d: number) => lossFrom(hk.map((v, j) => (j === i ? v + d : v)));
        return (nudged(eps) - nudged(-eps)) / (2 * eps);
      });
      const numericNorm = Math.hypot(...numeric);
      expect(Math.abs(numericNorm - norms[lag]) / norms[lag]).toBeLessThan(1e-6);
    }
  });

  it("a scaled rotation has every singular value equal to ρ", () => {
    const Whh = rowsOf(scaledRotation(6, 0.9, createRng(2)));
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const dot = Whh.reduce((s, row) => s + row[i] * row[j], 0); // (WhhᵀWhh)[i][j]
        expect(dot).toBeCloseTo(i === j ? 0.81 : 0, 12);
      }
    }
  });

  it("vanishes with the lag below ρ = 1 and grows with it at ρ = 1.5 in a small linear-like regime", () => {
    const make = (rho: number) => {
      const r = createRng(11);
      const p = { ...initRecurrent(V, 16, r, 0.01), ...initOutput(4, 16, r, 0.5) };
      p.Whh = scaledRotation(16, rho, r);
      return gradientByLag(p, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], 0);
    };
    const low = make(0.5), high = make(1.5);
    expect(low[10] / low[0]).toBeLessThan(Math.pow(0.5, 10) * 1.0001); // bounded by ρ^lag since tanh' ≤ 1
    expect(high[10] / high[0]).toBeGreaterThan(1);
  });
});

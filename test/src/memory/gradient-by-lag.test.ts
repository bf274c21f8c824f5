import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { createRng, gradientByLag, hiddenStates, initModelParams, lastStepLoss, initParams, layerForward, outputProbabilities, rowsOf, scaledRotation, type CellKind, type MatrixSet } from "../../../src/index";

/** The states h_0 .. h_T of one sequence, as plain arrays. */
function statesOf(kind: CellKind, params: MatrixSet, inputs: number[], h0?: number[]): number[][] {
  if (inputs.length === 0) return [h0!];
  const pass = layerForward(kind, params, [inputs], h0 ? { h0: matrix(h0.map((v) => [v]), "dense", "number") } : {});
  return Array.from({ length: inputs.length + 1 }, (_, t) => rowsOf(pass.state(t)).map(([v]) => v));
}

describe("the gradient that reaches each earlier step", () => {
  const V = 6, H = 5, T = 8, target = 2;
  const rng = createRng(7);
  const params = initParams(V, H, rng, 0.5, { size: 4 });
  const inputs = Array.from({ length: T }, () => rng.int(V));

  it("‖∂L_T/∂h_k‖ for every lag matches finite differences on h_k", () => {
    const hs = statesOf("rnn", params, inputs);
    expect(hiddenStates(params, inputs)).toEqual(hs);
    const norms = gradientByLag(params, inputs, target);
    expect(norms).toHaveLength(T + 1);
    for (let lag = 0; lag <= T; lag++) {
      const k = T - lag, hk = hs[k];
      // L_T as a function of h_k: run the remaining T - k steps from a nudged h_k.
      const lossFrom = (h: number[]) => {
        const rest = statesOf("rnn", params, inputs.slice(k), h);
        return -Math.log(outputProbabilities(params, matrix(rest[rest.length - 1].map((v) => [v])))[0][target]);
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
      const p = initParams(V, 16, r, 0.01, { size: 4, scale: 0.5 });
      p.Whh = scaledRotation(16, rho, r);
      return gradientByLag(p, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], 0);
    };
    const low = make(0.5), high = make(1.5);
    expect(low[10] / low[0]).toBeLessThan(Math.pow(0.5, 10) * 1.0001); // bounded by ρ^lag since tanh' ≤ 1
    expect(high[10] / high[0]).toBeGreaterThan(1);
  });

  it("for an LSTM and a GRU too: ‖∂L_T/∂h_0‖ matches finite differences on h_0", () => {
    for (const kind of ["lstm", "gru"] as const) {
      const p = initModelParams(kind, V, H, 4, createRng(3), 0.5);
      const norms = gradientByLag(p, inputs, target, { kind });
      const h0 = [0.1, -0.2, 0.3, 0, 0.2];
      const lossFrom = (h: number[]) => {
        const hs = statesOf(kind, p, inputs, h);
        return -Math.log(outputProbabilities(p, matrix(hs[T].map((v) => [v])))[0][target]);
      };
      const eps = 1e-5;
      const numeric = h0.map((_, i) => (lossFrom(h0.map((v, j) => (j === i ? v + eps : v))) - lossFrom(h0.map((v, j) => (j === i ? v - eps : v)))) / (2 * eps));
      const at0 = gradientByLag(p, inputs, target, { kind, h0 });
      expect(lossFrom(h0)).toBeCloseTo(lastStepLoss(p, inputs, target, { kind, h0 }), 12);
      expect(Math.abs(Math.hypot(...numeric) - at0[T]) / at0[T], kind).toBeLessThan(1e-6);
      expect(norms).toHaveLength(T + 1);
    }
  });
});

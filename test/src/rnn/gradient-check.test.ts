import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { createRng, gradientCheck, lossAndGradients, relativeError, rowsOf } from "../../../src/index";
import { randomProblem } from "../helpers";

describe("gradientCheck", () => {
  it("finds the exact gradient of a model it knows nothing about: L = Σ sin(a_ij)·b_ij", () => {
    const a = matrix([[0.3, -1.2], [2.0, 0.7]]), b = matrix([[1.5], [-0.5]]);
    const loss = () => {
      const A = rowsOf(a), B = rowsOf(b);
      return A.reduce((s, row) => s + row.reduce((t, v, j) => t + Math.sin(v) * B[j][0], 0), 0);
    };
    const da = matrix(rowsOf(a).map((row) => row.map((v, j) => Math.cos(v) * rowsOf(b)[j][0])));
    const db = matrix([[Math.sin(0.3) + Math.sin(2.0)], [Math.sin(-1.2) + Math.sin(0.7)]]);
    const report = gradientCheck({ a, b }, { da, db }, loss);
    expect(report.rows.length).toBe(6);
    expect(report.maxRelativeError).toBeLessThan(1e-9);
    expect(rowsOf(a)[0][0]).toBe(0.3); // every nudge put back
  });

  it("catches a wrong gradient", () => {
    const { params, inputs, targets, hPrev } = randomProblem(6, 4, 5, 0.5, 5);
    const grads = lossAndGradients(params, inputs, targets, hPrev);
    rowsOf(grads.dWhh)[2][1] *= 1.01; // a 1 % mistake in one entry
    const report = gradientCheck(params, grads, () => lossAndGradients(params, inputs, targets, hPrev).loss);
    expect(report.maxByParam["Whh"]).toBeGreaterThan(1e-3);
    expect(report.maxByParam["Wxh"]).toBeLessThan(1e-6);
    const worst = report.rows.reduce((w, r) => (r.relativeError > w.relativeError ? r : w));
    expect([worst.name, worst.row, worst.col]).toEqual(["Whh", 2, 1]);
  });

  it("checks sampled coordinates with a seeded generator, the same ones for the same seed", () => {
    const { params, inputs, targets, hPrev } = randomProblem(6, 4, 5, 0.5, 5);
    const grads = lossAndGradients(params, inputs, targets, hPrev);
    const loss = () => lossAndGradients(params, inputs, targets, hPrev).loss;
    const one = gradientCheck(params, grads, loss, { samples: 3, rng: createRng(1) });
    const two = gradientCheck(params, grads, loss, { samples: 3, rng: createRng(1) });
    expect(one.rows.length).toBe(15);
    expect(one.rows.map((r) => [r.row, r.col])).toEqual(two.rows.map((r) => [r.row, r.col]));
    expect(() => gradientCheck(params, grads, loss, { samples: 3 })).toThrow("needs a seeded `rng`");
  });

  it("defines relative error with a floor for gradients too small to resolve", () => {
    expect(relativeError(1, 1.000001)).toBeCloseTo(5e-7, 12);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1e-12, 0)).toBeCloseTo(1e-6, 15);
  });
});

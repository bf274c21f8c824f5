import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellForward, createRng, gradientCheck, oneHot, rowsOf, lossAndGradients, sequenceForward, zerosMatrix, type RnnParams } from "../../../src/index";
import { fromRows, maxAbsDiff, randomProblem } from "../helpers";

interface GoldenCase {
  name: string;
  params: { [k: string]: number[][] };
  inputs: number[];
  targets: number[];
  hPrev: number[][];
  loss: number;
  grads: { [k: string]: number[][] };
  hLast: number[][];
}
const golden: { cases: GoldenCase[] } = JSON.parse(readFileSync(join(__dirname, "../../golden/min-char-rnn.json"), "utf8"));

export function goldenParams(c: GoldenCase): RnnParams {
  const p = c.params;
  return { Wxh: fromRows(p.Wxh), Whh: fromRows(p.Whh), Why: fromRows(p.Why), bh: fromRows(p.bh), by: fromRows(p.by) };
}

describe("lossAndGradients against numpy's min-char-rnn lossFun (test/golden/make_golden.py)", () => {
  for (const c of golden.cases) {
    it(`matches loss, all five gradients and hLast to 1e-10: ${c.name}`, () => {
      const r = lossAndGradients(goldenParams(c), c.inputs, c.targets, fromRows(c.hPrev));
      expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-10);
      for (const name of ["dWxh", "dWhh", "dWhy", "dbh", "dby"] as const) {
        expect(maxAbsDiff(r[name], fromRows(c.grads[name])), name).toBeLessThan(1e-10);
      }
      expect(maxAbsDiff(r.hLast, fromRows(c.hLast))).toBeLessThan(1e-10);
    });
  }
});

describe("gradient check of every parameter (centred differences, relative error < 1e-6)", () => {
  const shapes: [string, number, number, number, number][] = [
    ["V 8, H 5, T 6", 8, 5, 6, 0.5],
    ["one time step: T 1", 6, 4, 1, 0.5],
    ["one hidden unit: H 1", 5, 1, 8, 0.8],
    ["saturated tanh (weights ~3)", 6, 4, 5, 3.0],
    ["min-char-rnn's init (0.01), V 12, H 8, T 25", 12, 8, 25, 0.01],
  ];
  for (const [label, V, H, T, scale] of shapes) {
    it(label, () => {
      const { params, inputs, targets, hPrev } = randomProblem(V, H, T, scale, V * 100 + H);
      const grads = lossAndGradients(params, inputs, targets, hPrev);
      if (scale >= 3) {
        const states = sequenceForward(params, inputs, hPrev).hs.flatMap((h) => rowsOf(h).map(([v]) => Math.abs(v)));
        expect(states.filter((v) => v > 0.999).length).toBeGreaterThan(states.length / 4); // really saturated
      }
      const report = gradientCheck(params, grads, () => lossAndGradients(params, inputs, targets, hPrev).loss);
      expect(report.rows.length).toBe(H * V + H * H + V * H + H + V); // every coordinate
      for (const name of ["Wxh", "Whh", "Why", "bh", "by"]) expect(report.maxByParam[name], name).toBeLessThan(1e-6);
    });
  }
});

describe("sequence forward", () => {
  it("starts from zeros by default: hs[0] = h_0, hs[t] the state after token t, one output and probability column per step", () => {
    const { params } = randomProblem(5, 3, 1, 0.5, 1);
    const f = sequenceForward(params, [1, 2, 3]);
    expect(maxAbsDiff(f.hs[0], zerosMatrix(3, 1))).toBe(0);
    expect([f.hs.length, f.ys.length, f.ps.length]).toEqual([4, 3, 3]);
    expect(f.hLast).toBe(f.hs[3]);
    expect(maxAbsDiff(f.hs[1], cellForward(params, oneHot(1, 5), zerosMatrix(3, 1)))).toBe(0);
  });
});

describe("bad input", () => {
  const { params, hPrev } = randomProblem(5, 3, 1, 0.5, 1);
  it("names the token id out of range, different lengths and the empty sequence", () => {
    expect(() => lossAndGradients(params, [1, 5], [2, 3], hPrev)).toThrow("inputs[1] = 5 is out of range: expected an integer from 0 to 4 (vocabulary size 5)");
    expect(() => lossAndGradients(params, [1, 2], [2, -1], hPrev)).toThrow("targets[1] = -1 is out of range");
    expect(() => lossAndGradients(params, [1, 2, 3], [2, 3], hPrev)).toThrow("inputs and targets must have the same length, got 3 inputs and 2 targets");
    expect(() => lossAndGradients(params, [], [], hPrev)).toThrow("The input sequence is empty");
  });
  it("names both shapes when the parameters or hPrev do not fit together", () => {
    expect(() => lossAndGradients(params, [1], [2], zerosMatrix(4, 1))).toThrow("hPrev is (4, 1) but expected (3, 1)");
    const wrong = { ...params, Why: zerosMatrix(4, 3) };
    expect(() => lossAndGradients(wrong, [1], [2], hPrev)).toThrow("Why is (4, 3) but expected (5, 3): Wxh is (3, 5), so Why must be (V, H)");
  });
  it("reproduces the same gradients for the same seed", () => {
    const a = randomProblem(5, 3, 4, 0.5, 9), b = randomProblem(5, 3, 4, 0.5, 9);
    const ga = lossAndGradients(a.params, a.inputs, a.targets, a.hPrev);
    const gb = lossAndGradients(b.params, b.inputs, b.targets, b.hPrev);
    expect(ga.loss).toBe(gb.loss);
    expect(maxAbsDiff(ga.dWhh, gb.dWhh)).toBe(0);
    expect(createRng(9).uniform()).toBe(createRng(9).uniform());
  });
});

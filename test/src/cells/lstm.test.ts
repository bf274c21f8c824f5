import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  createRng,
  gradientCheck,
  initLstmParams,
  lstmBackward,
  lstmForward,
  lstmLossAndGradients,
  rowsOf,
  zerosMatrix,
  type LstmParams,
} from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";
import { goldenCases, matricesOf, randomGatedProblem, truncatedGraphLoss } from "./helpers";

const NAMES = ["Wxi", "Whi", "bi", "Wxf", "Whf", "bf", "Wxo", "Who", "bo", "Wxc", "Whc", "bc", "Why", "by"];

/** Weights of standard deviation `scale`, and random (not zero) biases, so that every bias gradient counts. */
function randomLstm(V: number, H: number, scale: number, seed: number): LstmParams {
  const rng = createRng(seed);
  const params = initLstmParams(V, H, rng, { scale });
  for (const b of ["bi", "bf", "bo", "bc", "by"] as const) params[b] = fromRows(rowsOf(params[b]).map(() => [rng.normal() * scale]));
  return params;
}

describe("lstmLossAndGradients against numpy (test/golden/make_golden.py, lstm_loss_fun)", () => {
  for (const c of goldenCases("lstm.json")) {
    it(`matches the loss, all fourteen gradients, hLast and cLast to 1e-10: ${c.name}`, () => {
      const options = { truncate: c.truncate ?? undefined, mask: c.mask ?? undefined };
      const r = lstmLossAndGradients(matricesOf(c.params) as LstmParams, c.inputs, c.targets, fromRows(c.hPrev), fromRows(c.cPrev!), options);
      expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-10);
      for (const name of NAMES) expect(maxAbsDiff(r[`d${name}` as keyof typeof r] as never, fromRows(c.grads["d" + name])), "d" + name).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.hLast, fromRows(c.hLast))).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.cLast, fromRows(c.cLast!))).toBeLessThan(1e-10);
    });
  }

  it("returns exactly the fields of the contract", () => {
    const c = goldenCases("lstm.json")[1];
    const r = lstmLossAndGradients(matricesOf(c.params) as LstmParams, c.inputs, c.targets, fromRows(c.hPrev), fromRows(c.cPrev!));
    expect(Object.keys(r).sort()).toEqual(["loss", ...NAMES.map((n) => "d" + n), "hLast", "cLast"].sort());
  });
});

describe("LSTM gradient check of every parameter (centred differences in float64, relative error < 1e-6)", () => {
  const shapes: [string, number, number, number, number, number[] | undefined][] = [
    ["V 5, H 4, T 6", 5, 4, 6, 0.5, undefined],
    ["one time step: T 1", 5, 3, 1, 0.5, undefined],
    ["one hidden unit: H 1", 5, 1, 6, 0.8, undefined],
    ["saturated gates (weights ~3)", 5, 3, 5, 3.0, undefined],
    ["masked: steps 3 and 6-7 dropped", 5, 3, 7, 0.5, [1, 1, 0, 1, 1, 0, 0]],
  ];
  for (const [label, V, H, T, scale, mask] of shapes) {
    it(label, () => {
      const params = randomLstm(V, H, scale, V * 100 + H + T);
      const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, T, V + H + T);
      const r = lstmLossAndGradients(params, inputs, targets, h0, c0, { mask });
      if (scale >= 3) {
        const gates = lstmForward(params, inputs, h0, c0).steps.flatMap((s) => [s.i, s.f, s.o].flatMap((g) => rowsOf(g).map(([v]) => v)));
        expect(gates.filter((g) => g < 0.02 || g > 0.98).length).toBeGreaterThan(gates.length / 4); // really saturated
      }
      // Saturated gates leave gradients of 1e-7 and less, and a loss near 30 whose round-off (1e-12 after
      // dividing by ε) is then 1e-5 of them: below 1e-5 such gradients are compared in absolute terms.
      const floor = scale >= 3 ? 1e-5 : undefined;
      const report = gradientCheck(params, r, () => lstmLossAndGradients(params, inputs, targets, h0, c0, { mask }).loss, { floor });
      expect(report.rows.length).toBe(4 * (H * V + H * H + H) + V * H + V); // every coordinate
      for (const name of NAMES) expect(report.maxByParam[name], name).toBeLessThan(1e-6);
    });
  }
});

describe("LSTM truncated BPTT: the gradient of the graph cut k steps back, by finite differences", () => {
  const cases: [string, number, number[] | undefined][] = [
    ["truncate 1", 1, undefined],
    ["truncate 3", 3, undefined],
    ["truncate 2 with a mask", 2, [0, 1, 1, 0, 1, 1, 0]],
  ];
  for (const [label, k, mask] of cases) {
    it(label, () => {
      const V = 5, H = 3;
      const params = randomLstm(V, H, 0.7, 40 + k);
      const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, 7, 50 + k);
      const r = lstmLossAndGradients(params, inputs, targets, h0, c0, { truncate: k, mask });
      const full = lstmForward(params, inputs, h0, c0);
      const loss = truncatedGraphLoss((t) => [full.hs[t], full.cs[t]], (ids, [h, c]) => lstmForward(params, ids, h, c).ys, inputs, targets, k, mask);
      expect(Math.abs(loss() - r.loss)).toBeLessThan(1e-12); // the same loss: truncation only cuts gradients
      const report = gradientCheck(params, r, loss);
      for (const name of NAMES) expect(report.maxByParam[name], name).toBeLessThan(1e-6);
      const untruncated = lstmLossAndGradients(params, inputs, targets, h0, c0, { mask });
      expect(maxAbsDiff(r.dWhf, untruncated.dWhf)).toBeGreaterThan(1e-4); // and it really cut something
    });
  }
});

describe("LSTM masks and padding", () => {
  it("a sequence padded at its end with mask 0 gives the gradients and loss of the sequence alone", () => {
    const V = 6, H = 4;
    const params = randomLstm(V, H, 0.5, 7);
    const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, 8, 8);
    const alone = lstmLossAndGradients(params, inputs.slice(0, 5), targets.slice(0, 5), h0, c0);
    const padded = lstmLossAndGradients(params, [...inputs.slice(0, 5), 0, 0, 0], [...targets.slice(0, 5), 0, 0, 0], h0, c0, { mask: [1, 1, 1, 1, 1, 0, 0, 0] });
    expect(Math.abs(alone.loss - padded.loss)).toBeLessThan(1e-12);
    for (const name of NAMES) expect(maxAbsDiff(alone[`d${name}` as "dWxi"], padded[`d${name}` as "dWxi"]), name).toBeLessThan(1e-12);
  });
});

describe("lstmBackward's dhNorms[0] is |dL/dh_0|, by finite differences on hPrev", () => {
  for (const truncate of [undefined, 2]) {
    it(truncate ? `truncate ${truncate}: only the losses of steps 1..${truncate} reach h_0` : "full BPTT", () => {
      const V = 5, H = 3, T = 6;
      const params = randomLstm(V, H, 0.7, 3);
      const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, T, 4);
      const { dhNorms } = lstmBackward(params, lstmForward(params, inputs, h0, c0), targets, { truncate });
      expect(dhNorms.length).toBe(T + 1);
      const reach = truncate ?? T;
      const lossFrom = (h: Matrix): number => lstmLossAndGradients(params, inputs.slice(0, reach), targets.slice(0, reach), h, c0).loss;
      const numeric = rowsOf(h0).map((_, i) => {
        const nudged = (e: number) => fromRows(rowsOf(h0).map(([v], j) => [j === i ? v + e : v]));
        return (lossFrom(nudged(1e-5)) - lossFrom(nudged(-1e-5))) / 2e-5;
      });
      expect(Math.abs(dhNorms[0] - Math.hypot(...numeric))).toBeLessThan(1e-8);
    });
  }
});

describe("initLstmParams", () => {
  it("draws every weight from the seed, sets bf to the forget bias (1 by default) and the other biases to 0", () => {
    const a = initLstmParams(7, 5, createRng(3)), b = initLstmParams(7, 5, createRng(3));
    expect(maxAbsDiff(a.Whc, b.Whc)).toBe(0);
    expect(rowsOf(a.bf).flat()).toEqual([1, 1, 1, 1, 1]);
    expect(rowsOf(a.bi).flat()).toEqual([0, 0, 0, 0, 0]);
    expect(rowsOf(initLstmParams(7, 5, createRng(3), { forgetBias: 0 }).bf).flat()).toEqual([0, 0, 0, 0, 0]);
    expect(() => initLstmParams(7, 5, createRng(3), { forgetBias: Infinity })).toThrow("forgetBias must be a finite number, got Infinity");
    expect([a.Wxf.size(), a.Whf.size(), a.Why.size(), a.by.size()]).toEqual([[5, 7], [5, 5], [7, 5], [7, 1]]);
    const std = Math.sqrt(rowsOf(initLstmParams(40, 50, createRng(1)).Whi).flat().reduce((s, v) => s + v * v, 0) / 2500);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.005); // scale 0.1 by default
  });
});

describe("LSTM bad input", () => {
  const params = initLstmParams(5, 3, createRng(1));
  const h = zerosMatrix(3, 1), c = zerosMatrix(3, 1);
  it("names both shapes when a parameter or a state does not fit", () => {
    expect(() => lstmLossAndGradients({ ...params, Whf: zerosMatrix(4, 3) }, [1], [2], h, c)).toThrow("Whf is (4, 3) but expected (3, 3): Wxi is (3, 5)");
    expect(() => lstmLossAndGradients({ ...params, Why: zerosMatrix(5, 4) }, [1], [2], h, c)).toThrow("Why is (5, 4) but expected (5, 3)");
    expect(() => lstmLossAndGradients(params, [1], [2], zerosMatrix(4, 1), c)).toThrow("hPrev is (4, 1) but expected (3, 1)");
    expect(() => lstmLossAndGradients(params, [1], [2], h, zerosMatrix(3, 2))).toThrow("cPrev is (3, 2) but expected (3, 1)");
  });
  it("names the id out of range and its range, different lengths and the empty sequence", () => {
    expect(() => lstmLossAndGradients(params, [1, 5], [2, 3], h, c)).toThrow("inputs[1] = 5 is out of range: expected an integer from 0 to 4 (vocabulary size 5)");
    expect(() => lstmLossAndGradients(params, [1, 2], [2, 1.5], h, c)).toThrow("targets[1] = 1.5 is out of range");
    expect(() => lstmLossAndGradients(params, [1, 2, 3], [2, 3], h, c)).toThrow("inputs and targets must have the same length, got 3 inputs and 2 targets");
    expect(() => lstmLossAndGradients(params, [], [], h, c)).toThrow("The input sequence is empty");
  });
  it("reports a mask of the wrong length or with other entries than 0 and 1, a bad truncation and a NaN weight", () => {
    expect(() => lstmLossAndGradients(params, [1, 2], [2, 3], h, c, { mask: [1] })).toThrow("The mask has 1 entries but there are 2 time steps");
    expect(() => lstmLossAndGradients(params, [1, 2], [2, 3], h, c, { mask: [1, 0.5] })).toThrow("mask[1] = 0.5");
    expect(() => lstmLossAndGradients(params, [1, 2], [2, 3], h, c, { truncate: 0 })).toThrow("truncate must be a whole number of steps >= 1, got 0");
    const broken = initLstmParams(5, 3, createRng(1));
    rowsOf(broken.Whc)[2][1] = NaN;
    expect(() => lstmLossAndGradients(broken, [1], [2], h, c)).toThrow("LSTM parameter Whc holds NaN at (2, 1)");
  });
});

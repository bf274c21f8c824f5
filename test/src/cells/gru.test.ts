import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  createRng,
  gradientCheck,
  gruBackward,
  gruForward,
  gruLossAndGradients,
  gruStepForward,
  initGruParams,
  oneHotColumn,
  rowsOf,
  zerosMatrix,
  type GruParams,
} from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";
import { goldenCases, matricesOf, randomGatedProblem, truncatedGraphLoss } from "./helpers";

const NAMES = ["Wxz", "Whz", "bz", "Wxr", "Whr", "br", "Wxh", "Whh", "bh", "Why", "by"];

/** Weights of standard deviation `scale`, and random (not zero) biases, so that every bias gradient counts. */
function randomGru(V: number, H: number, scale: number, seed: number): GruParams {
  const rng = createRng(seed);
  const params = initGruParams(V, H, rng, { scale });
  for (const b of ["bz", "br", "bh", "by"] as const) params[b] = fromRows(rowsOf(params[b]).map(() => [rng.normal() * scale]));
  return params;
}

describe("gruLossAndGradients against numpy (test/golden/make_golden.py, gru_loss_fun)", () => {
  for (const c of goldenCases("gru.json")) {
    it(`matches the loss, all eleven gradients and hLast to 1e-10: ${c.name}`, () => {
      const options = { truncate: c.truncate ?? undefined, mask: c.mask ?? undefined };
      const r = gruLossAndGradients(matricesOf(c.params) as GruParams, c.inputs, c.targets, fromRows(c.hPrev), options);
      expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-10);
      for (const name of NAMES) expect(maxAbsDiff(r[`d${name}` as "dWxz"], fromRows(c.grads["d" + name])), "d" + name).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.hLast, fromRows(c.hLast))).toBeLessThan(1e-10);
    });
  }

  it("returns exactly the fields of the contract", () => {
    const c = goldenCases("gru.json")[1];
    const r = gruLossAndGradients(matricesOf(c.params) as GruParams, c.inputs, c.targets, fromRows(c.hPrev));
    expect(Object.keys(r).sort()).toEqual(["loss", ...NAMES.map((n) => "d" + n), "hLast"].sort());
  });
});

describe("GRU gradient check of every parameter (centred differences in float64, relative error < 1e-6)", () => {
  const shapes: [string, number, number, number, number, number[] | undefined][] = [
    ["V 5, H 4, T 6", 5, 4, 6, 0.5, undefined],
    ["one time step: T 1", 5, 3, 1, 0.5, undefined],
    ["one hidden unit: H 1", 5, 1, 6, 0.8, undefined],
    ["saturated gates (weights ~3)", 5, 3, 5, 3.0, undefined],
    ["masked: steps 3 and 6-7 dropped", 5, 3, 7, 0.5, [1, 1, 0, 1, 1, 0, 0]],
  ];
  for (const [label, V, H, T, scale, mask] of shapes) {
    it(label, () => {
      const params = randomGru(V, H, scale, V * 100 + H + T);
      const { inputs, targets, h0 } = randomGatedProblem(V, H, T, V + H + T);
      const r = gruLossAndGradients(params, inputs, targets, h0, { mask });
      if (scale >= 3) {
        const gates = gruForward(params, inputs, h0).steps.flatMap((s) => [s.z, s.r].flatMap((g) => rowsOf(g).map(([v]) => v)));
        expect(gates.filter((g) => g < 0.02 || g > 0.98).length).toBeGreaterThan(gates.length / 4); // really saturated
      }
      // Saturated gates leave gradients of 1e-7 and less, below what round-off lets a difference resolve
      // to 1e-6 of them: below 1e-5 they are compared in absolute terms.
      const floor = scale >= 3 ? 1e-5 : undefined;
      const report = gradientCheck(params, r, () => gruLossAndGradients(params, inputs, targets, h0, { mask }).loss, { floor });
      expect(report.rows.length).toBe(3 * (H * V + H * H + H) + V * H + V); // every coordinate
      for (const name of NAMES) expect(report.maxByParam[name], name).toBeLessThan(1e-6);
    });
  }
});

describe("GRU truncated BPTT: the gradient of the graph cut k steps back, by finite differences", () => {
  const cases: [string, number, number[] | undefined][] = [
    ["truncate 1", 1, undefined],
    ["truncate 3", 3, undefined],
    ["truncate 2 with a mask", 2, [0, 1, 1, 0, 1, 1, 0]],
  ];
  for (const [label, k, mask] of cases) {
    it(label, () => {
      const V = 5, H = 3;
      const params = randomGru(V, H, 0.7, 40 + k);
      const { inputs, targets, h0 } = randomGatedProblem(V, H, 7, 50 + k);
      const r = gruLossAndGradients(params, inputs, targets, h0, { truncate: k, mask });
      const full = gruForward(params, inputs, h0);
      const loss = truncatedGraphLoss((t) => [full.hs[t]], (ids, [h]) => gruForward(params, ids, h).ys, inputs, targets, k, mask);
      expect(Math.abs(loss() - r.loss)).toBeLessThan(1e-12); // the same loss: truncation only cuts gradients
      const report = gradientCheck(params, r, loss);
      for (const name of NAMES) expect(report.maxByParam[name], name).toBeLessThan(1e-6);
      const untruncated = gruLossAndGradients(params, inputs, targets, h0, { mask });
      expect(maxAbsDiff(r.dWhz, untruncated.dWhz)).toBeGreaterThan(1e-4); // and it really cut something
    });
  }
});

describe("GRU masks, padding and dhNorms", () => {
  it("a sequence padded at its end with mask 0 gives the gradients and loss of the sequence alone", () => {
    const V = 6, H = 4;
    const params = randomGru(V, H, 0.5, 7);
    const { inputs, targets, h0 } = randomGatedProblem(V, H, 8, 8);
    const alone = gruLossAndGradients(params, inputs.slice(0, 5), targets.slice(0, 5), h0);
    const padded = gruLossAndGradients(params, [...inputs.slice(0, 5), 0, 0, 0], [...targets.slice(0, 5), 0, 0, 0], h0, { mask: [1, 1, 1, 1, 1, 0, 0, 0] });
    expect(Math.abs(alone.loss - padded.loss)).toBeLessThan(1e-12);
    for (const name of NAMES) expect(maxAbsDiff(alone[`d${name}` as "dWxz"], padded[`d${name}` as "dWxz"]), name).toBeLessThan(1e-12);
  });

  for (const truncate of [undefined, 2]) {
    it(`dhNorms[0] is |dL/dh_0| by finite differences on hPrev (${truncate ? `truncate ${truncate}` : "full BPTT"})`, () => {
      const V = 5, H = 3, T = 6;
      const params = randomGru(V, H, 0.7, 3);
      const { inputs, targets, h0 } = randomGatedProblem(V, H, T, 4);
      const { dhNorms } = gruBackward(params, gruForward(params, inputs, h0), targets, { truncate });
      expect(dhNorms.length).toBe(T + 1);
      const reach = truncate ?? T; // with truncation, only the losses of steps 1..k reach h_0
      const lossFrom = (h: Matrix): number => gruLossAndGradients(params, inputs.slice(0, reach), targets.slice(0, reach), h).loss;
      const numeric = rowsOf(h0).map((_, i) => {
        const nudged = (e: number) => fromRows(rowsOf(h0).map(([v], j) => [j === i ? v + e : v]));
        return (lossFrom(nudged(1e-5)) - lossFrom(nudged(-1e-5))) / 2e-5;
      });
      expect(Math.abs(dhNorms[0] - Math.hypot(...numeric))).toBeLessThan(1e-8);
    });
  }
});

describe("gruStepForward", () => {
  it("keeps the old state where the update gate is shut open (z = 1) and takes the candidate where z = 0", () => {
    const params = initGruParams(4, 2, createRng(5), { scale: 0.3 });
    params.bz = fromRows([[40], [-40]]); // z ≈ [1, 0]
    const hPrev = fromRows([[0.5], [-0.25]]);
    const step = gruStepForward(params, oneHotColumn(2, 4), hPrev);
    expect(Math.abs(rowsOf(step.h)[0][0] - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(rowsOf(step.h)[1][0] - rowsOf(step.hTilde)[1][0])).toBeLessThan(1e-12);
  });
});

describe("initGruParams", () => {
  it("draws every weight from the seed with standard deviation 0.1 by default, sets bz to the update bias (0 by default) and the other biases to 0", () => {
    const a = initGruParams(7, 5, createRng(3)), b = initGruParams(7, 5, createRng(3));
    expect(maxAbsDiff(a.Whr, b.Whr)).toBe(0);
    for (const bias of [a.bz, a.br, a.bh]) expect(rowsOf(bias).flat()).toEqual([0, 0, 0, 0, 0]);
    const keeping = initGruParams(7, 5, createRng(3), { updateBias: 2 });
    expect(rowsOf(keeping.bz).flat()).toEqual([2, 2, 2, 2, 2]);
    expect(maxAbsDiff(keeping.Whz, a.Whz)).toBe(0); // the bias changes no weight
    expect(() => initGruParams(7, 5, createRng(3), { updateBias: NaN })).toThrow("updateBias must be a finite number, got NaN");
    expect([a.Wxz.size(), a.Whh.size(), a.Why.size(), a.by.size()]).toEqual([[5, 7], [5, 5], [7, 5], [7, 1]]);
    const std = Math.sqrt(rowsOf(initGruParams(40, 50, createRng(1)).Whz).flat().reduce((s, v) => s + v * v, 0) / 2500);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.005);
  });
});

describe("GRU bad input", () => {
  const params = initGruParams(5, 3, createRng(1));
  const h = zerosMatrix(3, 1);
  it("names both shapes when a parameter or the state does not fit", () => {
    expect(() => gruLossAndGradients({ ...params, Whr: zerosMatrix(3, 4) }, [1], [2], h)).toThrow("Whr is (3, 4) but expected (3, 3): Wxz is (3, 5)");
    expect(() => gruLossAndGradients({ ...params, by: zerosMatrix(4, 1) }, [1], [2], h)).toThrow("by is (4, 1) but expected (5, 1)");
    expect(() => gruLossAndGradients(params, [1], [2], zerosMatrix(2, 1))).toThrow("hPrev is (2, 1) but expected (3, 1)");
  });
  it("names the id out of range and its range, different lengths and the empty sequence", () => {
    expect(() => gruLossAndGradients(params, [1, -1], [2, 3], h)).toThrow("inputs[1] = -1 is out of range: expected an integer from 0 to 4 (vocabulary size 5)");
    expect(() => gruLossAndGradients(params, [1, 2], [2, 7], h)).toThrow("targets[1] = 7 is out of range");
    expect(() => gruLossAndGradients(params, [1], [2, 3], h)).toThrow("inputs and targets must have the same length, got 1 inputs and 2 targets");
    expect(() => gruLossAndGradients(params, [], [], h)).toThrow("The input sequence is empty");
  });
  it("reports a mask of the wrong length or with other entries than 0 and 1, a bad truncation and a NaN weight", () => {
    expect(() => gruLossAndGradients(params, [1, 2], [2, 3], h, { mask: [1, 1, 1] })).toThrow("The mask has 3 entries but there are 2 time steps");
    expect(() => gruLossAndGradients(params, [1, 2], [2, 3], h, { mask: [1, -1] })).toThrow("mask[1] = -1");
    expect(() => gruLossAndGradients(params, [1, 2], [2, 3], h, { truncate: 1.5 })).toThrow("truncate must be a whole number of steps >= 1, got 1.5");
    const broken = initGruParams(5, 3, createRng(1));
    rowsOf(broken.bz)[1][0] = Infinity;
    expect(() => gruLossAndGradients(broken, [1], [2], h)).toThrow("GRU parameter bz holds Infinity at (1, 0)");
  });
});

import { describe, expect, it } from "vitest";
import { createRng, gruBackward, gruForward, gruLossAndGradients, gruStepForward, initGruParams, oneHot, rowsOf, zerosMatrix, type GruParams } from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";
import { describeGatedCell } from "./suite";

describeGatedCell({
  name: "GRU",
  golden: "gru.json",
  names: ["Wxz", "Whz", "bz", "Wxr", "Whr", "br", "Wxh", "Whh", "bh", "Why", "by"],
  states: ["hLast"],
  init: (V, H, rng, scale) => initGruParams(V, H, rng, { scale }),
  lossAndGradients: (params, inputs, targets, h0, _c0, options) => gruLossAndGradients(params as GruParams, inputs, targets, h0, options),
  forward: (params, inputs, h0) => {
    const f = gruForward(params as GruParams, inputs, h0);
    return { states: (t) => [f.hs[t]], ys: f.ys, gates: f.steps.flatMap((s) => [s.z, s.r].flatMap((g) => rowsOf(g).map(([v]) => v))) };
  },
  dhNorms: (params, inputs, targets, h0, _c0, options) => gruBackward(params as GruParams, gruForward(params as GruParams, inputs, h0), targets, options).dhNorms,
});

describe("gruStepForward", () => {
  it("keeps the old state where the update gate is shut open (z = 1) and takes the candidate where z = 0", () => {
    const params = initGruParams(4, 2, createRng(5), { scale: 0.3 });
    params.bz = fromRows([[40], [-40]]); // z ≈ [1, 0]
    const hPrev = fromRows([[0.5], [-0.25]]);
    const step = gruStepForward(params, oneHot(2, 4), hPrev);
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

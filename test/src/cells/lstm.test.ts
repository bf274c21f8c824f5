import { describe, expect, it } from "vitest";
import { createRng, initLstmParams, lstmBackward, lstmForward, lstmLossAndGradients, rowsOf, zerosMatrix, type LstmParams } from "../../../src/index";
import { maxAbsDiff } from "../helpers";
import { describeGatedCell } from "./suite";

describeGatedCell({
  name: "LSTM",
  golden: "lstm.json",
  names: ["Wxi", "Whi", "bi", "Wxf", "Whf", "bf", "Wxo", "Who", "bo", "Wxc", "Whc", "bc", "Why", "by"],
  states: ["hLast", "cLast"],
  init: (V, H, rng, scale) => initLstmParams(V, H, rng, { scale }),
  lossAndGradients: (params, inputs, targets, h0, c0, options) => lstmLossAndGradients(params as LstmParams, inputs, targets, h0, c0, options),
  forward: (params, inputs, h0, c0) => {
    const f = lstmForward(params as LstmParams, inputs, h0, c0);
    return { states: (t) => [f.hs[t], f.cs[t]], ys: f.ys, gates: f.steps.flatMap((s) => [s.i, s.f, s.o].flatMap((g) => rowsOf(g).map(([v]) => v))) };
  },
  dhNorms: (params, inputs, targets, h0, c0, options) => lstmBackward(params as LstmParams, lstmForward(params as LstmParams, inputs, h0, c0), targets, options).dhNorms,
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

import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { cellForward, cellOutput, createRng, initOutput, initRecurrent, oneHot, outputProbabilities, recurrentBackward, recurrentForward, rowsOf, softmax, zeroRecurrentGradients } from "../../../src/index";

const column = (v: number[]) => matrix(v.map((x) => [x]), "dense", "number");
const flat = (m: ReturnType<typeof column>) => rowsOf(m).map((r) => r[0]);

describe("the recurrent layer is the cell of src/cell.ts run over a sequence", () => {
  const V = 7, H = 5, rng = createRng(3);
  const core = initRecurrent(V, H, rng, 0.8);
  const head = initOutput(4, H, rng, 0.8);
  const inputs = [1, 4, 6, 0, 2];

  it("gives every hidden state of cellForward to 1e-12", () => {
    const pass = recurrentForward(core, inputs, [0.1, -0.2, 0.3, 0, 0.5]);
    let h = column([0.1, -0.2, 0.3, 0, 0.5]);
    const params = { ...core, Why: head.Why, by: head.by };
    inputs.forEach((id, t) => {
      h = cellForward(params, oneHot(id, V), h);
      flat(h).forEach((v, i) => expect(Math.abs(v - pass.hs[t + 1][i])).toBeLessThan(1e-12));
      const p = flat(softmax(cellOutput(params, h)));
      outputProbabilities(head, pass.hs[t + 1]).forEach((v, k) => expect(Math.abs(v - p[k])).toBeLessThan(1e-12));
    });
  });

  it("names the expected and actual sizes of a wrong h0 and a wrong token id", () => {
    expect(() => recurrentForward(core, [1], [0, 0])).toThrow("h0 has 2 numbers but the hidden state has H = 5.");
    expect(() => recurrentForward(core, [7], undefined)).toThrow("inputs[0] = 7 is out of range: expected an integer from 0 to 6");
  });

  it("with no gradient from outside, passes none back", () => {
    const pass = recurrentForward(core, inputs);
    const { dh0, dhNorms } = recurrentBackward(core, pass, inputs.map(() => null), zeroRecurrentGradients(H, V));
    expect(dh0).toEqual([0, 0, 0, 0, 0]);
    expect(dhNorms).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => recurrentBackward(core, pass, [null], zeroRecurrentGradients(H, V))).toThrow("Got 1 output gradients for 5 time steps");
  });
});

// FastTrainer (src/fast/trainer.ts): training on typed storage gives the same weights, step by step, as the
// fast layer's gradients with clipByValue and adagrad on mathjs matrices; and it stops on a non-finite update.
import { describe, expect, it } from "vitest";
import {
  adagrad, cellParamNames, clipByValue, createRng, FastTrainer, randomMatrix, recurrentLossAndGradients, type CellKind, type NamedMatrices,
} from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";

function randomParams(kind: CellKind, V: number, H: number, seed: number): NamedMatrices {
  const rng = createRng(seed);
  const params: NamedMatrices = {};
  for (const name of cellParamNames(kind)) {
    const shape = name.startsWith("Wx") ? [H, V] : name.startsWith("Wh") ? [H, H] : [H, 1];
    params[name] = randomMatrix(shape[0], shape[1], 0.5, rng);
  }
  params.Why = randomMatrix(V, H, 0.5, rng);
  params.by = randomMatrix(V, 1, 0.5, rng);
  return params;
}
const copy = (params: NamedMatrices): NamedMatrices =>
  Object.fromEntries(Object.entries(params).map(([name, m]) => [name, fromRows((m.valueOf() as number[][]).map((row) => row.slice()))]));

describe("FastTrainer equals the layer + clipByValue + adagrad on mathjs, step by step, to 1e-12", () => {
  for (const kind of ["rnn", "lstm", "gru"] as const) {
    it(`${kind}: 6 steps on a batch of 3 with padding, truncated to 4, the state carried`, () => {
      const V = 7, H = 5, T = 6, B = 3;
      const start = randomParams(kind, V, H, 61);
      const reference = copy(start), trained = copy(start);
      const trainer = new FastTrainer(kind, trained, { learningRate: 0.3, clip: 0.5 }); // a small clip: clipping happens
      const optimizer = adagrad(0.3);
      const rng = createRng(62);
      const mask = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0]];
      let state: { h0?: ReturnType<typeof randomMatrix>; c0?: ReturnType<typeof randomMatrix> } = {};
      let fastState: typeof state = {};
      let clipped = 0;
      for (let step = 0; step < 6; step++) {
        const ids = () => Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
        const batch = { inputs: ids(), targets: ids(), mask };
        const r = recurrentLossAndGradients(kind, reference, batch, { ...state, truncate: 4 });
        clipped += Object.values(r.grads).flatMap((g) => (g.valueOf() as number[][]).flat()).filter((g) => Math.abs(g) > 0.5).length;
        clipByValue(r.grads, 0.5);
        optimizer.step(reference, r.grads);
        const f = trainer.step(batch, { ...fastState, truncate: 4 });
        expect(Math.abs(f.loss - r.loss)).toBeLessThan(1e-12 * r.loss);
        expect(maxAbsDiff(f.hLast, r.hLast)).toBeLessThan(1e-12);
        state = { h0: r.hLast, c0: r.cLast };
        fastState = { h0: f.hLast, c0: f.cLast };
      }
      expect(clipped).toBeGreaterThan(0);
      trainer.writeBack();
      for (const name of Object.keys(start)) {
        expect(maxAbsDiff(trained[name], reference[name]), name).toBeLessThan(1e-12);
        expect(maxAbsDiff(trained[name], start[name]), name).toBeGreaterThan(1e-3); // it trained
      }
    });
  }

  it("stops naming the step and the weight when an update is not finite, and refuses NaN weights", () => {
    const params = randomParams("gru", 5, 3, 63);
    const trainer = new FastTrainer("gru", params, { learningRate: Infinity });
    expect(() => trainer.step({ inputs: [[0, 1, 2]], targets: [[1, 2, 3]] })).toThrow(/^Training stopped at step 1: the update made Wxz \(0, 0\) -?Infinity/);
    (params.Whr.valueOf() as number[][])[1][2] = NaN;
    expect(() => new FastTrainer("gru", params)).toThrow("Parameter Whr has NaN at (1, 2)");
  });
});

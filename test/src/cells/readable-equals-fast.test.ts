// The readable LSTM and GRU (src/cells, mathjs, one call per equation) against the one fast layer
// (src/fast/layer.ts, typed arrays and WebAssembly SIMD): the same loss, gradients, states and gradient
// norms to 1e-12, with masks and truncation, one sequence at a time and as a padded batch.
import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  createRng,
  gruBackward,
  gruForward,
  gruLossAndGradients,
  initGruParams,
  initLstmParams,
  lstmBackward,
  lstmForward,
  lstmLossAndGradients,
  randomMatrix,
  recurrentLossAndGradients,
  rowsOf,
  sequenceLoss,
  type GruParams,
  type LstmParams,
} from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";

type Kind = "lstm" | "gru";
const NAMES: Record<Kind, string[]> = {
  lstm: ["Wxi", "Whi", "bi", "Wxf", "Whf", "bf", "Wxo", "Who", "bo", "Wxc", "Whc", "bc", "Why", "by"],
  gru: ["Wxz", "Whz", "bz", "Wxr", "Whr", "br", "Wxh", "Whh", "bh", "Why", "by"],
};

function randomParams(kind: Kind, V: number, H: number, seed: number): LstmParams | GruParams {
  const rng = createRng(seed);
  const params = kind === "lstm" ? initLstmParams(V, H, rng, { scale: 0.6 }) : initGruParams(V, H, rng, { scale: 0.6 });
  const set = params as unknown as { [name: string]: Matrix };
  for (const name of NAMES[kind].filter((n) => n.startsWith("b"))) set[name] = randomMatrix(set[name].size()[0], 1, 0.6, rng);
  return params;
}

/** The readable result of one sequence b: loss, per-step losses, gradients, last states, dhNorms. */
function readable(kind: Kind, params: LstmParams | GruParams, inputs: number[], targets: number[], h0: Matrix, c0: Matrix, truncate?: number, mask?: number[]) {
  if (kind === "lstm") {
    const p = params as LstmParams;
    const forward = lstmForward(p, inputs, h0, c0);
    const { grads, dhNorms } = lstmBackward(p, forward, targets, { truncate, mask });
    const contract = lstmLossAndGradients(p, inputs, targets, h0, c0, { truncate, mask });
    return { loss: contract.loss, perStep: sequenceLoss(forward.ys, targets, mask).perStep, grads: grads as unknown as { [n: string]: Matrix }, hLast: forward.hLast, cLast: forward.cLast, dhNorms };
  }
  const p = params as GruParams;
  const forward = gruForward(p, inputs, h0);
  const { grads, dhNorms } = gruBackward(p, forward, targets, { truncate, mask });
  const contract = gruLossAndGradients(p, inputs, targets, h0, { truncate, mask });
  return { loss: contract.loss, perStep: sequenceLoss(forward.ys, targets, mask).perStep, grads: grads as unknown as { [n: string]: Matrix }, hLast: forward.hLast, cLast: undefined, dhNorms };
}

const column = (m: Matrix, b: number): Matrix => fromRows(rowsOf(m).map((row) => [row[b]]));

const settings: [string, number | undefined, boolean][] = [
  ["full BPTT", undefined, false],
  ["masked", undefined, true],
  ["truncated to 3 steps", 3, false],
  ["truncated to 2 steps and masked", 2, true],
  ["truncated to 1 step and masked", 1, true],
];

for (const kind of ["lstm", "gru"] as const) {
  describe(`${kind}: readable (src/cells) equals fast (src/fast/layer.ts) to 1e-12`, () => {
    const V = 7, H = 5, T = 9;
    for (const [label, truncate, masked] of settings) {
      it(`one sequence, ${label}: loss, per-step losses, every gradient, hLast${kind === "lstm" ? ", cLast" : ""} and dhNorms`, () => {
        const rng = createRng(T * 10 + (truncate ?? 0));
        const params = randomParams(kind, V, H, 3 + (truncate ?? 0));
        const inputs = Array.from({ length: T }, () => rng.int(V)), targets = Array.from({ length: T }, () => rng.int(V));
        const mask = masked ? [1, 0, 1, 1, 1, 1, 0, 0, 0] : undefined;
        const h0 = randomMatrix(H, 1, 0.5, rng), c0 = randomMatrix(H, 1, 1, rng);
        const slow = readable(kind, params, inputs, targets, h0, c0, truncate, mask);
        const fast = recurrentLossAndGradients(kind, params, { inputs: [inputs], targets: [targets], mask: mask && [mask] }, { h0, c0: kind === "lstm" ? c0 : undefined, truncate });
        expect(Math.abs(fast.loss - slow.loss)).toBeLessThan(1e-12);
        fast.perStepLoss[0].forEach((l, t) => expect(Math.abs(l - slow.perStep[t]), `step ${t + 1}`).toBeLessThan(1e-12));
        for (const name of NAMES[kind]) expect(maxAbsDiff(fast.grads["d" + name], slow.grads["d" + name]), "d" + name).toBeLessThan(1e-12);
        expect(maxAbsDiff(fast.hLast, slow.hLast)).toBeLessThan(1e-12);
        if (kind === "lstm") expect(maxAbsDiff(fast.cLast!, slow.cLast!)).toBeLessThan(1e-12);
        expect(fast.dhNorms.length).toBe(T + 1);
        fast.dhNorms.forEach((n, t) => expect(Math.abs(n - slow.dhNorms[t]), `dhNorms[${t}]`).toBeLessThan(1e-12));
      });
    }

    for (const truncate of [undefined, 3]) {
      it(`a padded batch of 3 equals the 3 sequences alone, summed (${truncate ? `truncated to ${truncate}` : "full BPTT"})`, () => {
        const rng = createRng(77);
        const params = randomParams(kind, V, H, 11);
        const lengths = [T, 6, 4];
        const inputs = lengths.map(() => Array.from({ length: T }, () => rng.int(V)));
        const targets = lengths.map(() => Array.from({ length: T }, () => rng.int(V)));
        const mask = lengths.map((n) => Array.from({ length: T }, (_, t) => (t < n ? 1 : 0)));
        const h0 = randomMatrix(H, 3, 0.5, rng), c0 = randomMatrix(H, 3, 1, rng);
        const fast = recurrentLossAndGradients(kind, params, { inputs, targets, mask }, { h0, c0: kind === "lstm" ? c0 : undefined, truncate });
        const alone = lengths.map((n, b) => readable(kind, params, inputs[b].slice(0, n), targets[b].slice(0, n), column(h0, b), column(c0, b), truncate));
        expect(Math.abs(fast.loss - alone.reduce((s, r) => s + r.loss, 0))).toBeLessThan(1e-12);
        for (const name of NAMES[kind]) {
          const summed = alone.slice(1).reduce((s, r) => s.map((row, i) => row.map((v, j) => v + rowsOf(r.grads["d" + name])[i][j])), rowsOf(alone[0].grads["d" + name]));
          expect(maxAbsDiff(fast.grads["d" + name], fromRows(summed)), "d" + name).toBeLessThan(1e-12);
        }
        // the full-length sequence's last state is column 0 of hLast
        expect(maxAbsDiff(column(fast.hLast, 0), alone[0].hLast)).toBeLessThan(1e-12);
      });
    }
  });
}

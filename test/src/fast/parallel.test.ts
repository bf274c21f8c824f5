// Data parallelism (src/fast/parallel.ts): a batch split over two threads gives the loss, per-step losses,
// gradients, |dL/dh_t| and last states of the one-thread batch (to 1e-12 relative: only the order of the
// sums differs) and of its B sequences one at a time, for the three cells, full and truncated BPTT, with
// padding; the same bits on every run, whether the helper thread or this one computed its part.
import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { cellParamNames, createRng, randomMatrix, recurrentLossAndGradients, type CellKind, type NamedMatrices, type RecurrentResult } from "../../../src/index";
import { helperThreads } from "../../../src/fast/parallel";
import { fromRows } from "../helpers";

const KINDS: CellKind[] = ["rnn", "lstm", "gru"];
const V = 11, H = 6, T = 7, B = 5;

function randomParams(kind: CellKind, seed: number): NamedMatrices {
  const rng = createRng(seed);
  const params: NamedMatrices = {};
  for (const name of cellParamNames(kind)) params[name] = randomMatrix(H, name.startsWith("Wx") ? V : name.startsWith("Wh") ? H : 1, 0.6, rng);
  params.Why = randomMatrix(V, H, 0.6, rng);
  params.by = randomMatrix(V, 1, 0.6, rng);
  return params;
}

const rng = createRng(61);
const ids = () => Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
const inputs = ids(), targets = ids();
const mask = [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0]];
const h0 = randomMatrix(H, B, 0.5, rng), c0 = randomMatrix(H, B, 0.5, rng);
const rows = (m: Matrix) => m.valueOf() as number[][];
const column = (m: Matrix, b: number): Matrix => fromRows(rows(m).map((row) => [row[b]]));

function run(kind: CellKind, threads: number, truncate?: number): RecurrentResult {
  return recurrentLossAndGradients(kind, KIND_PARAMS[kind], { inputs, targets, mask }, { h0, c0: kind === "lstm" ? c0 : undefined, truncate, threads });
}
const KIND_PARAMS = Object.fromEntries(KINDS.map((kind, i) => [kind, randomParams(kind, 62 + i)])) as { [kind in CellKind]: NamedMatrices };

/** |a − b| ≤ 1e-12 · the largest |entry| of b, for every entry. */
function expectClose(a: number[][], b: number[][], what: string): void {
  const scale = Math.max(1e-300, ...b.flat().map(Math.abs));
  const worst = Math.max(...a.flat().map((x, i) => Math.abs(x - b.flat()[i])));
  expect(worst / scale, what).toBeLessThan(1e-12);
}

/** Steps with two threads until the helper is ready (it starts on the first call). */
async function helperReady(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (helperThreads().ready < 1 && Date.now() < deadline) {
    run("rnn", 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(helperThreads().ready, "a helper thread started").toBeGreaterThanOrEqual(1);
}

describe("a batch split over two threads", () => {
  it("gives the same bits whether this thread or the helper computed the second part", async () => {
    const before = run("lstm", 2); // the helper is starting: this thread computes both parts
    await helperReady();
    const after = run("lstm", 2);
    expect(after.loss).toBe(before.loss);
    for (const name of Object.keys(before.grads)) expect(rows(after.grads[name])).toEqual(rows(before.grads[name]));
    expect(rows(after.hLast)).toEqual(rows(before.hLast));
  });

  for (const kind of KINDS) {
    for (const truncate of [undefined, 3]) {
      it(`${kind}${truncate ? `, truncated to ${truncate}` : ""}: equals the one-thread batch and its sequences one at a time`, async () => {
        await helperReady();
        const split = run(kind, 2, truncate), one = run(kind, 1, truncate);
        expect(Math.abs(split.loss - one.loss)).toBeLessThan(1e-12 * one.loss);
        expectClose(split.perStepLoss, one.perStepLoss, "perStepLoss");
        expectClose([split.dhNorms], [one.dhNorms], "dhNorms");
        for (const name of Object.keys(one.grads)) expectClose(rows(split.grads[name]), rows(one.grads[name]), name);
        expectClose(rows(split.hLast), rows(one.hLast), "hLast");
        if (kind === "lstm") expectClose(rows(split.cLast!), rows(one.cLast!), "cLast");
        const sums: { [name: string]: number[][] } = {};
        for (let b = 0; b < B; b++) {
          const alone = recurrentLossAndGradients(kind, KIND_PARAMS[kind], { inputs: [inputs[b]], targets: [targets[b]], mask: [mask[b]] },
            { h0: column(h0, b), c0: kind === "lstm" ? column(c0, b) : undefined, truncate });
          expectClose([split.perStepLoss[b]], alone.perStepLoss, `perStepLoss of sequence ${b}`);
          expectClose(rows(column(split.hLast, b)), rows(alone.hLast), `hLast of sequence ${b}`);
          for (const [name, g] of Object.entries(alone.grads)) sums[name] = rows(g).map((row, i) => row.map((x, j) => x + (sums[name]?.[i][j] ?? 0)));
        }
        for (const name of Object.keys(sums)) expectClose(rows(split.grads[name]), sums[name], `${name} against the sequences`);
      });
    }
  }

  it("threads must be a whole number of at least 1", () => {
    expect(() => run("rnn", 0)).toThrow("threads must be a whole number >= 1, got 0.");
    expect(() => run("rnn", 1.5)).toThrow("threads must be a whole number >= 1, got 1.5.");
  });
});

// The fast recurrent layer (src/fast/layer.ts) for the three cells: the vanilla cell against the readable
// sequenceForward + bptt, LSTM and GRU against the readable cells of src/cells and numpy's golden values,
// all three by centred finite differences on every parameter, truncation against its definition (each
// step's loss from a state held constant k steps back), a batch against its sequences one at a time, and
// its error messages.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  bptt, cellParamNames, createRng, gruBackward, gruForward, gruLossAndGradients, layerBackward, layerForward, lossAndGradientsFast,
  lstmBackward, lstmForward, lstmLossAndGradients, randomMatrix, recurrentLossAndGradients, sequenceForward, sequenceLoss,
  type CellKind, type GruForward, type GruParams, type LstmForward, type LstmParams, type NamedMatrices, type RnnParams,
} from "../../../src/index";
import { goldenCases, matricesOf } from "../cells/helpers";
import { fromRows, maxAbsDiff } from "../helpers";

const KINDS: CellKind[] = ["rnn", "lstm", "gru"];

/** Seeded weights of a `kind` cell plus Why and by, all ~`scale`. */
function randomParams(kind: CellKind, V: number, H: number, scale: number, seed: number): NamedMatrices {
  const rng = createRng(seed);
  const params: NamedMatrices = {};
  for (const name of cellParamNames(kind)) {
    const shape = name.startsWith("Wx") ? [H, V] : name.startsWith("Wh") ? [H, H] : [H, 1];
    params[name] = randomMatrix(shape[0], shape[1], scale, rng);
  }
  params.Why = randomMatrix(V, H, scale, rng);
  params.by = randomMatrix(V, 1, scale, rng);
  return params;
}

function randomIds(B: number, T: number, V: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: B }, () => Array.from({ length: T }, () => rng.int(V)));
}

const column = (m: Matrix, b: number): Matrix => fromRows((m.valueOf() as number[][]).map((row) => [row[b]]));
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThan(tol * Math.max(1, Math.abs(b)));
const entries = (m: Matrix) => (m.valueOf() as number[][]).flat();
/** A matrix shaped like `m` with entry (i, j) = f(m[i][j], i, j). */
const mapLike = (m: Matrix, f: (v: number, i: number, j: number) => number): Matrix =>
  fromRows((m.valueOf() as number[][]).map((row, i) => row.map((v, j) => f(v, i, j))));

describe("rnn: the fast layer equals the readable sequenceForward + bptt to 1e-12", () => {
  const cases: [string, number | undefined, boolean][] = [
    ["full BPTT", undefined, false],
    ["truncated to 3 steps", 3, false],
    ["truncated to 1 step, with a mask", 1, true],
    ["full BPTT, with a mask", undefined, true],
    ["truncated to 5 steps, with a mask", 5, true],
  ];
  for (const [label, truncate, masked] of cases) {
    it(label, () => {
      const V = 9, H = 7, T = 11;
      const params = randomParams("rnn", V, H, 0.6, 5) as unknown as RnnParams;
      const [inputs] = randomIds(1, T, V, 1), [targets] = randomIds(1, T, V, 2);
      const mask = masked ? inputs.map((_, t) => (t % 3 === 1 || t === T - 1 ? 0 : 1)) : undefined;
      const h0 = randomMatrix(H, 1, 0.5, createRng(3));
      const forward = sequenceForward(params, inputs, h0);
      const slow = bptt(params, forward, targets, { truncate, mask });
      const perStep = sequenceLoss(forward.ys, targets).perStep.map((L, t) => (mask && mask[t] === 0 ? 0 : L));
      const fast = recurrentLossAndGradients("rnn", params as unknown as NamedMatrices, { inputs: [inputs], targets: [targets], mask: mask && [mask] }, { h0, truncate });
      close(fast.loss, perStep.reduce((s, L) => s + L, 0));
      fast.perStepLoss[0].forEach((L, t) => close(L, perStep[t]));
      for (const name of ["dWxh", "dWhh", "dWhy", "dbh", "dby"] as const) expect(maxAbsDiff(fast.grads[name], slow.grads[name]), name).toBeLessThan(1e-12);
      // Both index the states alike: dhNorms[t] at h_t, t = 0..T.
      expect(slow.dhNorms).toHaveLength(fast.dhNorms.length);
      slow.dhNorms.forEach((n, t) => close(fast.dhNorms[t], n));
      expect(maxAbsDiff(fast.hLast, forward.hLast)).toBeLessThan(1e-12);
    });
  }
});

describe("lossAndGradientsFast (the layer, kind rnn, B = 1) against numpy's min-char-rnn lossFun (test/golden/make_golden.py)", () => {
  const golden = JSON.parse(readFileSync(join(__dirname, "../../golden/min-char-rnn.json"), "utf8"));
  for (const c of golden.cases) {
    it(c.name, () => {
      const p = c.params;
      const params: RnnParams = { Wxh: fromRows(p.Wxh), Whh: fromRows(p.Whh), Why: fromRows(p.Why), bh: fromRows(p.bh), by: fromRows(p.by) };
      const r = lossAndGradientsFast(params, c.inputs, c.targets, fromRows(c.hPrev));
      expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-10);
      for (const name of ["dWxh", "dWhh", "dWhy", "dbh", "dby"] as const) expect(maxAbsDiff(r[name], fromRows(c.grads[name])), name).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.hLast, fromRows(c.hLast))).toBeLessThan(1e-10);
    });
  }
});

/** The largest relative error between `grads` and centred differences of `loss` over every entry of `params`. */
function worstFiniteDifference(params: NamedMatrices, grads: NamedMatrices, loss: () => number, eps = 1e-5): number {
  let worst = 0;
  for (const name of Object.keys(params)) {
    const rows = params[name].valueOf() as number[][], g = grads["d" + name].valueOf() as number[][];
    rows.forEach((row, i) =>
      row.forEach((x, j) => {
        row[j] = x + eps;
        const up = loss();
        row[j] = x - eps;
        const down = loss();
        row[j] = x;
        const numeric = (up - down) / (2 * eps);
        worst = Math.max(worst, Math.abs(numeric - g[i][j]) / Math.max(1e-6, Math.abs(numeric) + Math.abs(g[i][j])));
      }),
    );
  }
  return worst;
}

describe("every gradient by centred finite differences (float64, relative error < 1e-6)", () => {
  for (const kind of KINDS) {
    it(`${kind}: all parameters, a batch of 3 with padding, from given h0 (and c0)`, () => {
      const V = 6, H = 4, T = 5, B = 3;
      const params = randomParams(kind, V, H, 0.7, 11);
      const batch = { inputs: randomIds(B, T, V, 12), targets: randomIds(B, T, V, 13), mask: [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 1]] };
      const rng = createRng(14);
      const options = { h0: randomMatrix(H, B, 0.5, rng), c0: kind === "lstm" ? randomMatrix(H, B, 0.5, rng) : undefined };
      const r = recurrentLossAndGradients(kind, params, batch, options);
      expect(worstFiniteDifference(params, r.grads, () => recurrentLossAndGradients(kind, params, batch, options).loss)).toBeLessThan(1e-6);
    });

    it(`${kind}: layerForward + layerBackward, with dh0 (dc0) and a gradient given at the last state`, () => {
      const V = 5, H = 3, T = 4, B = 2;
      const params = randomParams(kind, V, H, 0.8, 21);
      delete params.Why;
      delete params.by;
      const inputs = randomIds(B, T, V, 22);
      const rng = createRng(23);
      const h0 = randomMatrix(H, B, 0.5, rng), c0 = kind === "lstm" ? randomMatrix(H, B, 0.5, rng) : undefined;
      // A loss that is not an output at every step: L = Σ_t ⟨a_t, h_t⟩ for t = 2 and 4 (+ ⟨e, c_T⟩ for lstm).
      const a = [null, randomMatrix(H, B, 1, rng), null, randomMatrix(H, B, 1, rng)];
      const e = randomMatrix(H, B, 1, rng);
      const dot = (x: Matrix, y: Matrix) => entries(x).reduce((s, v, i) => s + v * entries(y)[i], 0);
      const loss = (start: { h0: Matrix; c0?: Matrix }) => {
        const pass = layerForward(kind, params, inputs, start);
        return dot(pass.state(2), a[1]!) + dot(pass.state(4), a[3]!) + (kind === "lstm" ? dot(pass.cell(T), e) : 0);
      };
      const grads: NamedMatrices = {};
      for (const name of Object.keys(params)) grads["d" + name] = mapLike(params[name], () => 0);
      const pass = layerForward(kind, params, inputs, { h0, c0 });
      const back = layerBackward(pass, a, grads, { dcLast: kind === "lstm" ? e : undefined });
      expect(worstFiniteDifference(params, grads, () => loss({ h0, c0 }))).toBeLessThan(1e-6);
      const starts: NamedMatrices = { h0 };
      const dStarts: NamedMatrices = { dh0: back.dh0 };
      if (c0) {
        starts.c0 = c0;
        dStarts.dc0 = back.dc0!;
      }
      expect(worstFiniteDifference(starts, dStarts, () => loss({ h0, c0 }))).toBeLessThan(1e-6);
      close(back.dhNorms[0], dot(back.dh0, back.dh0) ** 0.5);
    });
  }
});

describe("truncate: k means the loss of step t flows back through steps t .. t-k+1 only (through h and c)", () => {
  for (const kind of KINDS) {
    for (const k of [1, 2, 4]) {
      it(`${kind}, k = ${k}: the sum over t of step t's loss run from the state at t - k, held constant`, () => {
        const V = 6, H = 4, T = 7, B = 2;
        const params = randomParams(kind, V, H, 0.7, 31);
        const inputs = randomIds(B, T, V, 32), targets = randomIds(B, T, V, 33);
        const mask = [[1, 1, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0]];
        const fast = recurrentLossAndGradients(kind, params, { inputs, targets, mask }, { truncate: k });
        const pass = layerForward(kind, params, inputs);
        const sums: NamedMatrices = {};
        for (let t = 1; t <= T; t++) {
          const from = Math.max(0, t - k); // the window: steps from + 1 .. t
          const window = (rows: number[][]) => rows.map((row) => row.slice(from, t));
          const only = mask.map((row) => row.slice(from, t).map((m, s) => (s === t - from - 1 ? m : 0)));
          const start = { h0: pass.state(from), c0: kind === "lstm" ? pass.cell(from) : undefined };
          const r = recurrentLossAndGradients(kind, params, { inputs: window(inputs), targets: window(targets), mask: only }, start);
          for (const [name, g] of Object.entries(r.grads)) sums[name] = sums[name] ? mapLike(sums[name], (v, i, j) => v + (g.valueOf() as number[][])[i][j]) : g;
        }
        for (const name of Object.keys(sums)) expect(maxAbsDiff(fast.grads[name], sums[name]), name).toBeLessThan(1e-12);
      });
    }
  }
});

describe("a batch of B equals its B sequences one at a time", () => {
  for (const kind of KINDS) {
    for (const truncate of [undefined, 3]) {
      it(`${kind}${truncate ? `, truncated to ${truncate}` : ""}: loss, per-step losses, gradients, dh norms, last states`, () => {
        const V = 7, H = 5, T = 6, B = 4;
        const params = randomParams(kind, V, H, 0.6, 41);
        const inputs = randomIds(B, T, V, 42), targets = randomIds(B, T, V, 43);
        const mask = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]; // padded at the end, and fully padded
        const rng = createRng(44);
        const h0 = randomMatrix(H, B, 0.5, rng), c0 = kind === "lstm" ? randomMatrix(H, B, 0.5, rng) : undefined;
        const all = recurrentLossAndGradients(kind, params, { inputs, targets, mask }, { h0, c0, truncate });
        let loss = 0;
        const grads: { [name: string]: number[] } = {}, norms2 = new Array<number>(T + 1).fill(0);
        for (let b = 0; b < B; b++) {
          const one = recurrentLossAndGradients(kind, params, { inputs: [inputs[b]], targets: [targets[b]], mask: [mask[b]] },
            { h0: column(h0, b), c0: c0 && column(c0, b), truncate });
          loss += one.loss;
          one.perStepLoss[0].forEach((L, t) => close(all.perStepLoss[b][t], L));
          for (const [name, g] of Object.entries(one.grads)) grads[name] = entries(g).map((v, i) => v + (grads[name]?.[i] ?? 0));
          one.dhNorms.forEach((n, t) => (norms2[t] += n * n));
          expect(maxAbsDiff(column(all.hLast, b), one.hLast)).toBeLessThan(1e-12);
          if (c0) expect(maxAbsDiff(column(all.cLast!, b), one.cLast!)).toBeLessThan(1e-12);
        }
        close(all.loss, loss);
        expect(all.perStepLoss[3]).toEqual([0, 0, 0, 0, 0, 0]);
        for (const [name, g] of Object.entries(all.grads)) entries(g).forEach((v, i) => close(v, grads[name][i]));
        norms2.forEach((n2, t) => close(all.dhNorms[t], Math.sqrt(n2)));
      });
    }
  }
});

describe("bad input gets a clear error", () => {
  const V = 5, H = 3;
  const params = randomParams("lstm", V, H, 0.5, 51);
  const batch = { inputs: [[1, 2, 3], [4, 0, 1]], targets: [[2, 3, 4], [0, 1, 2]] };

  it("a wrong shape names both shapes", () => {
    const bad = { ...params, Whf: randomMatrix(H, H + 1, 0.5, createRng(1)) };
    expect(() => recurrentLossAndGradients("lstm", bad, batch)).toThrow("Whf is (3, 4) but expected (3, 3)");
    expect(() => recurrentLossAndGradients("lstm", params, batch, { h0: randomMatrix(H, 1, 0.5, createRng(1)) })).toThrow("h0 is (3, 1) but expected (3, 2)");
    expect(() => recurrentLossAndGradients("lstm", { ...params, Why: randomMatrix(V, H + 2, 0.5, createRng(1)) }, batch)).toThrow("Why is (5, 5) but expected (5, 3)");
  });

  it("an id out of range names the id, where it is, and the range", () => {
    expect(() => recurrentLossAndGradients("lstm", params, { ...batch, inputs: [[1, 2, 3], [4, 9, 1]] })).toThrow(
      "inputs[1][1] = 9 is out of range: expected an integer from 0 to 4 (vocabulary size 5)",
    );
    expect(() => recurrentLossAndGradients("lstm", params, { ...batch, targets: [[2, -1, 4], [0, 1, 2]] })).toThrow("targets[0][1] = -1 is out of range");
  });

  it("a mask that does not match the batch", () => {
    expect(() => recurrentLossAndGradients("lstm", params, { ...batch, mask: [[1, 1, 1], [1, 1]] })).toThrow("mask[1] has 2 entries but the sequences have 3 steps");
    expect(() => recurrentLossAndGradients("lstm", params, { ...batch, mask: [[1, 1, 1]] })).toThrow("mask has 1 rows but the batch has 2 sequences");
    expect(() => recurrentLossAndGradients("lstm", params, { ...batch, mask: [[1, 1, 1], [1, 0.5, 1]] })).toThrow("mask[1][1] = 0.5");
  });

  it("an empty batch, an empty or ragged sequence, targets of another shape", () => {
    expect(() => recurrentLossAndGradients("lstm", params, { inputs: [], targets: [] })).toThrow("The batch is empty");
    expect(() => layerForward("gru", randomParams("gru", V, H, 0.5, 1), [])).toThrow("The batch is empty");
    expect(() => recurrentLossAndGradients("lstm", params, { inputs: [[]], targets: [[]] })).toThrow("inputs[0] is empty");
    expect(() => recurrentLossAndGradients("lstm", params, { inputs: [[1, 2], [3]], targets: [[1, 2], [3]] })).toThrow("inputs[1] has 1 steps but inputs[0] has 2");
    expect(() => recurrentLossAndGradients("lstm", params, { inputs: batch.inputs, targets: [[1, 2, 3]] })).toThrow("targets is (1, 3) but inputs is (2, 3)");
  });

  it("a NaN in a parameter is named with its place", () => {
    const bad = randomParams("gru", V, H, 0.5, 52);
    (bad.Whr.valueOf() as number[][])[2][1] = NaN;
    expect(() => recurrentLossAndGradients("gru", bad, batch)).toThrow("Parameter Whr has NaN at (2, 1)");
    const badBy = randomParams("rnn", V, H, 0.5, 53);
    (badBy.by.valueOf() as number[][])[4][0] = Infinity;
    expect(() => recurrentLossAndGradients("rnn", badBy, batch)).toThrow("Parameter by has Infinity at (4, 0)");
  });

  it("a missing parameter, an unknown kind, a bad truncate, a wrong dhOut", () => {
    const { Wxo: _dropped, ...missing } = params;
    expect(() => recurrentLossAndGradients("lstm", missing, batch)).toThrow("The lstm cell needs parameter Wxo");
    expect(() => recurrentLossAndGradients("tanh" as CellKind, params, batch)).toThrow('Unknown cell kind "tanh"');
    expect(() => recurrentLossAndGradients("lstm", params, batch, { truncate: 0 })).toThrow("truncate must be a whole number of steps >= 1, got 0");
    const pass = layerForward("lstm", params, batch.inputs);
    expect(() => layerBackward(pass, [null, null], {})).toThrow("dhOut has 2 entries but the pass has 3 steps");
    expect(() => layerBackward(pass, [null, null, randomMatrix(H, 1, 1, createRng(1))], {})).toThrow("dhOut[2] is (3, 1) but expected (3, 2)");
    expect(() => pass.state(4)).toThrow("step 4 is out of range: the pass has states 0 to 3");
  });
});

describe("lstm and gru: the fast layer equals the readable cells (src/cells) to 1e-12, and numpy (test/golden) to 1e-10", () => {
  const LSTM = ["Wxi", "Whi", "bi", "Wxf", "Whf", "bf", "Wxo", "Who", "bo", "Wxc", "Whc", "bc", "Why", "by"];
  const GRU = ["Wxz", "Whz", "bz", "Wxr", "Whr", "br", "Wxh", "Whh", "bh", "Why", "by"];
  for (const kind of ["lstm", "gru"] as const) {
    const names = kind === "lstm" ? LSTM : GRU;
    for (const c of goldenCases(`${kind}.json`)) {
      it(`${kind}: ${c.name}`, () => {
        const params = matricesOf(c.params);
        const options = { truncate: c.truncate ?? undefined, mask: c.mask ?? undefined };
        const h0 = fromRows(c.hPrev), c0 = c.cPrev ? fromRows(c.cPrev) : undefined;
        const fast = recurrentLossAndGradients(kind, params, { inputs: [c.inputs], targets: [c.targets], mask: options.mask && [options.mask] }, { h0, c0, truncate: options.truncate });
        const readable = (
          kind === "lstm"
            ? lstmLossAndGradients(params as LstmParams, c.inputs, c.targets, h0, c0!, options)
            : gruLossAndGradients(params as GruParams, c.inputs, c.targets, h0, options)
        ) as unknown as { [name: string]: Matrix | number };
        close(fast.loss, readable.loss as number);
        expect(Math.abs(fast.loss - c.loss)).toBeLessThan(1e-10);
        for (const name of names) {
          expect(maxAbsDiff(fast.grads["d" + name], readable["d" + name] as Matrix), "d" + name).toBeLessThan(1e-12);
          expect(maxAbsDiff(fast.grads["d" + name], fromRows(c.grads["d" + name])), "d" + name).toBeLessThan(1e-10);
        }
        expect(maxAbsDiff(fast.hLast, readable.hLast as Matrix)).toBeLessThan(1e-12);
        expect(maxAbsDiff(fast.hLast, fromRows(c.hLast))).toBeLessThan(1e-10);
        if (kind === "lstm") expect(maxAbsDiff(fast.cLast!, readable.cLast as Matrix)).toBeLessThan(1e-12);
        // The readable backward's dhNorms use the same convention: t = 0 is h_0.
        const forward = kind === "lstm" ? lstmForward(params as LstmParams, c.inputs, h0, c0!) : gruForward(params as GruParams, c.inputs, h0);
        const back = kind === "lstm" ? lstmBackward(params as LstmParams, forward as LstmForward, c.targets, options) : gruBackward(params as GruParams, forward as GruForward, c.targets, options);
        back.dhNorms.forEach((n, t) => close(fast.dhNorms[t], n));
      });
    }
  }
});

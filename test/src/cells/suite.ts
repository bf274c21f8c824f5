// The checks every gated cell gets, written once for the LSTM and the GRU (lstm.test.ts, gru.test.ts):
// numpy's golden values, every parameter by centred differences (with a mask, saturated, T 1, H 1),
// truncation by differences of the cut graph, padding, and dhNorms[0] by differences on h_0.
import type { Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { createRng, gradientCheck, rowsOf, type MatrixSet, type Rng, type ThroughTimeOptions } from "../../../src/index";
import { fromRows, maxAbsDiff } from "../helpers";
import { goldenCases, matricesOf, randomGatedProblem, truncatedGraphLoss } from "./helpers";

/** A cell as the suite sees it; `c0` is ignored by a cell without a cell state (the GRU). */
export interface GatedCellUnderTest {
  name: "LSTM" | "GRU";
  golden: "lstm.json" | "gru.json";
  /** Its parameter names, the output's included, in the contract's order. */
  names: string[];
  /** The fields of its result, besides loss and the gradients. */
  states: string[];
  init(V: number, H: number, rng: Rng, scale: number): MatrixSet;
  /** The contract's function: { loss, d + every name, the states }. */
  lossAndGradients(params: MatrixSet, inputs: number[], targets: number[], h0: Matrix, c0: Matrix, options?: ThroughTimeOptions): object;
  /** The states after each step t = 0..T (t = 0 the start): [h_t] or [h_t, c_t]; the scores; the gate values. */
  forward(params: MatrixSet, inputs: number[], h0: Matrix, c0: Matrix): { states: (t: number) => Matrix[]; ys: Matrix[]; gates: number[] };
  dhNorms(params: MatrixSet, inputs: number[], targets: number[], h0: Matrix, c0: Matrix, options?: ThroughTimeOptions): number[];
}

type Result = { loss: number } & { [field: string]: Matrix | number };
const gradient = (r: Result, name: string) => r["d" + name] as Matrix;

/** Weights of standard deviation `scale`, and random (not zero) biases, so that every bias gradient counts. */
function randomParams(cell: GatedCellUnderTest, V: number, H: number, scale: number, seed: number): MatrixSet {
  const rng = createRng(seed);
  const params = cell.init(V, H, rng, scale);
  for (const b of cell.names.filter((n) => n.startsWith("b"))) params[b] = fromRows(rowsOf(params[b]).map(() => [rng.normal() * scale]));
  return params;
}

export function describeGatedCell(cell: GatedCellUnderTest): void {
  const { name, names } = cell;
  const run = (...args: Parameters<GatedCellUnderTest["lossAndGradients"]>) => cell.lossAndGradients(...args) as Result;
  const gates = (names.length - 2) / 3; // each with Wx, Wh, b; then Why, by
  const paramCount = (V: number, H: number) => gates * (H * V + H * H + H) + V * H + V;

  describe(`${name} against numpy (test/golden/make_golden.py)`, () => {
    for (const c of goldenCases(cell.golden)) {
      it(`matches the loss, all ${names.length} gradients and ${cell.states.join(", ")} to 1e-10: ${c.name}`, () => {
        const options = { truncate: c.truncate ?? undefined, mask: c.mask ?? undefined };
        const c0 = fromRows(c.cPrev ?? c.hPrev);
        const r = run(matricesOf(c.params), c.inputs, c.targets, fromRows(c.hPrev), c0, options);
        expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-10);
        for (const n of names) expect(maxAbsDiff(gradient(r, n), fromRows(c.grads["d" + n])), "d" + n).toBeLessThan(1e-10);
        for (const state of cell.states) expect(maxAbsDiff(r[state] as Matrix, fromRows((c as unknown as { [k: string]: number[][] })[state])), state).toBeLessThan(1e-10);
      });
    }

    it("returns exactly the fields of the contract", () => {
      const c = goldenCases(cell.golden)[1];
      const r = run(matricesOf(c.params), c.inputs, c.targets, fromRows(c.hPrev), fromRows(c.cPrev ?? c.hPrev));
      expect(Object.keys(r).sort()).toEqual(["loss", ...names.map((n) => "d" + n), ...cell.states].sort());
    });
  });

  describe(`${name} gradient check of every parameter (centred differences in float64, relative error < 1e-6)`, () => {
    const shapes: [string, number, number, number, number, number[] | undefined][] = [
      ["V 5, H 4, T 6", 5, 4, 6, 0.5, undefined],
      ["one time step: T 1", 5, 3, 1, 0.5, undefined],
      ["one hidden unit: H 1", 5, 1, 6, 0.8, undefined],
      ["saturated gates (weights ~3)", 5, 3, 5, 3.0, undefined],
      ["masked: steps 3 and 6-7 dropped", 5, 3, 7, 0.5, [1, 1, 0, 1, 1, 0, 0]],
    ];
    for (const [label, V, H, T, scale, mask] of shapes) {
      it(label, () => {
        const params = randomParams(cell, V, H, scale, V * 100 + H + T);
        const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, T, V + H + T);
        const r = run(params, inputs, targets, h0, c0, { mask });
        if (scale >= 3) {
          const gateValues = cell.forward(params, inputs, h0, c0).gates;
          expect(gateValues.filter((g) => g < 0.02 || g > 0.98).length).toBeGreaterThan(gateValues.length / 4); // really saturated
        }
        // Saturated gates leave gradients of 1e-7 and less, and a loss whose round-off (1e-12 after dividing
        // by ε) is 1e-5 of them: below 1e-5 such gradients are compared in absolute terms.
        const floor = scale >= 3 ? 1e-5 : undefined;
        const report = gradientCheck(params, r, () => run(params, inputs, targets, h0, c0, { mask }).loss, { floor });
        expect(report.rows.length).toBe(paramCount(V, H)); // every coordinate
        for (const n of names) expect(report.maxByParam[n], n).toBeLessThan(1e-6);
      });
    }
  });

  describe(`${name} truncated BPTT: the gradient of the graph cut k steps back, by finite differences`, () => {
    const cases: [string, number, number[] | undefined][] = [
      ["truncate 1", 1, undefined],
      ["truncate 3", 3, undefined],
      ["truncate 2 with a mask", 2, [0, 1, 1, 0, 1, 1, 0]],
    ];
    for (const [label, k, mask] of cases) {
      it(label, () => {
        const V = 5, H = 3;
        const params = randomParams(cell, V, H, 0.7, 40 + k);
        const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, 7, 50 + k);
        const r = run(params, inputs, targets, h0, c0, { truncate: k, mask });
        const full = cell.forward(params, inputs, h0, c0);
        const loss = truncatedGraphLoss(full.states, (ids, [h, c]) => cell.forward(params, ids, h, c ?? c0).ys, inputs, targets, k, mask);
        expect(Math.abs(loss() - r.loss)).toBeLessThan(1e-12); // the same loss: truncation only cuts gradients
        const report = gradientCheck(params, r, loss);
        for (const n of names) expect(report.maxByParam[n], n).toBeLessThan(1e-6);
        const untruncated = run(params, inputs, targets, h0, c0, { mask });
        expect(maxAbsDiff(gradient(r, names[1]), gradient(untruncated, names[1]))).toBeGreaterThan(1e-4); // and it really cut something
      });
    }
  });

  describe(`${name} masks, padding and dhNorms`, () => {
    it("a sequence padded at its end with mask 0 gives the gradients and loss of the sequence alone", () => {
      const V = 6, H = 4;
      const params = randomParams(cell, V, H, 0.5, 7);
      const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, 8, 8);
      const alone = run(params, inputs.slice(0, 5), targets.slice(0, 5), h0, c0);
      const padded = run(params, [...inputs.slice(0, 5), 0, 0, 0], [...targets.slice(0, 5), 0, 0, 0], h0, c0, { mask: [1, 1, 1, 1, 1, 0, 0, 0] });
      expect(Math.abs(alone.loss - padded.loss)).toBeLessThan(1e-12);
      for (const n of names) expect(maxAbsDiff(gradient(alone, n), gradient(padded, n)), n).toBeLessThan(1e-12);
    });

    for (const truncate of [undefined, 2]) {
      it(`dhNorms[0] is |dL/dh_0| by finite differences on h_0 (${truncate ? `truncate ${truncate}: only the losses of steps 1..${truncate} reach h_0` : "full BPTT"})`, () => {
        const V = 5, H = 3, T = 6;
        const params = randomParams(cell, V, H, 0.7, 3);
        const { inputs, targets, h0, c0 } = randomGatedProblem(V, H, T, 4);
        const dhNorms = cell.dhNorms(params, inputs, targets, h0, c0, { truncate });
        expect(dhNorms.length).toBe(T + 1);
        const reach = truncate ?? T;
        const lossFrom = (h: Matrix): number => run(params, inputs.slice(0, reach), targets.slice(0, reach), h, c0).loss;
        const numeric = rowsOf(h0).map((_, i) => {
          const nudged = (e: number) => fromRows(rowsOf(h0).map(([v], j) => [j === i ? v + e : v]));
          return (lossFrom(nudged(1e-5)) - lossFrom(nudged(-1e-5))) / 2e-5;
        });
        expect(Math.abs(dhNorms[0] - Math.hypot(...numeric))).toBeLessThan(1e-8);
      });
    }
  });
}

// Article 08's memory sweep: src/memory/memory-sweep-results.ts (written by scripts/memory-sweep.ts) agrees
// with reruns of some of its entries, and holds what the article's prose says about it.
import { describe, expect, it } from "vitest";
import {
  MEMORY_SWEEP_LENGTHS, MEMORY_SWEEP_SEEDS, MEMORY_TRIAL_BUDGETS, MEMORY_TRIAL_LENGTHS, MEMORY_TRIAL_SEEDS, memorySweepOptions, memorySweepRun,
} from "../../../src/memory/memory-sweep";
import { MEMORY_SWEEP_RESULTS, MEMORY_TRIAL_RESULTS } from "../../../src/memory/memory-sweep-results";
import type { CellKind } from "../../../src/fast/layer";

const kinds: CellKind[] = ["rnn", "lstm", "gru"];
const at = (kind: CellKind, length: number, seed: number) => MEMORY_SWEEP_RESULTS[kind][MEMORY_SWEEP_LENGTHS.indexOf(length)][MEMORY_SWEEP_SEEDS.indexOf(seed)];
const trialAt = (budget: number, kind: CellKind, length: number, seed: number) =>
  MEMORY_TRIAL_RESULTS[budget][kind][MEMORY_TRIAL_LENGTHS.indexOf(length)][MEMORY_TRIAL_SEEDS.indexOf(seed)];
const learnt = (accuracies: number[]) => accuracies.filter((a) => a >= 0.9).length;

describe("the memory sweep's committed results", () => {
  it("has every cell, length and seed, for the sweep and for each trial budget", () => {
    for (const kind of kinds) {
      expect(MEMORY_SWEEP_RESULTS[kind].map((row) => row.length)).toEqual(MEMORY_SWEEP_LENGTHS.map(() => MEMORY_SWEEP_SEEDS.length));
      expect(MEMORY_TRIAL_RESULTS.map((trial) => trial[kind].map((row) => row.length))).toEqual(MEMORY_TRIAL_BUDGETS.map(() => MEMORY_TRIAL_LENGTHS.map(() => MEMORY_TRIAL_SEEDS.length)));
    }
    expect(MEMORY_SWEEP_LENGTHS[0]).toBe(2);
    expect(MEMORY_SWEEP_LENGTHS[MEMORY_SWEEP_LENGTHS.length - 1]).toBe(100);
    expect(MEMORY_SWEEP_SEEDS).toHaveLength(5);
  });

  it("gives the gate bias to the cell that has that gate, and the same training to every cell", () => {
    expect(memorySweepOptions("lstm", 1)).toMatchObject({ forgetBias: 3, trainCount: 1000, epochs: 10, batchSize: 10, hiddenSize: 16 });
    expect(memorySweepOptions("gru", 1)).toMatchObject({ updateBias: 3, trainCount: 1000, epochs: 10, batchSize: 10, hiddenSize: 16 });
    expect(memorySweepOptions("rnn", 1)).not.toHaveProperty("forgetBias");
    expect(memorySweepOptions("rnn", 1)).not.toHaveProperty("updateBias");
    expect(memorySweepOptions("lstm", 1, MEMORY_TRIAL_BUDGETS[0])).not.toHaveProperty("forgetBias");
  });

  // A success and a failure of each cell, rerun: the file is what the script computes (runs are deterministic).
  it.each([
    ["rnn", 35, 2],
    ["rnn", 75, 4],
    ["lstm", 35, 1],
    ["lstm", 100, 2],
    ["gru", 50, 3],
  ] as [CellKind, number, number][])("%s at length %i, seed %i, rerun, equals the file", { timeout: 120_000 }, (kind, length, seed) => {
    expect(memorySweepRun(kind, length, seed)).toBe(at(kind, length, seed));
  });

  it.each([
    [0, "lstm", 50, 1],
    [2, "gru", 50, 1],
  ] as [number, CellKind, number, number][])("trial budget %i, %s at length %i, seed %i, rerun, equals the file", { timeout: 120_000 }, (budget, kind, length, seed) => {
    expect(memorySweepRun(kind, length, seed, MEMORY_TRIAL_BUDGETS[budget])).toBe(trialAt(budget, kind, length, seed));
  });

  it("says what article 08's prose says", () => {
    const successes = (kind: CellKind) => MEMORY_SWEEP_RESULTS[kind].map(learnt);
    expect(successes("rnn")).toEqual([5, 5, 5, 5, 3, 2, 2, 0]);
    expect(successes("lstm")).toEqual([5, 5, 5, 5, 5, 5, 5, 4]);
    expect(successes("gru")).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
    expect(at("lstm", 100, 2)).toBeLessThanOrEqual(0.55);
    const rnnFailures = MEMORY_SWEEP_RESULTS.rnn.flat().filter((a) => a < 0.9);
    expect(Math.min(...rnnFailures)).toBeGreaterThanOrEqual(0.48);
    expect(Math.max(...rnnFailures)).toBeLessThanOrEqual(0.55);
    expect([1, 4].map((seed) => at("rnn", 75, seed))).toEqual([1, 1]);
    // The trials at lengths 50 and 100, seeds 1-3: seeds learnt per budget.
    const trial = (budget: number, kind: CellKind) => MEMORY_TRIAL_RESULTS[budget][kind].map(learnt);
    expect([0, 1, 2].map((b) => trial(b, "lstm"))).toEqual([[0, 0], [3, 0], [1, 0]]);
    expect([0, 1, 2].map((b) => trial(b, "gru"))).toEqual([[1, 0], [3, 3], [0, 0]]);
    expect([0, 1, 2].map((b) => trial(b, "rnn"))).toEqual([[2, 1], [2, 1], [2, 0]]);
    expect(MEMORY_TRIAL_RESULTS[1].rnn).toEqual(MEMORY_TRIAL_RESULTS[0].rnn); // no gate: the gate bias changes nothing
  });
});

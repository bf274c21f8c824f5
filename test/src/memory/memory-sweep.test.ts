// Article 08's memory sweep: src/memory/memory-sweep-results.ts (written by scripts/memory-sweep.ts) agrees
// with reruns of some of its entries, and holds what the article's prose says about it.
import { describe, expect, it } from "vitest";
import { MEMORY_SWEEP_LENGTHS, MEMORY_SWEEP_SEEDS, memorySweepRun } from "../../../src/memory/memory-sweep";
import { MEMORY_SWEEP_RESULTS } from "../../../src/memory/memory-sweep-results";
import type { CellKind } from "../../../src/fast/layer";

const at = (kind: CellKind, length: number, seed: number) => MEMORY_SWEEP_RESULTS[kind][MEMORY_SWEEP_LENGTHS.indexOf(length)][MEMORY_SWEEP_SEEDS.indexOf(seed)];

describe("the memory sweep's committed results", () => {
  it("has every cell, length and seed", () => {
    for (const kind of ["rnn", "lstm", "gru"]) {
      expect(MEMORY_SWEEP_RESULTS[kind].map((row) => row.length)).toEqual(MEMORY_SWEEP_LENGTHS.map(() => MEMORY_SWEEP_SEEDS.length));
    }
    expect(MEMORY_SWEEP_LENGTHS[0]).toBe(2);
    expect(MEMORY_SWEEP_LENGTHS[MEMORY_SWEEP_LENGTHS.length - 1]).toBe(100);
  });

  // A success and a failure of each cell, rerun: the file is what the script computes (runs are deterministic).
  it.each([
    ["rnn", 35, 3],
    ["rnn", 50, 2],
    ["lstm", 35, 1],
    ["gru", 50, 2],
    ["gru", 35, 1],
  ] as [CellKind, number, number][])("%s at length %i, seed %i, rerun, equals the file", { timeout: 120_000 }, (kind, length, seed) => {
    expect(memorySweepRun(kind, length, seed)).toBe(at(kind, length, seed));
  });

  it("says what article 08's prose says", () => {
    const successes = (kind: CellKind, length: number) => MEMORY_SWEEP_RESULTS[kind][MEMORY_SWEEP_LENGTHS.indexOf(length)].filter((a) => a >= 0.9).length;
    for (const kind of ["rnn", "lstm", "gru"] as CellKind[]) for (const length of [2, 5, 10, 20]) expect(successes(kind, length)).toBe(3);
    const lstmLong = MEMORY_SWEEP_LENGTHS.filter((l) => l >= 35).flatMap((l) => MEMORY_SWEEP_RESULTS.lstm[MEMORY_SWEEP_LENGTHS.indexOf(l)]);
    expect(Math.min(...lstmLong)).toBeGreaterThanOrEqual(0.43);
    expect(Math.max(...lstmLong)).toBeLessThanOrEqual(0.55);
    const gruLong = MEMORY_SWEEP_LENGTHS.filter((l) => l >= 35).flatMap((l) => MEMORY_SWEEP_RESULTS.gru[MEMORY_SWEEP_LENGTHS.indexOf(l)]);
    expect(gruLong.filter((a) => a >= 0.9)).toEqual([at("gru", 50, 2)]);
    expect(Math.min(...gruLong.filter((a) => a < 0.9))).toBeGreaterThanOrEqual(0.46);
    expect(Math.max(...gruLong.filter((a) => a < 0.9))).toBeLessThanOrEqual(0.7);
    expect([35, 50, 75, 100].map((l) => successes("rnn", l))).toEqual([2, 2, 2, 1]);
  });
});

/**
 * The training of article 08's memory sweep: one budget for every cell and length (Adam, lr 0.01,
 * minibatches of 10 through the fast layer, 20 epochs over 300 sequences, H = 16; the LSTM's forget bias is
 * initModelParams' default). scripts/memory-sweep.ts runs every length and seed; the article reruns a few.
 *
 * @example
 *   memorySweepRun("gru", 20, 1);   // the held-out accuracy, 1 on this seed
 */
import type { CellKind } from "../fast/layer";
import { adam } from "../training/optimizers";
import { memoryRun, type MemoryOptions } from "./memory-experiment";

export const MEMORY_SWEEP_LENGTHS = [2, 5, 10, 20, 35, 50, 75, 100];
export const MEMORY_SWEEP_SEEDS = [1, 2, 3];

export function memorySweepOptions(kind: CellKind, seed: number): MemoryOptions {
  return { seed, kind, hiddenSize: 16, epochs: 20, batchSize: 10, optimizer: () => adam(0.01) };
}

/** Held-out accuracy of one run of the sweep. */
export function memorySweepRun(kind: CellKind, length: number, seed: number): number {
  return memoryRun(length, memorySweepOptions(kind, seed)).accuracy;
}

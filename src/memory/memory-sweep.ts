/**
 * The training of article 08's memory sweep. A budget is one optimizer, data size and number of epochs for
 * every cell and length (Adam, minibatches of 10 through the fast layer, H = 16), and the bias of the gate
 * that keeps the state, for the cells that have one (the LSTM's bf, the GRU's bz; the vanilla RNN has none).
 * `MEMORY_SWEEP_BUDGET` is the article's: Adam 0.003, 10 epochs over 1000 sequences, both gate biases at 3
 * (σ(3) ≈ 0.95; section 2 measured that more than a tenth of the gradient then reaches 40 steps back).
 * `MEMORY_TRIAL_BUDGETS` are the budgets it was compared with at the long lengths.
 * scripts/memory-sweep.ts runs every budget, length and seed; the article reruns a few.
 *
 * @example
 *   memorySweepRun("gru", 20, 1);                                // the held-out accuracy, 1 on this seed
 *   memorySweepRun("lstm", 50, 1, MEMORY_TRIAL_BUDGETS[0]);      // 0.46: the first budget, at chance
 */
import type { CellKind } from "../fast/layer";
import { adam } from "../training/optimizers";
import { memoryRun, type MemoryOptions } from "./memory-experiment";

export interface MemoryBudget {
  name: string;
  learningRate: number; // Adam's
  trainCount: number; // training sequences
  epochs: number;
  gateBias?: number; // bf (lstm) and bz (gru); the cells' defaults (1 and 0) when absent
}

export const MEMORY_SWEEP_LENGTHS = [2, 5, 10, 20, 35, 50, 75, 100];
export const MEMORY_SWEEP_SEEDS = [1, 2, 3, 4, 5];
export const MEMORY_SWEEP_BUDGET: MemoryBudget = { name: "Adam 0.003, 1000 sequences × 10 epochs, gate biases 3", learningRate: 0.003, trainCount: 1000, epochs: 10, gateBias: 3 };

export const MEMORY_TRIAL_LENGTHS = [50, 100];
export const MEMORY_TRIAL_SEEDS = [1, 2, 3];
export const MEMORY_TRIAL_BUDGETS: MemoryBudget[] = [
  { name: "Adam 0.01, 300 sequences × 20 epochs, default gates (the first budget)", learningRate: 0.01, trainCount: 300, epochs: 20 },
  { name: "Adam 0.01, 300 sequences × 20 epochs, gate biases 3", learningRate: 0.01, trainCount: 300, epochs: 20, gateBias: 3 },
  { name: "Adam 0.003, 1000 sequences × 10 epochs, default gates", learningRate: 0.003, trainCount: 1000, epochs: 10 },
];

export function memorySweepOptions(kind: CellKind, seed: number, budget: MemoryBudget = MEMORY_SWEEP_BUDGET): MemoryOptions {
  const bias = budget.gateBias;
  const gate = bias === undefined ? {} : kind === "lstm" ? { forgetBias: bias } : kind === "gru" ? { updateBias: bias } : {};
  const learningRate = budget.learningRate;
  return { seed, kind, hiddenSize: 16, trainCount: budget.trainCount, epochs: budget.epochs, batchSize: 10, optimizer: () => adam(learningRate), ...gate };
}

/** Held-out accuracy of one run. */
export function memorySweepRun(kind: CellKind, length: number, seed: number, budget: MemoryBudget = MEMORY_SWEEP_BUDGET): number {
  return memoryRun(length, memorySweepOptions(kind, seed, budget)).accuracy;
}

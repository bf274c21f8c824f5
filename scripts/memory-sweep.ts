/**
 * The memory sweep of article 08, section 3: the first-token task (src/memory/first-token-task.ts) at
 * lengths 2 to 100, seeds 1 to 5, for the RNN, the LSTM and the GRU, with `MEMORY_SWEEP_BUDGET`; then the
 * trial budgets `MEMORY_TRIAL_BUDGETS` at lengths 50 and 100, seeds 1 to 3 (src/memory/memory-sweep.ts).
 * Deterministic (every run is seeded); it writes src/memory/memory-sweep-results.ts, which the article
 * charts, and prints the CPU time it took. Too long for the notebook's budget (minutes), so the article
 * reruns a small subset live and test/src/memory/memory-sweep.test.ts checks more of it against the file.
 *
 * @example
 *   node --import tsx scripts/memory-sweep.ts     // rewrites src/memory/memory-sweep-results.ts
 */
import { writeFileSync } from "node:fs";
import type { CellKind } from "../src/fast/layer";
import {
  MEMORY_SWEEP_BUDGET, MEMORY_SWEEP_LENGTHS, MEMORY_SWEEP_SEEDS, MEMORY_TRIAL_BUDGETS, MEMORY_TRIAL_LENGTHS, MEMORY_TRIAL_SEEDS,
  memorySweepRun, type MemoryBudget,
} from "../src/memory/memory-sweep";

const kinds: CellKind[] = ["rnn", "lstm", "gru"];
const start = process.cpuUsage();

/** accuracy[kind][length index][seed index] for one budget. */
function sweep(budget: MemoryBudget, lengths: number[], seeds: number[]): Record<string, number[][]> {
  return Object.fromEntries(kinds.map((kind) => [kind, lengths.map((length) => seeds.map((seed) => {
    const result = memorySweepRun(kind, length, seed, budget);
    console.log(budget.name, "|", kind, length, seed, result);
    return result;
  }))]));
}

const results = sweep(MEMORY_SWEEP_BUDGET, MEMORY_SWEEP_LENGTHS, MEMORY_SWEEP_SEEDS);
const trials = MEMORY_TRIAL_BUDGETS.map((budget) => sweep(budget, MEMORY_TRIAL_LENGTHS, MEMORY_TRIAL_SEEDS));
const file = `/** Written by scripts/memory-sweep.ts (do not edit): held-out accuracy [length index][seed index] per cell. */
export const MEMORY_SWEEP_RESULTS: { [kind: string]: number[][] } = ${JSON.stringify(results)};
/** The same for each of MEMORY_TRIAL_BUDGETS, at MEMORY_TRIAL_LENGTHS and MEMORY_TRIAL_SEEDS. */
export const MEMORY_TRIAL_RESULTS: { [kind: string]: number[][] }[] = ${JSON.stringify(trials)};
`;
writeFileSync(new URL("../src/memory/memory-sweep-results.ts", import.meta.url), file);
const cpu = process.cpuUsage(start);
console.log(`CPU time: ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s`);

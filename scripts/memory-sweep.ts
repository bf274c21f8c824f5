/**
 * The memory sweep of article 08, section 3: the first-token task (src/memory/first-token-task.ts) at
 * lengths 2 to 100, seeds 1 to 3, for the RNN, the LSTM and the GRU, with the training of
 * `MEMORY_SWEEP_TRAINING`. Deterministic (every run is seeded); it writes src/memory/memory-sweep-results.ts,
 * which the article charts. Too long for the notebook's budget (a few minutes), so the article reruns a
 * small subset live and test/src/memory/memory-sweep.test.ts checks that subset against the file.
 *
 * @example
 *   node --import tsx scripts/memory-sweep.ts     // rewrites src/memory/memory-sweep-results.ts
 */
import { writeFileSync } from "node:fs";
import type { CellKind } from "../src/fast/layer";
import { MEMORY_SWEEP_LENGTHS, MEMORY_SWEEP_SEEDS, memorySweepRun } from "../src/memory/memory-sweep";

const kinds: CellKind[] = ["rnn", "lstm", "gru"];
const accuracy: Record<string, number[][]> = {};
for (const kind of kinds) {
  accuracy[kind] = MEMORY_SWEEP_LENGTHS.map((length) =>
    MEMORY_SWEEP_SEEDS.map((seed) => {
      const result = memorySweepRun(kind, length, seed);
      console.log(kind, length, seed, result);
      return result;
    }),
  );
}
const file = `/** Written by scripts/memory-sweep.ts (do not edit): held-out accuracy [length index][seed index] per cell. */
export const MEMORY_SWEEP_RESULTS: { [kind: string]: number[][] } = ${JSON.stringify(accuracy)};
`;
writeFileSync(new URL("../src/memory/memory-sweep-results.ts", import.meta.url), file);

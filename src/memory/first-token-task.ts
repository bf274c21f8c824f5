/**
 * A memory task GENERATED HERE, in the spirit of the long-term dependency problems of Bengio, Simard and
 * Frasconi (1994) and the temporal-order problem of Hochreiter and Schmidhuber (1997) used by Pascanu,
 * Mikolov and Bengio (2013): the first token is `A` or `B`, then come `length - 1` random distractor
 * tokens; the label is the first token. The answer depends only on the first step, so a model must carry
 * it across `length - 1` steps. Chance is 50 %.
 *
 * @example
 *   firstTokenTask(1, 5, 3);   // [{ tokens: ["B", "c", "d", "c", "f"], label: "B" }]
 */
import { createRng } from "../random";
import { Vocabulary } from "../text/vocabulary";

export const MEMORY_SIGNALS = ["A", "B"] as const;
export const MEMORY_DISTRACTORS = ["c", "d", "e", "f"] as const;

export interface MemoryExample {
  tokens: string[];
  label: string;
}

/** The task's vocabulary: the two signals and the distractors. */
export function memoryVocabulary(): Vocabulary {
  return new Vocabulary([...MEMORY_SIGNALS, ...MEMORY_DISTRACTORS]);
}

export function firstTokenTask(count: number, length: number, seed: number): MemoryExample[] {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a whole number >= 1, got ${length}.`);
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const label = MEMORY_SIGNALS[rng.int(2)];
    const tokens = [label, ...Array.from({ length: length - 1 }, () => MEMORY_DISTRACTORS[rng.int(MEMORY_DISTRACTORS.length)])];
    return { tokens, label };
  });
}

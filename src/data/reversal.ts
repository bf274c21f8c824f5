/**
 * The toy translation task of article 06, GENERATED HERE: a "sentence" of 2 to 5 letters from a small
 * alphabet, and its translation, the same letters in reverse order. Source and target differ in order, so
 * the decoder cannot copy step by step: it must read the whole source first. See README.md in this folder.
 *
 * @example
 *   reversalPairs(1, 3);   // [{ source: ["a", "c", "a", "e"], target: ["e", "a", "c", "a"] }]
 */
import { createRng } from "../random";

export const REVERSAL_LETTERS = ["a", "b", "c", "d", "e", "f"] as const;

export interface ReversalPair {
  source: string[];
  target: string[];
}

/** `count` seeded pairs with lengths from `minLength` to `maxLength` (2 to 5 by default). */
export function reversalPairs(count: number, seed: number, minLength = 2, maxLength = 5): ReversalPair[] {
  if (!(Number.isInteger(minLength) && minLength >= 1 && maxLength >= minLength)) {
    throw new RangeError(`Lengths must satisfy 1 <= minLength <= maxLength, got ${minLength} and ${maxLength}.`);
  }
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const length = minLength + rng.int(maxLength - minLength + 1);
    const source = Array.from({ length }, () => REVERSAL_LETTERS[rng.int(REVERSAL_LETTERS.length)]);
    return { source, target: source.slice().reverse() };
  });
}

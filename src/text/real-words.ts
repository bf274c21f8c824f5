/**
 * How much of a generated text is made of real words: its words (runs of letters, with inner apostrophes
 * as in "mak'st", compared in lower case) that also occur in a corpus, as a share of all its words.
 *
 * @example
 *   realWordShare("Shall I compare thee tho a smmer's day", ["Shall I compare thee to a summer's day?"]);
 *   // { words: 8, real: 6, share: 0.75 }   ("tho" and "smmer's" are not in the corpus)
 */
export interface RealWordShare {
  words: number; // words in the text
  real: number; // of which occur in the corpus
  share: number; // real / words, 0 for a text without words
}

/** The words of a text, lower case: letters with inner apostrophes ("o'er", "mak'st"); other characters separate words. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? []);
}

/** The share of `text`'s words that occur in `corpus` (lines of text). */
export function realWordShare(text: string, corpus: readonly string[] | ReadonlySet<string>): RealWordShare {
  const known = corpus instanceof Set ? corpus : new Set((corpus as readonly string[]).flatMap(wordsOf));
  const words = wordsOf(text);
  const real = words.filter((word) => known.has(word)).length;
  return { words: words.length, real, share: words.length === 0 ? 0 : real / words.length };
}

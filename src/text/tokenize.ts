/**
 * Splitting a sentence into tokens the way the article does: on white space, nothing else.
 * Punctuation stays attached to its word ("wasn't" is one token, so is "dinner."), which keeps the
 * example small; real tokenizers split punctuation off and break rare words into pieces.
 */
export interface TokenizeOptions {
  /** Lower-case every token first, so "Food" and "food" become one vocabulary entry. Default: false. */
  lowercase?: boolean;
}

/**
 * The tokens of a sentence, in order: runs of non-space characters.
 *
 * @example
 *   tokenize("Food was nice but service wasn't");   // ["Food", "was", "nice", "but", "service", "wasn't"]
 *   tokenize("Food  was", { lowercase: true });      // ["food", "was"]
 *   tokenize("   ");                                 // []
 */
export function tokenize(sentence: string, options: TokenizeOptions = {}): string[] {
  if (typeof sentence !== "string") {
    throw new TypeError(`tokenize expects a sentence as a string, got ${sentence === null ? "null" : typeof sentence}.`);
  }
  const text = options.lowercase ? sentence.toLowerCase() : sentence;
  return text.split(/\s+/).filter((token) => token.length > 0);
}

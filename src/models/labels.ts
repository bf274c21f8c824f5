/**
 * Labels of a tagger or a classifier (tags, sentiments...): a fixed list, each label's id its index.
 * Unlike tokens, an unknown label is a mistake in the data, never `<UNK>`.
 *
 * @example
 *   labelId(["negative", "positive"], "positive");   // 1
 *   labelId(["negative", "positive"], "neutral");    // throws: unknown label "neutral", expected one of ...
 */
export function labelId(labels: readonly string[], label: string): number {
  const id = labels.indexOf(label);
  if (id < 0) throw new RangeError(`Unknown label ${JSON.stringify(label)}: expected one of ${labels.map((l) => JSON.stringify(l)).join(", ")}.`);
  return id;
}

/** Checks that a label list is non-empty and has no repeats. */
export function checkLabels(labels: readonly string[]): void {
  if (labels.length < 2) throw new RangeError(`A model needs at least two labels to choose from, got ${labels.length}.`);
  const seen = new Set(labels);
  if (seen.size !== labels.length) throw new RangeError(`Labels must be distinct, got ${labels.join(", ")}.`);
}

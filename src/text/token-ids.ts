/**
 * Checks on token ids, shared by everything that reads them (one-hot vectors, vocabularies, losses, the
 * recurrent layers), so that an id out of range is reported the same way everywhere.
 *
 * @example
 *   checkTokenId(70, 65, "inputs[3] =");   // throws "inputs[3] = 70 is out of range: expected an integer from 0 to 64 (vocabulary size 65)."
 *   checkSequence([7, 4, 11], 65, [4, 11, 11]);   // passes
 */

/**
 * Throws unless `id` is an integer in [0, size); `what` names it in the message ("token id", "targets[2] ="),
 * or is a function that names it, called only to write the message (a loop over many ids builds no string).
 */
export function checkTokenId(id: number, size: number, what: string | (() => string) = "token id"): void {
  if (!Number.isInteger(id) || id < 0 || id >= size) {
    throw new RangeError(`${typeof what === "function" ? what() : what} ${id} is out of range: expected an integer from 0 to ${size - 1} (vocabulary size ${size}).`);
  }
}

/** Checks a non-empty id sequence against the vocabulary size (and the targets' length, if given). */
export function checkSequence(inputs: readonly number[], vocabSize: number, targets?: readonly number[]): void {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new RangeError("The input sequence is empty: give at least one token id.");
  if (targets !== undefined && targets.length !== inputs.length) {
    throw new RangeError(`inputs and targets must have the same length, got ${inputs.length} inputs and ${targets.length} targets.`);
  }
  inputs.forEach((id, t) => checkTokenId(id, vocabSize, `inputs[${t}] =`));
  targets?.forEach((id, t) => checkTokenId(id, vocabSize, `targets[${t}] =`));
}

/**
 * Padding: sentences of different lengths filled up with `<PAD>` to one common length, so they fit
 * in one rectangular batch. The mask remembers which positions are real tokens (1) and which are
 * padding (0), so a loss can ignore the padding.
 */
import { PAD_ID } from "./special-tokens";

export interface PadOptions {
  /** The common length. Default: the longest sequence's length. */
  length?: number;
  /** The id written into padded positions. Default: 0, the id of `<PAD>`. */
  padId?: number;
  /** Cut sequences longer than `length` (keeping their start) instead of throwing. Default: false. */
  truncate?: boolean;
}

export interface Padded {
  /** One row per sequence, each `length` ids long. */
  ids: number[][];
  /** Same shape as `ids`: 1 where a real token is, 0 where padding is. */
  mask: number[][];
}

/**
 * Pads every sequence at its end to a common length.
 *
 * @example
 *   padSequences([[4, 5], [6, 7, 8]]);
 *   // { ids: [[4, 5, 0], [6, 7, 8]], mask: [[1, 1, 0], [1, 1, 1]] }
 */
export function padSequences(sequences: readonly (readonly number[])[], options: PadOptions = {}): Padded {
  if (!Array.isArray(sequences) || !sequences.every((sequence) => Array.isArray(sequence))) {
    throw new TypeError("padSequences expects an array of sequences, each an array of token ids.");
  }
  const longest = sequences.reduce((max, sequence) => Math.max(max, sequence.length), 0);
  const length = options.length ?? longest;
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`Padding length must be a non-negative integer, got ${length}.`);
  }
  const padId = options.padId ?? PAD_ID;
  if (!Number.isInteger(padId) || padId < 0) {
    throw new RangeError(`The padding id must be a non-negative integer, got ${padId}.`);
  }
  const ids: number[][] = [];
  const mask: number[][] = [];
  sequences.forEach((sequence, index) => {
    if (sequence.length > length && !options.truncate) {
      throw new RangeError(
        `Sequence ${index} has ${sequence.length} tokens, more than the padding length ${length}; ` +
          "raise the length or pass { truncate: true } to cut it.",
      );
    }
    const kept = sequence.slice(0, length);
    const padding = length - kept.length;
    ids.push([...kept, ...new Array<number>(padding).fill(padId)]);
    mask.push([...new Array<number>(kept.length).fill(1), ...new Array<number>(padding).fill(0)]);
  });
  return { ids, mask };
}

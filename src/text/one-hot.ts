/**
 * One-hot encoding: a token with id `i` becomes a column of zeros with a single 1 in row `i`.
 * A sentence of T tokens becomes a (V, T) matrix, one column per time step, as the article draws it:
 * column t is the input x⟨t⟩ that the network reads at step t.
 */
import { matrix, type Matrix } from "mathjs";
import { checkTokenId } from "./token-ids";

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`A one-hot vector needs a vocabulary size that is a positive integer, got ${size}.`);
  }
}

/**
 * The one-hot column of one token id.
 *
 * @example
 *   oneHot(2, 4).toArray();   // [[0], [0], [1], [0]]
 */
export function oneHot(id: number, size: number): Matrix {
  checkSize(size);
  checkTokenId(id, size, "Token id");
  return matrix(Array.from({ length: size }, (_, row) => [row === id ? 1 : 0]), "dense", "number"); // (V, 1)
}

/**
 * The one-hot columns of a sequence of ids, side by side.
 *
 * @example
 *   oneHotSequence([2, 0], 3).toArray();   // [[0, 1], [0, 0], [1, 0]]
 */
export function oneHotSequence(ids: readonly number[], size: number): Matrix {
  checkSize(size);
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new RangeError(`oneHotSequence needs at least one token id, got ${Array.isArray(ids) ? "an empty list" : typeof ids}.`);
  }
  ids.forEach((id, t) => checkTokenId(id, size, `ids[${t}] =`));
  return matrix(Array.from({ length: size }, (_, row) => ids.map((id) => (id === row ? 1 : 0))), "dense", "number"); // (V, T)
}

/**
 * Gradient matrices a model keeps and refills at every call instead of allocating new ones: making a
 * mathjs matrix costs more than a whole forward step of these small models. The gradients a model returns
 * are therefore overwritten by its next call (clone them to keep them).
 *
 * @example
 *   const grads = zeroModelGradients(params);   // once
 *   resetGradients(grads);                      // every call
 */
import { rowsOf, type MatrixSet } from "../matrix";

/** Sets every entry of every matrix to 0, in place; returns the same object. */
export function resetGradients<G extends MatrixSet>(grads: G): G {
  for (const name of Object.keys(grads)) for (const row of rowsOf(grads[name], name)) row.fill(0);
  return grads;
}

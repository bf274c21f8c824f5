/**
 * Gradient clipping, in place: keeps one bad step (an exploding gradient) from throwing the weights away.
 * - by value: every entry is clamped into [-limit, limit] (min-char-rnn: `np.clip(dparam, -5, 5)`);
 * - by global norm: if |g| = sqrt(Σ over all gradients of g²) exceeds maxNorm (the clip threshold c of
 *   notebooks/GLOSSARY.md), every gradient is scaled by maxNorm / |g|, which keeps the direction of the step.
 *
 * @example
 *   clipByValue(grads, 5);               // every entry of dWxh, dWhh, ... now in [-5, 5]
 *   const before = clipByNorm(grads, 5); // the global norm before clipping
 */
import { rowsOf, type MatrixSet } from "../matrix";

/** Clamps every entry of every gradient into [-limit, limit]:  g ← min(max(g, -limit), limit). */
export function clipByValue(grads: MatrixSet, limit: number): void {
  if (!(limit > 0)) throw new RangeError(`clipByValue needs a limit > 0, got ${limit}.`);
  for (const name of Object.keys(grads)) {
    const rows = rowsOf(grads[name], name);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      for (let j = 0; j < row.length; j++) {
        const g = row[j];
        if (g > limit) row[j] = limit;
        else if (g < -limit) row[j] = -limit;
      }
    }
  }
}

/** |g| = sqrt(Σ g²) over every entry of every matrix. */
export function globalNorm(grads: MatrixSet): number {
  let total = 0;
  for (const name of Object.keys(grads)) {
    const rows = rowsOf(grads[name], name);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      for (let j = 0; j < row.length; j++) total += row[j] * row[j];
    }
  }
  return Math.sqrt(total);
}

/** Scales all gradients together so that their global norm is at most maxNorm:  g ← g · maxNorm / |g|; returns |g| before. */
export function clipByNorm(grads: MatrixSet, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`clipByNorm needs a maxNorm > 0, got ${maxNorm}.`);
  const total = globalNorm(grads);
  if (total > maxNorm) {
    const scale = maxNorm / total;
    for (const name of Object.keys(grads)) {
      const rows = rowsOf(grads[name], name);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let j = 0; j < row.length; j++) row[j] *= scale;
      }
    }
  }
  return total;
}

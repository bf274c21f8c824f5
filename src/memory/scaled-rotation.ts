/**
 * A recurrent matrix with a chosen spectral radius ρ: a random rotation (an orthogonal matrix, from
 * Gram–Schmidt on a normal matrix) times ρ. Every eigenvalue then has modulus ρ and every singular value
 * is ρ, so ‖Whhᵀ·v‖ = ρ‖v‖ for every v: one step back in time multiplies the gradient's length by exactly
 * ρ before tanh's slopes act.
 *
 * @example
 *   const Whh = scaledRotation(8, 0.9, createRng(1));   // (8, 8), spectral radius 0.9
 */
import type { Matrix } from "mathjs";
import { numberMatrix } from "../matrix";
import type { Rng } from "../random";

export function scaledRotation(size: number, rho: number, rng: Rng): Matrix {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a whole number >= 1, got ${size}.`);
  if (!(rho >= 0)) throw new RangeError(`The spectral radius must be >= 0, got ${rho}.`);
  const rows: number[][] = [];
  while (rows.length < size) {
    const v = Array.from({ length: size }, () => rng.normal());
    for (const q of rows) {
      const d = q.reduce((s, qi, i) => s + qi * v[i], 0);
      for (let i = 0; i < size; i++) v[i] -= d * q[i]; // remove the part along q
    }
    const length = Math.hypot(...v);
    if (length > 1e-8) rows.push(v.map((x) => x / length));
  }
  return numberMatrix(size, size, (i, j) => rho * rows[i][j]); // (H, H)
}

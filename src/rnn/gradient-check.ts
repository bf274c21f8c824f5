/**
 * Gradient check: compares analytic gradients a with centred differences n in float64, nudging one entry
 * of one parameter matrix at a time (and putting it back):
 *   n = (8·(L(θ+ε) - L(θ-ε)) - (L(θ+2ε) - L(θ-2ε))) / 12ε,   relative error = |a - n| / max(|a| + |n|, floor)
 * This centred difference over four points is exact up to ε⁴ (the two-point (L(θ+ε) - L(θ-ε)) / 2ε only up
 * to ε²), so ε can be 2e-3 and the round-off of L, about 1e-14 / ε, stays small. Gradients below `floor`
 * (1e-6) are too small for any difference quotient to resolve: they are compared in absolute terms.
 * Works on any model: give it the named parameter matrices, their analytic gradients (`d` + name) and a
 * closure that returns the loss.
 *
 * @example
 *   const loss = () => lossAndGradients(params, inputs, targets, h0).loss;
 *   const report = gradientCheck(params, grads, loss);           // every coordinate
 *   report.maxRelativeError;                                      // about 1e-9 for a correct backward pass
 *   gradientCheck(params, grads, loss, { samples: 10, rng });     // 10 random coordinates per parameter
 */
import type { Matrix } from "mathjs";
import { formatShape, rowsOf, type MatrixSet } from "../matrix";
import type { Rng } from "../random";

export interface GradientCheckRow {
  name: string; // parameter
  row: number;
  col: number;
  analytic: number;
  numeric: number;
  relativeError: number;
}

export interface GradientCheckReport {
  rows: GradientCheckRow[];
  /** The worst relative error for each parameter. */
  maxByParam: { [name: string]: number };
  maxRelativeError: number;
}

export interface GradientCheckOptions {
  /** Step ε of the centred difference (2e-3 by default). */
  epsilon?: number;
  /** Denominators below this are raised to it (1e-6 by default). */
  floor?: number;
  /** Check this many random coordinates per parameter instead of all of them (needs `rng`). */
  samples?: number;
  rng?: Rng;
}

/** |a - n| / max(|a| + |n|, floor): 0 when both are 0 (a coordinate the loss does not depend on). */
export function relativeError(a: number, n: number, floor = 1e-6): number {
  return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
}

export function gradientCheck(params: MatrixSet, grads: object, loss: () => number, options: GradientCheckOptions = {}): GradientCheckReport {
  const epsilon = options.epsilon ?? 2e-3;
  const floor = options.floor ?? 1e-6;
  if (options.samples !== undefined && !options.rng) throw new RangeError("gradientCheck with `samples` needs a seeded `rng` to pick the coordinates.");
  const rows: GradientCheckRow[] = [];
  const maxByParam: { [name: string]: number } = {};
  for (const name of Object.keys(params)) {
    const p = rowsOf(params[name], name);
    const gradMatrix = (grads as { [key: string]: Matrix | undefined })["d" + name]; // other fields (loss...) are ignored
    if (!gradMatrix) throw new RangeError(`No analytic gradient d${name} for parameter ${name}.`);
    const g = rowsOf(gradMatrix, "d" + name);
    if (g.length !== p.length || g[0].length !== p[0].length) {
      throw new RangeError(`${name} is ${formatShape([p.length, p[0].length])} but d${name} is ${formatShape([g.length, g[0].length])}.`);
    }
    const coordinates: [number, number][] = [];
    if (options.samples === undefined) {
      for (let i = 0; i < p.length; i++) for (let j = 0; j < p[0].length; j++) coordinates.push([i, j]);
    } else {
      for (let s = 0; s < options.samples; s++) coordinates.push([options.rng!.int(p.length), options.rng!.int(p[0].length)]);
    }
    maxByParam[name] = 0;
    for (const [i, j] of coordinates) {
      const old = p[i][j];
      const lossAt = (delta: number): number => {
        p[i][j] = old + delta;
        const value = loss();
        p[i][j] = old;
        return value;
      };
      // Differences first: a loss that does not move gives exactly 0, and round-off stays small.
      const near = lossAt(epsilon) - lossAt(-epsilon), far = lossAt(2 * epsilon) - lossAt(-2 * epsilon);
      const numeric = (8 * near - far) / (12 * epsilon);
      const relErr = relativeError(g[i][j], numeric, floor);
      rows.push({ name, row: i, col: j, analytic: g[i][j], numeric, relativeError: relErr });
      maxByParam[name] = Math.max(maxByParam[name], relErr);
    }
  }
  return { rows, maxByParam, maxRelativeError: Math.max(0, ...Object.values(maxByParam)) };
}

/**
 * Optimizers that update parameter matrices in place from gradients named `d` + the parameter's name
 * (`Wxh` ← `dWxh`). Each keeps its own memory per parameter (velocity, squared gradients...). Symbols as in
 * notebooks/GLOSSARY.md: θ a parameter, g its gradient, lr = η.
 *   SGD:      θ ← θ - lr·g
 *   Momentum: v ← μ·v - lr·g;  θ ← θ + v
 *   Adagrad:  G ← G + g²;      θ ← θ - lr·g / sqrt(G + ε)             (min-char-rnn's update; G is its `mem`)
 *   Adam:     m ← β1·m + (1-β1)·g;  s ← β2·s + (1-β2)·g²;  θ ← θ - lr·m̂ / (sqrt(ŝ) + ε)
 *
 * @example
 *   const opt = adagrad(0.1);
 *   opt.step(params, grads);   // params.Wxh changed in place
 */
import type { Matrix } from "mathjs";
import { formatShape, rowsOf, type MatrixSet } from "../matrix";

export interface Optimizer {
  readonly name: string;
  step(params: MatrixSet, grads: MatrixSet): void;
}

// One memory per parameter and per kind, shaped like the parameter: one Float64Array per row.
type Memory = Map<string, Float64Array[]>;
function memoryFor(memory: Memory, name: string, like: number[][]): Float64Array[] {
  let m = memory.get(name);
  if (!m) memory.set(name, (m = like.map((row) => new Float64Array(row.length))));
  return m;
}

/** Calls update(name, θ rows, g rows) for every parameter θ and its gradient g, after checking that their shapes agree. */
function eachParam(params: MatrixSet, grads: MatrixSet, update: (name: string, p: number[][], g: number[][]) => void): void {
  for (const name of Object.keys(params)) {
    const grad: Matrix | undefined = grads["d" + name];
    if (!grad) throw new RangeError(`No gradient d${name} for parameter ${name}: got ${Object.keys(grads).join(", ")}.`);
    const p = rowsOf(params[name], name), g = rowsOf(grad, "d" + name);
    if (p.length !== g.length || p[0].length !== g[0].length) {
      throw new RangeError(`${name} is ${formatShape([p.length, p[0].length])} but d${name} is ${formatShape([g.length, g[0].length])}.`);
    }
    update(name, p, g);
  }
}

export function sgd(learningRate: number): Optimizer {
  return {
    name: `SGD (lr ${learningRate})`,
    step(params, grads) {
      eachParam(params, grads, (_name, p, g) => {
        for (let i = 0; i < p.length; i++) {
          const pi = p[i], gi = g[i];
          for (let j = 0; j < pi.length; j++) pi[j] -= learningRate * gi[j]; // θ ← θ - lr·g
        }
      });
    },
  };
}

export function momentum(learningRate: number, mu = 0.9): Optimizer {
  const velocity: Memory = new Map();
  return {
    name: `Momentum (lr ${learningRate}, μ ${mu})`,
    step(params, grads) {
      eachParam(params, grads, (name, p, g) => {
        const v = memoryFor(velocity, name, p);
        for (let i = 0; i < p.length; i++) {
          const pi = p[i], gi = g[i], vi = v[i];
          for (let j = 0; j < pi.length; j++) {
            vi[j] = mu * vi[j] - learningRate * gi[j]; // v ← μ·v - lr·g
            pi[j] += vi[j]; //                            θ ← θ + v
          }
        }
      });
    },
  };
}

export function adagrad(learningRate: number, epsilon = 1e-8): Optimizer {
  const mem: Memory = new Map();
  return {
    name: `Adagrad (lr ${learningRate})`,
    step(params, grads) {
      eachParam(params, grads, (name, p, g) => {
        const m = memoryFor(mem, name, p);
        for (let i = 0; i < p.length; i++) {
          const pi = p[i], gi = g[i], mi = m[i];
          for (let j = 0; j < pi.length; j++) {
            const sum = (mi[j] += gi[j] * gi[j]); //                    G ← G + g²
            pi[j] -= (learningRate * gi[j]) / Math.sqrt(sum + epsilon); // θ ← θ - lr·g / sqrt(G + ε)
          }
        }
      });
    },
  };
}

export function adam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): Optimizer {
  const first: Memory = new Map(), second: Memory = new Map();
  let t = 0;
  return {
    name: `Adam (lr ${learningRate})`,
    step(params, grads) {
      t += 1;
      const c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t); // bias corrections: m̂ = m / c1, ŝ = s / c2
      eachParam(params, grads, (name, p, g) => {
        const m = memoryFor(first, name, p), s = memoryFor(second, name, p);
        for (let i = 0; i < p.length; i++) {
          const pi = p[i], gi = g[i], mi = m[i], si = s[i];
          for (let j = 0; j < pi.length; j++) {
            mi[j] = beta1 * mi[j] + (1 - beta1) * gi[j]; //                       m ← β1·m + (1-β1)·g
            si[j] = beta2 * si[j] + (1 - beta2) * gi[j] * gi[j]; //              s ← β2·s + (1-β2)·g²
            pi[j] -= (learningRate * (mi[j] / c1)) / (Math.sqrt(si[j] / c2) + epsilon); // θ ← θ - lr·m̂ / (sqrt(ŝ) + ε)
          }
        }
      });
    },
  };
}

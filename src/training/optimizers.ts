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

// One memory buffer per parameter and per kind, shaped like the parameter.
type Memory = Map<string, Float64Array>;
function memoryFor(memory: Memory, key: string, size: number): Float64Array {
  let m = memory.get(key);
  if (!m) memory.set(key, (m = new Float64Array(size)));
  return m;
}

/** Calls update(θ row, g row, flat offset) for every parameter, after checking the gradients' shapes. */
function eachParam(params: MatrixSet, grads: MatrixSet, update: (name: string, p: number[], g: number[], offset: number, size: number) => void): void {
  for (const name of Object.keys(params)) {
    const grad: Matrix | undefined = grads["d" + name];
    if (!grad) throw new RangeError(`No gradient d${name} for parameter ${name}: got ${Object.keys(grads).join(", ")}.`);
    const p = rowsOf(params[name], name), g = rowsOf(grad, "d" + name);
    if (p.length !== g.length || p[0].length !== g[0].length) {
      throw new RangeError(`${name} is ${formatShape([p.length, p[0].length])} but d${name} is ${formatShape([g.length, g[0].length])}.`);
    }
    const cols = p[0].length, size = p.length * cols;
    for (let i = 0; i < p.length; i++) update(name, p[i], g[i], i * cols, size);
  }
}

export function sgd(learningRate: number): Optimizer {
  return {
    name: `SGD (lr ${learningRate})`,
    step(params, grads) {
      eachParam(params, grads, (_name, p, g) => {
        for (let j = 0; j < p.length; j++) p[j] -= learningRate * g[j];
      });
    },
  };
}

export function momentum(learningRate: number, mu = 0.9): Optimizer {
  const velocity: Memory = new Map();
  return {
    name: `Momentum (lr ${learningRate}, μ ${mu})`,
    step(params, grads) {
      eachParam(params, grads, (name, p, g, offset, size) => {
        const v = memoryFor(velocity, name, size);
        for (let j = 0; j < p.length; j++) {
          v[offset + j] = mu * v[offset + j] - learningRate * g[j];
          p[j] += v[offset + j];
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
      eachParam(params, grads, (name, p, g, offset, size) => {
        const m = memoryFor(mem, name, size);
        for (let j = 0; j < p.length; j++) {
          const g2 = (m[offset + j] += g[j] * g[j]);
          p[j] -= (learningRate * g[j]) / Math.sqrt(g2 + epsilon);
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
      const c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t); // bias corrections
      eachParam(params, grads, (name, p, g, offset, size) => {
        const m = memoryFor(first, name, size), s = memoryFor(second, name, size);
        for (let j = 0; j < p.length; j++) {
          const k = offset + j;
          m[k] = beta1 * m[k] + (1 - beta1) * g[j];
          s[k] = beta2 * s[k] + (1 - beta2) * g[j] * g[j];
          p[j] -= (learningRate * (m[k] / c1)) / (Math.sqrt(s[k] / c2) + epsilon);
        }
      });
    },
  };
}

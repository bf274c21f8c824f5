/**
 * What the LSTM's four gates and the GRU's three have in common. Every gate g reads the input and the
 * previous hidden state through its own weights, Wxg (H, V), Whg (H, H) and bg (H, 1):
 *   a_g = Wxg·x_t + Whg·h_{t-1} + bg        g_t = σ(a_g)  (or tanh for a candidate)
 * and its backward step adds, for the gradient da_g reaching a_g:
 *   dWxg += da_g·x_tᵀ    dWhg += da_g·h_{t-1}ᵀ    dbg += da_g
 *
 * @example
 *   sigmoid(matrix([[0], [2]]));                       // [[0.5], [0.8807...]]
 *   gateSizes(initGruParams(5, 3, createRng(1)), GRU_GATES, "GRU");   // [3, 5] after checking every shape
 */
import { add, map, multiply, transpose, type Matrix } from "mathjs";
import { expectShape, formatShape, shapeOf, zerosMatrix, type MatrixSet } from "../matrix";
import { randomMatrix, type Rng } from "../random";
import { findNonFinite } from "../training/finite";

/** σ(a) = 1 / (1 + exp(-a)) entry by entry: every gate value lies in (0, 1). */
export function sigmoid(a: Matrix): Matrix {
  return map(a, (v: number) => 1 / (1 + Math.exp(-v))); // (H, 1)
}

/**
 * [H, V] from Wx + the first gate, after checking that every gate's Wx*, Wh*, b* and the output's Why,
 * by fit together, and that no parameter holds a NaN or an infinity. `cell` names the cell in errors.
 */
export function gateSizes(params: MatrixSet, gates: readonly string[], cell: string): [number, number] {
  const first = "Wx" + gates[0];
  if (!params[first]) throw new TypeError(`${cell} parameters need ${first}; got ${Object.keys(params).join(", ") || "none"}.`);
  const [H, V] = shapeOf(params[first], first);
  const hint = `${first} is ${formatShape([H, V])}`;
  for (const g of gates) {
    expectShape("Wx" + g, params["Wx" + g], [H, V], hint);
    expectShape("Wh" + g, params["Wh" + g], [H, H], hint);
    expectShape("b" + g, params["b" + g], [H, 1], hint);
  }
  expectShape("Why", params.Why, [V, H], `${hint}, so Why must be (V, H)`);
  expectShape("by", params.by, [V, 1], hint);
  const named: MatrixSet = {};
  for (const name of gateParamNames(gates)) named[name] = params[name];
  const bad = findNonFinite(named);
  if (bad) throw new RangeError(`${cell} parameter ${bad.name} holds ${bad.value} at (${bad.row}, ${bad.col}): every weight must be a finite number.`);
  return [H, V];
}

/** Wxg, Whg, bg for every gate g, then Why and by: the parameters of a gated cell and its output. */
export function gateParamNames(gates: readonly string[]): string[] {
  return [...gates.flatMap((g) => ["Wx" + g, "Wh" + g, "b" + g]), "Why", "by"];
}

/** Normal weights times `scale` for every gate and the output (drawn in this order: Wxg, Whg per gate, then Why), zero biases. */
export function initGates(vocabSize: number, hiddenSize: number, gates: readonly string[], rng: Rng, scale: number): MatrixSet {
  const params: MatrixSet = {};
  for (const g of gates) {
    params["Wx" + g] = randomMatrix(hiddenSize, vocabSize, scale, rng); // (H, V)
    params["Wh" + g] = randomMatrix(hiddenSize, hiddenSize, scale, rng); // (H, H)
    params["b" + g] = zerosMatrix(hiddenSize, 1); // (H, 1)
  }
  params.Why = randomMatrix(vocabSize, hiddenSize, scale, rng); // (V, H)
  params.by = zerosMatrix(vocabSize, 1); // (V, 1)
  return params;
}

/** Zeros shaped like each parameter of the gates and the output, named `d` + its name. */
export function zeroGateGradients(params: MatrixSet, gates: readonly string[]): MatrixSet {
  const grads: MatrixSet = {};
  for (const name of gateParamNames(gates)) {
    const [rows, cols] = shapeOf(params[name], name);
    grads["d" + name] = zerosMatrix(rows, cols);
  }
  return grads;
}

/** dWxg += da·xᵀ, dWhg += da·hPrevᵀ, dbg += da: gate g's share of one step's gradient. */
export function addGateGradients(grads: MatrixSet, g: string, da: Matrix, x: Matrix, hPrev: Matrix): void {
  grads["dWx" + g] = add(grads["dWx" + g], multiply(da, transpose(x))) as Matrix; // (H, V)
  grads["dWh" + g] = add(grads["dWh" + g], multiply(da, transpose(hPrev))) as Matrix; // (H, H)
  grads["db" + g] = add(grads["db" + g], da) as Matrix; // (H, 1)
}

/**
 * How much of the last step's loss reaches each earlier hidden state: ‖∂L_T/∂h_k‖ for lag T - k = 0..T,
 * measured with the fast layer's backward pass (any cell kind). For the vanilla cell each step back
 * multiplies by Whhᵀ and by tanh's slopes 1 - h² ≤ 1:
 *   ∂L_T/∂h_{k-1} = Whhᵀ · diag(1 - h_k ⊙ h_k) · ∂L_T/∂h_k,   so   ‖∂L_T/∂h_k‖ ≤ (‖Whh‖₂)^{T-k} · ‖∂L_T/∂h_T‖
 * (Pascanu, Mikolov and Bengio, 2013): below 1 the gradient vanishes exponentially with the lag; above 1
 * it can explode. `hiddenStates` and `lastStepLoss` give the states and the loss on plain arrays, to check
 * the measurement by finite differences.
 *
 * @example
 *   const norms = gradientByLag(params, [4, 7, 5, 6], 1);   // norms[0] at h_T, norms[4] at h_0
 *   gradientByLag(lstmParams, [4, 7, 5, 6], 1, { kind: "lstm" });
 *   hiddenStates(params, [4, 7]);                          // [h_0, h_1, h_2], each H numbers
 */
import { layerBackward, layerForward, type CellKind, type LayerPass } from "../fast/layer";
import { column, rowsOf, type MatrixSet } from "../matrix";
import { cellParams, hiddenSizeOf, zeroModelGradients } from "../models/model-params";
import { outputBackward, outputProbabilities } from "../models/output-head";

export interface LagOptions {
  kind?: CellKind; // "rnn" by default
  h0?: number[]; // the state before the first token, H numbers, zeros by default (c_0 is zeros)
}

function forward(params: MatrixSet, inputs: number[], options: LagOptions): LayerPass {
  const kind = options.kind ?? "rnn";
  return layerForward(kind, cellParams(kind, params), [inputs], { h0: options.h0 && column(options.h0) });
}

/** norms[lag] = ‖∂L_T/∂h_{T-lag}‖ for lag = 0..T, where L_T = -log p_T[target] is the last step's loss. */
export function gradientByLag(params: MatrixSet, inputs: number[], target: number, options: LagOptions = {}): number[] {
  if (inputs.length === 0) throw new RangeError("gradientByLag needs at least one input token.");
  const pass = forward(params, inputs, options);
  const T = inputs.length;
  const grads = zeroModelGradients(params);
  const { dh } = outputBackward(params, pass.state(T), [target], grads);
  const { dhNorms } = layerBackward(pass, inputs.map((_, t) => (t === T - 1 ? dh : null)), grads);
  return dhNorms.slice().reverse();
}

/** The states h_0 .. h_T of one sequence, each H numbers (just [h_0] for no inputs). */
export function hiddenStates(params: MatrixSet, inputs: number[], options: LagOptions = {}): number[][] {
  if (inputs.length === 0) return [options.h0 ? options.h0.slice() : new Array<number>(hiddenSizeOf(options.kind ?? "rnn", params)).fill(0)];
  const pass = forward(params, inputs, options);
  return Array.from({ length: inputs.length + 1 }, (_, t) => rowsOf(pass.state(t)).map(([v]) => v));
}

/** L_T = -log p_T[target] after reading `inputs` from h0: the loss whose gradient gradientByLag follows back. */
export function lastStepLoss(params: MatrixSet, inputs: number[], target: number, options: LagOptions = {}): number {
  const states = hiddenStates(params, inputs, options);
  const p = outputProbabilities(params, column(states[states.length - 1]))[0];
  return -Math.log(p[target]);
}

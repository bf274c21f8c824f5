/**
 * How much of the last step's loss reaches each earlier hidden state: ‖∂L_T/∂h_k‖ for lag T - k = 0..T,
 * measured with the fast layer's backward pass (any cell kind). For the vanilla cell each step back
 * multiplies by Whhᵀ and by tanh's slopes 1 - h² ≤ 1:
 *   ∂L_T/∂h_{k-1} = Whhᵀ · diag(1 - h_k ⊙ h_k) · ∂L_T/∂h_k,   so   ‖∂L_T/∂h_k‖ ≤ (‖Whh‖₂)^{T-k} · ‖∂L_T/∂h_T‖
 * (Pascanu, Mikolov and Bengio, 2013): below 1 the gradient vanishes exponentially with the lag; above 1
 * it can explode.
 *
 * @example
 *   const norms = gradientByLag(params, [4, 7, 5, 6], 1);   // norms[0] at h_T, norms[4] at h_0
 *   gradientByLag(lstmParams, [4, 7, 5, 6], 1, { kind: "lstm" });
 */
import { layerBackward, layerForward, type CellKind } from "../fast/layer";
import type { MatrixSet } from "../matrix";
import { cellParams, zeroModelGradients, type RecurrentState } from "../models/model-params";
import { outputBackward } from "../models/output-head";

export interface LagOptions {
  kind?: CellKind; // "rnn" by default
  start?: RecurrentState; // h_0 (and c_0), (H, 1), zeros by default
}

/** norms[lag] = ‖∂L_T/∂h_{T-lag}‖ for lag = 0..T, where L_T = -log p_T[target] is the last step's loss. */
export function gradientByLag(params: MatrixSet, inputs: number[], target: number, options: LagOptions = {}): number[] {
  if (inputs.length === 0) throw new RangeError("gradientByLag needs at least one input token.");
  const kind = options.kind ?? "rnn";
  const pass = layerForward(kind, cellParams(kind, params), [inputs], options.start);
  const T = inputs.length;
  const grads = zeroModelGradients(params);
  const { dh } = outputBackward(params, pass.state(T), [target], grads);
  const { dhNorms } = layerBackward(pass, inputs.map((_, t) => (t === T - 1 ? dh : null)), grads);
  return dhNorms.slice().reverse();
}

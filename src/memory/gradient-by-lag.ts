/**
 * How much of the last step's loss reaches each earlier hidden state: ‖∂L_T/∂h_k‖ for lag T - k = 0..T.
 * Each step back multiplies by Whhᵀ and by tanh's slopes 1 - h² ≤ 1:
 *   ∂L_T/∂h_{k-1} = Whhᵀ · diag(1 - h_k ⊙ h_k) · ∂L_T/∂h_k,   so   ‖∂L_T/∂h_k‖ ≤ (‖Whh‖₂)^{T-k} · ‖∂L_T/∂h_T‖
 * (Pascanu, Mikolov and Bengio, 2013): below 1 the gradient vanishes exponentially with the lag; above 1
 * it can explode.
 *
 * @example
 *   const norms = gradientByLag(params, [4, 7, 5, 6], 1);   // norms[0] at h_T, norms[4] at h_0
 */
import type { MatrixSet } from "../training/clipping";
import { outputBackward, zeroOutputGradients, type OutputParams } from "../models/output-layer";
import { recurrentBackward, recurrentForward, zeroRecurrentGradients, type RecurrentParams } from "../models/recurrent-layer";

/** norms[lag] = ‖∂L_T/∂h_{T-lag}‖ for lag = 0..T, where L_T = -log p_T[target] is the last step's loss. */
export function gradientByLag(params: RecurrentParams & OutputParams & MatrixSet, inputs: number[], target: number, h0?: number[]): number[] {
  if (inputs.length === 0) throw new RangeError("gradientByLag needs at least one input token.");
  const [H, V] = params.Wxh.size();
  const [K] = params.Why.size();
  const pass = recurrentForward(params, inputs, h0);
  const T = inputs.length;
  const { dh } = outputBackward(params, pass.hs[T], target, zeroOutputGradients(K, H));
  const { dhNorms } = recurrentBackward(params, pass, inputs.map((_, t) => (t === T - 1 ? dh : null)), zeroRecurrentGradients(H, V));
  return dhNorms.slice().reverse();
}

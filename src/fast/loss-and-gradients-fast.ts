/**
 * min-char-rnn's `lossFun` on the fast layer (layer.ts, kind "rnn", one sequence): the same numbers as
 * the readable `lossAndGradients` (to 1e-12), with loops over typed arrays and the WebAssembly SIMD
 * kernels instead of one mathjs call per operation. The API stays mathjs `Matrix`.
 *
 * @example
 *   const grads = zeroGradients(params);             // reused at every step
 *   const { loss, hLast } = lossAndGradientsFast(params, inputs, targets, hPrev, grads);
 */
import type { Matrix } from "mathjs";
import type { LossAndGradients } from "../rnn/loss-and-gradients";
import { sizesOf, zeroGradients, type RnnGradients, type RnnParams } from "../rnn/params";
import { checkSequence } from "../text/token-ids";
import { expectShape } from "../matrix";
import { recurrentLossAndGradients } from "./layer";

/** Per-step details the training history records; filled when passed in. */
export interface FastDetails {
  perStepLoss: number[]; // L_t, t = 0..T-1
  dhNorms: number[]; // |dL/dh| after token t + 1, t = 0..T-1
}

export function lossAndGradientsFast(
  params: RnnParams,
  inputs: number[],
  targets: number[],
  hPrev: Matrix,
  grads: RnnGradients = zeroGradients(params),
  details?: FastDetails,
): LossAndGradients {
  const [H, V] = sizesOf(params);
  checkSequence(inputs, V, targets); // the readable path's messages
  expectShape("hPrev", hPrev, [H, 1]);
  const result = recurrentLossAndGradients("rnn", params, { inputs: [inputs], targets: [targets] }, { h0: hPrev, grads });
  if (details) {
    result.perStepLoss[0].forEach((L, t) => (details.perStepLoss[t] = L));
    for (let t = 0; t < inputs.length; t++) details.dhNorms[t] = result.dhNorms[t + 1];
  }
  return { loss: result.loss, ...grads, hLast: result.hLast };
}

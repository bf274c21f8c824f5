/**
 * min-char-rnn's `lossFun`, in the course's readable form: token ids in, the summed cross-entropy and the
 * (unclipped) gradients of all five parameters out, plus the last hidden state to start the next chunk.
 *
 * @example
 *   const { loss, dWxh, hLast } = lossAndGradients(params, [1, 2, 3], [2, 3, 4], zerosMatrix(H, 1));
 */
import type { Matrix } from "mathjs";
import { bptt } from "./backprop";
import { sizesOf, type RnnGradients, type RnnParams } from "./params";
import { sequenceLoss } from "./loss";
import { checkSequence } from "../text/token-ids";
import { sequenceForward } from "./sequence";

export interface LossAndGradients extends RnnGradients {
  loss: number;
  hLast: Matrix; // (H, 1)
}

export function lossAndGradients(params: RnnParams, inputs: number[], targets: number[], hPrev: Matrix): LossAndGradients {
  const [, V] = sizesOf(params);
  checkSequence(inputs, V, targets);
  const forward = sequenceForward(params, inputs, hPrev);
  const { total } = sequenceLoss(forward.ys, targets);
  const { grads } = bptt(params, forward, targets);
  return { loss: total, ...grads, hLast: forward.hLast };
}

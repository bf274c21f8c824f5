/**
 * The output of every step, the same for the LSTM and the GRU (and min-char-rnn's vanilla RNN):
 *   y_t = Why·h_t + by      p_t = softmax(y_t)      L_t = −log p_t[target_t]   (loss.ts sums the L_t)
 * and its backward step, min-char-rnn's `dy[targets[t]] -= 1`, times 0 where the mask drops the step:
 *   dy_t = p_t − onehot(target_t)      dWhy += dy_t·h_tᵀ      dby += dy_t      dh_t = Whyᵀ·dy_t
 * Both are the vanilla cell's output step (rnn/cell.ts: cellOutput, cellOutputBackward).
 *
 * @example
 *   const { y, p } = outputStepForward(params, h);                  // (V, 1) scores and probabilities
 *   const dh = outputStepBackward(params, h, p, 3, 1, grads);       // (H, 1); adds into grads.dWhy, grads.dby
 */
import type { Matrix } from "mathjs";
import type { MatrixSet } from "../matrix";
import { cellOutput, cellOutputBackward } from "../rnn/cell";
import type { OutputGradients, OutputParams } from "../rnn/params";
import { softmax } from "../rnn/softmax";

export interface OutputStep {
  y: Matrix; // (V, 1) scores
  p: Matrix; // (V, 1) probabilities of the next token
}

export function outputStepForward(params: OutputParams, h: Matrix): OutputStep {
  const y = cellOutput(params, h); // (V, 1)
  return { y, p: softmax(y) }; // (V, 1)
}

/** The gradient reaching h_t from step t's own loss; `kept` is the step's mask entry (1 or 0). */
export function outputStepBackward(params: OutputParams, h: Matrix, p: Matrix, target: number, kept: number, grads: MatrixSet): Matrix {
  return cellOutputBackward(params, h, p, target, grads as OutputGradients, kept); // (H, 1)
}

/**
 * The one training loop of the course. Every update, for the character model and for the models of
 * articles 06-07 alike, is `trainingStep`:
 *   every parameter must be finite → the model computes its loss and gradients → the loss must be finite
 *   → the gradient norms are measured → clipped (by value, by global norm, or not) → the optimizer updates
 *   the parameters in place → every parameter must still be finite.
 * A NaN or an infinity stops training with one message that names the step and the parameter:
 *   "Training stopped at step 4: a parameter is not finite before the step; parameter Why is NaN at (4, 2)."
 * `trainModel` runs epochs over examples: each epoch visits them in a seeded shuffled order, in minibatches
 * of `batchSize` (the model sums the batch's losses and their gradients), one `trainingStep` per batch.
 *
 * @example
 *   const history = trainModel(tagger, examples, { epochs: 10, batchSize: 8, optimizer: adam(0.01), seed: 1,
 *     clip: { norm: 5 }, evaluate: () => tagger.accuracy(testSentences) });
 *   history.loss;       // mean loss per example, one number per epoch
 *   history.accuracy;   // evaluate() after each epoch
 */
import type { MatrixSet } from "../matrix";
import { createRng } from "../random";
import { clipByNorm, clipByValue, globalNorm } from "./clipping";
import { findNonFinite } from "./finite";
import type { Optimizer } from "./optimizers";

/** Clip each entry into [-value, value], and/or scale all gradients so that their global norm is at most `norm`. */
export interface ClipOptions {
  value?: number;
  norm?: number;
}

export interface UpdateOptions {
  optimizer: Optimizer;
  clip?: ClipOptions; // no clipping by default
}

export interface UpdateRecord {
  step: number;
  loss: number;
  gradNorm: number; // the global norm of all gradients, before clipping
  gradNorms: { [name: string]: number }; // |dX| of every parameter X, before clipping
}

/**
 * The `step`-th update of `params` (in place): `compute` gives the loss and the gradients (named `d` +
 * parameter) of the current parameters; returns what it computed and what the update measured.
 */
export function trainingStep<R extends { loss: number; grads: MatrixSet }>(
  params: MatrixSet,
  step: number,
  options: UpdateOptions,
  compute: () => R,
): { result: R; record: UpdateRecord } {
  if (findNonFinite(params)) throw trainingStopped(step, "a parameter is not finite before the step", params);
  const result = compute();
  const { loss, grads } = result;
  if (!Number.isFinite(loss)) throw trainingStopped(step, `the loss is ${loss}`, params);
  const gradNorms: { [name: string]: number } = {};
  for (const name of Object.keys(params)) {
    const grad = grads["d" + name];
    if (!grad) throw new RangeError(`No gradient d${name} for parameter ${name}: got ${Object.keys(grads).join(", ")}.`);
    gradNorms[name] = globalNorm({ [name]: grad });
  }
  const gradNorm = Math.hypot(...Object.values(gradNorms));
  const clip = options.clip ?? {};
  if (clip.value !== undefined) clipByValue(grads, clip.value);
  if (clip.norm !== undefined) clipByNorm(grads, clip.norm);
  options.optimizer.step(params, grads);
  if (findNonFinite(params)) throw trainingStopped(step, `the update made a parameter non-finite (loss ${loss})`, params);
  return { result, record: { step, loss, gradNorm, gradNorms } };
}

/** The error that stops training: the step, the reason, and the first parameter entry that is not finite. */
export function trainingStopped(step: number, reason: string, params: MatrixSet): Error {
  const bad = findNonFinite(params);
  const where = bad
    ? `parameter ${bad.name} is ${bad.value} at (${bad.row}, ${bad.col})`
    : "every parameter is finite: the scores overflowed (try a smaller learning rate or clipping)";
  return new Error(`Training stopped at step ${step}: ${reason}; ${where}.`);
}

/** What `trainModel` needs from a model: its parameters and, for a batch of examples, the summed loss and its `d`-named gradients. */
export interface TrainableModel<E> {
  readonly params: MatrixSet;
  lossAndGradients(batch: E[]): { loss: number; grads: MatrixSet };
}

export interface TrainOptions extends UpdateOptions {
  epochs: number;
  seed: number; // the order of the examples
  batchSize?: number; // examples per update, 1 by default
  evaluate?: () => number; // e.g. accuracy on held-out examples, after each epoch
  onEpoch?: (record: EpochRecord) => void;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy?: number;
}

export interface TrainHistory {
  loss: number[]; // mean loss per example, per epoch
  accuracy: number[]; // evaluate() per epoch (empty without evaluate)
  gradNorm: number[]; // global gradient norm of every update, before clipping
}

export function trainModel<E>(model: TrainableModel<E>, examples: E[], options: TrainOptions): TrainHistory {
  if (examples.length === 0) throw new RangeError("trainModel needs at least one example, got none.");
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new RangeError(`epochs must be a whole number >= 1, got ${options.epochs}.`);
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}.`);
  const rng = createRng(options.seed);
  const order = examples.map((_, i) => i);
  const history: TrainHistory = { loss: [], accuracy: [], gradNorm: [] };
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1); // Fisher–Yates shuffle
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    for (let first = 0; first < order.length; first += batchSize) {
      const batch = order.slice(first, first + batchSize).map((index) => examples[index]);
      const { record } = trainingStep(model.params, ++step, options, () => model.lossAndGradients(batch));
      total += record.loss;
      history.gradNorm.push(record.gradNorm);
    }
    const record: EpochRecord = { epoch, loss: total / examples.length };
    history.loss.push(record.loss);
    if (options.evaluate) history.accuracy.push((record.accuracy = options.evaluate()));
    if (options.onEpoch) options.onEpoch(record);
  }
  return history;
}

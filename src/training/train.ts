/**
 * One training loop for every model of src/models: each epoch visits the examples in a seeded shuffled
 * order, and for each example computes the loss and gradients, optionally clips them by global norm, and
 * lets the optimizer update the parameters in place.
 *
 * @example
 *   const history = trainModel(tagger, examples, { epochs: 10, optimizer: adam(0.01), seed: 1,
 *     evaluate: () => tagger.accuracy(testSentences) });
 *   history.loss;       // mean loss per example, one number per epoch
 *   history.accuracy;   // evaluate() after each epoch
 */
import { clipByNorm, globalNorm, type MatrixSet } from "./clipping";
import { findNonFinite } from "./finite";
import type { Optimizer } from "./optimizers";
import { createRng } from "../random";

/** What the loop needs from a model: its parameters and, for one example, the loss and `d`-named gradients. */
export interface TrainableModel<E> {
  readonly params: MatrixSet;
  lossAndGradients(example: E): { loss: number; grads: MatrixSet };
}

export interface TrainOptions {
  epochs: number;
  optimizer: Optimizer;
  seed: number; // the order of the examples
  clipNorm?: number; // clip the global gradient norm to this before each update
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
  const rng = createRng(options.seed);
  const order = examples.map((_, i) => i);
  const history: TrainHistory = { loss: [], accuracy: [], gradNorm: [] };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1); // Fisher–Yates shuffle
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    for (const index of order) {
      const { loss, grads } = model.lossAndGradients(examples[index]);
      if (!Number.isFinite(loss)) throw new Error(`Training stopped in epoch ${epoch} at example ${index}: the loss is ${loss}.`);
      total += loss;
      history.gradNorm.push(options.clipNorm !== undefined ? clipByNorm(grads, options.clipNorm) : globalNorm(grads));
      options.optimizer.step(model.params, grads);
    }
    const bad = findNonFinite(model.params);
    if (bad) throw new Error(`Training stopped in epoch ${epoch}: parameter ${bad.name} is ${bad.value} at (${bad.row}, ${bad.col}); try clipping or a smaller learning rate.`);
    const record: EpochRecord = { epoch, loss: total / examples.length };
    history.loss.push(record.loss);
    if (options.evaluate) history.accuracy.push((record.accuracy = options.evaluate()));
    if (options.onEpoch) options.onEpoch(record);
  }
  return history;
}

/**
 * The memory experiment of article 07: for each sequence length, train a fresh classifier (a vanilla RNN
 * by default, or an LSTM or GRU) on the first-token task (same budget for every length) and measure its
 * accuracy on held-out sequences. For the vanilla RNN short sequences are learnt; as the lag grows the
 * accuracy falls towards chance (0.5).
 *
 * @example
 *   memorySuccess(4, { seed: 1 });                   // 1.0;  memorySuccess(30, { seed: 1 }) is near 0.5
 *   memorySuccess(30, { seed: 1, kind: "lstm" });
 */
import { sgd, type Optimizer } from "../training/optimizers";
import type { CellKind } from "../fast/layer";
import { Classifier } from "../models/classifier";
import type { GateBiases } from "../models/model-params";
import { trainModel, type TrainHistory } from "../training/train";
import { firstTokenTask, MEMORY_SIGNALS, memoryVocabulary } from "./first-token-task";

export interface MemoryOptions extends GateBiases {
  seed: number; // weights, data and order
  kind?: CellKind; // the classifier's cell, "rnn" by default
  hiddenSize?: number; // 16 by default
  trainCount?: number; // training sequences, 300 by default
  testCount?: number; // held-out sequences, 200 by default
  epochs?: number; // 4 by default
  batchSize?: number; // sequences per update, 1 by default
  optimizer?: () => Optimizer; // a fresh optimizer per run; plain SGD (lr 0.1) by default, as in Pascanu et al.
  // forgetBias (lstm) and updateBias (gru): the cells' defaults (1 and 0) unless given
}

export interface MemoryRun {
  length: number;
  accuracy: number; // on held-out sequences
  history: TrainHistory;
  classifier: Classifier; // the trained model, to look inside
}

export function memoryRun(length: number, options: MemoryOptions): MemoryRun {
  const seed = options.seed;
  const classifier = new Classifier(memoryVocabulary(), MEMORY_SIGNALS, {
    kind: options.kind, hiddenSize: options.hiddenSize ?? 16, seed, forgetBias: options.forgetBias, updateBias: options.updateBias,
  });
  const train = firstTokenTask(options.trainCount ?? 300, length, 1000 * seed + length);
  const test = firstTokenTask(options.testCount ?? 200, length, 1000 * seed + length + 500);
  const history = trainModel(classifier, train.map((e) => classifier.example(e.tokens, e.label)), {
    epochs: options.epochs ?? 4,
    batchSize: options.batchSize,
    optimizer: options.optimizer ? options.optimizer() : sgd(0.1),
    seed,
  });
  return { length, accuracy: classifier.accuracy(test), history, classifier };
}

/** The held-out accuracy after training at this length. */
export function memorySuccess(length: number, options: MemoryOptions): number {
  return memoryRun(length, options).accuracy;
}

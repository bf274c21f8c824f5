/**
 * The parameters of a model with one recurrent layer and one output layer (tagger, classifier, generator,
 * decoder), and the options they are made with.
 *
 * @example
 *   const params: SequenceModelParams = { ...initRecurrent(V, H, rng), ...initOutput(K, H, rng) };
 */
import type { OutputParams } from "./output-layer";
import type { RecurrentParams } from "./recurrent-layer";

export type SequenceModelParams = RecurrentParams & OutputParams; // Wxh (H, V), Whh (H, H), bh (H, 1), Why (K, H), by (K, 1)

export interface ModelOptions {
  hiddenSize?: number; // H, 16 by default
  seed?: number; // the weights' seed, 1 by default
  scale?: number; // the weights' standard deviation, 0.1 by default
}

/**
 * The article's parameter argument, as arithmetic: how many numbers the first layer must learn when a
 * dense network reads a whole padded sentence at once, versus an RNN that reads one token a step and
 * shares its weights across steps. Both counts cover only the layer that reads the input (the output
 * layer would add the same for both), and report weights and biases apart: the article's "4 million"
 * counts weights only.
 */

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}.`);
  }
}

export interface DenseParameterCount {
  /** maxTokens × vocabularySize: every position of the padded sentence gets its own one-hot block. */
  inputWidth: number;
  /** inputWidth × hidden: one weight per input number per hidden unit. */
  weights: number;
  /** One bias per hidden unit. */
  biases: number;
  total: number;
}

/**
 * A dense layer fed the one-hot vectors of a padded sentence, concatenated.
 *
 * @example
 *   denseParameterCount({ maxTokens: 20, vocabularySize: 20_000, hidden: 10 });
 *   // { inputWidth: 400_000, weights: 4_000_000, biases: 10, total: 4_000_010 }
 */
export function denseParameterCount(sizes: { maxTokens: number; vocabularySize: number; hidden: number }): DenseParameterCount {
  const { maxTokens, vocabularySize, hidden } = sizes;
  checkCount("maxTokens", maxTokens);
  checkCount("vocabularySize", vocabularySize);
  checkCount("hidden", hidden);
  const inputWidth = maxTokens * vocabularySize;
  const weights = inputWidth * hidden;
  return { inputWidth, weights, biases: hidden, total: weights + hidden };
}

export interface RnnParameterCount {
  /** Wxh is (H, V): input to hidden. */
  Wxh: number;
  /** Whh is (H, H): previous hidden state to hidden. */
  Whh: number;
  /** bh is (H, 1). */
  bh: number;
  weights: number;
  biases: number;
  total: number;
}

/**
 * An RNN's hidden layer: the same Wxh, Whh and bh at every time step, so no sentence length appears.
 *
 * @example
 *   rnnParameterCount({ vocabularySize: 20_000, hidden: 10 });
 *   // { Wxh: 200_000, Whh: 100, bh: 10, weights: 200_100, biases: 10, total: 200_110 }
 */
export function rnnParameterCount(sizes: { vocabularySize: number; hidden: number }): RnnParameterCount {
  const { vocabularySize, hidden } = sizes;
  checkCount("vocabularySize", vocabularySize);
  checkCount("hidden", hidden);
  const Wxh = hidden * vocabularySize;
  const Whh = hidden * hidden;
  return { Wxh, Whh, bh: hidden, weights: Wxh + Whh, biases: hidden, total: Wxh + Whh + hidden };
}

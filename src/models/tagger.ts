/**
 * Many to many, equal lengths: one label per token (part-of-speech tagging, named entities). The cell runs
 * over the sentence and the output layer reads every hidden state:
 *   h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh),   p_t = softmax(Why·h_t + by),   L = Σ_t -log p_t[tag_t]
 *
 * @example
 *   const tagger = new Tagger(vocabulary, ["DET", "NOUN", "VERB"], { hiddenSize: 16, seed: 1 });
 *   trainModel(tagger, sentences.map((s) => tagger.example(s.tokens, s.tags)), { epochs: 5, optimizer: adam(0.01), seed: 1 });
 *   tagger.predict(["the", "cook", "tastes", "the", "soup"]);   // ["DET", "NOUN", "VERB", "DET", "NOUN"]
 */
import type { MatrixSet } from "../training/clipping";
import { createRng } from "../random";
import type { Vocabulary } from "../text/vocabulary";
import { checkLabels, labelId } from "./labels";
import { argmax, initOutput, outputBackward, outputProbabilities, zeroOutputGradients, type OutputGradients } from "./output-layer";
import { resetGradients } from "./gradient-buffers";
import { initRecurrent, recurrentBackward, recurrentForward, zeroRecurrentGradients, type RecurrentGradients } from "./recurrent-layer";
import type { ModelOptions, SequenceModelParams } from "./model-params";

export interface TaggerExample {
  inputs: number[]; // token ids
  targets: number[]; // tag ids, one per token
}

export interface TaggedSentence {
  tokens: string[];
  tags: string[];
}

export class Tagger {
  readonly params: SequenceModelParams;
  private readonly rec: RecurrentGradients; // reused by every call (see gradient-buffers.ts)
  private readonly out: OutputGradients;

  constructor(readonly vocabulary: Vocabulary, readonly tags: readonly string[], options: ModelOptions = {}) {
    checkLabels(tags);
    const H = options.hiddenSize ?? 16, rng = createRng(options.seed ?? 1);
    this.params = { ...initRecurrent(vocabulary.size, H, rng, options.scale), ...initOutput(tags.length, H, rng, options.scale) };
    this.rec = zeroRecurrentGradients(H, vocabulary.size);
    this.out = zeroOutputGradients(tags.length, H);
  }

  /** Token ids and tag ids of one sentence; the two lists must have the same length. */
  example(tokens: string[], tags: string[]): TaggerExample {
    if (tokens.length !== tags.length) throw new RangeError(`A tagged sentence needs one tag per token, got ${tokens.length} tokens and ${tags.length} tags.`);
    if (tokens.length === 0) throw new RangeError("A tagged sentence needs at least one token, got none.");
    return { inputs: this.vocabulary.encode(tokens), targets: tags.map((tag) => labelId(this.tags, tag)) };
  }

  lossAndGradients(example: TaggerExample): { loss: number; grads: MatrixSet } {
    const { inputs, targets } = example;
    if (inputs.length !== targets.length) throw new RangeError(`Got ${inputs.length} tokens but ${targets.length} tags: one tag per token.`);
    const pass = recurrentForward(this.params, inputs);
    const rec = resetGradients(this.rec), out = resetGradients(this.out);
    let loss = 0;
    const dhOut = targets.map((target, t) => {
      const step = outputBackward(this.params, pass.hs[t + 1], target, out); // a loss at every step
      loss += step.loss;
      return step.dh;
    });
    recurrentBackward(this.params, pass, dhOut, rec);
    return { loss, grads: { ...rec, ...out } };
  }

  /** The most probable tag of every token. */
  predict(tokens: string[]): string[] {
    if (tokens.length === 0) return [];
    const pass = recurrentForward(this.params, this.vocabulary.encode(tokens));
    return tokens.map((_, t) => this.tags[argmax(outputProbabilities(this.params, pass.hs[t + 1]))]);
  }

  /** The fraction of tokens tagged right. */
  accuracy(sentences: TaggedSentence[]): number {
    let right = 0, total = 0;
    for (const s of sentences) {
      this.predict(s.tokens).forEach((tag, t) => (right += tag === s.tags[t] ? 1 : 0));
      total += s.tokens.length;
    }
    return total === 0 ? 0 : right / total;
  }
}

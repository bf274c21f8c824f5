/**
 * Many to many, equal lengths: one label per token (part-of-speech tagging, named entities). The recurrent
 * layer runs over the sentence and the output head reads every state:
 *   h_t = cell(x_t, h_{t-1}),   p_t = softmax(Why·h_t + by),   L = Σ_t -log p_t[tag_t]
 * A batch pads its sentences at the end and masks the padded steps out of the loss.
 *
 * @example
 *   const tagger = new Tagger(vocabulary, ["DET", "NOUN", "VERB"], { hiddenSize: 16, seed: 1 });
 *   trainModel(tagger, sentences.map((s) => tagger.example(s.tokens, s.tags)), { epochs: 5, optimizer: adam(0.01), seed: 1 });
 *   tagger.predict(["the", "cook", "tastes", "the", "soup"]);   // ["DET", "NOUN", "VERB", "DET", "NOUN"]
 */
import { layerBackward, layerForward, type CellKind } from "../fast/layer";
import type { MatrixSet } from "../matrix";
import { createRng } from "../random";
import { padSequences } from "../text/padding";
import type { Vocabulary } from "../text/vocabulary";
import { resetGradients } from "./gradient-buffers";
import { checkLabels, labelId } from "./labels";
import { cellParams, initModelParams, zeroModelGradients, type ModelOptions } from "./model-params";
import { outputBackward, outputProbabilities } from "./output-head";
import { argmax } from "./sampling";

export interface TaggerExample {
  inputs: number[]; // token ids
  targets: number[]; // tag ids, one per token
}

export interface TaggedSentence {
  tokens: string[];
  tags: string[];
}

export class Tagger {
  readonly kind: CellKind;
  readonly params: MatrixSet;
  private readonly grads: MatrixSet; // reused by every call (see gradient-buffers.ts)

  constructor(readonly vocabulary: Vocabulary, readonly tags: readonly string[], options: ModelOptions = {}) {
    checkLabels(tags);
    this.kind = options.kind ?? "rnn";
    this.params = initModelParams(this.kind, vocabulary.size, options.hiddenSize ?? 16, tags.length, createRng(options.seed ?? 1), options.scale, options);
    this.grads = zeroModelGradients(this.params);
  }

  /** Token ids and tag ids of one sentence; the two lists must have the same length. */
  example(tokens: string[], tags: string[]): TaggerExample {
    if (tokens.length !== tags.length) throw new RangeError(`A tagged sentence needs one tag per token, got ${tokens.length} tokens and ${tags.length} tags.`);
    if (tokens.length === 0) throw new RangeError("A tagged sentence needs at least one token, got none.");
    return { inputs: this.vocabulary.encode(tokens), targets: tags.map((tag) => labelId(this.tags, tag)) };
  }

  /** The summed loss of one example or a batch, and its gradients (overwritten by the next call). */
  lossAndGradients(examples: TaggerExample | TaggerExample[]): { loss: number; grads: MatrixSet } {
    const batch = Array.isArray(examples) ? examples : [examples];
    for (const { inputs, targets } of batch) {
      if (inputs.length !== targets.length) throw new RangeError(`Got ${inputs.length} tokens but ${targets.length} tags: one tag per token.`);
    }
    const { ids, mask } = padSequences(batch.map((e) => e.inputs));
    const pass = layerForward(this.kind, cellParams(this.kind, this.params), ids);
    const grads = resetGradients(this.grads);
    let loss = 0;
    const dhOut = Array.from({ length: pass.T }, (_, s) => {
      const targets = batch.map((e, b) => (mask[b][s] === 1 ? e.targets[s] : null)); // padding: no loss
      const step = outputBackward(this.params, pass.state(s + 1), targets, grads); // a loss at every step
      loss += step.loss;
      return step.dh;
    });
    layerBackward(pass, dhOut, grads);
    return { loss, grads };
  }

  /** The most probable tag of every token. */
  predict(tokens: string[]): string[] {
    if (tokens.length === 0) return [];
    const pass = layerForward(this.kind, cellParams(this.kind, this.params), [this.vocabulary.encode(tokens)]);
    return tokens.map((_, s) => this.tags[argmax(outputProbabilities(this.params, pass.state(s + 1))[0])]);
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

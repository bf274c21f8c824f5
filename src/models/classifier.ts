/**
 * Many to one: one label per sequence (sentiment, a rating). The recurrent layer reads every token; only
 * the state after the last token goes through the output head:
 *   h_T = the state after the last token,   p = softmax(Why·h_T + by),   L = -log p[label]
 * A batch pads its sequences at the end; each sequence is classified from the state after its own last
 * token, so a batch gives the same loss and gradients as its sequences one by one.
 *
 * @example
 *   const classifier = new Classifier(vocabulary, ["negative", "positive"], { kind: "gru", hiddenSize: 16, seed: 1 });
 *   classifier.predict(tokenize("delightful place to have dinner")).label;   // "positive", once trained
 */
import { layerBackward, layerForward, type CellKind, type LayerPass } from "../fast/layer";
import type { MatrixSet } from "../matrix";
import { createRng } from "../random";
import { padSequences } from "../text/padding";
import type { Vocabulary } from "../text/vocabulary";
import { resetGradients } from "./gradient-buffers";
import { checkLabels, labelId } from "./labels";
import { gradientsAt, statesAt } from "./last-states";
import { cellParams, initModelParams, zeroModelGradients, type ModelOptions } from "./model-params";
import { outputBackward, outputProbabilities } from "./output-head";
import { argmax } from "./sampling";

export interface ClassifierExample {
  inputs: number[]; // token ids
  label: number; // label id
}

export interface LabelledSequence {
  tokens: string[];
  label: string;
}

export interface Classification {
  label: string;
  probabilities: number[]; // one per label
}

export class Classifier {
  readonly kind: CellKind;
  readonly params: MatrixSet;
  private readonly grads: MatrixSet; // reused by every call (see gradient-buffers.ts)

  constructor(readonly vocabulary: Vocabulary, readonly labels: readonly string[], options: ModelOptions = {}) {
    checkLabels(labels);
    this.kind = options.kind ?? "rnn";
    this.params = initModelParams(this.kind, vocabulary.size, options.hiddenSize ?? 16, labels.length, createRng(options.seed ?? 1), options.scale, options);
    this.grads = zeroModelGradients(this.params);
  }

  example(tokens: string[], label: string): ClassifierExample {
    return { inputs: this.vocabulary.encode(tokens), label: labelId(this.labels, label) };
  }

  /** The layer over a padded batch, and the step of each sequence's last token. */
  private run(sequences: number[][]): { pass: LayerPass; lengths: number[] } {
    sequences.forEach((s) => {
      if (s.length === 0) throw new RangeError("The classifier got an empty sequence: its label comes from the last hidden state, so it needs at least one token.");
    });
    const { ids } = padSequences(sequences);
    return { pass: layerForward(this.kind, cellParams(this.kind, this.params), ids), lengths: sequences.map((s) => s.length) };
  }

  /** The summed loss of one example or a batch, and its gradients (overwritten by the next call). */
  lossAndGradients(examples: ClassifierExample | ClassifierExample[]): { loss: number; grads: MatrixSet } {
    const batch = Array.isArray(examples) ? examples : [examples];
    const { pass, lengths } = this.run(batch.map((e) => e.inputs));
    const grads = resetGradients(this.grads);
    const { loss, dh } = outputBackward(this.params, statesAt(pass, lengths), batch.map((e) => e.label), grads); // the last step only
    layerBackward(pass, gradientsAt(dh, lengths, pass.T), grads);
    return { loss, grads };
  }

  predict(tokens: string[]): Classification {
    const { pass, lengths } = this.run([this.vocabulary.encode(tokens)]);
    const [probabilities] = outputProbabilities(this.params, statesAt(pass, lengths));
    return { label: this.labels[argmax(probabilities)], probabilities };
  }

  /** The fraction of sequences labelled right. */
  accuracy(data: LabelledSequence[]): number {
    if (data.length === 0) return 0;
    return data.filter((d) => this.predict(d.tokens).label === d.label).length / data.length;
  }
}

/**
 * Many to one: one label per sequence (sentiment, a rating). The cell reads every token; only the last
 * hidden state goes through the output layer:
 *   h_T = the state after the last token,   p = softmax(Why·h_T + by),   L = -log p[label]
 *
 * @example
 *   const classifier = new Classifier(vocabulary, ["negative", "positive"], { hiddenSize: 16, seed: 1 });
 *   classifier.predict(tokenize("delightful place to have dinner")).label;   // "positive", once trained
 */
import type { MatrixSet } from "../training/clipping";
import { createRng } from "../random";
import type { Vocabulary } from "../text/vocabulary";
import { checkLabels, labelId } from "./labels";
import type { ModelOptions, SequenceModelParams } from "./model-params";
import { argmax, initOutput, outputBackward, outputProbabilities, zeroOutputGradients, type OutputGradients } from "./output-layer";
import { resetGradients } from "./gradient-buffers";
import { initRecurrent, recurrentBackward, recurrentForward, zeroRecurrentGradients, type RecurrentGradients, type RecurrentPass } from "./recurrent-layer";

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
  readonly params: SequenceModelParams;
  private readonly rec: RecurrentGradients; // reused by every call (see gradient-buffers.ts)
  private readonly out: OutputGradients;

  constructor(readonly vocabulary: Vocabulary, readonly labels: readonly string[], options: ModelOptions = {}) {
    checkLabels(labels);
    const H = options.hiddenSize ?? 16, rng = createRng(options.seed ?? 1);
    this.params = { ...initRecurrent(vocabulary.size, H, rng, options.scale), ...initOutput(labels.length, H, rng, options.scale) };
    this.rec = zeroRecurrentGradients(H, vocabulary.size);
    this.out = zeroOutputGradients(labels.length, H);
  }

  example(tokens: string[], label: string): ClassifierExample {
    return { inputs: this.vocabulary.encode(tokens), label: labelId(this.labels, label) };
  }

  /** Forward over the tokens; an empty sequence has no last hidden state to classify. */
  private run(inputs: number[]): RecurrentPass {
    if (inputs.length === 0) throw new RangeError("The classifier got an empty sequence: its label comes from the last hidden state, so it needs at least one token.");
    return recurrentForward(this.params, inputs);
  }

  lossAndGradients(example: ClassifierExample): { loss: number; grads: MatrixSet } {
    const pass = this.run(example.inputs);
    const T = example.inputs.length;
    const rec = resetGradients(this.rec), out = resetGradients(this.out);
    const { loss, dh } = outputBackward(this.params, pass.hs[T], example.label, out); // the last step only
    recurrentBackward(this.params, pass, example.inputs.map((_, t) => (t === T - 1 ? dh : null)), rec);
    return { loss, grads: { ...rec, ...out } };
  }

  predict(tokens: string[]): Classification {
    const pass = this.run(this.vocabulary.encode(tokens));
    const probabilities = outputProbabilities(this.params, pass.hs[tokens.length]);
    return { label: this.labels[argmax(probabilities)], probabilities };
  }

  /** The fraction of sequences labelled right. */
  accuracy(data: LabelledSequence[]): number {
    if (data.length === 0) return 0;
    return data.filter((d) => this.predict(d.tokens).label === d.label).length / data.length;
  }
}

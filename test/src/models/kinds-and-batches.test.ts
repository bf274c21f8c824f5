// Every model on every cell kind: gradients by finite differences, and a batch equals its examples one by one.
import { describe, expect, it } from "vitest";
import { Classifier, EncoderDecoder, Generator, MEMORY_SIGNALS, memoryVocabulary, Tagger, Vocabulary, type MatrixSet } from "../../../src/index";
import { copyGradients, randomize, worstRelativeError } from "./check";

const KINDS = ["rnn", "lstm", "gru"] as const;

/** The loss and gradients of a batch, against the sums over its examples one at a time. */
function expectBatchIsSum<E>(model: { lossAndGradients(e: E | E[]): { loss: number; grads: MatrixSet } }, examples: E[]): void {
  const batch = model.lossAndGradients(examples);
  const batchLoss = batch.loss, batchGrads = copyGradients(batch.grads);
  let loss = 0;
  const sums: { [name: string]: number[][] } = {};
  for (const example of examples) {
    const one = model.lossAndGradients(example);
    loss += one.loss;
    for (const name of Object.keys(one.grads)) {
      const rows = one.grads[name].valueOf() as number[][];
      sums[name] = sums[name] ? sums[name].map((row, i) => row.map((v, j) => v + rows[i][j])) : rows.map((row) => row.slice());
    }
  }
  expect(Math.abs(batchLoss - loss)).toBeLessThan(1e-12 * Math.max(1, loss));
  for (const name of Object.keys(sums)) {
    const got = batchGrads[name].valueOf() as number[][];
    const worst = Math.max(...sums[name].flatMap((row, i) => row.map((v, j) => Math.abs(v - got[i][j]))));
    expect(worst, name).toBeLessThan(1e-12);
  }
}

describe.each(KINDS)("the models with a %s cell", (kind) => {
  const words = new Vocabulary(["the", "cook", "tastes", "soup", "a"]);

  it("Classifier: gradients agree with finite differences; a padded batch of unequal sequences is the sum of its sequences", () => {
    const classifier = new Classifier(memoryVocabulary(), MEMORY_SIGNALS, { kind, hiddenSize: 3, seed: 2 });
    randomize(classifier.params, 0.5, 4);
    const examples = [classifier.example(["A", "c", "d"], "A"), classifier.example(["B", "e"], "B"), classifier.example(["A", "f", "c", "c", "d"], "A")];
    expect(worstRelativeError(classifier, examples)).toBeLessThan(1e-6);
    expectBatchIsSum(classifier, examples);
  });

  it("Tagger: gradients agree with finite differences; a batch is the sum of its sentences", () => {
    const tagger = new Tagger(words, ["DET", "NOUN", "VERB"], { kind, hiddenSize: 3, seed: 2 });
    randomize(tagger.params, 0.5, 5);
    const examples = [tagger.example(["the", "cook", "tastes", "a", "soup"], ["DET", "NOUN", "VERB", "DET", "NOUN"]), tagger.example(["a", "cook"], ["DET", "NOUN"])];
    expect(worstRelativeError(tagger, examples)).toBeLessThan(1e-6);
    expectBatchIsSum(tagger, examples);
  });

  it("Generator: gradients agree with finite differences; a batch of names of different lengths is the sum of its names", () => {
    const letters = new Vocabulary(Array.from("abcde"));
    const generator = new Generator(letters, { kind, hiddenSize: 3, seed: 2 });
    randomize(generator.params, 0.5, 6);
    const examples = ["abc", "e", "dcba"].map((name) => generator.example(Array.from(name)));
    expect(worstRelativeError(generator, examples)).toBeLessThan(1e-6);
    expectBatchIsSum(generator, examples);
    expect(generator.generate({ seed: 1, maxLength: 5 }).every((token) => letters.has(token) || token === "<PAD>")).toBe(true);
  });

  it("EncoderDecoder: gradients through the hand-over agree with finite differences; a batch of unequal sources is the sum of its pairs", () => {
    const letters = new Vocabulary(Array.from("abcd"));
    const model = new EncoderDecoder(letters, letters, { kind, hiddenSize: 3, seed: 2 });
    randomize(model.params, 0.5, 7);
    const pairs = [model.pair(["a", "b", "c"], ["c", "b", "a"], 4), model.pair(["d"], ["d"], 4), model.pair(["b", "a"], ["a", "b"], 4)];
    expect(worstRelativeError(model, pairs)).toBeLessThan(1e-6);
    expectBatchIsSum(model, pairs);
  });
});

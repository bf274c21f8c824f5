import { describe, expect, it } from "vitest";
import { adam, Classifier, RESTAURANT_REVIEWS, reviewSplit, tokenize, trainModel, Vocabulary } from "../../../src/index";
import { randomize, worstRelativeError } from "./check";

describe("Classifier (many to one)", () => {
  const { train, test } = reviewSplit();
  const vocabulary = Vocabulary.fromSentences(train.map((r) => r.text));
  const labelled = (reviews: typeof train) => reviews.map((r) => ({ tokens: tokenize(r.text), label: r.label }));

  it("ships 64 reviews, half positive, and holds out 16 of them, half positive", () => {
    expect(RESTAURANT_REVIEWS).toHaveLength(64);
    expect(RESTAURANT_REVIEWS.filter((r) => r.label === "positive")).toHaveLength(32);
    expect(test).toHaveLength(16);
    expect(test.filter((r) => r.label === "positive")).toHaveLength(8);
  });

  it("has gradients that agree with finite differences (relative error < 1e-6)", () => {
    const classifier = new Classifier(vocabulary, ["negative", "positive"], { hiddenSize: 5, seed: 2 });
    randomize(classifier.params, 0.5, 4);
    expect(worstRelativeError(classifier, classifier.example(tokenize(train[1].text), train[1].label))).toBeLessThan(1e-6);
  });

  it("learns every training review and labels at least 75 % of the held-out reviews right", () => {
    const classifier = new Classifier(vocabulary, ["negative", "positive"], { hiddenSize: 16, seed: 1 });
    const history = trainModel(classifier, train.map((r) => classifier.example(tokenize(r.text), r.label)), { epochs: 30, optimizer: adam(0.01), seed: 1 });
    expect(history.loss[29]).toBeLessThan(0.05);
    expect(classifier.accuracy(labelled(train))).toBe(1);
    expect(classifier.accuracy(labelled(test))).toBeGreaterThanOrEqual(0.75);
    const p = classifier.predict(tokenize("delightful place to have dinner")).probabilities;
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
  });

  it("starts the gate that keeps the state at the bias it is given, and refuses a bias its cell does not have", () => {
    const entries = (c: Classifier, name: string) => (c.params[name].toArray() as number[][]).flat();
    expect(entries(new Classifier(vocabulary, ["negative", "positive"], { kind: "lstm", hiddenSize: 3, forgetBias: 3 }), "bf")).toEqual([3, 3, 3]);
    expect(entries(new Classifier(vocabulary, ["negative", "positive"], { kind: "lstm", hiddenSize: 3 }), "bf")).toEqual([1, 1, 1]);
    expect(entries(new Classifier(vocabulary, ["negative", "positive"], { kind: "gru", hiddenSize: 3, updateBias: -2 }), "bz")).toEqual([-2, -2, -2]);
    expect(() => new Classifier(vocabulary, ["negative", "positive"], { kind: "gru", forgetBias: 3 })).toThrow("forgetBias is the LSTM's forget-gate bias, but the cell is gru.");
    expect(() => new Classifier(vocabulary, ["negative", "positive"], { updateBias: 3 })).toThrow("updateBias is the GRU's update-gate bias, but the cell is rnn.");
  });

  it("refuses an empty sequence with a clear error", () => {
    const classifier = new Classifier(vocabulary, ["negative", "positive"]);
    const message = "The classifier got an empty sequence: its label comes from the last hidden state, so it needs at least one token.";
    expect(() => classifier.predict([])).toThrow(message);
    expect(() => classifier.lossAndGradients({ inputs: [], label: 0 })).toThrow(message);
  });

  it("reads a word it has never seen as <UNK>", () => {
    const classifier = new Classifier(vocabulary, ["negative", "positive"]);
    expect(classifier.example(["zzz"], "positive").inputs).toEqual([3]);
  });
});

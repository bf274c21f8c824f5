import { describe, expect, it } from "vitest";
import { denseParameterCount, rnnParameterCount } from "../../../src/rnn/parameter-count";

describe("denseParameterCount", () => {
  it("gives the article's numbers: 20 tokens x 20,000 words = 400,000 inputs; x 10 hidden = 4,000,000 weights", () => {
    expect(denseParameterCount({ maxTokens: 20, vocabularySize: 20_000, hidden: 10 })).toEqual({
      inputWidth: 400_000,
      weights: 4_000_000,
      biases: 10,
      total: 4_000_010,
    });
  });

  it("grows in proportion to the sentence length", () => {
    const at = (maxTokens: number) => denseParameterCount({ maxTokens, vocabularySize: 15, hidden: 3 }).weights;
    expect([at(5), at(6), at(40)]).toEqual([225, 270, 1800]);
  });

  it("names a bad size", () => {
    expect(() => denseParameterCount({ maxTokens: 0, vocabularySize: 20_000, hidden: 10 })).toThrow(
      "maxTokens must be a positive integer, got 0.",
    );
    expect(() => denseParameterCount({ maxTokens: 20, vocabularySize: Number.NaN, hidden: 10 })).toThrow(
      "vocabularySize must be a positive integer, got NaN.",
    );
  });
});

describe("rnnParameterCount", () => {
  it("counts Wxh (H, V), Whh (H, H) and bh (H, 1): 200,000 + 100 + 10", () => {
    expect(rnnParameterCount({ vocabularySize: 20_000, hidden: 10 })).toEqual({
      Wxh: 200_000,
      Whh: 100,
      bh: 10,
      weights: 200_100,
      biases: 10,
      total: 200_110,
    });
  });

  it("does not depend on the sentence length, unlike the dense count", () => {
    const rnn = rnnParameterCount({ vocabularySize: 15, hidden: 3 }).total;
    expect(rnn).toBe(15 * 3 + 3 * 3 + 3);
    // The dense layer overtakes the RNN's once the sentence has more than one token.
    expect(denseParameterCount({ maxTokens: 1, vocabularySize: 15, hidden: 3 }).total).toBeLessThan(rnn);
    expect(denseParameterCount({ maxTokens: 2, vocabularySize: 15, hidden: 3 }).total).toBeGreaterThan(rnn);
  });

  it("names a bad size", () => {
    expect(() => rnnParameterCount({ vocabularySize: 20_000, hidden: -4 })).toThrow("hidden must be a positive integer, got -4.");
  });
});

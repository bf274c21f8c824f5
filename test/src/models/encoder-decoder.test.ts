import { describe, expect, it } from "vitest";
import { adam, EncoderDecoder, REVERSAL_LETTERS, reversalPairs, trainModel, Vocabulary } from "../../../src/index";
import { copyGradients, randomize, worstRelativeError } from "./check";

describe("EncoderDecoder (many to many, unequal lengths)", () => {
  const letters = new Vocabulary(REVERSAL_LETTERS);

  it("has gradients through decoder, hand-over and encoder that agree with finite differences", () => {
    const model = new EncoderDecoder(letters, letters, { hiddenSize: 4, seed: 2 });
    randomize(model.params, 0.5, 6);
    expect(Object.keys(model.params)).toEqual(["encWxh", "encWhh", "encbh", "Wxh", "Whh", "Why", "bh", "by"]);
    expect(worstRelativeError(model, model.pair(["a", "b", "c"], ["c", "b", "a"], 5))).toBeLessThan(1e-6);
  });

  it("masks padding: a padded target gives exactly the loss and gradients of the unpadded one", () => {
    const model = new EncoderDecoder(letters, letters, { hiddenSize: 6, seed: 3 });
    const a = model.lossAndGradients(model.pair(["a", "d"], ["d", "a"]));
    const gradsA = copyGradients(a.grads);
    const b = model.lossAndGradients(model.pair(["a", "d", "<PAD>", "<PAD>"], ["d", "a"], 5));
    expect(b.loss).toBe(a.loss);
    for (const name of Object.keys(gradsA)) expect(b.grads[name].valueOf()).toEqual(gradsA[name].valueOf());
  });

  it("reverses at least 90 % of held-out letter sequences exactly after 3 epochs", () => {
    const model = new EncoderDecoder(letters, letters, { hiddenSize: 48, seed: 1 });
    const train = reversalPairs(1500, 1, 2, 4), test = reversalPairs(200, 2, 2, 4);
    const history = trainModel(model, train.map((p) => model.pair(p.source, p.target, 4)), { epochs: 3, optimizer: adam(0.005), seed: 1, clip: { norm: 5 } });
    expect(history.loss[2]).toBeLessThan(history.loss[0]);
    expect(model.exactMatch(test)).toBeGreaterThanOrEqual(0.9);
  });

  it("names a vocabulary mismatch between the pair and the encoder or decoder", () => {
    const digits = new Vocabulary(["1", "2", "3"]);
    const model = new EncoderDecoder(letters, digits, { hiddenSize: 4 });
    const swapped = new EncoderDecoder(digits, letters, { hiddenSize: 4 }).pair(["1"], ["a"]);
    expect(() => model.lossAndGradients(swapped)).toThrow(
      "Vocabulary mismatch: the pair's source was encoded with a vocabulary of 7 tokens, but the encoder reads 10 tokens (it is the decoder's vocabulary: source and target are swapped)",
    );
    const other = new EncoderDecoder(letters, new Vocabulary(["x"]), { hiddenSize: 4 }).pair(["a"], ["x"]);
    expect(() => model.lossAndGradients(other)).toThrow("the pair's target was encoded with a vocabulary of 5 tokens, but the decoder reads 7 tokens");
  });

  it("refuses to decode fewer than one token, and an empty source", () => {
    const model = new EncoderDecoder(letters, letters, { hiddenSize: 4 });
    expect(() => model.translate(["a"], { maxLength: 0 })).toThrow("maxLength must be a whole number >= 1");
    expect(() => model.translate([])).toThrow("The encoder got an empty source");
  });
});

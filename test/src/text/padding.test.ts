import { describe, expect, it } from "vitest";
import { padSequences } from "../../../src/text/padding";
import { tokenize } from "../../../src/text/tokenize";
import { Vocabulary } from "../../../src/text/vocabulary";
import { REVIEWS } from "../reviews";

describe("padSequences", () => {
  const vocabulary = Vocabulary.fromSentences(REVIEWS);
  const encoded = REVIEWS.map((review) => vocabulary.encode(tokenize(review)));

  it("pads the 5-token review to 6 with <PAD> (id 0) and masks the padding", () => {
    expect(padSequences(encoded)).toEqual({
      ids: [
        [4, 5, 6, 7, 8, 0],
        [9, 10, 11, 12, 13, 14],
      ],
      mask: [
        [1, 1, 1, 1, 1, 0],
        [1, 1, 1, 1, 1, 1],
      ],
    });
  });

  it("pads to a given length, with <SOS>/<EOS> counted as real tokens", () => {
    const withMarks = REVIEWS.map((review) => vocabulary.encode(tokenize(review), { addSosEos: true }));
    const { ids, mask } = padSequences(withMarks, { length: 10 });
    expect(ids).toEqual([
      [1, 4, 5, 6, 7, 8, 2, 0, 0, 0],
      [1, 9, 10, 11, 12, 13, 14, 2, 0, 0],
    ]);
    expect(mask.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([7, 8]);
  });

  it("uses another padding id when asked", () => {
    expect(padSequences([[5], [6, 7]], { padId: 9 }).ids).toEqual([
      [5, 9],
      [6, 7],
    ]);
  });

  it("cuts long sequences only when asked, and otherwise says which one and by how much", () => {
    expect(() => padSequences(encoded, { length: 5 })).toThrow(
      "Sequence 1 has 6 tokens, more than the padding length 5; raise the length or pass { truncate: true } to cut it.",
    );
    expect(padSequences(encoded, { length: 3, truncate: true })).toEqual({
      ids: [
        [4, 5, 6],
        [9, 10, 11],
      ],
      mask: [
        [1, 1, 1],
        [1, 1, 1],
      ],
    });
  });

  it("names a bad length or padding id", () => {
    expect(() => padSequences(encoded, { length: -1 })).toThrow("Padding length must be a non-negative integer, got -1.");
    expect(() => padSequences(encoded, { length: Number.NaN })).toThrow("got NaN");
    expect(() => padSequences(encoded, { length: 6.5 })).toThrow("got 6.5");
    expect(() => padSequences(encoded, { padId: -3 })).toThrow("The padding id must be a non-negative integer, got -3.");
    expect(() => padSequences([[1], 2] as unknown as number[][])).toThrow("each an array of token ids");
  });

  it("returns nothing for no sequences", () => {
    expect(padSequences([])).toEqual({ ids: [], mask: [] });
  });
});

import { isMatrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { oneHot, oneHotSequence } from "../../../src/text/one-hot";
import { tokenize } from "../../../src/text/tokenize";
import { Vocabulary } from "../../../src/text/vocabulary";
import { REVIEWS } from "../reviews";

describe("oneHot", () => {
  it("is a (size, 1) column with a single 1 at the id", () => {
    const x = oneHot(2, 4);
    expect(isMatrix(x)).toBe(true);
    expect(x.size()).toEqual([4, 1]);
    expect(x.toArray()).toEqual([[0], [0], [1], [0]]);
  });

  it("encodes 'dinner' (id 8) in the reviews' 15-word vocabulary", () => {
    const vocabulary = Vocabulary.fromSentences(REVIEWS);
    const column = (oneHot(vocabulary.idOf("dinner"), vocabulary.size).toArray() as number[][]).map((row) => row[0]);
    expect(column).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("names the id and the size when the id is out of range", () => {
    expect(() => oneHot(15, 15)).toThrow("Token id 15 is out of range: expected an integer from 0 to 14 (vocabulary size 15).");
    expect(() => oneHot(-2, 4)).toThrow("Token id -2 is out of range: expected an integer from 0 to 3 (vocabulary size 4)");
    expect(() => oneHot(Number.NaN, 4)).toThrow("Token id NaN is out of range");
    expect(() => oneHot(0, 0)).toThrow("vocabulary size that is a positive integer, got 0.");
  });
});

describe("oneHotSequence", () => {
  const vocabulary = Vocabulary.fromSentences(REVIEWS);

  it("puts one column per time step: (V, Tx) = (15, 6) for the second review", () => {
    const ids = vocabulary.encode(tokenize(REVIEWS[1])); // [9, 10, 11, 12, 13, 14]
    const X = oneHotSequence(ids, vocabulary.size);
    expect(isMatrix(X)).toBe(true);
    expect(X.size()).toEqual([15, 6]);
    const rows = X.toArray() as number[][];
    // Column t has its 1 in row ids[t] and nowhere else.
    for (let t = 0; t < ids.length; t++) {
      expect(rows.map((row) => row[t])).toEqual(oneHot(ids[t], 15).toArray().map((row) => (row as number[])[0]));
      expect(rows.reduce((sum, row) => sum + row[t], 0)).toBe(1);
    }
    expect(rows[9]).toEqual([1, 0, 0, 0, 0, 0]); // "Food" at t = 1
    expect(rows[14]).toEqual([0, 0, 0, 0, 0, 1]); // "wasn't" at t = 6
    expect(rows[4]).toEqual([0, 0, 0, 0, 0, 0]); // "Delightful" is not in this review
  });

  it("lights the same row twice for a repeated word", () => {
    expect(oneHotSequence([1, 0, 1], 2).toArray()).toEqual([
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it("names the bad id, the size and refuses an empty sequence", () => {
    expect(() => oneHotSequence([4, 20], 15)).toThrow("ids[1] = 20 is out of range: expected an integer from 0 to 14 (vocabulary size 15)");
    expect(() => oneHotSequence([], 15)).toThrow("oneHotSequence needs at least one token id, got an empty list.");
  });
});

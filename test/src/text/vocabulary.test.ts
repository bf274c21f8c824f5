import { describe, expect, it } from "vitest";
import { EOS_ID, PAD_ID, SOS_ID, UNK_ID, SPECIAL_TOKENS } from "../../../src/text/special-tokens";
import { tokenize } from "../../../src/text/tokenize";
import { Vocabulary } from "../../../src/text/vocabulary";
import { REVIEWS } from "../reviews";

const EXPECTED_TOKENS = [
  "<PAD>", "<SOS>", "<EOS>", "<UNK>",
  "Delightful", "place", "to", "have", "dinner",
  "Food", "was", "nice", "but", "service", "wasn't",
];

describe("Vocabulary", () => {
  const vocabulary = Vocabulary.fromSentences(REVIEWS);

  it("puts the special tokens at ids 0-3", () => {
    expect(SPECIAL_TOKENS).toEqual(["<PAD>", "<SOS>", "<EOS>", "<UNK>"]);
    expect([PAD_ID, SOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    expect(SPECIAL_TOKENS.map((token) => vocabulary.idOf(token))).toEqual([0, 1, 2, 3]);
  });

  it("numbers the reviews' words in first-seen order: 4 special + 11 words = 15", () => {
    expect(vocabulary.tokens).toEqual(EXPECTED_TOKENS);
    expect(vocabulary.size).toBe(15);
    expect(vocabulary.idOf("Delightful")).toBe(4);
    expect(vocabulary.idOf("dinner")).toBe(8);
    expect(vocabulary.idOf("Food")).toBe(9);
    expect(vocabulary.idOf("wasn't")).toBe(14);
    expect(vocabulary.tokenOf(11)).toBe("nice");
  });

  it("is the same whatever the repeats, and depends on order", () => {
    const repeated = Vocabulary.fromSentences([REVIEWS[0], REVIEWS[0], REVIEWS[1], "was nice"]);
    expect(repeated.tokens).toEqual(EXPECTED_TOKENS);
    const reversed = Vocabulary.fromSentences([REVIEWS[1], REVIEWS[0]]);
    expect(reversed.idOf("Food")).toBe(4);
    expect(reversed.idOf("Delightful")).toBe(10);
  });

  it("lower-cases when asked, so 'Food' and 'food' share an id", () => {
    const lower = Vocabulary.fromSentences([...REVIEWS, "food"], { lowercase: true });
    expect(lower.size).toBe(15);
    expect(lower.idOf("food")).toBe(9);
    expect(lower.has("Food")).toBe(false);
    expect(Vocabulary.fromSentences([...REVIEWS, "food"]).size).toBe(16);
  });

  it("encodes the reviews, with and without <SOS>/<EOS>", () => {
    expect(vocabulary.encode(tokenize(REVIEWS[0]))).toEqual([4, 5, 6, 7, 8]);
    expect(vocabulary.encode(tokenize(REVIEWS[1]))).toEqual([9, 10, 11, 12, 13, 14]);
    expect(vocabulary.encode(tokenize(REVIEWS[0]), { addSosEos: true })).toEqual([1, 4, 5, 6, 7, 8, 2]);
  });

  it("maps unknown words to <UNK> instead of throwing", () => {
    expect(vocabulary.has("lunch")).toBe(false);
    expect(vocabulary.idOf("lunch")).toBe(3);
    expect(vocabulary.idOf("food")).toBe(3); // case matters unless lower-cased
    const ids = vocabulary.encode(tokenize("Delightful lunch, nice service"), { addSosEos: true });
    expect(ids).toEqual([1, 4, 3, 11, 13, 2]);
    expect(vocabulary.decode(ids)).toEqual(["<SOS>", "Delightful", "<UNK>", "nice", "service", "<EOS>"]);
  });

  it("decodes what it encodes", () => {
    expect(vocabulary.decode(vocabulary.encode(tokenize(REVIEWS[1])))).toEqual(tokenize(REVIEWS[1]));
  });

  it("names the id and the size when an id is out of range", () => {
    expect(() => vocabulary.tokenOf(15)).toThrow("Token id 15 is out of range: expected an integer from 0 to 14 (vocabulary size 15).");
    expect(() => vocabulary.tokenOf(-1)).toThrow("Token id -1 is out of range: expected an integer from 0 to 14");
    expect(() => vocabulary.tokenOf(2.5)).toThrow("Token id 2.5 is out of range");
    expect(() => vocabulary.decode([4, 99])).toThrow("Token id 99 is out of range: expected an integer from 0 to 14 (vocabulary size 15)");
  });

  it("refuses an empty vocabulary and bad words with a clear message", () => {
    expect(() => Vocabulary.fromSentences([])).toThrow(
      "A vocabulary needs at least one word besides <PAD>, <SOS>, <EOS>, <UNK>; got none.",
    );
    expect(() => Vocabulary.fromSentences(["  ", ""])).toThrow("needs at least one word");
    expect(() => new Vocabulary(["ok", ""])).toThrow('A vocabulary word must be a non-empty string, got "".');
    expect(() => Vocabulary.fromSentences("Food was nice" as unknown as string[])).toThrow(
      "Vocabulary.fromSentences expects an array of sentences, got string.",
    );
    expect(() => vocabulary.encode("Food was nice" as unknown as string[])).toThrow("encode expects an array of tokens, got string");
  });
});

describe("Vocabulary of characters", () => {
  it("puts the four special tokens first, then the sorted characters; unknown characters become <UNK>", () => {
    const chars = Vocabulary.fromCharacters(["to be"]);
    expect(chars.tokens).toEqual(["<PAD>", "<SOS>", "<EOS>", "<UNK>", " ", "b", "e", "o", "t"]);
    expect(chars.encode(Array.from("be"), { addSosEos: true })).toEqual([SOS_ID, 5, 6, EOS_ID]);
    expect(chars.encode(Array.from("bz"))).toEqual([5, UNK_ID]);
    expect(chars.decode([8, 7, 4, 5, 6]).join("")).toBe("to be");
    expect(Vocabulary.fromCharacters(["ba", "ab"]).tokens).toEqual(Vocabulary.fromCharacters(["ab"]).tokens);
    expect(() => Vocabulary.fromCharacters([""])).toThrow("A vocabulary needs at least one word");
  });
});

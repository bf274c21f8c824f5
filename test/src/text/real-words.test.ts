import { describe, expect, it } from "vitest";
import { allSonnets, realWordShare, sonnetSplit, wordsOf } from "../../../src/index";

describe("wordsOf", () => {
  it("keeps letters and inner apostrophes, lower case; anything else separates words", () => {
    expect(wordsOf("Mak'st waste, in niggarding:  O'er-THE 'tis' 3x")).toEqual(["mak'st", "waste", "in", "niggarding", "o'er", "the", "tis", "x"]);
    expect(wordsOf(" ,;- ")).toEqual([]);
  });
});

describe("realWordShare", () => {
  const corpus = ["Shall I compare thee to a summer's day?"];

  it("counts the words of the text that occur in the corpus", () => {
    expect(realWordShare("Shall I compare thee tho a smmer's day", corpus)).toEqual({ words: 8, real: 6, share: 0.75 });
    expect(realWordShare("thee thee xq", corpus)).toEqual({ words: 3, real: 2, share: 2 / 3 }); // repeats count each time
    expect(realWordShare("SUMMER'S Day", corpus).share).toBe(1);
    expect(realWordShare("summer", corpus).share).toBe(0); // "summer's" is a word of the corpus, "summer" is not
  });

  it("gives 0 for a text without words, and accepts a ready set of words", () => {
    expect(realWordShare(" ,, ", corpus)).toEqual({ words: 0, real: 0, share: 0 });
    expect(realWordShare("to be", new Set(["to"])).share).toBe(0.5);
  });

  it("scores a held-out sonnet high against the training sonnets, and scrambled letters low", () => {
    const { train } = sonnetSplit();
    const sonnet20 = allSonnets()[19].join(" ");
    expect(realWordShare(sonnet20, train).share).toBeGreaterThan(0.8); // 100 of its 115 words occur in the other sonnets
    const scrambled = sonnet20.split("").reverse().join("");
    expect(realWordShare(scrambled, train).share).toBeLessThan(0.1);
  });
});

describe("the 154 sonnets", () => {
  it("ships all 154, sonnet 18 at index 17, with every 10th held out", () => {
    const sonnets = allSonnets();
    expect(sonnets.length).toBe(154);
    expect(sonnets[0][0]).toBe("From fairest creatures we desire increase,");
    expect(sonnets[17][0]).toBe("Shall I compare thee to a summer's day?");
    expect(sonnets[153][13]).toBe("Love's fire heats water, water cools not love.");
    expect(sonnets.filter((s) => s.length !== 14).map((s) => s.length)).toEqual([15, 12]); // sonnets 99 and 126
    const { train, heldOut } = sonnetSplit();
    expect(train.length + heldOut.length).toBe(sonnets.flat().length);
    expect(heldOut.slice(0, 2)).toEqual(sonnets[9].slice(0, 2));
    expect(train.some((line) => line.length === 0 || line !== line.trim())).toBe(false);
  });
});

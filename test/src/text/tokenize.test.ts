import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/text/tokenize";
import { REVIEWS } from "../reviews";

describe("tokenize", () => {
  it("splits the article's reviews on white space: Tx = 5 and Tx = 6", () => {
    expect(tokenize(REVIEWS[0])).toEqual(["Delightful", "place", "to", "have", "dinner"]);
    expect(tokenize(REVIEWS[1])).toEqual(["Food", "was", "nice", "but", "service", "wasn't"]);
    expect(REVIEWS.map((review) => tokenize(review).length)).toEqual([5, 6]);
  });

  it("keeps punctuation attached and ignores runs of spaces, tabs and newlines", () => {
    expect(tokenize("  It wasn't\tbad,\n really.  ")).toEqual(["It", "wasn't", "bad,", "really."]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" \t\n")).toEqual([]);
  });

  it("lower-cases only when asked", () => {
    expect(tokenize("Food WAS nice")).toEqual(["Food", "WAS", "nice"]);
    expect(tokenize("Food WAS nice", { lowercase: true })).toEqual(["food", "was", "nice"]);
  });

  it("says what it got when given something other than a string", () => {
    expect(() => tokenize(42 as unknown as string)).toThrow("tokenize expects a sentence as a string, got number.");
    expect(() => tokenize(null as unknown as string)).toThrow("got null");
  });
});

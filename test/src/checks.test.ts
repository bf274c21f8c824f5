// The exercise checks: they pass on the right answer, and their failure messages name the entry,
// expected vs got, both shapes, and the hint; node prints only the message (what tslab shows).
import { inspect } from "node:util";
import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { CheckFailure, expectArrayClose, expectClose, expectEqual, expectMatrixClose, oneHotSequence, passed } from "../../src/index";

function failure(run: () => void): CheckFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailure);
    return error as CheckFailure;
  }
  throw new Error("the check passed, but it should have failed");
}

describe("expectMatrixClose", () => {
  const expected = oneHotSequence([2, 0], 3); // [[0, 1], [0, 0], [1, 0]]

  it("passes on equal matrices, as a mathjs Matrix or as rows, within the tolerance", () => {
    expect(() => expectMatrixClose(matrix([[0, 1], [0, 0], [1, 0]]), expected)).not.toThrow();
    expect(() => expectMatrixClose([[0, 1], [0, 0], [1 + 1e-9, 0]], expected)).not.toThrow();
    expect(() => expectMatrixClose([[0.5]], [[0.4]], { tolerance: 0.2 })).not.toThrow();
  });

  it("names the first entry that differs, expected and got, how many more differ, and the hint", () => {
    const error = failure(() =>
      expectMatrixClose([[0, 1], [1, 0], [0, 0]], expected, { name: "X", hint: "row = id, column = time step" }),
    );
    expect(error.message).toBe(
      [
        "X differs at entry (row 1, col 0) (and 1 more of its 6 entries):",
        "  expected 0",
        "  got      1   (tolerance 0.000001)",
        "Hint: row = id, column = time step",
      ].join("\n"),
    );
  });

  it("names both shapes when they differ (a transposed answer)", () => {
    const error = failure(() => expectMatrixClose([[0, 0, 1], [1, 0, 0]], expected, { name: "X" }));
    expect(error.message).toBe("X has the wrong shape: expected (3, 2), got (2, 3).");
  });

  it("says what came back when it is not a matrix at all", () => {
    expect(failure(() => expectMatrixClose(undefined, expected, { name: "X" })).message).toBe(
      "X should be a matrix of shape (3, 2), but it is undefined (did the function return its result?).",
    );
    expect(failure(() => expectMatrixClose([0, 1], expected, { name: "X" })).message).toContain("but it is an array of length 2");
  });

  it("fails on NaN entries", () => {
    expect(failure(() => expectMatrixClose([[NaN]], [[1]], { name: "h" })).message).toContain("got      NaN");
  });
});

describe("expectEqual", () => {
  it("passes on equal nested arrays and numbers", () => {
    expect(() => expectEqual([[4, 5, 0], [6, 7, 8]], [[4, 5, 0], [6, 7, 8]])).not.toThrow();
    expect(() => expectEqual(200_110, 200_110)).not.toThrow();
  });

  it("names the first index that differs", () => {
    const error = failure(() => expectEqual({ a: 1 } as unknown, [[1, 1, 0]], { name: "mask" }));
    expect(error.message).toBe("mask should be an array of length 1, but it is an object with keys a.");
    expect(failure(() => expectEqual([[1, 1, 1]], [[1, 1, 0]], { name: "mask", hint: "0 marks padding" })).message).toBe(
      ["mask[0][2] is wrong:", "  expected 0", "  got      1", "Hint: 0 marks padding"].join("\n"),
    );
  });

  it("names a length that differs", () => {
    expect(failure(() => expectEqual([4, 5], [4, 5, 0], { name: "ids[0]" })).message).toBe(
      ["ids[0] has length 2, expected 3.", "  expected [4,5,0]", "  got      [4,5]"].join("\n"),
    );
  });
});

describe("expectClose", () => {
  it("passes within the tolerance and fails outside it with both numbers", () => {
    expect(() => expectClose(Math.log(5), 1.6094379, { tolerance: 1e-6 })).not.toThrow();
    expect(failure(() => expectClose(2, 2.5, { name: "loss", tolerance: 0.1 })).message).toBe(
      ["loss is wrong:", "  expected 2.5", "  got      2   (tolerance 0.1)"].join("\n"),
    );
  });
});

describe("how a failure prints", () => {
  it("prints only its message, marked with ✗ (no stack frames)", () => {
    const error = failure(() => expectEqual(1, 2, { name: "n" }));
    expect(inspect(error)).toBe(["✗ n is wrong:", "  expected 2", "  got      1"].join("\n"));
    expect(passed("Exercise 1")).toBe("✓ Exercise 1: all checks passed");
  });
});

describe("expectArrayClose", () => {
  it("passes within the tolerance; names the entry, the length, or what came back instead", () => {
    expect(() => expectArrayClose([0.1, 0.2], [0.1, 0.2 + 1e-9])).not.toThrow();
    expect(failure(() => expectArrayClose([0.1, 0.5, 0.9], [0.1, 0.2, 0.3], { name: "p", tolerance: 0.01, hint: "sum to 1" })).message).toBe(
      ["p[1] differs (and 1 more of its 3 entries):", "  expected 0.2", "  got      0.5   (tolerance 0.01)", "Hint: sum to 1"].join("\n"),
    );
    expect(failure(() => expectArrayClose([1], [1, 2], { name: "p" })).message).toBe("p has length 1, expected 2.");
    expect(failure(() => expectArrayClose(undefined, [1, 2], { name: "p" })).message).toBe(
      "p should be an array of 2 numbers, but it is undefined (did the function return its result?).",
    );
    expect(failure(() => expectArrayClose([NaN, 1], [0.5, 0.5], { name: "p" })).message).toContain("p[0] differs (and 1 more");
  });
});

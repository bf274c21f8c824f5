// The exercise checks: they pass on the right answer, and their failure messages name the entry,
// expected vs got, both shapes, and the hint; node prints only the message (what tslab shows).
import { inspect } from "node:util";
import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  answer,
  CheckFailure,
  expectArrayClose,
  expectClose,
  expectEqual,
  expectMatrixClose,
  fromPlain,
  judgeAnswer,
  oneHotSequence,
  passed,
  recordAnswersWith,
  toPlain,
  type Answer,
} from "../../src/index";

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

/** What the check calls in `run` record, as the grader would receive it (through JSON). */
function recorded(run: () => void): Answer[] {
  const sent: Answer[] = [];
  recordAnswersWith((a) => sent.push(JSON.parse(JSON.stringify(a)) as Answer));
  try {
    run();
  } catch {
    // a failing public check still recorded its answer first
  } finally {
    recordAnswersWith(null);
  }
  return sent;
}

describe("recording answers for the grader", () => {
  it("records nothing outside grading", () => {
    expect(() => answer("n", 1)).not.toThrow();
    expect(recorded(() => undefined)).toEqual([]);
  });

  it("a public check records the student's value (never the expected one), its kind, tolerance and hint, even when it fails", () => {
    expect(recorded(() => expectEqual([4, 5], [4, 6], { name: "ids[0]", hint: "pad at the end" }))).toEqual([
      { name: "ids[0]", value: [4, 5], kind: "equal", hint: "pad at the end" },
    ]);
    expect(recorded(() => expectMatrixClose(matrix([[1], [0]]), [[1], [0]], { name: "x", tolerance: 0 }))).toEqual([
      { name: "x", value: { $matrix: [[1], [0]] }, kind: "matrix", tolerance: 0 },
    ]);
    expect(recorded(() => expectClose(NaN, 2, { name: "loss" }))).toEqual([{ name: "loss", value: { $number: "NaN" }, kind: "close" }]);
  });

  it("a hidden test records only the answer; a tolerance makes numbers, lists and matrices compare entry by entry", () => {
    expect(
      recorded(() => {
        answer("count", 57);
        answer("p", [0.2, 0.8], { tolerance: 1e-9, hint: "sum to 1" });
        answer("X", [[0, 1]], { tolerance: 0 });
        answer("h", matrix([[0.5]]));
        answer("loss", 2.3, { tolerance: 1e-6 });
        answer("word", "<UNK>");
      }),
    ).toEqual([
      { name: "count", value: 57, kind: "equal" },
      { name: "p", value: [0.2, 0.8], kind: "array", tolerance: 1e-9, hint: "sum to 1" },
      { name: "X", value: [[0, 1]], kind: "matrix", tolerance: 0 },
      { name: "h", value: { $matrix: [[0.5]] }, kind: "matrix", tolerance: 0 },
      { name: "loss", value: 2.3, kind: "close", tolerance: 1e-6 },
      { name: "word", value: "<UNK>", kind: "equal" },
    ]);
  });
});

describe("plain data between the kernel and the grader", () => {
  it("carries what JSON cannot: NaN, Infinity, undefined, matrices, objects, and says what it cannot carry", () => {
    const value = { a: [1, NaN, -Infinity], b: undefined, m: matrix([[1, 2]]), f: () => 1 };
    const plain = JSON.parse(JSON.stringify(toPlain(value))) as unknown;
    const back = fromPlain(plain) as Record<string, unknown>;
    expect(back["a"]).toEqual([1, NaN, -Infinity]);
    expect("b" in back && back["b"] === undefined).toBe(true);
    expect((back["m"] as { toArray(): unknown }).toArray()).toEqual([[1, 2]]);
    expect(judgeAnswer({ name: "f", value: 1, kind: "equal" }, toPlain(value.f))).toBe(["f is wrong:", "  expected 1", "  got      a function"].join("\n"));
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(JSON.stringify(toPlain(cycle))).toContain("$opaque");
    // A student's kernel can send anything: a value nested 100,000 deep is read as "too deep", not a crash.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(judgeAnswer({ name: "n", value: 3, kind: "equal" }, deep)).toBe("n is wrong:\n  expected 3\n  got      an array of length 1");
    expect(JSON.stringify(fromPlain(deep))).toContain("a value nested too deeply");
  });
});

describe("judgeAnswer: the grader's comparison", () => {
  const instructor = (run: () => void) => recorded(run)[0];

  it("passes a right answer and writes the public check's own message for a wrong one", () => {
    const X = instructor(() => answer("encodeOneHot([2, 0], 3)", [[0, 1], [0, 0], [1, 0]], { tolerance: 0, hint: "row = token id" }));
    expect(judgeAnswer(X, toPlain([[0, 1], [0, 0], [1, 0]]))).toBeNull();
    expect(judgeAnswer(X, toPlain(matrix([[0, 1], [0, 0], [1, 0]])))).toBeNull();
    expect(judgeAnswer(X, toPlain([[0, 0, 1], [1, 0, 0]]))).toBe("encodeOneHot([2, 0], 3) has the wrong shape: expected (3, 2), got (2, 3).\nHint: row = token id");
    const count = instructor(() => answer("countRnnParameters(1, 1)", 3));
    expect(judgeAnswer(count, 2)).toBe("countRnnParameters(1, 1) is wrong:\n  expected 3\n  got      2");
    expect(judgeAnswer(count, toPlain(undefined))).toContain("got      undefined (did the function return its result?)");
  });

  it("uses the instructor's tolerance, whatever the student's kernel sent", () => {
    const p = instructor(() => answer("softmax([1000, 1001])", [0.2689414213699951, 0.7310585786300049], { tolerance: 1e-9 }));
    expect(judgeAnswer(p, [0.26894142137, 0.73105857863])).toBeNull();
    expect(judgeAnswer(p, [0.2689, 0.7311])).toContain("softmax([1000, 1001])[0] differs (and 1 more of its 2 entries):");
    expect(judgeAnswer(p, toPlain([NaN, NaN]))).toContain("got      NaN");
  });

  it("compares plain objects key by key", () => {
    const padded = instructor(() => answer("padWithMask([[1]], 0)", { ids: [[1]], mask: [[1]] }));
    expect(judgeAnswer(padded, toPlain({ ids: [[1]], mask: [[1]] }))).toBeNull();
    expect(judgeAnswer(padded, toPlain({ ids: [[1]], mask: [[0]] }))).toBe("padWithMask([[1]], 0).mask[0][0] is wrong:\n  expected 1\n  got      0");
  });
});

// The grader's judging of one graded cell, from the outputs a student's kernel sent: only the answers the
// instructor recorded count, the first one of each name, compared with the instructor's kind, tolerance
// and hint; a missing answer is explained by the cell's own failure.
import { describe, expect, it } from "vitest";
import { answersIn, judgeCell } from "../../../kernel/coursework/grade";
import type { Output } from "../../../kernel/runner";
import { ANSWERS_MIME, toPlain, type Answer } from "../../../src/checks";

const sent = (answer: Omit<Partial<Answer>, "name"> & { name: unknown }): Output => ({
  output_type: "display_data",
  data: { [ANSWERS_MIME]: answer, "text/plain": "answer recorded" },
  metadata: {},
});
const printed: Output = { output_type: "stream", name: "stdout", text: "✓ Exercise 1: all checks passed\n" };
const instructor: Answer[] = [
  { name: "countRnnParameters(1, 1)", value: 3, kind: "equal", hint: "H·V + H·H + H" },
  { name: "stableSoftmax([0, 0])", value: [0.5, 0.5], kind: "array", tolerance: 1e-12 },
];
const ok = { status: "ok" as const, message: "" };

describe("answersIn", () => {
  it("takes the first answer of each name, drops malformed ones, and keeps every other output for the student", () => {
    const { answers, rest } = answersIn([
      sent({ name: "a", value: 1, kind: "equal" }),
      printed,
      sent({ name: "a", value: 2, kind: "equal" }),
      sent({ name: 7, value: 1 }),
      sent({ name: "b", value: [1], kind: "bogus" as never, tolerance: "wide" as never }),
    ]);
    expect(answers).toEqual([
      { name: "a", value: 1, kind: "equal" },
      { name: "b", value: [1], kind: "equal" },
    ]);
    expect(rest).toEqual([printed]);
  });
});

describe("judgeCell", () => {
  it("passes when every instructor answer is there and right; extra answers change nothing", () => {
    const got = [...instructor, { name: "something else", value: 0, kind: "equal" as const }].map((a) => ({ ...a }));
    expect(judgeCell(instructor, got, ok)).toEqual({ passed: true, feedback: "passed" });
  });

  it("judges with the instructor's kind, tolerance and hint, not the ones the student's kernel sent", () => {
    const got: Answer[] = [
      { name: "countRnnParameters(1, 1)", value: 3, kind: "equal" },
      { name: "stableSoftmax([0, 0])", value: [0.5, 0.5000001], kind: "array", tolerance: 1 },
    ];
    expect(judgeCell(instructor, got, ok)).toEqual({
      passed: false,
      feedback: ["stableSoftmax([0, 0])[1] differs:", "  expected 0.5", "  got      0.5000001   (tolerance 1e-12)"].join("\n"),
    });
    const wrongCount: Answer[] = [{ name: "countRnnParameters(1, 1)", value: 2, kind: "close", tolerance: 5 }, got[1]];
    expect(judgeCell(instructor, wrongCount, ok).feedback).toBe(["countRnnParameters(1, 1) is wrong:", "  expected 3", "  got      2", "Hint: H·V + H·H + H"].join("\n"));
  });

  it("explains a missing answer by the cell's error, or says it is missing", () => {
    expect(judgeCell(instructor, [], { status: "error", message: "Error: not implemented yet: add the three counts\n    at <anonymous>:3:9" })).toEqual({
      passed: false,
      feedback: "Error: not implemented yet: add the three counts",
    });
    expect(judgeCell(instructor, [instructor[0]], ok)).toEqual({ passed: false, feedback: "the check cell recorded no answer for stableSoftmax([0, 0])" });
    expect(judgeCell(instructor, [], { status: "timeout", message: "the cell did not finish within 30 s" }).feedback).toBe(
      "the cell did not finish within 30 s — an endless loop, or far too slow",
    );
  });

  it("a NaN or a value of the wrong type is wrong, with the public check's message", () => {
    const got: Answer[] = [instructor[0], { name: "stableSoftmax([0, 0])", value: toPlain([NaN, NaN]), kind: "array" }];
    expect(judgeCell(instructor, got, ok).feedback).toContain("stableSoftmax([0, 0])[0] differs (and 1 more of its 2 entries):\n  expected 0.5\n  got      NaN");
    const text: Answer[] = [{ name: "countRnnParameters(1, 1)", value: "3", kind: "equal" }];
    expect(judgeCell(instructor, text, ok).feedback).toBe(["countRnnParameters(1, 1) is wrong:", "  expected 3", '  got      "3"', "Hint: H·V + H·H + H"].join("\n"));
  });
});

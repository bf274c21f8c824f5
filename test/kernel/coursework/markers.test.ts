// nbgrader's marking scheme as the release reads it: solution regions become stubs that say what to
// write, hidden tests disappear, and a broken region is named with its line.
import { describe, expect, it } from "vitest";
import { isGradedTest, isProtected, regionLines, removeHiddenTests, replaceSolutions } from "../../../kernel/coursework/markers";
import type { Cell } from "../../../kernel/runner";

const answer = [
  "function area(w: number, h: number): number {",
  "  // ### BEGIN SOLUTION: multiply the width by the height",
  "  const a = w * h;",
  "  return a;",
  "  // ### END SOLUTION",
  "}",
].join("\n");

const checks = [
  'import * as check from "./unrolled";',
  'check.expectEqual(area(2, 3), 6, { name: "area(2, 3)" });',
  "// ### BEGIN HIDDEN TESTS",
  'check.expectEqual(area(0, 3), 0, { name: "area(0, 3)" });',
  "// ### END HIDDEN TESTS",
  'check.passed("area")',
].join("\n");

const cell = (source: string, nbgrader?: Record<string, unknown>): Cell => ({
  cell_type: "code",
  source,
  metadata: nbgrader ? { nbgrader: { schema_version: 3, task: false, ...nbgrader } } : {},
});

describe("replaceSolutions", () => {
  it("puts an indented stub that says what to write where the solution was", () => {
    expect(replaceSolutions(answer)).toBe(
      [
        "function area(w: number, h: number): number {",
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented yet: multiply the width by the height");',
        "}",
      ].join("\n"),
    );
  });

  it("says just 'not implemented yet' when the marker line names no task, and escapes quotes", () => {
    expect(replaceSolutions("// ### BEGIN SOLUTION\nx = 1;\n// ### END SOLUTION")).toBe('// YOUR CODE HERE\nthrow new Error("not implemented yet");');
    expect(replaceSolutions('// ### BEGIN SOLUTION — return "yes"\n// ### END SOLUTION')).toContain('"not implemented yet: return \\"yes\\""');
  });

  it("refuses nested, unclosed and unopened regions, naming the line", () => {
    expect(() => replaceSolutions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION")).toThrow('line 2: "BEGIN SOLUTION" inside another');
    expect(() => replaceSolutions("// BEGIN SOLUTION\nx")).toThrow('is never closed by "END SOLUTION"');
    expect(() => replaceSolutions("x\n// END SOLUTION")).toThrow('line 2: "END SOLUTION" without a "BEGIN SOLUTION"');
  });
});

describe("removeHiddenTests", () => {
  it("removes the region with its markers and keeps the public checks", () => {
    expect(removeHiddenTests(checks)).toBe(
      ['import * as check from "./unrolled";', 'check.expectEqual(area(2, 3), 6, { name: "area(2, 3)" });', 'check.passed("area")'].join("\n"),
    );
  });
});

describe("regionLines and the cell kinds", () => {
  it("lists the lines inside the regions, markers excluded", () => {
    expect(regionLines(cell(answer), "solution")).toEqual(["  const a = w * h;", "  return a;"]);
    expect(regionLines(cell(checks), "hidden tests")).toEqual(['check.expectEqual(area(0, 3), 0, { name: "area(0, 3)" });']);
  });

  it("tells graded tests and protected cells from answers", () => {
    const test = cell(checks, { grade: true, solution: false, locked: true, grade_id: "t", points: 1 });
    const solution = cell(answer, { grade: false, solution: true, locked: false, grade_id: "s" });
    const locked = cell("const data = [1, 2];", { grade: false, solution: false, locked: true, grade_id: "l" });
    expect([isGradedTest(test), isGradedTest(solution), isGradedTest(locked)]).toEqual([true, false, false]);
    expect([isProtected(test), isProtected(solution), isProtected(locked)]).toEqual([true, false, true]);
  });
});

// Putting the instructor's cells back into a submission, matched by nbgrader grade_id: changed ones are
// replaced, deleted ones return after the cell that preceded them, copies and renamed ones count for nothing.
import { describe, expect, it } from "vitest";
import { restoreInstructorCells } from "../../../kernel/coursework/restore";
import { sourceText, type Cell, type Notebook } from "../../../kernel/runner";

const meta = (grade_id: string, kind: "solution" | "test" | "locked", points = 0) => ({
  nbgrader: {
    grade: kind === "test",
    grade_id,
    locked: kind !== "solution",
    schema_version: 3,
    solution: kind === "solution",
    task: false,
    ...(kind === "test" ? { points } : {}),
  },
});
const code = (source: string, metadata: Record<string, unknown> = {}): Cell => ({ cell_type: "code", source, metadata, outputs: [], execution_count: null });
const markdown = (source: string): Cell => ({ cell_type: "markdown", source, metadata: {} });
const notebook = (cells: Cell[]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });

const instructor = notebook([
  code('import { tokenize } from "./unrolled";'),
  markdown("### Exercise 1 · Area (2 points)"),
  code("function area() { /* solution */ }", meta("ex1", "solution")),
  code("check(area) // hidden too", meta("ex1-check", "test", 2)),
  markdown("### Exercise 2 · Volume"),
  code("function volume() { /* solution */ }", meta("ex2", "solution")),
  code("check(volume)", meta("ex2-check", "test", 3)),
]);

const sources = (n: Notebook) => n.cells.map(sourceText);

describe("restoreInstructorCells", () => {
  it("lists the graded cells with their points and the heading above them", () => {
    const { graded } = restoreInstructorCells(instructor, instructor);
    expect(graded).toEqual([
      { gradeId: "ex1-check", points: 2, title: "Exercise 1 · Area (2 points)" },
      { gradeId: "ex2-check", points: 3, title: "Exercise 2 · Volume" },
    ]);
  });

  it("replaces a changed check cell and keeps the student's answers and extra cells", () => {
    const submission = notebook([
      instructor.cells[0],
      code("function area() { return 1; }", meta("ex1", "solution")),
      code("// pass", meta("ex1-check", "test", 2)),
      code("console.log('my own cell')"),
      code("function volume() { return 2; }", meta("ex2", "solution")),
      code("check(volume)", meta("ex2-check", "test", 3)),
    ]);
    const { notebook: restored, notes } = restoreInstructorCells(instructor, submission);
    expect(sources(restored)).toEqual([
      'import { tokenize } from "./unrolled";',
      "function area() { return 1; }",
      "check(area) // hidden too",
      "console.log('my own cell')",
      "function volume() { return 2; }",
      "check(volume)",
    ]);
    expect(notes).toEqual(["restored ex1-check, which the submission had changed"]);
    expect(restored.cells[2].metadata["unrolled"]).toEqual({ graded: "ex1-check" });
  });

  it("puts a deleted check cell back right after the answer it checks, and one whose metadata was removed", () => {
    const submission = notebook([
      code("function area() { return 1; }", meta("ex1", "solution")),
      code("function volume() { return 2; }", meta("ex2", "solution")),
      code("check(volume) // rewritten, metadata gone"),
    ]);
    const { notebook: restored, notes } = restoreInstructorCells(instructor, submission);
    expect(sources(restored)).toEqual([
      "function area() { return 1; }",
      "check(area) // hidden too",
      "function volume() { return 2; }",
      "check(volume)",
      "check(volume) // rewritten, metadata gone",
    ]);
    expect(notes).toEqual(["restored ex1-check, which the submission had deleted", "restored ex2-check, which the submission had deleted"]);
  });

  it("counts a second copy of a check cell, or a made-up graded cell, for nothing", () => {
    const submission = notebook([
      code("function area() {}", meta("ex1", "solution")),
      code("check(area) // hidden too", meta("ex1-check", "test", 2)),
      code("// copy", meta("ex1-check", "test", 2)),
      code("// bonus", meta("ex9-check", "test", 50)),
      code("bad", { unrolled: { graded: "ex2-check" } }),
    ]);
    const { notebook: restored } = restoreInstructorCells(instructor, submission);
    const graded = restored.cells.filter((cell) => cell.metadata["unrolled"]).map((cell) => sourceText(cell));
    expect(graded).toEqual(["check(area) // hidden too", "check(volume)"]);
    expect(restored.cells.filter((cell) => cell.metadata["nbgrader"]).length).toBe(3); // ex1, ex1-check, ex2-check
  });
});

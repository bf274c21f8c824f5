// Grade reports: the table a person reads and the CSV a spreadsheet reads (one row per student).
import { describe, expect, it } from "vitest";
import type { GradeReport } from "../../../kernel/coursework/grade";
import { reportTable, summaryCsv } from "../../../kernel/coursework/report";

const report = (student: string, source: string, points: [string, number, number][]): GradeReport => ({
  student,
  submission: `${student}/${source}`,
  source: `notebooks/${source}`,
  points: points.reduce((sum, [, got]) => sum + got, 0),
  maxPoints: points.reduce((sum, [, , max]) => sum + max, 0),
  exercises: points.map(([gradeId, got, max]) => ({
    gradeId,
    title: "",
    points: got,
    maxPoints: max,
    passed: got === max,
    feedback: got === max ? "passed" : 'x differs at entry (row 1, col 0):\n  expected 1\n  got      0',
  })),
  notes: [],
  seconds: 12.34,
  notebook: null,
});

describe("reportTable", () => {
  it("has a row per exercise with points, result and the feedback's first line", () => {
    expect(reportTable(report("ada", "01-a.ipynb", [["ex1-check", 2, 2], ["ex2-check", 0, 3]]))).toBe(
      [
        "ada — notebooks/01-a.ipynb: 2 / 5 points (12.3 s)",
        "  exercise   points  result  feedback",
        "  ex1-check  2 / 2   passed  passed",
        "  ex2-check  0 / 3   FAILED  x differs at entry (row 1, col 0):",
      ].join("\n"),
    );
  });
});

describe("summaryCsv", () => {
  it("puts one row per student, sums over notebooks, leaves a blank for a notebook not handed in, and quotes commas", () => {
    const csv = summaryCsv([
      report("ada", "01-a.ipynb", [["ex1-check", 2, 2]]),
      report("ada", "02-b.ipynb", [["ex1-check", 1, 3]]),
      report("bo, jr", "01-a.ipynb", [["ex1-check", 0, 2]]),
    ]);
    expect(csv).toBe(["student,points,max_points,01-a:ex1-check,02-b:ex1-check", "ada,3,5,2,1", '"bo, jr",0,2,0,', ""].join("\n"));
  });
});

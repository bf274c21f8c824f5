// Grade reports: the table a person reads and the CSV a spreadsheet reads (one row per student).
import { describe, expect, it } from "vitest";
import type { GradeReport } from "../../../kernel/coursework/grade";
import { canvasCsv, feedbackHtml, reportTable, summaryCsv } from "../../../kernel/coursework/report";

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

describe("feedbackHtml", () => {
  it("escapes every text that came from a notebook or a student's error", () => {
    const hostile = report("<b>eve</b>", "01-a.ipynb", [["ex1-<check>", 0, 2]]);
    hostile.exercises[0].title = 'A "title" & <img src=x onerror=alert(1)>';
    hostile.exercises[0].feedback = "expected <script>alert('x')</script>";
    const page = feedbackHtml(hostile);
    expect(page).not.toMatch(/<(b|script|img)\b/);
    expect(page).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(page).toContain("A &quot;title&quot; &amp; &lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("<title>01-a — &lt;b&gt;eve&lt;/b&gt;</title>");
    expect(page).toContain("<strong>0 / 2 points</strong>");
  });
});

describe("canvasCsv", () => {
  it("has Canvas's four leading columns, a Points Possible row, a total per notebook, and a blank for one not handed in", () => {
    const csv = canvasCsv([
      report("ada", "01-a.ipynb", [["ex1-check", 2, 2], ["ex2-check", 0, 3]]),
      report("ada", "02-b.ipynb", [["ex1-check", 1, 3]]),
      report("bo, jr", "01-a.ipynb", [["ex1-check", 2, 2], ["ex2-check", 3, 3]]),
    ]);
    expect(csv).toBe(["Student,ID,SIS User ID,Section,01-a,02-b", "Points Possible,,,,5,3", "ada,,ada,,2,1", '"bo, jr",,"bo, jr",,5,', ""].join("\n"));
  });
});

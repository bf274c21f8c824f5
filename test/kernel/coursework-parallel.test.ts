// `npm run grade -- --jobs N`: the same fixtures graded one kernel at a time and two at a time give the
// same grades, the same CSVs and the same feedback pages; the feedback page shows the points, passed or
// failed and the check's message, and no line of a hidden test.
import { readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../kernel/coursework/grade";
import { regionLines } from "../../kernel/coursework/markers";
import { projectRoot } from "../../kernel/jupyter-env";
import { readNotebook } from "../../kernel/runner";
import { runCli, type CliRun } from "../helpers/cli";
import { processesMentioning } from "../helpers/processes";

const work = join(projectRoot, "build", `test-coursework-parallel-${process.pid}`);
const fixtures = ["some-right", "throws", "does-not-compile"].map((student) => `test/fixtures/submissions/${student}`);
const runs: Record<number, CliRun> = {};
const out = (jobs: number) => join(work, `jobs-${jobs}`);
const read = (jobs: number, file: string) => readFileSync(join(out(jobs), file), "utf8");
const grades = (jobs: number) =>
  (JSON.parse(read(jobs, "grades.json")) as GradeReport[]).map(({ seconds: _, ...report }) => report);

beforeAll(async () => {
  for (const jobs of [1, 2]) {
    runs[jobs] = await runCli("kernel/cli/grade.ts", ["--jobs", String(jobs), "--timeout", "60", "--out", relative(projectRoot, out(jobs)), ...fixtures]);
  }
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run grade --jobs", () => {
  it("grades with one and with two kernels at once, says how many, and leaves no kernel behind", () => {
    for (const jobs of [1, 2]) {
      expect(runs[jobs].code, runs[jobs].stdout + runs[jobs].stderr).toBe(0);
      expect(runs[jobs].stdout).toMatch(new RegExp(`3 submissions graded in [\\d.]+ s with ${jobs} kernels? at once`));
      expect(processesMentioning(`run-${runs[jobs].pid}-`)).toEqual([]);
    }
  });

  it("gives the same grades, in the same order, whatever the number of kernels", () => {
    expect(grades(1).map((r) => [r.student, r.points, ...r.exercises.map((e) => e.points)])).toEqual([
      ["some-right", 3, 2, 0, 1],
      ["throws", 2, 0, 2, 0],
      ["does-not-compile", 2, 0, 2, 0],
    ]);
    expect(grades(2)).toEqual(grades(1));
    for (const file of ["summary.csv", "canvas.csv", "some-right/01-from-words-to-vectors.html"]) expect(read(2, file)).toBe(read(1, file));
  });

  it("writes Canvas's gradebook import: Student, ID, SIS User ID, Section, a Points Possible row, one column per notebook", () => {
    expect(read(1, "canvas.csv")).toBe(
      [
        "Student,ID,SIS User ID,Section,01-from-words-to-vectors",
        "Points Possible,,,,5",
        "does-not-compile,,does-not-compile,,2",
        "some-right,,some-right,,3",
        "throws,,throws,,2",
        "",
      ].join("\n"),
    );
  });

  it("writes a feedback page per submission: points, passed or failed, the teaching message, no hidden test", () => {
    const page = read(1, "some-right/01-from-words-to-vectors.html");
    expect(page).toContain("<strong>3 / 5 points</strong>");
    expect(page).toMatch(/<tr class="failed">.*<code>ex2-padding-check<\/code>.*<td>0 \/ 2<\/td><td>failed<\/td>/);
    expect(page).toContain("padWithMask([[4, 5], [6, 7, 8]], 0).ids[0][0] is wrong:\n  expected 4\n  got      0\nHint: pad at the end, up to the longest sequence");
    expect(page).toMatch(/<code>ex1-one-hot-check<\/code>.*<td>2 \/ 2<\/td><td>passed<\/td>/);
    const instructor = readNotebook(join(projectRoot, "notebooks", "01-from-words-to-vectors.ipynb"));
    const hidden = instructor.cells.flatMap((cell) => regionLines(cell, "hidden tests")).map((line) => line.trim()).filter((line) => line.length > 8);
    expect(hidden.length).toBeGreaterThan(0);
    for (const line of hidden) expect(page).not.toContain(line);
    for (const line of hidden) expect(page).not.toContain(line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
  });
});

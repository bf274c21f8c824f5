/**
 * Grade reports for people and spreadsheets: a table per submission, and a CSV with one row per student
 * (total, then the points of every exercise, column by column).
 *
 * @example
 *   console.log(reportTable(report));
 *   writeFileSync("summary.csv", summaryCsv(reports));
 */
import type { GradeReport } from "./grade";

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** A readable table: one row per exercise, its points, passed or failed, and the feedback's first line. */
export function reportTable(report: GradeReport): string {
  const rows = report.exercises.map((e) => [e.gradeId, `${e.points} / ${e.maxPoints}`, e.passed ? "passed" : "FAILED", e.feedback.split("\n")[0]]);
  const header = ["exercise", "points", "result", "feedback"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (i < cells.length - 1 ? pad(cell, widths[i]) : cell)).join("  ")}`.trimEnd();
  return [
    `${report.student} — ${report.source}: ${report.points} / ${report.maxPoints} points (${report.seconds.toFixed(1)} s)`,
    line(header),
    ...rows.map(line),
    ...report.notes.map((note) => `  note: ${note}`),
  ].join("\n");
}

/** "01-from-words-to-vectors:ex1-one-hot-check" */
function column(report: GradeReport, gradeId: string): string {
  return `${report.source.split("/").pop()!.replace(/\.ipynb$/, "")}:${gradeId}`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per student: student, points, max_points, then `<notebook>:<grade_id>` columns. */
export function summaryCsv(reports: GradeReport[]): string {
  const columns: string[] = [];
  for (const report of reports) {
    for (const e of report.exercises) {
      if (!columns.includes(column(report, e.gradeId))) columns.push(column(report, e.gradeId));
    }
  }
  const students = [...new Set(reports.map((r) => r.student))].sort();
  const rows = students.map((student) => {
    const mine = reports.filter((r) => r.student === student);
    const points = new Map<string, number>();
    for (const report of mine) {
      for (const e of report.exercises) points.set(column(report, e.gradeId), e.points);
    }
    const total = mine.reduce((sum, r) => sum + r.points, 0);
    const max = mine.reduce((sum, r) => sum + r.maxPoints, 0);
    return [student, total, max, ...columns.map((c) => (points.has(c) ? points.get(c)! : ""))];
  });
  return [["student", "points", "max_points", ...columns], ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

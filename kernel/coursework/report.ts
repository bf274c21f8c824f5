/**
 * Grade reports for people and spreadsheets: a table per submission, a feedback page (HTML) for the
 * student, a CSV with one row per student (total, then the points of every exercise, column by column),
 * and the same totals in Canvas's gradebook import format.
 *
 * @example
 *   console.log(reportTable(report));
 *   writeFileSync("alice/01-from-words-to-vectors.html", feedbackHtml(report));
 *   writeFileSync("summary.csv", summaryCsv(reports));
 *   writeFileSync("canvas.csv", canvasCsv(reports));
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

/** Text from a notebook or a student's error, safe inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** "01-from-words-to-vectors" */
function notebookName(report: GradeReport): string {
  return report.source.split("/").pop()!.replace(/\.ipynb$/, "");
}

/**
 * The page a student reads: their points, and per exercise its title, points, passed or failed and the
 * check's message (which says what was wrong and gives the hint). It shows no cell source at all, so no
 * hidden test reaches it; every text in it is escaped.
 */
export function feedbackHtml(report: GradeReport): string {
  const rows = report.exercises.map(
    (e) =>
      `<tr class="${e.passed ? "passed" : "failed"}"><td>${escapeHtml(e.title || e.gradeId)}<br><code>${escapeHtml(e.gradeId)}</code></td>` +
      `<td>${e.points} / ${e.maxPoints}</td><td>${e.passed ? "passed" : "failed"}</td><td><pre>${escapeHtml(e.feedback)}</pre></td></tr>`,
  );
  const title = `${escapeHtml(notebookName(report))} — ${escapeHtml(report.student)}`;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}",
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.5rem;text-align:left;vertical-align:top}",
    "pre{white-space:pre-wrap;margin:0;font-size:.9rem}.passed td:nth-child(3){color:#176417}.failed td:nth-child(3){color:#a11;font-weight:bold}</style>",
    "</head><body>",
    `<h1>${title}</h1>`,
    `<p class="total"><strong>${report.points} / ${report.maxPoints} points</strong></p>`,
    "<table><thead><tr><th>exercise</th><th>points</th><th>result</th><th>feedback</th></tr></thead><tbody>",
    ...rows,
    "</tbody></table>",
    "</body></html>",
    "",
  ].join("\n");
}

/** "01-from-words-to-vectors:ex1-one-hot-check" */
function column(report: GradeReport, gradeId: string): string {
  return `${notebookName(report)}:${gradeId}`;
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

/**
 * Canvas's gradebook import: `Student, ID, SIS User ID, Section`, then one column per notebook with the
 * student's total points on it, and a `Points Possible` row first. Canvas matches a row to a student by
 * ID or SIS User ID: the student's name here (their folder or file name) goes into SIS User ID, ID and
 * Section stay blank. A column whose name Canvas does not know becomes a new assignment on import; to
 * fill an existing one, rename the column to Canvas's own header for it ("Name (id)").
 */
export function canvasCsv(reports: GradeReport[]): string {
  const notebooks = [...new Set(reports.map(notebookName))].sort();
  const possible = notebooks.map((name) => reports.find((r) => notebookName(r) === name)!.maxPoints);
  const students = [...new Set(reports.map((r) => r.student))].sort();
  const rows = students.map((student) => {
    const points = notebooks.map((name) => reports.find((r) => r.student === student && notebookName(r) === name)?.points ?? "");
    return [student, "", student, "", ...points];
  });
  return [["Student", "ID", "SIS User ID", "Section", ...notebooks], ["Points Possible", "", "", "", ...possible], ...rows]
    .map((row) => row.map(csvField).join(","))
    .join("\n") + "\n";
}

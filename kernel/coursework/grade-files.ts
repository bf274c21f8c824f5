/**
 * `npm run grade`: grades every submission under the given files or folders against the instructor
 * notebooks, one fresh kernel each (after checking that each instructor notebook gets full marks
 * against itself, so a broken environment stops the run instead of failing every student), and writes
 * per submission `<student>/<notebook>.json` (with the answers its checks recorded), `.txt` (the
 * table) and `.ipynb` (the graded notebook with outputs, to hand back), plus `grades.json` and
 * `summary.csv` (one row per student) for the whole run.
 *
 * @example
 *   const reports = await gradeFiles(["submitted"], { outDir: "build/grades", report: console.log });
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { ServerConnection } from "@jupyterlab/services";
import { projectRoot } from "../jupyter-env";
import { interruptRuns, readNotebook, shutdownLiveSessions } from "../runner";
import { startJupyter, type JupyterServer } from "../server";
import { findSubmissions, matchAssignment, readSubmission, studentName, type Assignment } from "./collect";
import type { Answer } from "../../src/checks";
import { gradeSubmission, type GradeReport } from "./grade";
import { reportTable, summaryCsv } from "./report";

export interface GradeOptions {
  /** Instructor notebooks (default notebooks/). */
  sourceDir?: string;
  /** Where reports go (default build/grades). */
  outDir?: string;
  /** Seconds per cell (default 60). */
  timeoutSeconds?: number;
  /** A running server rooted at the project, started with UNROLLED_GRADING=1; default: start one and stop it after. */
  settings?: ServerConnection.ISettings;
  report?: (text: string) => void;
}

function assignmentsIn(folder: string): Assignment[] {
  return findSubmissions([folder])
    .filter((path) => relative(folder, path).split(/[\\/]/).length === 1)
    .map((path) => ({ path: relative(projectRoot, path).split("\\").join("/"), notebook: readNotebook(path) }));
}

/**
 * Grades the instructor notebook against itself first: anything short of full marks means the notebook
 * or the environment is broken (e.g. the library does not load), and every student would pay for it.
 */
async function expectFullMarks(settings: ServerConnection.ISettings, assignment: Assignment, timeoutSeconds?: number): Promise<Record<string, Answer[]>> {
  const input = { student: "instructor", submission: assignment.path, instructorPath: assignment.path, instructor: assignment.notebook };
  const self = await gradeSubmission(settings, { ...input, notebook: assignment.notebook, timeoutSeconds });
  const failed = self.exercises.find((e) => !e.passed);
  if (failed) {
    throw new Error(
      `${assignment.path} itself gets ${self.points} / ${self.maxPoints} points here, so nobody was graded. ` +
        `${failed.gradeId}: ${failed.feedback.split("\n")[0]}\nFix the notebook or the environment first (npm test shows what is broken).`,
    );
  }
  return self.answers ?? {};
}

export async function gradeFiles(targets: string[], options: GradeOptions = {}): Promise<GradeReport[]> {
  const say = options.report ?? (() => undefined);
  const assignments = assignmentsIn(options.sourceDir ?? join(projectRoot, "notebooks"));
  const names = assignments.map((a) => basename(a.path));
  const outDir = options.outDir ?? join(projectRoot, "build", "grades");
  const submissions = findSubmissions(targets);
  if (submissions.length === 0) throw new Error(`No notebooks (.ipynb) under ${targets.join(", ")}.`);

  let server: JupyterServer | null = null;
  const onSignal = () => interruptRuns();
  process.on("SIGINT", onSignal);
  const reports: GradeReport[] = [];
  try {
    const settings = options.settings ?? (server = await startJupyter({ app: "server", env: { UNROLLED_HEADLESS: "1", UNROLLED_GRADING: "1" } })).settings;
    const matched = submissions.map((path) => {
      const read = readSubmission(path);
      const notebook = "notebook" in read ? read.notebook : null;
      const unreadable = "problem" in read ? read.problem : undefined;
      return { path, notebook, unreadable, assignment: matchAssignment(path, notebook, assignments), student: studentName(path, names) };
    });
    const used = assignments.filter((a) => matched.some((m) => m.assignment === a));
    // The instructor's answers are the expected ones: they never enter a student's kernel.
    const expected = new Map<Assignment, Record<string, Answer[]>>();
    for (const assignment of used) expected.set(assignment, await expectFullMarks(settings, assignment, options.timeoutSeconds));
    for (const { path, notebook, unreadable, assignment, student } of matched) {
      if (!assignment) {
        say(`✗ ${path}: no instructor notebook matches it (by file name, release header or nbgrader cell ids); skipped.`);
        continue;
      }
      const report = await gradeSubmission(settings, {
        student,
        submission: path,
        instructorPath: assignment.path,
        instructor: assignment.notebook,
        notebook,
        unreadable,
        timeoutSeconds: options.timeoutSeconds,
        expected: expected.get(assignment),
      });
      reports.push(report);
      const stem = join(outDir, student, basename(assignment.path).replace(/\.ipynb$/, ""));
      mkdirSync(join(outDir, student), { recursive: true });
      const { notebook: graded, ...json } = report;
      writeFileSync(`${stem}.json`, `${JSON.stringify(json, null, 2)}\n`);
      writeFileSync(`${stem}.txt`, `${reportTable(report)}\n`);
      if (graded) writeFileSync(`${stem}.ipynb`, `${JSON.stringify(graded, null, 1)}\n`);
      say(reportTable(report));
    }
  } finally {
    await shutdownLiveSessions();
    await server?.stop();
    process.off("SIGINT", onSignal);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "grades.json"), `${JSON.stringify(reports.map(({ notebook: _notebook, answers: _answers, ...json }) => json), null, 2)}\n`);
  writeFileSync(join(outDir, "summary.csv"), summaryCsv(reports));
  return reports;
}

/**
 * `npm run grade`: grades every submission under the given files or folders against the instructor
 * notebooks, one fresh kernel each, `jobs` kernels at once (after checking that each instructor notebook
 * gets full marks against itself, so a broken environment stops the run instead of failing every
 * student), and writes per submission `<student>/<notebook>.json` (with the answers its checks
 * recorded), `.txt` (the table), `.html` (the student's feedback page) and `.ipynb` (the graded notebook
 * with outputs), plus `grades.json`, `summary.csv` (one row per student) and `canvas.csv` (Canvas's
 * gradebook import) for the whole run.
 *
 * @example
 *   const reports = await gradeFiles(["submitted"], { outDir: "build/grades", jobs: 2, report: console.log });
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, relative } from "node:path";
import type { ServerConnection } from "@jupyterlab/services";
import { projectRoot } from "../jupyter-env";
import { interruptRuns, NotebookKernel, readNotebook, shutdownLiveSessions, type Notebook } from "../runner";
import { startJupyter, type JupyterServer } from "../server";
import { findSubmissions, matchAssignment, readSubmission, studentName, type Assignment } from "./collect";
import type { Answer } from "../../src/checks";
import { Confinement, type ConfineMode } from "./confine";
import { gradeSubmission, type GradeReport } from "./grade";
import { inParallel, type Ahead } from "./parallel";
import { canvasCsv, feedbackHtml, reportTable, summaryCsv } from "./report";

export interface GradeOptions {
  /** Instructor notebooks (default notebooks/). */
  sourceDir?: string;
  /** Where reports go (default build/grades). */
  outDir?: string;
  /** Seconds per cell (default 60). */
  timeoutSeconds?: number;
  /** Kernels at once (default: the number of cores). The grades do not depend on it. */
  jobs?: number;
  /** "auto" (default): each kernel in a bubblewrap sandbox when bwrap works (required as root); "never": unconfined. */
  confine?: ConfineMode;
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
async function expectFullMarks(
  settings: ServerConnection.ISettings,
  assignment: Assignment,
  timeoutSeconds: number | undefined,
  kernel: Promise<NotebookKernel> | undefined,
): Promise<Record<string, Answer[]>> {
  const input = { student: "instructor", submission: assignment.path, instructorPath: assignment.path, instructor: assignment.notebook };
  const self = await gradeSubmission(settings, { ...input, notebook: assignment.notebook, timeoutSeconds, kernel });
  const failed = self.exercises.find((e) => !e.passed);
  if (failed) {
    throw new Error(
      `${assignment.path} itself gets ${self.points} / ${self.maxPoints} points here, so nobody was graded. ` +
        `${failed.gradeId}: ${failed.feedback.split("\n")[0]}\nFix the notebook or the environment first (npm test shows what is broken).`,
    );
  }
  return self.answers ?? {};
}

interface Matched {
  path: string;
  notebook: Notebook | null;
  /** Why the file is not a notebook (naming it). */
  unreadable?: string;
  assignment: Assignment | null;
  student: string;
}

function writeReport(outDir: string, assignment: Assignment, report: GradeReport): void {
  const stem = join(outDir, report.student, basename(assignment.path).replace(/\.ipynb$/, ""));
  mkdirSync(join(outDir, report.student), { recursive: true });
  const { notebook: graded, ...json } = report;
  writeFileSync(`${stem}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(`${stem}.txt`, `${reportTable(report)}\n`);
  writeFileSync(`${stem}.html`, feedbackHtml(report));
  if (graded) writeFileSync(`${stem}.ipynb`, `${JSON.stringify(graded, null, 1)}\n`);
}

export async function gradeFiles(targets: string[], options: GradeOptions = {}): Promise<GradeReport[]> {
  const say = options.report ?? (() => undefined);
  const jobs = options.jobs ?? availableParallelism();
  const assignments = assignmentsIn(options.sourceDir ?? join(projectRoot, "notebooks"));
  const names = assignments.map((a) => basename(a.path));
  const outDir = options.outDir ?? join(projectRoot, "build", "grades");
  const submissions = findSubmissions(targets);
  if (submissions.length === 0) throw new Error(`No notebooks (.ipynb) under ${targets.join(", ")}.`);

  let server: JupyterServer | null = null;
  const onSignal = () => interruptRuns();
  process.on("SIGINT", onSignal);
  let reports: GradeReport[] = [];
  // A server the caller started knows nothing of the sandbox's kernelspec: its kernels run unconfined.
  const confinement = Confinement.start(options.settings ? "never" : (options.confine ?? "auto"));
  if (!confinement.sandboxed && !options.settings && options.confine !== "never") say("note: bubblewrap (bwrap) does not work here: students' code runs unconfined, with your rights.");
  try {
    const settings =
      options.settings ??
      (server = await startJupyter({ app: "server", ...confinement.serverOptions, env: { UNROLLED_HEADLESS: "1", UNROLLED_GRADING: "1", ...confinement.serverOptions.env } }))
        .settings;
    // Each kernel in a private folder of its own (a Jupyter session per path), confined when it can be.
    const kernelAhead = (path: string): Ahead<NotebookKernel> => ({ value: confinement.kernel(settings, path), discard: (kernel) => kernel.shutdown() });
    const matched: Matched[] = submissions.map((path) => {
      const read = readSubmission(path);
      const notebook = "notebook" in read ? read.notebook : null;
      const unreadable = "problem" in read ? read.problem : undefined;
      return { path, notebook, unreadable, assignment: matchAssignment(path, notebook, assignments), student: studentName(path, names) };
    });
    const used = assignments.filter((a) => matched.some((m) => m.assignment === a));
    // The instructor's answers are the expected ones: they never enter a student's kernel.
    const answersOf = await inParallel(used, jobs, (a) => kernelAhead(a.path), (a, kernel) => expectFullMarks(settings, a, options.timeoutSeconds, kernel));
    const expected = new Map(used.map((assignment, i) => [assignment, answersOf[i]]));
    for (const { path, assignment } of matched) {
      if (!assignment) say(`✗ ${path}: no instructor notebook matches it (by file name, release header or nbgrader cell ids); skipped.`);
    }
    const gradable = matched.filter((m): m is Matched & { assignment: Assignment } => m.assignment !== null);
    reports = await inParallel(
      gradable,
      jobs,
      (m) => (m.notebook ? kernelAhead(m.assignment.path) : null),
      (m, kernel) =>
        gradeSubmission(settings, {
          student: m.student,
          submission: m.path,
          instructorPath: m.assignment.path,
          instructor: m.assignment.notebook,
          notebook: m.notebook,
          unreadable: m.unreadable,
          timeoutSeconds: options.timeoutSeconds,
          expected: expected.get(m.assignment),
          kernel,
        }),
      (report, index) => {
        writeReport(outDir, gradable[index].assignment, report);
        say(reportTable(report));
      },
    );
  } finally {
    await shutdownLiveSessions();
    await server?.stop();
    confinement.dispose();
    process.off("SIGINT", onSignal);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "grades.json"), `${JSON.stringify(reports.map(({ notebook: _notebook, answers: _answers, ...json }) => json), null, 2)}\n`);
  writeFileSync(join(outDir, "summary.csv"), summaryCsv(reports));
  writeFileSync(join(outDir, "canvas.csv"), canvasCsv(reports));
  return reports;
}

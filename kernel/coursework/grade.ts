/**
 * Grading one submission: the instructor's protected cells restored (restore.ts), then every code cell
 * run in a fresh tslab kernel with a time limit each, running on after failures. A graded test cell
 * earns its points when it runs without an error. After a time-out (or a kernel that died) the kernel
 * restarts and the cells that had run before are run again, so one endless loop costs only the
 * exercises that depend on it.
 *
 * Students cannot shadow the check helpers: every graded cell imports them itself from "./unrolled"
 * (an import in a cell hides any earlier definition of that name), and right before it the grader checks
 * that the helpers still fail on a wrong answer (a submission could patch the modules through require).
 *
 * @example
 *   const report = await gradeSubmission(server.settings, { student: "alice", instructorPath: "notebooks/01-….ipynb", instructor, submission });
 */
import type { ServerConnection } from "@jupyterlab/services";
import { NotebookKernel, sourceText, type Cell, type CellOutcome, type Notebook, type Output } from "../runner";
import { restoreInstructorCells } from "./restore";

export interface ExerciseResult {
  gradeId: string;
  title: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  /** "passed", or why not: the check's own message, a compile error, a time-out. */
  feedback: string;
}

export interface GradeReport {
  student: string;
  /** The submission file. */
  submission: string;
  /** The instructor notebook it was graded against (project-relative). */
  source: string;
  points: number;
  maxPoints: number;
  exercises: ExerciseResult[];
  /** Cells put back, constructs worth a look (e.g. `require(` in the student's code). */
  notes: string[];
  seconds: number;
  /** The graded notebook with its outputs: the student's feedback copy. */
  notebook: Notebook | null;
}

export interface GradeInput {
  student: string;
  submission: string;
  /** Project-relative path of the instructor notebook; its folder is where the kernel starts. */
  instructorPath: string;
  instructor: Notebook;
  /** null when the file is not a notebook at all. */
  notebook: Notebook | null;
  /** Seconds per cell (default 60). */
  timeoutSeconds?: number;
  /** A kernel started ahead for this submission (parallel.ts); default: one started now in the instructor notebook's folder. */
  kernel?: Promise<NotebookKernel>;
}

/** Run just before each graded cell, as a cell of its own: the helpers must still throw on a wrong answer. */
const helperCanary = [
  'import * as unrolledGrader from "./unrolled";',
  "{",
  "  const failsOn = (run: () => void) => { try { run(); } catch (e) { return e instanceof unrolledGrader.CheckFailure; } return false; };",
  "  if (!failsOn(() => unrolledGrader.expectEqual([1, 2], [1, 3])) || !failsOn(() => unrolledGrader.expectClose(1, 2))",
  "      || !failsOn(() => unrolledGrader.expectMatrixClose([[1]], [[2]]))) {",
  '    throw new Error("The check helpers were changed by code in this notebook; this cell cannot be graded.");',
  "  }",
  "}",
  "",
].join("\n");

/** Student code that reaches around the notebook: allowed, but worth an instructor's look. */
const suspicious: [RegExp, string][] = [
  [/\brequire\s*\(/, "require("],
  [/\.unrolled\b/, ".unrolled"],
  [/unrolledGrader/, "unrolledGrader"],
  [/\bprototype\b/, "prototype"],
  [/\bprocess\.exit\b/, "process.exit"],
];

/** The feedback a student reads: the first lines of the error, said plainly. */
export function feedbackFrom(status: string, message: string): string {
  if (status === "ok") return "passed";
  if (status === "timeout") return `${message} — an endless loop, or far too slow`;
  // Node shows the throwing line with a caret under it, and stack frames: the student needs neither here.
  const caret = (line = "") => /^\s*\^+\s*$/.test(line);
  const all = message.split("\n");
  const lines = all.filter((line, i) => line.trim() && !caret(line) && !caret(all[i + 1]) && !/^\s+at /.test(line));
  const text = lines.slice(0, 8).join("\n").trim();
  if (/^\d+:\d+ - /.test(text)) return `does not compile: ${text}`;
  return text.replace(/^✗ /, "");
}

function notesOnCode(cells: Cell[]): string[] {
  const code = cells
    .filter((cell) => cell.cell_type === "code" && !(cell.metadata["unrolled"] as { graded?: string } | undefined)?.graded)
    .map(sourceText)
    .join("\n");
  return suspicious.filter(([pattern]) => pattern.test(code)).map(([, what]) => `the student's code uses ${what}`);
}

/** tslab's compiler sometimes loses its state (seen when files it compiled change during the run). */
function compilerBroke(message: string): boolean {
  return /Unexpected pending rebuildTimer|rebuildTimer is not set properly/.test(message);
}

/**
 * A kernel that can get back to where it was: it remembers the ungraded cells that ran, and after a
 * time-out, a broken compiler or a kernel that died (`process.exit`) and was restarted by Jupyter, it
 * restarts and runs them again.
 */
class ReplayingKernel {
  private readonly ran: string[] = [];
  private lastCount = 0;

  constructor(
    private readonly kernel: NotebookKernel,
    private readonly timeoutSeconds: number,
  ) {}

  /** Runs a cell; `remember` keeps it for replays when it succeeds. */
  async run(code: string, remember: boolean): Promise<CellOutcome> {
    const before = this.lastCount;
    let outcome = await this.execute(code);
    const restartedUnderUs = outcome.executionCount !== null && outcome.executionCount <= before;
    if (compilerBroke(outcome.message) || restartedUnderUs) {
      await this.restartAndReplay();
      outcome = await this.execute(code);
    }
    if (outcome.status === "timeout") await this.restartAndReplay();
    else if (outcome.status === "ok" && remember) this.ran.push(code);
    return outcome;
  }

  private async execute(code: string): Promise<CellOutcome> {
    const outcome = await this.kernel.execute(code, this.timeoutSeconds);
    if (outcome.executionCount !== null) this.lastCount = outcome.executionCount;
    return outcome;
  }

  private async restartAndReplay(): Promise<void> {
    await this.kernel.restart();
    this.lastCount = 0;
    for (const code of this.ran) await this.execute(code);
  }
}

export async function gradeSubmission(settings: ServerConnection.ISettings, input: GradeInput): Promise<GradeReport> {
  const started = Date.now();
  const timeoutSeconds = input.timeoutSeconds ?? 60;
  const base = { student: input.student, submission: input.submission, source: input.instructorPath };
  if (!input.notebook) {
    const { graded } = restoreInstructorCells(input.instructor, { ...input.instructor, cells: [] });
    const exercises = graded.map((g) => ({ gradeId: g.gradeId, title: g.title, points: 0, maxPoints: g.points, passed: false, feedback: "not graded: the submission is not a readable notebook" }));
    const maxPoints = exercises.reduce((sum, e) => sum + e.maxPoints, 0);
    return { ...base, points: 0, maxPoints, exercises, notes: ["the file is not a Jupyter notebook"], seconds: 0, notebook: null };
  }
  const { notebook, graded, notes } = restoreInstructorCells(input.instructor, input.notebook);
  const results = new Map<string, { passed: boolean; feedback: string }>();
  const kernel = await (input.kernel ?? NotebookKernel.start(settings, input.instructorPath));
  const session = new ReplayingKernel(kernel, timeoutSeconds);
  try {
    for (const cell of notebook.cells) {
      if (cell.cell_type !== "code") continue;
      cell.outputs = [];
      const code = sourceText(cell);
      const gradeId = (cell.metadata["unrolled"] as { graded?: string } | undefined)?.graded;
      if (!code.trim()) continue;
      if (gradeId) {
        const canary = await session.run(helperCanary, false);
        if (canary.status !== "ok") {
          results.set(gradeId, { passed: false, feedback: feedbackFrom(canary.status, canary.message) });
          continue;
        }
      }
      const outcome = await session.run(code, !gradeId);
      cell.outputs = outcome.outputs as Output[];
      cell.execution_count = outcome.executionCount;
      if (gradeId) results.set(gradeId, { passed: outcome.status === "ok", feedback: feedbackFrom(outcome.status, outcome.message) });
    }
  } finally {
    await kernel.shutdown();
  }
  const exercises = graded.map((g): ExerciseResult => {
    const result = results.get(g.gradeId) ?? { passed: false, feedback: "not run" };
    return { gradeId: g.gradeId, title: g.title, points: result.passed ? g.points : 0, maxPoints: g.points, ...result };
  });
  return {
    ...base,
    points: exercises.reduce((sum, e) => sum + e.points, 0),
    maxPoints: exercises.reduce((sum, e) => sum + e.maxPoints, 0),
    exercises,
    notes: [...notes, ...notesOnCode(notebook.cells)],
    seconds: (Date.now() - started) / 1000,
    notebook,
  };
}

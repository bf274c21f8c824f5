/**
 * Grading one submission: the instructor's protected cells restored (restore.ts), then every code cell
 * run in a fresh tslab kernel with a time limit each, running on after failures. After a time-out (or a
 * kernel that died) the kernel restarts and the cells that had run before are run again, so one endless
 * loop costs only the exercises that depend on it.
 *
 * Judging happens here, never in the kernel: a graded cell only records the student's answers (display
 * outputs of type ANSWERS_MIME, see src/checks.ts), and each is compared in this process with the answer
 * the instructor's notebook recorded under the same name, with the instructor's tolerance and hint. The
 * instructor's notebook is graded first without `expected` (its own public checks must pass in its own
 * kernel); its answers are then the expected ones. Whatever a submission patches in its kernel (built-ins,
 * prototypes, the library's exports), it can only send answers, and only right answers earn points.
 *
 * @example
 *   const report = await gradeSubmission(server.settings, { student: "alice", instructorPath: "notebooks/01-….ipynb", instructor, submission });
 */
import type { ServerConnection } from "@jupyterlab/services";
import { NotebookKernel, sourceText, type Cell, type CellOutcome, type Notebook, type Output } from "../runner";
import { ANSWERS_MIME, judgeAnswer, type Answer } from "../../src/checks";
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
  /** Every graded cell's recorded answers, by grade_id (the instructor's are the expected ones); not in grades.json. */
  answers?: Record<string, Answer[]>;
}

export interface GradeInput {
  student: string;
  submission: string;
  /** Project-relative path of the instructor notebook; its folder is where the kernel starts. */
  instructorPath: string;
  instructor: Notebook;
  /** null when the file is not a notebook at all. */
  notebook: Notebook | null;
  /** Why it is not (readNotebook's message, naming the file), for the report. */
  unreadable?: string;
  /** Seconds per cell (default 60). */
  timeoutSeconds?: number;
  /**
   * The instructor's recorded answers by grade_id (`answers` of the instructor's own report). Without
   * them a graded cell passes when it runs without an error and records answers: the instructor's run.
   */
  expected?: Record<string, Answer[]>;
}

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

/** The answers a graded cell sent (the first one of each name counts), and its outputs without them. */
export function answersIn(outputs: Output[]): { answers: Answer[]; rest: Output[] } {
  const answers = new Map<string, Answer>();
  const rest: Output[] = [];
  for (const output of outputs) {
    const data = output["data"] as Record<string, unknown> | undefined;
    const sent = output.output_type === "display_data" ? (data?.[ANSWERS_MIME] as Partial<Answer> | undefined) : undefined;
    if (!sent) {
      rest.push(output);
      continue;
    }
    if (typeof sent.name !== "string" || answers.has(sent.name)) continue;
    const kind = (["matrix", "array", "equal", "close"] as const).find((k) => k === sent.kind) ?? "equal";
    const answer: Answer = { name: sent.name, value: sent.value, kind };
    if (typeof sent.tolerance === "number") answer.tolerance = sent.tolerance;
    if (typeof sent.hint === "string") answer.hint = sent.hint;
    answers.set(sent.name, answer);
  }
  return { answers: [...answers.values()], rest };
}

/**
 * Judges one graded cell: every answer the instructor recorded must be among the student's and right.
 * A missing answer is explained by the cell's own failure (an error, a time-out), when it had one.
 */
export function judgeCell(expected: Answer[], got: Answer[], outcome: Pick<CellOutcome, "status" | "message">): { passed: boolean; feedback: string } {
  const byName = new Map(got.map((answer) => [answer.name, answer]));
  for (const want of expected) {
    const have = byName.get(want.name);
    if (!have) {
      const why = outcome.status === "ok" ? `the check cell recorded no answer for ${want.name}` : feedbackFrom(outcome.status, outcome.message);
      return { passed: false, feedback: why };
    }
    let wrong: string | null;
    try {
      wrong = judgeAnswer(want, have.value);
    } catch {
      wrong = `${want.name}: the answer sent could not be read`;
    }
    if (wrong) return { passed: false, feedback: wrong };
  }
  return { passed: true, feedback: "passed" };
}

/** The instructor's own run: the cell's public checks passed in its kernel, and it recorded answers with distinct names. */
function judgeInstructorCell(got: Answer[], outputs: Output[], outcome: CellOutcome): { passed: boolean; feedback: string } {
  if (outcome.status !== "ok") return { passed: false, feedback: feedbackFrom(outcome.status, outcome.message) };
  if (got.length === 0) return { passed: false, feedback: `the check cell recorded no answers (is the grader's kernel started with UNROLLED_GRADING=1?)` };
  const sent = outputs.filter((o) => (o["data"] as Record<string, unknown> | undefined)?.[ANSWERS_MIME]).length;
  if (sent !== got.length) return { passed: false, feedback: "two answers of the check cell have the same name: the grader could not tell them apart" };
  return { passed: true, feedback: "passed" };
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
    return { ...base, points: 0, maxPoints, exercises, notes: [input.unreadable ?? "the file is not a Jupyter notebook"], seconds: 0, notebook: null, answers: {} };
  }
  const { notebook, graded, notes } = restoreInstructorCells(input.instructor, input.notebook);
  const results = new Map<string, { passed: boolean; feedback: string }>();
  const answers: Record<string, Answer[]> = {};
  const kernel = await NotebookKernel.start(settings, input.instructorPath);
  const session = new ReplayingKernel(kernel, timeoutSeconds);
  try {
    for (const cell of notebook.cells) {
      if (cell.cell_type !== "code") continue;
      cell.outputs = [];
      const code = sourceText(cell);
      const gradeId = (cell.metadata["unrolled"] as { graded?: string } | undefined)?.graded;
      if (!code.trim()) continue;
      const outcome = await session.run(code, !gradeId);
      cell.outputs = outcome.outputs as Output[];
      cell.execution_count = outcome.executionCount;
      if (!gradeId) continue;
      const { answers: got, rest } = answersIn(cell.outputs);
      answers[gradeId] = got;
      results.set(gradeId, input.expected ? judgeCell(input.expected[gradeId] ?? [], got, outcome) : judgeInstructorCell(got, cell.outputs, outcome));
      cell.outputs = rest;
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
    answers,
  };
}

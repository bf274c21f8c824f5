/**
 * Every article executed once per test run, shared by the tests that need the outputs (the notebooks
 * test asserts on them, the site test builds the site from them): the first caller runs the notebooks
 * through the course's runner into build/test-executed/, later callers in the same `vitest run` read
 * that run back. A new run (a new id from test/global-setup.ts) executes again.
 *
 * @example
 *   const { runs, lines } = await executedArticles();   // runs[i].outputPath: the executed copy
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { executeNotebookFiles } from "../../kernel/execute";
import { projectRoot } from "../../kernel/jupyter-env";
import { readNotebook, type CellFailure, type Notebook } from "../../kernel/runner";

export const EXECUTED_DIR = join(projectRoot, "build", "test-executed");
const record = join(EXECUTED_DIR, "run.json");

export interface ExecutedArticle {
  path: string; // notebooks/NN-name.ipynb
  outputPath: string;
  failure: CellFailure | null;
  notebook: Notebook;
}

interface Recorded {
  runId: string;
  lines: string[];
  runs: Omit<ExecutedArticle, "notebook">[];
}

export async function executedArticles(): Promise<{ runs: ExecutedArticle[]; lines: string[]; reused: boolean }> {
  const runId = inject("testRunId");
  if (existsSync(record)) {
    const previous = JSON.parse(readFileSync(record, "utf8")) as Recorded;
    if (previous.runId === runId && previous.runs.every((run) => existsSync(run.outputPath))) {
      return { runs: previous.runs.map((run) => ({ ...run, notebook: readNotebook(run.outputPath) })), lines: previous.lines, reused: true };
    }
  }
  rmSync(EXECUTED_DIR, { recursive: true, force: true });
  mkdirSync(EXECUTED_DIR, { recursive: true });
  const lines: string[] = [];
  const runs = await executeNotebookFiles([join(projectRoot, "notebooks")], { outDir: EXECUTED_DIR, timeoutSeconds: 300, report: (line) => lines.push(line) });
  const recorded: Recorded = { runId, lines, runs: runs.map(({ path, outputPath, failure }) => ({ path, outputPath, failure })) };
  writeFileSync(record, JSON.stringify(recorded, null, 1));
  return { runs: runs.map(({ path, outputPath, failure, notebook }) => ({ path, outputPath, failure, notebook })), lines, reused: false };
}

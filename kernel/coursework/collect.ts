/**
 * Finding submissions and what they answer: every .ipynb under the given files or folders, the student's
 * name from the file or its folder, and the instructor notebook it was released from.
 *
 * @example
 *   findSubmissions(["submitted"]);   // ["submitted/alice/01-from-words-to-vectors.ipynb", "submitted/bob.ipynb"]
 *   studentName("submitted/alice/01-from-words-to-vectors.ipynb", ["01-from-words-to-vectors.ipynb"]);   // "alice"
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { readNotebook } from "../notebook-file";
import type { Notebook } from "../runner";
import { nbgraderOf } from "./markers";
import type { ReleaseHeader } from "./release";

/** Every notebook under `targets`, sorted; hidden folders and checkpoints are skipped. */
export function findSubmissions(targets: string[]): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      if (name.startsWith(".")) continue;
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.endsWith(".ipynb")) found.push(child);
    }
  };
  for (const target of targets) {
    const path = resolve(target);
    if (!existsSync(path)) throw new Error(`No submission or folder at ${target}.`);
    if (statSync(path).isDirectory()) walk(path);
    else found.push(path);
  }
  return found;
}

/** `alice.ipynb` → alice; `alice/01-x.ipynb` (named like an assignment) → alice. */
export function studentName(path: string, assignmentNames: string[]): string {
  const file = basename(path);
  return assignmentNames.includes(file) ? basename(dirname(path)) : file.replace(/\.ipynb$/, "");
}

/** The notebook in the file, or why it is not one (a sentence naming the file). */
export function readSubmission(path: string): { notebook: Notebook } | { problem: string } {
  try {
    return { notebook: readNotebook(path) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export interface Assignment {
  /** Project-relative path, e.g. notebooks/01-from-words-to-vectors.ipynb. */
  path: string;
  notebook: Notebook;
}

/**
 * The instructor notebook a submission answers: the same file name; else the one its release header
 * names; else the one sharing most nbgrader cell ids with it.
 */
export function matchAssignment(path: string, submission: Notebook | null, assignments: Assignment[]): Assignment | null {
  const byName = assignments.find((a) => basename(a.path) === basename(path));
  if (byName) return byName;
  if (!submission) return null;
  const header = submission.cells[0]?.metadata?.["unrolled"] as ReleaseHeader | undefined;
  const byHeader = assignments.find((a) => a.path === header?.source);
  if (byHeader) return byHeader;
  const ids = new Set(submission.cells.map((cell) => nbgraderOf(cell)?.grade_id).filter(Boolean));
  let best: Assignment | null = null;
  let bestShared = 0;
  for (const assignment of assignments) {
    const shared = assignment.notebook.cells.filter((cell) => ids.has(nbgraderOf(cell)?.grade_id)).length;
    if (shared > bestShared) [best, bestShared] = [assignment, shared];
  }
  return best;
}

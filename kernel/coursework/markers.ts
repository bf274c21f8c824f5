/**
 * nbgrader's marking scheme, read from a notebook: cell metadata (`metadata.nbgrader`) says which cells
 * are answers and which are graded tests; lines with `BEGIN SOLUTION` / `END SOLUTION` and
 * `BEGIN HIDDEN TESTS` / `END HIDDEN TESTS` (in `// ###` comments here) mark regions inside them.
 *
 * @example
 *   replaceSolutions('  // ### BEGIN SOLUTION: return X\n  return X;\n  // ### END SOLUTION');
 *   // '  // YOUR CODE HERE\n  throw new Error("not implemented yet: return X");'
 */
import { sourceText, type Cell } from "../runner";

/** nbgrader's cell metadata, schema version 3. */
export interface NbgraderCell {
  grade: boolean;
  grade_id: string;
  locked: boolean;
  points?: number;
  schema_version: 3;
  solution: boolean;
  task: boolean;
}

export function nbgraderOf(cell: Cell): NbgraderCell | null {
  const meta = cell.metadata?.["nbgrader"] as NbgraderCell | undefined;
  return meta && typeof meta.grade_id === "string" ? meta : null;
}

/** A graded test cell: grading runs the instructor's copy and counts its points. */
export function isGradedTest(cell: Cell): boolean {
  const meta = nbgraderOf(cell);
  return Boolean(meta && meta.grade && !meta.solution);
}

/** Cells whose source grading takes from the instructor (as nbgrader's OverwriteCells does). */
export function isProtected(cell: Cell): boolean {
  const meta = nbgraderOf(cell);
  return Boolean(meta && ((meta.grade && !meta.solution) || meta.locked));
}

const BEGIN_SOLUTION = "BEGIN SOLUTION";
const END_SOLUTION = "END SOLUTION";
const BEGIN_HIDDEN = "BEGIN HIDDEN TESTS";
const END_HIDDEN = "END HIDDEN TESTS";

/** What the student is asked to write: the text after `BEGIN SOLUTION` on its line, e.g. ": return X". */
function task(line: string): string {
  const after = line.slice(line.indexOf(BEGIN_SOLUTION) + BEGIN_SOLUTION.length);
  return after.replace(/^[\s:—–-]+/, "").trim();
}

/** The stub that stands in for a solution region in the student version. */
export function stubLines(what: string, indent: string): string[] {
  const message = what ? `not implemented yet: ${what}` : "not implemented yet";
  return [`${indent}// YOUR CODE HERE`, `${indent}throw new Error(${JSON.stringify(message)});`];
}

function regions(source: string, begin: string, end: string, replace: (line: string) => string[]): string {
  const out: string[] = [];
  let inside = false;
  for (const [number, line] of source.split("\n").entries()) {
    if (line.includes(begin)) {
      if (inside) throw new Error(`line ${number + 1}: "${begin}" inside another ${begin} region.`);
      inside = true;
      out.push(...replace(line));
    } else if (line.includes(end)) {
      if (!inside) throw new Error(`line ${number + 1}: "${end}" without a "${begin}" before it.`);
      inside = false;
    } else if (!inside) {
      out.push(line);
    }
  }
  if (inside) throw new Error(`a "${begin}" region is never closed by "${end}".`);
  return out.join("\n");
}

/** The source with each solution region replaced by a stub that throws "not implemented yet: …". */
export function replaceSolutions(source: string): string {
  return regions(source, BEGIN_SOLUTION, END_SOLUTION, (line) => stubLines(task(line), /^\s*/.exec(line)![0]));
}

/** The source without its hidden-test regions (markers included). */
export function removeHiddenTests(source: string): string {
  return regions(source, BEGIN_HIDDEN, END_HIDDEN, () => []);
}

/** Every line strictly inside a cell's solution or hidden-test regions: none may reach a student. */
export function regionLines(cell: Cell, kind: "solution" | "hidden tests"): string[] {
  const [begin, end] = kind === "solution" ? [BEGIN_SOLUTION, END_SOLUTION] : [BEGIN_HIDDEN, END_HIDDEN];
  const lines: string[] = [];
  let inside = false;
  for (const line of sourceText(cell).split("\n")) {
    if (line.includes(begin)) inside = true;
    else if (line.includes(end)) inside = false;
    else if (inside) lines.push(line);
  }
  return lines;
}

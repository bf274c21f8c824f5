/**
 * Before grading, a submission gets the instructor's protected cells back (graded test cells, with their
 * hidden tests, and locked cells), matched by nbgrader `grade_id`: whatever the student left in them is
 * replaced; a deleted one is put back after the cell that came before it in the instructor's notebook.
 *
 * @example
 *   const { notebook, graded } = restoreInstructorCells(instructor, submission);
 */
import { sourceText, type Cell, type Notebook } from "../runner";
import { isGradedTest, isProtected, nbgraderOf, removeHiddenTests } from "./markers";

export interface GradedCell {
  gradeId: string;
  points: number;
  /** The exercise's title: the nearest heading above the cell in the instructor's notebook. */
  title: string;
}

export interface Restored {
  notebook: Notebook;
  /** The graded test cells, in order; their cells in `notebook` carry `metadata.unrolled.graded`. */
  graded: GradedCell[];
  /** What was put back, for the report ("restored ex1-check, which had been changed"). */
  notes: string[];
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function titleAbove(cells: Cell[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    if (cells[i].cell_type !== "markdown") continue;
    const heading = sourceText(cells[i])
      .split("\n")
      .find((line) => /^#{1,6}\s/.test(line));
    if (heading) return heading.replace(/^#+\s*/, "").trim();
  }
  return "";
}

/** The instructor's copy of a protected cell, marked for the grader when it is a graded test. */
function instructorCopy(cell: Cell): Cell {
  const copy = clone(cell);
  copy.outputs = [];
  copy.execution_count = null;
  if (isGradedTest(cell)) copy.metadata["unrolled"] = { graded: nbgraderOf(cell)!.grade_id };
  return copy;
}

export function restoreInstructorCells(instructor: Notebook, submission: Notebook): Restored {
  const byId = new Map<string, Cell>();
  const order: string[] = []; // every grade_id of the instructor's notebook, in order
  const graded: GradedCell[] = [];
  instructor.cells.forEach((cell, index) => {
    const meta = nbgraderOf(cell);
    if (!meta) return;
    order.push(meta.grade_id);
    if (isProtected(cell)) byId.set(meta.grade_id, cell);
    if (isGradedTest(cell)) graded.push({ gradeId: meta.grade_id, points: meta.points ?? 0, title: titleAbove(instructor.cells, index) });
  });

  const notes: string[] = [];
  const placed = new Set<string>();
  const cells: Cell[] = [];
  for (const cell of submission.cells) {
    const id = nbgraderOf(cell)?.grade_id;
    const original = id === undefined ? undefined : byId.get(id);
    if (id !== undefined && original && !placed.has(id)) {
      const text = sourceText(cell);
      if (text !== sourceText(original) && text !== removeHiddenTests(sourceText(original))) {
        notes.push(`restored ${id}, which the submission had changed`);
      }
      cells.push(instructorCopy(original));
      placed.add(id);
      continue;
    }
    // A second copy of a protected cell, or a cell whose id the instructor does not know, counts for nothing.
    const copy = clone(cell);
    if (id !== undefined && (placed.has(id) || !order.includes(id))) delete copy.metadata["nbgrader"];
    delete copy.metadata["unrolled"];
    cells.push(copy);
  }

  for (const [position, id] of order.entries()) {
    if (placed.has(id) || !byId.has(id)) continue;
    // Put it back after the nearest earlier instructor cell that the submission still has.
    let at = 0;
    for (let before = position - 1; before >= 0; before--) {
      const found = cells.findIndex((cell) => nbgraderOf(cell)?.grade_id === order[before]);
      if (found >= 0) {
        at = found + 1;
        break;
      }
    }
    cells.splice(at, 0, instructorCopy(byId.get(id)!));
    placed.add(id);
    notes.push(`restored ${id}, which the submission had deleted`);
  }
  return { notebook: { ...clone(submission), cells }, graded, notes };
}

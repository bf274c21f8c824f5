/**
 * Reading a notebook file: anything that is not valid JSON, or is JSON but not a Jupyter notebook (no
 * list of cells, a cell without a type or a source), is refused with an error that names the file, so
 * that execute, build, release and grade all say which file is bad.
 *
 * @example
 *   readNotebook("notebooks/01-from-words-to-vectors.ipynb").cells.length;   // 41
 *   readNotebook("notes.ipynb");   // Error: notes.ipynb is not valid JSON (Unexpected token ...), so not a Jupyter notebook.
 */
import { readFileSync } from "node:fs";
import type { Notebook } from "./runner";

/** What is wrong with `value` as an nbformat 4 notebook, or null when nothing is. */
function notebookProblem(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "its JSON is not an object";
  const cells = (value as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return 'it has no "cells" list';
  for (const [index, cell] of cells.entries()) {
    const where = `cell ${index + 1}`;
    if (cell === null || typeof cell !== "object") return `${where} is not an object`;
    const { cell_type: type, source } = cell as { cell_type?: unknown; source?: unknown };
    if (type !== "code" && type !== "markdown" && type !== "raw") return `${where} has no cell_type of code, markdown or raw`;
    if (typeof source !== "string" && !(Array.isArray(source) && source.every((line) => typeof line === "string"))) {
      return `${where} has no source text`;
    }
  }
  return null;
}

/** The notebook in `text` (read from `path`), or an error naming `path` and what is wrong. */
export function parseNotebook(text: string, path: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}), so not a Jupyter notebook.`);
  }
  const problem = notebookProblem(value);
  if (problem) throw new Error(`${path} is not a Jupyter notebook: ${problem}.`);
  const notebook = value as Notebook;
  for (const cell of notebook.cells) cell.metadata ??= {};
  notebook.metadata ??= {};
  return notebook;
}

export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`No notebook at ${path}.`);
  }
  return parseNotebook(text, path);
}

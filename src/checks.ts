/**
 * Checks for exercises: each compares a student's answer with the expected one and, when they differ,
 * throws a `CheckFailure` whose message teaches — which entry differs, expected vs got, both shapes
 * when the shapes differ, and a hint. A notebook shows that message alone, without a stack trace.
 *
 * @example
 *   expectMatrixClose(X, oneHotSequence([4, 5], 15), { name: "X", hint: "one column per token" });
 *   // CheckFailure: X differs at entry (row 4, col 0): expected 1, got 0. …
 *   expectEqual(countParameters(3, 2), 14, { name: "countParameters(3, 2)" });
 */
import { isMatrix, type Matrix } from "mathjs";
import { formatShape } from "./matrix";

/** A failed check: tslab prints its message and nothing else (no stack frames, no source arrow). */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailure";
  }

  // Node's console.error (which tslab uses for a cell's error) prints what this returns.
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `✗ ${this.message}`;
  }
}

export interface CheckOptions {
  /** What is checked, as the student wrote it, e.g. "oneHotSentence([4, 5], 15)". */
  name?: string;
  /** One sentence that points at the likely mistake. */
  hint?: string;
}

export interface CloseOptions extends CheckOptions {
  /** Largest allowed |got - expected| per entry (default 1e-6). */
  tolerance?: number;
}

function fail(lines: string[], hint?: string): never {
  throw new CheckFailure([...lines, ...(hint ? [`Hint: ${hint}`] : [])].join("\n"));
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined (did the function return its result?)";
  if (value === null) return "null";
  if (isMatrix(value)) return `a matrix of shape ${formatShape((value as Matrix).size())}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return `an object with keys ${Object.keys(value as object).join(", ") || "(none)"}`;
  return String(value);
}

/** The rows of a mathjs matrix or a number[][]; null for anything else. */
function rowsOf(value: unknown): number[][] | null {
  const array = isMatrix(value) ? (value as Matrix).toArray() : value;
  if (!Array.isArray(array) || !array.every((row) => Array.isArray(row))) return null;
  return array as number[][];
}

function shapeText(rows: number[][]): string {
  const cols = rows.map((row) => row.length);
  const ragged = cols.some((c) => c !== cols[0]);
  return ragged ? `${rows.length} rows of lengths ${cols.join(", ")}` : formatShape([rows.length, cols[0] ?? 0]);
}

/**
 * Checks a matrix entry by entry (a mathjs Matrix or number[][]), within a tolerance.
 *
 * @example
 *   expectMatrixClose(matrix([[1], [0]]), [[1], [0]], { name: "x" });   // passes
 */
export function expectMatrixClose(got: unknown, expected: Matrix | number[][], options: CloseOptions = {}): void {
  const name = options.name ?? "the result";
  const tolerance = options.tolerance ?? 1e-6;
  const want = rowsOf(expected)!;
  const have = rowsOf(got);
  if (!have) fail([`${name} should be a matrix of shape ${shapeText(want)}, but it is ${describe(got)}.`], options.hint);
  if (shapeText(have) !== shapeText(want)) {
    fail([`${name} has the wrong shape: expected ${shapeText(want)}, got ${shapeText(have)}.`], options.hint);
  }
  const wrong: [number, number][] = [];
  want.forEach((row, r) =>
    row.forEach((w, c) => {
      const h = have[r][c];
      if (typeof h !== "number" || !(Math.abs(h - w) <= tolerance)) wrong.push([r, c]);
    }),
  );
  if (wrong.length === 0) return;
  const [r, c] = wrong[0];
  const more = wrong.length > 1 ? ` (and ${wrong.length - 1} more of its ${want.length * want[0].length} entries)` : "";
  fail(
    [
      `${name} differs at entry (row ${r}, col ${c})${more}:`,
      `  expected ${want[r][c]}`,
      `  got      ${describe(have[r][c])}${tolerance > 0 ? `   (tolerance ${tolerance})` : ""}`,
    ],
    options.hint,
  );
}

/**
 * Checks a list of numbers entry by entry, within a tolerance (default 1e-6).
 *
 * @example
 *   expectArrayClose(mySoftmax([1, 2]), [0.268941, 0.731059], { name: "mySoftmax([1, 2])" });
 */
export function expectArrayClose(got: unknown, expected: readonly number[], options: CloseOptions = {}): void {
  const name = options.name ?? "the result";
  const tolerance = options.tolerance ?? 1e-6;
  if (!Array.isArray(got)) fail([`${name} should be an array of ${expected.length} numbers, but it is ${describe(got)}.`], options.hint);
  if (got.length !== expected.length) fail([`${name} has length ${got.length}, expected ${expected.length}.`], options.hint);
  const wrong = expected.map((_, k) => k).filter((k) => typeof got[k] !== "number" || !(Math.abs(got[k] - expected[k]) <= tolerance));
  if (wrong.length === 0) return;
  const k = wrong[0];
  const more = wrong.length > 1 ? ` (and ${wrong.length - 1} more of its ${expected.length} entries)` : "";
  fail([`${name}[${k}] differs${more}:`, `  expected ${expected[k]}`, `  got      ${describe(got[k])}   (tolerance ${tolerance})`], options.hint);
}

/** The first place where two plain values (numbers, strings, booleans, nested arrays) differ. */
function firstDifference(got: unknown, expected: unknown, path: string): string[] | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return [`${path} should be an array of length ${expected.length}, but it is ${describe(got)}.`];
    for (let i = 0; i < Math.min(got.length, expected.length); i++) {
      const inner = firstDifference(got[i], expected[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    if (got.length !== expected.length) {
      return [`${path} has length ${got.length}, expected ${expected.length}.`, `  expected ${JSON.stringify(expected)}`, `  got      ${JSON.stringify(got)}`];
    }
    return null;
  }
  if (Object.is(got, expected)) return null;
  return [`${path} is wrong:`, `  expected ${describe(expected)}`, `  got      ${describe(got)}`];
}

/**
 * Checks exact equality of numbers, strings, booleans and (nested) arrays of them; for arrays the
 * message names the first index that differs.
 *
 * @example
 *   expectEqual(padded.mask[1], [1, 1, 0], { name: "mask[1]" });
 */
export function expectEqual(got: unknown, expected: unknown, options: CheckOptions = {}): void {
  const difference = firstDifference(got, expected, options.name ?? "the result");
  if (difference) fail(difference, options.hint);
}

/**
 * Checks one number within a tolerance (default 1e-6).
 *
 * @example
 *   expectClose(loss, 2.302585, { name: "loss", tolerance: 1e-5, hint: "log of V for a uniform guess" });
 */
export function expectClose(got: unknown, expected: number, options: CloseOptions = {}): void {
  const name = options.name ?? "the result";
  const tolerance = options.tolerance ?? 1e-6;
  if (typeof got !== "number" || !(Math.abs(got - expected) <= tolerance)) {
    fail([`${name} is wrong:`, `  expected ${expected}`, `  got      ${describe(got)}   (tolerance ${tolerance})`], options.hint);
  }
}

/** The line a check cell prints when every check in it passed. */
export function passed(what: string): string {
  return `✓ ${what}: all checks passed`;
}

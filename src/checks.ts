/**
 * Checks for exercises. A check cell does two things with each answer:
 * - in the student's notebook it compares the answer with the expected one and, when they differ, throws a
 *   `CheckFailure` whose message teaches — which entry differs, expected vs got, both shapes when the
 *   shapes differ, and a hint (a notebook shows that message alone, without a stack trace);
 * - it records the answer as plain data (`Answer`). When grading, the kernel sends each recorded answer to
 *   the grader as a display output of MIME type `ANSWERS_MIME`, and the grader compares it, in its own
 *   process, with the answer the instructor's notebook recorded under the same name (`judgeAnswer`). The
 *   grade never trusts a comparison made in the student's kernel, and no expected value of a hidden test
 *   is ever in it.
 *
 * Public checks (`expectMatrixClose`, `expectArrayClose`, `expectEqual`, `expectClose`) do both; hidden
 * tests call `answer(name, value, { tolerance?, hint? })`, which only records: they carry no expected value.
 * The instructor's call gives the tolerance and hint; the student's kernel gives only the value.
 *
 * @example
 *   // Check exercise 1 (graded: do not change this cell)
 *   import * as check from "./unrolled";
 *   {
 *     check.expectMatrixClose(encodeOneHot([2, 0], 3), [[0, 1], [0, 0], [1, 0]], { name: "encodeOneHot([2, 0], 3)", tolerance: 0, hint: "one column per token" });
 *     // ### BEGIN HIDDEN TESTS
 *     check.answer("encodeOneHot([3, 3, 3], 4)", encodeOneHot([3, 3, 3], 4), { tolerance: 0, hint: "a repeated token lights one row" });
 *     // ### END HIDDEN TESTS
 *   }
 *   check.passed("Exercise 1")
 *   // CheckFailure: encodeOneHot([2, 0], 3) differs at entry (row 2, col 0): expected 1, got 0. …
 */
import { isMatrix, matrix, type Matrix } from "mathjs";
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

/** A value that plain data cannot carry (a function, a symbol, a bigint, a cycle), as the grader sees it. */
class Opaque {
  constructor(readonly what: string) {}
}

function fail(lines: string[], hint?: string): never {
  throw new CheckFailure([...lines, ...(hint ? [`Hint: ${hint}`] : [])].join("\n"));
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined (did the function return its result?)";
  if (value === null) return "null";
  if (value instanceof Opaque) return value.what;
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
  record("matrix", got, options);
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
  record("array", got, options);
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
  if (expected !== null && typeof expected === "object" && !isMatrix(expected) && !(expected instanceof Opaque)) {
    if (got === null || typeof got !== "object" || Array.isArray(got)) return [`${path} should be an object with keys ${Object.keys(expected).join(", ")}, but it is ${describe(got)}.`];
    for (const [key, value] of Object.entries(expected)) {
      const inner = firstDifference((got as Record<string, unknown>)[key], value, `${path}.${key}`);
      if (inner) return inner;
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
  record("equal", got, options);
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
  record("close", got, options);
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

/** The media type of a graded cell's display outputs that carry its recorded answers. */
export const ANSWERS_MIME = "application/vnd.unrolled.answers+json";

/** How the grader compares an answer with the instructor's: the check that recorded it. */
export type AnswerKind = "matrix" | "array" | "equal" | "close";

/** One answer of a check cell as plain JSON data (`value` is `toPlain` of what the student's code returned). */
export interface Answer {
  name: string;
  value: unknown;
  kind: AnswerKind;
  tolerance?: number;
  hint?: string;
}

type Recorder = (answer: Answer) => void;
let recorder: Recorder | null = null;

/**
 * Where recorded answers go; none (the default) outside grading. The kernel glue sets one that sends each
 * answer to the grader.
 *
 * @example
 *   recordAnswersWith((answer) => sent.push(answer));
 */
export function recordAnswersWith(next: Recorder | null): void {
  recorder = next;
}

function record(kind: AnswerKind, got: unknown, options: CloseOptions): void {
  if (!recorder) return;
  const answer: Answer = { name: options.name ?? "the result", value: toPlain(got), kind };
  if (options.tolerance !== undefined) answer.tolerance = options.tolerance;
  if (options.hint !== undefined) answer.hint = options.hint;
  recorder(answer);
}

function isRows(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"));
}

/**
 * A hidden test: records `value` as the answer called `name`, and compares nothing here. The grader
 * compares it with the instructor's answer of the same name: exactly, or within `tolerance` entry by
 * entry for a number, a list of numbers or a matrix (a mathjs Matrix is compared as a matrix, exactly
 * when no tolerance is given). `name` must be unique within its cell.
 *
 * @example
 *   check.answer("softmaxStable([1000, 1001])", softmaxStable([1000, 1001]), { tolerance: 1e-9, hint: "subtract the largest score first" });
 */
export function answer(name: string, value: unknown, options: { tolerance?: number; hint?: string } = {}): void {
  if (isMatrix(value)) return record("matrix", value, { tolerance: 0, ...options, name });
  const numbers = Array.isArray(value) && value.every((x) => typeof x === "number");
  const kind = options.tolerance === undefined ? "equal" : isRows(value) ? "matrix" : typeof value === "number" ? "close" : numbers ? "array" : "equal";
  record(kind, value, { ...options, name });
}

/**
 * Any value as plain JSON data, so that it survives the trip from the kernel to the grader: a mathjs
 * Matrix becomes `{ $matrix: rows }`, NaN and ±Infinity `{ $number: "NaN" }`, undefined `{ $undefined: true }`,
 * an object `{ $object: {...} }`, and what data cannot carry `{ $opaque: "a function" }`.
 *
 * @example
 *   toPlain([1, NaN]);   // [1, { $number: "NaN" }]
 */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > 40) return { $opaque: "a value nested too deeply (or a cycle)" };
  if (typeof value === "number") return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (isMatrix(value)) return { $matrix: toPlain((value as Matrix).toArray(), depth + 1) };
  if (Array.isArray(value)) return Array.from(value, (item) => toPlain(item, depth + 1));
  if (typeof value === "object") {
    const entries = Object.entries(value as object).map(([key, item]) => [key, toPlain(item, depth + 1)]);
    return { $object: Object.fromEntries(entries) };
  }
  return { $opaque: `a ${typeof value}` };
}

/** The value `toPlain` made, back (in the grader); anything malformed or nested too deeply becomes an opaque value. */
export function fromPlain(plain: unknown, depth = 0): unknown {
  if (depth > 41) return new Opaque("a value nested too deeply");
  if (plain === undefined) return undefined;
  if (plain === null || typeof plain === "number" || typeof plain === "string" || typeof plain === "boolean") return plain;
  if (Array.isArray(plain)) return plain.map((item) => fromPlain(item, depth + 1));
  if (typeof plain !== "object") return new Opaque("something unreadable");
  const tagged = plain as Record<string, unknown>;
  if (typeof tagged["$number"] === "string") return Number(tagged["$number"]);
  if (tagged["$undefined"] === true) return undefined;
  if ("$matrix" in tagged) {
    const rows = fromPlain(tagged["$matrix"], depth + 1);
    return isRows(rows) && (rows as number[][]).every((row) => row.length === (rows as number[][])[0].length) ? matrix(rows as number[][]) : rows;
  }
  if (tagged["$object"] !== null && typeof tagged["$object"] === "object") {
    return Object.fromEntries(Object.entries(tagged["$object"] as object).map(([key, item]) => [key, fromPlain(item, depth + 1)]));
  }
  return new Opaque(typeof tagged["$opaque"] === "string" ? tagged["$opaque"] : "something unreadable");
}

const checkOf: Record<AnswerKind, (got: unknown, expected: never, options: CloseOptions) => void> = {
  matrix: expectMatrixClose,
  array: expectArrayClose,
  equal: expectEqual,
  close: expectClose,
};

/**
 * The grader's comparison: a student's recorded value (plain data, or undefined when the cell recorded
 * none) against the instructor's recorded answer, with the instructor's kind, tolerance and hint. Returns
 * null when it is right, else the same teaching message the public check prints.
 *
 * @example
 *   judgeAnswer({ name: "countRnnParameters(1, 1)", value: 3, kind: "equal" }, 2);
 *   // "countRnnParameters(1, 1) is wrong:\n  expected 3\n  got      2"
 */
export function judgeAnswer(expected: Answer, got: unknown): string | null {
  const options: CloseOptions = { name: expected.name, hint: expected.hint, tolerance: expected.tolerance };
  try {
    checkOf[expected.kind](fromPlain(got), fromPlain(expected.value) as never, options);
    return null;
  } catch (error) {
    if (error instanceof CheckFailure) return error.message;
    throw error;
  }
}

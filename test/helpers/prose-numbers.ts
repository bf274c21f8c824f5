/**
 * The numbers an article's prose states, and the numbers its executed cells show, for
 * test/notebooks/prose-numbers.test.ts (the rules are written out at the top of that test).
 *
 * @example
 *   statedNumbers("The loss falls to 1.91 nats, about 107 steps, 14 % of dWhh, errors below $10^{-9}$.")
 *   // → 1.91 (2 decimals), 107 (about), 14 %, 10^-9: four numbers, each with the text around it
 *   matchesPrinted(statedNumbers("loss 1.91")[0], [1.913])   // true: 1.913 rounds to 1.91
 */
import { sourceText, type Cell, type Notebook, type Output } from "../../kernel/runner";

export interface StatedNumber {
  cell: number; // 1-based, as JupyterLab and the runner count cells
  text: string; // as the failure message and prose-numbers.json write it: "1.91", "14 %", "10^-9", "about 107"
  value: number; // the number itself (a percentage: 14, not 0.14)
  halfUnit: number; // half a unit of its last written digit: a printed value within this rounds to it
  percent: boolean;
  context: string; // the words around it, to find it in the cell
}

/** Markdown that holds no claims: fenced blocks and inline code (quoted source, see quotes.test.ts), link targets, URLs, HTML tags. */
function proseOnly(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`\n]*`/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/<[^>\n]*>/g, " ")
    .replace(/−/g, "-")
    .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (exponent) => "^" + Array.from(exponent, (c) => SUPERSCRIPTS[c]).join("")); // 10⁻⁹ → 10^-9
}

const SUPERSCRIPTS: { [c: string]: string } = Object.fromEntries(Array.from("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", (c, i) => [c, i === 0 ? "-" : String(i - 1)]));

const halfUnitOf = (digits: string) => 0.5 * 10 ** -(digits.split(".")[1]?.length ?? 0);
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const APPROXIMATE = String.raw`about|around|roughly|approximately|nearly|almost|≈|\\approx|~`;
// Numbers in words after a word of approximation ("about seven", "about a billionth"): [value, half unit].
const WORDS: { [word: string]: [number, number] } = {
  two: [2, 0.5], three: [3, 0.5], four: [4, 0.5], five: [5, 0.5], six: [6, 0.5], seven: [7, 0.5], eight: [8, 0.5],
  nine: [9, 0.5], ten: [10, 0.5], twelve: [12, 0.5], twenty: [20, 0.5], hundred: [100, 0.5], thousand: [1000, 0.5],
  "a half": [0.5, 0.05], "a third": [1 / 3, 0.05], "a quarter": [0.25, 0.05], "two-thirds": [2 / 3, 0.05], "three-quarters": [0.75, 0.05],
  "a tenth": [1e-1, 0.5e-1], "a hundredth": [1e-2, 0.5e-2], "a thousandth": [1e-3, 0.5e-3], "a ten-thousandth": [1e-4, 0.5e-4],
  "a millionth": [1e-6, 0.5e-6], "a billionth": [1e-9, 0.5e-9],
};
const WORD = Object.keys(WORDS).sort((a, b) => b.length - a.length).join("|");
const SCALES: { [word: string]: number } = { thousand: 1e3, million: 1e6, billion: 1e9 };
// One pattern, tried left to right: a power of ten (with or without a mantissa), a range or a single
// percentage, a number or a number in words after a word of approximation, "4 million", a decimal, an
// integer with thousands separators.
const STATED = new RegExp(
  [
    String.raw`(?:(?<mantissa>\d+(?:\.\d+)?)\s*(?:\\times|×|\\cdot|·)\s*)?10\s*\^\s*\{?\s*(?<exponent>-?\s*\d+)\s*\}?`,
    String.raw`(?<![\d.])(?<mantissaE>\d+(?:\.\d+)?)e(?<exponentE>-?\d+)\b`,
    String.raw`(?<![\d.])(?:(?<from>\d+(?:\.\d+)?)\s*[-–]\s*)?(?<percent>\d+(?:\.\d+)?)\s*(?:\\?%|percent\b)`,
    String.raw`(?<approx>${APPROXIMATE})\s*\$?\s*(?<approxNumber>${NUMBER})(?![\d.]*\d|\s*[\^/])`,
    String.raw`(?<approxWord>${APPROXIMATE})\s+(?<word>${WORD})\b`,
    String.raw`(?<![\d.,])(?<scaled>\d+(?:\.\d+)?)\s+(?<scale>thousand|million|billion)\b`,
    String.raw`(?<![\d.,])(?<decimal>\d+\.\d+)(?![.\d]*\d)`,
    String.raw`(?<![\d.,])(?<grouped>\d{1,3}(?:,\d{3})+)(?![,.]?\d)`,
  ].join("|"),
  "gi",
);

/** Every number in one Markdown text that reads as a measured value (see the test's rules). */
export function statedNumbers(markdown: string, cell = 0): StatedNumber[] {
  const prose = proseOnly(markdown);
  const found: StatedNumber[] = [];
  for (const match of prose.matchAll(STATED)) {
    const g = match.groups!;
    const context = prose.slice(Math.max(0, match.index! - 50), match.index! + match[0].length + 30).replace(/\s+/g, " ").trim();
    const add = (text: string, value: number, halfUnit: number, percent = false) => found.push({ cell, text, value, halfUnit, percent, context });
    if (g["exponent"] !== undefined || g["exponentE"] !== undefined) {
      const mantissa = g["mantissa"] ?? g["mantissaE"];
      const exponent = Number((g["exponent"] ?? g["exponentE"]).replace(/\s/g, ""));
      const scale = 10 ** exponent;
      add(mantissa ? `${mantissa}×10^${exponent}` : `10^${exponent}`, Number(mantissa ?? 1) * scale, halfUnitOf(mantissa ?? "1") * scale);
    } else if (g["percent"] !== undefined) {
      if (g["from"] !== undefined) add(`${g["from"]} %`, Number(g["from"]), halfUnitOf(g["from"]), true);
      add(`${g["percent"]} %`, Number(g["percent"]), halfUnitOf(g["percent"]), true);
    } else if (g["approxNumber"] !== undefined) {
      const digits = g["approxNumber"].replace(/,/g, "");
      const word = /^[a-z]+$/i.test(g["approx"]) ? g["approx"].toLowerCase() : "≈";
      add(`${word} ${g["approxNumber"]}`, Number(digits), halfUnitOf(digits));
    } else if (g["word"] !== undefined) {
      const [value, halfUnit] = WORDS[g["word"].toLowerCase()];
      add(`${g["approxWord"].toLowerCase()} ${g["word"].toLowerCase()}`, value, halfUnit);
    } else if (g["scaled"] !== undefined) {
      const scale = SCALES[g["scale"].toLowerCase()];
      add(`${g["scaled"]} ${g["scale"].toLowerCase()}`, Number(g["scaled"]) * scale, halfUnitOf(g["scaled"]) * scale);
    } else {
      const digits = g["decimal"] ?? g["grouped"];
      add(digits, Number(digits.replace(/,/g, "")), halfUnitOf(digits.replace(/,/g, "")));
    }
  }
  return found;
}

/** Every number in a text as printed: 1.913, -0.5, 3.2e-10, 400,000 (signs dropped: prose says "falls by 0.3"). */
export function numbersIn(text: string): number[] {
  const numbers = text.replace(/−/g, "-").match(/\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? [];
  return numbers.map((n) => Number(n.replace(/,/g, "")));
}

const PLOTLY = "application/vnd.plotly.v1+json";
const NOT_CONTENT = /color|colour|font|dash|symbol|width|template|domain|anchor/i; // styling, not values

/** The numbers of a Plotly figure: every string in it (titles, names, annotations, hover text, slider notes), and data arrays of at most 12 values. */
function figureNumbers(value: unknown, key = ""): number[] {
  if (NOT_CONTENT.test(key)) return [];
  if (typeof value === "string") return numbersIn(value);
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) {
    if (value.length > 12 && value.every((v) => typeof v === "number")) return [];
    return value.flatMap((v) => figureNumbers(v, key));
  }
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => figureNumbers(v, k));
  return [];
}

/** Every number the executed notebook shows: printed text, text/plain, text/html (tags and scripts dropped: a chart's script repeats its figure), Plotly figures. */
export function printedNumbers(notebook: Notebook): number[] {
  const outputs: Output[] = notebook.cells.flatMap((cell: Cell) => cell.outputs ?? []);
  return outputs.flatMap((output) => {
    if (output.output_type === "stream") return numbersIn(String(output["text"] ?? "").replace(/\x1b\[[0-9;]*m/g, ""));
    const data = (output["data"] ?? {}) as Record<string, unknown>;
    const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
    return [
      ...numbersIn(join(data["text/plain"])),
      ...numbersIn(join(data["text/html"]).replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")),
      ...(data[PLOTLY] ? figureNumbers(data[PLOTLY]) : []),
    ];
  });
}

/** Every number written in the notebook's code cells: its settings (H = 16, 0.1, 1e-7 in a guard). */
export function settingNumbers(notebook: Notebook): number[] {
  return notebook.cells.filter((cell) => cell.cell_type === "code").flatMap((cell) => numbersIn(sourceText(cell).replace(/(\d)_(\d)/g, "$1$2")));
}

/** True when a printed value rounds to the stated one (a percentage also from a printed fraction: 0.143 → 14 %). */
export function matchesPrinted(stated: StatedNumber, printed: readonly number[]): boolean {
  const within = (v: number) => Math.abs(Math.abs(v) - stated.value) <= stated.halfUnit * (1 + 1e-9);
  return printed.some((v) => within(v) || (stated.percent && within(100 * v)));
}

/** True when the code sets exactly the stated value (a percentage also as a fraction). */
export function matchesSetting(stated: StatedNumber, settings: readonly number[]): boolean {
  const same = (v: number) => Math.abs(Math.abs(v) - stated.value) <= 1e-12 * Math.max(1, stated.value);
  return settings.some((v) => same(v) || (stated.percent && same(100 * v)));
}

export type Shown = "printed" | "set in code" | "listed" | "unshown";

/** Each number the notebook's prose states, and how it is shown; `listed` holds the texts prose-numbers.json lists for it. */
export function checkProseNumbers(notebook: Notebook, listed: ReadonlySet<string>): { stated: StatedNumber; shown: Shown }[] {
  const printed = printedNumbers(notebook);
  const settings = settingNumbers(notebook);
  return notebook.cells
    .flatMap((cell, i) => (cell.cell_type === "markdown" ? statedNumbers(sourceText(cell), i + 1) : []))
    .map((stated) => ({
      stated,
      shown: matchesPrinted(stated, printed) ? "printed" : matchesSetting(stated, settings) ? "set in code" : listed.has(stated.text) ? "listed" : "unshown",
    }));
}

/** The failure message for the numbers no cell shows: notebook, cell, number and the words around it, then what to do. */
export function unshownMessage(path: string, unshown: readonly StatedNumber[]): string {
  if (unshown.length === 0) return "";
  return unshown
    .map((s) => `${path}, Markdown cell ${s.cell}: "${s.text}" in "…${s.context}…" is in no output (rounded as written) and not in the code`)
    .concat("Make a cell print it (or check it in a guard that throws), fix the prose, or list it in test/notebooks/prose-numbers.json with why no cell shows it.")
    .join("\n");
}

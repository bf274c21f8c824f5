// Every measured number an article's prose states must be shown by one of its cells (issue #11): a number
// in a Markdown cell that no cell prints is a claim nobody checks, and it goes stale when the code changes.
// It reads the notebooks executed once for this test run (test/helpers/executed-notebooks.ts, shared with
// notebooks.test.ts and the site test: nothing is executed a second time). The rules (test/helpers/prose-numbers.ts):
//
//   1. What counts as a stated number, in the prose of a Markdown cell (fenced blocks, inline `code`, link
//      targets, URLs and HTML tags are not prose; quotes.test.ts checks quoted code):
//        - a decimal: 0.43, 1.913 (not a version such as 3.0.1);
//        - a percentage, or both ends of a range of them: 16.5 %, 14-36 %;
//        - a power of ten, with or without a mantissa: $10^{-9}$, 3 \times 10^{-5}, 10⁻⁹, 1e-7;
//        - a number after a word of approximation: about 107, around 20, roughly, nearly, almost, ≈ 0.69,
//          also in words: about seven, about a billionth, about three-quarters;
//        - an integer with thousands separators, or with a scale word: 400,000, 4 million.
//      Other integers (H = 16, 25 characters, 154 sonnets, years) are settings or counts and are not checked.
//   2. It is shown when a number in the notebook's outputs rounds to it at the precision it is written with
//      (1.913 printed → "1.91" stated; 107.3 → "about 107"; 3.2e-9 → "3 \times 10^{-9}"; 10^{-9} stands for
//      0.5e-9 to 1.5e-9). Outputs are printed text, text/plain, text/html (tags and scripts dropped) and
//      Plotly figures: every string in them (titles, names, annotations, slider notes) and data arrays of at
//      most 12 values (bars, checkpoints, one point per seed); a curve of many points states nothing the
//      prose could quote. Signs are ignored ("falls by 0.3" against -0.3), and a percentage may also be
//      printed as a fraction (0.143 → 14 %). The check is that the value was shown, not which cell showed it:
//      a claim that needs more (a bound, "on every seed") belongs in a guard or a test, as rule 3 says.
//   3. It is accepted without output when the notebook's code cells write exactly that value: it is a setting
//      (learning rate 0.1), or the bound of a guard that throws when the claim is false (1e-7 in
//      `if (error > 1e-7) throw ...`).
//   4. Anything else needs an entry in test/notebooks/prose-numbers.json: { "notebook": "05", "number": the
//      text as the failure message writes it, "why": why no cell shows it }. Good reasons: a definition or
//      a property of the maths (σ(1) ≈ 0.73), a setting of src/ (Adagrad's 10^{-8}), a test that checks it
//      (name the test file). A measured value is never a good reason: make a cell print it.
//
// Adding an article: nothing to do; its numbers are checked like the others. The test logs how many numbers
// it checked in each notebook, and how each was accepted.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../kernel/jupyter-env";
import { sourceText, type Notebook } from "../../kernel/runner";
import { executedArticles } from "../helpers/executed-notebooks";
import { checkProseNumbers, statedNumbers, unshownMessage } from "../helpers/prose-numbers";

interface Exception {
  notebook: string; // "05": the article's number
  number: string; // as the failure message writes it
  why: string;
}

const folder = join(projectRoot, "notebooks");
const names = readdirSync(folder).filter((name) => /^\d\d-.*\.ipynb$/.test(name)).sort();
const exceptions = JSON.parse(readFileSync(join(projectRoot, "test", "notebooks", "prose-numbers.json"), "utf8")) as Exception[];
const listedFor = (name: string) => new Set(exceptions.filter((e) => name.startsWith(`${e.notebook}-`)).map((e) => e.number));

/** A notebook of one Markdown cell and one code cell with its outputs, to try the rules on. */
function tiny(markdown: string, code: string, printed: string): Notebook {
  return {
    cells: [
      { cell_type: "markdown", source: markdown, metadata: {} },
      { cell_type: "code", source: code, metadata: {}, outputs: [{ output_type: "stream", name: "stdout", text: printed }] },
    ],
    metadata: {}, nbformat: 4, nbformat_minor: 5,
  };
}

describe("the rules, on small notebooks", () => {
  it("finds decimals, percentages, powers of ten and approximations; skips integers, code spans, versions and link targets", () => {
    const texts = statedNumbers("Loss 1.91, 14-36 % of it, $3 \\times 10^{-5}$ and 10⁻⁹, about 107, ≈ 0.69, about seven, 4 million, 400,000; H = 16 in 2021, `adagrad(0.1)`, version 3.0.1, [a](https://x.org/1.5).").map((s) => s.text);
    expect(texts).toEqual(["1.91", "14 %", "36 %", "3×10^-5", "10^-9", "about 107", "≈ 0.69", "about seven", "4 million", "400,000"]);
  });

  it("accepts a number printed at more precision, a setting of the code, or a listed one; names cell and number otherwise", () => {
    const notebook = tiny("The loss is 1.91, the rate 0.05, σ(1) ≈ 0.73, and 2.50 was never printed.", "const rate = 0.05;", "loss 1.9134\n");
    const checked = checkProseNumbers(notebook, new Set(["≈ 0.73"]));
    expect(checked.map((c) => `${c.stated.text}: ${c.shown}`)).toEqual(["1.91: printed", "0.05: set in code", "≈ 0.73: listed", "2.50: unshown"]);
    const message = unshownMessage("notebooks/99-tiny.ipynb", checked.filter((c) => c.shown === "unshown").map((c) => c.stated));
    expect(message).toContain('notebooks/99-tiny.ipynb, Markdown cell 1: "2.50" in "…');
    expect(message).toContain("prose-numbers.json");
  });

  it("rounds as written: 1.913 is not 1.92, and 10^{-9} is not 3e-9", () => {
    const checked = checkProseNumbers(tiny("It is 1.92 and $10^{-9}$.", "", "1.913 3e-9"), new Set());
    expect(checked.map((c) => c.shown)).toEqual(["unshown", "unshown"]);
  });
});

describe("numbers stated in the prose of the articles", () => {
  it("prose-numbers.json: each entry names an article, a number its prose states, and why", () => {
    for (const entry of exceptions) {
      const name = names.find((n) => n.startsWith(`${entry.notebook}-`));
      expect(name, `prose-numbers.json: no notebook ${entry.notebook}`).toBeDefined();
      expect(entry.why.trim().length, `prose-numbers.json: ${entry.notebook} ${entry.number} gives no reason`).toBeGreaterThan(20);
      const notebook = JSON.parse(readFileSync(join(folder, name!), "utf8")) as Notebook;
      const texts = notebook.cells.flatMap((cell) => (cell.cell_type === "markdown" ? statedNumbers(sourceText(cell)).map((s) => s.text) : []));
      expect(texts, `prose-numbers.json: notebook ${name} no longer states "${entry.number}"; remove the entry`).toContain(entry.number);
    }
  });

  it.each(names)("%s: each is printed by a cell, set in its code, or listed with a reason", { timeout: 900_000 }, async (name) => {
    const { runs } = await executedArticles();
    const run = runs.find((r) => r.path === `notebooks/${name}`)!;
    expect(run.failure, `${run.path} did not run to the end: its outputs are incomplete`).toBeNull();
    const checked = checkProseNumbers(run.notebook, listedFor(name));
    const counts = (["printed", "set in code", "listed"] as const).map((kind) => `${checked.filter((c) => c.shown === kind).length} ${kind}`).join(", ");
    console.log(`${name}: ${checked.length} numbers in the prose (${counts})`);
    const unshown = checked.filter((c) => c.shown === "unshown").map((c) => c.stated);
    expect(unshown.map((s) => `cell ${s.cell}: ${s.text}`), unshownMessage(run.path, unshown)).toEqual([]);
  });
});

// Code quoted in the articles' prose must be the code in src/, so that a quote cannot drift from what runs.
// It reads files only (no kernel). What counts as a quote, in the Markdown cells of notebooks/NN-*.ipynb:
//   1. Every non-blank line of a fenced block tagged `ts` or `typescript` is a quoted code line: with runs of
//      white space collapsed and the ends trimmed, it must equal a line of some src/**/*.ts file (also
//      normalised). A sketch that is not a quote goes in a block with another tag (e.g. `text`).
//   2. An inline code span that is a call, `name(...)` or `object.name(...)`, quotes a function: `name`
//      must be defined in src/ (function, method, class or const) or in a code cell of the same notebook
//      (an exercise's function).
//   3. An inline code span that is a path under src/ or test/ must name a file or folder that exists.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../kernel/jupyter-env";
import { sourceText, type Notebook } from "../../kernel/runner";

const notebooksDir = join(projectRoot, "notebooks");
const articles = readdirSync(notebooksDir).filter((name) => /^\d\d-.*\.ipynb$/.test(name)).sort();
const normalise = (line: string) => line.replace(/\s+/g, " ").trim();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}
const srcText = sourceFiles(join(projectRoot, "src")).map((path) => readFileSync(path, "utf8"));
const srcLines = new Set(srcText.flatMap((text) => text.split("\n").map(normalise)));

/** True when `name` is defined in one of the texts: a function, method, class, or const/let. */
function defines(texts: string[], name: string): boolean {
  const escaped = name.replace(/[$]/g, "\\$");
  const definition = new RegExp(`(function\\s+${escaped}\\b|class\\s+${escaped}\\b|(const|let)\\s+${escaped}\\s*[=:]|^\\s*(static\\s+|async\\s+|readonly\\s+)*${escaped}\\s*[(<])`, "m");
  return texts.some((text) => definition.test(text));
}

interface Quote {
  cell: number;
  text: string;
}

function quotesOf(notebook: Notebook): { fenced: Quote[]; calls: Quote[]; paths: Quote[] } {
  const fenced: Quote[] = [], calls: Quote[] = [], paths: Quote[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "markdown") return;
    const markdown = sourceText(cell);
    for (const block of markdown.matchAll(/```([^\n]*)\n([\s\S]*?)```/g)) {
      const tag = block[1].trim();
      if (tag !== "ts" && tag !== "typescript") continue;
      for (const line of block[2].split("\n")) if (line.trim()) fenced.push({ cell: index, text: line });
    }
    const prose = markdown.replace(/```[\s\S]*?```/g, "");
    for (const span of prose.matchAll(/`([^`\n]+)`/g)) {
      const text = span[1];
      if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*\(.*\)$/.test(text)) calls.push({ cell: index, text });
      else if (/^(src|test)\//.test(text)) paths.push({ cell: index, text });
    }
  });
  return { fenced, calls, paths };
}

describe("code quoted in the articles", () => {
  it("finds quotes to check (the rules below are not vacuous)", () => {
    const all = articles.map((name) => quotesOf(JSON.parse(readFileSync(join(notebooksDir, name), "utf8")) as Notebook));
    expect(all.flatMap((q) => q.fenced).length).toBeGreaterThan(10);
    expect(all.flatMap((q) => q.calls).length).toBeGreaterThan(10);
    expect(all.flatMap((q) => q.paths).length).toBeGreaterThan(5);
  });

  it.each(articles)("%s: every quoted line, function and path exists", (name) => {
    const notebook = JSON.parse(readFileSync(join(notebooksDir, name), "utf8")) as Notebook;
    const { fenced, calls, paths } = quotesOf(notebook);
    const cellCode = notebook.cells.filter((cell) => cell.cell_type === "code").map(sourceText);
    const missing: string[] = [];
    for (const q of fenced) if (!srcLines.has(normalise(q.text))) missing.push(`cell ${q.cell}: the quoted line "${normalise(q.text)}" is not a line of src/`);
    for (const q of calls) {
      const callee = q.text.slice(0, q.text.indexOf("(")).split(".").pop()!;
      if (!defines(srcText, callee) && !defines(cellCode, callee)) missing.push(`cell ${q.cell}: \`${q.text}\` calls ${callee}, defined neither in src/ nor in a code cell`);
    }
    for (const q of paths) if (!existsSync(join(projectRoot, q.text))) missing.push(`cell ${q.cell}: \`${q.text}\` does not exist`);
    expect(missing, `${name}: quotes that drifted from the code`).toEqual([]);
  });

  it("catches a drifted quote, an unknown function and a missing file", () => {
    const markdown = (source: string) => ({ cell_type: "markdown", metadata: {}, source }) as unknown as Notebook["cells"][number];
    const fake = { cells: [markdown("```ts\ngrads.dby = add(grads.dby, dy) as Matrix; // (V, 1)\ndby = add(dby, dy);\n```\n`noSuchFunction(x)` and `bptt(params, f, targets)` in `src/nowhere.ts`")] } as unknown as Notebook;
    const { fenced, calls, paths } = quotesOf(fake);
    expect(fenced.map((q) => srcLines.has(normalise(q.text)))).toEqual([true, false]);
    expect(calls.map((q) => defines(srcText, q.text.slice(0, q.text.indexOf("("))))).toEqual([false, true]);
    expect(paths.map((q) => existsSync(join(projectRoot, q.text)))).toEqual([false]);
  });
});

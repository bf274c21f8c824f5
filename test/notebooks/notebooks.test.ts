// Every article in notebooks/: committed clean (no outputs, the tslab kernel, the one-line import),
// and executed end to end through the runner against a real Jupyter server and tslab kernel (once per
// test run: the site test builds the website from the same execution, see test/helpers/executed-notebooks.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../kernel/jupyter-env";
import { sourceText, type Notebook } from "../../kernel/runner";
import { executedArticles } from "../helpers/executed-notebooks";

const folder = join(projectRoot, "notebooks");
const names = readdirSync(folder).filter((name) => name.endsWith(".ipynb")).sort();
const read = (name: string) => JSON.parse(readFileSync(join(folder, name), "utf8")) as Notebook;

describe("committed notebooks", () => {
  it("are the numbered articles, starting with 01", () => {
    expect(names[0]).toMatch(/^01-from-words-to-vectors\.ipynb$/);
    for (const name of names) expect(name).toMatch(/^\d\d-[a-z0-9-]+\.ipynb$/);
  });

  it.each(names)("%s carries no outputs and keeps the tslab kernelspec", (name) => {
    const notebook = read(name);
    expect(notebook.metadata["kernelspec"]).toMatchObject({ name: "tslab", language: "typescript" });
    for (const cell of notebook.cells.filter((c) => c.cell_type === "code")) {
      expect(cell.outputs, sourceText(cell)).toEqual([]);
      expect(cell.execution_count ?? null).toBeNull();
    }
  });

  it.each(names)("%s imports the course library in one line from ./unrolled", (name) => {
    const firstCode = read(name).cells.find((c) => c.cell_type === "code");
    const imports = sourceText(firstCode!)
      .split("\n")
      .filter((line) => /^\s*import\b/.test(line) && line.includes('"./unrolled"'));
    expect(imports).toHaveLength(1);
  });
});

describe("executing every notebook", () => {
  it("runs each article with no error output and no stderr", { timeout: 900_000 }, async () => {
    const { runs, lines } = await executedArticles();
    expect(runs.map((run) => run.path)).toEqual(names.map((name) => `notebooks/${name}`));
    for (const run of runs) {
      expect(run.failure, lines.join("\n")).toBeNull();
      for (const cell of run.notebook.cells) {
        for (const output of cell.outputs ?? []) {
          expect(output.output_type, `${run.path}: ${sourceText(cell)}`).not.toBe("error");
          if (output.output_type === "stream") expect(output["name"], `${run.path}: ${output["text"]}`).toBe("stdout");
        }
      }
    }
    console.log(lines.join("\n"));
  });
});

// A file that is not valid JSON, or is JSON but not a notebook, is refused by name — by execute, build,
// release and grade alike — before any Jupyter server starts and before anything is written.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeFiles } from "../../kernel/coursework/grade-files";
import { readSubmission } from "../../kernel/coursework/collect";
import { releaseNotebooks } from "../../kernel/coursework/release";
import { executeNotebookFiles } from "../../kernel/execute";
import { projectRoot } from "../../kernel/jupyter-env";
import { readNotebook } from "../../kernel/runner";
import { buildSite } from "../../kernel/site/build";

const work = join(projectRoot, "build", `test-bad-notebooks-${process.pid}`);
const file = (name: string) => join(work, name);
const shown = (name: string) => relative(projectRoot, file(name));

const bad: Record<string, [string, RegExp]> = {
  "not-json.ipynb": ["this is not JSON: the student uploaded the wrong file\n", /not-json\.ipynb is not valid JSON \(.+\), so not a Jupyter notebook\.$/],
  "an-array.ipynb": ["[1, 2]", /an-array\.ipynb is not a Jupyter notebook: its JSON is not an object\.$/],
  "no-cells.ipynb": ['{ "metadata": {}, "nbformat": 4 }', /no-cells\.ipynb is not a Jupyter notebook: it has no "cells" list\.$/],
  "bad-cell.ipynb": ['{ "cells": [{ "cell_type": "code", "source": "1" }, { "source": ["2"] }] }', /bad-cell\.ipynb is not a Jupyter notebook: cell 2 has no cell_type of code, markdown or raw\.$/],
  "no-source.ipynb": ['{ "cells": [{ "cell_type": "markdown", "source": [1] }] }', /no-source\.ipynb is not a Jupyter notebook: cell 1 has no source text\.$/],
};

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, "source"), { recursive: true });
  for (const [name, [text]] of Object.entries(bad)) writeFileSync(file(name), text);
  writeFileSync(file("source/01-from-words-to-vectors.ipynb"), bad["not-json.ipynb"][0]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("reading a notebook", () => {
  it.each(Object.keys(bad))("%s: the error names the file and says what is wrong", (name) => {
    expect(() => readNotebook(file(name))).toThrow(bad[name][1]);
    expect(() => readNotebook(file(name))).toThrow(file(name));
  });

  it("reads a real notebook, and a submission that is not one is a sentence for the report", () => {
    expect(readNotebook(join(projectRoot, "notebooks", "01-from-words-to-vectors.ipynb")).cells.length).toBeGreaterThan(10);
    expect(readSubmission(file("not-json.ipynb"))).toEqual({ problem: expect.stringMatching(bad["not-json.ipynb"][1]) });
  });
});

describe("each command names the bad file", () => {
  it("execute, before starting a server", async () => {
    await expect(executeNotebookFiles([shown("not-json.ipynb")], { outDir: file("executed") })).rejects.toThrow(bad["not-json.ipynb"][1]);
    expect(existsSync(file("executed"))).toBe(false);
  });

  it("build, before executing anything or touching the site folder", async () => {
    await expect(buildSite({ notebooks: [file("no-cells.ipynb")], out: file("site"), executedDir: file("executed") })).rejects.toThrow(bad["no-cells.ipynb"][1]);
    expect(existsSync(file("site"))).toBe(false);
  });

  it("release, writing no student version at all", () => {
    const out = file("release");
    expect(() => releaseNotebooks([join(projectRoot, "notebooks", "01-from-words-to-vectors.ipynb"), file("bad-cell.ipynb")], out)).toThrow(bad["bad-cell.ipynb"][1]);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("grade, when an instructor notebook is bad, before grading anyone", async () => {
    await expect(gradeFiles(["test/fixtures/submissions/some-right"], { sourceDir: file("source"), outDir: file("grades") })).rejects.toThrow(
      /source\/01-from-words-to-vectors\.ipynb is not valid JSON/,
    );
    expect(existsSync(file("grades"))).toBe(false);
  });
});

// The notebooks' import path, through a real server and tslab kernel: "./unrolled" reaches the library
// built from src/ (build/library/, through the hidden link), and an edit to src/ is picked up by
// re-running the import cell, which rebuilds the library first.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../kernel/jupyter-env";
import { NotebookKernel, type Output } from "../../kernel/runner";
import { startJupyter, type JupyterServer } from "../../kernel/server";

const probeName = `.live-edit-probe-${process.pid}`;
const probeFile = join(projectRoot, "src", `${probeName}.ts`);
const indexFile = join(projectRoot, "src", "index.ts");
const indexSource = readFileSync(indexFile, "utf8");
const stdout = (outputs: Output[]) =>
  outputs.filter((o) => o.output_type === "stream" && o["name"] === "stdout").map((o) => o["text"]).join("");

let server: JupyterServer;
beforeAll(async () => {
  server = await startJupyter({ app: "server" });
});
afterAll(async () => {
  writeFileSync(indexFile, indexSource);
  rmSync(probeFile, { force: true });
  await server?.stop();
});

describe("importing the course library in a notebook", () => {
  it("works with the one plain line the articles use", async () => {
    const kernel = await NotebookKernel.start(server.settings, "notebooks/import-check.ipynb");
    try {
      const outcome = await kernel.execute('import { CHART_CLASS_FOR_TEST } from "./unrolled";');
      // A name that does not exist must fail to compile: proof that the import is really type-checked.
      expect(outcome.status).toBe("error");
      expect(outcome.message).toContain("CHART_CLASS_FOR_TEST");
      const good = await kernel.execute('import { show } from "./unrolled";\nconsole.log(typeof show);');
      expect(good.message).toBe("");
      expect(stdout(good.outputs)).toBe("function\n");
    } finally {
      await kernel.shutdown();
    }
  });

  it("picks up an edit to src/ when the import cell runs again, and names a src/ file that does not compile", { timeout: 240_000 }, async () => {
    // (three rebuilds of the library, each a second or two on a quiet machine)
    // The probe becomes part of the library the way any new module does: src/index.ts exports it.
    writeFileSync(probeFile, "export const probeValue: number = 1;\n");
    writeFileSync(indexFile, `${indexSource}export * from "./${probeName}";\n`);
    const kernel = await NotebookKernel.start(server.settings, "notebooks/live-edit.ipynb");
    try {
      const importCell = 'import { probeValue } from "./unrolled";\nconsole.log(probeValue);';
      expect(stdout((await kernel.execute(importCell)).outputs)).toBe("1\n");
      writeFileSync(probeFile, "export const probeValue: number = 2;\n");
      expect(stdout((await kernel.execute(importCell)).outputs)).toBe("2\n");
      writeFileSync(probeFile, 'export const probeValue: number = "three";\n');
      const broken = await kernel.execute(importCell);
      expect(broken.status).toBe("error");
      expect(broken.message).toContain(`src/${probeName}.ts`);
      expect(broken.message).toContain("Type 'string' is not assignable to type 'number'");
      writeFileSync(probeFile, "export const probeValue: number = 4;\n");
      expect(stdout((await kernel.execute(importCell)).outputs)).toBe("4\n");
    } finally {
      await kernel.shutdown();
    }
  });
});

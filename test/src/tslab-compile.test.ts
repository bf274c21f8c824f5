// src/ must also compile under the compiler that builds notebook cells: tslab's own TypeScript fork
// (5.0.4), with the options tslab passes to it (tslab/dist/converter.js, createConverter): ES module
// output, Node10 resolution, the es2022 library, not strict, declarations on. tsconfig.json is not read
// there, so an ES2023 call or a type that only strict mode accepts fails in a notebook, not in
// `npm run typecheck`.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function tslabDiagnostics(entry: string, rootDir?: string): string[] {
  const program = ts.createProgram([path.join(root, entry)], {
    // tslab's rootDir is the kernel's working folder, the notebook's own.
    ...(rootDir ? { rootDir: path.join(root, rootDir) } : {}),
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    noEmit: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const at = d.file ? `${path.relative(root, d.file.fileName)}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ` : "";
    return at + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

describe("src/ under tslab's compiler", () => {
  it("is tslab's TypeScript 5.0.4 fork", () => {
    expect(ts.version).toBe("5.0.4");
  });

  it("compiles src/index.ts (and so all of src/) with no diagnostics", () => {
    expect(tslabDiagnostics("src/index.ts")).toEqual([]);
  });

  it("compiles kernel/notebook.ts, what build/library/ (a notebook's import line) is made from: src/ and kernel/", () => {
    expect(tslabDiagnostics("kernel/notebook.ts")).toEqual([]);
  });
});

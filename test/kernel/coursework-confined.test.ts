// Grading that cannot harm the grader: as root (as in CI), `npm run grade` runs each kernel in a
// bubblewrap sandbox. Submissions that try to delete and change project files, write outside their
// folder, read another submission, the instructor notebook or the grader's environment variables, and call
// a server on this machine each still get their report (the fixture's answers: 2 + 0 + 1 points), every
// attempt fails inside, and nothing outside changes.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bubblewrapWorks } from "../../kernel/coursework/confine";
import type { GradeReport } from "../../kernel/coursework/grade";
import { projectRoot } from "../../kernel/jupyter-env";
import { readNotebook, sourceText, type Notebook } from "../../kernel/runner";
import { runCli, type CliRun } from "../helpers/cli";
import { processesMentioning } from "../helpers/processes";

const name = "01-from-words-to-vectors.ipynb";
const work = join(projectRoot, "build", `test-coursework-confined-${process.pid}`);
const submitted = join(work, "submitted");
const outside = join(work, "outside.txt");
const escapeToTmp = `/tmp/unrolled-escape-${process.pid}`;
const victim = join(submitted, "victim", name);

/** Each attack: a student, and the statements of their extra cell (each inside `attempt(what, () => …)`). */
function attacks(port: number): Record<string, [string, string][]> {
  return {
    "deletes-project-files": [
      ["delete src/index.ts", 'fs.rmSync(".unrolled/src/index.ts")'],
      ["change package.json", 'fs.appendFileSync(".unrolled/package.json", "\\n")'],
      ["delete src/ with rm -rf", 'require("child_process").execSync("rm -rf .unrolled/src", { stdio: "pipe" })'],
    ],
    "writes-outside": [
      ["write beside the project's build files", `fs.writeFileSync(${JSON.stringify(outside)}, "escaped")`],
      ["write /tmp", `fs.writeFileSync(${JSON.stringify(escapeToTmp)}, "escaped")`],
    ],
    "reads-others": [
      ["read another submission", `fs.readFileSync(${JSON.stringify(victim)}, "utf8").length`],
      ["list the submissions", `fs.readdirSync(${JSON.stringify(submitted)}).join(" ")`],
      ["read the grader's environment", 'process.env["GRADER_SECRET"] ?? (() => { throw Object.assign(new Error("unset"), { code: "UNSET" }); })()'],
    ],
    "reads-instructor": [
      ["read the instructor notebook", `fs.readFileSync(".unrolled/notebooks/${name}", "utf8").length`],
      ["call a server on this machine", `require("child_process").execSync("node -e \\"fetch('http://127.0.0.1:${port}/').then(() => 0, (e) => { console.error(e.cause?.code ?? e.message); process.exit(3); })\\"", { stdio: "pipe" })`],
    ],
  };
}

function attackCell(statements: [string, string][]): string {
  return [
    'import * as fs from "fs";',
    "const attempts: Record<string, string> = {};",
    "const attempt = (what: string, run: () => unknown) => {",
    "  try { run(); attempts[what] = \"succeeded\"; } catch (e) { attempts[what] = (e as { code?: string }).code ?? String((e as { status?: number }).status ?? e); }",
    "};",
    ...statements.map(([what, code]) => `attempt(${JSON.stringify(what)}, () => ${code});`),
    'console.log("attempts: " + JSON.stringify(attempts));',
  ].join("\n");
}

/** Hashes of every file under the given project folders (links as their targets' names), to see that nothing changed. */
function snapshot(paths: string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) hashes[relative(projectRoot, path)] = `link to ${readlinkSync(path)}`;
    else if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else hashes[relative(projectRoot, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  };
  for (const path of paths) walk(path);
  return hashes;
}

const root = process.getuid?.() === 0;
const guarded = () => [join(projectRoot, "src"), join(projectRoot, "kernel"), join(projectRoot, "notebooks"), join(projectRoot, "package.json"), submitted];

describe("grading as root", () => {
  it.runIf(root)("has bubblewrap that works (CI installs Debian's bubblewrap)", () => {
    expect(bubblewrapWorks()).toBe(true);
  });
});

describe.runIf(bubblewrapWorks())("npm run grade with each kernel in a bubblewrap sandbox", () => {
  let run: CliRun;
  let reports: GradeReport[];
  let before: Record<string, string>;
  let hits = 0;
  let server: Server;
  const students = Object.keys(attacks(0));
  const attemptsOf = (student: string): Record<string, string> => {
    const graded = readNotebook(join(work, "grades", student, name));
    const cell = graded.cells.find((c) => sourceText(c).startsWith('import * as fs from "fs";'))!;
    const text = (cell.outputs ?? []).map((o) => String(o["text"] ?? "")).join("");
    return JSON.parse(/attempts: (.*)/.exec(text)![1]) as Record<string, string>;
  };

  beforeAll(async () => {
    server = createServer((_, response) => {
      hits++;
      response.end("reached");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const someRight = readNotebook(join(projectRoot, "test", "fixtures", "submissions", "some-right", name));
    mkdirSync(join(submitted, "victim"), { recursive: true });
    writeFileSync(victim, JSON.stringify(someRight));
    for (const [student, statements] of Object.entries(attacks(port))) {
      const notebook = structuredClone(someRight) as Notebook;
      const imports = notebook.cells.findIndex((cell) => sourceText(cell).includes('from "./unrolled"'));
      notebook.cells.splice(imports + 1, 0, { cell_type: "code", metadata: {}, source: attackCell(statements), outputs: [], execution_count: null });
      mkdirSync(join(submitted, student), { recursive: true });
      writeFileSync(join(submitted, student, name), JSON.stringify(notebook));
    }
    before = snapshot(guarded());
    run = await runCli("kernel/cli/grade.ts", ["--jobs", "2", "--out", relative(projectRoot, join(work, "grades")), relative(projectRoot, submitted)], {
      env: { ...process.env, GRADER_SECRET: "the grader's own" },
    });
    reports = JSON.parse(readFileSync(join(work, "grades", "grades.json"), "utf8")) as GradeReport[];
  }, 900_000);
  afterAll(() => {
    server?.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(escapeToTmp, { force: true });
  });

  it("grades every submission, each with its report and the points of its answers, and leaves no kernel behind", () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toContain("unconfined");
    for (const student of [...students, "victim"]) {
      const report = reports.find((r) => r.student === student)!;
      expect(report.exercises.map((e) => e.points), student).toEqual([2, 0, 1]);
      expect(existsSync(join(work, "grades", student, name.replace(/\.ipynb$/, ".html")))).toBe(true);
    }
    expect(processesMentioning(`run-${run.pid}-`)).toEqual([]);
  });

  it("cannot delete or change project files: they are read-only inside", () => {
    expect(attemptsOf("deletes-project-files")).toEqual({ "delete src/index.ts": "EROFS", "change package.json": "EROFS", "delete src/ with rm -rf": "1" });
  });

  it("cannot write outside its folder: the build folder is not there, /tmp is its own", () => {
    expect(attemptsOf("writes-outside")).toEqual({ "write beside the project's build files": "ENOENT", "write /tmp": "succeeded" });
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(escapeToTmp)).toBe(false);
  });

  it("cannot read other submissions, the instructor notebook or the grader's environment, nor reach a server on this machine", () => {
    expect(attemptsOf("reads-others")).toEqual({ "read another submission": "ENOENT", "list the submissions": "ENOENT", "read the grader's environment": "UNSET" });
    expect(attemptsOf("reads-instructor")).toEqual({ "read the instructor notebook": "ENOENT", "call a server on this machine": "3" });
    expect(hits).toBe(0);
  });

  it("leaves every file of the project and every submission as it was", () => {
    expect(snapshot(guarded())).toEqual(before);
  });
});

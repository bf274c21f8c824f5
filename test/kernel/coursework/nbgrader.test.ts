// The instructor notebooks work with nbgrader itself: nbgrader 0.9.6, installed into a throw-away virtual
// environment, makes the same student version as `npm run release` (cell for cell, apart from our
// header cell and the stub's message) with the TypeScript stub of the README's nbgrader_config.py, and
// `npm run grade` grades nbgrader's student version (zero points, each exercise "not implemented yet").
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../../kernel/coursework/grade";
import { studentVersion } from "../../../kernel/coursework/release";
import { projectRoot, pythonPath } from "../../../kernel/jupyter-env";
import { readNotebook, sourceText, type Notebook } from "../../../kernel/runner";
import { runCli } from "../../helpers/cli";

const name = "01-from-words-to-vectors.ipynb";
const config = [
  "c = get_config()",
  'c.CourseDirectory.course_id = "unrolled"',
  'c.ClearSolutions.code_stub = {"typescript": "// YOUR CODE HERE\\nthrow new Error(\\"not implemented yet\\");"}',
  "",
].join("\n");

const scratch = mkdtempSync(join(tmpdir(), "unrolled-nbgrader-"));
const venv = join(scratch, "venv");
const course = join(scratch, "course");
const work = join(projectRoot, "build", `test-nbgrader-${process.pid}`);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

let nbgraderVersion: Notebook;
beforeAll(() => {
  const python = pythonPath();
  execFileSync(python, ["-m", "venv", venv], { stdio: "pipe" });
  execFileSync(join(venv, "bin", "pip"), ["install", "--quiet", "nbgrader==0.9.6"], { stdio: "pipe", timeout: 540_000 });
  mkdirSync(join(course, "source", "article01"), { recursive: true });
  copyFileSync(join(projectRoot, "notebooks", name), join(course, "source", "article01", name));
  writeFileSync(join(course, "nbgrader_config.py"), config);
  execFileSync(join(venv, "bin", "nbgrader"), ["generate_assignment", "article01", "--force"], {
    cwd: course,
    stdio: "pipe",
    env: {
      ...process.env,
      PATH: [join(venv, "bin"), process.env.PATH ?? ""].join(delimiter), // nbgrader runs its own `alembic`
      JUPYTER_CONFIG_DIR: join(scratch, "jupyter-config"),
      JUPYTER_DATA_DIR: join(scratch, "jupyter-data"),
    },
  });
  nbgraderVersion = readNotebook(join(course, "release", "article01", name));
}, 600_000);

describe("nbgrader generate_assignment on an instructor notebook", () => {
  it("gives the same student version as npm run release, cell for cell", () => {
    const ours = studentVersion(readNotebook(join(projectRoot, "notebooks", name)), `notebooks/${name}`);
    const withoutTask = (text: string) => text.replace(/not implemented yet[^"]*/g, "not implemented yet");
    expect(nbgraderVersion.cells.length).toBe(ours.cells.length - 1);
    nbgraderVersion.cells.forEach((cell, i) => expect(sourceText(cell)).toBe(withoutTask(sourceText(ours.cells[i + 1]))));
    const stubs = nbgraderVersion.cells.filter((cell) => sourceText(cell).includes('throw new Error("not implemented yet");'));
    expect(stubs.map((cell) => (cell.metadata["nbgrader"] as { grade_id: string }).grade_id)).toEqual(["ex1-one-hot", "ex2-padding", "ex3-parameters"]);
  });

  it("and npm run grade grades nbgrader's student version: zero points, each exercise not implemented yet", { timeout: 300_000 }, async () => {
    mkdirSync(join(work, "submitted", "nbgrader-student"), { recursive: true });
    writeFileSync(join(work, "submitted", "nbgrader-student", name), JSON.stringify(nbgraderVersion));
    const run = await runCli("kernel/cli/grade.ts", ["--out", relative(projectRoot, join(work, "grades")), relative(projectRoot, join(work, "submitted"))]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const [report] = JSON.parse(readFileSync(join(work, "grades", "grades.json"), "utf8")) as GradeReport[];
    expect(report.student).toBe("nbgrader-student");
    expect([report.points, report.maxPoints]).toEqual([0, 5]);
    for (const e of report.exercises) expect(e.feedback).toBe("Error: not implemented yet");
  });
});

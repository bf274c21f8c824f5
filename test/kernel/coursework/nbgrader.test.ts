// The instructor notebooks work with nbgrader itself: nbgrader 0.9.6, installed into a throw-away virtual
// environment, in the course directory `npm run nbgrader-course` lays out, makes the same student
// version as `npm run release` (cell for cell, apart from our header cell and the stub's message);
// `npm run grade` grades nbgrader's student version (zero points, each exercise "not implemented yet");
// and nbgrader's own `autograde` gives a submission with some right answers exactly their points, and
// `generate_feedback` a page without the hidden tests.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../../kernel/coursework/grade";
import { studentVersion } from "../../../kernel/coursework/release";
import { projectRoot, pythonPath } from "../../../kernel/jupyter-env";
import { regionLines } from "../../../kernel/coursework/markers";
import { readNotebook, sourceText, type Notebook } from "../../../kernel/runner";
import { runCli } from "../../helpers/cli";

const name = "01-from-words-to-vectors.ipynb";
const assignment = "01-from-words-to-vectors";

const scratch = mkdtempSync(join(tmpdir(), "unrolled-nbgrader-"));
const venv = join(scratch, "venv");
const course = join(scratch, "course");
const work = join(projectRoot, "build", `test-nbgrader-${process.pid}`);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

let nbgraderVersion: Notebook;
let layout: Awaited<ReturnType<typeof runCli>>;
const nbgraderEnv = () => ({
  ...process.env,
  PATH: [join(venv, "bin"), process.env.PATH ?? ""].join(delimiter), // nbgrader runs its own `alembic`
  JUPYTER_CONFIG_DIR: join(scratch, "jupyter-config"),
  JUPYTER_DATA_DIR: join(scratch, "jupyter-data"),
});
const nbgrader = (...args: string[]) =>
  execFileSync(join(venv, "bin", "nbgrader"), args, { cwd: course, encoding: "utf8", stdio: "pipe", env: nbgraderEnv(), timeout: 600_000 });

beforeAll(async () => {
  const python = pythonPath();
  execFileSync(python, ["-m", "venv", venv], { stdio: "pipe" });
  execFileSync(join(venv, "bin", "pip"), ["install", "--quiet", "nbgrader==0.9.6"], { stdio: "pipe", timeout: 540_000 });
  layout = await runCli("kernel/cli/nbgrader-course.ts", [course, `notebooks/${name}`]);
  nbgrader("generate_assignment", assignment, "--force");
  nbgraderVersion = readNotebook(join(course, "release", assignment, name));
}, 600_000);

describe("npm run nbgrader-course", () => {
  it("lays out the config and the assignment with the course library as real files, not links", () => {
    expect(layout.code, layout.stderr).toBe(0);
    expect(layout.stdout).toContain(`✓ source/${assignment}/`);
    const config = readFileSync(join(course, "nbgrader_config.py"), "utf8");
    expect(config).toContain('c.ClearSolutions.code_stub = {"typescript": "// YOUR CODE HERE\\nthrow new Error(\\"not implemented yet\\");"}');
    expect(config).toContain("c.Execute.timeout = 120");
    for (const folder of ["source", "release"]) {
      // nbgrader's stock tslab kernel compiles the copied sources (there is no build/library/ to rebuild there).
      expect(readFileSync(join(course, folder, assignment, "unrolled.ts"), "utf8")).toBe('export * from "./.unrolled/kernel/notebook";\n');
      for (const file of [".unrolled/kernel/notebook.ts", ".unrolled/kernel/display.ts", ".unrolled/kernel/progress.ts", ".unrolled/src/index.ts", ".unrolled/src/checks.ts"]) {
        const path = join(course, folder, assignment, file);
        expect(existsSync(path) && lstatSync(path).isFile(), `${folder}/${assignment}/${file}`).toBe(true);
        expect(readFileSync(path, "utf8")).toBe(readFileSync(join(projectRoot, file.replace(/^\.unrolled\//, "")), "utf8"));
      }
    }
  });
});

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

describe("nbgrader autograde and generate_feedback, with the tslab kernel", () => {
  let autograded: Notebook;
  let scores: { name: string; score: number; max: number }[];
  let feedbackPage: string;

  beforeAll(() => {
    // The fixture student's answers, in nbgrader's own student version, handed in the nbgrader way.
    const answers = readNotebook(join(projectRoot, "test", "fixtures", "submissions", "some-right", name));
    const answerOf = (id: string) => answers.cells.find((cell) => (cell.metadata["nbgrader"] as { grade_id?: string } | undefined)?.grade_id === id)!;
    const submission = structuredClone(nbgraderVersion);
    for (const cell of submission.cells) {
      const meta = cell.metadata["nbgrader"] as { grade_id: string; solution?: boolean } | undefined;
      if (meta?.solution) cell.source = answerOf(meta.grade_id).source;
    }
    mkdirSync(join(course, "submitted", "some-right", assignment), { recursive: true });
    writeFileSync(join(course, "submitted", "some-right", assignment, name), JSON.stringify(submission));
    nbgrader("autograde", assignment);
    autograded = readNotebook(join(course, "autograded", "some-right", assignment, name));
    const query = [
      "import json, sys",
      "from nbgrader.api import Gradebook",
      "with Gradebook('sqlite:///' + sys.argv[1], 'unrolled') as gb:",
      `    notebook = gb.find_submission_notebook('${assignment}', '${assignment}', 'some-right')`,
      "    print(json.dumps([{'name': g.name, 'score': g.score, 'max': g.max_score} for g in notebook.grades]))",
    ].join("\n");
    scores = JSON.parse(execFileSync(join(venv, "bin", "python"), ["-c", query, join(course, "gradebook.db")], { encoding: "utf8" }));
    nbgrader("generate_feedback", assignment);
    feedbackPage = readFileSync(join(course, "feedback", "some-right", assignment, name.replace(/\.ipynb$/, ".html")), "utf8");
  }, 900_000);

  it("runs the notebook from the autograded folder, where nbgrader copied the library, up to the last check", () => {
    expect(lstatSync(join(course, "autograded", "some-right", assignment, ".unrolled", "src", "index.ts")).isFile()).toBe(true);
    const lastCheck = autograded.cells.find((cell) => (cell.metadata["nbgrader"] as { grade_id?: string } | undefined)?.grade_id === "ex3-parameters-check")!;
    expect(JSON.stringify(lastCheck.outputs)).toContain("✓ Exercise 3: all checks passed");
  });

  it("gives the submission exactly the points of its right answers: 2 + 0 + 1", () => {
    expect(scores).toEqual([
      { name: "ex1-one-hot-check", score: 2, max: 2 },
      { name: "ex2-padding-check", score: 0, max: 2 },
      { name: "ex3-parameters-check", score: 1, max: 1 },
    ]);
  });

  it("writes a feedback page with the scores and the check's message, and no line of a hidden test", () => {
    const text = feedbackPage.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(text).toContain("Score: 3.0 / 5.0");
    expect(text).toContain("padWithMask([[4, 5], [6, 7, 8]], 0).ids[0][0] is wrong:\n  expected 4\n  got      0\nHint: pad at the end, up to the longest sequence");
    const instructor = readNotebook(join(projectRoot, "notebooks", name));
    const hidden = instructor.cells.flatMap((cell) => regionLines(cell, "hidden tests")).map((line) => line.trim()).filter((line) => line.length > 8);
    expect(hidden.length).toBeGreaterThan(3);
    for (const line of hidden) expect(text).not.toContain(line);
  });
});

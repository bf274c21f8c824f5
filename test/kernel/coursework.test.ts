// Coursework end to end, against a real Jupyter server and real tslab kernels: `npm run release` writes
// student versions that hold no solution line and stop at their first exercise; `npm run grade` gives
// the instructor version full marks, the untouched student version zero, and each fixture student in
// test/fixtures/submissions/ (made by make_submissions.py there) exactly the points its answers earn.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../kernel/coursework/grade";
import { judgeAnswer, toPlain } from "../../src/checks";
import { nbgraderOf, regionLines } from "../../kernel/coursework/markers";
import { projectRoot } from "../../kernel/jupyter-env";
import { readNotebook, runNotebook, sourceText, type Notebook } from "../../kernel/runner";
import { startJupyter, type JupyterServer } from "../../kernel/server";
import { runCli } from "../helpers/cli";
import { processesMentioning } from "../helpers/processes";

const work = join(projectRoot, "build", `test-coursework-${process.pid}`);
const release = join(work, "release");
const grades = join(work, "grades");
const instructorFolder = join(projectRoot, "notebooks");
const names = readdirSync(instructorFolder).filter((name) => name.endsWith(".ipynb")).sort();
const instructor = (name: string) => readNotebook(join(instructorFolder, name));
const released = (name: string) => readNotebook(join(release, name));
const withExercises = names.filter((name) => instructor(name).cells.some((cell) => nbgraderOf(cell)?.solution));
// The students of make_submissions.py who patch the kernel (built-ins, prototypes, the library's exports) in
// ways that would fool a check made in the kernel: the points their real answers deserve, and their patch's first line.
const patchers: Record<string, [number[], string]> = {
  "patches-math": [[0, 2, 1], "const abs = Math.abs;"],
  "patches-object": [[2, 0, 0], "const is = Object.is;"],
  "patches-array-prototype": [[0, 2, 0], "const join = Array.prototype.join;"],
  "patches-json": [[2, 0, 1], "const stringify = JSON.stringify;"],
  "patches-symbol": [[0, 2, 1], "Object.defineProperty(Error, Symbol.hasInstance"],
  "patches-error": [[2, 0, 0], "Object.defineProperty(Error.prototype"],
  "patches-helpers": [[2, 0, 0], 'const helpers = require("./.unrolled/build/library/src/checks");'],
};

let releaseRun: Awaited<ReturnType<typeof runCli>>;
beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  releaseRun = await runCli("kernel/cli/release.ts", ["--out", relative(projectRoot, release)]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run release", () => {
  it("writes a student version of every article, beside the notebooks' import", () => {
    expect(releaseRun.code, releaseRun.stderr).toBe(0);
    for (const name of names) expect(releaseRun.stdout).toContain(name);
    expect(readFileSync(join(release, "unrolled.ts"), "utf8")).toBe(readFileSync(join(instructorFolder, "unrolled.ts"), "utf8"));
  });

  it("article 01 has exercises", () => {
    expect(withExercises).toContain("01-from-words-to-vectors.ipynb");
  });

  it.each(names)("%s: no line of a solution or a hidden test, no output, and a header naming its source", (name) => {
    const source = instructor(name);
    const student = released(name);
    const studentLines = new Set(student.cells.flatMap((cell) => sourceText(cell).split("\n").map((line) => line.trim())));
    // A line the instructor also wrote outside every region (a closing brace, a public check's set-up) is no leak.
    const inRegions = (cell: (typeof source.cells)[number]) => [...regionLines(cell, "solution"), ...regionLines(cell, "hidden tests")].map((line) => line.trim());
    const regionLineCount = new Map<string, number>();
    for (const cell of source.cells) for (const line of inRegions(cell)) regionLineCount.set(line, (regionLineCount.get(line) ?? 0) + 1);
    const everywhere = new Map<string, number>();
    for (const cell of source.cells) for (const line of sourceText(cell).split("\n")) everywhere.set(line.trim(), (everywhere.get(line.trim()) ?? 0) + 1);
    const public_ = (line: string) => (everywhere.get(line) ?? 0) > (regionLineCount.get(line) ?? 0);
    for (const cell of source.cells) {
      for (const line of inRegions(cell)) {
        if (line && !public_(line)) expect(studentLines.has(line), `${name}: "${line}" reached the student version`).toBe(false);
      }
    }
    expect(JSON.stringify(student)).not.toMatch(/BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS/);
    for (const cell of student.cells.filter((c) => c.cell_type === "code")) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
    expect(sourceText(student.cells[0])).toContain(`Student version** of \`notebooks/${name}\`, generated by \`npm run release\``);
    expect(student.cells[0].metadata["unrolled"]).toEqual({ generated_by: "npm run release", source: `notebooks/${name}` });
    expect(student.cells.length).toBe(source.cells.length + 1);
    // Every cell outside the regions is the instructor's; graded cells are read-only in JupyterLab.
    source.cells.forEach((cell, i) => {
      const copy = student.cells[i + 1];
      if (regionLines(cell, "solution").length === 0 && regionLines(cell, "hidden tests").length === 0) {
        expect(sourceText(copy)).toBe(sourceText(cell));
      }
      if (nbgraderOf(cell)?.grade) expect(copy.metadata).toMatchObject({ editable: false, deletable: false });
    });
  });
});

describe("check cells", () => {
  it.each(withExercises)("%s: every hidden test only records an answer (no expected value), and every check cell has one", (name) => {
    for (const cell of instructor(name).cells.filter((c) => nbgraderOf(c)?.grade)) {
      const hidden = regionLines(cell, "hidden tests").join("\n");
      expect(hidden, `${nbgraderOf(cell)!.grade_id} has no hidden answer`).toMatch(/check\.answer\(/);
      expect(hidden, `${nbgraderOf(cell)!.grade_id} compares in the kernel`).not.toMatch(/\bexpect[A-Z]\w*\(/);
    }
  });
});

describe("a student version, run as handed out", () => {
  let server: JupyterServer;
  beforeAll(async () => {
    server = await startJupyter({ app: "server", env: { UNROLLED_HEADLESS: "1" } });
  });
  afterAll(async () => server?.stop());

  it.each(withExercises)("%s runs up to its first exercise and stops there with 'not implemented yet'", { timeout: 300_000 }, async (name) => {
    const student = released(name);
    const firstCheck = student.cells.findIndex((cell) => nbgraderOf(cell)?.grade);
    const firstAnswer = student.cells.find((cell) => nbgraderOf(cell)?.solution)!;
    const task = /not implemented yet: [^"]*/.exec(sourceText(firstAnswer))![0];
    const run = await runNotebook(server.settings, relative(projectRoot, join(release, name)), student, { timeoutSeconds: 120 });
    expect(run.failure?.reason, run.failure?.message).toBe("error");
    expect(run.failure?.cellNumber, run.failure?.message).toBe(firstCheck + 1);
    expect(run.failure?.message.split("\n")[0]).toBe(`Error: ${task}`);
    expect(run.cells.filter((cell) => cell.index < firstCheck).every((cell) => cell.status === "ok")).toBe(true);
    expect(run.cells.filter((cell) => cell.index > firstCheck).every((cell) => cell.status === "not run")).toBe(true);
  });
});

describe("npm run grade", () => {
  let reports: GradeReport[] = [];
  let run: Awaited<ReturnType<typeof runCli>>;
  const byStudent = (student: string, notebook = "01-from-words-to-vectors.ipynb") =>
    reports.find((report) => report.student === student && report.source === `notebooks/${notebook}`)!;
  const points = (student: string) => byStudent(student).exercises.map((e) => e.points);
  const feedback = (student: string, gradeId: string) => byStudent(student).exercises.find((e) => e.gradeId === gradeId)!.feedback;

  beforeAll(async () => {
    // The untouched student versions, handed in as they were released.
    mkdirSync(join(work, "submitted", "untouched"), { recursive: true });
    for (const name of withExercises) copyFileSync(join(release, name), join(work, "submitted", "untouched", name));
    run = await runCli("kernel/cli/grade.ts", [
      "--out",
      relative(projectRoot, grades),
      "--timeout",
      "30",
      ...withExercises.map((name) => `notebooks/${name}`),
      relative(projectRoot, join(work, "submitted")),
      "test/fixtures/submissions",
    ]);
    reports = JSON.parse(readFileSync(join(grades, "grades.json"), "utf8")) as GradeReport[];
  }, 1_800_000);

  it("grades every submission, says so, and leaves no kernel or server behind", () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect([...new Set(reports.map((r) => r.student))].sort()).toEqual(
      ["does-not-compile", "endless-loop", "not-a-notebook", "notebooks", ...Object.keys(patchers).sort(), "quits", "some-right", "tampers", "throws", "untouched"].sort(),
    );
    expect(run.stdout).toContain(`${8 + Object.keys(patchers).length - 1 + 2 * withExercises.length} submissions graded in`);
    expect(processesMentioning(`run-${run.pid}-`)).toEqual([]);
  });

  it("gives the instructor version full marks: 01 has 2 + 2 + 1 points, 02 2 + 2, 03 2 + 1 + 1 + 2, 04 1 + 2 + 5, 05 2 + 2 + 2, 06 2 + 3, 07 2, 08 2 + 2 + 2 (42 in all)", () => {
    expect(points("notebooks")).toEqual([2, 2, 1]);
    expect(byStudent("notebooks", "02-the-rnn-cell.ipynb").exercises.map((e) => e.points)).toEqual([2, 2]);
    expect(byStudent("notebooks", "03-unrolling-through-time.ipynb").exercises.map((e) => e.points)).toEqual([2, 1, 1, 2]);
    expect(byStudent("notebooks", "04-backpropagation-through-time.ipynb").exercises.map((e) => e.points)).toEqual([1, 2, 5]);
    expect(byStudent("notebooks", "05-training-a-character-model.ipynb").exercises.map((e) => e.points)).toEqual([2, 2, 2]);
    expect(byStudent("notebooks", "06-four-kinds-of-rnn.ipynb").exercises.map((e) => e.points)).toEqual([2, 3]);
    expect(byStudent("notebooks", "07-short-term-memory.ipynb").exercises.map((e) => e.points)).toEqual([2]);
    expect(byStudent("notebooks", "08-lstm-and-gru.ipynb").exercises.map((e) => e.points)).toEqual([2, 2, 2]);
    for (const name of withExercises) {
      const report = byStudent("notebooks", name);
      expect(report.exercises.length).toBeGreaterThan(0);
      expect(report.exercises.every((e) => e.passed && e.feedback === "passed"), JSON.stringify(report.exercises)).toBe(true);
      expect(report.points).toBe(report.maxPoints);
    }
  });

  it("gives the untouched student versions zero, each exercise saying 'not implemented yet'", () => {
    for (const name of withExercises) {
      const report = byStudent("untouched", name);
      expect(report.points).toBe(0);
      for (const e of report.exercises) expect(e.feedback).toMatch(/^Error: not implemented yet: /);
      expect(report.notes).toEqual([]); // the checks were the released ones: nothing to restore
    }
  });

  it("gives a submission with some answers right exactly their points, and teaching feedback for the rest", () => {
    expect(points("some-right")).toEqual([2, 0, 1]);
    expect(feedback("some-right", "ex2-padding-check")).toBe(
      ["padWithMask([[4, 5], [6, 7, 8]], 0).ids[0][0] is wrong:", "  expected 4", "  got      0", "Hint: pad at the end, up to the longest sequence"].join("\n"),
    );
  });

  it("stops an endless loop at the time-out and still grades the exercises after it", () => {
    expect(points("endless-loop")).toEqual([2, 0, 1]);
    expect(feedback("endless-loop", "ex2-padding-check")).toBe("the cell did not finish within 30 s — an endless loop, or far too slow");
  });

  it("starts again after a kernel that died (process.exit): the cells before it run again, the rest is graded", () => {
    expect(points("quits")).toEqual([2, 0, 1]);
    expect(feedback("quits", "ex2-padding-check")).toMatch(/^does not compile: .*Cannot find name 'padWithMask'/);
    expect(byStudent("quits").notes).toEqual(["the student's code uses process.exit"]);
    // After the restart the article's own cells ran again: their outputs are in the graded notebook.
    const graded = JSON.parse(readFileSync(join(grades, "quits", "01-from-words-to-vectors.ipynb"), "utf8")) as Notebook;
    const unseen = graded.cells.find((cell) => sourceText(cell).startsWith("const unseen = "))!;
    expect(JSON.stringify(unseen.outputs)).toContain("decoded: <SOS> Delightful <UNK>");
  });

  it("reports what a throwing answer threw, and grades on", () => {
    expect(points("throws")).toEqual([0, 2, 0]);
    expect(feedback("throws", "ex1-one-hot-check")).toMatch(/^TypeError: Cannot set properties of undefined/);
    expect(feedback("throws", "ex3-parameters-check")).toContain("countRnnParameters(20_000, 10) is wrong:\n  expected 200110\n  got      200100");
  });

  it("says an answer that does not compile does not compile, and grades the others", () => {
    expect(points("does-not-compile")).toEqual([0, 2, 0]);
    expect(feedback("does-not-compile", "ex1-one-hot-check")).toMatch(/^does not compile: .*Cannot find name 'encodeOneHot'/);
    expect(feedback("does-not-compile", "ex3-parameters-check")).toMatch(/^does not compile: .*Cannot find name 'countRnnParameters'/);
  });

  it("restores deleted and rewritten check cells and ignores shadowed helpers: only the right answer counts", () => {
    expect(points("tampers")).toEqual([0, 0, 1]);
    expect(feedback("tampers", "ex1-one-hot-check")).toBe(
      "encodeOneHot([2, 0], 3) has the wrong shape: expected (3, 2), got (2, 3).\nHint: row = token id, column = time step: X[ids[t]][t] = 1, zeros elsewhere",
    );
    expect(byStudent("tampers").notes).toEqual([
      "restored ex2-padding-check, which the submission had changed",
      "restored ex1-one-hot-check, which the submission had deleted",
      "restored ex3-parameters-check, which the submission had deleted",
    ]);
  });

  it.each(Object.entries(patchers))("%s: patching the kernel earns nothing: exactly the points of its right answers", (student, [right, patched]) => {
    expect(points(student)).toEqual(right);
    // The patch itself ran without an error, before every check.
    const graded = JSON.parse(readFileSync(join(grades, student, "01-from-words-to-vectors.ipynb"), "utf8")) as Notebook;
    const patch = graded.cells.find((cell) => sourceText(cell).startsWith(patched))!;
    expect(patch.execution_count).toBeGreaterThan(0);
    expect(patch.outputs?.filter((output) => output.output_type === "error" || output["name"] === "stderr")).toEqual([]);
    // Feedback is the grader's own teaching message, as for anyone else.
    for (const e of byStudent(student).exercises.filter((e) => !e.passed)) expect(e.feedback).toMatch(/is wrong:|differs at entry|has the wrong shape/);
  });

  it("a public check patched to answer with its expected value, and hidden tests patched to a huge tolerance, gain nothing", () => {
    expect(feedback("patches-helpers", "ex2-padding-check")).toBe(
      ["padWithMask([[1], [2, 3, 4, 5]], 99).ids[0][0] is wrong:", "  expected 1", "  got      99", "Hint: fill with the padId you are given, not always 0"].join("\n"),
    );
    expect(feedback("patches-helpers", "ex3-parameters-check")).toBe(["countRnnParameters(1, 1) is wrong:", "  expected 3", "  got      2", "Hint: H·V for Wxh, H·H for Whh, H for bh"].join("\n"));
    expect(byStudent("patches-helpers").notes).toEqual(["the student's code uses require(", "the student's code uses .unrolled"]);
  });

  it("the instructor's recorded answers, the expected ones, agree with values made outside the notebooks", () => {
    const recorded = (name: string, gradeId: string, answer: string) => {
      const report = JSON.parse(readFileSync(join(grades, "notebooks", name.replace(/\.ipynb$/, ".json")), "utf8")) as GradeReport;
      const found = report.answers?.[gradeId]?.find((a) => a.name === answer);
      expect(found, `${name} ${gradeId}: ${answer}`).toBeDefined();
      return found!;
    };
    // Python's math module, or worked by hand (the literals the hidden tests held before they only recorded answers).
    const big = [Math.exp(-2), Math.exp(-1), 1].map((v, _, all) => v / (all[0] + all[1] + all[2]));
    const a = [0.3, -1.2, 2.5, 0], dh = [0.7, -0.4, 1.1, -2];
    const measured = a.map((ai, i) => ((Math.tanh(ai + 1e-6) - Math.tanh(ai - 1e-6)) / 2e-6) * dh[i]);
    const outside: [string, string, string, unknown, number?][] = [
      ["01-from-words-to-vectors.ipynb", "ex1-one-hot-check", "encodeOneHot([3, 3, 3], 4)", [[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 1, 1]]],
      ["01-from-words-to-vectors.ipynb", "ex2-padding-check", "padWithMask([[1], [2, 3, 4, 5]], 99).ids", [[1, 99, 99, 99], [2, 3, 4, 5]]],
      ["01-from-words-to-vectors.ipynb", "ex2-padding-check", "padWithMask([[], [5]], 0).ids", [[0], [5]]],
      ["01-from-words-to-vectors.ipynb", "ex3-parameters-check", "countRnnParameters(65, 100)", 16_600],
      ["02-the-rnn-cell.ipynb", "ex1-cell-check", "stepCell on a 2-unit example with a bias", [[Math.tanh(0.99)], [Math.tanh(-0.29)]], 1e-12],
      ["02-the-rnn-cell.ipynb", "ex2-softmax-check", "stableSoftmax([1000, 1001, 1002])", big, 1e-12],
      ["03-unrolling-through-time.ipynb", "ex1-step-loss-check", "stepLoss([2, 1, 0.1], 0)", 0.4170300162778333, 1e-12],
      ["03-unrolling-through-time.ipynb", "ex1-step-loss-check", "stepLoss([0.5, -0.5, 1.5, 0], 1)", 2.546006389940572, 1e-12],
      ["03-unrolling-through-time.ipynb", "ex1-step-loss-check", "stepLoss([1000, 0], 1)", 1000, 1e-9],
      ["03-unrolling-through-time.ipynb", "ex2-masked-total-check", "maskedTotal([0.5, 0.25], [1, 1])", 0.75, 1e-12],
      ["04-backpropagation-through-time.ipynb", "ex1-score-gradient-check", "scoreGradient([0.1, 0.6, 0.3], 2)", [0.1, 0.6, -0.7], 1e-12],
      ["04-backpropagation-through-time.ipynb", "ex2-through-tanh-check", "throughTanh(tanh(a), dh) for a = [0.3, -1.2, 2.5, 0]", measured, 1e-8],
      ["05-training-a-character-model.ipynb", "ex1-clip-norm-check", "clipGradients([[[30, 40]], [[0], [0]]], 5)[0]", [[3, 4]], 1e-12],
      ["06-four-kinds-of-rnn.ipynb", "ex1-tag-accuracy-check", "tagAccuracy on a 1-token and a 3-token sentence", 0.5, 1e-12],
      ["07-short-term-memory.ipynb", "ex1-step-back-check", "stepBack([5, 1], [1, 0], [[2, 0], [0, 3]])", [0, 3], 1e-12],
    ];
    for (const [name, gradeId, answer, value, tolerance] of outside) {
      const instructor = recorded(name, gradeId, answer);
      expect(judgeAnswer({ ...instructor, value: toPlain(value), tolerance }, instructor.value), `${name}: ${answer}`).toBeNull();
    }
  });

  it("reports a file that is not a notebook with zero points instead of stopping", () => {
    expect(points("not-a-notebook")).toEqual([0, 0, 0]);
    expect(byStudent("not-a-notebook").notes).toEqual([expect.stringMatching(/not-a-notebook\/01-from-words-to-vectors\.ipynb is not valid JSON \(.+\), so not a Jupyter notebook\.$/)]);
  });

  it("grades nobody when the instructor notebook itself does not get full marks here, and says why", async () => {
    // The student versions as the "instructor" notebooks: their own checks fail, as in a broken environment.
    const broken = await runCli("kernel/cli/grade.ts", ["--source", relative(projectRoot, release), "--out", relative(projectRoot, join(work, "not-graded")), "test/fixtures/submissions/some-right"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`grade: ${relative(projectRoot, release)}/01-from-words-to-vectors.ipynb itself gets 0 / 5 points here, so nobody was graded.`);
    expect(broken.stderr).toContain("ex1-one-hot-check: Error: not implemented yet: ");
    expect(existsSync(join(work, "not-graded", "summary.csv"))).toBe(false);
  }, 120_000);

  it("writes a table, a JSON report and the graded notebook per submission, and one CSV row per student", () => {
    expect(readFileSync(join(grades, "some-right", "01-from-words-to-vectors.txt"), "utf8")).toMatch(
      /^some-right — notebooks\/01-from-words-to-vectors\.ipynb: 3 \/ 5 points/,
    );
    expect(JSON.parse(readFileSync(join(grades, "some-right", "01-from-words-to-vectors.json"), "utf8")).points).toBe(3);
    const csv = readFileSync(join(grades, "summary.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/^student,points,max_points,01-from-words-to-vectors:ex1-one-hot-check,01-from-words-to-vectors:ex2-padding-check,01-from-words-to-vectors:ex3-parameters-check,/);
    expect(csv[0]).toContain(",02-the-rnn-cell:ex1-cell-check,02-the-rnn-cell:ex2-softmax-check");
    const blanks = ",".repeat(csv[0].split(",").length - 6); // no notebook but 01 handed in
    expect(csv).toContain(`some-right,3,5,2,0,1${blanks}`);
    expect(csv.find((row) => row.startsWith("notebooks,"))).toMatch(/^notebooks,42,42,2,2,1,2,2,2,1,1,2,1,2,5,2,2,2,2,3,2,2,2,2/);
    expect(csv.length).toBe(11 + Object.keys(patchers).length - 1);
  });
});

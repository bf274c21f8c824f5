/**
 * An nbgrader course directory for the articles, laid out so that nbgrader's own `generate_assignment`,
 * `autograde` and `generate_feedback` work with the tslab kernel:
 *
 *   <course>/nbgrader_config.py      TypeScript code stub, c.Execute.timeout, feedback without hidden tests,
 *                                    and JUPYTER_PATH pointing at the project's tslab kernelspec
 *   <course>/node_modules            a link to the project's node_modules (mathjs, tslab): tslab's compiler
 *                                    and Node's require both look for packages from the notebook's folder
 *                                    upward, so every folder below the course reaches them
 *   <course>/source/<article>/       the instructor notebook, unrolled.ts and .unrolled/ (src/ and
 *                                    kernel/notebook.ts, display.ts, progress.ts) as real files: nbgrader
 *                                    copies a source folder's files into release/ and autograded/, and
 *                                    does not follow links to folders
 *
 * @example
 *   const { assignments } = writeNbgraderCourse("course");   // then: cd course && nbgrader generate_assignment 01-from-words-to-vectors
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { projectRoot, pythonPath } from "../jupyter-env";
import { readNotebook } from "../runner";
import { nbgraderOf } from "./markers";

/** What `./unrolled` reaches (kernel/notebook.ts's imports), project-relative. */
export const libraryFiles = ["src", "kernel/notebook.ts", "kernel/display.ts", "kernel/progress.ts"];

export interface NbgraderCourseOptions {
  /** Instructor notebooks (default: every article of notebooks/ with an exercise). */
  notebooks?: string[];
  /** c.Execute.timeout: seconds per cell (default 120). */
  timeoutSeconds?: number;
}

/** <environment>/share/jupyter: where `tslab install --sys-prefix` put the kernelspec. */
function kernelsHome(): string {
  return join(dirname(dirname(pythonPath())), "share", "jupyter");
}

export function nbgraderConfig(timeoutSeconds: number): string {
  return [
    "# Written by `npm run nbgrader-course`: nbgrader settings for the course's TypeScript notebooks.",
    "import os",
    "",
    "\n# The tslab kernel that `npm run setup` registered in the course's Python environment.",
    `os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [${JSON.stringify(kernelsHome())}, os.environ.get("JUPYTER_PATH")]))`,
    "c = get_config()",
    'c.CourseDirectory.course_id = "unrolled"',
    "c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))",
    "# nbgrader ships no stub for TypeScript; this one fails the exercise's checks with a clear message.",
    'c.ClearSolutions.code_stub = {"typescript": "// YOUR CODE HERE\\nthrow new Error(\\"not implemented yet\\");"}',
    "# The per-cell limit nbgrader honours (ExecutePreprocessor.timeout is ignored: nbgrader issue 1463).",
    `c.Execute.timeout = ${timeoutSeconds}`,
    "# tslab answers a failed cell with status \"error\" but without ename, evalue and traceback (the error",
    "# itself arrives as stderr text), which nbgrader's Execute expects: fill them in so that the failure is",
    "# recorded as an error output, which is what makes nbgrader give a test cell zero points. And tslab",
    "# aborts, silently, requests that arrive within about 200 ms of an error: wait before the next cell, and",
    "# count a cell it did not run (\"aborted\") as failed, never as passed.",
    "import time",
    "",
    "from nbconvert.preprocessors import ClearMetadataPreprocessor",
    "from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, IgnorePattern, LimitOutput, SaveAutoGrades",
    "",
    "class TslabExecute(Execute):",
    "    def on_cell_executed(self, **kwargs):",
    '        content = kwargs["execute_reply"]["content"]',
    '        if content.get("status") == "aborted":',
    '            content.update(status="error", ename="Aborted", evalue="the kernel did not run this cell", traceback=[])',
    '        if content.get("status") == "error":',
    '            content.setdefault("ename", "Error")',
    '            content.setdefault("evalue", "the cell failed (its error is in the output above)")',
    '            content.setdefault("traceback", [content["evalue"]])',
    "            time.sleep(0.5)",
    "        super().on_cell_executed(**kwargs)",
    "",
    "# nbgrader 0.9.6's own list, with TslabExecute in Execute's place.",
    "c.Autograde.autograde_preprocessors = [",
    "    TslabExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,",
    "]",
    "# Feedback without the hidden tests' source (nbgrader shows them by default: nbgrader issue 917).",
    "c.GenerateFeedback.preprocessors = [",
    '    "nbgrader.preprocessors.GetGrades",',
    '    "nbgrader.preprocessors.ClearHiddenTests",',
    '    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",',
    "]",
    "",
  ].join("\n");
}

function articlesWithExercises(): string[] {
  const folder = join(projectRoot, "notebooks");
  return readdirSync(folder)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(folder, name))
    .filter((path) => readNotebook(path).cells.some((cell) => nbgraderOf(cell)?.solution));
}

/** Lays the course out in `dir` (made if missing; what it lays out is replaced). Returns the assignment ids. */
export function writeNbgraderCourse(dir: string, options: NbgraderCourseOptions = {}): { assignments: string[] } {
  const notebooks = options.notebooks ?? articlesWithExercises();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "nbgrader_config.py"), nbgraderConfig(options.timeoutSeconds ?? 120));
  const modules = join(dir, "node_modules");
  if (!existsSync(modules)) symlinkSync(relative(dir, join(projectRoot, "node_modules")), modules, "dir");
  const assignments: string[] = [];
  for (const notebook of notebooks) {
    readNotebook(notebook); // a bad notebook is named here, not halfway through nbgrader
    const id = basename(notebook).replace(/\.ipynb$/, "");
    const folder = join(dir, "source", id);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    cpSync(notebook, join(folder, basename(notebook)));
    // nbgrader's kernel is stock tslab (no course hooks to rebuild build/library/): import the sources.
    writeFileSync(join(folder, "unrolled.ts"), 'export * from "./.unrolled/kernel/notebook";\n');
    for (const file of libraryFiles) {
      cpSync(join(projectRoot, file), join(folder, ".unrolled", file), {
        recursive: true,
        filter: (path) => statSync(path).isDirectory() || /\.(ts|json)$/.test(path),
      });
    }
    assignments.push(id);
  }
  return { assignments };
}

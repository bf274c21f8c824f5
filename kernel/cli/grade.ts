/**
 * npm run grade -- [--out DIR] [--source DIR] [--timeout SECONDS] [--jobs N] [--unconfined] <submissions: notebooks or folders…>
 * Grades each submission in a fresh kernel against the instructor notebooks (default: notebooks/), N
 * kernels at once (default: the number of cores), and writes reports into build/grades/: per submission
 * JSON, a table, a feedback page (HTML) and the graded notebook; grades.json, summary.csv (one row per
 * student) and canvas.csv (Canvas's gradebook import) for all of them. Each kernel runs in a bubblewrap
 * sandbox when bwrap works (kernel/coursework/confine.ts); as root without it, grading stops unless
 * --unconfined says to run students' code with the grader's rights.
 * Exit code: 0 when the grading ran (whatever the scores), 1 when it could not, 2 for bad arguments.
 */
import "./services-in-node";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { join, relative } from "node:path";
import { projectRoot } from "../jupyter-env";
import { gradeFiles } from "../coursework/grade-files";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: "string" },
        source: { type: "string" },
        timeout: { type: "string", default: "60" },
        jobs: { type: "string", default: String(availableParallelism()) },
        unconfined: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    console.error(`grade: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const timeoutSeconds = Number(values.timeout);
  const jobs = Number(values.jobs);
  if (!(timeoutSeconds > 0) || !(Number.isInteger(jobs) && jobs >= 1) || positionals.length === 0) {
    console.error("usage: npm run grade -- [--out DIR] [--source DIR] [--timeout SECONDS] [--jobs N] [--unconfined] <submission notebooks or folders…>");
    return 2;
  }
  const outDir = values.out ?? join(projectRoot, "build", "grades");
  const started = Date.now();
  try {
    const reports = await gradeFiles(positionals, {
      outDir,
      sourceDir: values.source,
      timeoutSeconds,
      jobs,
      confine: values.unconfined ? "never" : "auto",
      report: (text) => console.log(`${text}\n`),
    });
    const seconds = (Date.now() - started) / 1000;
    const perMinute = (reports.length / seconds) * 60;
    console.log(
      `${reports.length} submissions graded in ${seconds.toFixed(1)} s with ${jobs} kernel${jobs === 1 ? "" : "s"} at once ` +
        `(${perMinute.toFixed(1)} a minute) → ${relative(process.cwd(), join(outDir, "summary.csv"))}`,
    );
    return 0;
  } catch (error) {
    console.error(`grade: ${(error as Error).message}`);
    return 1;
  }
}

main().then((code) => process.exit(code));

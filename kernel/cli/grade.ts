/**
 * npm run grade -- [--out DIR] [--source DIR] [--timeout SECONDS] <submissions: notebooks or folders…>
 * Grades each submission in a fresh kernel against the instructor notebooks (default: notebooks/) and
 * writes reports into build/grades/: per submission JSON, a table and the graded notebook; grades.json and
 * summary.csv (one row per student) for all of them.
 * Exit code: 0 when the grading ran (whatever the scores), 1 when it could not, 2 for bad arguments.
 */
import "./services-in-node";
import { parseArgs } from "node:util";
import { join, relative } from "node:path";
import { projectRoot } from "../jupyter-env";
import { gradeFiles } from "../coursework/grade-files";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { out: { type: "string" }, source: { type: "string" }, timeout: { type: "string", default: "60" } },
    });
  } catch (error) {
    console.error(`grade: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0) || positionals.length === 0) {
    console.error("usage: npm run grade -- [--out DIR] [--source DIR] [--timeout SECONDS] <submission notebooks or folders…>");
    return 2;
  }
  const outDir = values.out ?? join(projectRoot, "build", "grades");
  const started = Date.now();
  try {
    const reports = await gradeFiles(positionals, { outDir, sourceDir: values.source, timeoutSeconds, report: (text) => console.log(`${text}\n`) });
    const seconds = (Date.now() - started) / 1000;
    console.log(`${reports.length} submissions graded in ${seconds.toFixed(1)} s → ${relative(process.cwd(), join(outDir, "summary.csv"))}`);
    return 0;
  } catch (error) {
    console.error(`grade: ${(error as Error).message}`);
    return 1;
  }
}

main().then((code) => process.exit(code));

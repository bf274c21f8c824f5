/**
 * npm run nbgrader-course -- <course dir> [--timeout SECONDS] [instructor notebooks…]
 * Lays out an nbgrader course directory for the articles (default: every article with exercises), one
 * assignment per article, with the course library as real files in each: see kernel/coursework/nbgrader-course.ts.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { writeNbgraderCourse } from "../coursework/nbgrader-course";

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { timeout: { type: "string", default: "120" } } });
  const [dir, ...notebooks] = positionals;
  const timeoutSeconds = Number(values.timeout);
  if (!dir || !(timeoutSeconds > 0)) {
    console.error("usage: npm run nbgrader-course -- <course dir> [--timeout SECONDS] [instructor notebooks…]");
    process.exit(2);
  }
  const { assignments } = writeNbgraderCourse(resolve(dir), { notebooks: notebooks.length > 0 ? notebooks.map((n) => resolve(n)) : undefined, timeoutSeconds });
  for (const id of assignments) console.log(`✓ source/${id}/`);
  console.log(`nbgrader course in ${dir}: cd there, then nbgrader generate_assignment <id>, autograde <id>, generate_feedback <id>.`);
} catch (error) {
  console.error(`nbgrader-course: ${(error as Error).message}`);
  process.exit(1);
}

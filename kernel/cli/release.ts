/**
 * npm run release [-- [--out DIR] [notebooks or folders…]]
 * Writes the student version of each instructor notebook (default: notebooks/) into release/.
 */
import { parseArgs } from "node:util";
import { join, relative } from "node:path";
import { projectRoot } from "../jupyter-env";
import { releaseNotebooks } from "../coursework/release";

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  const outDir = values.out ?? join(projectRoot, "release");
  const written = releaseNotebooks(positionals.length > 0 ? positionals : [join(projectRoot, "notebooks")], outDir);
  for (const path of written) console.log(`✓ ${relative(process.cwd(), path)}`);
  console.log(`${written.length} student notebooks in ${relative(process.cwd(), outDir) || "."}/ (with unrolled.ts, their import).`);
} catch (error) {
  console.error(`release: ${(error as Error).message}`);
  process.exit(1);
}

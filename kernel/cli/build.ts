/**
 * npm run build [-- [--out DIR] [--repo URL] [notebooks or folders…]]
 * Executes the notebooks (default: notebooks/) and writes the static site (default: site/). With
 * `--repo https://github.com/owner/unrolled`, every article links to "Launch on Binder".
 * Exit code: 0 when the site was built, 1 when a notebook or the conversion failed, 2 for bad arguments.
 */
import "./services-in-node";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { findNotebooks } from "../execute";
import { projectRoot } from "../jupyter-env";
import { buildSite } from "../site/build";

function folderBytes(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((sum, entry) => {
    const child = join(path, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(child) : statSync(child).size);
  }, 0);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: join(projectRoot, "site") }, repo: { type: "string" } } });
  } catch (error) {
    console.error(`build: ${(error as Error).message}`);
    return 2;
  }
  const out = parsed.values.out;
  try {
    const site = await buildSite({
      notebooks: findNotebooks(parsed.positionals),
      out,
      repository: parsed.values.repo,
      report: (line) => console.log(line),
    });
    for (const page of ["index", ...site.articles.map((article) => article.slug), "playground"]) {
      console.log(`  ${page}.html  ${kb(statSync(join(out, `${page}.html`)).size)}`);
    }
    const assets = folderBytes(join(out, "assets"));
    const shown = relative(process.cwd(), out).startsWith("..") ? out : relative(process.cwd(), out);
    console.log(
      `Built ${shown}/ (${site.articles.length} articles) in ${site.seconds.toFixed(1)} s: ` +
        `${kb(folderBytes(out))} in all, of which ${kb(assets)} shared assets. Open ${join(shown, "index.html")} in a browser.`,
    );
    return 0;
  } catch (error) {
    console.error(`build: ${(error as Error).message}`);
    return 1;
  }
}

main().then((code) => process.exit(code));

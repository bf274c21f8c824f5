/**
 * Building the course's static site: every notebook is executed by the runner, converted by nbconvert
 * with the course's template (kernel/site/templates/unrolled/) and linked into one folder that works
 * opened from disk (file://) or served under any path:
 *
 *   index.html                  the course title and one entry per article
 *   <notebook>.html             one page per article (previous/next, index and download links)
 *   notebooks/<notebook>.ipynb  the source notebooks, for download
 *   assets/                     plotly.js, MathJax 3, the stylesheets and site.js, stored once
 *
 * @example
 *   const site = await buildSite({ notebooks: findNotebooks([]), out: "site" });
 *   console.log(site.articles.map((article) => `${article.slug}: ${article.title}`));
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { executeNotebookFiles } from "../execute";
import { jupyterEnv, projectRoot, pythonPath, stateDir } from "../jupyter-env";
import { describeFailure } from "../runner";

export const COURSE_TITLE = "Unrolled";
/** A file in every built site: proof that the folder is one `buildSite` may delete and rebuild. */
export const SITE_MARKER = ".unrolled-site";

const siteSources = dirname(fileURLToPath(import.meta.url));

/** Files copied from npm packages into assets/ (target → source in node_modules). */
const vendorAssets: Record<string, string> = {
  "plotly.min.js": "plotly.js-dist-min/plotly.min.js",
  "plotly.js-LICENSE": "plotly.js-dist-min/LICENSE",
  "mathjax/tex-svg-full.js": "mathjax/es5/tex-svg-full.js",
  "mathjax/LICENSE": "mathjax/LICENSE",
};

export interface BuildOptions {
  /** Notebook files, in article order. */
  notebooks: string[];
  /** The site folder (deleted and rebuilt). */
  out: string;
  /** Where the runner writes the executed notebooks (default build/executed). */
  executedDir?: string;
  report?: (line: string) => void;
}

export interface Article {
  slug: string;
  title: string;
  summary: string;
}

export interface BuiltSite {
  out: string;
  articles: Article[];
  /** Executed copies, by slug: what the pages were made from. */
  executed: Record<string, string>;
  seconds: number;
}

/** The execution step: runs every notebook with the course's runner; stops the build if one fails. */
async function executeAll(notebooks: string[], outDir: string, report: (line: string) => void): Promise<string[]> {
  const runs = await executeNotebookFiles(notebooks, { outDir, report });
  const failed = runs.filter((run) => run.failure);
  if (failed.length > 0) {
    const lines = failed.map((run) => describeFailure(run.path, run.failure!));
    throw new Error(`The site is built from notebooks that run; ${failed.length} did not:\n${lines.join("\n")}`);
  }
  if (runs.length !== notebooks.length) {
    throw new Error(`The runner executed ${runs.length} of ${notebooks.length} notebooks (interrupted?).`);
  }
  return runs.map((run) => run.outputPath);
}

/** Refuses a non-empty `out` that is not a built site: the build deletes and rewrites the folder. */
function checkOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, SITE_MARKER))) {
    throw new Error(`${out} is not empty and was not built by \`npm run build\` (no ${SITE_MARKER} file): choose another folder.`);
  }
}

/** Empties `out` for a fresh build. */
function prepareOut(out: string): void {
  checkOut(out);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "assets", "mathjax"), { recursive: true });
  mkdirSync(join(out, "notebooks"), { recursive: true });
  writeFileSync(join(out, SITE_MARKER), "Built by `npm run build`, which deletes and rebuilds this folder.\n");
}

function copyAssets(out: string): void {
  cpSync(join(siteSources, "assets"), join(out, "assets"), { recursive: true });
  for (const [target, source] of Object.entries(vendorAssets)) {
    copyFileSync(join(projectRoot, "node_modules", source), join(out, "assets", target));
  }
}

/** Runs kernel/site/render.py (nbconvert) on the executed notebooks; returns the articles it wrote. */
function render(out: string, notebooks: string[], executed: string[]): Article[] {
  const slugs = notebooks.map((path) => basename(path, ".ipynb"));
  const duplicate = slugs.find((slug, i) => slugs.indexOf(slug) !== i);
  if (duplicate) throw new Error(`Two notebooks are named ${duplicate}.ipynb: article pages need distinct names.`);
  const tagline = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { description: string }).description;
  const plan = {
    out,
    course: { title: COURSE_TITLE, tagline },
    articles: notebooks.map((path, i) => ({
      executed: executed[i],
      slug: slugs[i],
      source: relative(projectRoot, path).split("\\").join("/"),
      download: `notebooks/${slugs[i]}.ipynb`,
    })),
  };
  const result = spawnSync(pythonPath(), [join(siteSources, "render.py")], {
    input: JSON.stringify(plan),
    encoding: "utf8",
    env: jupyterEnv(join(stateDir, "runtime")),
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`nbconvert could not render the site (exit code ${result.status}):\n${(result.stderr ?? result.error?.message ?? "").trim()}`);
  }
  return JSON.parse(result.stdout) as Article[];
}

export async function buildSite(options: BuildOptions): Promise<BuiltSite> {
  const started = Date.now();
  const report = options.report ?? (() => undefined);
  if (options.notebooks.length === 0) throw new Error("No notebooks to build the site from.");
  checkOut(options.out);
  const executed = await executeAll(options.notebooks, options.executedDir ?? join(projectRoot, "build", "executed"), report);
  prepareOut(options.out);
  copyAssets(options.out);
  for (const path of options.notebooks) copyFileSync(path, join(options.out, "notebooks", basename(path)));
  copyFileSync(join(projectRoot, "notebooks", "GLOSSARY.md"), join(options.out, "GLOSSARY.md")); // the articles link it
  const articles = render(options.out, options.notebooks, executed);
  return {
    out: options.out,
    articles,
    executed: Object.fromEntries(articles.map((article, i) => [article.slug, executed[i]])),
    seconds: (Date.now() - started) / 1000,
  };
}

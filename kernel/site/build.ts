/**
 * Building the course's static site: every notebook is executed by the runner, converted by nbconvert
 * with the course's template (kernel/site/templates/unrolled/) and linked into one folder that works
 * opened from disk (file://) or served under any path:
 *
 *   index.html                  the course title and one entry per article
 *   <notebook>.html             one page per article (contents, previous/next, download, Binder links);
 *                               exercises show their task and public checks, the solution folded,
 *                               hidden tests nowhere (kernel/site/pages.ts)
 *   playground.html             a character model trained in the page (kernel/site/playground/)
 *   notebooks/<notebook>.ipynb  the student versions (`npm run release`'s), for download
 *   assets/                     plotly.js (its cartesian bundle), MathJax 3, the stylesheets, site.js and
 *                               the playground's worker, stored once
 *
 * @example
 *   const site = await buildSite({ notebooks: findNotebooks([]), out: "site", repository: "https://github.com/owner/unrolled" });
 *   console.log(site.articles.map((article) => `${article.slug}: ${article.title}`));
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { executeNotebookFiles } from "../execute";
import { jupyterEnv, projectRoot, pythonPath, stateDir } from "../jupyter-env";
import { studentVersion } from "../coursework/release";
import { describeFailure, readNotebook } from "../runner";
import { pageVersion } from "./pages";
import { playgroundWorkerScript } from "./playground/bundle";

export const COURSE_TITLE = "Unrolled";
/** A file in every built site: proof that the folder is one `buildSite` may delete and rebuild. */
export const SITE_MARKER = ".unrolled-site";

const siteSources = dirname(fileURLToPath(import.meta.url));

/**
 * Files copied from npm packages into assets/ (target → source in node_modules). The site's charts are
 * all scatter, bar and heatmap (with sliders): plotly.js's cartesian bundle draws them at a third of the
 * full bundle's weight. JupyterLab keeps the full one.
 */
const vendorAssets: Record<string, string> = {
  "plotly-cartesian.min.js": "plotly.js-cartesian-dist-min/plotly-cartesian.min.js",
  "plotly.js-LICENSE": "plotly.js-cartesian-dist-min/LICENSE",
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
  /** Executed copies of `notebooks`, in the same order, made earlier: the build then runs nothing. */
  executed?: string[];
  /** The repository's address (e.g. https://github.com/owner/unrolled): each page links to Binder. */
  repository?: string;
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

/**
 * The Binder address that opens `source` (a project-relative notebook path) in JupyterLab, for a
 * repository on GitHub, GitLab or any public git host.
 *
 * @example
 *   binderUrl("https://github.com/owner/unrolled", "notebooks/01-x.ipynb");
 *   // "https://mybinder.org/v2/gh/owner/unrolled/HEAD?labpath=notebooks%2F01-x.ipynb"
 */
export function binderUrl(repository: string, source: string): string {
  const labpath = `?labpath=${encodeURIComponent(source)}`;
  const github = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(repository);
  if (github) return `https://mybinder.org/v2/gh/${github[1]}/${github[2]}/HEAD${labpath}`;
  if (!/^https:\/\/[^\s]+$/.test(repository)) {
    throw new Error(`--repo expects the repository's https address (e.g. https://github.com/owner/unrolled), got ${JSON.stringify(repository)}.`);
  }
  return `https://mybinder.org/v2/git/${encodeURIComponent(repository)}/HEAD${labpath}`;
}

/** Writes each executed notebook's page version (pages.ts) into `folder`; returns their paths. */
function pageVersions(executed: string[], slugs: string[], folder: string): string[] {
  return executed.map((path, i) => {
    const page = join(folder, `${slugs[i]}.ipynb`);
    writeFileSync(page, JSON.stringify(pageVersion(readNotebook(path), `${slugs[i]}.ipynb`)));
    return page;
  });
}

function copyAssets(out: string): void {
  cpSync(join(siteSources, "assets"), join(out, "assets"), { recursive: true });
  for (const [target, source] of Object.entries(vendorAssets)) {
    copyFileSync(join(projectRoot, "node_modules", source), join(out, "assets", target));
  }
}

/** Runs kernel/site/render.py (nbconvert) on the executed notebooks; returns the articles it wrote. */
function render(out: string, notebooks: string[], executed: string[], repository?: string): Article[] {
  const slugs = notebooks.map((path) => basename(path, ".ipynb"));
  const duplicate = slugs.find((slug, i) => slugs.indexOf(slug) !== i);
  if (duplicate) throw new Error(`Two notebooks are named ${duplicate}.ipynb: article pages need distinct names.`);
  const tagline = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { description: string }).description;
  const sources = notebooks.map((path) => relative(projectRoot, path).split("\\").join("/"));
  const folder = mkdtempSync(join(tmpdir(), "unrolled-pages-"));
  const plan = {
    out,
    course: { title: COURSE_TITLE, tagline },
    articles: pageVersions(executed, slugs, folder).map((page, i) => ({
      executed: page,
      slug: slugs[i],
      source: sources[i],
      download: `notebooks/${slugs[i]}.ipynb`,
      binder: repository ? binderUrl(repository, sources[i]!) : null,
    })),
    playground: { title: "Playground" },
  };
  const result = spawnSync(pythonPath(), [join(siteSources, "render.py")], {
    input: JSON.stringify(plan),
    encoding: "utf8",
    env: jupyterEnv(join(stateDir, "runtime")),
    maxBuffer: 16 * 1024 * 1024,
  });
  rmSync(folder, { recursive: true, force: true });
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
  if (options.repository) binderUrl(options.repository, "notebooks"); // a bad address stops the build before anything runs
  if (options.executed && options.executed.length !== options.notebooks.length) {
    throw new Error(`${options.notebooks.length} notebooks but ${options.executed.length} executed copies: give one copy per notebook, in order.`);
  }
  const executed = options.executed ?? (await executeAll(options.notebooks, options.executedDir ?? join(projectRoot, "build", "executed"), report));
  const worker = await playgroundWorkerScript();
  prepareOut(options.out);
  copyAssets(options.out);
  writeFileSync(join(options.out, "assets", "playground-worker.js"), worker);
  for (const path of options.notebooks) {
    const student = studentVersion(readNotebook(path), relative(projectRoot, path).split("\\").join("/"));
    writeFileSync(join(options.out, "notebooks", basename(path)), `${JSON.stringify(student, null, 1)}\n`);
  }
  copyFileSync(join(projectRoot, "notebooks", "GLOSSARY.md"), join(options.out, "GLOSSARY.md")); // the articles link it
  const articles = render(options.out, options.notebooks, executed, options.repository);
  return {
    out: options.out,
    articles,
    executed: Object.fromEntries(articles.map((article, i) => [article.slug, executed[i]])),
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Executing notebook files: finds them, starts (or connects to) a Jupyter server, runs each through
 * `runNotebook`, writes the executed copies into build/executed/ and reports a line per notebook.
 * The server and every kernel are shut down on success, failure, timeout and Ctrl-C alike.
 *
 * @example
 *   const results = await executeNotebookFiles(["notebooks"], { report: console.log });
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { projectRoot } from "./jupyter-env";
import { describeFailure, interruptRuns, readNotebook, runNotebook, shutdownLiveSessions, wasInterrupted, type NotebookRun } from "./runner";
import { connectionSettings, startJupyter, type JupyterServer } from "./server";

export interface ExecuteOptions {
  /** Folder for executed copies (default build/executed). */
  outDir?: string;
  timeoutSeconds?: number;
  /** Use a running server (started from the project root, e.g. by `npm start`) instead of starting one. */
  url?: string;
  token?: string;
  report?: (line: string) => void;
}

export interface FileRun extends NotebookRun {
  path: string;
  outputPath: string;
}

/** Notebook files named by `targets` (files or folders; default notebooks/), sorted. */
export function findNotebooks(targets: string[]): string[] {
  const found: string[] = [];
  for (const target of targets.length > 0 ? targets : [join(projectRoot, "notebooks")]) {
    const path = resolve(target);
    if (!existsSync(path)) throw new Error(`No notebook or folder at ${target}.`);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name.endsWith(".ipynb") && !name.startsWith(".")) found.push(join(path, name));
      }
    } else if (path.endsWith(".ipynb")) {
      found.push(path);
    } else {
      throw new Error(`${target} is not a notebook (.ipynb).`);
    }
  }
  for (const path of found) {
    const inside = relative(projectRoot, path);
    if (inside.startsWith("..") || isAbsolute(inside)) {
      throw new Error(`${path} is outside the project: notebooks run with the project folder as Jupyter's root.`);
    }
  }
  return found;
}

export async function executeNotebookFiles(targets: string[], options: ExecuteOptions = {}): Promise<FileRun[]> {
  const report = options.report ?? (() => undefined);
  const paths = findNotebooks(targets);
  // Every file is read first: a bad one stops the run, named, before any server starts.
  const notebooks = paths.map((path) => readNotebook(path));
  const outDir = options.outDir ?? join(projectRoot, "build", "executed");
  let server: JupyterServer | null = null;
  const onSignal = () => {
    report("interrupted: shutting the kernels and the server down…");
    interruptRuns();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const results: FileRun[] = [];
  try {
    const settings =
      options.url && options.token
        ? connectionSettings(options.url, options.token)
        : (server = await startJupyter({ app: "server", env: { UNROLLED_HEADLESS: "1" } })).settings;
    for (const [index, path] of paths.entries()) {
      const serverPath = relative(projectRoot, path).split("\\").join("/");
      const run = await runNotebook(settings, serverPath, notebooks[index], { timeoutSeconds: options.timeoutSeconds });
      const outputPath = join(outDir, serverPath);
      mkdirSync(dirname(outputPath), { recursive: true });
      writeFileSync(outputPath, `${JSON.stringify(run.notebook, null, 1)}\n`);
      results.push({ ...run, path: serverPath, outputPath });
      const cellCount = run.notebook.cells.filter((cell) => cell.cell_type === "code").length;
      if (run.failure) {
        report(`✗ ${describeFailure(serverPath, run.failure)}`);
        if (wasInterrupted()) break;
        continue;
      }
      report(`✓ ${serverPath}  ${run.seconds.toFixed(1)} s  (${cellCount} code cells) → ${relative(projectRoot, outputPath)}`);
    }
  } finally {
    await shutdownLiveSessions();
    await server?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return results;
}

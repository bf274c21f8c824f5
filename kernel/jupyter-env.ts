/**
 * Where the course's Jupyter lives: the project root, the Python that `kernel/setup.mjs` chose, and the
 * environment that keeps Jupyter's config, data and runtime folders inside the project.
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const stateDir = join(projectRoot, ".jupyter");

/** The Python interpreter of the course's environment (.venv/ or the active conda environment). */
export function pythonPath(): string {
  const recorded = join(stateDir, "python-path");
  const python = existsSync(recorded) ? readFileSync(recorded, "utf8").trim() : "";
  if (!python || !existsSync(python)) {
    throw new Error("The course's Python environment is not set up yet: run `npm run setup` (or `npm start`).");
  }
  return python;
}

/** Environment variables for Jupyter processes: project-local folders, the environment's bin first. */
export function jupyterEnv(runtimeDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = dirname(pythonPath());
  return {
    ...process.env,
    JUPYTER_CONFIG_DIR: join(stateDir, "config"),
    JUPYTER_DATA_DIR: join(stateDir, "data"),
    JUPYTER_RUNTIME_DIR: runtimeDir,
    JUPYTER_PLATFORM_DIRS: "1",
    IPYTHONDIR: join(stateDir, "ipython"),
    PATH: [bin, process.env.PATH ?? ""].join(delimiter),
    PYTHONUNBUFFERED: "1",
    ...extra,
  };
}

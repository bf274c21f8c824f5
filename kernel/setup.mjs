#!/usr/bin/env node
// Installs whatever the course is missing, and nothing it already has:
//   1. npm packages, from package-lock.json (`npm ci`);
//   2. a project-local Python environment (.venv/) with the pins that environment.yml lists under `pip:`
//      (or the active conda environment, when it was made from environment.yml);
//   3. the tslab kernelspec, registered inside that environment and pointing at the project's own tslab,
//      with the course's kernel hooks (kernel/kernel-hooks.cjs);
//   4. build/library/, the library as notebooks import it (kernel/library-build.cjs).
// Plain JavaScript with no dependencies: it runs before node_modules exists.
// Usage: node kernel/setup.mjs [--quiet]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const quiet = process.argv.includes("--quiet");
const say = (line) => {
  if (!quiet) console.log(`[setup] ${line}`);
};

/** Stops with one line that says what is missing and what to do; no stack trace. */
function fail(line) {
  console.error(`[setup] ${line}`);
  process.exit(1);
}

function run(command, args, { cwd = root, env = process.env } = {}) {
  const result = spawnSync(command, args, { cwd, env, stdio: quiet ? ["ignore", "ignore", "pipe"] : "inherit" });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const stderr = result.stderr ? `\n${result.stderr.toString().trim()}` : "";
    fail(`\`${command} ${args.join(" ")}\` failed with exit code ${result.status}.${stderr}`);
  }
}

function checkNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) fail(`Node ${process.versions.node} is too old: install Node 20 or newer.`);
}

function ensureNpmPackages() {
  const installedLock = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(installedLock) && statSync(installedLock).mtimeMs >= statSync(lock).mtimeMs) return;
  say("installing npm packages from package-lock.json (npm ci)…");
  run(process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"]);
}

/** The `name==version` lines under `pip:` in environment.yml: the single source of the Python pins. */
export function pythonPins() {
  const text = readFileSync(join(root, "environment.yml"), "utf8");
  const pins = [...text.matchAll(/^\s+-\s+([A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+)\s*$/gm)].map((m) => m[1]);
  if (pins.length === 0) fail("environment.yml lists no `name==version` pins under `pip:`.");
  return pins;
}

function findSystemPython() {
  for (const candidate of ["python3", "python"]) {
    const probe = spawnSync(candidate, ["-c", "import sys; print(sys.version_info >= (3, 9))"], { encoding: "utf8" });
    if (probe.status === 0 && probe.stdout.trim() === "True") return candidate;
  }
  fail("Python 3.9 or newer was not found: install python3 with pip and venv (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip).");
}

/** An active conda environment made from environment.yml (it has JupyterLab), else null. */
function condaPython() {
  const prefix = process.env.CONDA_PREFIX;
  if (!prefix || process.env.CONDA_DEFAULT_ENV === "base") return null;
  const python = join(prefix, process.platform === "win32" ? "python.exe" : "bin/python");
  const lab = join(prefix, process.platform === "win32" ? "Scripts/jupyter-lab.exe" : "bin/jupyter-lab");
  return existsSync(python) && existsSync(lab) ? python : null;
}

function ensurePythonEnvironment() {
  const conda = condaPython();
  if (conda) {
    say(`using the active conda environment ${process.env.CONDA_PREFIX}`);
    return conda;
  }
  const venv = join(root, ".venv");
  const python = join(venv, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  const pins = pythonPins();
  const stamp = join(venv, ".unrolled-pins");
  const wanted = createHash("sha256").update(pins.join("\n")).digest("hex");
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return python;

  if (!existsSync(python)) {
    const system = findSystemPython();
    say("creating the project's Python environment in .venv/ …");
    const made = spawnSync(system, ["-m", "venv", venv], { encoding: "utf8" });
    if (made.status !== 0) {
      fail(`\`${system} -m venv\` failed: install Python's venv and pip (Debian/Ubuntu: apt-get install python3-venv python3-pip).\n${made.stderr.trim()}`);
    }
  }
  say(`installing ${pins.join(", ")} …`);
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", ...pins]);
  writeFileSync(stamp, wanted);
  return python;
}

/** NODE_OPTIONS for the course's tslab kernels: kernel/kernel-hooks.cjs (the library build, a lighter start). */
export function kernelNodeOptions() {
  return `--require=${JSON.stringify(join(root, "kernel", "kernel-hooks.cjs"))}`;
}

/** Registers tslab's kernelspec (tslab's own installer), with the course's hooks in its environment. */
export function ensureKernelspec(python) {
  const tslab = join(root, "node_modules", ".bin", "tslab");
  const prefix = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" }).stdout.trim();
  const spec = join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json");
  const current = existsSync(spec) ? JSON.parse(readFileSync(spec, "utf8")) : null;
  if (current?.argv[0] === tslab && current.env?.NODE_OPTIONS === kernelNodeOptions()) return;
  say("registering the TypeScript (tslab) kernel…");
  // tslab's installer imports IPython, which would otherwise make ~/.ipython: keep it in the project too.
  const env = { ...process.env, IPYTHONDIR: join(root, ".jupyter", "ipython") };
  run(tslab, ["install", `--python=${python}`, "--sys-prefix", `--binary=${tslab}`], { env });
  const installed = JSON.parse(readFileSync(spec, "utf8"));
  writeFileSync(spec, JSON.stringify({ ...installed, env: { ...installed.env, NODE_OPTIONS: kernelNodeOptions() } }));
}

/** build/library/: what a notebook's import line loads, made from src/ (kernel/library-build.cjs). */
function ensureLibrary() {
  const built = spawnSync(process.execPath, [join(root, "kernel", "library-build.cjs"), ...(quiet ? ["--quiet"] : [])], {
    stdio: "inherit",
  });
  // A src/ that does not compile must not keep JupyterLab from starting: the import cell names the errors too.
  if (built.status !== 0) console.error("[setup] src/ does not compile (the errors are above): notebooks that import it fail until it does.");
}

function main() {
  checkNode();
  ensureNpmPackages();
  const python = ensurePythonEnvironment();
  ensureKernelspec(python);
  ensureLibrary();
  // The TypeScript side (kernel/jupyter-env.ts) reads the chosen interpreter from here.
  mkdirSync(join(root, ".jupyter"), { recursive: true });
  writeFileSync(join(root, ".jupyter", "python-path"), python);
  say("ready.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();

// kernel/setup.mjs: the Python pins have one source (environment.yml), a second run installs nothing,
// and a machine without Python gets one line that says what to install.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot, pythonPath } from "../../kernel/jupyter-env";
// @ts-expect-error: plain JavaScript with no declarations (it must run before node_modules exists)
import { pythonPins } from "../../kernel/setup.mjs";

const scratch = mkdtempSync(join(tmpdir(), "unrolled-setup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run setup", () => {
  it("installs exactly the versions environment.yml pins", () => {
    const pins = pythonPins() as string[];
    expect(pins.map((pin) => pin.split("==")[0])).toEqual(expect.arrayContaining(["jupyterlab", "nbconvert", "plotly"]));
    const listed = spawnSync(pythonPath(), ["-m", "pip", "list", "--format=json", "--disable-pip-version-check"], { encoding: "utf8" });
    const installed = new Map(
      (JSON.parse(listed.stdout) as { name: string; version: string }[]).map((p) => [p.name.toLowerCase().replace(/_/g, "-"), p.version]),
    );
    for (const pin of pins) {
      const [name, version] = pin.split("==") as [string, string];
      expect(`${name}==${installed.get(name.toLowerCase().replace(/_/g, "-"))}`).toBe(`${name}==${version}`);
    }
  });

  it("installs nothing on a second run", { timeout: 180_000 }, () => {
    // The first run settles whatever earlier tests left (an edit to src/ rebuilds build/library/); the second has nothing to do.
    expect(spawnSync(process.execPath, ["kernel/setup.mjs", "--quiet"], { cwd: projectRoot }).status).toBe(0);
    const run = spawnSync(process.execPath, ["kernel/setup.mjs"], { cwd: projectRoot, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("[setup] ready.");
  });

  it("says in one line what to install when there is no Python", () => {
    // A copy of the project's set-up inputs, with the installed npm packages but no Python environment,
    // and a PATH on which there is only Node.
    const project = join(scratch, "project");
    mkdirSync(join(project, "kernel"), { recursive: true });
    for (const file of ["package.json", "package-lock.json", "environment.yml", "kernel/setup.mjs"]) {
      copyFileSync(join(projectRoot, file), join(project, file));
    }
    symlinkSync(join(projectRoot, "node_modules"), join(project, "node_modules"));
    utimesSync(join(project, "package-lock.json"), new Date(0), new Date(0)); // the packages are up to date
    const bin = join(scratch, "bin");
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));

    const run = spawnSync(join(bin, "node"), ["kernel/setup.mjs"], { cwd: project, encoding: "utf8", env: { PATH: bin, HOME: scratch } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "[setup] Python 3.9 or newer was not found: install python3 with pip and venv (Debian/Ubuntu: apt-get install python3 python3-venv python3-pip).\n",
    );
  });
});

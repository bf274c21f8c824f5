// Binder: repo2docker cannot run here (no Docker), so this runs postBuild's steps directly, in a copy of
// the project, with a Python environment standing in for Binder's conda environment, and then starts
// the kernel it registered and imports the course library from a notebook's folder.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot, pythonPath } from "../../kernel/jupyter-env";

const scratch = mkdtempSync(join(tmpdir(), "unrolled-binder-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The project's files as git knows them (committed or not), without anything installed or built. */
function copyProject(to: string): void {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: projectRoot, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(projectRoot, file))) continue; // deleted in the work tree
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(projectRoot, file), join(to, file), { verbatimSymlinks: true });
  }
}

const kernelCheck = `
import sys, json
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="tslab", cwd=sys.argv[1])
out = []
def keep(msg):
    if msg["msg_type"] == "stream":
        out.append(msg["content"]["text"])
try:
    reply = kc.execute_interactive('import { Vocabulary } from "./unrolled";\\nconsole.log(new Vocabulary(["Delightful", "place"]).size);', output_hook=keep, timeout=120)
    print(json.dumps({"status": reply["content"]["status"], "stdout": "".join(out)}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
`;

describe("postBuild (Binder)", () => {
  it("installs the npm packages and registers a tslab kernel that imports the course library", { timeout: 300_000 }, () => {
    const project = join(scratch, "project");
    copyProject(project);
    // Binder's conda environment, stood in for by a virtual environment with what tslab's installer and
    // the kernel check need (jupyter_client and IPython, at the versions the course's environment has).
    const env = join(scratch, "env");
    const versions = execFileSync(
      pythonPath(),
      ["-c", "import jupyter_client, IPython; print(f'jupyter_client=={jupyter_client.__version__} ipython=={IPython.__version__}')"],
      { encoding: "utf8" },
    );
    execFileSync(pythonPath(), ["-m", "venv", env]);
    execFileSync(join(env, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...versions.trim().split(" ")], {
      stdio: "ignore",
    });

    const jupyterDirs = { JUPYTER_DATA_DIR: join(scratch, "data"), JUPYTER_CONFIG_DIR: join(scratch, "config"), JUPYTER_RUNTIME_DIR: join(scratch, "runtime") };
    const environment = { ...process.env, ...jupyterDirs, PATH: `${join(env, "bin")}:${process.env.PATH}` };
    const build = spawnSync("bash", ["postBuild"], { cwd: project, env: environment, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);

    const spec = JSON.parse(readFileSync(join(env, "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
    expect(spec.argv[0]).toBe(join(project, "node_modules", ".bin", "tslab"));
    expect(spec.language).toBe("typescript");
    expect(JSON.parse(readFileSync(join(env, "share", "jupyter", "lab", "settings", "overrides.json"), "utf8"))).toEqual(
      JSON.parse(readFileSync(join(projectRoot, "kernel", "jupyterlab", "overrides.json"), "utf8")),
    );

    writeFileSync(join(scratch, "kernel_check.py"), kernelCheck);
    const check = spawnSync(join(env, "bin", "python"), [join(scratch, "kernel_check.py"), join(project, "notebooks")], {
      env: environment,
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout.trim().split("\n").pop()!)).toEqual({ status: "ok", stdout: "6\n" }); // 4 special tokens + 2 words
  });
});

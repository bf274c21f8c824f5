// Binder and JupyterHub: repo2docker cannot run here (no Docker), so this runs postBuild's steps
// directly, in a copy of the project, with a Python environment standing in for the image's conda
// environment, and then starts the kernel it registered and imports the course library from a
// notebook's folder; and, as the image's entry does on JupyterHub (jupyterhub-singleuser is a Jupyter
// server rooted at the repository), a Jupyter server of that environment that lists the tslab kernel and
// the articles, and runs an article's import in that kernel.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot, pythonPath } from "../../kernel/jupyter-env";
import { NotebookKernel } from "../../kernel/runner";
import { connectionSettings, freePort } from "../../kernel/server";

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
  it("installs the npm packages and registers a tslab kernel that imports the course library", { timeout: 600_000 }, () => {
    const project = join(scratch, "project");
    copyProject(project);
    // Binder's conda environment, stood in for by a virtual environment with what tslab's installer, the
    // kernel check and the server need (jupyter_client, jupyter_server and IPython, at the course's versions).
    const env = join(scratch, "env");
    const versions = execFileSync(
      pythonPath(),
      [
        "-c",
        "import jupyter_client, jupyter_server, IPython; print(f'jupyter_client=={jupyter_client.__version__} jupyter_server=={jupyter_server.__version__} ipython=={IPython.__version__}')",
      ],
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

  it("and a Jupyter server of that environment, rooted at the repository as on JupyterHub, lists the tslab kernel and the articles and runs one's import", { timeout: 240_000 }, async () => {
    const project = join(scratch, "project");
    const env = join(scratch, "env");
    expect(existsSync(join(env, "share", "jupyter", "kernels", "tslab", "kernel.json")), "the postBuild test ran first").toBe(true);
    const port = await freePort();
    const token = randomBytes(16).toString("hex");
    const args = ["-m", "jupyter_server", "--no-browser", "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${project}`];
    if (process.getuid?.() === 0) args.push("--allow-root");
    const jupyterDirs = { JUPYTER_DATA_DIR: join(scratch, "data"), JUPYTER_CONFIG_DIR: join(scratch, "config"), JUPYTER_RUNTIME_DIR: join(scratch, "runtime") };
    const server = spawn(join(env, "bin", "python"), args, { env: { ...process.env, ...jupyterDirs, PATH: `${join(env, "bin")}:${process.env.PATH}` }, stdio: "ignore" });
    const url = `http://127.0.0.1:${port}/`;
    const api = async (path: string) => (await fetch(`${url}api/${path}?token=${token}`)).json() as Promise<Record<string, unknown>>;
    try {
      for (let waited = 0; ; waited += 200) {
        if ((await fetch(`${url}api/status?token=${token}`).catch(() => null))?.ok) break;
        if (waited > 60_000 || server.exitCode !== null) throw new Error("the server did not start");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const specs = (await api("kernelspecs")) as { kernelspecs: Record<string, { spec: { language: string; argv: string[] } }> };
      expect(specs.kernelspecs["tslab"].spec.language).toBe("typescript");
      expect(specs.kernelspecs["tslab"].spec.argv[0]).toBe(join(project, "node_modules", ".bin", "tslab"));
      const listing = (await api("contents/notebooks")) as { content: { name: string }[] };
      const articles = listing.content.map((entry) => entry.name).filter((name) => /^\d\d-.*\.ipynb$/.test(name));
      expect(articles.sort()).toEqual(readdirSync(join(projectRoot, "notebooks")).filter((name) => /^\d\d-.*\.ipynb$/.test(name)).sort());
      const kernel = await NotebookKernel.start(connectionSettings(url, token), "notebooks/01-from-words-to-vectors.ipynb");
      try {
        const outcome = await kernel.execute('import { Vocabulary } from "./unrolled";\nconsole.log(new Vocabulary(["Delightful", "place"]).size);', 120);
        expect(outcome.status, outcome.message).toBe("ok");
        expect(JSON.stringify(outcome.outputs)).toContain('"text":"6\\n"');
      } finally {
        await kernel.shutdown();
      }
    } finally {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
    }
  });
});

/**
 * Grading that cannot harm the grader: every kernel of a grading run starts in a private folder of its
 * own and, when bubblewrap (`bwrap`) works here, inside a sandbox (confined-kernel.mjs) that sees the
 * course library read-only, that folder writable, no network, and nothing else of the project or the
 * machine's files beyond /usr and /etc.
 *
 * @example
 *   const sandbox = Confinement.start("auto");        // sandbox.sandboxed: false when bwrap is missing and not root
 *   const server = await startJupyter({ app: "server", ...sandbox.serverOptions });
 *   const kernel = await sandbox.kernel(server.settings, "notebooks/01-from-words-to-vectors.ipynb");
 *   … await server.stop(); sandbox.dispose();
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import type { ServerConnection } from "@jupyterlab/services";
import { projectRoot } from "../jupyter-env";
import { NotebookKernel } from "../runner";

export const confinedKernelName = "tslab-confined";

/** Whether bubblewrap can make the sandbox here (it needs root or unprivileged user namespaces). */
export function bubblewrapWorks(): boolean {
  const probe = spawnSync("bwrap", ["--die-with-parent", "--unshare-net", "--unshare-pid", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--ro-bind-try", "/usr/lib64", "/lib64", "/usr/bin/true"], {
    stdio: "ignore",
    timeout: 10_000,
  });
  return probe.status === 0;
}

/** "auto": confined when bwrap works; as root without it, stop (student code would run as root). */
export type ConfineMode = "auto" | "never";

export class Confinement {
  private count = 0;

  private constructor(
    /** Private folders of this run's kernels, under build/ (Jupyter starts kernels below its root). */
    private readonly folders: string,
    /** Kernelspec, server config and the kernels' sockets: short paths, outside the project. */
    private readonly scratch: string,
    readonly sandboxed: boolean,
  ) {}

  /** Kernels run unconfined (`sandboxed` false), each in its own folder, with mode "never" or, when not root, without bwrap. */
  static start(mode: ConfineMode): Confinement {
    const root = process.getuid?.() === 0;
    const sandboxed = mode === "auto" && bubblewrapWorks();
    if (mode === "auto" && !sandboxed && root) {
      throw new Error(
        "Grading as root runs students' code, and bubblewrap (bwrap) does not work here to confine it. " +
          "Install Debian's `bubblewrap`, grade as an ordinary user, or pass --unconfined if you trust every submission.",
      );
    }
    const folders = join(projectRoot, "build", "grading-kernels", `run-${process.pid}-${randomBytes(3).toString("hex")}`);
    mkdirSync(folders, { recursive: true });
    const scratch = mkdtempSync(join(tmpdir(), "unrolled-grade-"));
    if (sandboxed) {
      const spec = join(scratch, "share", "kernels", confinedKernelName);
      mkdirSync(spec, { recursive: true });
      const launcher = join(projectRoot, "kernel", "coursework", "confined-kernel.mjs");
      writeFileSync(
        join(spec, "kernel.json"),
        JSON.stringify({ argv: [process.execPath, launcher, projectRoot, "{connection_file}"], display_name: "TypeScript (confined)", language: "typescript" }),
      );
      mkdirSync(join(scratch, "config"));
      writeFileSync(join(scratch, "config", "jupyter_server_config.json"), JSON.stringify({ KernelManager: { transport: "ipc" } }));
      mkdirSync(join(scratch, "sockets"));
    }
    return new Confinement(folders, scratch, sandboxed);
  }

  /** Environment and runtime folder for the grading server (short, for Unix socket paths). */
  get serverOptions(): { env: Record<string, string>; runtimeDir: string } {
    const runtimeDir = join(this.scratch, `run-${process.pid}-rt`);
    if (!this.sandboxed) return { env: {}, runtimeDir };
    return {
      runtimeDir,
      env: {
        JUPYTER_PATH: [join(this.scratch, "share"), process.env["JUPYTER_PATH"]].filter(Boolean).join(":"),
        JUPYTER_CONFIG_PATH: join(this.scratch, "config"),
        UNROLLED_SOCKET_DIR: join(this.scratch, "sockets"),
      },
    };
  }

  /**
   * A kernel for grading `instructorPath`'s notebook, in a fresh private folder that holds the
   * notebooks' import (unrolled.ts, and .unrolled linking to the project root).
   */
  kernel(settings: ServerConnection.ISettings, instructorPath: string): Promise<NotebookKernel> {
    const folder = join(this.folders, String(++this.count));
    mkdirSync(folder, { recursive: true });
    cpSync(join(projectRoot, "notebooks", "unrolled.ts"), join(folder, "unrolled.ts"));
    symlinkSync(relative(folder, projectRoot), join(folder, ".unrolled"), "dir");
    const path = relative(projectRoot, join(folder, basename(instructorPath))).split("\\").join("/");
    return NotebookKernel.start(settings, path, this.sandboxed ? confinedKernelName : "tslab");
  }

  /** Removes the private folders and the scratch folder (after the server has stopped). */
  dispose(): void {
    rmSync(this.folders, { recursive: true, force: true });
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

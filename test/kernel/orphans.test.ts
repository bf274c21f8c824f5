// No Jupyter server or kernel outlives the process that started it, however that process ends: killed
// with SIGKILL in the middle of a notebook (alone, or with its whole process group, as a CI runner or a
// closed terminal would), or dead of an uncaught exception. The watchdog of kernel/server.ts ends them.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot, stateDir } from "../../kernel/jupyter-env";
import { runCli } from "../helpers/cli";
import { processesMentioning } from "../helpers/processes";

const scratch = mkdtempSync(join(tmpdir(), "unrolled-orphans-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every server and kernel of one runner process has its runtime folder, named after the runner's pid. */
const runProcesses = (runnerPid: number) => processesMentioning(`run-${runnerPid}-`);
const tslabKernels = (runnerPid: number) => runProcesses(runnerPid).filter((p) => p.commandLine.includes("tslab") && p.commandLine.includes("kernel"));

/** Polls until `done()` or `seconds` have passed; returns how long it took. */
async function waitFor(done: () => boolean, seconds: number): Promise<number> {
  const started = Date.now();
  while (!done() && Date.now() - started < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, 100));
  return (Date.now() - started) / 1000;
}

/** Calls `act` once the fixture's endless cell runs (its first cell writes the marker). */
function whenLooping(marker: string, act: () => void): void {
  const poll = setInterval(() => {
    if (!existsSync(marker)) return;
    clearInterval(poll);
    setTimeout(act, 1000);
  }, 100);
}

describe("no orphans", () => {
  it("SIGKILL of `npm run execute` in the middle of a notebook: within 5 s no process of that run is left", async () => {
    const marker = join(scratch, "sigkill-marker");
    let kernelsBefore = -1;
    let runner = 0;
    const run = await runCli("kernel/cli/execute.ts", ["--out", scratch, "test/fixtures/endless.ipynb"], {
      env: { ...process.env, UNROLLED_BUSY_MARKER: marker },
      onStart: (pid, send) => {
        runner = pid;
        whenLooping(marker, () => {
          kernelsBefore = tslabKernels(pid).length;
          send("SIGKILL");
        });
      },
    });
    expect(run.signal).toBe("SIGKILL");
    expect(kernelsBefore).toBe(1); // there was a kernel to end
    await waitFor(() => runProcesses(runner).length === 0, 5);
    expect(runProcesses(runner)).toEqual([]);
  });

  it("an uncaught exception in the process that started the server: within 5 s no process of that run is left", async () => {
    const marker = join(scratch, "crash-marker");
    let kernelsBefore = -1;
    let runner = 0;
    const run = await runCli("test/fixtures/crash-mid-run.ts", [], {
      env: { ...process.env, UNROLLED_BUSY_MARKER: marker },
      onStart: (pid) => {
        runner = pid;
        whenLooping(marker, () => (kernelsBefore = tslabKernels(pid).length));
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("an uncaught exception in the middle of a notebook");
    expect(kernelsBefore).toBe(1);
    await waitFor(() => runProcesses(runner).length === 0, 5);
    expect(runProcesses(runner)).toEqual([]);
  });

  it("SIGKILL of the whole process group of `npm run execute` (npm, its shell, the runner): nothing is left", async () => {
    const marker = join(scratch, "group-marker");
    const runtime = join(stateDir, "runtime");
    const before = new Set(existsSync(runtime) ? readdirSync(runtime) : []);
    const npm = spawn("npm", ["run", "--silent", "execute", "--", "--out", scratch, "test/fixtures/endless.ipynb"], {
      cwd: projectRoot,
      env: { ...process.env, UNROLLED_BUSY_MARKER: marker },
      stdio: "ignore",
      detached: true, // a process group of its own, to kill as one
    });
    const ended = new Promise((resolve) => npm.on("close", resolve));
    let runDir = "";
    let kernelsBefore = -1;
    await new Promise<void>((resolve) =>
      whenLooping(marker, () => {
        runDir = readdirSync(runtime).find((name) => name.startsWith("run-") && !before.has(name)) ?? "";
        kernelsBefore = processesMentioning(runDir).filter((p) => p.commandLine.includes("tslab")).length;
        process.kill(-npm.pid!, "SIGKILL");
        resolve();
      }),
    );
    await ended;
    expect(runDir).toMatch(/^run-\d+-/);
    expect(kernelsBefore).toBe(1);
    await waitFor(() => processesMentioning(runDir).length === 0, 5);
    expect(processesMentioning(runDir)).toEqual([]);
  });
});

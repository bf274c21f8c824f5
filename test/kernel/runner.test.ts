// The runner against a real Jupyter server and real tslab kernels: what it reports when a notebook
// fails, and that it leaves no kernel or server behind — after an error, a time-out and a Ctrl-C.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../kernel/jupyter-env";
import { runCli } from "../helpers/cli";
import { processesMentioning } from "../helpers/processes";

const cli = "kernel/cli/execute.ts";
const out = mkdtempSync(join(tmpdir(), "unrolled-runner-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every server and kernel of one runner process has its runtime folder, named after the runner's pid. */
function leftovers(runnerPid: number) {
  return processesMentioning(`run-${runnerPid}-`);
}

describe("npm run execute", () => {
  it("reports the notebook, cell number, first line and error of a failing cell, exits 1, and stops everything", async () => {
    const source = readFileSync(join(projectRoot, "test/fixtures/throws.ipynb"), "utf8");
    const run = await runCli(cli, ["--out", out, "test/fixtures/throws.ipynb"]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ test/fixtures/throws.ipynb: cell 3 failed (error)");
    expect(run.stdout).toContain("first line: function area(w: number): number {");
    expect(run.stdout).toMatch(/RangeError: width 3 is too wide/);
    expect(run.stdout).not.toContain("tslab/dist"); // the kernel's own stack frames are left out
    expect(run.stdout).toContain("0 of 1 notebooks ran");
    expect(leftovers(run.pid)).toEqual([]);

    // The executed copy goes to the output folder, with the outputs; the source is untouched.
    expect(readFileSync(join(projectRoot, "test/fixtures/throws.ipynb"), "utf8")).toBe(source);
    const executed = JSON.parse(readFileSync(join(out, "test/fixtures/throws.ipynb"), "utf8"));
    const [, second, third, fourth] = executed.cells;
    expect(second.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "width 3\n" }]);
    expect(second.execution_count).toBeGreaterThan(0);
    expect(JSON.stringify(third.outputs)).toContain("width 3 is too wide");
    expect(fourth.outputs).toEqual([]); // never reached
  });

  it("stops a cell that runs past the time-out, says so, and leaves nothing running", async () => {
    const run = await runCli(cli, ["--out", out, "--timeout", "10", "test/fixtures/endless.ipynb"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ test/fixtures/endless.ipynb: cell 2 failed (timeout)");
    expect(run.stdout).toContain("first line: while (true) {}");
    expect(run.stdout).toContain("the cell did not finish within 10 s");
    expect(leftovers(run.pid)).toEqual([]);
  });

  it("on Ctrl-C shuts the kernel and the server down and exits 130", async () => {
    const marker = join(out, "busy-marker");
    let kernelsSeen: string[] = [];
    const run = await runCli(cli, ["--out", out, "--timeout", "120", "test/fixtures/endless.ipynb"], {
      env: { ...process.env, UNROLLED_BUSY_MARKER: marker },
      onStart: (pid, send) => {
        // The fixture's first cell writes the marker; its second cell is `while (true) {}`.
        const poll = setInterval(() => {
          if (!existsSync(marker)) return;
          clearInterval(poll);
          kernelsSeen = leftovers(pid)
            .map((p) => p.commandLine)
            .filter((line) => line.includes("tslab") && line.includes("kernel"));
          setTimeout(() => send("SIGINT"), 1500);
        }, 100);
      },
    });
    expect(kernelsSeen.length, run.stdout + run.stderr).toBe(1); // there was a kernel to stop
    expect(run.code, run.stdout + run.stderr).toBe(130);
    expect(run.stdout).toContain("interrupted: shutting the kernels and the server down");
    expect(run.stdout).toContain("cell 2 failed (interrupted)");
    expect(run.stdout).toContain("first line: while (true) {}");
    expect(leftovers(run.pid)).toEqual([]);
  });

  it("names a notebook that does not exist", async () => {
    const run = await runCli(cli, ["test/fixtures/no-such-notebook.ipynb"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No notebook or folder at test/fixtures/no-such-notebook.ipynb.");
  });
});

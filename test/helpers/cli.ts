import { spawn } from "node:child_process";
import { projectRoot } from "../../kernel/jupyter-env";

export interface CliRun {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point of kernel/cli in its own Node process (as `npm run` would, minus npm).
 * `onStart(pid, send)` runs once the process exists, e.g. to send it a Ctrl-C at the right moment.
 */
export function runCli(
  script: string,
  args: string[],
  options: { onStart?: (pid: number, send: (signal: NodeJS.Signals) => void) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: projectRoot,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    options.onStart?.(child.pid!, (signal) => child.kill(signal));
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ pid: child.pid!, code, signal, stdout, stderr }));
  });
}

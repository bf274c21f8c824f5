/**
 * Starting and stopping a Jupyter server for the course: bound to 127.0.0.1, token authentication,
 * rooted at the project, with its runtime folder inside the project so that every process it starts
 * can be found again and stopped — by `stop()`, or by the server's watchdog when the process that
 * started it ends without stopping it (killed, crashed).
 *
 * @example
 *   const server = await startJupyter({ app: "server" });
 *   try { ... server.settings ... } finally { await server.stop(); }
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { ServerConnection } from "@jupyterlab/services";
import { jupyterEnv, projectRoot, pythonPath, stateDir } from "./jupyter-env";

export interface JupyterServer {
  /** e.g. http://127.0.0.1:8888/ */
  url: string;
  token: string;
  settings: ServerConnection.ISettings;
  /** Shuts every kernel and the server down, and kills whatever of theirs is still alive. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** "lab" for students (JupyterLab), "server" for headless execution. */
  app: "lab" | "server";
  /** First port to try; Jupyter moves on to the next free one. Default: any free port. */
  port?: number;
  /** Extra environment variables for the server and its kernels. */
  env?: Record<string, string>;
  /** Where the server and kernel state goes; default a fresh folder under .jupyter/runtime/. */
  runtimeDir?: string;
  /** Server output goes here (default: dropped). */
  log?: (text: string) => void;
}

/** A port that was free a moment ago (Jupyter moves on if it is taken by then). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Settings for @jupyterlab/services to talk to a server at `url` with `token`. */
export function connectionSettings(url: string, token: string): ServerConnection.ISettings {
  const baseUrl = url.endsWith("/") ? url : `${url}/`;
  return ServerConnection.makeSettings({ baseUrl, wsUrl: `ws${baseUrl.slice(4)}`, token, appendToken: true });
}

/** Files the file browser does not list (Jupyter's defaults, plus the notebooks' link to the library). */
const hiddenFiles = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "node_modules", "unrolled.ts"];

function serverArguments(options: StartOptions, token: string, port: number): string[] {
  const args = [
    "-m",
    options.app === "lab" ? "jupyterlab" : "jupyter_server",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=50",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${projectRoot}`,
    `--ContentsManager.hide_globs=${JSON.stringify(hiddenFiles)}`,
  ];
  if (options.app === "lab") {
    args.push(
      "--ServerApp.default_url=/lab/tree/notebooks",
      "--LabApp.news_url=None",
      // Course defaults (kernel/jupyterlab/overrides.json): every cell rendered, so charts below the fold are
      // drawn too; no news or update pop-ups (the course works offline).
      `--LabApp.app_settings_dir=${join(projectRoot, "kernel", "jupyterlab")}`,
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    );
  }
  if (process.getuid?.() === 0) args.push("--allow-root");
  return args;
}

interface ServerInfo {
  url: string;
  pid: number;
}

async function waitForServerInfo(child: ChildProcess, runtimeDir: string, output: () => string): Promise<ServerInfo> {
  const deadline = Date.now() + 60_000;
  const infoFile = join(runtimeDir, `jpserver-${child.pid}.json`);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Jupyter stopped before it was ready (exit code ${child.exitCode}):\n${output()}`);
    }
    const info = existsSync(infoFile) ? readServerInfo(infoFile) : null;
    if (info) {
      const response = await fetch(new URL("api/status", info.url)).catch(() => null);
      if (response && response.status < 500) return info;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Jupyter was not ready after 60 s:\n${output()}`);
}

/** The server's info file, or null while Jupyter is still writing it (a half-written file is not JSON yet). */
function readServerInfo(infoFile: string): ServerInfo | null {
  try {
    return JSON.parse(readFileSync(infoFile, "utf8")) as ServerInfo;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** Ends every process whose command line mentions the runtime folder: kernels a crashed server left behind. */
export function killStrays(runtimeDir: string): number[] {
  const killed: number[] = [];
  if (process.platform !== "linux") return killed;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let commandLine = "";
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (commandLine.includes(runtimeDir)) {
      try {
        process.kill(Number(entry), "SIGKILL");
        killed.push(Number(entry));
      } catch {
        // already gone
      }
    }
  }
  return killed;
}

/**
 * The server's watchdog (kernel/watchdog.cjs), in a session of its own: when this process ends, however it
 * ends (SIGKILL and uncaught exceptions included), the pipe to the watchdog closes and it kills the server
 * and its kernels. `release()` lets it go once the server is stopped.
 */
function startWatchdog(server: ChildProcess, runtimeDir: string, removeDir: boolean): { release(): void } {
  const watchdog = spawn(process.execPath, [join(projectRoot, "kernel", "watchdog.cjs")], {
    env: {
      PATH: process.env.PATH ?? "",
      UNROLLED_WATCHDOG_RUNTIME_DIR: runtimeDir,
      UNROLLED_WATCHDOG_SERVER_PID: String(server.pid),
      UNROLLED_WATCHDOG_REMOVE_DIR: removeDir ? "1" : "0",
    },
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  watchdog.stdin?.on("error", () => undefined); // it may end first
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void } | null)?.unref();
  return { release: () => watchdog.stdin?.end() };
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts JupyterLab or a bare Jupyter server and waits until it answers. */
export async function startJupyter(options: StartOptions): Promise<JupyterServer> {
  const token = randomBytes(24).toString("hex");
  const runtimeDir = options.runtimeDir ?? join(stateDir, "runtime", `run-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(runtimeDir, { recursive: true });
  // Kernels find the runtime folder in their connection file's path, which lets killStrays find them.
  const args = [...serverArguments(options, token, options.port ?? (await freePort())), `--ServerApp.runtime_dir=${runtimeDir}`];
  const child = spawn(pythonPath(), args, {
    cwd: projectRoot,
    env: jupyterEnv(runtimeDir, options.env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: a Ctrl-C in the terminal reaches us, and we stop it in order
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    options.log?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const watchdog = startWatchdog(child, runtimeDir, !options.runtimeDir);

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM"); // jupyter_server shuts its kernels down on SIGTERM
        if (!(await exited(child, 10_000))) child.kill("SIGKILL");
        await exited(child, 5_000);
      }
      killStrays(runtimeDir);
      if (!options.runtimeDir) rmSync(runtimeDir, { recursive: true, force: true });
      watchdog.release();
    })());

  try {
    const info = await waitForServerInfo(child, runtimeDir, () => output);
    const url = info.url.endsWith("/") ? info.url : `${info.url}/`;
    return { url, token, settings: connectionSettings(url, token), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

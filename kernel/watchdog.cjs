// The watchdog of one Jupyter server (kernel/server.ts starts one beside every server). It runs in a
// session of its own and reads a pipe from the process that started the server: when that pipe closes —
// the process ended, however: a normal exit, an uncaught exception, SIGKILL, its whole process group
// killed — it kills the server and every process of its runtime folder (the kernels) and removes that
// folder. What to watch comes in the environment, not on the command line, so that the watchdog itself
// never matches the runtime folder it looks for.
//   UNROLLED_WATCHDOG_RUNTIME_DIR  the run's runtime folder (the server's --ServerApp.runtime_dir)
//   UNROLLED_WATCHDOG_SERVER_PID   the server's pid, also its process group
//   UNROLLED_WATCHDOG_REMOVE_DIR   "1" to remove the runtime folder afterwards
// Plain CommonJS, started with plain node: quick to start, and nothing to compile.
"use strict";
const fs = require("node:fs");

const runtimeDir = process.env.UNROLLED_WATCHDOG_RUNTIME_DIR;
const serverPid = Number(process.env.UNROLLED_WATCHDOG_SERVER_PID);

/** SIGKILLs every process whose command line names the runtime folder; returns how many there were. */
function killRunProcesses() {
  let found = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(runtimeDir)) continue;
      process.kill(Number(entry), "SIGKILL");
      found += 1;
    } catch {
      // gone already
    }
  }
  return found;
}

function cleanUp() {
  try {
    process.kill(-serverPid, "SIGKILL"); // the server's process group
  } catch {
    // gone already
  }
  // A kernel may be starting right now: look again until a look finds nothing.
  for (let look = 0; look < 20 && killRunProcesses() > 0; look++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  if (process.env.UNROLLED_WATCHDOG_REMOVE_DIR === "1") fs.rmSync(runtimeDir, { recursive: true, force: true });
  process.exit(0);
}

if (!runtimeDir || !(serverPid > 0)) {
  console.error("watchdog: UNROLLED_WATCHDOG_RUNTIME_DIR and UNROLLED_WATCHDOG_SERVER_PID must be set");
  process.exit(2);
}
process.on("SIGINT", () => undefined); // a Ctrl-C is for the process that started the server
process.on("SIGHUP", () => undefined);
process.stdin.on("data", () => undefined);
process.stdin.on("end", cleanUp);
process.stdin.on("error", cleanUp);
process.stdin.on("close", cleanUp);

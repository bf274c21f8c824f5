// A tslab kernel inside a bubblewrap sandbox, for grading: Jupyter runs this (kernelspec "tslab-confined",
// written by confine.ts) in the submission's private folder with its connection file.
//
// Inside, the kernel sees the system's /usr and /etc read-only, the course library (src/, kernel/,
// build/library/, node_modules/) read-only, its own folder writable, a private /tmp, and nothing else of the machine: not
// the instructor notebooks, not other submissions, not the grades, not Jupyter's runtime folder. It has
// no network (its own network namespace), sees only its own processes, and gets none of the grader's
// environment variables but PATH, the locale and the course's own. It talks to Jupyter over Unix
// sockets ("ipc" transport) in a folder of its own: Jupyter connects to `<ip>-<port>`, tslab binds
// `<ip>:<port>`, so links from the first to the second join them.
//
//   node confined-kernel.mjs <project root> <connection file>
// (UNROLLED_SOCKET_DIR: a short folder for the sockets, which the grader removes after the run.)
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [root, connectionFile] = process.argv.slice(2);
const connection = JSON.parse(readFileSync(connectionFile, "utf8"));
if (connection.transport !== "ipc") throw new Error(`confined-kernel needs Jupyter's ipc transport, not ${connection.transport}`);
const workDir = process.cwd();

// The same folder after a restart (same connection file); socket paths must stay under 108 bytes.
const sockets = join(process.env.UNROLLED_SOCKET_DIR ?? tmpdir(), createHash("sha1").update(connection.ip).digest("hex").slice(0, 12));
mkdirSync(sockets, { recursive: true });
const inside = join(sockets, "k");
const ports = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"].map((key) => connection[key]);
for (const port of ports) {
  rmSync(`${connection.ip}-${port}`, { force: true });
  rmSync(`${inside}:${port}`, { force: true });
  symlinkSync(`${inside}:${port}`, `${connection.ip}-${port}`);
}
writeFileSync(join(sockets, "connection.json"), JSON.stringify({ ...connection, ip: inside }));

const readOnly = (path) => ["--ro-bind", path, path];
// Only these variables of the grader's environment (which may hold its secrets) reach the kernel.
const passed = Object.entries(process.env).filter(([name]) => /^(PATH|LANG|LC_ALL|UNROLLED_GRADING|UNROLLED_HEADLESS)$/.test(name));
const args = [
  "--die-with-parent",
  "--unshare-net",
  "--unshare-pid",
  "--unshare-ipc",
  "--unshare-uts",
  "--unshare-cgroup-try",
  ...readOnly("/usr"),
  "--symlink", "usr/bin", "/bin",
  "--symlink", "usr/sbin", "/sbin",
  "--symlink", "usr/lib", "/lib",
  "--ro-bind-try", "/usr/lib64", "/lib64",
  ...readOnly("/etc"),
  "--proc", "/proc",
  "--dev", "/dev",
  "--tmpfs", "/tmp",
  ...readOnly(join(root, "src")),
  ...readOnly(join(root, "kernel")),
  ...readOnly(join(root, "build", "library")), // what ./unrolled imports: the library built by the set-up
  ...readOnly(join(root, "node_modules")),
  ...readOnly(join(root, "package.json")),
  "--bind", workDir, workDir,
  "--bind", sockets, sockets,
  "--chdir", workDir,
  "--clearenv",
  ...passed.flatMap(([name, value]) => ["--setenv", name, value]),
  "--setenv", "HOME", workDir,
  "--setenv", "TMPDIR", "/tmp",
  join(root, "node_modules", ".bin", "tslab"), "kernel", "--config-path", join(sockets, "connection.json"),
];
// bwrap in a process group of its own: it would die of the SIGINT Jupyter sends this launcher's group to
// interrupt a cell; the launcher passes that SIGINT on to the processes inside instead.
const kernel = spawn("bwrap", args, { stdio: "inherit", detached: true });

/** The processes below `pid` (Linux /proc): bwrap's init and the kernel inside. */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found = [];
  const walk = (id) => (children.get(id) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}
process.on("SIGINT", () => {
  for (const pid of descendants(kernel.pid)) {
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // gone already
    }
  }
});
process.on("SIGTERM", () => kernel.kill("SIGKILL"));
kernel.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm run bench` (second part): what a notebook costs before its own work starts, and each article's time,
// for the course's kernel and, side by side in the same run, the reference: stock tslab compiling src/ in
// every kernel (UNROLLED_KERNEL_REFERENCE=1 turns kernel/kernel-hooks.cjs off; cells import the sources,
// "./.unrolled/kernel/notebook", as notebooks/unrolled.ts did before build/library/).
//
// - kernel start: a session asked of the server until the kernel answers kernel_info;
// - import cell: the first import cell of article 01 (all its names), run first in that kernel;
// - import-only notebook: runNotebook on a notebook holding only that cell (start, import, shut down);
// - each article, run whole.
// Wall-clock seconds (the median of --repeat runs, default 5), and in brackets the kernel process's own CPU
// seconds (from /proc), steadier on a shared machine. `-- --no-articles` skips the articles;
// `-- --no-notebooks` skips this whole part (as for bench/rnn.bench.ts).
import "../kernel/cli/services-in-node";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../kernel/jupyter-env";
import { NotebookKernel, readNotebook, runNotebook, sourceText, type Notebook } from "../kernel/runner";
import { startJupyter, type JupyterServer } from "../kernel/server";

type Mode = "reference" | "course";
const MODES: Mode[] = ["reference", "course"];

/** User + system CPU seconds of the kernel process whose connection file names `kernelId`. */
function kernelCpuSeconds(kernelId: string): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(`kernel-${kernelId}.json`)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    } catch {
      // ended meanwhile
    }
  }
  return NaN;
}

/** The notebook as the mode runs it: the reference imports the library's sources. */
function forMode(notebook: Notebook, mode: Mode): Notebook {
  if (mode === "course") return notebook;
  const copy = JSON.parse(JSON.stringify(notebook)) as Notebook;
  for (const cell of copy.cells) cell.source = sourceText(cell).split('"./unrolled"').join('"./.unrolled/kernel/notebook"');
  return copy;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const format = (wall: number[], cpu: number[]) => `${median(wall).toFixed(2)} s (${median(cpu).toFixed(2)})`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { repeat: { type: "string", default: "5" }, "no-articles": { type: "boolean" }, "no-notebooks": { type: "boolean" } },
  });
  if (values["no-notebooks"]) return;
  const repeat = Number(values.repeat);
  const articles = readdirSync(join(projectRoot, "notebooks")).filter((name) => name.endsWith(".ipynb")).sort();
  const first = readNotebook(join(projectRoot, "notebooks", articles[0]!));
  const importCell = first.cells.find((cell) => cell.cell_type === "code" && sourceText(cell).includes('"./unrolled"'))!;
  const importOnly: Notebook = { ...first, cells: [{ ...importCell, outputs: [], execution_count: null }] };
  const path = "notebooks/bench-import-only.ipynb"; // never written: the kernel only needs its folder

  const servers = {} as Record<Mode, JupyterServer>;
  try {
    for (const mode of MODES) {
      servers[mode] = await startJupyter({ app: "server", env: { UNROLLED_HEADLESS: "1", UNROLLED_KERNEL_REFERENCE: mode === "reference" ? "1" : "0" } });
    }
    const fixed = Object.fromEntries(MODES.map((m) => [m, { start: [] as number[], startCpu: [] as number[], cell: [] as number[], cellCpu: [] as number[], only: [] as number[] }]));
    console.log(`\nFixed cost of a notebook (median of ${repeat}; kernel CPU seconds in brackets)`);
    for (let round = 0; round < repeat; round++) {
      for (const mode of MODES) {
        const f = fixed[mode]!;
        const code = sourceText(forMode(importOnly, mode).cells[0]!);
        const started = performance.now();
        const kernel = await NotebookKernel.start(servers[mode].settings, path);
        f.start.push((performance.now() - started) / 1000);
        f.startCpu.push(kernelCpuSeconds(kernel.id));
        const outcome = await kernel.execute(code);
        if (outcome.status !== "ok") throw new Error(`the import cell failed (${mode}): ${outcome.message}`);
        f.cell.push(outcome.seconds);
        f.cellCpu.push(kernelCpuSeconds(kernel.id) - f.startCpu[f.startCpu.length - 1]!);
        await kernel.shutdown();
        const run = await runNotebook(servers[mode].settings, path, forMode(importOnly, mode));
        if (run.failure) throw new Error(`the import-only notebook failed (${mode}): ${run.failure.message}`);
        f.only.push(run.seconds);
      }
    }
    console.log("| | kernel start | import cell | import-only notebook |");
    console.log("|--|--:|--:|--:|");
    for (const mode of MODES) {
      const f = fixed[mode]!;
      console.log(`| ${mode} | ${format(f.start, f.startCpu)} | ${format(f.cell, f.cellCpu)} | ${median(f.only).toFixed(2)} s |`);
    }

    if (values["no-articles"]) return;
    console.log("\nEach article, run whole (seconds, wall clock)");
    console.log("| article | reference | course |");
    console.log("|--|--:|--:|");
    const totals = { reference: 0, course: 0 };
    for (const name of articles) {
      const notebook = readNotebook(join(projectRoot, "notebooks", name));
      const seconds = {} as Record<Mode, number>;
      for (const mode of MODES) {
        const run = await runNotebook(servers[mode].settings, `notebooks/${name}`, forMode(notebook, mode));
        if (run.failure) throw new Error(`${name} failed (${mode}): cell ${run.failure.cellNumber}: ${run.failure.message}`);
        seconds[mode] = run.seconds;
        totals[mode] += run.seconds;
      }
      console.log(`| ${name} | ${seconds.reference.toFixed(1)} | ${seconds.course.toFixed(1)} |`);
    }
    console.log(`| all ${articles.length} | ${totals.reference.toFixed(1)} | ${totals.course.toFixed(1)} |`);
  } finally {
    for (const mode of MODES) await servers[mode]?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench: ${error.message}`);
    process.exit(1);
  },
);

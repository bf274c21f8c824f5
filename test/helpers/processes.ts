import { readdirSync, readFileSync } from "node:fs";

/** Processes whose command line contains `text` (Linux /proc), e.g. a runner's runtime folder. */
export function processesMentioning(text: string): { pid: number; commandLine: string }[] {
  const found: { pid: number; commandLine: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (commandLine.includes(text)) found.push({ pid: Number(entry), commandLine });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

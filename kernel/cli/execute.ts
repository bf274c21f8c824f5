/**
 * npm run execute [-- [--timeout SECONDS] [--out DIR] [--url URL --token TOKEN] [notebooks or folders…]]
 * Runs each notebook in a fresh tslab kernel and writes the executed copy into build/executed/.
 * Exit code: 0 when every notebook ran, 1 when a cell failed, 2 for bad arguments, 130 on Ctrl-C.
 */
import "./services-in-node";
import { parseArgs } from "node:util";
import { executeNotebookFiles } from "../execute";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        timeout: { type: "string", default: "120" },
        out: { type: "string" },
        url: { type: "string" },
        token: { type: "string" },
      },
    });
  } catch (error) {
    console.error(`execute: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) {
    console.error(`execute: --timeout must be a positive number of seconds, got "${values.timeout}".`);
    return 2;
  }
  if (Boolean(values.url) !== Boolean(values.token)) {
    console.error("execute: --url and --token go together (the server's address and its token).");
    return 2;
  }
  const started = Date.now();
  try {
    const results = await executeNotebookFiles(positionals, {
      timeoutSeconds,
      outDir: values.out,
      url: values.url,
      token: values.token,
      report: (line) => console.log(line),
    });
    const failed = results.filter((run) => run.failure);
    console.log(
      `${results.length - failed.length} of ${results.length} notebooks ran in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (failed.some((run) => run.failure?.reason === "interrupted")) return 130;
    return failed.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`execute: ${(error as Error).message}`);
    return 1;
  }
}

main().then((code) => process.exit(code));

/**
 * The notebook runner: executes notebooks cell by cell, each in a fresh tslab kernel, through a real
 * Jupyter server, and collects their outputs in nbformat 4 form.
 *
 * @example
 *   const server = await startJupyter({ app: "server" });
 *   const result = await runNotebook(server.settings, "notebooks/01-from-words-to-vectors.ipynb", readNotebook(path));
 *   if (result.failure) console.log(describeFailure(result));
 */
import { KernelManager, SessionManager, type KernelMessage, type ServerConnection, type Session } from "@jupyterlab/services";

export type Output = Record<string, unknown> & { output_type: string };

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
  id?: string;
  [key: string]: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface CellFailure {
  /** 1-based number among all cells of the notebook, as JupyterLab counts them. */
  cellNumber: number;
  firstLine: string;
  /** "error", "timeout" or "interrupted" */
  reason: "error" | "timeout" | "interrupted";
  message: string;
}

export interface CellRun {
  index: number;
  status: "ok" | "error" | "timeout" | "interrupted" | "not run";
  outputs: Output[];
  seconds: number;
}

export interface NotebookRun {
  /** A copy of the notebook with the outputs and execution counts filled in. */
  notebook: Notebook;
  cells: CellRun[];
  failure: CellFailure | null;
  seconds: number;
}

export interface RunOptions {
  /** Per-cell limit in seconds (default 120). */
  timeoutSeconds?: number;
}

export function sourceText(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

export { readNotebook } from "./notebook-file";

/** Removes terminal colour codes from kernel error text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/** Builds the cell's outputs from the kernel's messages, the way JupyterLab shows them. */
class OutputCollector {
  readonly outputs: Output[] = [];
  private clearOnNext = false;
  constructor(private readonly byDisplayId: Map<string, Output[]>) {}

  add(message: KernelMessage.IIOPubMessage): void {
    const type = message.header.msg_type;
    const content = message.content as Record<string, unknown>;
    if (type === "clear_output") {
      if (content["wait"]) this.clearOnNext = true;
      else this.outputs.length = 0;
      return;
    }
    if (type === "update_display_data") {
      const id = (content["transient"] as { display_id?: string } | undefined)?.display_id;
      for (const output of (id && this.byDisplayId.get(id)) || []) {
        output["data"] = content["data"];
        output["metadata"] = content["metadata"] ?? {};
      }
      return;
    }
    let output: Output | null = null;
    if (type === "stream") {
      const name = content["name"] as string;
      const last = this.outputs[this.outputs.length - 1];
      if (!this.clearOnNext && last && last.output_type === "stream" && last["name"] === name) {
        last["text"] = (last["text"] as string) + (content["text"] as string);
        return;
      }
      output = { output_type: "stream", name, text: content["text"] as string };
    } else if (type === "display_data" || type === "execute_result") {
      output = { output_type: type, data: content["data"], metadata: content["metadata"] ?? {} };
      if (type === "execute_result") output["execution_count"] = content["execution_count"] ?? null;
      const id = (content["transient"] as { display_id?: string } | undefined)?.display_id;
      if (id) this.byDisplayId.set(id, [...(this.byDisplayId.get(id) ?? []), output]);
    } else if (type === "error") {
      output = {
        output_type: "error",
        ename: content["ename"],
        evalue: content["evalue"],
        traceback: content["traceback"] ?? [],
      };
    }
    if (!output) return;
    if (this.clearOnNext) {
      this.outputs.length = 0;
      this.clearOnNext = false;
    }
    this.outputs.push(output);
  }
}

/** The text that explains why a cell failed: the kernel's error, else what it wrote to stderr. */
function errorText(outputs: Output[], reply: Record<string, unknown> | null): string {
  const error = outputs.find((o) => o.output_type === "error");
  const parts: string[] = [];
  if (error) {
    const traceback = (error["traceback"] as string[] | undefined) ?? [];
    parts.push(traceback.length > 0 ? traceback.join("\n") : `${error["ename"]}: ${error["evalue"]}`);
  } else if (reply && (reply["ename"] || reply["evalue"])) {
    parts.push(`${reply["ename"] ?? "Error"}: ${reply["evalue"] ?? ""}`);
  }
  const stderr = outputs
    .filter((o) => o.output_type === "stream" && o["name"] === "stderr")
    .map((o) => o["text"] as string)
    .join("");
  if (stderr.trim()) parts.push(stderr.trim());
  const lines = stripAnsi(parts.join("\n"))
    .split("\n")
    .filter((line) => !isMachineryFrame(line));
  // Node prints the throwing line first and the error itself after it: lead with the error.
  const errorLine = lines.findIndex((line) => /^[A-Za-z]*(Error|Exception)\b.*:/.test(line));
  if (errorLine > 0) lines.unshift(...lines.splice(errorLine, 1));
  return lines.join("\n").trim() || "the kernel reported an error without a message";
}

/** Stack frames of Node and tslab themselves say nothing about the student's code. */
function isMachineryFrame(line: string): boolean {
  return (
    /^\s+at .*(node:|[\\/]tslab[\\/]dist[\\/]|sigintHandlersWrap|evalmachine\.<anonymous>:\d+:\d+\)?$)/.test(line) ||
    /^evalmachine\.<anonymous>:\d+$/.test(line)
  );
}

/** Kernels still running in this process, so that a Ctrl-C can shut them down. */
const liveSessions = new Set<Session.ISessionConnection>();

export async function shutdownLiveSessions(): Promise<void> {
  await Promise.all([...liveSessions].map((session) => session.shutdown().catch(() => undefined)));
  liveSessions.clear();
}

let interrupted = false;
/** Called from a SIGINT handler: the current cell stops and no further cell starts. */
export function interruptRuns(): void {
  interrupted = true;
}

export function wasInterrupted(): boolean {
  return interrupted;
}

/** What one cell did. */
export interface CellOutcome {
  status: "ok" | "error" | "timeout" | "interrupted";
  outputs: Output[];
  executionCount: number | null;
  seconds: number;
  /** Why it failed, for people: the error first, without Node's and tslab's own stack frames. */
  message: string;
}

/**
 * A fresh kernel for one notebook, started in the notebook's folder (`path` is relative to the
 * server's root). Execute code in it cell by cell; always `shutdown()`.
 *
 * @example
 *   const kernel = await NotebookKernel.start(server.settings, "notebooks/01-from-words-to-vectors.ipynb");
 *   try { const outcome = await kernel.execute("1 + 1"); } finally { await kernel.shutdown(); }
 */
export class NotebookKernel {
  private readonly byDisplayId = new Map<string, Output[]>();

  private constructor(
    private readonly session: Session.ISessionConnection,
    private readonly managers: { dispose(): void }[],
  ) {}

  /** The kernel's id on the server (its connection file is kernel-<id>.json). */
  get id(): string {
    return this.session.kernel!.id;
  }

  static async start(settings: ServerConnection.ISettings, path: string, kernelName = "tslab"): Promise<NotebookKernel> {
    const kernelManager = new KernelManager({ serverSettings: settings });
    const sessionManager = new SessionManager({ kernelManager, serverSettings: settings });
    const session = await sessionManager.startNew({
      path,
      type: "notebook",
      name: path.split("/").pop() ?? path,
      kernel: { name: kernelName },
    });
    liveSessions.add(session);
    const kernel = new NotebookKernel(session, [sessionManager, kernelManager]);
    if (!session.kernel) {
      await kernel.shutdown();
      throw new Error(`The server did not start a "${kernelName}" kernel for ${path}.`);
    }
    await session.kernel.info;
    return kernel;
  }

  /** Runs one cell's code; never throws for the code's own errors, time-outs or Ctrl-C. */
  async execute(code: string, timeoutSeconds = 120): Promise<CellOutcome> {
    const kernel = this.session.kernel!;
    const started = Date.now();
    const collector = new OutputCollector(this.byDisplayId);
    const future = kernel.requestExecute({ code, silent: false, store_history: true, stop_on_error: true });
    future.onIOPub = (message) => collector.add(message);
    let timer: NodeJS.Timeout | undefined;
    let watcher: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      future.done.then((reply) => ({ kind: "reply" as const, content: reply.content as unknown as Record<string, unknown> })),
      new Promise<{ kind: "timeout" }>((resolve) => (timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutSeconds * 1000))),
      new Promise<{ kind: "interrupted" }>((resolve) => {
        watcher = setInterval(() => interrupted && resolve({ kind: "interrupted" }), 100);
      }),
    ]).catch((error: Error) => ({
      kind: "reply" as const,
      content: { status: "error", ename: "Error", evalue: error.message } as Record<string, unknown>,
    }));
    clearTimeout(timer);
    clearInterval(watcher);
    const seconds = (Date.now() - started) / 1000;

    if (outcome.kind === "reply") {
      const executionCount = (outcome.content["execution_count"] as number | undefined) ?? null;
      if (outcome.content["status"] === "ok" && !collector.outputs.some((o) => o.output_type === "error")) {
        return { status: "ok", outputs: collector.outputs, executionCount, seconds, message: "" };
      }
      await new Promise((resolve) => setTimeout(resolve, 300)); // tslab drops requests that come right after an error
      return { status: "error", outputs: collector.outputs, executionCount, seconds, message: errorText(collector.outputs, outcome.content) };
    }
    await kernel.interrupt().catch(() => undefined);
    future.dispose();
    const message = outcome.kind === "timeout" ? `the cell did not finish within ${timeoutSeconds} s` : "interrupted (Ctrl-C)";
    const ename = outcome.kind === "timeout" ? "Timeout" : "Interrupted";
    const outputs = [...collector.outputs, { output_type: "error", ename, evalue: message, traceback: [] }];
    return { status: outcome.kind, outputs, executionCount: null, seconds, message };
  }

  /**
   * A fresh interpreter in the same kernel (after a time-out, the old one may still be busy). Jupyter may
   * be restarting a kernel that died (`process.exit`) at the same moment, which cancels our request:
   * then wait a moment and ask again.
   */
  async restart(): Promise<void> {
    const kernel = this.session.kernel!;
    for (let attempt = 1; ; attempt++) {
      try {
        await kernel.restart();
        await Promise.race([
          kernel.requestKernelInfo(),
          new Promise((_, reject) => setTimeout(() => reject(new Error("no kernel_info reply within 30 s")), 30_000)),
        ]);
        break;
      } catch (error) {
        if (attempt >= 5) throw new Error(`The kernel did not restart: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
    this.byDisplayId.clear();
  }

  async shutdown(): Promise<void> {
    liveSessions.delete(this.session);
    await this.session.shutdown().catch(() => undefined);
    this.session.dispose();
    for (const manager of this.managers) manager.dispose();
  }
}

/**
 * Runs `notebook` (whose server-relative path is `path`: the kernel starts in its folder) in a fresh
 * kernel, cell by cell, until the first failing cell, and returns the executed copy. The kernel is shut
 * down in every case.
 */
export async function runNotebook(
  settings: ServerConnection.ISettings,
  path: string,
  notebook: Notebook,
  options: RunOptions = {},
): Promise<NotebookRun> {
  const spec = notebook.metadata["kernelspec"] as { name?: string } | undefined;
  const executed: Notebook = JSON.parse(JSON.stringify(notebook)) as Notebook;
  const started = Date.now();
  const kernel = await NotebookKernel.start(settings, path, spec?.name ?? "tslab");
  const cells: CellRun[] = [];
  let failure: CellFailure | null = null;
  try {
    for (const [index, cell] of executed.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = sourceText(cell);
      cell.outputs = [];
      cell.execution_count = null;
      const firstLine = code.split("\n").find((line) => line.trim()) ?? "";
      if (interrupted) {
        failure ??= { cellNumber: index + 1, firstLine, reason: "interrupted", message: "interrupted (Ctrl-C) before this cell ran" };
        cells.push({ index, status: "interrupted", outputs: [], seconds: 0 });
        continue;
      }
      if (failure) {
        cells.push({ index, status: "not run", outputs: [], seconds: 0 });
        continue;
      }
      if (!code.trim()) continue;
      const outcome = await kernel.execute(code, options.timeoutSeconds);
      cell.outputs = outcome.outputs;
      cell.execution_count = outcome.executionCount;
      cells.push({ index, status: outcome.status, outputs: outcome.outputs, seconds: outcome.seconds });
      if (outcome.status !== "ok") {
        failure = { cellNumber: index + 1, firstLine, reason: outcome.status, message: outcome.message };
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return { notebook: executed, cells, failure, seconds: (Date.now() - started) / 1000 };
}

/** "notebooks/x.ipynb, cell 4 (`const h = ...`): <error>" — the report line for a failed run. */
export function describeFailure(path: string, failure: CellFailure): string {
  const indented = failure.message
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `${path}: cell ${failure.cellNumber} failed (${failure.reason})\n    first line: ${failure.firstLine}\n${indented}`;
}

/**
 * Data parallelism for the fast layer, as the big frameworks do it: the B sequences of a batch are split
 * into P parts of consecutive rows, each part's loss and gradients are computed on its own thread (its own
 * WebAssembly instance and workspace, the same weights; part 0 in the caller's own pass), and the parts'
 * gradients are summed in the order of the parts: the same numbers on every run, equal to the one-thread
 * batch up to the order of the sums. The sequences of a batch never meet before the sum (truncated BPTT
 * walks back within its own sequence), so a part is just a smaller batch. A large batch has two parts on
 * every machine (PARTS), so that its numbers do not depend on the number of cores: where Node's
 * worker_threads exist and there is more than one core, part 2 runs on a helper thread; in the browser, or
 * on one core, this thread computes both. The helper threads start on the first large batch, are reused, and
 * never keep a process alive. While a helper is still starting, this thread computes its part itself, so
 * the result does not depend on timing either.
 *
 * @example
 *   recurrentLossAndGradients("lstm", params, batch32);                  // two parts of 16, on two threads where there are two cores
 *   recurrentLossAndGradients("lstm", params, batch32, { threads: 1 });  // one part
 */
import type { Kernels } from "./kernels";
import { cellOf } from "./cells";
import { CELL_KINDS, type FastCell } from "./layout";
import { bestKernels, lossAndGradientPass, startPass } from "./pass";
import type { MessagePort, Worker } from "node:worker_threads";

// Below this many multiply-adds of Wh per step (B·T·gates·H²), a batch is not split: the copies and the
// second pass's fixed work cost about as much as a shared second core saves (the vanilla cell at H = 128, B = 8).
const MIN_WORK = 1 << 23;
/** The parts of a large batch, the same on every machine: more cores would change the order of the sums. */
const PARTS = 2;
const HEADER = 8; // B, T, H, V, k (0: full BPTT), has a mask, the number of weights, the cell (index in CELL_KINDS)
const [IDLE, JOB, DONE, FAILED] = [0, 1, 2, 3];
const STATE = 0, READY = 1; // indices into a helper's control words

/** Where one part's numbers are in its job buffer: the inputs the caller writes, then the results. */
function jobOffsets(size: number, B: number, T: number, H: number) {
  const weights = HEADER, ids = weights + size, targets = ids + B * T, mask = targets + B * T, h0 = mask + B * T, c0 = h0 + B * H;
  const loss = c0 + B * H, perStepLoss = loss + 1, dhNorms = perStepLoss + B * T, grads = dhNorms + T + 1, hLast = grads + size;
  const cLast = hLast + B * H;
  return { weights, ids, targets, mask, h0, c0, loss, perStepLoss, dhNorms, grads, hLast, cLast, end: cLast + B * H };
}

/**
 * Runs the part described in `job` on `kernels` (lossAndGradientPass), writing its loss, per-step losses,
 * |dL/dh_t|, gradients and last states into `job`.
 */
function runJob(kernels: Kernels, cell: FastCell, job: Float64Array): void {
  const [B, T, H, V, k, masked, size] = job;
  const at = jobOffsets(size, B, T, H);
  const pass = startPass(kernels, cell, B, T, H, V);
  const { w, L } = pass;
  w.set(job.subarray(at.weights, at.weights + size), 0);
  const rows = (from: number): number[][] => Array.from({ length: B }, (_, b) => Array.from(job.subarray(from + b * T, from + (b + 1) * T)));
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) L.ids[t * B + b] = job[at.ids + b * T + t]; // step-major, as loadIds
  w.set(job.subarray(at.h0, at.h0 + B * H), L.h(0));
  if (cell.hasCell) w.set(job.subarray(at.c0, at.c0 + B * H), L.c(0));
  const perStepLoss = Array.from({ length: B }, () => new Array<number>(T));
  const { loss, dhNorms } = lossAndGradientPass(pass, rows(at.targets), masked ? rows(at.mask) : undefined, k === 0 ? Infinity : k, perStepLoss);
  job[at.loss] = loss;
  perStepLoss.forEach((row, b) => job.set(row, at.perStepLoss + b * T));
  job.set(dhNorms, at.dhNorms);
  job.set(w.subarray(L.grads, L.grads + size), at.grads);
  job.set(w.subarray(L.h(T), L.h(T) + B * H), at.hLast);
  if (cell.hasCell) job.set(w.subarray(L.c(T), L.c(T) + B * H), at.cLast);
}

/** One helper thread: its worker, the control words it waits on, its job buffer and the port that sends it a larger one. */
interface Helper {
  control: Int32Array;
  job: Float64Array;
  port: MessagePort;
  worker: Worker;
}
const helpers: Helper[] = [];

type Builtins = { getBuiltinModule?(id: string): unknown };
const builtin = <M>(id: string): M | undefined => (globalThis as { process?: Builtins }).process?.getBuiltinModule?.(id) as M | undefined;
const threadsModule = builtin<typeof import("node:worker_threads")>("node:worker_threads");

/** How many helper threads have started, and how many of them are ready for jobs. */
export function helperThreads(): { started: number; ready: number } {
  return { started: helpers.length, ready: helpers.filter((h) => Atomics.load(h.control, READY) === 1).length };
}

/**
 * The number of parts for a batch of B sequences with `work` multiply-adds of Wh per step: PARTS for a
 * large batch, or `threads` when given (at most B).
 */
export function partCount(B: number, work: number, threads?: number): number {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be a whole number >= 1, got ${threads}.`);
  return Math.min(B, threads ?? (work < MIN_WORK ? 1 : PARTS));
}

/** Whether parts can run on helper threads: Node's worker_threads, this file on disk, and more than one core. */
const canUseHelpers = (): boolean =>
  threadsModule !== undefined && typeof __filename === "string" && (builtin<typeof import("node:os")>("node:os")?.availableParallelism() ?? 1) > 1;

/** Helper i with a job buffer of at least n numbers, started on first use. */
function helper(i: number, n: number): Helper {
  const { Worker, MessageChannel } = threadsModule!;
  let h = helpers[i];
  if (!h) {
    // The helper loads this file (no mathjs: a quick start), from the TypeScript sources with tsx (tests, bench) as this process does.
    const file = JSON.stringify(__filename);
    const load = __filename.endsWith(".ts") ? `require("node:module").createRequire(${file})("tsx/cjs/api").require(${file}, ${file})` : `require(${file})`;
    const code = `${load}.serveJobs();`;
    const control = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const job = new Float64Array(new SharedArrayBuffer(8 * n));
    const worker = new Worker(code, { eval: true, workerData: { control, job, port: port2 }, transferList: [port2] });
    worker.unref(); // never keeps the process alive
    worker.on("error", () => undefined); // a helper that cannot start never becomes ready: this thread does its parts
    port1.unref();
    helpers[i] = h = { control, job, port: port1, worker };
  }
  if (h.job.length < n) {
    h.job = new Float64Array(new SharedArrayBuffer(8 * Math.max(n, 2 * h.job.length)));
    h.port.postMessage(h.job); // read by the helper when it wakes for its next job
  }
  return h;
}

/**
 * A helper thread's loop: waits for a job in its shared buffer, runs it on its own WebAssembly kernels,
 * says it is done, and waits again. It never returns to its event loop (its parent unrefs it).
 */
export function serveJobs(): void {
  const { receiveMessageOnPort, workerData } = threadsModule!;
  const { control, port } = workerData as { control: Int32Array; job: Float64Array; port: MessagePort };
  let job: Float64Array = workerData.job;
  const kernels = bestKernels();
  Atomics.store(control, READY, 1);
  for (;;) {
    const state = Atomics.load(control, STATE);
    if (state !== JOB) {
      Atomics.wait(control, STATE, state);
      continue;
    }
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) job = message.message; // a larger buffer
    try {
      runJob(kernels, cellOf(CELL_KINDS[job[7]]), job);
      Atomics.store(control, STATE, DONE);
    } catch (error) {
      port.postMessage(String(error instanceof Error ? error.stack : error));
      Atomics.store(control, STATE, FAILED);
    }
    Atomics.notify(control, STATE);
  }
}

export interface PartsInput {
  cell: FastCell;
  H: number;
  V: number;
  k: number; // Infinity for full BPTT
  weights: Float64Array; // the packed weights (layout.ts), `size` numbers
  inputs: number[][]; // (B, T)
  targets: number[][];
  mask?: number[][];
  h0?: number[][]; // (H, B)
  c0?: number[][];
}

/** The sequences of each part: part p is rows bounds[p] .. bounds[p + 1] − 1 of the batch. */
export function partBounds(B: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, p) => Math.round((p * B) / parts));
}

/** Parts 1.. of a batch, under way on helper threads or already computed here: what finishParts collects. */
export interface StartedParts {
  bounds: number[];
  size: number; // the number of weights (and of gradients)
  jobs: Float64Array[]; // jobs[p] for p >= 1 (jobs[0] unused: part 0 is the caller's own pass)
  working: (Helper | undefined)[]; // the helper computing part p, or undefined when it is done already
}

let spare: Kernels | undefined; // a second workspace, for parts computed here while part 0's pass is in the first

/** Fills part p's job (rows b0..b1 of the batch) in `job`. */
function fillJob(job: Float64Array, input: PartsInput, b0: number, b1: number): void {
  const { H, V, k, weights, inputs } = input;
  const B = b1 - b0, T = inputs[0].length, size = weights.length;
  const at = jobOffsets(size, B, T, H);
  job.set([B, T, H, V, Number.isFinite(k) ? k : 0, input.mask ? 1 : 0, size, CELL_KINDS.indexOf(input.cell.kind)], 0);
  job.set(weights, at.weights);
  for (let b = 0; b < B; b++) {
    job.set(inputs[b0 + b], at.ids + b * T);
    job.set(input.targets[b0 + b], at.targets + b * T);
    if (input.mask) job.set(input.mask[b0 + b], at.mask + b * T);
  }
  for (const [state, from] of [[input.h0, at.h0], [input.c0, at.c0]] as const) {
    if (!state) job.fill(0, from, from + B * H);
    else for (let b = 0; b < B; b++) for (let i = 0; i < H; i++) job[from + b * H + i] = state[i][b0 + b];
  }
}

/**
 * Starts parts 1 .. parts − 1 of the batch: each on its helper thread when that is ready, else computed
 * here at once (in a workspace of its own, so the caller's pass for part 0 is left as it is).
 */
export function startParts(input: PartsInput, parts: number): StartedParts {
  const B = input.inputs.length, T = input.inputs[0].length, size = input.weights.length;
  const bounds = partBounds(B, parts);
  const jobs: Float64Array[] = [];
  const working: (Helper | undefined)[] = [];
  const useHelpers = canUseHelpers();
  for (let p = 1; p < parts; p++) {
    const n = jobOffsets(size, bounds[p + 1] - bounds[p], T, input.H).end;
    const h = useHelpers ? helper(p - 1, n) : undefined;
    jobs[p] = h ? h.job : new Float64Array(n);
    fillJob(jobs[p], input, bounds[p], bounds[p + 1]);
    if (h && Atomics.load(h.control, READY) === 1) {
      Atomics.store(h.control, STATE, JOB);
      Atomics.notify(h.control, STATE);
      working[p] = h;
    } else {
      runJob((spare ??= bestKernels()), input.cell, jobs[p]); // no helper, or it is still starting
    }
  }
  return { bounds, size, jobs, working };
}

/** The batch's results, with part 0's already in them; finishParts adds the other parts'. */
export interface PartsTotal {
  loss: number;
  perStepLoss: number[][]; // (B, T): rows of part 0 filled
  dhNormSquares: number[]; // T + 1: part 0's |dL/dh_t|²
  grads: Float64Array; // part 0's gradients, `size` numbers from gradsAt, laid out like the weights
  gradsAt: number;
  hLast: number[][]; // (H, B): columns of part 0 filled
  cLast?: number[][]; // (H, B), lstm
}

/** Waits for the parts under way, then adds every part's loss, gradients and states into `total`, in part order. */
export function finishParts(started: StartedParts, total: PartsTotal): void {
  const { bounds, size, jobs, working } = started;
  const H = total.hLast.length, T = total.dhNormSquares.length - 1;
  for (let p = 1; p < jobs.length; p++) {
    const h = working[p];
    if (!h) continue;
    if (Atomics.wait(h.control, STATE, JOB, 60_000) === "timed-out") throw new Error(`Batch helper thread ${p} gave no answer in 60 s.`);
    const state = Atomics.load(h.control, STATE);
    Atomics.store(h.control, STATE, IDLE);
    if (state === FAILED) throw new Error(`Batch helper thread ${p} failed: ${String(threadsModule!.receiveMessageOnPort(h.port)?.message)}`);
  }
  for (let p = 1; p < jobs.length; p++) {
    const job = jobs[p], b0 = bounds[p], Bp = bounds[p + 1] - b0, at = jobOffsets(size, Bp, T, H);
    total.loss += job[at.loss];
    for (let b = 0; b < Bp; b++) total.perStepLoss[b0 + b] = Array.from(job.subarray(at.perStepLoss + b * T, at.perStepLoss + (b + 1) * T));
    for (let t = 0; t <= T; t++) total.dhNormSquares[t] += job[at.dhNorms + t] ** 2;
    const g = total.grads, from = at.grads - total.gradsAt;
    for (let i = total.gradsAt; i < total.gradsAt + size; i++) g[i] += job[from + i];
    for (let i = 0; i < H; i++) {
      const h = total.hLast[i], c = total.cLast?.[i];
      for (let b = 0; b < Bp; b++) {
        h[b0 + b] = job[at.hLast + b * H + i];
        if (c) c[b0 + b] = job[at.cLast + b * H + i];
      }
    }
  }
}

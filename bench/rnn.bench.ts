// `npm run bench`: training steps per second (loss and gradients, clip to [-5, 5], Adagrad), side by side
// in one run, from the same weights on the same data (the sonnets), V = 65, T = 25:
//   1. the vanilla step (min-char-rnn) at H = 32, 100, 256: the library's step (trainingStep on the fast
//      layer, what CharModel and trainModel run), the readable mathjs gradients in the same trainingStep,
//      numpy (bench/min_char_rnn_numpy.py) and, when .bench/jax exists, the same step jit-compiled by JAX
//      on one thread (bench/min_char_rnn_jax.py);
//   2. LSTM and GRU steps at the same sizes: the library's step against numpy versions of the same
//      equations (test/golden/make_golden.py, the functions that made the golden values);
//   3. minibatch training (the library's step, H = 128, T = 25) in tokens per second at B = 1, 8 and 32;
//      a large batch is split in two parts over two threads (src/fast/parallel.ts). `--batches` runs this
//      section only: node --import tsx bench/rnn.bench.ts --batches
// In sections 1 and 2 every implementation prints the loss of its first step, which must agree.
// (bench/notebooks.bench.ts, run after it, times the notebooks.)
//
// In sections 1 and 2 each measurement runs in a process of its own, reading the weights from one JSON
// file: the JIT of one measurement cannot slow down the next, and all start from exactly the same numbers.
// Every implementation runs REPEATS (5) times, interleaved (a, b, c, a, b, c, ...), and the table gives
// the medians. Section 3 compares one code path with itself at three batch sizes, so it trains one model
// with each B in turn in one process, in rounds (B = 1, 8, 32, B = 1, 8, 32, ...): this VM's speed jumps
// between two levels about 1.7× apart every few seconds (a shared host), and the ratio is taken within each
// round. Each figure is one over the 10th percentile of the step's wall time (steps that were not
// preempted by other processes) and, in brackets, steps per CPU second of its process.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { matrix, type Matrix } from "mathjs";
import {
  adagrad, createRng, initGruParams, initLstmParams, initParams, lossAndGradients, recurrentLossAndGradients, rowsOf, SONNETS,
  trainingStep, zeroModelGradients, zerosMatrix, type CellKind, type NamedMatrices, type RnnParams,
} from "../src/index";
import { pythonPath } from "../kernel/jupyter-env";

const V = 65, T = 25, LEARNING_RATE = 0.1;
const SIZES = [32, 100, 256];
const BATCH_H = 128, BATCHES = [1, 8, 32];
const REPEATS = 5; // runs of each implementation in sections 1 and 2, interleaved
const ROUNDS = 15, ROUND_SECONDS = 0.8; // section 3: rounds of every batch size, one after the other, in one process
const root = join(__dirname, "..");
const python = pythonPath(); // the course's environment: .venv/ or the active conda environment
const jaxPython = join(root, ".bench", "jax", "bin", "python"); // bench-only: python3 -m venv .bench/jax && .bench/jax/bin/pip install jax

// The sonnets as ids: one id per distinct character (55 of them), in a vocabulary of 65 like min-char-rnn's Shakespeare.
const chars = Array.from(new Set(SONNETS)).sort();
const data = Array.from(SONNETS, (ch) => chars.indexOf(ch));

/** What every worker (TypeScript, numpy or JAX) prints as one JSON line. */
interface Run {
  firstLoss: number;
  steps: number;
  seconds: number; // wall clock
  cpuSeconds: number; // the worker's own CPU time: steadier on a shared machine
  fastStep: number; // the 10th percentile of one step's wall time, in seconds: steps that were not preempted
}

interface Spec {
  kind: CellKind;
  params: { [name: string]: number[][] };
  data: number[];
  seqLength: number;
  learningRate: number;
  seconds: number;
  minSteps: number;
  batch: number; // B sequences per step (the minibatch rows)
}

/** The loss and the gradients (d + name) of one chunk from `state`, and the state to carry. */
type Compute = (params: NamedMatrices, inputs: number[][], targets: number[][], state: Matrix[]) => { loss: number; grads: NamedMatrices; state: Matrix[] };

/**
 * min-char-rnn's loop (B sequences side by side, from B places of the text), one trainingStep per chunk
 * (clip to [-5, 5], Adagrad, the finite checks): each call of the returned function is one step, and
 * returns its loss.
 */
function trainer(spec: Spec, params: NamedMatrices, compute: Compute, update = adagradUpdate()): () => number {
  const H = rowsOf(params.Why)[0].length, B = spec.batch, stride = Math.floor(data.length / B);
  const zeros = () => (spec.kind === "lstm" ? [zerosMatrix(H, B), zerosMatrix(H, B)] : [zerosMatrix(H, B)]);
  let state = zeros(), p = 0, n = 0;
  return () => {
    if ((B - 1) * stride + p + T + 1 > data.length) {
      p = 0;
      state = zeros();
    }
    const at = Array.from({ length: B }, (_, b) => b * stride + p);
    const inputs = at.map((q) => data.slice(q, q + T)), targets = at.map((q) => data.slice(q + 1, q + T + 1));
    const { result } = trainingStep(params, n + 1, update, () => compute(params, inputs, targets, state));
    state = result.state;
    p += T;
    n += 1;
    return result.loss;
  };
}

/** min-char-rnn's update: clip every gradient to [-5, 5], then Adagrad. */
const adagradUpdate = () => ({ optimizer: adagrad(LEARNING_RATE), clip: { value: 5 } });

const median = (xs: number[]): number => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** The 10th percentile of step times (seconds): steps that were not preempted. */
const fastestTenth = (times: number[]): number => times.slice().sort((x, y) => x - y)[Math.floor(times.length / 10)];

/** Runs `step` for about `seconds` and at least minSteps times. */
function train(step: () => number, seconds: number, minSteps: number): Run {
  let n = 0, firstLoss = NaN;
  const times: number[] = [];
  const start = performance.now(), cpu = process.cpuUsage();
  while (n < minSteps || performance.now() - start < seconds * 1000) {
    const stepStart = performance.now();
    const loss = step();
    if (n === 0) firstLoss = loss;
    n += 1;
    times.push((performance.now() - stepStart) / 1000);
  }
  const used = process.cpuUsage(cpu);
  return { firstLoss, steps: n, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, fastStep: fastestTenth(times) };
}

/**
 * Worker: `rnn.bench.ts --worker step|readable weights.json` prints one Run. step: the library's
 * (recurrentLossAndGradients into gradients reused at every step, as CharModel does); readable: the
 * mathjs lossAndGradients of articles 02-04 (kind rnn, B = 1). Both update through trainingStep.
 */
function worker(impl: string, file: string): void {
  const spec: Spec = JSON.parse(readFileSync(file, "utf8"));
  const params: NamedMatrices = {};
  for (const [name, rows] of Object.entries(spec.params)) params[name] = matrix(rows, "dense", "number");
  if (impl === "batches") return batchesWorker(spec, params);
  const readable: Compute = (p, [i], [t], [h]) => {
    const { loss, hLast, ...grads } = lossAndGradients(p as RnnParams, i, t, h);
    return { loss, grads, state: [hLast] };
  };
  const step = trainer(spec, params, impl === "readable" ? readable : libraryStep(spec.kind, params));
  // The library's step warms up first (the JIT compiles its hot loops), on the model it then measures.
  const warmUp = impl === "readable" ? undefined : train(step, 0.5, 10);
  const measured = train(step, spec.seconds, spec.minSteps);
  console.log(JSON.stringify({ ...measured, firstLoss: warmUp?.firstLoss ?? measured.firstLoss }));
}

/** The library's step: recurrentLossAndGradients into gradients reused at every step, as CharModel does. */
function libraryStep(kind: CellKind, params: NamedMatrices): Compute {
  const grads = zeroModelGradients(params);
  return (p, inputs, targets, [h0, c0]) => {
    const r = recurrentLossAndGradients(kind, p, { inputs, targets }, { h0, c0, grads });
    return { loss: r.loss, grads, state: r.cLast ? [r.hLast, r.cLast] : [r.hLast] };
  };
}

/** What the batches worker prints: per B, the medians over rounds; and the medians of each round's B = 32 / B = 1. */
interface BatchRuns {
  tokens: number[]; // per B: B·T over the 10th-percentile step time
  cpuTokens: number[]; // per B: tokens per CPU second of the process (all its threads)
  ratio: number; // B = last / B = 1, tokens per second
  cpuRatio: number;
}

/**
 * Worker: `rnn.bench.ts --worker batches weights.json` trains one model with each B in turn, in ROUNDS
 * rounds of ROUND_SECONDS per B. This VM's speed jumps between two levels about 1.7× apart, every few
 * seconds, in the same process (a shared host); each round's B = 32 / B = 1 compares steps taken within a
 * few seconds of each other. One model, one gradient set and one optimizer serve every B (each B has its own
 * place in the text and its own state).
 */
function batchesWorker(spec: Spec, params: NamedMatrices): void {
  const compute = libraryStep(spec.kind, params), update = adagradUpdate();
  const steps = BATCHES.map((batch) => trainer({ ...spec, batch }, params, compute, update));
  for (const step of steps) train(step, 2, 5); // warm-up, and time for the helper thread to start
  const rounds = BATCHES.map(() => ({ tokens: [] as number[], cpuTokens: [] as number[] }));
  for (let r = 0; r < ROUNDS; r++) {
    steps.forEach((step, i) => {
      const run = train(step, ROUND_SECONDS, 3);
      rounds[i].tokens.push((BATCHES[i] * T) / run.fastStep);
      rounds[i].cpuTokens.push((BATCHES[i] * T * run.steps) / run.cpuSeconds);
    });
  }
  const last = BATCHES.length - 1, perRound = (key: "tokens" | "cpuTokens") => median(rounds[last][key].map((x, r) => x / rounds[0][key][r]));
  const out: BatchRuns = {
    tokens: rounds.map((x) => median(x.tokens)), cpuTokens: rounds.map((x) => median(x.cpuTokens)), ratio: perRound("tokens"), cpuRatio: perRound("cpuTokens"),
  };
  console.log(JSON.stringify(out));
}

function run(command: string, args: string[]): Run {
  return JSON.parse(execFileSync(command, args, { encoding: "utf8" }).trim().split("\n").pop()!);
}

/** Runs every job REPEATS times, interleaved (a, b, c, a, b, c, ...); returns each job's runs. */
function interleaved(jobs: { [name: string]: [command: string, args: string[]] }): { [name: string]: Run[] } {
  const runs: { [name: string]: Run[] } = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  for (let r = 0; r < REPEATS; r++) for (const [name, [command, args]] of Object.entries(jobs)) runs[name].push(run(command, args));
  return runs;
}

/** A Run whose two figures are the medians over `runs`: the fast step's wall time and the steps per CPU second. */
function medianRun(runs: Run[]): Run {
  return { firstLoss: runs[0].firstLoss, steps: median(runs.map((r) => r.steps / r.cpuSeconds)), seconds: NaN, cpuSeconds: 1, fastStep: median(runs.map((r) => r.fastStep)) };
}

/** The first-step losses of every run of every job, which must agree: "step / numpy, 3 runs each: 104.36 (all equal)". */
function firstLosses(runs: { [name: string]: Run[] }): string {
  const distinct = [...new Set(Object.values(runs).flatMap((rs) => rs.map((r) => r.firstLoss.toFixed(12))))];
  return `${Object.keys(runs).join(" / ")}, ${REPEATS} runs each: ${distinct.length === 1 ? `${distinct[0]} (all equal)` : distinct.join(" / ")}`;
}

/** Seeded weights of a `kind` model, V = 65. */
function weights(kind: CellKind, H: number): NamedMatrices {
  const rng = createRng(H);
  if (kind === "lstm") return initLstmParams(V, H, rng);
  if (kind === "gru") return initGruParams(V, H, rng);
  return initParams(V, H, rng);
}

const wall = (r: Run) => 1 / r.fastStep, cpu = (r: Run) => r.steps / r.cpuSeconds;
const fixed = (x: number) => x.toFixed(x < 100 ? 1 : 0);
const cell = (r: Run, scale = 1) => `${fixed(wall(r) * scale)} (${fixed(cpu(r) * scale)})`;
const ratio = (a: Run, b: Run) => `${(wall(a) / wall(b)).toFixed(2)} (${(cpu(a) / cpu(b)).toFixed(2)})`;

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "unrolled-bench-"));
  const self = [...process.execArgv, __filename, "--worker"];
  let files = 0;
  const specFile = (kind: CellKind, params: NamedMatrices, seconds: number, minSteps: number, batch = 1): string => {
    const file = join(dir, `spec-${files++}.json`);
    const named = Object.fromEntries(Object.entries(params).map(([k, m]) => [k, rowsOf(m)]));
    writeFileSync(file, JSON.stringify({ kind, params: named, data, seqLength: T, learningRate: LEARNING_RATE, seconds, minSteps, batch }));
    return file;
  };
  const hasJax = existsSync(jaxPython) && spawnSync(jaxPython, ["-c", "import jax"]).status === 0;
  try {
    if (!batchesOnly) {
      console.log(`Training step (loss, BPTT, clip, Adagrad), V = ${V}, T = ${T}, data: the sonnets (${data.length} characters)`);
      console.log("steps per second from the 10th-percentile step time, i.e. steps not preempted (per CPU second of the process in brackets); higher is better\n");
      const rows: string[] = [];
      for (const H of SIZES) {
        const params = weights("rnn", H);
        const runs = interleaved({
          step: [process.execPath, [...self, "step", specFile("rnn", params, 1.5, 10)]],
          readable: [process.execPath, [...self, "readable", specFile("rnn", params, 1, 2)]],
          numpy: [python, [join(__dirname, "min_char_rnn_numpy.py"), specFile("rnn", params, 1.5, 3)]],
          ...(hasJax ? { JAX: [jaxPython, [join(__dirname, "min_char_rnn_jax.py"), specFile("rnn", params, 1.5, 10)]] as [string, string[]] } : {}),
        });
        console.log(`vanilla H = ${H}: first-step loss of ${firstLosses(runs)}`);
        const [step, readable, numpy] = [runs.step, runs.readable, runs.numpy].map(medianRun);
        const jax = runs.JAX ? medianRun(runs.JAX) : undefined;
        rows.push(`| ${H} | ${cell(step)} | ${cell(readable)} | ${cell(numpy)} | ${jax ? cell(jax) : "–"} | ${ratio(step, numpy)} | ${jax ? ratio(step, jax) : "–"} |`);
      }
      console.log(`\nvanilla RNN (min-char-rnn), medians of ${REPEATS} interleaved runs${hasJax ? "" : " — JAX: not installed (python3 -m venv .bench/jax && .bench/jax/bin/pip install jax)"}`);
      console.log("library step: trainingStep (recurrentLossAndGradients + clipByValue + adagrad, what CharModel runs); readable: lossAndGradients in the same trainingStep");
      console.log("| H | library step | readable mathjs | numpy | JAX (jit, 1 thread) | step / numpy | step / JAX |");
      console.log("|--:|--:|--:|--:|--:|--:|--:|");
      for (const row of rows) console.log(row);

      const gated: string[] = [];
      for (const kind of ["lstm", "gru"] as const) {
        for (const H of SIZES) {
          const params = weights(kind, H);
          const runs = interleaved({
            step: [process.execPath, [...self, "step", specFile(kind, params, 1.5, 10)]],
            numpy: [python, [join(__dirname, "min_char_rnn_numpy.py"), specFile(kind, params, 1.5, 3)]],
          });
          console.log(`${kind} H = ${H}: first-step loss of ${firstLosses(runs)}`);
          const [step, numpy] = [runs.step, runs.numpy].map(medianRun);
          gated.push(`| ${kind} | ${H} | ${cell(step)} | ${cell(numpy)} | ${ratio(step, numpy)} |`);
        }
      }
      console.log(`\nLSTM and GRU (B = 1) against numpy (test/golden/make_golden.py), medians of ${REPEATS} interleaved runs; library step as above`);
      console.log("| cell | H | library step | numpy | step / numpy |");
      console.log("|--|--:|--:|--:|--:|");
      for (const row of gated) console.log(row);
    }

    const batched: string[] = [];
    for (const kind of ["rnn", "lstm", "gru"] as const) {
      const out: BatchRuns = JSON.parse(execFileSync(process.execPath, [...self, "batches", specFile(kind, weights(kind, BATCH_H), 0, 0)], { encoding: "utf8" }).trim().split("\n").pop()!);
      const cells = out.tokens.map((x, i) => `${fixed(x)} (${fixed(out.cpuTokens[i])})`);
      batched.push(`| ${kind} | ${cells.join(" | ")} | ${out.ratio.toFixed(1)} (${out.cpuRatio.toFixed(1)}) |`);
    }
    const threads = Math.min(2, availableParallelism()); // a large batch has two parts (src/fast/parallel.ts)
    console.log(`\nMinibatch training (the library's step, H = ${BATCH_H}, T = ${T}): tokens per second (B·T / the 10th-percentile step time), medians of ${ROUNDS} rounds`);
    console.log(`every B in one process, B after B in each round; the ratio is the median of each round's own B = ${BATCHES[BATCHES.length - 1]} / B = 1`);
    if (threads > 1) console.log(`a large batch is split over ${threads} threads: the figures in brackets (tokens per CPU second of all of them) are one core's efficiency`);
    console.log(`| cell | ${BATCHES.map((B) => `B = ${B}`).join(" | ")} | B = 32 / B = 1 |`);
    console.log("|--|--:|--:|--:|--:|");
    for (const row of batched) console.log(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const batchesOnly = process.argv.includes("--batches"); // `node --import tsx bench/rnn.bench.ts --batches`: section 3 only
const at = process.argv.indexOf("--worker");
if (at >= 0) worker(process.argv[at + 1], process.argv[at + 2]);
else main();

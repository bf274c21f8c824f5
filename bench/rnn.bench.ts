// `npm run bench`: training steps per second (loss and gradients, clip to [-5, 5], Adagrad), side by side
// in one run, from the same weights on the same data (the sonnets), V = 65, T = 25:
//   1. the vanilla step (min-char-rnn) at H = 32, 100, 256: the library's fast path, the readable mathjs
//      form, numpy (bench/min_char_rnn_numpy.py) and, when .bench/jax exists, the same step jit-compiled
//      by JAX on one thread (bench/min_char_rnn_jax.py);
//   2. LSTM and GRU steps at the same sizes: the fast layer against numpy versions of the same equations
//      (test/golden/make_golden.py, the functions that made the golden values);
//   3. minibatch training (recurrentLossAndGradients + clipByValue + adagrad, H = 128, T = 25) in tokens per
//      second at B = 1, 8 and 32; a large batch is split over the cores (src/fast/parallel.ts).
// Every implementation prints the loss of its first step, which must agree. (bench/notebooks.bench.ts, run
// after it, times the notebooks.)
//
// Each measurement runs in a process of its own, reading the weights from one JSON file: the JIT of one
// measurement cannot slow down the next, and all start from exactly the same numbers. The machine may be
// shared: each figure is one over the 10th percentile of the step's wall time (steps that were not
// preempted by other processes) and, in brackets, steps per CPU second of its process.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { matrix, type Matrix } from "mathjs";
import {
  adagrad, clipByValue, createRng, FastTrainer, initGruParams, initLstmParams, initParams, lossAndGradients, lossAndGradientsFast,
  recurrentLossAndGradients, rowsOf, SONNETS, zeroGradients, zerosMatrix, type CellKind, type NamedMatrices, type RnnParams,
} from "../src/index";
import { pythonPath } from "../kernel/jupyter-env";

const V = 65, T = 25, LEARNING_RATE = 0.1;
const SIZES = [32, 100, 256];
const BATCH_H = 128, BATCHES = [1, 8, 32];
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

/** One training step from `state`: loss, the state to carry, and the gradients (d + name) unless the step updated the weights itself. */
type Step = (params: NamedMatrices, inputs: number[][], targets: number[][], state: Matrix[]) => { loss: number; grads?: NamedMatrices; state: Matrix[] };

/** min-char-rnn's loop around `step` (B sequences side by side, from B places of the text): about `seconds`, at least minSteps. */
function train(spec: Spec, params: NamedMatrices, step: Step, seconds: number, minSteps: number): Run {
  const H = rowsOf(params.Why)[0].length, B = spec.batch, stride = Math.floor(data.length / B);
  const zeros = () => (spec.kind === "lstm" ? [zerosMatrix(H, B), zerosMatrix(H, B)] : [zerosMatrix(H, B)]);
  const optimizer = adagrad(LEARNING_RATE);
  let state = zeros(), p = 0, n = 0, firstLoss = NaN;
  const times: number[] = [];
  const start = performance.now(), cpu = process.cpuUsage();
  while (n < minSteps || performance.now() - start < seconds * 1000) {
    const stepStart = performance.now();
    if ((B - 1) * stride + p + T + 1 > data.length) {
      p = 0;
      state = zeros();
    }
    const at = Array.from({ length: B }, (_, b) => b * stride + p);
    const result = step(params, at.map((q) => data.slice(q, q + T)), at.map((q) => data.slice(q + 1, q + T + 1)), state);
    if (n === 0) firstLoss = result.loss;
    if (result.grads) {
      clipByValue(result.grads, 5);
      optimizer.step(params, result.grads);
    }
    state = result.state;
    p += T;
    n += 1;
    times.push((performance.now() - stepStart) / 1000);
  }
  const used = process.cpuUsage(cpu);
  const fastStep = times.sort((x, y) => x - y)[Math.floor(times.length / 10)];
  return { firstLoss, steps: n, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, fastStep };
}

/**
 * Worker: `rnn.bench.ts --worker fast|readable|layer|trainer weights.json` prints one Run. fast:
 * lossAndGradientsFast with clipByValue and adagrad on mathjs; layer: recurrentLossAndGradients (B
 * sequences) with the same; trainer: FastTrainer (clipping and Adagrad on typed storage).
 */
function worker(impl: string, file: string): void {
  const spec: Spec = JSON.parse(readFileSync(file, "utf8"));
  const load = (): NamedMatrices => {
    const out: NamedMatrices = {};
    for (const [name, rows] of Object.entries(spec.params)) out[name] = matrix(rows.map((row) => row.slice()), "dense", "number");
    return out;
  };
  let step: Step;
  if (impl === "readable") {
    step = (p, [i], [t], [h]) => {
      const { loss, hLast, ...grads } = lossAndGradients(p as RnnParams, i, t, h);
      return { loss, grads, state: [hLast] };
    };
  } else if (impl === "fast") {
    const grads = zeroGradients(load() as RnnParams);
    step = (p, [i], [t], [h]) => {
      const { loss, hLast } = lossAndGradientsFast(p as RnnParams, i, t, h, grads);
      return { loss, grads, state: [hLast] };
    };
  } else if (impl === "trainer") {
    let trainer: FastTrainer | undefined;
    step = (p, inputs, targets, [h0, c0]) => {
      if (!trainer || trainer.params !== p) trainer = new FastTrainer(spec.kind, p, { learningRate: LEARNING_RATE, clip: 5 });
      const r = trainer.step({ inputs, targets }, { h0, c0 });
      return { loss: r.loss, state: r.cLast ? [r.hLast, r.cLast] : [r.hLast] };
    };
  } else {
    let grads: NamedMatrices | undefined;
    step = (p, inputs, targets, [h0, c0]) => {
      const r = recurrentLossAndGradients(spec.kind, p, { inputs, targets }, { h0, c0, grads });
      grads = r.grads;
      return { loss: r.loss, grads: r.grads, state: r.cLast ? [r.hLast, r.cLast] : [r.hLast] };
    };
  }
  if (impl !== "readable") train(spec, load(), step, 0.5, 10); // warm-up: let the JIT compile the hot loops first
  console.log(JSON.stringify(train(spec, load(), step, spec.seconds, spec.minSteps)));
}

function run(command: string, args: string[]): Run {
  return JSON.parse(execFileSync(command, args, { encoding: "utf8" }).trim().split("\n").pop()!);
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
    console.log(`Training step (loss, BPTT, clip, Adagrad), V = ${V}, T = ${T}, data: the sonnets (${data.length} characters)`);
    console.log("steps per second from the 10th-percentile step time, i.e. steps not preempted (per CPU second of the process in brackets); higher is better\n");
    const rows: string[] = [];
    for (const H of SIZES) {
      const params = weights("rnn", H);
      const fast = run(process.execPath, [...self, "fast", specFile("rnn", params, 2, 10)]);
      const trainer = run(process.execPath, [...self, "trainer", specFile("rnn", params, 2, 10)]);
      const readable = run(process.execPath, [...self, "readable", specFile("rnn", params, 1, 2)]);
      const numpy = run(python, [join(__dirname, "min_char_rnn_numpy.py"), specFile("rnn", params, 2, 3)]);
      const jax = hasJax ? run(jaxPython, [join(__dirname, "min_char_rnn_jax.py"), specFile("rnn", params, 2, 10)]) : undefined;
      const losses = [fast, trainer, readable, numpy, ...(jax ? [jax] : [])].map((r) => r.firstLoss.toFixed(12)).join(" / ");
      console.log(`vanilla H = ${H}: first-step loss fast / trainer / readable / numpy${jax ? " / JAX" : ""}: ${losses}`);
      rows.push(
        `| ${H} | ${cell(fast)} | ${cell(trainer)} | ${cell(readable)} | ${cell(numpy)} | ${jax ? cell(jax) : "–"} | ${ratio(fast, numpy)} | ` +
          `${ratio(trainer, numpy)} | ${jax ? ratio(trainer, jax) : "–"} |`,
      );
    }
    console.log(`\nvanilla RNN (min-char-rnn)${hasJax ? "" : " — JAX: not installed (python3 -m venv .bench/jax && .bench/jax/bin/pip install jax)"}`);
    console.log("fast path: lossAndGradientsFast + clipByValue + adagrad on mathjs (the library's step); trainer: FastTrainer (clipping and Adagrad on typed storage)");
    console.log("| H | fast path | trainer | readable mathjs | numpy | JAX (jit, 1 thread) | fast / numpy | trainer / numpy | trainer / JAX |");
    console.log("|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (const row of rows) console.log(row);

    const gated: string[] = [];
    for (const kind of ["lstm", "gru"] as const) {
      for (const H of SIZES) {
        const params = weights(kind, H);
        const layer = run(process.execPath, [...self, "layer", specFile(kind, params, 2, 10)]);
        const trainer = run(process.execPath, [...self, "trainer", specFile(kind, params, 2, 10)]);
        const numpy = run(python, [join(__dirname, "min_char_rnn_numpy.py"), specFile(kind, params, 2, 3)]);
        const losses = [layer, trainer, numpy].map((r) => r.firstLoss.toFixed(12)).join(" / ");
        console.log(`${kind} H = ${H}: first-step loss layer / trainer / numpy: ${losses}`);
        gated.push(`| ${kind} | ${H} | ${cell(layer)} | ${cell(trainer)} | ${cell(numpy)} | ${ratio(layer, numpy)} | ${ratio(trainer, numpy)} |`);
      }
    }
    console.log("\nLSTM and GRU (B = 1) against numpy (test/golden/make_golden.py); layer: recurrentLossAndGradients + clipByValue + adagrad on mathjs");
    console.log("| cell | H | layer | trainer | numpy | layer / numpy | trainer / numpy |");
    console.log("|--|--:|--:|--:|--:|--:|--:|");
    for (const row of gated) console.log(row);

    const batched: string[] = [];
    for (const kind of ["rnn", "lstm", "gru"] as const) {
      const params = weights(kind, BATCH_H);
      // 4 s each: the first steps of a process run on one thread while its helper threads start.
      const runs = BATCHES.map((B) => run(process.execPath, [...self, "layer", specFile(kind, params, 4, 5, B)]));
      batched.push(`| ${kind} | ${runs.map((r, i) => cell(r, BATCHES[i] * T)).join(" | ")} | ${(wall(runs[2]) * BATCHES[2] / wall(runs[0])).toFixed(1)} (${(cpu(runs[2]) * BATCHES[2] / cpu(runs[0])).toFixed(1)}) |`);
    }
    const threads = availableParallelism();
    console.log(`\nMinibatch training (recurrentLossAndGradients + clipByValue + adagrad, H = ${BATCH_H}, T = ${T}): tokens per second (B·T·steps/s)`);
    if (threads > 1) console.log(`a large batch is split over ${threads} threads: the figures in brackets (per CPU second of all of them) are one core's efficiency`);
    console.log(`| cell | ${BATCHES.map((B) => `B = ${B}`).join(" | ")} | B = 32 / B = 1 |`);
    console.log("|--|--:|--:|--:|--:|");
    for (const row of batched) console.log(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--worker");
if (at >= 0) worker(process.argv[at + 1], process.argv[at + 2]);
else main();

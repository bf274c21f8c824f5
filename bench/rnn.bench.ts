// `npm run bench`: training steps per second of min-char-rnn's step (loss and gradients, clip to [-5, 5],
// Adagrad) for the library's fast path, the readable mathjs reference and numpy, from the same weights on
// the same data (the sonnets), at V = 65, T = 25 and H = 32, 100, 256. All three print the loss of their
// first step, which must agree. (bench/notebooks.bench.ts, run after it, times the notebooks.)
//
// Each measurement runs in a process of its own, reading the weights from one JSON file: the JIT of one
// measurement cannot slow down the next, and all three start from exactly the same numbers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matrix } from "mathjs";
import {
  adagrad, clipByValue, createRng, initParams, lossAndGradients, lossAndGradientsFast, rowsOf,
  SONNETS, zeroGradients, zerosMatrix, type RnnParams,
} from "../src/index";
import { pythonPath } from "../kernel/jupyter-env";

const V = 65, T = 25, LEARNING_RATE = 0.1;
const SIZES = [32, 100, 256];
const python = pythonPath(); // the course's environment: .venv/ or the active conda environment

// The sonnets as ids: one id per distinct character (55 of them), in a vocabulary of 65 like min-char-rnn's Shakespeare.
const chars = Array.from(new Set(SONNETS)).sort();
const data = Array.from(SONNETS, (ch) => chars.indexOf(ch));

/** What every worker (TypeScript or numpy) prints as one JSON line. */
interface Run {
  firstLoss: number;
  steps: number;
  seconds: number; // wall clock
  cpuSeconds: number; // the worker's own CPU time: steadier on a shared machine
}

interface Spec {
  params: { [name: string]: number[][] };
  data: number[];
  seqLength: number;
  learningRate: number;
  seconds: number;
  minSteps: number;
}

type Step = (params: RnnParams, inputs: number[], targets: number[], hPrev: RnnParams["bh"]) => { loss: number; hLast: RnnParams["bh"] };

/** min-char-rnn's loop around `step`: runs for about `seconds` (at least minSteps). */
function train(params: RnnParams, step: Step, seconds: number, minSteps: number): Run {
  const H = rowsOf(params.Whh).length;
  const optimizer = adagrad(LEARNING_RATE);
  let hPrev = zerosMatrix(H, 1), p = 0, n = 0, firstLoss = NaN;
  const start = performance.now(), cpu = process.cpuUsage();
  while (n < minSteps || performance.now() - start < seconds * 1000) {
    if (p + T + 1 > data.length) {
      p = 0;
      hPrev = zerosMatrix(H, 1);
    }
    const result = step(params, data.slice(p, p + T), data.slice(p + 1, p + T + 1), hPrev);
    if (n === 0) firstLoss = result.loss;
    const grads = result as unknown as { [name: string]: RnnParams["bh"] };
    const named = { dWxh: grads.dWxh, dWhh: grads.dWhh, dWhy: grads.dWhy, dbh: grads.dbh, dby: grads.dby };
    clipByValue(named, 5);
    optimizer.step(params, named);
    hPrev = result.hLast;
    p += T;
    n += 1;
  }
  const used = process.cpuUsage(cpu);
  return { firstLoss, steps: n, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Worker: `rnn.bench.ts --worker fast|readable weights.json` prints one Run. */
function worker(kind: string, file: string): void {
  const spec: Spec = JSON.parse(readFileSync(file, "utf8"));
  const load = (): RnnParams => {
    const m = (name: string) => matrix(spec.params[name].map((row) => row.slice()), "dense", "number");
    return { Wxh: m("Wxh"), Whh: m("Whh"), Why: m("Why"), bh: m("bh"), by: m("by") };
  };
  let step: Step = lossAndGradients;
  if (kind === "fast") {
    const grads = zeroGradients(load());
    step = (p, i, t, h) => lossAndGradientsFast(p, i, t, h, grads);
    train(load(), step, 0.5, 10); // warm-up: let the JIT compile the hot loops first
  }
  console.log(JSON.stringify(train(load(), step, spec.seconds, spec.minSteps)));
}

function run(command: string, args: string[]): Run {
  return JSON.parse(execFileSync(command, args, { encoding: "utf8" }).trim().split("\n").pop()!);
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "unrolled-bench-"));
  const rows: string[] = [];
  try {
    console.log(`min-char-rnn training step (loss, BPTT, clip, Adagrad), V = ${V}, T = ${T}, data: the sonnets (${data.length} characters)`);
    for (const H of SIZES) {
      const params = initParams(V, H, createRng(H));
      const spec = (seconds: number, minSteps: number): string => {
        const file = join(dir, `weights-${H}-${seconds}.json`);
        const named = Object.fromEntries(Object.entries(params).map(([k, m]) => [k, rowsOf(m)]));
        writeFileSync(file, JSON.stringify({ params: named, data, seqLength: T, learningRate: LEARNING_RATE, seconds, minSteps }));
        return file;
      };
      const self = [...process.execArgv, __filename, "--worker"];
      const fast = run(process.execPath, [...self, "fast", spec(2, 10)]);
      const readable = run(process.execPath, [...self, "readable", spec(1, 2)]);
      const numpy = run(python, [join(__dirname, "min_char_rnn_numpy.py"), spec(2, 3)]);
      console.log(`H = ${H}: first-step loss  fast ${fast.firstLoss.toFixed(12)}  readable ${readable.firstLoss.toFixed(12)}  numpy ${numpy.firstLoss.toFixed(12)}`);
      const wall = (r: Run) => r.steps / r.seconds, cpu = (r: Run) => r.steps / r.cpuSeconds;
      const cell = (r: Run) => `${wall(r).toFixed(wall(r) < 100 ? 1 : 0)} (${cpu(r).toFixed(cpu(r) < 100 ? 1 : 0)})`;
      rows.push(
        `| ${H} | ${cell(fast)} | ${cell(readable)} | ${cell(numpy)} | ` +
          `${(wall(fast) / wall(numpy)).toFixed(2)} (${(cpu(fast) / cpu(numpy)).toFixed(2)}) | ${(wall(fast) / wall(readable)).toFixed(0)} |`,
      );
    }
    console.log("\nsteps per second, wall clock (per CPU second in brackets); higher is better");
    console.log("| H | fast path | readable mathjs | numpy | fast / numpy | fast / readable |");
    console.log("|--:|--:|--:|--:|--:|--:|");
    for (const row of rows) console.log(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--worker");
if (at >= 0) worker(process.argv[at + 1], process.argv[at + 2]);
else main();

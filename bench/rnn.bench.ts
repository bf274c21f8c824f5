// `npm run bench`: training steps per second of min-char-rnn's step (loss and gradients, clip to [-5, 5],
// Adagrad) for the library's fast path, the readable mathjs reference and numpy, from the same weights on
// the same data (the sonnets), at V = 65, T = 25 and H = 32, 100, 256. All three print the loss of their
// first step, which must agree. `npm run bench -- --notebooks` also times `npm run execute` on every notebook.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matrix } from "mathjs";
import {
  adagrad, clipByValue, createRng, initParams, lossAndGradients, lossAndGradientsFast, rowsOf,
  SONNETS, zeroGradients, zerosMatrix, type RnnParams,
} from "../src/index";

const V = 65, T = 25, LEARNING_RATE = 0.1;
const SIZES = [32, 100, 256];
const root = join(__dirname, "..");
const python = join(root, ".venv", "bin", "python");

// The sonnets as ids: one id per distinct character (55 of them), in a vocabulary of 65 like min-char-rnn's Shakespeare.
const chars = Array.from(new Set(SONNETS)).sort();
const data = Array.from(SONNETS, (ch) => chars.indexOf(ch));

function copyParams(p: RnnParams): RnnParams {
  const copy = (m: RnnParams["Wxh"]) => matrix(rowsOf(m).map((row) => row.slice()), "dense", "number");
  return { Wxh: copy(p.Wxh), Whh: copy(p.Whh), Why: copy(p.Why), bh: copy(p.bh), by: copy(p.by) };
}

type Step = (params: RnnParams, inputs: number[], targets: number[], hPrev: RnnParams["bh"]) => { loss: number; hLast: RnnParams["bh"] };

/** min-char-rnn's loop around `step`: runs for about `seconds` (at least minSteps); first loss and steps/s. */
interface Speed {
  firstLoss: number;
  stepsPerSecond: number; // wall clock
  stepsPerCpuSecond: number; // this process's CPU time: steadier on a shared machine
}

function train(params: RnnParams, step: Step, seconds: number, minSteps: number): Speed {
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
  return { firstLoss, stepsPerSecond: n / ((performance.now() - start) / 1000), stepsPerCpuSecond: n / ((used.user + used.system) / 1e6) };
}

function numpy(params: RnnParams, seconds: number, dir: string): Speed {
  const file = join(dir, `weights-${rowsOf(params.Whh).length}.json`);
  const spec = { params: Object.fromEntries(Object.entries(params).map(([k, m]) => [k, rowsOf(m)])), data, seqLength: T, learningRate: LEARNING_RATE, seconds, minSteps: 3 };
  writeFileSync(file, JSON.stringify(spec));
  const out = JSON.parse(execFileSync(python, [join(__dirname, "min_char_rnn_numpy.py"), file], { encoding: "utf8" }));
  return { firstLoss: out.firstLoss, stepsPerSecond: out.steps / out.seconds, stepsPerCpuSecond: out.steps / out.cpuSeconds };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "unrolled-bench-"));
  try {
    console.log(`min-char-rnn training step (loss, BPTT, clip, Adagrad), V = ${V}, T = ${T}, data: the sonnets (${data.length} characters)`);
    const weights = SIZES.map((H) => initParams(V, H, createRng(H)));
    // The fast path runs first for every size: the readable path's mathjs matrices would otherwise make
    // the shared clipping and Adagrad loops see two kinds of arrays and slow them down.
    const fast = weights.map((w) => {
      const reused = zeroGradients(w);
      const fastStep: Step = (p, i, t, h) => lossAndGradientsFast(p, i, t, h, reused);
      train(copyParams(w), fastStep, 0.5, 10); // warm-up: let the JIT compile the hot loops first
      return train(copyParams(w), fastStep, 2, 10);
    });
    const readable = weights.map((w) => train(copyParams(w), lossAndGradients, 1, 2));
    const np = weights.map((w) => numpy(copyParams(w), 2, dir));
    SIZES.forEach((H, k) => {
      console.log(`H = ${H}: first-step loss  fast ${fast[k].firstLoss.toFixed(12)}  readable ${readable[k].firstLoss.toFixed(12)}  numpy ${np[k].firstLoss.toFixed(12)}`);
    });
    const cell = (x: Speed) => `${x.stepsPerSecond.toFixed(x.stepsPerSecond < 100 ? 1 : 0)} (${x.stepsPerCpuSecond.toFixed(x.stepsPerCpuSecond < 100 ? 1 : 0)})`;
    console.log("\nsteps per second, wall clock (per CPU second in brackets); higher is better");
    console.log("| H | fast path | readable mathjs | numpy | fast / numpy | fast / readable |");
    console.log("|--:|--:|--:|--:|--:|--:|");
    SIZES.forEach((H, k) => {
      const [f, r, n] = [fast[k], readable[k], np[k]];
      console.log(
        `| ${H} | ${cell(f)} | ${cell(r)} | ${cell(n)} | ` +
          `${(f.stepsPerSecond / n.stepsPerSecond).toFixed(2)} (${(f.stepsPerCpuSecond / n.stepsPerCpuSecond).toFixed(2)}) | ` +
          `${(f.stepsPerSecond / r.stepsPerSecond).toFixed(0)} |`,
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.argv.includes("--notebooks")) timeNotebooks();
}

/** Wall time of `npm run execute` over every notebook (the runner prints each notebook's own time). */
function timeNotebooks(): void {
  if (!existsSync(join(root, "kernel", "cli", "execute.ts"))) {
    console.log("\nkernel/cli/execute.ts does not exist yet: notebooks not timed.");
    return;
  }
  const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join("notebooks", f));
  console.log(`\nnpm run execute -- ${notebooks.length} notebooks`);
  const start = performance.now();
  const run = spawnSync("npm", ["run", "--silent", "execute", "--", ...notebooks], { cwd: root, stdio: "inherit" });
  console.log(`all notebooks: ${((performance.now() - start) / 1000).toFixed(1)} s (exit code ${run.status})`);
}

main();

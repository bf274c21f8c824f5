/**
 * The playground's Web Worker: trains the course's own character model (src/, bundled for the browser
 * by esbuild, WebAssembly fast path included) on the reader's text and reports to the page.
 * This is the only file of the site that imports the library.
 *
 * Messages in:  { type: "train", text, kind, hiddenSize, seqLength, learningRate } | { type: "stop" }
 * Messages out: { type: "ready", kinds, defaultText, simd } | { type: "started", vocabularySize, lines }
 *               { type: "progress", step, loss, steps, seconds }   (loss: per character, mean over the batch)
 *               { type: "sample", step, text } | { type: "error", message }
 */
import * as unrolled from "../../../src/index";
import { simdKernels } from "../../../src/fast/wasm/simd-kernels";

/** The cell kinds the library offers: the page's select lists these. */
const kinds: readonly string[] = unrolled.CELL_KINDS;

interface TrainRequest {
  type: "train";
  text: string;
  kind: string;
  hiddenSize: number;
  seqLength: number;
  learningRate: number;
}

const BATCH_MS = 100; // report about ten times a second
const SAMPLE_MS = 1500;

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: TrainRequest | { type: "stop" } }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

let run = 0; // each "train" starts a new run; an older run's loop stops at its next batch

function train(request: TrainRequest): void {
  const current = ++run;
  const lines = request.text.split("\n").filter((line) => line.trim().length > 0);
  if (!kinds.includes(request.kind)) throw new RangeError(`Unknown cell "${request.kind}": choose one of ${kinds.join(", ")}.`);
  const model = new unrolled.CharModel(lines, {
    kind: request.kind as unrolled.CellKind,
    hiddenSize: request.hiddenSize,
    seqLength: request.seqLength,
    learningRate: request.learningRate,
    seed: 1,
  });
  const started = performance.now();
  let lastSample = -Infinity;
  const batch = () => {
    if (current !== run) return;
    try {
      const until = performance.now() + BATCH_MS;
      let sum = 0;
      let steps = 0;
      while (performance.now() < until) {
        sum += model.trainStep().loss;
        steps += 1;
      }
      const now = performance.now();
      scope.postMessage({ type: "progress", step: model.step, loss: sum / steps / model.seqLength, steps, seconds: (now - started) / 1000 });
      if (now - lastSample > SAMPLE_MS) {
        lastSample = now;
        scope.postMessage({ type: "sample", step: model.step, text: model.sample({ temperature: 0.7, seed: model.step, maxLength: 120 }) });
      }
      setTimeout(batch, 0); // lets a "stop" or a new "train" in
    } catch (error) {
      scope.postMessage({ type: "error", message: (error as Error).message });
    }
  };
  scope.postMessage({ type: "started", vocabularySize: model.vocab.size, lines: lines.length });
  setTimeout(batch, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "stop") run += 1;
  else {
    try {
      train(message);
    } catch (error) {
      scope.postMessage({ type: "error", message: (error as Error).message });
    }
  }
};

scope.postMessage({ type: "ready", kinds, defaultText: unrolled.sonnetLines().join("\n"), simd: simdKernels() !== undefined });

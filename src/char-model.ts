/**
 * A character-level language model (min-char-rnn's training loop, with a history to plot): the lines of
 * a text become one stream `<SOS> line <EOS> <SOS> line <EOS> ...`; each step takes the next `seqLength`
 * characters, predicts each following character, backpropagates through time, clips and updates.
 * The hidden state is carried from one chunk to the next, as in min-char-rnn.
 *
 * @example
 *   const model = new CharModel(sonnetLines(), { hiddenSize: 64, seed: 1 });
 *   model.train(300);                                        // history.loss grows by 300 entries
 *   model.sample({ temperature: 0.5, seed: 7 });             // one generated line, stops at <EOS>
 */
import type { Matrix } from "mathjs";
import { cellForward, cellOutput } from "./cell";
import { CharVocabulary } from "./char-vocabulary";
import { clipByNorm, clipByValue, globalNorm } from "./clipping";
import { lossAndGradientsFast } from "./fast";
import { findNonFinite } from "./finite";
import { adagrad, type Optimizer } from "./optimizers";
import { initParams, PARAM_NAMES, zeroGradients, type RnnGradients, type RnnParams } from "./params";
import { createRng, zerosMatrix, type Rng } from "./random";
import { oneHotColumn } from "./sequence";
import { rowsOf } from "./shapes";

export interface CharModelOptions {
  hiddenSize?: number; // H, 64 by default
  seqLength?: number; // T, characters per training step, 25 by default
  learningRate?: number; // 0.1 by default (Adagrad)
  optimizer?: Optimizer; // Adagrad by default
  clip?: { value?: number; norm?: number }; // { value: 5 } by default, as in min-char-rnn
  seed?: number; // weights' seed, 1 by default
}

export interface TrainingHistory {
  loss: number[]; // summed cross-entropy of each step's chunk
  smoothLoss: number[]; // min-char-rnn's running average: 0.999·old + 0.001·new
  lossPerTimeStep: number[][]; // L_t of each step, t = 0..T-1
  gradNorms: { [name: string]: number[] }; // |dWxh|, |dWhh|, ... of each step, before clipping
  dhNorms: number[][]; // |dL/dh_t| of each step, t = 0..T-1
}

export interface StepRecord {
  step: number;
  loss: number;
  smoothLoss: number;
}

export interface SampleOptions {
  maxLength?: number; // stop after this many characters if <EOS> has not come, 200 by default
  temperature?: number; // divides the scores before softmax: < 1 safer, > 1 wilder
  seed?: number;
  prime?: string; // characters fed before sampling starts
}

export class CharModel {
  readonly vocab: CharVocabulary;
  readonly params: RnnParams;
  readonly history: TrainingHistory;
  readonly hiddenSize: number;
  readonly seqLength: number;
  readonly optimizer: Optimizer;
  readonly clip: { value?: number; norm?: number };
  readonly stream: number[]; // the whole text as ids
  step = 0;
  private position = 0;
  private hPrev: Matrix;
  private readonly grads: RnnGradients;

  constructor(lines: string[], options: CharModelOptions = {}) {
    if (lines.length === 0) throw new RangeError("CharModel needs at least one line of text.");
    this.vocab = CharVocabulary.fromLines(lines);
    this.hiddenSize = options.hiddenSize ?? 64;
    this.seqLength = options.seqLength ?? 25;
    this.optimizer = options.optimizer ?? adagrad(options.learningRate ?? 0.1);
    this.clip = options.clip ?? { value: 5 };
    this.stream = lines.flatMap((line) => this.vocab.encodeLine(line));
    if (this.stream.length < this.seqLength + 1) {
      throw new RangeError(`The text has ${this.stream.length} tokens but one step needs seqLength + 1 = ${this.seqLength + 1}.`);
    }
    this.params = initParams(this.vocab.size, this.hiddenSize, createRng(options.seed ?? 1));
    this.grads = zeroGradients(this.params);
    this.hPrev = zerosMatrix(this.hiddenSize, 1);
    const gradNorms: { [name: string]: number[] } = {};
    for (const name of PARAM_NAMES) gradNorms[name] = [];
    this.history = { loss: [], smoothLoss: [], lossPerTimeStep: [], gradNorms, dhNorms: [] };
  }

  /** Runs `steps` training steps; `onStep` hears about each one (for progress displays). */
  train(steps: number, onStep?: (record: StepRecord) => void): TrainingHistory {
    for (let s = 0; s < steps; s++) {
      const record = this.trainStep();
      if (onStep) onStep(record);
    }
    return this.history;
  }

  /** One step: the next chunk, forward, BPTT, clip, update; stops with an error on NaN or Infinity. */
  trainStep(): StepRecord {
    const T = this.seqLength;
    if (this.position + T + 1 > this.stream.length) {
      this.position = 0; // back to the start of the text, with a fresh hidden state
      this.hPrev = zerosMatrix(this.hiddenSize, 1);
    }
    const inputs = this.stream.slice(this.position, this.position + T);
    const targets = this.stream.slice(this.position + 1, this.position + T + 1);
    const details = { perStepLoss: new Array<number>(T), dhNorms: new Array<number>(T) };
    this.step += 1;
    const result = lossAndGradientsFast(this.params, inputs, targets, this.hPrev, this.grads, details);
    if (!Number.isFinite(result.loss)) this.stop(`the loss is ${result.loss}`);
    const h = this.history;
    for (const name of PARAM_NAMES) h.gradNorms[name].push(globalNorm({ g: this.grads[("d" + name) as keyof RnnGradients] }));
    if (this.clip.value !== undefined) clipByValue(this.grads, this.clip.value);
    if (this.clip.norm !== undefined) clipByNorm(this.grads, this.clip.norm);
    this.optimizer.step(this.params, this.grads);
    if (findNonFinite(this.params)) this.stop(`the update made a parameter non-finite (loss ${result.loss})`);
    const previous = h.smoothLoss.length > 0 ? h.smoothLoss[h.smoothLoss.length - 1] : -Math.log(1 / this.vocab.size) * T;
    h.loss.push(result.loss);
    h.smoothLoss.push(0.999 * previous + 0.001 * result.loss);
    h.lossPerTimeStep.push(details.perStepLoss);
    h.dhNorms.push(details.dhNorms);
    this.hPrev = result.hLast;
    this.position += T;
    return { step: this.step, loss: result.loss, smoothLoss: h.smoothLoss[h.smoothLoss.length - 1] };
  }

  private stop(reason: string): never {
    const bad = findNonFinite(this.params);
    const where = bad
      ? `parameter ${bad.name} is ${bad.value} at (${bad.row}, ${bad.col})`
      : "every parameter is finite: the scores overflowed (try a smaller learning rate or clipping)";
    throw new Error(`Training stopped at step ${this.step}: ${reason}; ${where}.`);
  }

  /**
   * Mean cross-entropy per predicted token (nats) on `lines` the model may never have seen, each line read
   * from <SOS> with h = 0, as `sample` starts: predicting its characters and its <EOS>. e^loss is the
   * perplexity; a uniform guess gives log V.
   */
  lossPerCharacter(lines: string[]): number {
    const grads = zeroGradients(this.params); // scratch: only the loss is kept
    let total = 0, count = 0;
    for (const line of lines) {
      const ids = this.vocab.encodeLine(line);
      total += lossAndGradientsFast(this.params, ids.slice(0, -1), ids.slice(1), zerosMatrix(this.hiddenSize, 1), grads).loss;
      count += ids.length - 1;
    }
    if (count === 0) throw new RangeError("lossPerCharacter needs at least one line.");
    return total / count;
  }

  /** Generates one line: starts from <SOS> (and `prime`), draws characters until <EOS> or maxLength. */
  sample(options: SampleOptions = {}): string {
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
    const rng: Rng = createRng(options.seed ?? 0);
    const V = this.vocab.size;
    let h = zerosMatrix(this.hiddenSize, 1); // (H, 1): a new line starts from zeros
    const primeIds = Array.from(options.prime ?? "", (ch) => this.vocab.id(ch));
    let x = this.vocab.sosId;
    for (const id of primeIds) {
      h = cellForward(this.params, oneHotColumn(x, V), h);
      x = id;
    }
    const out: number[] = primeIds.slice();
    for (let n = 0; n < (options.maxLength ?? 200); n++) {
      h = cellForward(this.params, oneHotColumn(x, V), h); // (H, 1)
      const scores = rowsOf(cellOutput(this.params, h)).map((row) => row[0]); // V scores
      x = drawFrom(temperatureProbabilities(scores, temperature, [this.vocab.sosId, this.vocab.unkId]), rng);
      if (x === this.vocab.eosId) break;
      out.push(x);
    }
    return this.vocab.decode(out);
  }
}

/**
 * Sampling's distribution: softmax(y / τ), with the ids in `never` (<SOS> and <UNK>: neither can stand inside
 * a line) at probability 0 and the rest renormalised; the largest score is subtracted first.
 *
 * @example
 *   temperatureProbabilities([0, Math.log(3)], 1);      // [0.25, 0.75]
 *   temperatureProbabilities([0, Math.log(3)], 2);      // [0.366…, 0.634…]: flatter above τ = 1
 *   temperatureProbabilities([5, 0, 0], 1, [0]);        // [0, 0.5, 0.5]
 */
export function temperatureProbabilities(scores: readonly number[], temperature = 1, never: readonly number[] = []): number[] {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
  const kept = scores.map((_, k) => !never.includes(k));
  if (!kept.some(Boolean)) throw new RangeError("Every token is excluded from sampling: nothing left to draw.");
  const top = Math.max(...scores.filter((_, k) => kept[k]));
  const e = scores.map((y, k) => (kept[k] ? Math.exp((y - top) / temperature) : 0));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** An index drawn with probability p[i]. */
export function drawFrom(p: number[], rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < p.length; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

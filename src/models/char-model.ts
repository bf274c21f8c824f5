/**
 * A character-level language model (min-char-rnn's training loop, with a history to plot): the lines of
 * a text become one stream `<SOS> line <EOS> <SOS> line <EOS> ...`; each step takes the next `seqLength`
 * characters, predicts each following character, backpropagates through time, and makes one update of the
 * course's training loop (`updateStep`: clip, optimizer, NaN stop). The hidden state is carried from one
 * chunk to the next, as in min-char-rnn.
 *
 * @example
 *   const model = new CharModel(sonnetLines(), { hiddenSize: 64, seed: 1 });
 *   model.train(300);                                        // history.loss grows by 300 entries
 *   model.sample({ temperature: 0.5, seed: 7 });             // one generated line, stops at <EOS>
 */
import type { Matrix } from "mathjs";
import { rowsOf, zerosMatrix } from "../matrix";
import { createRng } from "../random";
import { cellForward, cellOutput } from "../rnn/cell";
import { lossAndGradientsFast } from "../fast";
import { initParams, zeroGradients, type RnnGradients, type RnnParams } from "../rnn/params";
import { oneHot } from "../text/one-hot";
import { EOS_ID, PAD_ID, SOS_ID, UNK_ID } from "../text/special-tokens";
import { Vocabulary } from "../text/vocabulary";
import { adagrad, type Optimizer } from "../training/optimizers";
import { updateStep, type ClipOptions } from "../training/train";
import { drawFrom, temperatureProbabilities } from "./sampling";

export interface CharModelOptions {
  hiddenSize?: number; // H, 64 by default
  seqLength?: number; // T, characters per training step, 25 by default
  learningRate?: number; // 0.1 by default (Adagrad)
  optimizer?: Optimizer; // Adagrad by default
  clip?: ClipOptions; // { value: 5 } by default, as in min-char-rnn
  seed?: number; // weights' seed, 1 by default
}

export interface TrainingHistory {
  loss: number[]; // summed cross-entropy of each step's chunk
  smoothLoss: number[]; // min-char-rnn's running average: 0.999·old + 0.001·new
  lossPerTimeStep: number[][]; // L_t of each step, t = 1..T at index t - 1
  gradNorms: { [name: string]: number[] }; // |dWxh|, |dWhh|, ... of each step, before clipping
  dhNorms: number[][]; // |dL/dh_t| of each step, t = 1..T at index t - 1
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

/** Tokens a sample never contains: it draws characters and `<EOS>` only. */
const NEVER_SAMPLED = [PAD_ID, SOS_ID, UNK_ID];

export class CharModel {
  readonly vocab: Vocabulary;
  readonly params: RnnParams;
  readonly history: TrainingHistory;
  readonly hiddenSize: number;
  readonly seqLength: number;
  readonly optimizer: Optimizer;
  readonly clip: ClipOptions;
  readonly stream: number[]; // the whole text as ids
  step = 0;
  private position = 0;
  private hPrev: Matrix;
  private readonly grads: RnnGradients;

  constructor(lines: string[], options: CharModelOptions = {}) {
    if (lines.length === 0) throw new RangeError("CharModel needs at least one line of text.");
    this.vocab = Vocabulary.fromCharacters(lines);
    this.hiddenSize = options.hiddenSize ?? 64;
    this.seqLength = options.seqLength ?? 25;
    this.optimizer = options.optimizer ?? adagrad(options.learningRate ?? 0.1);
    this.clip = options.clip ?? { value: 5 };
    this.stream = lines.flatMap((line) => this.vocab.encode(Array.from(line), { addSosEos: true }));
    if (this.stream.length < this.seqLength + 1) {
      throw new RangeError(`The text has ${this.stream.length} tokens but one step needs seqLength + 1 = ${this.seqLength + 1}.`);
    }
    this.params = initParams(this.vocab.size, this.hiddenSize, createRng(options.seed ?? 1));
    this.grads = zeroGradients(this.params);
    this.hPrev = zerosMatrix(this.hiddenSize, 1);
    const gradNorms: { [name: string]: number[] } = {};
    for (const name of Object.keys(this.params)) gradNorms[name] = [];
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

  /** One step: the next chunk, forward, BPTT, one update; stops with an error on NaN or Infinity. */
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
    const update = updateStep(this.params, this.grads, result.loss, this.step, { optimizer: this.optimizer, clip: this.clip });
    const h = this.history;
    for (const name of Object.keys(update.gradNorms)) h.gradNorms[name].push(update.gradNorms[name]);
    const previous = h.smoothLoss.length > 0 ? h.smoothLoss[h.smoothLoss.length - 1] : -Math.log(1 / this.vocab.size) * T;
    h.loss.push(result.loss);
    h.smoothLoss.push(0.999 * previous + 0.001 * result.loss);
    h.lossPerTimeStep.push(details.perStepLoss);
    h.dhNorms.push(details.dhNorms);
    this.hPrev = result.hLast;
    this.position += T;
    return { step: this.step, loss: result.loss, smoothLoss: h.smoothLoss[h.smoothLoss.length - 1] };
  }

  /**
   * Generates one line: starts from h = 0 at <SOS> (and `prime`), draws characters until <EOS> or maxLength.
   * It never draws <PAD>, <SOS> or <UNK>. (Training carries h across lines; a sample starts a new line from zeros.)
   */
  sample(options: SampleOptions = {}): string {
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
    const rng = createRng(options.seed ?? 0);
    const V = this.vocab.size;
    let h = zerosMatrix(this.hiddenSize, 1); // (H, 1): a new line starts from zeros
    const primeIds = this.vocab.encode(Array.from(options.prime ?? ""));
    let x = SOS_ID;
    for (const id of primeIds) {
      h = cellForward(this.params, oneHot(x, V), h);
      x = id;
    }
    const out: number[] = primeIds.slice();
    for (let n = 0; n < (options.maxLength ?? 200); n++) {
      h = cellForward(this.params, oneHot(x, V), h); // (H, 1)
      const scores = rowsOf(cellOutput(this.params, h)).map((row) => row[0]); // (V)
      x = drawFrom(temperatureProbabilities(scores, temperature, NEVER_SAMPLED), rng);
      if (x === EOS_ID) break;
      out.push(x);
    }
    return this.vocab.decode(out).join("");
  }
}

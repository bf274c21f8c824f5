/**
 * A character-level language model (min-char-rnn's training loop, with a history to plot): the lines of
 * a text become one stream `<SOS> line <EOS> <SOS> line <EOS> ...`, cut into `batchSize` equal parts read
 * side by side (B parallel streams, a minibatch of B sequences per step). Each step takes the next
 * `seqLength` characters of every stream, predicts each following character, backpropagates through time
 * (the fast layer, any cell kind), and makes one update of the course's training loop (`trainingStep`: clip,
 * optimizer, NaN stop). The hidden state of each stream is carried from one chunk to the next, as in
 * min-char-rnn; at the end of the parts every stream starts again from the beginning of its part, with zeros.
 *
 * @example
 *   const model = new CharModel(sonnetLines(), { hiddenSize: 64, seed: 1 });
 *   model.train(300);                                        // history.loss grows by 300 entries
 *   model.sample({ temperature: 0.5, seed: 7 });             // one generated line, stops at <EOS>
 *   new CharModel(sonnetLines(), { kind: "lstm", batchSize: 8 });   // 8 streams, an LSTM
 */
import type { Matrix } from "mathjs";
import { recurrentLossAndGradients, type CellKind } from "../fast/layer";
import { fromRows, rowsOf, type MatrixSet } from "../matrix";
import { createRng } from "../random";
import { padSequences } from "../text/padding";
import { EOS_ID, SOS_ID } from "../text/special-tokens";
import { Vocabulary } from "../text/vocabulary";
import { adagrad, type Optimizer } from "../training/optimizers";
import { trainingStep, type ClipOptions } from "../training/train";
import { initModelParams, layerStep, zeroModelGradients, type RecurrentState } from "./model-params";
import { outputScores } from "./output-head";
import { drawFrom, temperatureProbabilities, UNSAMPLED_IDS } from "./sampling";

export interface CharModelOptions {
  kind?: CellKind; // the recurrent cell, "rnn" by default (min-char-rnn's)
  hiddenSize?: number; // H, 64 by default
  seqLength?: number; // T, characters per stream and training step, 25 by default
  batchSize?: number; // B, streams read side by side, 1 by default (min-char-rnn)
  learningRate?: number; // 0.1 by default (Adagrad)
  optimizer?: Optimizer; // Adagrad by default
  clip?: ClipOptions; // { value: 5 } by default, as in min-char-rnn
  seed?: number; // weights' seed, 1 by default
  scale?: number; // the weights' standard deviation, 0.01 by default (min-char-rnn)
}

export interface TrainingHistory {
  loss: number[]; // summed cross-entropy of each step's chunk of T characters, averaged over the B streams
  lossPerTimeStep: number[][]; // L_t of each step, t = 1..T at index t - 1, averaged over the streams
  gradNorms: { [name: string]: number[] }; // |dWxh|, |dWhh|, ... of each step, before clipping
  dhNorms: number[][]; // |dL/dh_t| of each step (over the batch), t = 0..T
}

export interface StepRecord {
  step: number;
  loss: number; // this step's chunk: summed over its T characters, averaged over the B streams
  lossPerCharacter: number; // loss / T, in nats: log V for a uniform guess, e^it the perplexity
}

export interface SampleOptions {
  maxLength?: number; // stop after this many characters if <EOS> has not come, 200 by default
  temperature?: number; // divides the scores before softmax: < 1 safer, > 1 wilder
  seed?: number;
  prime?: string; // characters fed before sampling starts
}

/** A trained model's weights as plain numbers, to save as JSON and load into a `CharModel` of the same text. */
export interface CharModelWeights {
  kind: CellKind;
  hiddenSize: number;
  tokens: string[]; // the vocabulary, in id order: a checkpoint only fits a model built from the same text
  params: { [name: string]: number[][] };
}

export class CharModel {
  readonly kind: CellKind;
  readonly vocab: Vocabulary;
  readonly params: MatrixSet;
  readonly history: TrainingHistory;
  readonly hiddenSize: number;
  readonly seqLength: number;
  readonly batchSize: number;
  readonly optimizer: Optimizer;
  readonly clip: ClipOptions;
  readonly stream: number[]; // the whole text as ids
  step = 0;
  private position = 0; // in every stream's part
  private readonly partLength: number;
  private state: RecurrentState = {}; // (H, B) carried from chunk to chunk; zeros at the start
  private readonly grads: MatrixSet;

  constructor(lines: string[], options: CharModelOptions = {}) {
    if (lines.length === 0) throw new RangeError("CharModel needs at least one line of text.");
    this.kind = options.kind ?? "rnn";
    this.vocab = Vocabulary.fromCharacters(lines);
    this.hiddenSize = options.hiddenSize ?? 64;
    this.seqLength = options.seqLength ?? 25;
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a whole number >= 1, got ${this.batchSize}.`);
    this.optimizer = options.optimizer ?? adagrad(options.learningRate ?? 0.1);
    this.clip = options.clip ?? { value: 5 };
    this.stream = lines.flatMap((line) => this.vocab.encode(Array.from(line), { addSosEos: true }));
    this.partLength = Math.floor(this.stream.length / this.batchSize);
    if (this.partLength < this.seqLength + 1) {
      throw new RangeError(
        `The text has ${this.stream.length} tokens: ${this.batchSize} streams of ${this.partLength}, but one step needs seqLength + 1 = ${this.seqLength + 1} per stream.`,
      );
    }
    const V = this.vocab.size;
    this.params = initModelParams(this.kind, V, this.hiddenSize, V, createRng(options.seed ?? 1), options.scale ?? 0.01);
    this.grads = zeroModelGradients(this.params);
    const gradNorms: { [name: string]: number[] } = {};
    for (const name of Object.keys(this.params)) gradNorms[name] = [];
    this.history = { loss: [], lossPerTimeStep: [], gradNorms, dhNorms: [] };
  }

  /** Runs `steps` training steps; `onStep` hears about each one (for progress displays). */
  train(steps: number, onStep?: (record: StepRecord) => void): TrainingHistory {
    for (let s = 0; s < steps; s++) {
      const record = this.trainStep();
      if (onStep) onStep(record);
    }
    return this.history;
  }

  /** One step: the next chunk of every stream, forward, BPTT, one update; stops with an error on NaN or Infinity. */
  trainStep(): StepRecord {
    const T = this.seqLength, B = this.batchSize;
    if (this.position + T + 1 > this.partLength) {
      this.position = 0; // back to the start of every part, with a fresh hidden state
      this.state = {};
    }
    const starts = Array.from({ length: B }, (_, b) => b * this.partLength + this.position);
    const inputs = starts.map((s) => this.stream.slice(s, s + T)); // (B, T)
    const targets = starts.map((s) => this.stream.slice(s + 1, s + T + 1)); // (B, T)
    this.step += 1;
    const { result, record: update } = trainingStep(this.params, this.step, { optimizer: this.optimizer, clip: this.clip }, () =>
      recurrentLossAndGradients(this.kind, this.params, { inputs, targets }, { ...this.state, grads: this.grads }),
    );
    const h = this.history;
    for (const name of Object.keys(update.gradNorms)) h.gradNorms[name].push(update.gradNorms[name]);
    const loss = result.loss / B; // per stream
    h.loss.push(loss);
    h.lossPerTimeStep.push(Array.from({ length: T }, (_, t) => result.perStepLoss.reduce((sum, row) => sum + row[t], 0) / B));
    h.dhNorms.push(result.dhNorms);
    this.state = { h0: result.hLast, c0: result.cLast };
    this.position += T;
    return { step: this.step, loss, lossPerCharacter: loss / T };
  }

  /**
   * Mean cross-entropy per predicted token (nats) on `lines`, each read from <SOS> with h = 0, as `sample`
   * starts: predicting its characters and its <EOS>. e^loss is the perplexity; a uniform guess gives log V.
   * All lines go through the fast layer in one padded, masked batch.
   *
   * @example
   *   model.lossPerCharacter(["Shall I compare thee"]);   // ≈ log V = 4.2 untrained
   */
  lossPerCharacter(lines: readonly string[]): number {
    if (lines.length === 0) throw new RangeError("lossPerCharacter needs at least one line.");
    const encoded = lines.map((line) => this.vocab.encode(Array.from(line), { addSosEos: true }));
    const inputs = padSequences(encoded.map((ids) => ids.slice(0, -1)));
    const targets = padSequences(encoded.map((ids) => ids.slice(1)));
    const { loss } = recurrentLossAndGradients(this.kind, this.params, { inputs: inputs.ids, targets: targets.ids, mask: targets.mask });
    const count = encoded.reduce((sum, ids) => sum + ids.length - 1, 0);
    return loss / count;
  }

  /** The weights as plain numbers, each rounded to `digits` significant digits (for a checkpoint small enough to commit). */
  weights(digits = 17): CharModelWeights {
    const params: { [name: string]: number[][] } = {};
    for (const [name, value] of Object.entries(this.params)) {
      params[name] = rowsOf(value).map((row) => row.map((w) => (digits >= 17 ? w : Number(w.toPrecision(digits)))));
    }
    return { kind: this.kind, hiddenSize: this.hiddenSize, tokens: this.vocab.tokens.slice(), params };
  }

  /** Replaces the weights with a checkpoint's; the checkpoint must come from a model of the same kind, H and vocabulary. */
  loadWeights(weights: CharModelWeights): this {
    const mine = this.vocab.tokens;
    if (weights.kind !== this.kind || weights.hiddenSize !== this.hiddenSize) {
      throw new Error(`The checkpoint is a ${weights.kind} with H = ${weights.hiddenSize}; this model is a ${this.kind} with H = ${this.hiddenSize}.`);
    }
    if (weights.tokens.length !== mine.length || weights.tokens.some((token, i) => token !== mine[i])) {
      throw new Error(`The checkpoint's vocabulary (${weights.tokens.length} tokens) is not this model's (${mine.length}): build the model from the same text.`);
    }
    for (const name of Object.keys(this.params)) {
      const rows = weights.params[name];
      const want = this.params[name].size();
      if (!rows || rows.length !== want[0] || rows[0].length !== want[1]) {
        throw new Error(`The checkpoint's ${name} is ${rows ? `(${rows.length}, ${rows[0].length})` : "missing"}; this model's is (${want[0]}, ${want[1]}).`);
      }
      this.params[name] = fromRows(rows);
    }
    return this;
  }

  /**
   * Generates one line: starts from h = 0 at <SOS> (and `prime`), draws characters until <EOS> or maxLength.
   * It never draws <PAD>, <SOS> or <UNK>. (Training carries h across lines; a sample starts a new line from zeros.)
   */
  sample(options: SampleOptions = {}): string {
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
    const rng = createRng(options.seed ?? 0);
    const primeIds = this.vocab.encode(Array.from(options.prime ?? ""));
    let state: RecurrentState = {}; // a new line starts from zeros
    let x = SOS_ID;
    for (const id of primeIds) {
      state = layerStep(this.kind, this.params, [x], state);
      x = id;
    }
    const out: number[] = primeIds.slice();
    for (let n = 0; n < (options.maxLength ?? 200); n++) {
      state = layerStep(this.kind, this.params, [x], state);
      const [scores] = outputScores(this.params, state.h0 as Matrix); // (V)
      x = drawFrom(temperatureProbabilities(scores, temperature, UNSAMPLED_IDS), rng);
      if (x === EOS_ID) break;
      out.push(x);
    }
    return this.vocab.decode(out).join("");
  }
}

/**
 * One to many: a sequence from a start. Trained like a language model on `<SOS> a b c` → `a b c <EOS>`;
 * generating feeds each drawn token back in until `<EOS>`. The start is the `<SOS>` token, and optionally a
 * conditioning state h_0 (and c_0 for an LSTM): an encoder–decoder passes its encoder's last state here.
 * A batch pads its sequences at the end; `<PAD>` targets are masked out of the loss.
 *
 * @example
 *   const generator = new Generator(letters, { hiddenSize: 32, seed: 1 });
 *   trainModel(generator, DOG_NAMES.map((name) => generator.example(Array.from(name))), { epochs: 16, optimizer: adam(0.01), seed: 1 });
 *   generator.generate({ seed: 3, temperature: 0.6 }).join("");   // "Rex"
 */
import type { Matrix } from "mathjs";
import { layerBackward, layerForward, type CellKind } from "../fast/layer";
import type { MatrixSet } from "../matrix";
import { createRng } from "../random";
import { padSequences } from "../text/padding";
import { EOS_ID, PAD_ID, SOS_ID } from "../text/special-tokens";
import type { Vocabulary } from "../text/vocabulary";
import { resetGradients } from "./gradient-buffers";
import { cellParams, hiddenSizeOf, initModelParams, layerStep, zeroModelGradients, type ModelOptions, type RecurrentState } from "./model-params";
import { outputBackward, outputProbabilities, outputScores } from "./output-head";
import { argmax, drawFrom, temperatureProbabilities, UNSAMPLED_IDS } from "./sampling";

export interface GeneratorExample {
  inputs: number[]; // <SOS> then the tokens
  targets: number[]; // the tokens then <EOS>; <PAD> targets are masked out of the loss
}

export interface GeneratorLoss {
  loss: number;
  grads: MatrixSet;
  dh0: Matrix; // (H, B) dL/dh_0, for whatever produced the conditioning state
  dc0?: Matrix; // (H, B) dL/dc_0 (lstm)
}

export interface GenerateOptions {
  maxLength?: number; // at most this many tokens (20 by default), must be >= 1
  seed?: number; // drawing seed; without it the most probable token is taken (greedy)
  temperature?: number; // divides the scores before softmax: < 1 safer, > 1 wilder
  start?: RecurrentState; // the conditioning state, (H, 1) (zeros by default)
}

export class Generator {
  readonly kind: CellKind;
  readonly params: MatrixSet;
  private readonly grads: MatrixSet; // reused by every call (see gradient-buffers.ts)

  constructor(readonly vocabulary: Vocabulary, options: ModelOptions = {}) {
    this.kind = options.kind ?? "rnn";
    const V = vocabulary.size;
    this.params = initModelParams(this.kind, V, options.hiddenSize ?? 16, V, createRng(options.seed ?? 1), options.scale, options);
    this.grads = zeroModelGradients(this.params);
  }

  get hiddenSize(): number {
    return hiddenSizeOf(this.kind, this.params);
  }

  /** Teacher forcing: the input at step t is the true token t - 1. */
  example(tokens: string[]): GeneratorExample {
    const ids = this.vocabulary.encode(tokens);
    return { inputs: [SOS_ID, ...ids], targets: [...ids, EOS_ID] };
  }

  /** Summed cross-entropy over the unmasked steps of one example or a batch, every gradient, and dL/dh_0 (and dL/dc_0). */
  lossAndGradients(examples: GeneratorExample | GeneratorExample[], start: RecurrentState = {}): GeneratorLoss {
    const batch = Array.isArray(examples) ? examples : [examples];
    for (const { inputs, targets } of batch) {
      if (inputs.length !== targets.length) throw new RangeError(`Got ${inputs.length} inputs but ${targets.length} targets: one target per step.`);
      if (inputs.length === 0) throw new RangeError("A generator example needs at least one step (<SOS> → <EOS>), got none.");
    }
    const inputs = padSequences(batch.map((e) => e.inputs)).ids;
    const targets = padSequences(batch.map((e) => e.targets)).ids; // padded with <PAD>: masked below
    const pass = layerForward(this.kind, cellParams(this.kind, this.params), inputs, start);
    const grads = resetGradients(this.grads);
    let loss = 0;
    const dhOut = Array.from({ length: pass.T }, (_, s) => {
      const step = outputBackward(this.params, pass.state(s + 1), targets.map((row) => (row[s] === PAD_ID ? null : row[s])), grads);
      loss += step.loss;
      return step.dh;
    });
    const { dh0, dc0 } = layerBackward(pass, dhOut, grads);
    return { loss, grads, dh0, dc0 };
  }

  /** Tokens from <SOS> (and the start state), each fed back in, until <EOS> or maxLength tokens; never <PAD>, <SOS> or <UNK>. */
  generate(options: GenerateOptions = {}): string[] {
    const maxLength = options.maxLength ?? 20, temperature = options.temperature ?? 1;
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`maxLength must be a whole number >= 1 (the decoder has to produce at least one token), got ${maxLength}.`);
    if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
    const rng = options.seed === undefined ? null : createRng(options.seed);
    const out: number[] = [];
    let state: RecurrentState = options.start ?? {}, x = SOS_ID;
    while (out.length < maxLength) {
      state = layerStep(this.kind, this.params, [x], state);
      const [scores] = outputScores(this.params, state.h0!);
      x = rng ? drawFrom(temperatureProbabilities(scores, temperature, UNSAMPLED_IDS), rng) : argmax(scores);
      if (x === EOS_ID) break;
      out.push(x);
    }
    return this.vocabulary.decode(out);
  }

  /** The fraction of steps where the most probable next token is the true one (teacher forcing). */
  accuracy(examples: GeneratorExample[]): number {
    if (examples.length === 0) return 0;
    const inputs = padSequences(examples.map((e) => e.inputs)).ids;
    const targets = padSequences(examples.map((e) => e.targets)).ids;
    const pass = layerForward(this.kind, cellParams(this.kind, this.params), inputs);
    let right = 0, total = 0;
    for (let s = 0; s < pass.T; s++) {
      outputProbabilities(this.params, pass.state(s + 1)).forEach((p, b) => {
        if (targets[b][s] === PAD_ID) return;
        total += 1;
        if (argmax(p) === targets[b][s]) right += 1;
      });
    }
    return total === 0 ? 0 : right / total;
  }
}

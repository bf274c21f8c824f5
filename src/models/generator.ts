/**
 * One to many: a sequence from a start. Trained like a language model on `<SOS> a b c` → `a b c <EOS>`;
 * generating feeds each drawn token back in until `<EOS>`. The start is the `<SOS>` token, and optionally a
 * conditioning vector given as the first hidden state h_0 (an encoder–decoder passes its encoder's last
 * state here).
 *
 * @example
 *   const generator = new Generator(letters, { hiddenSize: 32, seed: 1 });
 *   trainModel(generator, DOG_NAMES.map((name) => generator.example(Array.from(name))), { epochs: 16, optimizer: adam(0.01), seed: 1 });
 *   generator.generate({ seed: 3, temperature: 0.6 }).join("");   // "Rex"
 */
import type { MatrixSet } from "../training/clipping";
import { drawFrom } from "./char-model";
import { createRng } from "../random";
import { EOS_ID, PAD_ID, SOS_ID } from "../text/special-tokens";
import type { Vocabulary } from "../text/vocabulary";
import type { ModelOptions, SequenceModelParams } from "./model-params";
import { argmax, initOutput, outputBackward, outputProbabilities, zeroOutputGradients, type OutputGradients } from "./output-layer";
import { resetGradients } from "./gradient-buffers";
import { initRecurrent, recurrentBackward, recurrentForward, zeroRecurrentGradients, type RecurrentGradients } from "./recurrent-layer";

export interface GeneratorExample {
  inputs: number[]; // <SOS> then the tokens
  targets: number[]; // the tokens then <EOS>; <PAD> targets are masked out of the loss
}

export interface GeneratorLoss {
  loss: number;
  grads: MatrixSet;
  dh0: number[]; // dL/dh_0, for whatever produced the conditioning vector
}

export interface GenerateOptions {
  maxLength?: number; // at most this many tokens (20 by default), must be >= 1
  seed?: number; // drawing seed; without it the most probable token is taken (greedy)
  temperature?: number; // divides the log-probabilities: < 1 safer, > 1 wilder
  h0?: number[]; // the conditioning vector (zeros by default)
}

export class Generator {
  readonly params: SequenceModelParams;
  private readonly rec: RecurrentGradients; // reused by every call (see gradient-buffers.ts)
  private readonly out: OutputGradients;

  constructor(readonly vocabulary: Vocabulary, options: ModelOptions = {}) {
    const H = options.hiddenSize ?? 16, V = vocabulary.size, rng = createRng(options.seed ?? 1);
    this.params = { ...initRecurrent(V, H, rng, options.scale), ...initOutput(V, H, rng, options.scale) };
    this.rec = zeroRecurrentGradients(H, vocabulary.size);
    this.out = zeroOutputGradients(V, H);
  }

  get hiddenSize(): number {
    return this.params.Whh.size()[0];
  }

  /** Teacher forcing: the input at step t is the true token t - 1. */
  example(tokens: string[]): GeneratorExample {
    const ids = this.vocabulary.encode(tokens);
    return { inputs: [SOS_ID, ...ids], targets: [...ids, EOS_ID] };
  }

  /** Summed cross-entropy over the unmasked steps, every gradient, and dL/dh_0. */
  lossAndGradients(example: GeneratorExample, h0?: number[]): GeneratorLoss {
    const { inputs, targets } = example;
    if (inputs.length !== targets.length) throw new RangeError(`Got ${inputs.length} inputs but ${targets.length} targets: one target per step.`);
    if (inputs.length === 0) throw new RangeError("A generator example needs at least one step (<SOS> → <EOS>), got none.");
    const pass = recurrentForward(this.params, inputs, h0);
    const rec = resetGradients(this.rec), out = resetGradients(this.out);
    let loss = 0;
    const dhOut = targets.map((target, t) => {
      if (target === PAD_ID) return null; // padding: no loss, no gradient
      const step = outputBackward(this.params, pass.hs[t + 1], target, out);
      loss += step.loss;
      return step.dh;
    });
    const { dh0 } = recurrentBackward(this.params, pass, dhOut, rec);
    return { loss, grads: { ...rec, ...out }, dh0 };
  }

  /** Tokens from <SOS> (and h0), each fed back in, until <EOS> or maxLength tokens. */
  generate(options: GenerateOptions = {}): string[] {
    const maxLength = options.maxLength ?? 20, temperature = options.temperature ?? 1;
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`maxLength must be a whole number >= 1 (the decoder has to produce at least one token), got ${maxLength}.`);
    if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
    const rng = options.seed === undefined ? null : createRng(options.seed);
    const out: number[] = [];
    let h = options.h0 ?? new Array<number>(this.hiddenSize).fill(0), x = SOS_ID;
    while (out.length < maxLength) {
      h = recurrentForward(this.params, [x], h).hs[1];
      let p = outputProbabilities(this.params, h);
      if (temperature !== 1) p = normalize(p.map((v) => Math.pow(v, 1 / temperature)));
      x = rng ? drawFrom(p, rng) : argmax(p);
      if (x === EOS_ID) break;
      out.push(x);
    }
    return this.vocabulary.decode(out);
  }

  /** The fraction of steps where the most probable next token is the true one (teacher forcing). */
  accuracy(examples: GeneratorExample[]): number {
    let right = 0, total = 0;
    examples.forEach((ex) => {
      const pass = recurrentForward(this.params, ex.inputs);
      ex.targets.forEach((target, t) => {
        if (target === PAD_ID) return;
        total += 1;
        if (argmax(outputProbabilities(this.params, pass.hs[t + 1])) === target) right += 1;
      });
    });
    return total === 0 ? 0 : right / total;
  }
}

function normalize(p: number[]): number[] {
  const total = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / total);
}

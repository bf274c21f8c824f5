/**
 * Many to many, unequal lengths (translation): an encoder reads the whole source; its last hidden state
 * becomes the decoder's first, and the decoder (a `Generator` on the target vocabulary) writes the target
 * from `<SOS>` until `<EOS>`. Targets may be padded to a common length: `<PAD>` steps are masked out of
 * the loss. BPTT runs through the decoder, across the hand-over, then through the encoder:
 *   h_enc_T = encoder(source),   h_dec_0 = h_enc_T,   dL/dh_enc_T = dL/dh_dec_0
 *
 * @example
 *   const model = new EncoderDecoder(letters, letters, { hiddenSize: 32, seed: 1 });
 *   const pair = model.pair(["a", "b", "c"], ["c", "b", "a"]);
 *   model.lossAndGradients(pair).loss;
 *   model.translate(["a", "b", "c"]);   // ["c", "b", "a"] once trained
 */
import type { MatrixSet } from "../training/clipping";
import { createRng } from "../random";
import { EOS_ID, PAD_ID, SOS_ID } from "../text/special-tokens";
import type { Vocabulary } from "../text/vocabulary";
import { Generator, type GeneratorExample } from "./generator";
import type { ModelOptions } from "./model-params";
import { resetGradients } from "./gradient-buffers";
import { initRecurrent, recurrentBackward, recurrentForward, zeroRecurrentGradients, type RecurrentGradients, type RecurrentParams } from "./recurrent-layer";

/** A source and target as ids, with the vocabularies that encoded them. */
export interface TranslationPair {
  source: number[];
  target: GeneratorExample; // <SOS> t1 .. tn (<PAD>...) → t1 .. tn <EOS> (<PAD>...)
  sourceVocabulary: Vocabulary;
  targetVocabulary: Vocabulary;
}

export interface EncoderDecoderParams extends MatrixSet {
  encWxh: RecurrentParams["Wxh"]; // (H, V_source)
  encWhh: RecurrentParams["Whh"]; // (H, H)
  encbh: RecurrentParams["bh"]; // (H, 1)
}

export class EncoderDecoder {
  readonly decoder: Generator;
  readonly encoder: RecurrentParams;
  readonly params: EncoderDecoderParams;
  private readonly enc: RecurrentGradients; // reused by every call (see gradient-buffers.ts)

  constructor(readonly source: Vocabulary, readonly target: Vocabulary, options: ModelOptions = {}) {
    this.decoder = new Generator(target, options);
    const rng = createRng((options.seed ?? 1) + 1000); // not the decoder's weights again
    this.encoder = initRecurrent(source.size, this.decoder.hiddenSize, rng, options.scale);
    // The same matrices under distinct names, so that one optimizer updates both halves in place.
    this.enc = zeroRecurrentGradients(this.decoder.hiddenSize, source.size);
    this.params = { encWxh: this.encoder.Wxh, encWhh: this.encoder.Whh, encbh: this.encoder.bh, ...this.decoder.params };
  }

  /** Ids of a source and a target; the target is padded with <PAD> to `targetLength` tokens if given. */
  pair(sourceTokens: string[], targetTokens: string[], targetLength?: number): TranslationPair {
    const target = this.decoder.example(targetTokens);
    const padding = (targetLength ?? targetTokens.length) - targetTokens.length;
    if (padding < 0) throw new RangeError(`The target has ${targetTokens.length} tokens, more than targetLength ${targetLength}.`);
    for (let i = 0; i < padding; i++) {
      target.inputs.push(i === 0 ? EOS_ID : PAD_ID);
      target.targets.push(PAD_ID);
    }
    return { source: this.source.encode(sourceTokens), target, sourceVocabulary: this.source, targetVocabulary: this.target };
  }

  /** The encoder's last hidden state: the decoder's h_0. */
  encode(source: number[]): number[] {
    const tokens = this.readable(source);
    return recurrentForward(this.encoder, tokens).hs[tokens.length];
  }

  lossAndGradients(pair: TranslationPair): { loss: number; grads: MatrixSet } {
    this.checkVocabularies(pair);
    const source = this.readable(pair.source);
    const pass = recurrentForward(this.encoder, source);
    const decoded = this.decoder.lossAndGradients(pair.target, pass.hs[source.length]);
    const enc = resetGradients(this.enc);
    recurrentBackward(this.encoder, pass, source.map((_, t) => (t === source.length - 1 ? decoded.dh0 : null)), enc); // across the hand-over
    return { loss: decoded.loss, grads: { dencWxh: enc.dWxh, dencWhh: enc.dWhh, dencbh: enc.dbh, ...decoded.grads } };
  }

  /** Greedy decoding: the most probable token at each step, until <EOS> or maxLength tokens. */
  translate(sourceTokens: string[], options: { maxLength?: number } = {}): string[] {
    const h0 = this.encode(this.source.encode(sourceTokens));
    return this.decoder.generate({ h0, maxLength: options.maxLength ?? 2 * sourceTokens.length + 2 });
  }

  /** The fraction of pairs translated exactly right (greedy). */
  exactMatch(pairs: { source: string[]; target: string[] }[]): number {
    if (pairs.length === 0) return 0;
    return pairs.filter((p) => this.translate(p.source).join(" ") === p.target.join(" ")).length / pairs.length;
  }

  /** The source without trailing <PAD>: the encoder reads real tokens only. */
  private readable(source: number[]): number[] {
    let n = source.length;
    while (n > 0 && source[n - 1] === PAD_ID) n--;
    if (n === 0) throw new RangeError("The encoder got an empty source: give at least one token to translate.");
    return source.slice(0, n);
  }

  private checkVocabularies(pair: TranslationPair): void {
    const check = (side: string, used: Vocabulary, expected: Vocabulary, part: string) => {
      if (sameTokens(used, expected)) return;
      const swapped = sameTokens(used, side === "source" ? this.target : this.source);
      throw new RangeError(
        `Vocabulary mismatch: the pair's ${side} was encoded with a vocabulary of ${used.size} tokens, but the ${part} reads ` +
          `${expected.size} tokens${swapped ? ` (it is the ${side === "source" ? "decoder's" : "encoder's"} vocabulary: source and target are swapped)` : ""}; ` +
          "make pairs with model.pair(source, target).",
      );
    };
    check("source", pair.sourceVocabulary, this.source, "encoder");
    check("target", pair.targetVocabulary, this.target, "decoder");
    if (pair.target.inputs[0] !== SOS_ID) throw new RangeError(`The decoder's first input must be <SOS> (id ${SOS_ID}), got id ${pair.target.inputs[0]}.`);
  }
}

/** Whether two vocabularies give every token the same id. */
export function sameTokens(a: Vocabulary, b: Vocabulary): boolean {
  return a === b || (a.size === b.size && a.tokens.every((token, id) => b.tokens[id] === token));
}

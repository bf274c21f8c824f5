/**
 * Many to many, unequal lengths (translation): an encoder reads the whole source; its last state becomes
 * the decoder's first, and the decoder (a `Generator` on the target vocabulary) writes the target from
 * `<SOS>` until `<EOS>`. Targets may be padded to a common length: `<PAD>` steps are masked out of the loss.
 * BPTT runs through the decoder, across the hand-over, then through the encoder:
 *   h_enc_T = encoder(source),   h_dec_0 = h_enc_T,   dL/dh_enc_T = dL/dh_dec_0      (and c for an LSTM)
 * In a batch, sources of one length share an encoder pass, so that each hands over the state after its
 * own last token.
 *
 * @example
 *   const model = new EncoderDecoder(letters, letters, { hiddenSize: 32, seed: 1 });
 *   const pair = model.pair(["a", "b", "c"], ["c", "b", "a"]);
 *   model.lossAndGradients(pair).loss;
 *   model.translate(["a", "b", "c"]);   // ["c", "b", "a"] once trained
 */
import { layerBackward, layerForward, type CellKind, type LayerPass } from "../fast/layer";
import { zerosMatrix, type MatrixSet } from "../matrix";
import { createRng } from "../random";
import { EOS_ID, PAD_ID, SOS_ID } from "../text/special-tokens";
import type { Vocabulary } from "../text/vocabulary";
import { Generator, type GeneratorExample } from "./generator";
import { resetGradients } from "./gradient-buffers";
import { columnsOf, setColumns } from "./last-states";
import { cellParams, initModelParams, zeroModelGradients, type ModelOptions, type RecurrentState } from "./model-params";

/** A source and target as ids, with the vocabularies that encoded them. */
export interface TranslationPair {
  source: number[];
  target: GeneratorExample; // <SOS> t1 .. tn (<PAD>...) → t1 .. tn <EOS> (<PAD>...)
  sourceVocabulary: Vocabulary;
  targetVocabulary: Vocabulary;
}

/** The prefix of the encoder's parameters: encWxh, encWhh, encbh (rnn), encWxi, ... (lstm). */
const ENC = "enc";

export class EncoderDecoder {
  readonly kind: CellKind;
  readonly decoder: Generator;
  readonly params: MatrixSet; // the encoder's cell as encWxh, ..., then the decoder's parameters
  private readonly encoderGrads: MatrixSet; // dencWxh, ...: reused by every call (see gradient-buffers.ts)

  constructor(readonly source: Vocabulary, readonly target: Vocabulary, options: ModelOptions = {}) {
    this.kind = options.kind ?? "rnn";
    this.decoder = new Generator(target, options);
    const rng = createRng((options.seed ?? 1) + 1000); // not the decoder's weights again
    const encoder = cellParams(this.kind, initModelParams(this.kind, source.size, this.decoder.hiddenSize, 1, rng, options.scale, options));
    const prefixed: MatrixSet = Object.fromEntries(Object.entries(encoder).map(([name, m]) => [ENC + name, m]));
    // The decoder's matrices themselves, so that one optimizer updates both halves in place.
    this.params = { ...prefixed, ...this.decoder.params };
    this.encoderGrads = zeroModelGradients(prefixed);
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

  /** The encoder's last states for a batch of sources, (H, B): the decoder's start; and the passes, for the way back. */
  private encodeBatch(sources: number[][]): { start: RecurrentState; groups: { indices: number[]; pass: LayerPass }[] } {
    const readable = sources.map((s) => this.readable(s));
    const H = this.decoder.hiddenSize, B = sources.length;
    const start: RecurrentState = { h0: zerosMatrix(H, B), c0: this.kind === "lstm" ? zerosMatrix(H, B) : undefined };
    const byLength = new Map<number, number[]>();
    readable.forEach((s, b) => byLength.set(s.length, [...(byLength.get(s.length) ?? []), b]));
    const groups = [...byLength].map(([length, indices]) => {
      const pass = layerForward(this.kind, this.encoderCell(), indices.map((b) => readable[b]));
      setColumns(start.h0!, indices, pass.state(length));
      if (start.c0) setColumns(start.c0, indices, pass.cell(length));
      return { indices, pass };
    });
    return { start, groups };
  }

  /** The encoder's last state (and cell, for an LSTM), (H, 1): the decoder's start. */
  encode(source: number[]): RecurrentState {
    return this.encodeBatch([source]).start;
  }

  /** The summed loss of one pair or a batch, and the gradients of both halves (overwritten by the next call). */
  lossAndGradients(pairs: TranslationPair | TranslationPair[]): { loss: number; grads: MatrixSet } {
    const batch = Array.isArray(pairs) ? pairs : [pairs];
    batch.forEach((pair) => this.checkVocabularies(pair));
    const { start, groups } = this.encodeBatch(batch.map((p) => p.source));
    const decoded = this.decoder.lossAndGradients(batch.map((p) => p.target), start);
    const encoderGrads = resetGradients(this.encoderGrads);
    const view = Object.fromEntries(Object.keys(this.encoderCell()).map((name) => ["d" + name, encoderGrads["d" + ENC + name]]));
    for (const { indices, pass } of groups) {
      // Across the hand-over: the decoder's dL/dh_0 (and dL/dc_0) reaches the encoder's last state.
      const dhLast = columnsOf(decoded.dh0, indices), dcLast = decoded.dc0 ? columnsOf(decoded.dc0, indices) : undefined;
      layerBackward(pass, new Array(pass.T).fill(null), view, { dhLast, dcLast });
    }
    return { loss: decoded.loss, grads: { ...encoderGrads, ...decoded.grads } };
  }

  /** Greedy decoding: the most probable token at each step, until <EOS> or maxLength tokens. */
  translate(sourceTokens: string[], options: { maxLength?: number } = {}): string[] {
    const start = this.encode(this.source.encode(sourceTokens));
    return this.decoder.generate({ start, maxLength: options.maxLength ?? 2 * sourceTokens.length + 2 });
  }

  /** The fraction of pairs translated exactly right (greedy). */
  exactMatch(pairs: { source: string[]; target: string[] }[]): number {
    if (pairs.length === 0) return 0;
    return pairs.filter((p) => this.translate(p.source).join(" ") === p.target.join(" ")).length / pairs.length;
  }

  /** The encoder's cell under the names the fast layer reads (Wxh, ... for encWxh, ...). */
  private encoderCell(): MatrixSet {
    return cellParams(this.kind, this.params, ENC);
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

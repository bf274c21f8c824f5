/**
 * A vocabulary: the list of tokens a model knows (words, or characters), each with an id (its row in a
 * one-hot vector). Ids 0-3 are the special tokens `<PAD>`, `<SOS>`, `<EOS>`, `<UNK>`; the tokens follow,
 * words in the order they were first seen, characters sorted, so the same text always gives the same ids.
 * A token the vocabulary has not seen maps to `<UNK>`.
 *
 * @example
 *   Vocabulary.fromSentences(["Delightful place to have dinner"]).idOf("place");   // 5
 *   Vocabulary.fromCharacters(["to be"]).tokens;   // ["<PAD>", "<SOS>", "<EOS>", "<UNK>", " ", "b", "e", "o", "t"]
 */
import { EOS_ID, SOS_ID, SPECIAL_TOKENS, UNK_ID } from "./special-tokens";
import { checkTokenId } from "./token-ids";
import { tokenize, type TokenizeOptions } from "./tokenize";

export interface EncodeOptions {
  /** Put `<SOS>` before and `<EOS>` after the sentence. Default: false. */
  addSosEos?: boolean;
}

export class Vocabulary {
  private readonly idByToken = new Map<string, number>();
  private readonly tokenById: string[] = [];

  /**
   * A vocabulary of the special tokens followed by `words` in first-seen order (repeats are skipped).
   *
   * @example
   *   new Vocabulary(["the", "cat", "the"]).tokens;   // ["<PAD>", "<SOS>", "<EOS>", "<UNK>", "the", "cat"]
   */
  constructor(words: Iterable<string>) {
    for (const token of SPECIAL_TOKENS) this.add(token);
    for (const word of words) {
      if (typeof word !== "string" || word.length === 0) {
        throw new TypeError(`A vocabulary word must be a non-empty string, got ${JSON.stringify(word)}.`);
      }
      this.add(word);
    }
    if (this.size === SPECIAL_TOKENS.length) {
      throw new Error(
        `A vocabulary needs at least one word besides ${SPECIAL_TOKENS.join(", ")}; got none. ` +
          "Build it from non-empty sentences.",
      );
    }
  }

  /**
   * Splits each sentence on white space (see `tokenize`) and collects the words.
   *
   * @example
   *   const vocabulary = Vocabulary.fromSentences(["Delightful place to have dinner"]);
   *   vocabulary.idOf("place");   // 5
   */
  static fromSentences(sentences: readonly string[], options: TokenizeOptions = {}): Vocabulary {
    if (!Array.isArray(sentences)) {
      throw new TypeError(`Vocabulary.fromSentences expects an array of sentences, got ${typeof sentences}.`);
    }
    return new Vocabulary(sentences.flatMap((sentence) => tokenize(sentence, options)));
  }

  /**
   * A vocabulary of characters: every distinct character of `lines`, sorted. Encode a line with
   * `encode(Array.from(line), { addSosEos: true })`.
   *
   * @example
   *   const chars = Vocabulary.fromCharacters(["to be"]);
   *   chars.encode(Array.from("be"), { addSosEos: true });   // [1, 5, 6, 2]
   */
  static fromCharacters(lines: readonly string[]): Vocabulary {
    if (!Array.isArray(lines)) throw new TypeError(`Vocabulary.fromCharacters expects an array of lines, got ${typeof lines}.`);
    const seen = new Set<string>();
    for (const line of lines) for (const ch of line) seen.add(ch);
    return new Vocabulary(Array.from(seen).sort());
  }

  /** How many tokens, special ones included: the length of a one-hot vector. */
  get size(): number {
    return this.tokenById.length;
  }

  /** Every token in id order (`tokens[id]`). */
  get tokens(): readonly string[] {
    return this.tokenById;
  }

  /** Whether the vocabulary knows `token` (exactly, case included). */
  has(token: string): boolean {
    return this.idByToken.has(token);
  }

  /**
   * The id of a token; a word the vocabulary has not seen gets the id of `<UNK>`.
   *
   * @example
   *   vocabulary.idOf("lunch");   // 3, the id of <UNK>
   */
  idOf(token: string): number {
    return this.idByToken.get(token) ?? UNK_ID;
  }

  /**
   * The token with this id.
   *
   * @example
   *   vocabulary.tokenOf(0);   // "<PAD>"
   */
  tokenOf(id: number): string {
    checkTokenId(id, this.size, "Token id");
    return this.tokenById[id];
  }

  /**
   * The ids of a sentence's tokens, optionally wrapped in `<SOS>` ... `<EOS>`.
   *
   * @example
   *   vocabulary.encode(["Delightful", "lunch"], { addSosEos: true });   // [1, 4, 3, 2]
   */
  encode(tokens: readonly string[], options: EncodeOptions = {}): number[] {
    if (!Array.isArray(tokens)) {
      throw new TypeError(
        `encode expects an array of tokens, got ${typeof tokens}; split a sentence first with tokenize(sentence).`,
      );
    }
    const ids = tokens.map((token) => this.idOf(token));
    return options.addSosEos ? [SOS_ID, ...ids, EOS_ID] : ids;
  }

  /**
   * The tokens of a list of ids (the inverse of `encode`, except that unknown words come back as `<UNK>`).
   *
   * @example
   *   vocabulary.decode([1, 4, 3, 2]);   // ["<SOS>", "Delightful", "<UNK>", "<EOS>"]
   */
  decode(ids: readonly number[]): string[] {
    return ids.map((id) => this.tokenOf(id));
  }

  private add(token: string): void {
    if (this.idByToken.has(token)) return;
    this.idByToken.set(token, this.tokenById.length);
    this.tokenById.push(token);
  }
}

/**
 * A vocabulary of characters for the character model: `<SOS>`, `<EOS>` and `<UNK>` first, then every
 * character of the training text in sorted order. A line is encoded as `<SOS>` + its characters + `<EOS>`,
 * so the model learns where lines start and when to stop.
 *
 * @example
 *   const chars = CharVocabulary.fromLines(["to be"]);
 *   chars.tokens;               // ["<SOS>", "<EOS>", "<UNK>", " ", "b", "e", "o", "t"]
 *   chars.encodeLine("be");     // [0, 4, 5, 1]
 *   chars.decode([0, 4, 5, 1]); // "be"
 */
import { EOS, SOS, UNK } from "./text/special-tokens";

export class CharVocabulary {
  readonly tokens: string[];
  private readonly ids: Map<string, number>;
  readonly sosId = 0;
  readonly eosId = 1;
  readonly unkId = 2;

  constructor(characters: string[]) {
    this.tokens = [SOS, EOS, UNK, ...characters];
    this.ids = new Map(this.tokens.map((token, id) => [token, id]));
  }

  /** Every distinct character of `lines`, sorted so the same text always gives the same ids. */
  static fromLines(lines: string[]): CharVocabulary {
    const seen = new Set<string>();
    for (const line of lines) for (const ch of line) seen.add(ch);
    return new CharVocabulary(Array.from(seen).sort());
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The id of one character; characters never seen map to `<UNK>`. */
  id(ch: string): number {
    return this.ids.get(ch) ?? this.unkId;
  }

  /** [<SOS>, ...characters, <EOS>] as ids. */
  encodeLine(line: string): number[] {
    return [this.sosId, ...Array.from(line, (ch) => this.id(ch)), this.eosId];
  }

  /** The text of some ids, leaving `<SOS>` and `<EOS>` out; `<UNK>` shows as "\uFFFD" (�), never a real character. */
  decode(ids: number[]): string {
    return ids.map((id) => (id === this.unkId ? "\uFFFD" : id > this.unkId ? this.tokens[id] : "")).join("");
  }
}

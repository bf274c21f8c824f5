/**
 * The four tokens every vocabulary starts with, at fixed ids.
 * - `<PAD>` (id 0) fills sentences up to a common length; its mask entry is 0, so it teaches nothing.
 * - `<SOS>` / `<EOS>` mark where a sentence starts and ends (the article's implementation details).
 * - `<UNK>` stands for every word the vocabulary has not seen.
 *
 * @example
 *   SPECIAL_TOKENS.indexOf(UNK);   // 3
 */
export const PAD = "<PAD>";
export const SOS = "<SOS>";
export const EOS = "<EOS>";
export const UNK = "<UNK>";

export const SPECIAL_TOKENS: readonly string[] = [PAD, SOS, EOS, UNK];

export const PAD_ID = 0;
export const SOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;

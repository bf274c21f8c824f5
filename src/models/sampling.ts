/**
 * Sampling a token from a model's scores, with a temperature τ:
 *   p = softmax(y / τ)        τ < 1 sharpens the distribution (safer), τ > 1 flattens it (wilder)
 * then drawing an index with probability p[i]. Tokens that must never come out (`<PAD>`, `<SOS>`, `<UNK>`)
 * (UNSAMPLED_IDS) get probability 0 before the draw.
 *
 * @example
 *   const p = temperatureProbabilities([2, 1, 0], 0.5);   // [0.867, 0.117, 0.016]
 *   drawFrom(p, createRng(1));                             // 0 most of the time
 */
import type { Rng } from "../random";
import { softmaxInPlace } from "../rnn/softmax";
import { PAD_ID, SOS_ID, UNK_ID } from "../text/special-tokens";

/** The tokens a sampler never draws: a model writes characters or words and `<EOS>`, never `<PAD>`, `<SOS>` or `<UNK>`. */
export const UNSAMPLED_IDS: readonly number[] = [PAD_ID, SOS_ID, UNK_ID];

/** softmax(scores / temperature), with the ids in `never` set to probability 0. */
export function temperatureProbabilities(scores: ArrayLike<number>, temperature = 1, never: readonly number[] = []): number[] {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}.`);
  const p = Array.from(scores, (y) => y / temperature);
  for (const id of never) p[id] = -Infinity; // exp(-Infinity) = 0
  if (p.every((v) => v === -Infinity)) throw new RangeError("Every token is excluded from sampling: nothing left to draw.");
  return softmaxInPlace(p);
}

/** An index drawn with probability p[i]. */
export function drawFrom(p: readonly number[], rng: Rng): number {
  let u = rng.uniform();
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    last = i;
    u -= p[i];
    if (u < 0) return i;
  }
  return last; // rounding left u a hair above 0: the last token that can be drawn
}

/** The index of the largest entry. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

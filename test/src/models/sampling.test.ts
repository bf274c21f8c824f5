import { describe, expect, it } from "vitest";
import { argmax, createRng, drawFrom, PAD_ID, softmaxInPlace, SOS_ID, temperatureProbabilities, UNK_ID, UNSAMPLED_IDS } from "../../../src/index";

describe("sampling with a temperature", () => {
  it("is softmax(y / τ): values worked out by hand", () => {
    // softmax([4, 2, 0]) = [e^4, e^2, 1] / (e^4 + e^2 + 1)
    const total = Math.exp(4) + Math.exp(2) + 1;
    const p = temperatureProbabilities([2, 1, 0], 0.5);
    [Math.exp(4) / total, Math.exp(2) / total, 1 / total].forEach((v, k) => expect(p[k]).toBeCloseTo(v, 15));
    expect(temperatureProbabilities([2, 1, 0], 1)).toEqual(softmaxInPlace([2, 1, 0]));
    expect(() => temperatureProbabilities([1], 0)).toThrow("temperature must be > 0, got 0.");
  });

  it("never gives <PAD>, <SOS> or <UNK> a chance when they are excluded, whatever their scores", () => {
    expect(UNSAMPLED_IDS).toEqual([PAD_ID, SOS_ID, UNK_ID]);
    const scores = [9, 9, 1, 9, 0.5];
    const p = temperatureProbabilities(scores, 1, UNSAMPLED_IDS);
    expect([p[0], p[1], p[3]]).toEqual([0, 0, 0]);
    expect(p[2] + p[4]).toBeCloseTo(1, 15);
    const rng = createRng(3);
    const drawn = new Set(Array.from({ length: 500 }, () => drawFrom(p, rng)));
    expect([...drawn].sort()).toEqual([2, 4]);
    expect(() => temperatureProbabilities([1, 2], 1, [0, 1])).toThrow("Every token is excluded from sampling");
  });

  it("draws index i with probability p[i] (500 draws within 4 standard deviations) and argmax takes the largest", () => {
    const p = [0.1, 0.6, 0.3], rng = createRng(1), counts = [0, 0, 0];
    for (let n = 0; n < 500; n++) counts[drawFrom(p, rng)] += 1;
    p.forEach((pi, i) => expect(Math.abs(counts[i] - 500 * pi)).toBeLessThan(4 * Math.sqrt(500 * pi * (1 - pi))));
    expect(argmax([0.2, 0.5, 0.3])).toBe(1);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { trainWithProgress } from "../../kernel/progress";
import { CharModel, sonnetLines } from "../../src/index";

describe("trainWithProgress, headless", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("trains every step and prints a plain line five times, with this call's step count", async () => {
    vi.stubEnv("UNROLLED_HEADLESS", "1");
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    const model = new CharModel(sonnetLines(), { hiddenSize: 8, seed: 1 });
    model.train(7); // earlier training: the progress still counts from 1
    await trainWithProgress(model, 50, "test run");
    expect(model.step).toBe(57);
    expect(printed.length).toBe(5);
    expect(printed[0]).toMatch(/^test run: step 10\/50, loss per character \d+\.\d\d \(perplexity \d+\.\d\), \d+\.\d s$/);
    expect(printed[4]).toContain("step 50/50");
    const perCharacter = model.history.loss[56] / model.seqLength; // the last step's chunk, per character
    expect(printed[4]).toContain(`loss per character ${perCharacter.toFixed(2)} (perplexity ${Math.exp(perCharacter).toFixed(1)})`);
  });
});

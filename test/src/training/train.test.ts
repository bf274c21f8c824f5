import { describe, expect, it } from "vitest";
import { adam, Classifier, firstTokenTask, MEMORY_SIGNALS, memoryVocabulary, sgd, trainModel } from "../../../src/index";

describe("trainModel, the loop every model shares", () => {
  const data = firstTokenTask(40, 3, 1);
  const make = () => new Classifier(memoryVocabulary(), MEMORY_SIGNALS, { hiddenSize: 8, seed: 1 });

  it("gives the same history for the same seed, another for another seed", () => {
    const run = (seed: number) => {
      const model = make();
      return trainModel(model, data.map((d) => model.example(d.tokens, d.label)), { epochs: 3, optimizer: adam(0.01), seed }).loss;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
  });

  it("lowers the loss and clips the global norm it reports", () => {
    const model = make();
    const history = trainModel(model, data.map((d) => model.example(d.tokens, d.label)), { epochs: 5, optimizer: sgd(0.2), seed: 1, clip: { norm: 0.5 } });
    expect(history.loss[4]).toBeLessThan(history.loss[0]);
    expect(history.gradNorm).toHaveLength(200);
  });

  it("refuses no examples and fewer than one epoch", () => {
    const model = make();
    expect(() => trainModel(model, [], { epochs: 1, optimizer: sgd(0.1), seed: 1 })).toThrow("at least one example");
    expect(() => trainModel(model, [model.example(["A"], "A")], { epochs: 0, optimizer: sgd(0.1), seed: 1 })).toThrow("epochs must be a whole number >= 1, got 0.");
  });
});

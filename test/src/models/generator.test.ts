import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { adam, DOG_NAMES, Generator, PAD_ID, rowsOf, trainModel, Vocabulary } from "../../../src/index";
import { copyGradients, randomize, worstRelativeError } from "./check";

describe("Generator (one to many)", () => {
  const letters = new Vocabulary(DOG_NAMES.flatMap((name) => Array.from(name)));

  it("ships the 200 names of dog-names 3.0.1", () => {
    expect(DOG_NAMES).toHaveLength(200);
    expect(new Set(DOG_NAMES).size).toBe(190);
    expect(DOG_NAMES.slice(0, 4)).toEqual(["Bella", "Max", "Lucy", "Buddy"]);
  });

  it("has gradients that agree with finite differences, and so has dL/dh0 (the conditioning vector)", () => {
    const generator = new Generator(letters, { hiddenSize: 4, seed: 2 });
    randomize(generator.params, 0.5, 5);
    const example = generator.example(Array.from("Rex"));
    expect(worstRelativeError(generator, example)).toBeLessThan(1e-6);
    const h0 = [0.3, -0.2, 0.1, 0.4];
    const column = (h: number[]) => matrix(h.map((v) => [v]), "dense", "number"); // (H, 1)
    const dh0 = rowsOf(generator.lossAndGradients(example, { h0: column(h0) }).dh0).map(([v]) => v);
    const eps = 1e-5;
    h0.forEach((_, i) => {
      const at = (d: number) => generator.lossAndGradients(example, { h0: column(h0.map((v, j) => (j === i ? v + d : v))) }).loss;
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(numeric - dh0[i]) / (Math.abs(numeric) + Math.abs(dh0[i]))).toBeLessThan(1e-6);
    });
  });

  it("leaves <PAD> targets out of the loss and the gradients exactly", () => {
    const generator = new Generator(letters, { hiddenSize: 6, seed: 3 });
    const plain = generator.example(Array.from("Max"));
    const padded = { inputs: [...plain.inputs, 2, PAD_ID], targets: [...plain.targets, PAD_ID, PAD_ID] };
    const a = generator.lossAndGradients(plain);
    const gradsA = copyGradients(a.grads);
    const b = generator.lossAndGradients(padded);
    expect(b.loss).toBe(a.loss);
    for (const name of Object.keys(gradsA)) expect(b.grads[name].valueOf()).toEqual(gradsA[name].valueOf());
  });

  it("predicts the next letter of the names right at least 45 % of the time after 10 epochs (7 % before)", () => {
    const generator = new Generator(letters, { hiddenSize: 32, seed: 1 });
    const examples = DOG_NAMES.map((name) => generator.example(Array.from(name)));
    const before = generator.accuracy(examples);
    const history = trainModel(generator, examples, { epochs: 10, optimizer: adam(0.01), seed: 1, evaluate: () => generator.accuracy(examples) });
    expect(before).toBeLessThan(0.1);
    expect(history.accuracy[9]).toBeGreaterThanOrEqual(0.45);
    const a = generator.generate({ seed: 4 }), b = generator.generate({ seed: 4 });
    expect(a).toEqual(b); // seeded
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThanOrEqual(20);
  });

  it("stops at maxLength and refuses a length below 1", () => {
    const generator = new Generator(letters, { hiddenSize: 4, seed: 1 });
    expect(generator.generate({ maxLength: 3, seed: 1 }).length).toBeLessThanOrEqual(3);
    expect(() => generator.generate({ maxLength: 0 })).toThrow("maxLength must be a whole number >= 1 (the decoder has to produce at least one token), got 0.");
  });
});

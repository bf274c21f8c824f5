import { describe, expect, it } from "vitest";
import { allSonnets, CharModel, lossAndGradients, recurrentLossAndGradients, rowsOf, SONNET_NUMBERS, sonnetLines, SONNETS, temperatureProbabilities, zerosMatrix, type RnnParams } from "../../../src/index";

describe("temperatureProbabilities", () => {
  it("is softmax(y / τ) with the excluded ids at 0, renormalised", () => {
    expect(temperatureProbabilities([0, Math.log(3)], 1)[1]).toBeCloseTo(0.75, 12);
    expect(temperatureProbabilities([0, Math.log(3)], 2)[1]).toBeCloseTo(Math.sqrt(3) / (1 + Math.sqrt(3)), 12);
    expect(temperatureProbabilities([5, 0, 0], 1, [0])).toEqual([0, 0.5, 0.5]);
    expect(temperatureProbabilities([1000, 1001], 0.5)[0]).toBeCloseTo(Math.exp(-2) / (1 + Math.exp(-2)), 12);
    expect(() => temperatureProbabilities([1, 2], 0)).toThrow("temperature must be > 0, got 0");
    expect(() => temperatureProbabilities([1, 2], 1, [0, 1])).toThrow("nothing left to draw");
  });
});

describe("CharModel on the sonnets", () => {
  const lines = sonnetLines();

  it("ships nine sonnets of 14 lines, chosen by number from the 154 with no text of their own", () => {
    expect(SONNET_NUMBERS).toEqual([1, 18, 29, 30, 55, 60, 73, 116, 130]);
    expect(lines.length).toBe(126);
    expect(lines[14]).toBe("Shall I compare thee to a summer's day?");
    expect(lines.slice(-14)).toEqual(allSonnets()[129]);
    expect(lines).toEqual(SONNET_NUMBERS.flatMap((n) => allSonnets()[n - 1]));
    expect(SONNETS.split("\n\n").length).toBe(9);
  });

  it("learns: the loss of the last 50 of 400 steps is well below the first steps' (about T·log V)", () => {
    const model = new CharModel(lines, { hiddenSize: 32, seed: 1 });
    const history = model.train(400);
    expect(history.loss.length).toBe(400);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(history.loss[0]).toBeCloseTo(25 * Math.log(model.vocab.size), 0);
    expect(mean(history.loss.slice(-50))).toBeLessThan(0.7 * history.loss[0]);
    expect(history.lossPerTimeStep[10].length).toBe(25);
    expect(history.lossPerTimeStep[10].reduce((a, b) => a + b, 0)).toBeCloseTo(history.loss[10], 10);
    expect(history.gradNorms["Whh"].length).toBe(400);
    expect(history.dhNorms[399].length).toBe(26); // t = 0..T
  });

  it("reproduces the same history and samples for the same seeds", () => {
    const a = new CharModel(lines, { hiddenSize: 16, seed: 5 }), b = new CharModel(lines, { hiddenSize: 16, seed: 5 });
    a.train(30);
    b.train(30);
    expect(a.history.loss).toEqual(b.history.loss);
    expect(a.sample({ seed: 3 })).toBe(b.sample({ seed: 3 }));
    const c = new CharModel(lines, { hiddenSize: 16, seed: 6 });
    c.train(30);
    expect(c.history.loss).not.toEqual(a.history.loss);
  });

  it("samples one line: stops at <EOS>, keeps the prime, uses only characters of the text", () => {
    const model = new CharModel(lines, { hiddenSize: 32, seed: 2 });
    model.train(300);
    const known = new Set(lines.join(""));
    for (const temperature of [0.3, 1, 1.5]) {
      const text = model.sample({ temperature, seed: 11, maxLength: 300 });
      for (const ch of text) expect(known.has(ch)).toBe(true);
      expect(text.length).toBeLessThanOrEqual(300);
    }
    expect(model.sample({ prime: "Shall", seed: 1 }).startsWith("Shall")).toBe(true);
    expect(() => model.sample({ temperature: 0 })).toThrow("temperature must be > 0, got 0");
  });

  it("never samples <UNK> or <SOS>, even untrained and at a high temperature, where every token is likely", () => {
    const model = new CharModel(lines, { hiddenSize: 16, seed: 3 });
    for (let seed = 1; seed <= 40; seed++) expect(model.sample({ temperature: 3, seed, maxLength: 60 })).not.toContain("\uFFFD");
  });

  it("measures held-out loss per character from <SOS> and h = 0: log V untrained, the same as lossAndGradients line by line", () => {
    const model = new CharModel(lines.slice(0, -14), { hiddenSize: 16, seed: 4 });
    const heldOut = lines.slice(-14);
    expect(model.lossPerCharacter(heldOut)).toBeCloseTo(Math.log(model.vocab.size), 2); // weights ~ 0.01: nearly uniform
    model.train(200);
    let total = 0, count = 0;
    for (const line of heldOut) {
      const ids = model.vocab.encode(Array.from(line), { addSosEos: true });
      total += lossAndGradients(model.params as unknown as RnnParams, ids.slice(0, -1), ids.slice(1), zerosMatrix(16, 1)).loss;
      count += ids.length - 1;
    }
    expect(model.lossPerCharacter(heldOut)).toBeCloseTo(total / count, 10);
    expect(model.lossPerCharacter(heldOut)).toBeLessThan(0.85 * Math.log(model.vocab.size));
    expect(() => model.lossPerCharacter([])).toThrow("at least one line");
  });

  it("stops with the step and the parameter named when a weight is NaN or infinite", () => {
    const model = new CharModel(lines, { hiddenSize: 8, seed: 1 });
    model.train(3);
    rowsOf(model.params.Why)[4][2] = NaN;
    expect(() => model.train(5)).toThrow("Training stopped at step 4: a parameter is not finite before the step; parameter Why is NaN at (4, 2).");
    const other = new CharModel(lines, { hiddenSize: 8, seed: 1 });
    rowsOf(other.params.bh)[1][0] = Infinity;
    expect(() => other.train(1)).toThrow(/^Training stopped at step 1: .*parameter bh is Infinity at \(1, 0\)/);
  });
});

describe("CharModel with minibatches and gated cells", () => {
  const lines = sonnetLines();

  it("reads B parallel streams of the text: B = 4 learns, and its loss per stream starts at about T·log V", () => {
    const model = new CharModel(lines, { hiddenSize: 32, seed: 1, batchSize: 4 });
    const history = model.train(150);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(history.loss[0]).toBeCloseTo(25 * Math.log(model.vocab.size), 0);
    expect(mean(history.loss.slice(-30))).toBeLessThan(0.75 * history.loss[0]);
    expect(() => new CharModel(["short line"], { batchSize: 3 })).toThrow("3 streams of 4, but one step needs seqLength + 1 = 26 per stream");
  });

  it.each(["lstm", "gru"] as const)("trains and samples with a %s cell", (kind) => {
    const model = new CharModel(lines, { kind, hiddenSize: 16, seed: 1, batchSize: 2 });
    expect(Object.keys(model.params)).toContain(kind === "lstm" ? "Wxf" : "Wxz");
    const history = model.train(60);
    expect(history.loss[59]).toBeLessThan(history.loss[0]);
    const known = new Set(lines.join(""));
    for (const ch of model.sample({ seed: 2, maxLength: 60 })) expect(known.has(ch)).toBe(true);
  });

  it("lossPerCharacter: the mean cross-entropy per character of lines read one by one, log V for uniform scores, lower after training", () => {
    const held = ["Shall I compare thee", "to a summer's day?"];
    for (const kind of ["rnn", "lstm", "gru"] as const) {
      const model = new CharModel(lines.slice(0, 20), { kind, hiddenSize: 8, seed: 3 });
      model.train(20);
      let total = 0, count = 0;
      for (const line of held) {
        const ids = model.vocab.encode(Array.from(line), { addSosEos: true });
        total += recurrentLossAndGradients(kind, model.params, { inputs: [ids.slice(0, -1)], targets: [ids.slice(1)] }).loss;
        count += ids.length - 1;
      }
      expect(model.lossPerCharacter(held)).toBeCloseTo(total / count, 12); // one padded batch = the lines alone
    }
    const zeroed = new CharModel(lines, { hiddenSize: 8, scale: 0 });
    expect(zeroed.lossPerCharacter(["ab~"])).toBeCloseTo(Math.log(zeroed.vocab.size), 12); // "~" is <UNK>, still predicted
    const trained = new CharModel(lines, { hiddenSize: 16, seed: 1, batchSize: 4 });
    const before = trained.lossPerCharacter(lines.slice(-14));
    trained.train(100);
    expect(trained.lossPerCharacter(lines.slice(-14))).toBeLessThan(before - 1);
    expect(() => trained.lossPerCharacter([])).toThrow(/at least one line/);
  });
});

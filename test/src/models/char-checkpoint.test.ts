import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIRST_STEPS, PRETRAIN_SETTINGS, PRETRAIN_STEPS, pretrainModel } from "../../../scripts/pretrain";
import { CharModel, charCheckpoint, realWordShare, sonnetSplit } from "../../../src/index";

describe("the pretrained character model (npm run pretrain)", () => {
  const checkpoint = charCheckpoint();
  const { train, heldOut } = sonnetSplit();

  it("loads into a model of the training sonnets and gives the held-out loss it records, well below log V", () => {
    expect(checkpoint.settings).toEqual(PRETRAIN_SETTINGS);
    expect(checkpoint.steps).toBe(PRETRAIN_STEPS);
    const model = new CharModel(train, checkpoint.settings).loadWeights(checkpoint.weights);
    const loss = model.lossPerCharacter(heldOut);
    expect(loss).toBeCloseTo(checkpoint.heldOutLoss, 10);
    expect(loss).toBeLessThan(0.5 * Math.log(model.vocab.size));
    // The held-out losses of the checkpoints fall step after step.
    const losses = checkpoint.log.map((entry) => entry.heldOutLoss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
  });

  it("is what the script makes: a rerun of its first steps reproduces the recorded losses", () => {
    const model = pretrainModel();
    model.train(FIRST_STEPS);
    expect(model.history.loss.length).toBe(checkpoint.firstLosses.length);
    model.history.loss.forEach((loss, i) => expect(loss).toBeCloseTo(checkpoint.firstLosses[i], 9));
  });

  it("refuses weights that do not fit, naming what differs", () => {
    expect(() => new CharModel(train, { ...checkpoint.settings, hiddenSize: 64 }).loadWeights(checkpoint.weights)).toThrow("H = 128; this model is a rnn with H = 64");
    expect(() => new CharModel(["to be, or not to be"], { ...checkpoint.settings, batchSize: 1, seqLength: 2 }).loadWeights(checkpoint.weights)).toThrow("vocabulary (64 tokens) is not this model's (12)");
  });

  it("notebook 05 states the held-out loss, perplexity and log V that the checkpoint gives", () => {
    const notebook = JSON.parse(readFileSync(new URL("../../../notebooks/05-training-a-character-model.ipynb", import.meta.url), "utf8"));
    const prose = notebook.cells.filter((cell: { cell_type: string }) => cell.cell_type === "markdown").map((cell: { source: string[] }) => cell.source.join("")).join("\n");
    const V = new CharModel(train).vocab.size;
    expect(prose).toContain(`${checkpoint.heldOutLoss.toFixed(2)} nats per character`);
    expect(prose).toContain(`perplexity ${Math.exp(checkpoint.heldOutLoss).toFixed(1)}`);
    expect(prose).toContain(`log V = ${Math.log(V).toFixed(2)}`);
  });

  it("writes more real words than untrained weights (the measure the notebook prints)", () => {
    const trained = new CharModel(train, checkpoint.settings).loadWeights(checkpoint.weights);
    const untrained = new CharModel(train, checkpoint.settings);
    const text = (model: CharModel) => Array.from({ length: 10 }, (_, i) => model.sample({ temperature: 0.7, seed: i + 1, maxLength: 120 })).join("\n");
    const share = (model: CharModel) => realWordShare(text(model), train).share;
    expect(share(trained)).toBeGreaterThan(0.5);
    expect(share(untrained)).toBeLessThan(0.3);
  });
});

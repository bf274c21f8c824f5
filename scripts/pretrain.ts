/**
 * `npm run pretrain`: trains article 05's character model on the 139 training sonnets for longer than a
 * notebook cell can, deterministically (seeded weights, streams read in order), and writes the checkpoint
 * the notebook loads: src/data/char-rnn-checkpoint.ts (weights to 4 significant digits, as a JSON string).
 * It records the held-out loss of the saved (rounded) weights, the loss of the first steps (so a test can
 * check that a rerun reproduces them) and a sample at each checkpoint step.
 */
import { writeFileSync } from "node:fs";
import { CharModel, sonnetSplit, type CharModelOptions } from "../src/index";

export const PRETRAIN_SETTINGS = { kind: "rnn", hiddenSize: 128, batchSize: 32, seqLength: 25, learningRate: 0.1, seed: 1 } as const satisfies CharModelOptions;
export const PRETRAIN_STEPS = 3000;
export const LOGGED_STEPS = [0, 100, 300, 1000, 3000];
export const SAMPLE = { temperature: 0.7, seed: 7, maxLength: 120 };
export const FIRST_STEPS = 5;

export function pretrainModel(): CharModel {
  return new CharModel(sonnetSplit().train, { ...PRETRAIN_SETTINGS });
}

function main(): void {
  const started = Date.now();
  const { heldOut } = sonnetSplit();
  const model = pretrainModel();
  const log: { step: number; heldOutLoss: number; sample: string }[] = [];
  const record = () => log.push({ step: model.step, heldOutLoss: model.lossPerCharacter(heldOut), sample: model.sample(SAMPLE) });
  record();
  while (model.step < PRETRAIN_STEPS) {
    model.trainStep();
    if (LOGGED_STEPS.includes(model.step) && model.step < PRETRAIN_STEPS) record();
    if (model.step % 250 === 0) console.log(`step ${model.step}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const weights = model.weights(4);
  model.loadWeights(weights); // the checkpoint's own (rounded) weights: what the notebook will load
  record();
  const checkpoint = {
    settings: PRETRAIN_SETTINGS,
    steps: PRETRAIN_STEPS,
    firstLosses: model.history.loss.slice(0, FIRST_STEPS),
    heldOutLoss: log[log.length - 1].heldOutLoss,
    log,
    weights,
  };
  const json = JSON.stringify(checkpoint);
  const module = `// Written by \`npm run pretrain\` (scripts/pretrain.ts): article 05's character model after ${PRETRAIN_STEPS} steps. Do not edit.
import type { CharModelWeights } from "../models/char-model";

export interface CharCheckpoint {
  settings: { kind: "rnn"; hiddenSize: number; batchSize: number; seqLength: number; learningRate: number; seed: number };
  steps: number;
  firstLosses: number[]; // the loss of the first training steps, to check that a rerun reproduces them
  heldOutLoss: number; // nats per character on the held-out sonnets, with these (rounded) weights
  log: { step: number; heldOutLoss: number; sample: string }[]; // held-out loss and a sample (τ = ${SAMPLE.temperature}, seed ${SAMPLE.seed}) as training went
  weights: CharModelWeights;
}

/** The pretrained character model: \`new CharModel(sonnetSplit().train, settings).loadWeights(charCheckpoint().weights)\`. */
export function charCheckpoint(): CharCheckpoint {
  return JSON.parse(CHAR_CHECKPOINT_JSON) as CharCheckpoint;
}

const CHAR_CHECKPOINT_JSON = ${JSON.stringify(json)};
`;
  writeFileSync(new URL("../src/data/char-rnn-checkpoint.ts", import.meta.url), module);
  console.log(`${PRETRAIN_STEPS} steps in ${((Date.now() - started) / 1000).toFixed(0)} s; held-out ${checkpoint.heldOutLoss.toFixed(3)} nats/char; ${json.length} bytes of JSON`);
  for (const entry of log) console.log(entry.step, entry.heldOutLoss.toFixed(3), entry.sample);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) main();

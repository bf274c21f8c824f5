/**
 * The parameters of a model with one recurrent layer and one output head (tagger, classifier, generator,
 * decoder, the character model), and the options they are made with. One initialisation for every cell
 * kind: normal weights times `scale`, zero biases (the cells' own init functions; the LSTM's forget-gate
 * bias is 1, see cells/lstm.ts, unless `forgetBias` says otherwise; the GRU's update-gate bias is 0 unless
 * `updateBias` does), and an output head Why (K, H), by (K, 1) for K classes or tokens.
 *
 * @example
 *   const params = initModelParams("gru", 12, 16, 5, createRng(1), 0.1);   // Wxz (16, 12), ..., Why (5, 16), by (5, 1)
 *   initModelParams("lstm", 6, 16, 2, createRng(1), 0.1, { forgetBias: 3 }).bf;   // (16, 1), every entry 3
 */
import type { Matrix } from "mathjs";
import { initGruParams } from "../cells/gru";
import { initLstmParams } from "../cells/lstm";
import { cellParamNames, layerForward, type CellKind } from "../fast/layer";
import { shapeOf, zerosMatrix, type MatrixSet } from "../matrix";
import { randomMatrix, type Rng } from "../random";
import { initParams } from "../rnn/params";

export type { CellKind } from "../fast/layer";

/** The standard deviation of the models' initial weights: larger than min-char-rnn's 0.01, so that gradients cross their short sequences from the start. */
export const MODEL_WEIGHT_SCALE = 0.1;

/** The bias of the gate that keeps the state, for the cell that has it (article 08, section 2). */
export interface GateBiases {
  forgetBias?: number; // lstm only: every entry of bf, 1 by default (cells/lstm.ts)
  updateBias?: number; // gru only: every entry of bz, 0 by default (cells/gru.ts)
}

export interface ModelOptions extends GateBiases {
  kind?: CellKind; // the recurrent cell, "rnn" by default
  hiddenSize?: number; // H, 16 by default
  seed?: number; // the weights' seed, 1 by default
  scale?: number; // the weights' standard deviation, MODEL_WEIGHT_SCALE (0.1) by default
}

/** The cell's weights for `kind` (drawn first, in its own order), then Why (K, H) and by (K, 1). */
export function initModelParams(kind: CellKind, inputSize: number, hiddenSize: number, outputSize: number, rng: Rng, scale = MODEL_WEIGHT_SCALE, gates: GateBiases = {}): MatrixSet {
  if (gates.forgetBias !== undefined && kind !== "lstm") throw new RangeError(`forgetBias is the LSTM's forget-gate bias, but the cell is ${kind}.`);
  if (gates.updateBias !== undefined && kind !== "gru") throw new RangeError(`updateBias is the GRU's update-gate bias, but the cell is ${kind}.`);
  if (kind === "rnn") return initParams(inputSize, hiddenSize, rng, scale, { size: outputSize });
  const params: MatrixSet = kind === "lstm"
    ? initLstmParams(inputSize, hiddenSize, rng, { scale, forgetBias: gates.forgetBias })
    : initGruParams(inputSize, hiddenSize, rng, { scale, updateBias: gates.updateBias });
  if (outputSize !== inputSize) {
    params.Why = randomMatrix(outputSize, hiddenSize, scale, rng); // (K, H)
    params.by = zerosMatrix(outputSize, 1); // (K, 1)
  }
  return params;
}

/** The cell's parameters alone (no Why, by), under the names the fast layer reads. */
export function cellParams(kind: CellKind, params: MatrixSet, prefix = ""): MatrixSet {
  return Object.fromEntries(cellParamNames(kind).map((name) => [name, params[prefix + name]]));
}

/** Zero gradients `d` + name for every parameter. */
export function zeroModelGradients(params: MatrixSet): MatrixSet {
  return Object.fromEntries(Object.keys(params).map((name) => {
    const [rows, cols] = shapeOf(params[name], name);
    return ["d" + name, zerosMatrix(rows, cols)];
  }));
}

/** H from the cell's first weight matrix. */
export function hiddenSizeOf(kind: CellKind, params: MatrixSet, prefix = ""): number {
  return shapeOf(params[prefix + cellParamNames(kind)[0]] as Matrix, prefix + cellParamNames(kind)[0])[0];
}

/** A state to start a pass from: h_0 (H, B) and, for an LSTM, c_0 (H, B); zeros when absent. */
export interface RecurrentState {
  h0?: Matrix;
  c0?: Matrix;
}

/** One step of the layer for B sequences (one token id each) from `state`: the state to start the next step from. */
export function layerStep(kind: CellKind, params: MatrixSet, ids: readonly number[], state: RecurrentState = {}): RecurrentState {
  const pass = layerForward(kind, cellParams(kind, params), ids.map((id) => [id]), state);
  return { h0: pass.state(1), c0: kind === "lstm" ? pass.cell(1) : undefined };
}

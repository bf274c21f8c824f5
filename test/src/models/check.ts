// Shared by the model tests: gradients copied out of a model's reused buffers, and a gradient check on them.
import { matrix } from "mathjs";
import { createRng, gradientCheck, rowsOf, type MatrixSet } from "../../../src/index";

export function copyGradients(grads: MatrixSet): MatrixSet {
  const copy: MatrixSet = {};
  for (const name of Object.keys(grads)) copy[name] = matrix(rowsOf(grads[name]).map((row) => row.slice()), "dense", "number");
  return copy;
}

/** Sets every parameter to normal numbers times `scale` (biases too), so every gradient is sizeable. */
export function randomize(params: MatrixSet, scale: number, seed: number): void {
  const rng = createRng(seed);
  for (const name of Object.keys(params)) for (const row of rowsOf(params[name])) for (let j = 0; j < row.length; j++) row[j] = rng.normal() * scale;
}

/** The worst relative error of the model's gradients against centred differences, over every weight. */
export function worstRelativeError<E>(model: { params: MatrixSet; lossAndGradients(e: E): { loss: number; grads: MatrixSet } }, example: E): number {
  const grads = copyGradients(model.lossAndGradients(example).grads);
  return gradientCheck(model.params, grads, () => model.lossAndGradients(example).loss).maxRelativeError;
}

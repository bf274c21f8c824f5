/**
 * Training on typed storage: the weights stay in the fast layer's workspace between steps, and one flat
 * loop over them clips each gradient to [−clip, clip] and takes min-char-rnn's Adagrad step:
 *   g = clip(dθ)    m += g ⊙ g    θ −= lr · g / sqrt(m + ε)
 * the same numbers as recurrentLossAndGradients + clipByValue + adagrad on mathjs matrices, without
 * packing the weights into the workspace and the gradients out of it at every step. The mathjs params
 * are only read at the start; `writeBack()` copies the trained weights into them.
 *
 * @example
 *   const trainer = new FastTrainer("lstm", params, { learningRate: 0.1, clip: 5 });
 *   let { hLast, cLast } = trainer.step({ inputs, targets });        // h0, c0 zeros
 *   ({ hLast, cLast } = trainer.step(next, { h0: hLast, c0: cLast }));
 *   trainer.writeBack();                                            // params now hold the trained weights
 */
import type { Matrix } from "mathjs";
import { expectShape } from "../matrix";
import { cellSizes } from "./checks";
import { cellOf, checkBatch, checkTruncate, type Batch, type CellKind, type NamedMatrices } from "./layer";
import { packCell, packOutput, type Pass } from "./layout";
import { loadState, stateMatrix } from "./matrices";
import { bestKernels, loadIds, outputLayer, runBackward, runForward, startPass, weightGradients } from "./pass";

export interface FastTrainerOptions {
  learningRate?: number; // 0.1 by default
  clip?: number; // each gradient entry is clipped to [−clip, clip]: 5 by default (min-char-rnn), Infinity for none
  epsilon?: number; // Adagrad's ε, 1e-8 by default
}

export interface FastStepResult {
  loss: number; // Σ over b and t of mask · (−log p), before the update
  hLast: Matrix; // (H, B)
  cLast?: Matrix; // (H, B) lstm
}

export class FastTrainer {
  readonly kind: CellKind;
  readonly H: number;
  readonly V: number;
  steps = 0;
  private pass: Pass;
  private readonly learningRate: number;
  private readonly clip: number;
  private readonly epsilon: number;

  constructor(
    kind: CellKind,
    readonly params: NamedMatrices,
    options: FastTrainerOptions = {},
  ) {
    const cell = cellOf(kind);
    [this.H, this.V] = cellSizes(cell, params);
    expectShape("Why", params.Why, [this.V, this.H]);
    expectShape("by", params.by, [this.V, 1]);
    this.kind = kind;
    this.learningRate = options.learningRate ?? 0.1;
    this.clip = options.clip ?? 5;
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.learningRate > 0) || !(this.clip > 0) || !(this.epsilon > 0)) {
      throw new RangeError(`learningRate, clip and epsilon must be > 0, got ${this.learningRate}, ${this.clip}, ${this.epsilon}.`);
    }
    // Its own kernels, so that other layer calls never overwrite the weights kept in the workspace.
    this.pass = startPass(bestKernels(), cell, 1, 1, this.H, this.V);
    packCell(this.pass, params);
    packOutput(this.pass, params.Why, params.by);
    const { w, L } = this.pass;
    w.fill(0, L.memory, L.memory + L.size);
  }

  /** One step on a batch: loss and gradients (truncated when asked), clipping, Adagrad; from h0 (c0), zeros by default. */
  step(batch: Batch, start: { h0?: Matrix; c0?: Matrix; truncate?: number } = {}): FastStepResult {
    const [B, T] = checkBatch(batch, this.V);
    const k = checkTruncate(start.truncate);
    const pass = (this.pass = startPass(this.pass.k, this.pass.cell, B, T, this.H, this.V, this.pass));
    const { L } = pass;
    loadIds(pass, batch.inputs);
    loadState(pass, L.h(0), "h0", start.h0);
    if (pass.cell.hasCell) loadState(pass, L.c(0), "c0", start.c0);
      runForward(pass);
    const loss = outputLayer(pass, batch.targets, batch.mask);
    runBackward(pass, k, -1, -1);
    weightGradients(pass, true);
    this.steps += 1;
    if (!Number.isFinite(loss)) throw new Error(`Training stopped at step ${this.steps}: the loss is ${loss} (try a smaller learning rate).`);
    this.update();
    const result: FastStepResult = { loss, hLast: stateMatrix(pass.w, L.h(T), L) };
    if (pass.cell.hasCell) result.cLast = stateMatrix(pass.w, L.c(T), L);
    return result;
  }

  /**
   * Clipping and Adagrad over every weight at once (weights, gradients and memory are laid out alike). The
   * input weights of tokens absent from the batch have zero gradients, which leave them and their memory
   * as they are: their rows are skipped.
   */
  private update(): void {
    const { w, L } = this.pass;
    const GH = L.G * L.H;
    const seen = new Uint8Array(L.V);
    for (let r = 0; r < L.ids.length; r++) seen[L.ids[r]] = 1;
    let total = 0;
    for (let v = 0; v < L.V; v++) if (seen[v]) total += this.adagrad(L.wx + v * GH, L.wx + (v + 1) * GH);
    total += this.adagrad(L.bias, L.size);
    if (!Number.isFinite(total)) {
      for (let i = 0; i < L.size; i++) {
        if (!Number.isFinite(w[i])) throw new Error(`Training stopped at step ${this.steps}: the update made ${this.describe(i)} ${w[i]}.`);
      }
    }
  }

  /** min-char-rnn's clip and Adagrad step on the weights [from, to); returns their sum (finite unless one is not). */
  private adagrad(from: number, to: number): number {
    const { w, L } = this.pass;
    const d = L.grads, m = L.memory, lr = this.learningRate, clip = this.clip, eps = this.epsilon;
    let sum = 0;
    for (let i = from; i < to; i++) {
      let g = w[d + i];
      if (g > clip) g = clip;
      else if (g < -clip) g = -clip;
      const g2 = (w[m + i] += g * g);
      sum += w[i] -= (lr * g) / Math.sqrt(g2 + eps);
    }
    return sum;
  }

  /** "Whh (3, 7)": the parameter and entry of the weight at offset `at`. */
  private describe(at: number): string {
    const { L, cell } = this.pass;
    const { H, G } = L;
    if (at >= L.by) return `by (${at - L.by}, 0)`;
    if (at >= L.why) return `Why (${Math.floor((at - L.why) / H)}, ${(at - L.why) % H})`;
    if (at >= L.wh) {
      const row = Math.floor((at - L.wh) / H);
      return `${cell.gates[Math.floor(row / H)][1]} (${row % H}, ${(at - L.wh) % H})`;
    }
    if (at >= L.bias) return `${cell.gates[Math.floor((at - L.bias) / H)][2]} (${(at - L.bias) % H}, 0)`;
    const column = (at - L.wx) % (G * H);
    return `${cell.gates[Math.floor(column / H)][0]} (${column % H}, ${Math.floor((at - L.wx) / (G * H))})`;
  }

  /** Copies the trained weights into the mathjs params given to the constructor. */
  writeBack(): void {
    const { w, L, cell } = this.pass;
    const { H, V, G } = L;
    cell.gates.forEach(([wxName, whName, bName], g) => {
      const Wx = this.params[wxName].valueOf() as number[][], Wh = this.params[whName].valueOf() as number[][];
      const b = this.params[bName].valueOf() as number[][];
      for (let i = 0; i < H; i++) {
        for (let v = 0; v < V; v++) Wx[i][v] = w[L.wx + v * G * H + g * H + i];
        for (let c = 0; c < H; c++) Wh[i][c] = w[L.wh + (g * H + i) * H + c];
        b[i][0] = w[L.bias + g * H + i];
      }
    });
    const Why = this.params.Why.valueOf() as number[][], by = this.params.by.valueOf() as number[][];
    for (let v = 0; v < V; v++) {
      for (let i = 0; i < H; i++) Why[v][i] = w[L.why + v * H + i];
      by[v][0] = w[L.by + v];
    }
  }
}

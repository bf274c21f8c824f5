import { add, divide, dotDivide, dotMultiply, map, multiply, subtract, sum, type Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  adagrad, adam, Classifier, createRng, firstTokenTask, lossAndGradientsFast, MEMORY_SIGNALS, memoryVocabulary, momentum, rowsOf, sgd, shapeOf, trainingStep,
  trainModel, zeroGradients, zerosMatrix, type MatrixSet, type Optimizer, type RnnParams,
} from "../../../src/index";
import { maxAbsDiff, randomProblem } from "../helpers";

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

describe("trainingStep's in-place loops give what the mathjs one-liners give", () => {
  // The reference: the same gradients, then each equation of clipping.ts and optimizers.ts as one mathjs call
  // per operation on a copy of the weights.
  type Update = (p: Matrix, g: Matrix, memory: { [key: string]: Matrix }, t: number) => Matrix;
  const lr = 0.05, mu = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  const references: { [name: string]: { optimizer: () => Optimizer; update: Update } } = {
    sgd: { optimizer: () => sgd(lr), update: (p, g) => subtract(p, multiply(lr, g)) as Matrix },
    momentum: {
      optimizer: () => momentum(lr, mu),
      update: (p, g, m) => add(p, (m.v = subtract(multiply(mu, m.v ?? zerosMatrix(...shapeOf(p))), multiply(lr, g)) as Matrix)) as Matrix,
    },
    adagrad: {
      optimizer: () => adagrad(lr),
      update: (p, g, m) => subtract(p, dotDivide(multiply(lr, g), map(add((m.G = add(m.G ?? zerosMatrix(...shapeOf(p)), dotMultiply(g, g)) as Matrix), eps) as Matrix, Math.sqrt))) as Matrix,
    },
    adam: {
      optimizer: () => adam(lr),
      update: (p, g, m, t) => {
        m.m = add(multiply(beta1, m.m ?? zerosMatrix(...shapeOf(p))), multiply(1 - beta1, g)) as Matrix;
        m.s = add(multiply(beta2, m.s ?? zerosMatrix(...shapeOf(p))), multiply(1 - beta2, dotMultiply(g, g))) as Matrix;
        const mHat = divide(m.m, 1 - beta1 ** t) as Matrix, sHat = divide(m.s, 1 - beta2 ** t) as Matrix;
        return subtract(p, dotDivide(multiply(lr, mHat), add(map(sHat, Math.sqrt), eps) as Matrix)) as Matrix;
      },
    },
  };
  const copyOf = (params: MatrixSet): MatrixSet => Object.fromEntries(Object.entries(params).map(([k, m]) => [k, m.clone()]));

  for (const [name, reference] of Object.entries(references)) {
    for (const clip of [{ value: 0.05 }, { norm: 0.5 }]) {
      it(`${name}, clip ${JSON.stringify(clip)}: 8 steps to 1e-12`, () => {
        const params = randomProblem(7, 5, 6, 0.5, 71).params as unknown as MatrixSet;
        const mine = copyOf(params), theirs = copyOf(params);
        const optimizer = reference.optimizer(), grads = zeroGradients(mine as RnnParams), memory: { [key: string]: { [key: string]: Matrix } } = {};
        const rng = createRng(72);
        let clipped = 0;
        for (let step = 1; step <= 8; step++) {
          const inputs = Array.from({ length: 6 }, () => rng.int(7)), targets = Array.from({ length: 6 }, () => rng.int(7));
          const h0 = zerosMatrix(5, 1);
          trainingStep(mine, step, { optimizer, clip }, () => {
            const { loss } = lossAndGradientsFast(mine as RnnParams, inputs, targets, h0, grads);
            return { loss, grads };
          });
          const { loss, hLast, ...g } = lossAndGradientsFast(theirs as RnnParams, inputs, targets, h0);
          let theirGrads = g as unknown as MatrixSet;
          if (clip.value !== undefined) {
            const c = clip.value;
            clipped += Object.values(theirGrads).reduce((n, m) => n + (rowsOf(m).flat().filter((x) => Math.abs(x) > c).length), 0);
            theirGrads = Object.fromEntries(Object.entries(theirGrads).map(([k, m]) => [k, map(m, (x: number) => Math.min(Math.max(x, -c), c))]));
          } else {
            const total = Math.sqrt(Object.values(theirGrads).reduce((s, m) => s + (sum(dotMultiply(m, m)) as number), 0));
            if (total > clip.norm!) {
              clipped += 1;
              theirGrads = Object.fromEntries(Object.entries(theirGrads).map(([k, m]) => [k, multiply(m, clip.norm! / total) as Matrix]));
            }
          }
          for (const p of Object.keys(theirs)) theirs[p] = reference.update(theirs[p], theirGrads["d" + p], (memory[p] ??= {}), step);
          expect(Number.isFinite(loss) && hLast !== undefined).toBe(true);
        }
        expect(clipped).toBeGreaterThan(0); // the clipping was exercised
        for (const p of Object.keys(params)) {
          expect(maxAbsDiff(mine[p], theirs[p]), p).toBeLessThan(1e-12);
          expect(maxAbsDiff(mine[p], params[p]), p).toBeGreaterThan(1e-3); // it trained
        }
      });
    }
  }
});

import { describe, expect, it } from "vitest";
import { adagrad, adam, momentum, rowsOf, sgd } from "../../../src/index";
import { fromRows } from "../helpers";

const setup = () => ({ params: { W: fromRows([[1, -2]]) }, grads: { dW: fromRows([[0.5, -4]]) } });

describe("optimizers update the parameter matrices in place", () => {
  it("SGD: θ - lr·g", () => {
    const { params, grads } = setup();
    const W = params.W;
    sgd(0.1).step(params, grads);
    expect(params.W).toBe(W);
    expect(rowsOf(W)[0][0]).toBeCloseTo(0.95, 15);
    expect(rowsOf(W)[0][1]).toBeCloseTo(-1.6, 15);
  });

  it("Momentum: the second step adds μ times the first", () => {
    const { params, grads } = setup();
    const opt = momentum(0.1, 0.9);
    opt.step(params, grads);
    opt.step(params, grads);
    expect(rowsOf(params.W)[0][0]).toBeCloseTo(1 - 0.05 - (0.9 * 0.05 + 0.05), 15);
  });

  it("Adagrad: min-char-rnn's mem += g², θ -= lr·g / sqrt(mem + 1e-8)", () => {
    const { params, grads } = setup();
    const opt = adagrad(0.1);
    opt.step(params, grads);
    expect(rowsOf(params.W)[0][1]).toBeCloseTo(-2 + (0.1 * 4) / Math.sqrt(16 + 1e-8), 15);
    opt.step(params, grads);
    expect(rowsOf(params.W)[0][1]).toBeCloseTo(-2 + (0.1 * 4) / Math.sqrt(16 + 1e-8) + (0.1 * 4) / Math.sqrt(32 + 1e-8), 15);
  });

  it("Adam: the first step moves every entry by about lr, whatever the gradient's size", () => {
    const { params, grads } = setup();
    adam(0.01).step(params, grads);
    expect(rowsOf(params.W)[0][0]).toBeCloseTo(0.99, 7);
    expect(rowsOf(params.W)[0][1]).toBeCloseTo(-1.99, 7);
  });

  it("names a missing gradient or a shape mismatch", () => {
    const { params } = setup();
    expect(() => sgd(0.1).step(params, { dV: fromRows([[1, 1]]) })).toThrow("No gradient dW for parameter W: got dV");
    expect(() => sgd(0.1).step(params, { dW: fromRows([[1], [1]]) })).toThrow("W is (1, 2) but dW is (2, 1)");
  });
});

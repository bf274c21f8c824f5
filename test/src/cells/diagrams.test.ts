import { describe, expect, it } from "vitest";
import { createRng, gruCellDiagram, gruStepForward, initGruParams, initLstmParams, lstmCellDiagram, lstmStepForward, oneHot, randomMatrix, rowsOf } from "../../../src/index";

const written = (svg: string) => [...svg.matchAll(/font-size="10"[^>]*>(-?\d+\.\d\d)</g)].map((m) => Number(m[1]));
const values = (m: { toArray(): unknown }) => rowsOf(m as never).map(([v]) => Number(v.toFixed(2)));

describe("cell diagrams drawn from one real step", () => {
  const rng = createRng(3);
  const h0 = randomMatrix(3, 1, 0.5, rng), c0 = randomMatrix(3, 1, 1, rng), x = oneHot(1, 5);

  it("the LSTM diagram writes every unit of c⟨t−1⟩, the four gates, c⟨t⟩, tanh(c⟨t⟩), h⟨t⟩ and h⟨t−1⟩, in that order", () => {
    const step = lstmStepForward(initLstmParams(5, 3, createRng(1), { scale: 0.8 }), x, h0, c0);
    const svg = lstmCellDiagram(step);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(written(svg)).toEqual([step.cPrev, step.c, step.f, step.i, step.cTilde, step.o, step.tanhC, step.h, step.hPrev].flatMap(values));
    expect(svg).toContain("f = σ(·)  forget");
  });

  it("the GRU diagram writes every unit of h⟨t−1⟩, h⟨t⟩, z, r, r ⊙ h⟨t−1⟩ and h̃", () => {
    const step = gruStepForward(initGruParams(5, 3, createRng(1), { scale: 0.8 }), x, h0);
    const svg = gruCellDiagram(step);
    expect(written(svg)).toEqual([step.hPrev, step.h, step.z, step.r, step.rh, step.hTilde, step.hPrev].flatMap(values));
    expect(svg).toContain("z = σ(·)  update");
  });

  it("refuses more hidden units than it can draw, naming how many", () => {
    const step = gruStepForward(initGruParams(5, 7, createRng(1)), x, randomMatrix(7, 1, 0.5, rng));
    expect(() => gruCellDiagram(step)).toThrow("hPrev has 7 hidden units: a cell diagram draws at most 6; use a smaller H.");
  });
});

import { describe, expect, it } from "vitest";
import { parameterCountFigure } from "../../../src/plots/parameter-count";

describe("parameterCountFigure", () => {
  const figure = parameterCountFigure({ vocabularySize: 20_000, hidden: 10, lengths: [5, 10, 20, 40] });

  it("plots the dense count growing with length and the RNN count flat, on a log axis", () => {
    const [dense, rnn] = figure.data;
    expect(dense.x).toEqual([5, 10, 20, 40]);
    // length x 20,000 x 10 weights + 10 biases
    expect(dense.y).toEqual([1_000_010, 2_000_010, 4_000_010, 8_000_010]);
    // 10 x 20,000 + 10 x 10 weights + 10 biases, whatever the length
    expect(rnn.y).toEqual([200_110, 200_110, 200_110, 200_110]);
    // Log on both axes: a count proportional to the length is a straight line of slope 1.
    expect(figure.layout?.["yaxis"]).toMatchObject({ type: "log" });
    expect(figure.layout?.["xaxis"]).toMatchObject({ type: "log" });
    expect(String(dense.name)).toContain("dense");
    expect(String(rnn.name)).toContain("RNN");
  });

  it("names the sizes in the title", () => {
    expect(figure.layout?.["title"]).toEqual({ text: "Input-layer parameters (weights + biases), V = 20,000, H = 10" });
  });

  it("refuses no lengths and names a bad one", () => {
    expect(() => parameterCountFigure({ vocabularySize: 20_000, hidden: 10, lengths: [] })).toThrow(
      "parameterCountFigure needs at least one sentence length to plot.",
    );
    expect(() => parameterCountFigure({ vocabularySize: 20_000, hidden: 10, lengths: [5, -1] })).toThrow(
      "maxTokens must be a positive integer, got -1.",
    );
  });
});

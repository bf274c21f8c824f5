import { matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { oneHotSequence } from "../../../src/text/one-hot";
import { oneHotFigure } from "../../../src/plots/one-hot";
import { tokenize } from "../../../src/text/tokenize";
import { Vocabulary } from "../../../src/text/vocabulary";
import { REVIEWS } from "../reviews";

describe("oneHotFigure", () => {
  const vocabulary = Vocabulary.fromSentences(REVIEWS);
  const tokens = tokenize(REVIEWS[0]);
  const figure = oneHotFigure(oneHotSequence(vocabulary.encode(tokens), vocabulary.size), tokens, vocabulary.tokens, "Review 1");
  const trace = figure.data[0];

  it("draws one heatmap with the tokens across and the vocabulary down, id 0 on top", () => {
    expect(figure.data).toHaveLength(1);
    expect(trace.type).toBe("heatmap");
    expect(trace.x).toEqual(["1: Delightful", "2: place", "3: to", "4: have", "5: dinner"]);
    expect((trace.y as string[]).slice(0, 5)).toEqual(["&lt;PAD&gt; (0)", "&lt;SOS&gt; (1)", "&lt;EOS&gt; (2)", "&lt;UNK&gt; (3)", "Delightful (4)"]);
    expect((trace.y as string[])[14]).toBe("wasn't (14)");
    expect(figure.layout?.["yaxis"]).toMatchObject({ autorange: "reversed" });
    expect(figure.layout?.["title"]).toEqual({ text: "Review 1" });
  });

  it("lights cell (id, t) for each token: ids 4 to 8 on the diagonal of rows 4-8", () => {
    const z = trace.z as number[][];
    expect(z).toHaveLength(15);
    z.forEach((row, id) => expect(row).toEqual([0, 1, 2, 3, 4].map((t) => (id === 4 + t ? 1 : 0))));
    expect((trace.text as string[][])[6]).toEqual(["0", "0", "1", "0", "0"]);
  });

  it("keeps a repeated token's columns apart", () => {
    const repeated = ["was", "nice", "was"];
    const twice = oneHotFigure(oneHotSequence(vocabulary.encode(repeated), vocabulary.size), repeated, vocabulary.tokens);
    expect(twice.data[0].x).toEqual(["1: was", "2: nice", "3: was"]);
    expect((twice.data[0].z as number[][])[10]).toEqual([1, 0, 1]);
  });

  it("escapes the title too, so <PAD> survives Plotly's markup", () => {
    const padded = oneHotFigure(oneHotSequence([0], vocabulary.size), ["<PAD>"], vocabulary.tokens, "with <PAD>");
    expect(padded.layout?.["title"]).toEqual({ text: "with &lt;PAD&gt;" });
    expect(padded.data[0].x).toEqual(["1: &lt;PAD&gt;"]);
  });

  it("names both shapes when the labels do not fit the matrix", () => {
    expect(() => oneHotFigure(matrix([[1], [0]]), ["a", "b"], ["x", "y"])).toThrow(
      "oneHotFigure expects a (2, 2) matrix for 2 vocabulary tokens and 2 tokens, got (2, 1).",
    );
  });
});

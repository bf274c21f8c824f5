import { describe, expect, it } from "vitest";
import { sequencesFigure } from "../../../src/plots/sequences";

describe("sequencesFigure", () => {
  const figure = sequencesFigure([
    { title: "text", values: [4, 5, 6], labels: ["Delightful", "<UNK>", "to"] },
    { title: "time series (made up)", values: [12.5, 13, 11.75, 14] },
  ]);

  it("gives each panel its own axes, stacked from the top, x = time steps 1..T", () => {
    const [text, series] = figure.data;
    expect(text).toMatchObject({ mode: "markers+text", x: [1, 2, 3], y: [4, 5, 6], xaxis: "x", yaxis: "y" });
    expect(text.text).toEqual(["Delightful", "&lt;UNK&gt;", "to"]);
    expect(series).toMatchObject({ mode: "lines+markers", x: [1, 2, 3, 4], y: [12.5, 13, 11.75, 14], xaxis: "x2", yaxis: "y2" });
    expect(series.text).toBeUndefined();
    const top = figure.layout?.["yaxis"] as { domain: number[] };
    const bottom = figure.layout?.["yaxis2"] as { domain: number[] };
    // Two panels of (1 - 0.14) / 2 = 0.43 each, 0.14 apart.
    expect(top.domain[0]).toBeCloseTo(0.57, 12);
    expect(top.domain[1]).toBe(1);
    expect(bottom.domain[0]).toBeCloseTo(0, 12);
    expect(bottom.domain[1]).toBeCloseTo(0.43, 12);
    expect(figure.layout?.["xaxis2"]).toMatchObject({ anchor: "y2" });
    expect(figure.layout?.["yaxis"]).toMatchObject({ showticklabels: false });
    expect(figure.layout?.["yaxis2"]).not.toHaveProperty("showticklabels");
  });

  it("escapes the figure's title for Plotly", () => {
    expect(sequencesFigure([{ title: "t", values: [1] }], "<UNK> & co").layout?.["title"]).toEqual({ text: "&lt;UNK&gt; &amp; co" });
  });

  it("titles each panel with an annotation", () => {
    const annotations = figure.layout?.["annotations"] as { text: string }[];
    expect(annotations.map((a) => a.text)).toEqual(["<b>text</b>", "<b>time series (made up)</b>"]);
  });

  it("names the panel whose labels do not match its values", () => {
    expect(() => sequencesFigure([{ title: "review", values: [1, 2], labels: ["one"] }])).toThrow(
      'Panel "review" has 2 values but 1 labels; give one label per value.',
    );
    expect(() => sequencesFigure([])).toThrow("sequencesFigure needs at least one panel.");
  });
});

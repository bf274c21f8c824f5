import { describe, expect, it } from "vitest";
import { heatmapFigure } from "../../../src/index";

describe("heatmapFigure", () => {
  it("keeps every column even when a token repeats, escapes labels and fixes the colour range", () => {
    const figure = heatmapFigure({ z: [[0.5, -1, 1], [0, 0.25, -0.5]], x: ["to", "<EOS>", "to"], y: ["unit 1", "unit 2"], title: "h", range: [-1, 1] });
    const trace = figure.data[0];
    expect(trace["x"]).toEqual(["1: to", "2: &lt;EOS&gt;", "3: to"]);
    expect(trace["z"]).toEqual([[0.5, -1, 1], [0, 0.25, -0.5]]);
    expect([trace["zmin"], trace["zmax"]]).toEqual([-1, 1]);
  });

  it("names the mismatch between values and labels", () => {
    expect(() => heatmapFigure({ z: [[1, 2]], x: ["a", "b"], y: ["r1", "r2"], title: "t" })).toThrow("1 rows of values but 2 row labels");
    expect(() => heatmapFigure({ z: [[1, 2]], x: ["a"], y: ["r1"], title: "t" })).toThrow("row 0 has 2 values but there are 1 column labels");
  });
});

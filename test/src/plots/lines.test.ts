import { describe, expect, it } from "vitest";
import { barsFigure, linesFigure } from "../../../src/index";

describe("linesFigure and barsFigure", () => {
  it("draw one trace per series, x = 1..n by default, and a log axis on request", () => {
    const figure = linesFigure({ title: "Loss", xTitle: "step", yTitle: "loss", logY: true, series: [{ name: "a", y: [3, 2, 1] }, { name: "b", x: [10, 20], y: [5, 4], dash: "dash" }] });
    expect(figure.data.map((t) => t["x"])).toEqual([[1, 2, 3], [10, 20]]);
    expect(figure.data[1]["line"]).toEqual({ dash: "dash" });
    expect((figure.layout?.["yaxis"] as Record<string, unknown>)["type"]).toBe("log");
    expect(() => linesFigure({ title: "t", xTitle: "x", yTitle: "y", series: [{ name: "bad", x: [1], y: [1, 2] }] })).toThrow('Series "bad" has 1 x values but 2 y values');
  });

  it("bars share the chart's categories and escape them", () => {
    const figure = barsFigure({ title: "L", xTitle: "t", yTitle: "loss", x: ["<SOS>", "a"], series: [{ name: "L_t", y: [1.5, 0.5] }] });
    expect(figure.data[0]).toMatchObject({ type: "bar", x: ["&lt;SOS&gt;", "a"], y: [1.5, 0.5] });
  });
});

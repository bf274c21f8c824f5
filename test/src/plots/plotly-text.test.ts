import { describe, expect, it } from "vitest";
import { plotlyText } from "../../../src/plots/plotly-text";

describe("plotlyText", () => {
  it("escapes the characters Plotly reads as markup, ampersand first", () => {
    expect(plotlyText("<PAD>")).toBe("&lt;PAD&gt;");
    expect(plotlyText("R&D <b>")).toBe("R&amp;D &lt;b&gt;");
    expect(plotlyText("wasn't")).toBe("wasn't");
  });
});

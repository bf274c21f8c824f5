import { describe, expect, it } from "vitest";
import { cellDiagram, htmlTable, svgEscape, unrolledDiagram } from "../../../src/index";

const count = (text: string, part: string) => text.split(part).length - 1;

describe("diagrams", () => {
  it("unrolls one block per token with the tokens escaped, outputs and losses when given", () => {
    const svg = unrolledDiagram(["<SOS>", "Delightful", "place"], { outputs: ["Delightful", "place", "<EOS>"], losses: [2.5, 0.125, 1] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(count(svg, ">RNN<")).toBe(3);
    expect(svg).toContain("&lt;SOS&gt;");
    expect(svg).toContain("&lt;EOS&gt;");
    expect(svg).not.toContain("<SOS>");
    expect(svg).toContain("L⟨2⟩ = 0.13");
    expect(count(svg, "<line")).toBe(1 + 3 + 2 + 3); // h⟨0⟩, inputs, states between blocks, outputs
    expect(() => unrolledDiagram([])).toThrow("at least one token");
  });

  it("draws the cell with its tanh block and escapes all text", () => {
    expect(cellDiagram()).toContain("tanh(W·[h; x] + bh)");
    expect(svgEscape(`<a href="x">&`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;");
  });

  it("builds an HTML table with every cell escaped", () => {
    expect(htmlTable(["token", "id"], [["<PAD>", 0]])).toBe(
      "<table><thead><tr><th>token</th><th>id</th></tr></thead><tbody><tr><td>&lt;PAD&gt;</td><td>0</td></tr></tbody></table>",
    );
  });
});

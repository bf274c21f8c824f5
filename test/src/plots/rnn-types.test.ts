import { describe, expect, it } from "vitest";
import { rnnTypeDiagram } from "../../../src/index";

describe("rnnTypeDiagram", () => {
  it("draws one block per step, inputs and outputs only where given, and escapes every label", () => {
    const svg = rnnTypeDiagram("many to one <test>", [{ input: "<SOS>" }, { input: "food" }, { input: "was", output: "positive" }]);
    expect(svg.match(/>RNN</g)).toHaveLength(3);
    expect(svg.match(/fill="#dcfce7"/g)).toHaveLength(3); // three inputs
    expect(svg.match(/fill="#fde68a"/g)).toHaveLength(1); // one output
    expect(svg).toContain("&lt;SOS&gt;");
    expect(svg).toContain("many to one &lt;test&gt;");
    expect(svg).not.toContain("<SOS>");
    expect(svg).not.toContain("<test>");
  });

  it("names encoder and decoder blocks, draws feedback paths, shortens long tokens", () => {
    const svg = rnnTypeDiagram("seq2seq", [
      { input: "a", part: "encoder" },
      { input: "<SOS>", output: "b", part: "decoder", feedback: true },
      { input: "b", output: "averyveryverylongtoken", part: "decoder" },
    ]);
    expect(svg.match(/>encoder</g)).toHaveLength(1);
    expect(svg.match(/>decoder</g)).toHaveLength(2);
    expect(svg.match(/>hand-over</g)).toHaveLength(1); // where the encoder's last state starts the decoder
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1); // one feedback path (the last step feeds nothing)
    expect(svg).toContain("averyveryv…");
    expect(() => rnnTypeDiagram("none", [])).toThrow("at least one step");
  });
});

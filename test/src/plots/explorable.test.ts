import { describe, expect, it } from "vitest";
import { sliderFigure, type SliderState } from "../../../src/plots/explorable";

const states: SliderState[] = [0.5, 1, 1.5].map((rho) => ({ label: String(rho), x: [0, 1, 2], y: [1, rho, rho * rho], note: `ρ² = ${rho * rho}` }));
const spec = { title: "By lag", xTitle: "lag", yTitle: "|dL/dh|", sliderLabel: "ρ = ", summary: "One line per ρ.", states, active: 1 };

type Step = { label: string; method: string; args: [{ x: unknown[][]; y: number[][]; name: string[] }, { annotations: { text: string }[] }, number[]] };
const slider = (figure: ReturnType<typeof sliderFigure>) => (figure.layout!["sliders"] as { active: number; steps: Step[] }[])[0]!;

describe("sliderFigure", () => {
  it("draws every state faintly and the active one on top; each slider step updates only that top trace", () => {
    const figure = sliderFigure(spec);
    expect(figure.data).toHaveLength(4);
    expect(figure.data[3]!["y"]).toEqual([1, 1, 1]);
    expect(figure.data.slice(0, 3).map((trace) => trace["y"])).toEqual([[1, 0.5, 0.25], [1, 1, 1], [1, 1.5, 2.25]]);
    const { active, steps } = slider(figure);
    expect(active).toBe(1);
    expect(steps.map((step) => step.label)).toEqual(["0.5", "1", "1.5"]);
    expect(steps[2]!.method).toBe("update");
    expect(steps[2]!.args[0].y).toEqual([[1, 1.5, 2.25]]);
    expect(steps[2]!.args[0].name).toEqual(["ρ = 1.5"]);
    expect(steps[2]!.args[1].annotations[0]!.text).toBe("ρ² = 2.25");
    expect(steps[2]!.args[2]).toEqual([3]);
    expect((figure.layout!["meta"] as { summary: string }).summary).toBe("One line per ρ.");
  });

  it("bars: one faint reference state behind the chosen one", () => {
    const figure = sliderFigure({ ...spec, kind: "bars", reference: 2, active: 0 });
    expect(figure.data.map((trace) => [trace.type, trace["name"], trace["y"]])).toEqual([
      ["bar", "ρ = 1.5", [1, 1.5, 2.25]],
      ["bar", "ρ = 0.5", [1, 0.5, 0.25]],
    ]);
    expect(slider(figure).steps[1]!.args[2]).toEqual([1]);
  });

  it("escapes labels and notes for Plotly and wraps a long note", () => {
    const long = { label: "<PAD>", x: ["<EOS>"], y: [1], note: "a ".repeat(50) + "<UNK>" };
    const figure = sliderFigure({ ...spec, states: [long, long], active: 0 });
    expect(figure.data[2]!["x"]).toEqual(["&lt;EOS&gt;"]);
    const note = (figure.layout!["annotations"] as { text: string }[])[0]!.text;
    expect(note.split("<br>").length).toBe(2);
    expect(note).toContain("&lt;UNK&gt;");
  });

  it("refuses a slider of one state and an active index out of range, naming the range", () => {
    expect(() => sliderFigure({ ...spec, states: [states[0]!] })).toThrow("A slider needs at least 2 states, got 1.");
    expect(() => sliderFigure({ ...spec, active: 3 })).toThrow("active must be a state's index, from 0 to 2, got 3.");
  });
});

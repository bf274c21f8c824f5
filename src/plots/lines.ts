/**
 * Line charts and bar charts of named series against a shared x axis (time steps, training steps...).
 *
 * @example
 *   show(linesFigure({ title: "Loss", xTitle: "step", yTitle: "loss", series: [{ name: "Adagrad", y: [4.1, 3.2, 2.9] }] }));
 *   show(barsFigure({ title: "Loss per time step", xTitle: "t", yTitle: "loss", x: ["1", "2"], series: [{ name: "L_t", y: [2.1, 1.7] }] }));
 */
import type { Figure } from "./figure";
import { plotlyText } from "./plotly-text";

export interface Series {
  name: string;
  y: number[];
  x?: (number | string)[]; // 1, 2, 3, ... when absent
  dash?: "solid" | "dot" | "dash";
}

export interface ChartSpec {
  title: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
  logY?: boolean;
}

function axes(spec: ChartSpec): Record<string, unknown> {
  return {
    title: { text: plotlyText(spec.title) },
    xaxis: { title: { text: plotlyText(spec.xTitle) } },
    yaxis: { title: { text: plotlyText(spec.yTitle) }, ...(spec.logY ? { type: "log", exponentformat: "power" } : {}) },
    legend: { orientation: "h", y: -0.3 }, // below the x axis title
    margin: { b: 110 },
  };
}

function xOf(s: Series): (number | string)[] {
  if (s.x && s.x.length !== s.y.length) throw new RangeError(`Series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values.`);
  return s.x ? s.x.map((v) => (typeof v === "string" ? plotlyText(v) : v)) : s.y.map((_, i) => i + 1);
}

export function linesFigure(spec: ChartSpec): Figure {
  return {
    data: spec.series.map((s) => ({ type: "scatter", mode: "lines", name: plotlyText(s.name), x: xOf(s), y: s.y, line: { dash: s.dash ?? "solid" } })),
    layout: axes(spec),
  };
}

export function barsFigure(spec: ChartSpec & { x?: string[] }): Figure {
  return {
    data: spec.series.map((s) => ({ type: "bar", name: plotlyText(s.name), x: xOf({ ...s, x: s.x ?? spec.x }), y: s.y })),
    layout: { ...axes(spec), barmode: "group" },
  };
}

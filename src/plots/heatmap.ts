/**
 * A heatmap: rows × columns of numbers as colours, e.g. the hidden state (one row per unit) over the time
 * steps of a sentence (one column per token).
 *
 * @example
 *   show(heatmapFigure({ z: [[0.1, -0.9], [0.5, 0.2]], x: ["Delightful", "place"], y: ["h1", "h2"], title: "Hidden state" }));
 */
import type { Figure } from "./figure";
import { plotlyText } from "./plotly-text";

export interface HeatmapSpec {
  z: number[][]; // one array per row
  x: string[]; // column labels
  y: string[]; // row labels
  title: string;
  xTitle?: string;
  yTitle?: string;
  /** Colour range; [-1, 1] suits tanh values. Without it Plotly uses the data's range. */
  range?: [number, number];
}

export function heatmapFigure(spec: HeatmapSpec): Figure {
  const { z, x, y } = spec;
  if (z.length !== y.length) throw new RangeError(`heatmapFigure: ${z.length} rows of values but ${y.length} row labels.`);
  z.forEach((row, i) => {
    if (row.length !== x.length) throw new RangeError(`heatmapFigure: row ${i} has ${row.length} values but there are ${x.length} column labels.`);
  });
  return {
    data: [
      {
        type: "heatmap",
        z,
        // Category labels may repeat (a word twice in a sentence): number them so Plotly keeps every column.
        x: x.map((label, j) => `${j + 1}: ${plotlyText(label)}`),
        y: y.map(plotlyText),
        colorscale: "RdBu",
        reversescale: true,
        ...(spec.range ? { zmin: spec.range[0], zmax: spec.range[1] } : {}),
      },
    ],
    layout: {
      title: { text: plotlyText(spec.title) },
      xaxis: { title: { text: plotlyText(spec.xTitle ?? "") }, type: "category" },
      yaxis: { title: { text: plotlyText(spec.yTitle ?? "") }, type: "category", autorange: "reversed" },
      height: Math.max(320, 120 + 22 * y.length),
    },
  };
}

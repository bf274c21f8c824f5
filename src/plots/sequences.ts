/**
 * Sequences side by side, one panel each, all against their time step t: a sentence is a sequence of
 * tokens just as a sound or a temperature record is a sequence of numbers, and in each the order
 * carries meaning.
 */
import type { Figure, Trace } from "./figure";
import { plotlyText } from "./plotly-text";

export interface SequencePanel {
  /** The panel's title, e.g. "text: a review, one token a step". */
  title: string;
  /** One number per time step. For text, the tokens' ids (or any height to place them at). */
  values: readonly number[];
  /** Optional words written on the points (for a sentence). */
  labels?: readonly string[];
}

/**
 * @example
 *   show(sequencesFigure([
 *     { title: "text", values: [4, 5, 6], labels: ["Delightful", "place", "to"] },
 *     { title: "time series (made up)", values: [12.1, 12.8, 13.5] },
 *   ]));
 */
export function sequencesFigure(panels: readonly SequencePanel[], title = "Sequences: order matters"): Figure {
  if (!Array.isArray(panels) || panels.length === 0) {
    throw new RangeError("sequencesFigure needs at least one panel.");
  }
  const gap = 0.14;
  const height = (1 - gap * (panels.length - 1)) / panels.length;
  const annotations: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = { title: { text: plotlyText(title) }, showlegend: false, height: 140 + 220 * panels.length, annotations };
  const data: Trace[] = panels.map((panel, index) => {
    if (panel.labels && panel.labels.length !== panel.values.length) {
      throw new RangeError(
        `Panel "${panel.title}" has ${panel.values.length} values but ${panel.labels.length} labels; give one label per value.`,
      );
    }
    const suffix = index === 0 ? "" : String(index + 1);
    // Panels stack from the top: the first one gets the highest slice of the figure.
    const top = 1 - index * (height + gap);
    layout[`xaxis${suffix}`] = { anchor: `y${suffix}`, title: { text: "time step t" } };
    // A sentence's heights only place its words: no y ticks to misread as values.
    const yTicks = panel.labels ? { showticklabels: false, showgrid: false, zeroline: false } : {};
    layout[`yaxis${suffix}`] = { anchor: `x${suffix}`, domain: [top - height, top], ...yTicks };
    annotations.push({ text: `<b>${plotlyText(panel.title)}</b>`, xref: "paper", yref: "paper", x: 0, y: top, xanchor: "left", yanchor: "bottom", showarrow: false });
    return {
      type: "scatter",
      mode: panel.labels ? "markers+text" : "lines+markers",
      name: panel.title,
      x: panel.values.map((_: number, t: number) => t + 1),
      y: [...panel.values],
      ...(panel.labels ? { text: panel.labels.map(plotlyText), textposition: "top center" } : {}),
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
    };
  });
  return { data, layout };
}

/**
 * Explorable figures: a Plotly chart with a slider, every state computed in advance, so it works with no
 * kernel (on the static site, offline) and in JupyterLab alike (plain Plotly: `layout.sliders` whose
 * steps call `update`). Every state is drawn faintly behind the chosen one, so the default state already
 * shows the whole family; the slider brings one member forward, with its own note under the chart.
 *
 * @example
 *   show(sliderFigure({
 *     title: "Gradient by lag", xTitle: "lag", yTitle: "|dL/dh|", sliderLabel: "ρ = ", logY: true,
 *     summary: "Below ρ = 1 the gradient vanishes with the lag; above, it grows.",
 *     states: [0.5, 1, 1.5].map((rho) => ({ label: String(rho), x: [0, 1, 2], y: [1, rho, rho * rho] })),
 *     active: 1,
 *   }));
 */
import type { Figure, Trace } from "./figure";
import { plotlyText } from "./plotly-text";

export interface SliderState {
  label: string; // the slider's tick, e.g. "0.9"
  x: (number | string)[];
  y: number[];
  note?: string; // shown under the chart in this state, e.g. a sample drawn at this temperature
}

export interface SliderSpec {
  title: string;
  xTitle: string;
  yTitle: string;
  sliderLabel: string; // before the current label, e.g. "ρ = "
  states: SliderState[];
  active: number; // the state shown first: choose one that makes the point
  summary: string; // one line for the text alternative (what the figure shows, in words)
  kind?: "lines" | "bars";
  reference?: number; // bars: the state drawn faintly behind the chosen one (the first by default)
  logY?: boolean;
}

function trace(kind: "lines" | "bars", state: SliderState, name: string, faint: boolean): Trace {
  const x = state.x.map((v) => (typeof v === "string" ? plotlyText(v) : v));
  const style = faint ? { color: "rgba(140, 149, 159, 0.45)" } : { color: "#0969da" };
  return kind === "bars"
    ? { type: "bar", name, x, y: state.y, marker: style, width: faint ? 0.8 : 0.45 }
    : { type: "scatter", mode: "lines", name, x, y: state.y, line: { ...style, width: faint ? 1 : 3 }, hoverinfo: faint ? "skip" : undefined, showlegend: false };
}

/** Plotly never wraps text: a long note is broken into lines of about `width` characters. */
function wrap(text: string, width = 72): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map(plotlyText).join("<br>");
}

function noteAnnotation(note: string | undefined): Record<string, unknown>[] {
  if (!note) return [];
  // 56 px under the plot area: below the x axis title.
  return [{ text: wrap(note), xref: "paper", yref: "paper", x: 0, y: 0, yshift: -56, xanchor: "left", yanchor: "top", showarrow: false, align: "left" }];
}

/** A chart with a slider over `states`; the chosen state is the last trace, drawn over faint copies of all. */
export function sliderFigure(spec: SliderSpec): Figure {
  const { states, active } = spec;
  if (states.length < 2) throw new RangeError(`A slider needs at least 2 states, got ${states.length}.`);
  if (!Number.isInteger(active) || active < 0 || active >= states.length) {
    throw new RangeError(`active must be a state's index, from 0 to ${states.length - 1}, got ${active}.`);
  }
  const kind = spec.kind ?? "lines";
  const label = (state: SliderState) => plotlyText(`${spec.sliderLabel}${state.label}`);
  // Bars: one faint reference state behind the chosen one; lines: every state, faintly.
  const reference = states[spec.reference ?? 0];
  if (!reference) throw new RangeError(`reference must be a state's index, from 0 to ${states.length - 1}, got ${spec.reference}.`);
  const background = kind === "bars" ? [trace(kind, reference, label(reference), true)] : states.map((s) => trace(kind, s, label(s), true));
  const chosen = trace(kind, states[active], label(states[active]), false);
  const chosenIndex = background.length;
  const hasNotes = states.some((s) => s.note);
  return {
    data: [...background, chosen],
    layout: {
      title: { text: plotlyText(spec.title) },
      xaxis: { title: { text: plotlyText(spec.xTitle) } },
      yaxis: { title: { text: plotlyText(spec.yTitle) }, ...(spec.logY ? { type: "log", exponentformat: "power" } : {}) },
      barmode: "overlay",
      showlegend: kind === "bars",
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
      height: hasNotes ? 560 : 500,
      margin: { b: hasNotes ? 210 : 150 },
      annotations: noteAnnotation(states[active].note),
      meta: { summary: spec.summary },
      sliders: [
        {
          active,
          pad: { t: hasNotes ? 120 : 60 },
          currentvalue: { prefix: plotlyText(spec.sliderLabel) },
          steps: states.map((state) => ({
            label: plotlyText(state.label),
            method: "update",
            args: [
              { x: [trace(kind, state, "", false).x], y: [state.y], name: [label(state)] },
              { annotations: noteAnnotation(state.note) },
              [chosenIndex],
            ],
          })),
        },
      ],
    },
  };
}

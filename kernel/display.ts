/**
 * Showing a figure in a notebook: the one place where the course talks to tslab's display channel.
 *
 * `show(figure)` sends one display bundle with three representations of the same chart:
 * - `application/vnd.plotly.v1+json`: JupyterLab draws it interactively with the Plotly renderer that
 *   the Python `plotly` package installs, trusted notebook or not;
 * - `text/html`: a `<div>` and a `<script>` that draw the chart with `window.Plotly`. nbconvert keeps
 *   this one (it drops Plotly's own MIME type), and the static site loads plotly.js from its own assets;
 * - `text/plain`: the chart's title, for consoles and logs.
 *
 * @example
 *   show({ data: [{ type: "bar", x: ["dense", "RNN"], y: [4_000_000, 200_210] }], layout: { title: { text: "Weights" } } });
 */
import { randomBytes } from "node:crypto";
import * as jupyter from "tslab/dist/jupyter";
import { ANSWERS_MIME, type Answer } from "../src/checks";
import type { Figure } from "../src/plots/figure";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** Every HTML chart carries this class, so a page can count its charts. */
export const CHART_CLASS = "unrolled-chart";

export type DisplayBundle = Record<string, unknown>;
type WriteDisplayData = (message: { data: DisplayBundle; metadata: object; transient: object }, update: boolean) => void;

/** JSON that is safe inside an HTML `<script>`: no `</script>`, no `<!--`, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function titleOf(figure: Figure): string {
  const title = figure.layout?.["title"];
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return "chart";
}

/** The three representations of a figure; `id` names the HTML element (unique on a page). */
export function chartBundle(figure: Figure, id: string = `chart-${randomBytes(6).toString("hex")}`): DisplayBundle {
  const height = typeof figure.layout?.["height"] === "number" ? (figure.layout["height"] as number) : 420;
  const html =
    `<div class="${CHART_CLASS}" id="${id}" style="width:100%;min-height:${height}px"></div>\n` +
    `<script type="text/javascript">\n` +
    `(function () {\n` +
    `  var element = document.getElementById(${jsonForScript(id)});\n` +
    `  var figure = ${jsonForScript(figure)};\n` +
    `  if (window.Plotly) {\n` +
    `    window.Plotly.newPlot(element, figure.data, figure.layout || {}, { responsive: true, displaylogo: false });\n` +
    `  } else {\n` +
    `    element.textContent = "This interactive chart needs plotly.js, which this page did not load.";\n` +
    `  }\n` +
    `})();\n` +
    `</script>`;
  return {
    [PLOTLY_MIME]: { data: figure.data, layout: figure.layout ?? {} },
    "text/html": html,
    "text/plain": `<${titleOf(figure)}: an interactive Plotly chart>`,
  };
}

/** Draws a Plotly figure under the current cell. Only works inside a tslab kernel. */
export function show(figure: Figure): void {
  if (!figure || !Array.isArray(figure.data)) {
    throw new TypeError("show(figure) expects a Plotly figure: an object with a `data` array of traces (and an optional `layout`).");
  }
  // tslab types bundle values as strings, but Jupyter's messages carry any JSON (Plotly's MIME type is an object).
  const write = jupyter.lastWriteDisplayData as unknown as WriteDisplayData | null;
  if (write == null) {
    throw new Error("show(figure) draws into a notebook: run it in a cell of the TypeScript (tslab) kernel.");
  }
  write({ data: chartBundle(figure), metadata: {}, transient: {} }, false);
}

/**
 * Sends a check cell's recorded answer to the grader: a display output of its own media type (the grader
 * reads it and takes it out of the notebook it hands back). Set as the recorder when grading.
 */
export function sendAnswer(answer: Answer): void {
  const write = jupyter.lastWriteDisplayData as unknown as WriteDisplayData | null;
  write?.({ data: { [ANSWERS_MIME]: answer, "text/plain": `answer recorded: ${answer.name}` }, metadata: {}, transient: {} }, false);
}

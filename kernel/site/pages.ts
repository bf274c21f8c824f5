/**
 * What an executed instructor notebook becomes before nbconvert turns it into a page of the site:
 * - hidden tests are cut out of every cell (they belong to grading, never to readers);
 * - an answer cell keeps its solution, and carries the student's stub (`metadata.unrolled_site.task`),
 *   so the page shows the task and folds the solution under "Show solution";
 * - every chart's HTML output starts with its text alternative: the title and a one-line summary.
 *
 * @example
 *   const page = pageVersion(readNotebook("build/executed/notebooks/05-training-a-character-model.ipynb"));
 */
import { PLOTLY_MIME } from "../display";
import { isGradedTest, nbgraderOf, removeHiddenTests, replaceSolutions } from "../coursework/markers";
import { sourceText, type Cell, type Notebook, type Output } from "../runner";

/** The metadata the article template reads (`cell.metadata.unrolled_site`). */
export interface PageCellMarks {
  /** The student's version of an answer cell: the task, with the stub in place of the solution. */
  task?: string;
  /** A graded check cell: shown open, its public checks only. */
  check?: boolean;
}

interface Trace {
  type?: string;
  name?: string;
  x?: unknown[];
}

interface PlotlyFigure {
  data: Trace[];
  layout?: { title?: string | { text?: string }; meta?: { summary?: string }; sliders?: unknown[]; xaxis?: { title?: string | { text?: string } } };
}

/** Plotly label text as plain text: tags (`<br>`, `<sub>`) dropped, its entities decoded. */
export function plainPlotlyText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function textOf(title: string | { text?: string } | undefined): string {
  return plainPlotlyText(typeof title === "string" ? title : (title?.text ?? ""));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const KIND_NAMES: Record<string, string> = { scatter: "line chart", bar: "bar chart", heatmap: "heatmap" };

/**
 * A chart's text alternative: "Chart: <title>. <summary>". The summary is the figure's own
 * (`layout.meta.summary`) or, failing that, what it draws, e.g.
 * "A line chart of 5 series (ρ = 0.5, ρ = 0.9, …) against lag T − k."
 */
export function chartAlternative(figure: PlotlyFigure): string {
  const title = textOf(figure.layout?.title) || "untitled";
  const own = figure.layout?.meta?.summary;
  if (typeof own === "string" && own.trim()) return `Chart: ${title}. ${plainPlotlyText(own)}`;
  const kinds = Array.from(new Set(figure.data.map((trace) => KIND_NAMES[trace.type ?? "scatter"] ?? `${trace.type} chart`)));
  const names = figure.data.map((trace) => plainPlotlyText(trace.name ?? "")).filter((name) => name);
  const series = figure.data.length === 1 ? "one series" : `${figure.data.length} series`;
  const named = names.length > 0 ? ` (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""})` : "";
  const against = textOf(figure.layout?.xaxis?.title);
  const slider = figure.layout?.sliders?.length ? " A slider changes what it shows." : "";
  return `Chart: ${title}. A ${kinds.join(" and ")} of ${series}${named}${against ? ` against ${against}` : ""}.${slider}`;
}

function withAlternative(output: Output): Output {
  const data = output["data"] as Record<string, unknown> | undefined;
  if (!data || !(PLOTLY_MIME in data) || typeof data["text/html"] !== "string") return output;
  const alternative = `<p class="unrolled-chart-alt">${escapeHtml(chartAlternative(data[PLOTLY_MIME] as PlotlyFigure))}</p>\n`;
  return { ...output, data: { ...data, "text/html": alternative + (data["text/html"] as string) } };
}

function pageCell(cell: Cell, where: string): Cell {
  if (cell.cell_type !== "code") return cell;
  const source = sourceText(cell);
  let shown: string;
  let marks: PageCellMarks = {};
  try {
    shown = removeHiddenTests(source);
    if (nbgraderOf(cell)?.solution) marks = { task: replaceSolutions(shown) };
    else if (isGradedTest(cell)) marks = { check: true };
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  return {
    ...cell,
    source: shown,
    metadata: { ...cell.metadata, unrolled_site: marks },
    outputs: (cell.outputs ?? []).map(withAlternative),
  };
}

/** The page's notebook: hidden tests removed, answer cells marked with their task, charts described. */
export function pageVersion(notebook: Notebook, name = "notebook"): Notebook {
  return { ...notebook, cells: notebook.cells.map((cell, i) => pageCell(cell, `${name}, cell ${i + 1}`)) };
}

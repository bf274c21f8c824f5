/**
 * A Plotly figure as plain data: what `src/plots` builds and what the notebooks' `show` draws.
 * Only the fields the course uses are typed; Plotly accepts many more.
 *
 * @example
 *   const figure: Figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "Loss" } } };
 */
export interface Trace {
  type: string;
  [attribute: string]: unknown;
}

export interface Figure {
  data: Trace[];
  layout?: Record<string, unknown>;
}

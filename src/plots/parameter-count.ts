/**
 * The article's parameter argument as a chart: how many numbers the input layer must learn, against
 * the length the sentences are padded to, for a dense network and for an RNN that shares its weights.
 */
import { denseParameterCount, rnnParameterCount } from "../rnn/parameter-count";
import type { Figure } from "./figure";

/**
 * @example
 *   show(parameterCountFigure({ vocabularySize: 20_000, hidden: 10, lengths: [5, 10, 20, 50, 100] }));
 */
export function parameterCountFigure(sizes: { vocabularySize: number; hidden: number; lengths: readonly number[] }): Figure {
  const { vocabularySize, hidden, lengths } = sizes;
  if (!Array.isArray(lengths) || lengths.length === 0) {
    throw new RangeError("parameterCountFigure needs at least one sentence length to plot.");
  }
  const dense = lengths.map((maxTokens) => denseParameterCount({ maxTokens, vocabularySize, hidden }).total);
  const rnn = rnnParameterCount({ vocabularySize, hidden }).total;
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "dense network (one weight per position)",
        x: [...lengths],
        y: dense,
        hovertemplate: "%{x} tokens: %{y:,} parameters<extra>dense</extra>",
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "RNN (weights shared across time)",
        x: [...lengths],
        y: lengths.map(() => rnn),
        hovertemplate: "%{x} tokens: %{y:,} parameters<extra>RNN</extra>",
      },
    ],
    layout: {
      title: { text: `Input-layer parameters (weights + biases), V = ${vocabularySize.toLocaleString("en-US")}, H = ${hidden}` },
      xaxis: { title: { text: "sentence length in tokens, after padding (log scale)" }, type: "log" },
      yaxis: { title: { text: "parameters (log scale)" }, type: "log" },
      legend: { x: 0.02, y: 0.98 },
    },
  };
}

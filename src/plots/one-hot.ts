/**
 * A one-hot matrix as a heatmap: one column per token of the sentence (time steps left to right),
 * one row per vocabulary word (id 0 at the top, as the matrix is written), a lit cell where the
 * token's id is.
 */
import type { Matrix } from "mathjs";
import type { Figure } from "./figure";
import { plotlyText } from "./plotly-text";

/**
 * @param encoded (V, T) one-hot matrix, e.g. from `oneHotSequence`.
 * @param tokens the T tokens it encodes (x axis).
 * @param vocabularyTokens the V vocabulary tokens in id order (y axis), e.g. `vocabulary.tokens`.
 *
 * @example
 *   const ids = vocabulary.encode(tokens);
 *   show(oneHotFigure(oneHotSequence(ids, vocabulary.size), tokens, vocabulary.tokens));
 */
export function oneHotFigure(
  encoded: Matrix,
  tokens: readonly string[],
  vocabularyTokens: readonly string[],
  title = "One-hot encoding",
): Figure {
  const [rows, columns] = encoded.size();
  if (encoded.size().length !== 2 || rows !== vocabularyTokens.length || columns !== tokens.length) {
    throw new RangeError(
      `oneHotFigure expects a (${vocabularyTokens.length}, ${tokens.length}) matrix for ` +
        `${vocabularyTokens.length} vocabulary tokens and ${tokens.length} tokens, got (${encoded.size().join(", ")}).`,
    );
  }
  // A token can appear twice in a sentence: number the columns so Plotly keeps them apart.
  const x = tokens.map((token, t) => `${t + 1}: ${plotlyText(token)}`);
  const y = vocabularyTokens.map((token, id) => `${plotlyText(token)} (${id})`);
  const z = encoded.toArray() as number[][]; // (V, T)
  return {
    data: [
      {
        type: "heatmap",
        x,
        y,
        z,
        text: z.map((row) => row.map(String)),
        texttemplate: "%{text}",
        colorscale: [
          [0, "#f4f4f4"],
          [1, "#1f77b4"],
        ],
        zmin: 0,
        zmax: 1,
        xgap: 2,
        ygap: 2,
        showscale: false,
        hovertemplate: "token %{x}<br>row %{y}<br>value %{z}<extra></extra>",
      },
    ],
    layout: {
      title: { text: plotlyText(title) },
      xaxis: { title: { text: "token (time step t)" } },
      yaxis: { title: { text: "vocabulary word (id)", standoff: 16 }, autorange: "reversed", automargin: true },
      height: 160 + 22 * vocabularyTokens.length,
    },
  };
}

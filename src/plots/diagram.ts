/**
 * Diagrams of the RNN drawn by code, as SVG strings: one block (one time step) and the network unrolled
 * over a sentence. Notebooks show them with tslab: `tslab.display.svg(unrolledDiagram(tokens))`.
 *
 * @example
 *   cellDiagram();                                               // "<svg ...>...</svg>"
 *   unrolledDiagram(["<SOS>", "Delightful", "place"], { outputs: ["Delightful", "place", "to"] });
 */

/** Text for SVG: `<SOS>` must not be read as a tag. */
export function svgEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const INK = "#1f2937", BLOCK = "#dbeafe", OUT = "#fde68a", IN = "#dcfce7";

function svg(width: number, height: number, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="14">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M 0 0 L 10 5 L 0 10 z" fill="${INK}"/></marker></defs>` +
    body.join("") +
    `</svg>`
  );
}

function box(x: number, y: number, w: number, h: number, fill: string, label: string, size = 14): string {
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="${fill}" stroke="${INK}"/>` +
    text(x + w / 2, y + h / 2 + size / 3, label, size)
  );
}

function text(x: number, y: number, label: string, size = 14, anchor = "middle"): string {
  return `<text x="${x}" y="${y}" font-size="${size}" text-anchor="${anchor}" fill="${INK}">${svgEscape(label)}</text>`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${INK}" stroke-width="1.6" marker-end="url(#arrow)"/>`;
}

/** One RNN block: [h⟨t-1⟩; x⟨t⟩] → tanh → h⟨t⟩, and h⟨t⟩ → softmax → ŷ⟨t⟩. */
export function cellDiagram(): string {
  return svg(640, 330, [
    box(250, 150, 170, 60, BLOCK, "tanh(W·[h; x] + bh)"),
    box(110, 155, 80, 50, "#f3f4f6", "concat [ ; ]", 12),
    arrow(20, 180, 108, 180),
    text(20, 168, "h⟨t−1⟩", 14, "start"),
    box(110, 260, 80, 40, IN, "x⟨t⟩ one-hot", 12),
    arrow(150, 258, 150, 207),
    arrow(192, 180, 248, 180),
    arrow(422, 180, 600, 180),
    text(600, 168, "h⟨t⟩ → next step", 14, "end"),
    box(275, 60, 120, 40, "#f3f4f6", "softmax(Why·h + by)", 12),
    arrow(335, 148, 335, 102),
    box(295, 5, 80, 30, OUT, "ŷ⟨t⟩", 14),
    arrow(335, 58, 335, 37),
    text(430, 240, "every value in [−1, 1]", 12, "start"),
  ]);
}

export interface UnrolledOptions {
  /** A label above each block's output (a prediction, a target...). */
  outputs?: string[];
  /** A loss under each output, e.g. L⟨t⟩ = 2.31. */
  losses?: number[];
}

/** The same block repeated once per token, the hidden state passed right; h⟨0⟩ = 0 enters the first. */
export function unrolledDiagram(tokens: string[], options: UnrolledOptions = {}): string {
  if (tokens.length === 0) throw new RangeError("unrolledDiagram needs at least one token.");
  const step = 150, left = 90, width = left + step * tokens.length + 20;
  const body: string[] = [text(20, 165, "h⟨0⟩ = 0", 13, "start"), arrow(24, 175, left - 2, 175)];
  tokens.forEach((token, t) => {
    const x = left + step * t;
    body.push(box(x, 145, 100, 60, BLOCK, "RNN"));
    body.push(text(x + 50, 302, `t = ${t + 1}`, 12));
    body.push(box(x + 5, 250, 90, 34, IN, token.length > 12 ? token.slice(0, 11) + "…" : token, 13));
    body.push(arrow(x + 50, 248, x + 50, 207));
    if (t < tokens.length - 1) body.push(arrow(x + 102, 175, x + step - 2, 175), text(x + 125, 167, `h⟨${t + 1}⟩`, 12));
    if (options.outputs) {
      body.push(arrow(x + 50, 143, x + 50, 97));
      body.push(box(x + 5, 60, 90, 34, OUT, options.outputs[t] ?? "", 13));
    }
    if (options.losses) body.push(text(x + 50, 48, `L⟨${t + 1}⟩ = ${options.losses[t].toFixed(2)}`, 12));
  });
  return svg(width, 312, body);
}

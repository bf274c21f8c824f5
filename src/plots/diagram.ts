/**
 * Diagrams of the RNN drawn by code, as SVG strings: one block (one time step) and the network unrolled
 * over a sentence, and one LSTM or GRU step drawn from its real values. Notebooks show them with tslab:
 * `tslab.display.svg(unrolledDiagram(tokens))`.
 *
 * @example
 *   cellDiagram();                                               // "<svg ...>...</svg>"
 *   unrolledDiagram(["<SOS>", "Delightful", "place"], { outputs: ["Delightful", "place", "to"] });
 */
import type { Matrix } from "mathjs";
import type { GruStepCache } from "../cells/gru";
import type { LstmStepCache } from "../cells/lstm";

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

/** A colour for a value in [−1, 1]: blue above 0, red below, white at 0 (gates in (0, 1) show in blue). */
function valueColour(v: number): string {
  const a = Math.min(1, Math.abs(v));
  const mix = (full: number) => Math.round(255 - a * (255 - full));
  return v >= 0 ? `rgb(${mix(37)},${mix(99)},${mix(235)})` : `rgb(${mix(220)},${mix(38)},${mix(38)})`;
}

/** A column vector drawn as a row of squares, each coloured by its value with the value written in it, and a label above. */
function vectorStrip(x: number, y: number, values: number[], label: string): string {
  const size = 30;
  const squares = values.map((v, k) => {
    const ink = Math.abs(v) > 0.6 ? "#ffffff" : INK;
    return (
      `<rect x="${x + k * size}" y="${y}" width="${size}" height="${size}" fill="${valueColour(v)}" stroke="${INK}" stroke-width="0.6"/>` +
      `<text x="${x + k * size + size / 2}" y="${y + size / 2 + 4}" font-size="10" text-anchor="middle" fill="${ink}">${v.toFixed(2)}</text>`
    );
  });
  return text(x, y - 6, label, 13, "start") + squares.join("");
}

function operator(x: number, y: number, symbol: string): string {
  return `<circle cx="${x}" cy="${y}" r="13" fill="#ffffff" stroke="${INK}"/>` + text(x, y + 5, symbol, 16);
}

/** The numbers of the (H, 1) columns `names` of a step's cache, checked to be few enough to draw. */
function columnsOf<K extends string>(step: { [name in K]: Matrix }, names: K[], most = 6): number[][] {
  return names.map((name) => {
    const values = (step[name].toArray() as number[][]).map((row) => row[0]);
    if (values.length > most) throw new RangeError(`${name} has ${values.length} hidden units: a cell diagram draws at most ${most}; use a smaller H.`);
    return values;
  });
}

/** x positions of the gate columns of a cell diagram, each `strip` wide. */
function gateColumns(count: number, strip: number): number[] {
  return Array.from({ length: count }, (_, g) => 150 + g * (strip + 50));
}

/**
 * One LSTM step drawn from its real values (the cache of lstmStepForward): along the top the cell state's
 * straight path c⟨t−1⟩ → ⊙ f → + i ⊙ c̃ → c⟨t⟩, below it the four gates with every unit's value, and
 * h⟨t⟩ = o ⊙ tanh(c⟨t⟩) on the right.
 *
 * @example
 *   tslab.display.svg(lstmCellDiagram(lstmStepForward(params, x, h0, c0)));   // H up to 6
 */
export function lstmCellDiagram(step: LstmStepCache): string {
  const [cPrev, f, i, cTilde, o, c, tanhC, h, hPrev] = columnsOf(step, ["cPrev", "f", "i", "cTilde", "o", "c", "tanhC", "h", "hPrev"]);
  const s = 30 * c.length, beltY = 70, gateY = 260, busY = 345;
  const [xf, xi, xc, xo] = gateColumns(4, s);
  const mid = (x: number) => x + s / 2;
  const plus = (mid(xi) + mid(xc)) / 2, right = xo + s + 70, width = right + Math.max(s, 200) + 20;
  return svg(width, 420, [
    vectorStrip(10, beltY - 15, cPrev, "c⟨t−1⟩"),
    arrow(14 + s, beltY, mid(xf) - 15, beltY),
    operator(mid(xf), beltY, "⊙"),
    arrow(mid(xf) + 15, beltY, plus - 15, beltY),
    operator(plus, beltY, "+"),
    arrow(plus + 15, beltY, right - 4, beltY),
    text((mid(xf) + plus) / 2, beltY - 10, "cell state: no matrix, no squashing", 12),
    vectorStrip(right, beltY - 15, c, "c⟨t⟩ = f ⊙ c⟨t−1⟩ + i ⊙ c̃"),
    vectorStrip(xf, gateY, f, "f = σ(·)  forget"),
    vectorStrip(xi, gateY, i, "i = σ(·)  input"),
    vectorStrip(xc, gateY, cTilde, "c̃ = tanh(·)  candidate"),
    vectorStrip(xo, gateY, o, "o = σ(·)  output"),
    arrow(mid(xf), gateY - 22, mid(xf), beltY + 15),
    operator(plus, 165, "⊙"),
    arrow(mid(xi), gateY - 22, plus - 10, 175),
    arrow(mid(xc), gateY - 22, plus + 10, 175),
    arrow(plus, 151, plus, beltY + 15),
    vectorStrip(right, 160, tanhC, "tanh(c⟨t⟩)"),
    arrow(right + s / 2, beltY + 17, right + s / 2, 134),
    operator(mid(xo), 175, "⊙"),
    arrow(right - 4, 175, mid(xo) + 15, 175),
    arrow(mid(xo), gateY - 22, mid(xo), 190),
    arrow(mid(xo) + 11, 184, right - 4, 268),
    vectorStrip(right, 260, h, "h⟨t⟩ = o ⊙ tanh(c⟨t⟩)"),
    `<line x1="10" y1="${busY}" x2="${mid(xo)}" y2="${busY}" stroke="${INK}" stroke-width="1.6"/>`,
    ...[xf, xi, xc, xo].map((x) => arrow(mid(x), busY, mid(x), gateY + 33)),
    vectorStrip(10, busY + 30, hPrev, "h⟨t−1⟩"),
    text(20 + s, busY + 50, "and x⟨t⟩: each gate reads Wx·x⟨t⟩ + Wh·h⟨t−1⟩ + b", 12, "start"),
  ]);
}

/**
 * One GRU step drawn from its real values (the cache of gruStepForward): along the top the state's
 * straight path h⟨t−1⟩ → ⊙ z → + (1 − z) ⊙ h̃ → h⟨t⟩, below it the update and reset gates, r ⊙ h⟨t−1⟩
 * and the candidate, with every unit's value.
 *
 * @example
 *   tslab.display.svg(gruCellDiagram(gruStepForward(params, x, h0)));   // H up to 6
 */
export function gruCellDiagram(step: GruStepCache): string {
  const [hPrev, z, r, rh, hTilde, h] = columnsOf(step, ["hPrev", "z", "r", "rh", "hTilde", "h"]);
  const s = 30 * h.length, beltY = 70, gateY = 260, busY = 345;
  const [xz, xr, xrh, xt] = gateColumns(4, s);
  const mid = (x: number) => x + s / 2;
  const right = xt + s + 70, width = right + Math.max(s, 250) + 20;
  return svg(width, 420, [
    vectorStrip(10, beltY - 15, hPrev, "h⟨t−1⟩"),
    arrow(14 + s, beltY, mid(xz) - 15, beltY),
    operator(mid(xz), beltY, "⊙"),
    arrow(mid(xz) + 15, beltY, mid(xt) - 15, beltY),
    operator(mid(xt), beltY, "+"),
    arrow(mid(xt) + 15, beltY, right - 4, beltY),
    text((mid(xz) + mid(xt)) / 2, beltY - 10, "the state: no matrix, no squashing", 12),
    vectorStrip(right, beltY - 15, h, "h⟨t⟩ = z ⊙ h⟨t−1⟩ + (1 − z) ⊙ h̃"),
    vectorStrip(xz, gateY, z, "z = σ(·)  update"),
    vectorStrip(xr, gateY, r, "r = σ(·)  reset"),
    vectorStrip(xrh, 175, rh, "r ⊙ h⟨t−1⟩"),
    vectorStrip(xt, gateY, hTilde, "h̃ = tanh(·)  candidate"),
    arrow(mid(xz), gateY - 22, mid(xz), beltY + 15),
    operator(mid(xt), 130, "⊙"),
    `<polyline points="${mid(xz) + 20},${gateY - 22} ${mid(xz) + 20},130 ${mid(xt) - 17},130" fill="none" stroke="${INK}" stroke-width="1.6" marker-end="url(#arrow)"/>`,
    text(mid(xz) + 26, 124, "1 − z", 12, "start"),
    arrow(mid(xt), gateY - 22, mid(xt), 145),
    arrow(mid(xt), 116, mid(xt), beltY + 15),
    arrow(mid(xr), gateY - 22, xrh + 10, 209),
    arrow(xrh + s + 4, 190, xt - 4, gateY + 12),
    text(xrh + s + 8, 230, "Whh·", 12, "start"),
    `<line x1="10" y1="${busY}" x2="${mid(xt)}" y2="${busY}" stroke="${INK}" stroke-width="1.6"/>`,
    ...[xz, xr, xt].map((x) => arrow(mid(x), busY, mid(x), gateY + 33)),
    vectorStrip(10, busY + 30, hPrev, "h⟨t−1⟩"),
    text(20 + s, busY + 50, "and x⟨t⟩: z and r read Wx·x⟨t⟩ + Wh·h⟨t−1⟩ + b, h̃ reads Wxh·x⟨t⟩ + Whh·(r ⊙ h⟨t−1⟩) + bh", 12, "start"),
  ]);
}

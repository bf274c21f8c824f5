/**
 * The four kinds of RNN drawn from real tokens, as SVG strings for `tslab.display.svg`: the same block at
 * every step, the hidden state passed right, an input box under a block that reads a token and an output
 * box over a block that predicts one. Every label is escaped, so `<SOS>` and `<EOS>` show as text.
 *
 * @example
 *   rnnTypeDiagram("many to one", [{ input: "delightful" }, { input: "dinner", output: "positive" }]);
 *   rnnTypeDiagram("one to many", [{ input: "<SOS>", output: "R", feedback: true }, { input: "R", output: "<EOS>" }]);
 */
import { svgEscape } from "./diagram";

export interface DiagramStep {
  input?: string; // the token read at this step (none: the block only carries the state on)
  output?: string; // the token or label predicted at this step
  part?: "encoder" | "decoder"; // colours and names the block in an encoder–decoder
  feedback?: boolean; // draw this step's output going back in as the next step's input
}

const INK = "#1f2937", BLOCK = "#dbeafe", ENCODER = "#e9d5ff", IN = "#dcfce7", OUT = "#fde68a";
const STEP = 118;

function label(text: string): string {
  return svgEscape(text.length > 11 ? text.slice(0, 10) + "…" : text);
}

function box(x: number, y: number, w: number, h: number, fill: string, text: string): string {
  return (
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="7" fill="${fill}" stroke="${INK}"/>` +
    `<text x="${x + w / 2}" y="${y + h / 2 + 5}" text-anchor="middle" fill="${INK}">${label(text)}</text>`
  );
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${INK}" stroke-width="1.5" marker-end="url(#head)"/>`;
}

/** One row of blocks, titled; steps without input or output get no box there. */
export function rnnTypeDiagram(title: string, steps: DiagramStep[]): string {
  if (steps.length === 0) throw new RangeError("rnnTypeDiagram needs at least one step.");
  const left = 70, width = left + STEP * steps.length + 10, height = 290;
  const body: string[] = [
    `<text x="10" y="20" font-weight="bold" fill="${INK}">${svgEscape(title)}</text>`,
    `<text x="8" y="142" font-size="12" fill="${INK}">h⟨0⟩ = 0</text>`,
    arrow(30, 150, left - 2, 150),
  ];
  steps.forEach((step, t) => {
    const x = left + STEP * t;
    body.push(box(x, 125, 90, 50, step.part === "encoder" ? ENCODER : BLOCK, step.part ?? "RNN"));
    body.push(`<text x="${x + 45}" y="282" text-anchor="middle" font-size="11" fill="${INK}">t = ${t + 1}</text>`);
    if (step.input !== undefined) body.push(box(x + 5, 225, 80, 32, IN, step.input), arrow(x + 45, 223, x + 45, 177));
    if (step.output !== undefined) body.push(box(x + 5, 40, 80, 32, OUT, step.output), arrow(x + 45, 123, x + 45, 74));
    if (t < steps.length - 1) body.push(arrow(x + 92, 150, x + STEP - 2, 150));
    if (step.part === "encoder" && steps[t + 1]?.part === "decoder") {
      body.push(`<text x="${x + 104}" y="117" text-anchor="middle" font-size="11" fill="${INK}">hand-over</text>`);
    }
    if (step.feedback && t < steps.length - 1) {
      // The drawn token is fed back: from the output box round to the next input box.
      const x2 = x + STEP;
      body.push(`<path d="M ${x + 87} 56 C ${x + 112} 56, ${x + 104} 241, ${x2 + 3} 241" fill="none" stroke="${INK}" stroke-width="1.2" stroke-dasharray="4 3" marker-end="url(#head)"/>`);
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">` +
    `<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${INK}"/></marker></defs>` +
    body.join("") +
    `</svg>`
  );
}

/**
 * An HTML table with every cell escaped, for `tslab.display.html` (a token such as `<EOS>` stays text).
 *
 * @example
 *   htmlTable(["parameter", "max relative error"], [["Wxh", "3.1e-10"]]);  // "<table>...</table>"
 */
import { svgEscape } from "./diagram";

export function htmlTable(headers: string[], rows: (string | number)[][]): string {
  const cells = (values: (string | number)[], tag: string) => values.map((v) => `<${tag}>${svgEscape(String(v))}</${tag}>`).join("");
  return (
    `<table><thead><tr>${cells(headers, "th")}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${cells(row, "td")}</tr>`).join("")}</tbody></table>`
  );
}

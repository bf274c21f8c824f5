/**
 * Text for Plotly labels: Plotly reads `<...>` in labels as markup, so `<PAD>` would vanish from an
 * axis. Its entities `&lt;` `&gt;` `&amp;` show the characters themselves.
 *
 * @example
 *   plotlyText("<PAD>");   // "&lt;PAD&gt;"
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// The chart helper's display bundle: Plotly's own MIME type for JupyterLab, an HTML chart that
// nbconvert keeps, plain text — and no way for text in a figure to end the <script> early.
import { describe, expect, it } from "vitest";
import { CHART_CLASS, chartBundle, jsonForScript, PLOTLY_MIME, show } from "../../kernel/display";

const figure = { data: [{ type: "scatter", x: [1, 2, 3], y: [0.5, 0.25, 0.125] }], layout: { title: { text: "Loss" }, height: 300 } };

describe("chartBundle", () => {
  it("carries the figure for JupyterLab's Plotly renderer", () => {
    expect(chartBundle(figure, "c1")[PLOTLY_MIME]).toEqual({ data: figure.data, layout: figure.layout });
  });

  it("draws the same figure from HTML with window.Plotly, in an element nbconvert keeps", () => {
    const html = chartBundle(figure, "c1")["text/html"] as string;
    expect(html).toContain(`<div class="${CHART_CLASS}" id="c1" style="width:100%;min-height:300px"></div>`);
    const script = html.slice(html.indexOf("<script"), html.indexOf("</script>"));
    const embedded = script.match(/var figure = (.*);\n/)![1]!;
    expect(JSON.parse(embedded)).toEqual(figure);
    expect(script).toContain("window.Plotly.newPlot(element, figure.data, figure.layout || {}");
  });

  it("names the chart in plain text", () => {
    expect(chartBundle(figure, "c1")["text/plain"]).toBe("<Loss: an interactive Plotly chart>");
    expect(chartBundle({ data: [] }, "c2")["text/plain"]).toBe("<chart: an interactive Plotly chart>");
  });

  it("cannot be broken out of by a hostile title or token", () => {
    const hostile = "</script><img src=x onerror=alert(1)><!--";
    const html = chartBundle({ data: [{ type: "bar", x: [hostile], y: [1] }], layout: { title: { text: hostile } } }, "c3")["text/html"] as string;
    expect(html.match(/<\/script>/g)).toHaveLength(1); // only the real end of the script
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<!--");
    const embedded = JSON.parse(html.match(/var figure = (.*);\n/)![1]!);
    expect(embedded.layout.title.text).toBe(hostile); // the text itself survives intact
  });

  it("gives each chart its own element id by default", () => {
    const first = chartBundle(figure)["text/html"] as string;
    const second = chartBundle(figure)["text/html"] as string;
    expect(first.match(/id="(chart-[0-9a-f]{12})"/)![1]).not.toBe(second.match(/id="(chart-[0-9a-f]{12})"/)![1]);
  });
});

describe("jsonForScript", () => {
  it("escapes <, >, & and line separators but stays the same JSON", () => {
    const value = { text: "a</script>&\u2028b" };
    const json = jsonForScript(value);
    expect(json).toBe('{"text":"a\\u003c/script\\u003e\\u0026\\u2028b"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe("show", () => {
  it("explains a figure without data", () => {
    expect(() => show({} as never)).toThrow("show(figure) expects a Plotly figure: an object with a `data` array");
  });
  it("explains that it draws only inside a notebook", () => {
    expect(() => show(figure)).toThrow("run it in a cell of the TypeScript (tslab) kernel");
  });
});

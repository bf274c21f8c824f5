// Behaviour shared by the course's pages. Without JavaScript the pages still read: code cells open one
// by one (they are <details> elements) and charts keep their titles on one line.
(function () {
  // The "Show all code" button of an article page: opens or folds every code cell at once.
  var button = document.querySelector(".code-toggle");
  var cells = document.querySelectorAll("details.unrolled-code");
  if (button && cells.length > 0) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      for (var i = 0; i < cells.length; i++) cells[i].open = open;
      button.setAttribute("aria-pressed", String(open));
      button.textContent = open ? "Fold all code" : "Show all code";
    });
  }

  // On a narrow screen Plotly keeps a chart's desktop layout: a title runs off the chart (Plotly never
  // wraps) and a legend beside the plot squeezes it to a sliver. Titles are wrapped onto several lines
  // (titles whose tags carry attributes are left alone) and such a legend moves under the chart.
  function textOf(title) {
    return typeof title === "string" ? title : title && typeof title.text === "string" ? title.text : "";
  }

  function wrapped(text, lines) {
    var words = text.split(" ");
    var perLine = Math.ceil(text.length / lines);
    var out = [];
    var line = "";
    for (var i = 0; i < words.length; i++) {
      if (line && line.length + 1 + words[i].length > perLine) {
        out.push(line);
        line = words[i];
      } else {
        line = line ? line + " " + words[i] : words[i];
      }
    }
    out.push(line);
    return out.join("<br>");
  }

  /** Sets `update[key]` to the wrapped title when its drawn `element` runs off the `chart`'s box. */
  function fit(update, key, title, element, chart) {
    var text = textOf(title);
    if (!element || !text || /<[^>]*\s[^>]*>/.test(text)) return false; // tags with attributes: left alone
    var box = chart.getBoundingClientRect();
    var drawn = element.getBoundingClientRect();
    if (drawn.left >= box.left && drawn.right <= box.right) return false;
    update[key] = wrapped(text, Math.max(2, Math.ceil((drawn.width * 1.1) / (box.width - 16))));
    return true;
  }

  /** A legend that squeezes the plot to under half the chart's width moves under the chart, in rows. */
  function legendBelow(chart) {
    var plot = chart.querySelector(".nsewdrag");
    if (!plot || !chart.querySelector(".legend")) return null;
    if (plot.getBoundingClientRect().width >= 0.5 * chart.getBoundingClientRect().width) return null;
    var margin = chart.layout.margin && typeof chart.layout.margin.b === "number" ? chart.layout.margin.b : 80;
    return window.Plotly.relayout(chart, {
      "legend.orientation": "h",
      "legend.xref": "container",
      "legend.yref": "container",
      "legend.x": 0,
      "legend.xanchor": "left",
      "legend.y": 0,
      "legend.yanchor": "bottom",
    }).then(function () {
      var height = chart.querySelector(".legend").getBoundingClientRect().height;
      return window.Plotly.relayout(chart, { "margin.b": margin + height + 8 });
    });
  }

  var fitting = [];
  var charts = window.Plotly ? document.querySelectorAll(".unrolled-chart.js-plotly-plot") : [];
  for (var c = 0; c < charts.length; c++) {
    var chart = charts[c];
    var update = {};
    // Plotly's default side margins (80 px each) take almost half of a phone's width: narrower ones,
    // with the y axes making room for their own labels, unless the figure sets its own.
    var margin = chart.layout.margin || {};
    if (chart.getBoundingClientRect().width < 600 && margin.l === undefined && margin.r === undefined) {
      update["margin.l"] = 48;
      update["margin.r"] = 32;
      for (var key in chart.layout) if (/^yaxis\d*$/.test(key)) update[key + ".automargin"] = true;
      if (!chart.layout.yaxis) update["yaxis.automargin"] = true;
    }
    if (fit(update, "title.text", chart.layout.title, chart.querySelector(".gtitle"), chart)) {
      // From the top edge down, with a top margin tall enough for every line (about 24 px a line).
      var lines = update["title.text"].split("<br>").length;
      var margin = chart.layout.margin && typeof chart.layout.margin.t === "number" ? chart.layout.margin.t : 100;
      update["title.yref"] = "container";
      update["title.y"] = 1;
      update["title.yanchor"] = "top";
      update["title.pad.t"] = 10 + 12 * (lines - 1); // Plotly centres extra lines around the first one
      update["margin.t"] = Math.max(margin, 24 * lines + 40);
    }
    var axisTitles = chart.querySelectorAll("[class^='g-x'][class$='title']");
    for (var a = 0; a < axisTitles.length; a++) {
      var axis = "xaxis" + axisTitles[a].getAttribute("class").slice(3, -5); // g-x2title → xaxis2
      if (!chart.layout[axis]) continue;
      if (fit(update, axis + ".title.text", chart.layout[axis].title, axisTitles[a].querySelector("text"), chart)) {
        update[axis + ".automargin"] = true;
      }
    }
    var titled = Object.keys(update).length > 0 ? window.Plotly.relayout(chart, update) : Promise.resolve();
    fitting.push(titled.then(legendBelow.bind(null, chart)));
  }
  // Tests (and anyone else) can wait for the charts to settle.
  Promise.all(fitting).then(function () {
    document.body.setAttribute("data-charts-fitted", "");
  });
})();

// The playground page: starts the training worker from a Blob URL (a worker from a file URL is refused
// when the page is opened from disk), sends it the reader's settings, and draws what it reports: the
// status line, the loss chart (plotly.js) and the samples.
(function () {
  var source = window.UNROLLED_PLAYGROUND_WORKER;
  var $ = function (id) { return document.getElementById(id); };
  var status = $("playground-status");
  var info = $("playground-info");
  var trainButton = $("playground-train");
  var stopButton = $("playground-stop");
  var chart = $("playground-chart");
  var samples = $("playground-samples");
  if (typeof source !== "string") {
    status.textContent = "The playground's worker (assets/playground-worker.js) did not load.";
    return;
  }
  var worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  var simd = false;

  function drawEmptyChart() {
    window.Plotly.newPlot(
      chart,
      [{ type: "scatter", mode: "lines", name: "loss per character", x: [], y: [] }],
      {
        title: { text: "Loss per character while training" },
        xaxis: { title: { text: "training step" } },
        yaxis: { title: { text: "loss per character (nats)" }, rangemode: "tozero" },
        margin: { l: 56, r: 24, t: 56, b: 56 },
        height: 320,
      },
      { responsive: true, displaylogo: false },
    );
  }

  worker.onmessage = function (event) {
    var message = event.data;
    if (message.type === "ready") {
      simd = message.simd;
      var kind = $("playground-kind");
      message.kinds.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name.toUpperCase();
        kind.appendChild(option);
      });
      $("playground-text").value = message.defaultText;
      trainButton.disabled = false;
      status.textContent = "Ready: press Train.";
    } else if (message.type === "started") {
      info.textContent =
        message.lines + " lines, " + message.vocabularySize + " tokens in the vocabulary: a uniform guess costs log V = " +
        Math.log(message.vocabularySize).toFixed(3) + " per character. Fast path: " + (simd ? "WebAssembly SIMD" : "plain JavaScript") + ".";
    } else if (message.type === "progress") {
      status.textContent = "step " + message.step + " · loss " + message.loss.toFixed(3);
      window.Plotly.extendTraces(chart, { x: [[message.step]], y: [[message.loss]] }, [0]);
    } else if (message.type === "sample") {
      var item = document.createElement("li");
      item.textContent = "step " + message.step + ": " + message.text;
      samples.insertBefore(item, samples.firstChild);
      while (samples.children.length > 12) samples.removeChild(samples.lastChild);
    } else if (message.type === "error") {
      status.textContent = "Stopped: " + message.message;
      stopButton.disabled = true;
    }
  };

  $("playground-form").addEventListener("submit", function (event) {
    event.preventDefault();
    samples.textContent = "";
    drawEmptyChart();
    status.textContent = "step 0 · training…";
    stopButton.disabled = false;
    worker.postMessage({
      type: "train",
      text: $("playground-text").value,
      kind: $("playground-kind").value,
      hiddenSize: Number($("playground-hidden").value),
      seqLength: Number($("playground-seq").value),
      learningRate: Number($("playground-rate").value),
    });
  });

  stopButton.addEventListener("click", function () {
    worker.postMessage({ type: "stop" });
    stopButton.disabled = true;
    status.textContent += " (stopped)";
  });

  drawEmptyChart();
})();

// The "Show all code" button of an article page: opens or folds every code cell at once.
// Without JavaScript each cell still opens on its own (they are <details> elements).
(function () {
  var button = document.querySelector(".code-toggle");
  var cells = document.querySelectorAll("details.unrolled-code");
  if (!button || cells.length === 0) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-pressed") !== "true";
    for (var i = 0; i < cells.length; i++) cells[i].open = open;
    button.setAttribute("aria-pressed", String(open));
    button.textContent = open ? "Fold all code" : "Show all code";
  });
})();

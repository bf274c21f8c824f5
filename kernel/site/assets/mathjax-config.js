// MathJax 3 settings for the course's pages; loaded before assets/mathjax/tex-svg-full.js.
// Markdown math as in JupyterLab ($…$, $$…$$, \(…\), \[…\]); code and outputs are never typeset.
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore|unrolled-code|unrolled-chart|jp-RenderedText",
  },
  svg: { fontCache: "global" },
};

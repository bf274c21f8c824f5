"""Renders executed notebooks into the course's static site; kernel/site/build.ts calls it.

Reads a JSON plan on stdin and writes `<out>/<slug>.html` per article, `<out>/index.html` and
`<out>/assets/pygments.css`; prints a JSON list of the articles' titles and summaries on stdout.

Example plan:
  {"out": "site", "course": {"title": "Unrolled", "tagline": "..."},
   "articles": [{"executed": "build/executed/notebooks/01-x.ipynb", "slug": "01-x",
                 "source": "notebooks/01-x.ipynb", "download": "notebooks/01-x.ipynb"}]}

Titles and summaries come from the notebook's first Markdown cell: its `# heading`, then its first
paragraph, as plain text (the templates escape every value).
"""

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import nbformat
from jinja2 import Environment, FileSystemLoader
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html_mistune
from pygments.formatters import HtmlFormatter

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(markdown):
    """`**Backprop** through `tanh`` -> `Backprop through tanh` (entities decoded, tags dropped)."""
    parser = _TextOf()
    parser.feed(markdown2html_mistune(markdown))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def title_and_summary(nb, path):
    """The first Markdown cell's `# heading` and the paragraph after it, as plain text."""
    first = next((cell for cell in nb.cells if cell.cell_type == "markdown"), None)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", first.source)] if first else []
    if not blocks or not re.match(r"#\s", blocks[0]):
        found = blocks[0][:60] if blocks else "no Markdown cell"
        sys.exit(f"{path}: the first Markdown cell must start with a `# Title` heading; found {found!r}.")
    heading, _, rest = blocks[0].partition("\n")
    paragraphs = [rest.strip()] + blocks[1:] if rest.strip() else blocks[1:]
    summary = next((p for p in paragraphs if not p.startswith(("#", "$$", "```", "|", "<"))), None)
    if summary is None:
        sys.exit(f"{path}: the first Markdown cell needs a one-line summary paragraph after its `# Title` heading.")
    return plain_text(heading.lstrip("#").strip()), plain_text(summary)


def chart_count(nb):
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if PLOTLY_MIME in output.get("data", {})
    )


def main():
    plan = json.load(sys.stdin)
    out = Path(plan["out"])
    course = plan["course"]
    exporter = HTMLExporter(template_name="unrolled", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True

    playground = plan.get("playground")
    articles = []
    for entry in plan["articles"]:
        nb = nbformat.read(entry["executed"], as_version=4)
        title, summary = title_and_summary(nb, entry["source"])
        articles.append({**entry, "nb": nb, "title": title, "summary": summary, "href": quote(entry["slug"]) + ".html"})

    entries = [{"href": a["href"], "title": a["title"]} for a in articles]
    if playground:
        entries.append({"href": "playground.html", "title": playground["title"]})

    def contents(current):
        return [{**entry, "current": entry["href"] == current} for entry in entries]

    for i, article in enumerate(articles):
        resources = {
            "unrolled": {
                "course": course["title"],
                "title": article["title"],
                "source": article["source"],
                "assets": "assets",
                "index": "index.html",
                "download": quote(article["download"]),
                "binder": article.get("binder"),
                "contents": contents(article["href"]),
                "charts": chart_count(article["nb"]),
                "previous": articles[i - 1] if i > 0 else None,
                "next": articles[i + 1] if i + 1 < len(articles) else None,
            }
        }
        html, _ = exporter.from_notebook_node(article["nb"], resources=resources)
        (out / (article["slug"] + ".html")).write_text(html, encoding="utf-8")

    pages = Environment(loader=FileSystemLoader(TEMPLATES / "unrolled"), autoescape=True)
    index = pages.get_template("contents.html.j2").render(course=course, articles=articles, contents=contents("index.html"), playground=playground)
    (out / "index.html").write_text(index, encoding="utf-8")
    if playground:
        page = pages.get_template("playground.html.j2").render(course=course, title=playground["title"], contents=contents("playground.html"))
        (out / "playground.html").write_text(page, encoding="utf-8")
    (out / "assets" / "pygments.css").write_text(HtmlFormatter(style="default").get_style_defs(".highlight"), encoding="utf-8")
    json.dump([{k: a[k] for k in ("slug", "title", "summary")} for a in articles], sys.stdout)


if __name__ == "__main__":
    main()

"""Build the series as a static site in build/book/ (``make book``), readable offline.

The pages are made from the committed notebooks as they are, outputs included, without running
them again (strict nbval has already checked those outputs). Each page is JupyterLab's own
HTML export (nbconvert's ``lab`` template) with a few blocks replaced, see
``scripts/book_template/book.html.j2``:

- the mathematics is typeset by MathJax, whose files come from the pinned Python package
  ``jupyter_server_mathjax`` and are copied into the site, so nothing is fetched at reading time;
- each figure is a PNG file beside its page, with the alt text of its cell;
- the code of the hidden "Your turn" solutions stays folded, as in Jupyter;
- every page has previous/next links, a link to the contents, and its own table of contents;
- JupyterLab's styles, the same on every page, are one shared file instead of inline copies.

The landing page is the README's series table. The site is built in a temporary folder and
renamed into place, so a failed build never leaves half a book behind.

Usage: python scripts/book.py [--output build/book]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = Path(__file__).resolve().parent / "book_template"
MATHJAX_DIR = Path(jupyter_server_mathjax.__file__).parent / "static"

SERIES_TITLE = "Deep learning from scratch, one notebook at a time"
#: A row of the README's series table: | 01 | [title](notebooks/01_....ipynb) | ... |
TABLE_ROW = re.compile(r"^\| (\d\d) \| \[([^\]]+)\]\(notebooks/(\d\d_\w+)\.ipynb\) \|")
#: A link from one notebook to another, as written in the markdown.
NOTEBOOK_LINK = re.compile(r'href="(\d\d_\w+)\.ipynb(#[^"]*)?"')
#: A stylesheet written into a page's head by nbconvert (JupyterLab's, about 260 kB).
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
#: A section heading of an exported page, with the anchor nbconvert gives it.
HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)


@dataclass
class Page:
    number: str     # "01"
    title: str      # as in the README's table
    stem: str       # "01_data_and_the_zero_one_subset"

    @property
    def file(self) -> str:
        return f"{self.stem}.html"


def series_table(readme: str) -> tuple[list[Page], str]:
    """The notebooks listed in the README's series table, and the table's markdown."""
    lines = readme.splitlines()
    start = lines.index("## The series")
    table = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            table.append(line)
    pages = [Page(match.group(1), match.group(2), match.group(3))
             for match in map(TABLE_ROW.match, table) if match]
    if not pages:
        raise ValueError("README.md: no notebook rows found under '## The series'; expected rows "
                         "like '| 01 | [title](notebooks/01_name.ipynb) | ... |'")
    return pages, "\n".join(table)


def navigation(pages: list[Page], index: int) -> str:
    """The bar of links at the top and bottom of page ``index``."""
    links = []
    if index > 0:
        before = pages[index - 1]
        links.append(f'<a rel="prev" href="{before.file}">&larr; {before.number} '
                     f'{html.escape(before.title)}</a>')
    links.append('<a href="index.html">Contents</a>')
    if index + 1 < len(pages):
        after = pages[index + 1]
        links.append(f'<a rel="next" href="{after.file}">{after.number} '
                     f'{html.escape(after.title)} &rarr;</a>')
    return f'<nav class="book-nav">{" ".join(links)}</nav>'


def table_of_contents(page_html: str) -> str:
    """A list of the page's sections (h2) and subsections (h3), linked to their anchors."""
    items = []
    for level, anchor, title in HEADING.findall(page_html):
        items.append(f'<li class="book-toc-h{level}"><a href="#{anchor}">{title.strip()}</a></li>')
    return ('<details class="book-toc" open><summary>On this page</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def export_notebook(path: Path, stem: str) -> tuple[str, dict[str, bytes]]:
    """The page's HTML (before navigation is added) and its figures, ``{file name: bytes}``."""
    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATE_DIR)],
                            template_file="book.html.j2")
    exporter.register_preprocessor("nbconvert.preprocessors.ExtractOutputPreprocessor",
                                   enabled=True)
    notebook = nbformat.read(path, as_version=4)
    resources = {"output_files_dir": f"{stem}_files", "unique_key": stem,
                 "book_top": "<!-- book-top -->", "book_bottom": "<!-- book-bottom -->"}
    body, resources = exporter.from_notebook_node(notebook, resources=resources)
    return NOTEBOOK_LINK.sub(r'href="\1.html\2"', body), resources.get("outputs", {})


def shared_stylesheet(page_html: str, site: Path) -> str:
    """Move the page's inline stylesheets into one file of the site, linked from the page.

    Every page carries the same JupyterLab styles; as one file, a reader's browser loads them
    once instead of once per page. The file is named after its content.
    """
    head, body = page_html.split("</head>", 1)
    css = "\n".join(STYLE.findall(head))
    name = f"jupyterlab-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    (site / name).write_text(css, encoding="utf-8")
    first = STYLE.search(head)
    head = head[:first.start()] + f'<link rel="stylesheet" href="{name}">' + \
        STYLE.sub("", head[first.end():])
    return head + "</head>" + body


def landing_page(pages: list[Page], table: str) -> str:
    """The contents page: the README's table, its links and figures pointed into the site."""
    for page in pages:
        table = table.replace(f"(notebooks/{page.stem}.ipynb)", f"({page.file})")
    table = table.replace('src="docs/figures/', 'src="figures/')
    first = pages[0]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{SERIES_TITLE}</title>
<link rel="stylesheet" href="book.css">
<link rel="icon" href="data:,">
</head>
<body class="book-contents">
<main>
<h1>{SERIES_TITLE}</h1>
<p>A one-neuron network written by hand in numpy, then a network with a hidden layer, learned
from the pixels up on a real image dataset. Each page below is one notebook of the series, shown
with the outputs it printed when it was last run; to run the code yourself, open the notebooks
in Jupyter.</p>
<nav class="book-nav"><a rel="next" href="{first.file}">Start: {first.number}
{html.escape(first.title)} &rarr;</a></nav>
{markdown2html(table)}
<p class="book-credits">The code and notebooks are under the <a href="LICENSE.txt">MIT
licence</a>. The Sign Language Digits Dataset is by students of Ayranc&#305; Anadolu High School,
Ankara (Apache License 2.0); the README's "Credits and licences" lists every source.</p>
</main>
</body>
</html>
"""


def build(output: Path) -> list[Path]:
    """Write the whole site to ``output`` (replacing it) and return the pages written."""
    pages, table = series_table((REPO / "README.md").read_text(encoding="utf-8"))
    staging = output.with_name(output.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        shutil.copytree(MATHJAX_DIR, staging / "mathjax")
        shutil.copytree(REPO / "docs" / "figures", staging / "figures")
        shutil.copyfile(TEMPLATE_DIR / "book.css", staging / "book.css")
        shutil.copyfile(REPO / "LICENSE", staging / "LICENSE.txt")
        written = [staging / "index.html"]
        written[0].write_text(landing_page(pages, table), encoding="utf-8")
        for index, page in enumerate(pages):
            notebook = REPO / "notebooks" / f"{page.stem}.ipynb"
            if not notebook.is_file():
                raise FileNotFoundError(f"README.md lists {notebook.name}, which does not exist "
                                        f"in notebooks/: is the table's link misspelt?")
            body, figures = export_notebook(notebook, page.stem)
            nav = navigation(pages, index)
            body = body.replace("<!-- book-top -->", nav + table_of_contents(body), 1)
            body = body.replace("<!-- book-bottom -->", nav, 1)
            body = shared_stylesheet(body, staging)
            for name, content in figures.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes(content)
            (staging / page.file).write_text(body, encoding="utf-8")
            written.append(staging / page.file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    return [output / path.name for path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "build" / "book")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = build(args.output.resolve())
    seconds = time.perf_counter() - started
    for path in written:
        print(f"  {path.relative_to(args.output.resolve())}: {path.stat().st_size / 1e3:,.0f} kB")
    print(f"book: {len(written)} pages in {args.output} in {seconds:.1f} s; "
          f"open {args.output / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())

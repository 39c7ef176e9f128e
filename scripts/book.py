"""Build the series as a static site in build/book/ (``make book``), readable offline.

The pages are made from the committed notebooks as they are, outputs included, without running
them again (strict nbval has already checked those outputs). Each page is JupyterLab's own
HTML export (nbconvert's ``lab`` template) with a few blocks replaced, see
``scripts/book_template/book.html.j2``:

- the mathematics is typeset by MathJax, whose files come from the pinned Python package
  ``jupyter_server_mathjax`` and are copied into the site, so nothing is fetched at reading time;
- each figure is a PNG file beside its page, with the alt text of its cell (required);
- the code of the hidden "Your turn" solutions stays folded, as in Jupyter;
- every page has previous/next links, a link to the contents, and its own table of contents;
- JupyterLab's styles, the same on every page, are one shared file instead of inline copies.

The contents page is the README's series table and its credits. The site is built in a
temporary folder and swapped into place, so a failed build never leaves half a book behind; an
existing folder is replaced only if an earlier build made it.

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
#: Written into every site this script builds: the only kind of folder it will replace.
MARKER = ".made-by-book-py"
#: A row of the README's series table: | 01 | [title](notebooks/01_....ipynb) | ... |
TABLE_ROW = re.compile(r"^\| (\d\d) \| \[([^\]]+)\]\(notebooks/(\d\d_\w+)\.ipynb\) \|")
#: A link from one notebook to another, as written in the markdown.
NOTEBOOK_LINK = re.compile(r'href="(\d\d_\w+)\.ipynb(#[^"]*)?"')
#: A stylesheet written into a page's head by nbconvert (JupyterLab's, about 260 kB).
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
#: A section heading of an exported page, with the anchor nbconvert gives it.
HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)
#: How the notebooks tell a reader to open a hidden cell in Jupyter, and how in the book.
JUPYTER_HINT = "click the bar to its left to show it"
BOOK_HINT = "click &ldquo;Show the solution's code&rdquo; to show it"
FOOTER = ('<p class="book-footer">The code and notebooks are under the <a href="LICENSE.txt">'
          'MIT licence</a>; the dataset, the tutorial this series re-creates and the other '
          'sources are credited on the <a href="index.html#credits">contents page</a>.</p>')


@dataclass
class Page:
    number: str     # "01"
    title: str      # as in the README's table
    stem: str       # "01_data_and_the_zero_one_subset"

    @property
    def file(self) -> str:
        return f"{self.stem}.html"


def readme_section(readme: str, heading: str) -> list[str]:
    """The lines under ``heading`` (a "## " line of the README), up to the next such heading."""
    lines = readme.splitlines()
    if heading not in lines:
        raise ValueError(f"README.md has no line {heading!r}; the book takes its contents page "
                         f"from that section. Was the heading renamed?")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def series_table(readme: str) -> tuple[list[Page], str]:
    """The notebooks listed in the README's series table, and the table's markdown."""
    table = [line for line in readme_section(readme, "## The series") if line.startswith("|")]
    pages = []
    for line in table[2:]:                     # after the header and the |---| line
        match = TABLE_ROW.match(line)
        if not match:
            raise ValueError(f"README.md, series table: expected a row like '| 01 | [title]"
                             f"(notebooks/01_name.ipynb) | ... |', got {line[:70]!r}")
        pages.append(Page(*match.groups()))
    if not pages:
        raise ValueError("README.md: no notebook rows found under '## The series'; expected rows "
                         "like '| 01 | [title](notebooks/01_name.ipynb) | ... |'")
    return pages, "\n".join(table)


def check_pages_match_notebooks(pages: list[Page], folder: Path) -> None:
    """The README's table must list exactly the numbered notebooks of ``folder``, in order."""
    listed = [page.stem for page in pages]
    present = sorted(path.stem for path in folder.glob("[0-9][0-9]_*.ipynb"))
    if listed != present:
        raise ValueError(f"README.md's series table lists {listed}, but notebooks/ holds "
                         f"{present}: add, remove or rename the table's rows to match.")


def navigation(pages: list[Page], index: int) -> str:
    """The bar of links at the top and bottom of page ``index``: previous, contents, next."""
    before = after = "<span></span>"
    if index > 0:
        page = pages[index - 1]
        before = (f'<a rel="prev" href="{page.file}">&larr; {page.number} '
                  f'{html.escape(page.title)}</a>')
    if index + 1 < len(pages):
        page = pages[index + 1]
        after = (f'<a rel="next" href="{page.file}">{page.number} '
                 f'{html.escape(page.title)} &rarr;</a>')
    return (f'<nav class="book-nav">{before}<a class="book-contents-link" href="index.html">'
            f'Contents</a>{after}</nav>')


def table_of_contents(page_html: str) -> str:
    """A folded list of the page's sections (h2) and subsections (h3), linked to their anchors."""
    items = [f'<li class="book-toc-h{level}"><a href="#{anchor}">{title.strip()}</a></li>'
             for level, anchor, title in HEADING.findall(page_html)]
    return ('<details class="book-toc"><summary>On this page</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def check_alt_texts(notebook, name: str) -> None:
    """Every figure needs its cell's alt text: the book shows it to readers who cannot see it."""
    for index, cell in enumerate(notebook.cells):
        has_figure = cell.cell_type == "code" and any(
            "image/png" in output.get("data", {}) for output in cell.outputs)
        if has_figure and len(cell.metadata.get("alt", "").strip()) < 30:
            raise ValueError(f"{name}, cell {index}: a figure without alt text (at least 30 "
                             f"characters in the cell's metadata 'alt'); describe what the "
                             f"figure shows there.")


def make_exporter() -> HTMLExporter:
    """JupyterLab's HTML export with the book's template, figures written out as files."""
    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATE_DIR)],
                            template_file="book.html.j2")
    exporter.register_preprocessor("nbconvert.preprocessors.ExtractOutputPreprocessor",
                                   enabled=True)
    return exporter


def export_notebook(exporter: HTMLExporter, path: Path, page: Page
                    ) -> tuple[str, dict[str, bytes]]:
    """The page's HTML (before navigation is added) and its figures, ``{file name: bytes}``."""
    notebook = nbformat.read(path, as_version=4)
    check_alt_texts(notebook, path.name)
    notebook.metadata["title"] = f"{page.number} {page.title} · {SERIES_TITLE}"
    resources = {"output_files_dir": f"{page.stem}_files", "unique_key": page.stem}
    body, resources = exporter.from_notebook_node(notebook, resources=resources)
    body = NOTEBOOK_LINK.sub(r'href="\1.html\2"', body).replace(JUPYTER_HINT, BOOK_HINT)
    return body, resources.get("outputs", {})


def shared_stylesheet(page_html: str, site: Path) -> str:
    """Move the page's inline stylesheets into one file of the site, linked from the page.

    Every page carries the same JupyterLab styles; as one file, a reader's browser loads them
    once instead of once per page. The file is named after its content.
    """
    head, body = page_html.split("</head>", 1)
    first = STYLE.search(head)
    if first is None:
        return page_html
    css = "\n".join(STYLE.findall(head))
    name = f"jupyterlab-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    if not (site / name).exists():
        (site / name).write_text(css, encoding="utf-8")
    head = head[:first.start()] + f'<link rel="stylesheet" href="{name}">' + \
        STYLE.sub("", head[first.end():])
    return head + "</head>" + body


def landing_page(pages: list[Page], table: str, credits: str) -> str:
    """The contents page: the README's table and credits, their links pointed into the site."""
    for page in pages:
        table = table.replace(f"(notebooks/{page.stem}.ipynb)", f"({page.file})")
    table = table.replace('src="docs/figures/', 'src="figures/')
    credits = credits.replace("](LICENSE)", "](LICENSE.txt)")
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
with the outputs it printed when it was last run. To run the code yourself, open the notebooks
(the <code>notebooks/</code> folder of the repository) in Jupyter: <code>make lab</code> does
it.</p>
<nav class="book-nav"><span></span><a rel="next" href="{first.file}">Start: {first.number}
{html.escape(first.title)} &rarr;</a></nav>
{markdown2html(table)}
<section class="book-credits" id="credits">
<h2>Credits and licences</h2>
{markdown2html(credits)}
</section>
</main>
</body>
</html>
"""


def check_output(output: Path) -> None:
    """Refuse an output that is not a folder this script made (or a new one)."""
    if output in (REPO, *REPO.parents) or output == Path.home():
        raise ValueError(f"--output {output} would replace the repository or a folder holding "
                         f"it; choose a folder of its own, such as build/book.")
    if output.exists() and not output.is_dir():
        raise ValueError(f"--output {output} is a file, not a folder; choose a folder.")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise ValueError(f"--output {output} is a folder that book.py did not make, and not "
                         f"empty; it is left as it is. Choose a new folder, such as build/book.")


def build(output: Path) -> list[Path]:
    """Write the whole site to ``output`` (replacing an earlier book) and return its pages."""
    check_output(output)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pages, table = series_table(readme)
    check_pages_match_notebooks(pages, REPO / "notebooks")
    credits = "\n".join(readme_section(readme, "## Credits and licences"))
    staging = output.with_name(output.name + ".partial")
    previous = output.with_name(output.name + ".previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        (staging / MARKER).write_text("This folder was made by scripts/book.py.\n")
        shutil.copytree(MATHJAX_DIR, staging / "mathjax")
        shutil.copytree(REPO / "docs" / "figures", staging / "figures")
        shutil.copyfile(TEMPLATE_DIR / "book.css", staging / "book.css")
        shutil.copyfile(REPO / "LICENSE", staging / "LICENSE.txt")
        names = ["index.html"]
        (staging / "index.html").write_text(landing_page(pages, table, credits),
                                            encoding="utf-8")
        exporter = make_exporter()
        for index, page in enumerate(pages):
            body, figures = export_notebook(exporter, REPO / "notebooks" / f"{page.stem}.ipynb",
                                            page)
            nav = navigation(pages, index)
            body = body.replace("<!-- book-top -->", nav + table_of_contents(body), 1)
            body = body.replace("<!-- book-bottom -->", nav + FOOTER, 1)
            body = shared_stylesheet(body, staging)
            for name, content in figures.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes(content)
            (staging / page.file).write_text(body, encoding="utf-8")
            names.append(page.file)
        # Swap: the old book goes aside first, so that a failed rename loses nothing.
        if output.exists():
            output.rename(previous)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if previous.exists() and not output.exists():
            previous.rename(output)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return [output / name for name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "build" / "book")
    args = parser.parse_args(argv)
    output = args.output.resolve()
    started = time.perf_counter()
    try:
        written = build(output)
    except ValueError as error:
        print(f"book: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    for path in written:
        print(f"  {path.name}: {path.stat().st_size / 1e3:,.0f} kB")
    print(f"book: {len(written)} pages in {output} in {seconds:.1f} s; "
          f"open {output / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())

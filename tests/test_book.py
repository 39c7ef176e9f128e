"""The book (``make book``): its pages as files, and as a real browser shows them.

The first tests read the built HTML. The browser test serves ``build/book/`` on 127.0.0.1,
opens every page in headless Chromium through the DevTools protocol, and checks what a reader
gets: every image loaded, every formula typeset by MathJax (no raw TeX left in the visible
text), no console errors, no request to any other host, and previous/next links that reach the
right pages. It saves a screenshot of the top of each page in ``build/book/screenshots/``.
A last test opens every page again as a file (``file://``, as the README suggests), with no
server at all.

Without Chromium the browser test is skipped with the reason, unless ``BOOK_BROWSER_REQUIRED``
is set (as CI's browser pass does); then a missing browser is a failure.
"""

from __future__ import annotations

import base64
import functools
import html
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
import websocket

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import book  # noqa: E402

REQUIRED_ENV = "BOOK_BROWSER_REQUIRED"
BOOK_DIR = REPO / "build" / "book"
PAGES, _ = book.series_table((REPO / "README.md").read_text(encoding="utf-8"))
ORDER = ["index.html"] + [page.file for page in PAGES]
NOTEBOOKS = {page.file: nbformat.read(REPO / "notebooks" / f"{page.stem}.ipynb", as_version=4)
             for page in PAGES}


def markdown_of(notebook) -> str:
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def hidden_cells(notebook) -> int:
    return sum(cell.metadata.get("jupyter", {}).get("source_hidden", False)
               for cell in notebook.cells)


#: Folds a reader finds on each page: hidden solution code, and <details> in the markdown.
FOLDS = {name: hidden_cells(notebook) + markdown_of(notebook).count("<details>")
         for name, notebook in NOTEBOOKS.items()}
#: Pages whose notebook has mathematics in its text, so MathJax must typeset something there.
MATH_PAGES = {name for name, notebook in NOTEBOOKS.items()
              if re.search(r"\$[^$\s][^$]*\$", markdown_of(notebook))}


@pytest.fixture(scope="module")
def built() -> Path:
    book.build(BOOK_DIR)
    return BOOK_DIR


def attributes(page: str, tag: str, name: str) -> list[str]:
    return [html.unescape(value)
            for value in re.findall(rf'<{tag}\b[^>]*?\b{name}="([^"]*)"', page)]


def test_every_notebook_of_the_readme_table_has_a_page_and_its_title(built: Path):
    notebooks = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [page.stem for page in PAGES] == notebooks
    for name in ORDER:
        assert (built / name).is_file(), name
    for page in PAGES:
        title = re.search(r"<title>(.*?)</title>", (built / page.file).read_text()).group(1)
        assert html.unescape(title).startswith(f"{page.number} {page.title} · "), title


def test_figures_are_files_with_their_cells_alt_text(built: Path):
    for page in PAGES:
        alts = [cell.metadata["alt"] for cell in NOTEBOOKS[page.file].cells
                if cell.cell_type == "code" and any("image/png" in output.get("data", {})
                                                    for output in cell.outputs)]
        text = (built / page.file).read_text(encoding="utf-8")
        sources = attributes(text, "img", "src")
        assert len(sources) == len(alts) > 0, page.file
        assert all(src.startswith(f"{page.stem}_files/") and (built / src).is_file()
                   for src in sources), sources
        assert attributes(text, "img", "alt") == alts, page.file


def test_a_figure_without_alt_text_stops_the_build():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "plot()", outputs=[nbformat.v4.new_output("display_data", {"image/png": "iVBOR"})])])
    with pytest.raises(ValueError, match=r"x.ipynb, cell 0: a figure without alt text"):
        book.check_alt_texts(notebook, "x.ipynb")


def test_every_local_link_and_anchor_leads_somewhere(built: Path):
    ids = {name: set(attributes((built / name).read_text(encoding="utf-8"), "[a-z0-9]+", "id"))
           for name in ORDER}
    broken = []
    for name in ORDER:
        for href in attributes((built / name).read_text(encoding="utf-8"), "a", "href"):
            if re.match(r"[a-z]+:", href):          # https:, mailto:: not part of the site
                continue
            target, _, anchor = href.partition("#")
            target = target or name
            if not (built / target).is_file():
                broken.append(f"{name}: {href} (no such file)")
            elif anchor and anchor not in ids.get(target, set()):
                broken.append(f"{name}: {href} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_another_host(built: Path):
    for name in ORDER + [path.name for path in built.glob("*.css")]:
        text = (built / name).read_text(encoding="utf-8")
        loaded = attributes(text, "script", "src") + attributes(text, "img", "src") + \
            attributes(text, "link", "href") + re.findall(r"url\(['\"]?([^)'\"]+)", text)
        remote = [url for url in loaded if re.match(r"(https?:)?//", url)]
        assert not remote, f"{name} loads {remote}"


def test_pages_share_one_copy_of_jupyterlabs_styles(built: Path):
    linked = set()
    for page in PAGES:
        head = (built / page.file).read_text(encoding="utf-8").split("</head>")[0]
        assert "<style" not in head, page.file
        linked |= {href for href in attributes(head, "link", "href")
                   if href.startswith("jupyterlab-")}
    assert len(linked) == 1 and (built / linked.pop()).stat().st_size > 100_000


def test_solutions_stay_folded(built: Path):
    for page in PAGES:
        text = (built / page.file).read_text(encoding="utf-8")
        hidden = hidden_cells(NOTEBOOKS[page.file])
        assert text.count('<details class="book-hidden-code">') == hidden > 0, page.file
        assert text.count("<details") == FOLDS[page.file] + 1, page.file    # + the contents
        assert "<details open" not in text, page.file


def test_a_failed_build_leaves_the_previous_book(tmp_path: Path, monkeypatch):
    output = tmp_path / "book"
    output.mkdir()
    (output / book.MARKER).write_text("")
    (output / "index.html").write_text("the previous book")
    monkeypatch.setattr(book, "export_notebook", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        book.build(output)
    assert (output / "index.html").read_text() == "the previous book"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]


def test_only_a_folder_an_earlier_build_made_is_replaced(tmp_path: Path):
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work")
    with pytest.raises(ValueError, match="a folder that book.py did not make"):
        book.build(foreign)
    assert (foreign / "thesis.tex").read_text() == "years of work"
    (tmp_path / "a-file").write_text("")
    for output, message in [(tmp_path / "a-file", "is a file, not a folder"),
                            (REPO, "would replace the repository"),
                            (REPO.parent, "would replace the repository")]:
        with pytest.raises(ValueError, match=message):
            book.build(output)


def test_a_readme_table_that_does_not_match_the_notebooks_is_refused():
    header = "## The series\n\n| # | notebook | what | |\n|---|---|---|---|\n"
    with pytest.raises(ValueError, match="no line '## The series'"):
        book.series_table("# A README\n\n## Series\n")
    with pytest.raises(ValueError, match="no notebook rows found under '## The series'"):
        book.series_table(header)
    with pytest.raises(ValueError, match="expected a row like"):
        book.series_table(header + "| 7 | [Seven](notebooks/07-seven.ipynb) | x | |\n")
    pages, _ = book.series_table(header + "| 01 | [One](notebooks/01_one.ipynb) | x | |\n")
    with pytest.raises(ValueError, match=r"lists \['01_one'\], but notebooks/ holds"):
        book.check_pages_match_notebooks(pages, REPO / "notebooks")


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------

def find_browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    reason = ("no Chromium on this machine (looked for chromium, chromium-browser and "
              "google-chrome on PATH); install Debian's chromium package to run the browser test")
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(f"{reason}, and {REQUIRED_ENV} is set")
    pytest.skip(reason)


class DevTools:
    """A minimal client of Chromium's DevTools protocol over one page's websocket."""

    def __init__(self, url: str):
        self.socket = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.last_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.last_id += 1
        self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {seconds} s")
            self.events.append(json.loads(self.socket.recv()))

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[DevTools]:
    executable = find_browser()
    profile = tmp_path_factory.mktemp("chromium-profile")
    command = [executable, "--headless", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic", "--remote-debugging-port=0",
               f"--user-data-dir={profile}", "about:blank"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")   # Chromium refuses to run as root otherwise
    log = profile / "chromium.log"
    with log.open("wb") as stderr:
        # Its own session, so that its helper processes end with it.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr,
                                   start_new_session=True)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.is_file() or not port_file.read_text().strip():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Network", "Runtime", "Log"):
            tools.call(f"{domain}.enable")
        tools.call("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                   deviceScaleFactor=1, mobile=False)
        yield tools
        tools.socket.close()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


#: What a reader sees, gathered in the page once MathJax has finished.
INSPECT = r"""
(() => {
  // Folds (solutions) must be closed as the page loads; then they are opened for the checks.
  const folds = [...document.querySelectorAll("details:not(.book-toc)")];
  const openAtLoad = folds.filter(fold => fold.open).length;
  document.querySelectorAll("details").forEach(fold => { fold.open = true; });
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    // Code and printed output may hold a $ of their own.
    if (parent.closest("pre, code, script, style, .jp-CodeCell .jp-InputArea, .jp-OutputArea")) {
      continue;
    }
    if (!parent.checkVisibility()) continue;
    const text = node.textContent;
    const tex = /\\(frac|partial|hat|sum|sqrt|mathbf|log|cdot)\b/;
    // A code fence left as text means markdown that was not rendered.
    if (/\$[^$\s][^$]*\$/.test(text) || tex.test(text) || text.includes("```")) {
      raw.push(text.trim().slice(0, 100));
    }
  }
  const link = rel => { const a = document.querySelector(`nav a[rel=${rel}]`);
                        return a ? a.getAttribute("href") : null; };
  return {
    path: location.pathname,
    folds: folds.length,
    openAtLoad: openAtLoad,
    images: [...document.images].map(i => ({src: i.getAttribute("src"),
                                            loaded: i.complete && i.naturalWidth > 0})),
    raw: raw,
    formulas: document.querySelectorAll('script[type^="math/tex"]').length,
    typeset: document.querySelectorAll("span.MathJax").length,
    mathErrors: document.querySelectorAll(".MathJax_Error, merror").length,
    prev: link("prev"),
    next: link("next"),
  };
})()
"""

#: Resolves once MathJax has typeset the page (at once on a page without MathJax): the book's
#: MathJax configuration marks the page when MathJax's first typeset is over.
MATHJAX_DONE = """new Promise(done => {
  const check = () => (!window.MathJax || document.documentElement.dataset.mathTypeset)
                      ? done(true) : setTimeout(check, 50);
  check();
})"""


def problems_of_load(events: list[dict], files: bool = False) -> list[str]:
    """Console errors, exceptions, failed loads and requests to other hosts, from the events.

    Local means 127.0.0.1, or with ``files`` the local disk (a book opened as files).
    """
    local_schemes = ("data", "blob", "about")
    problems = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            parts = urlparse(url)
            on_disk = parts.scheme == "file" and files and not parts.hostname
            if not on_disk and parts.scheme not in local_schemes and parts.hostname != "127.0.0.1":
                problems.append(f"request to another host: {url}")
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            problems.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        elif method == "Network.loadingFailed":
            problems.append(f"load failed: {params.get('errorText')}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            problems.append(f"console.{params['type']}: "
                            f"{[arg.get('value') for arg in params['args']]}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            problems.append(f"console: {params['entry']['text']}")
    return problems


def open_page(tools: DevTools, how: str, screenshot: Path | None) -> tuple[dict, list[str]]:
    """Load a page (``how`` is a URL, or "prev"/"next" to click that link) and inspect it.

    The screenshot, if asked for, shows the page as it loads, before the folds are opened.
    """
    tools.events.clear()
    if how in ("prev", "next"):
        tools.evaluate(f'document.querySelector("nav a[rel={how}]").click()')
    else:
        tools.call("Page.navigate", url=how)
    tools.wait_for("Page.loadEventFired")
    tools.evaluate(MATHJAX_DONE)
    if screenshot is not None:
        shot = tools.call("Page.captureScreenshot", format="png")
        name = Path(urlparse(tools.evaluate("location.href")).path).name
        (screenshot / name.replace(".html", ".png")).write_bytes(base64.b64decode(shot["data"]))
    seen = tools.evaluate(INSPECT)
    return seen, problems_of_load(tools.events, files=how.startswith("file:"))


def what_is_wrong(name: str, seen: dict, load_problems: list[str]) -> list[str]:
    """Everything a reader of page ``name`` would meet that is broken, from ``open_page``."""
    problems = list(load_problems)
    problems += [f"image not loaded: {image['src']}"
                 for image in seen["images"] if not image["loaded"]]
    if not seen["images"]:
        problems.append("no images")
    problems += [f"raw TeX or markdown in the visible text: {text!r}" for text in seen["raw"]]
    if name in MATH_PAGES and seen["formulas"] == 0:
        problems.append("no formulas found, though the notebook's text has mathematics")
    if seen["typeset"] != seen["formulas"] or seen["mathErrors"]:
        problems.append(f"{seen['formulas']} formulas, {seen['typeset']} typeset, "
                        f"{seen['mathErrors']} MathJax errors")
    if seen["openAtLoad"]:
        problems.append(f"{seen['openAtLoad']} of {seen['folds']} folds open at load")
    if seen["folds"] != FOLDS.get(name, 0):
        problems.append(f"{seen['folds']} folds, expected {FOLDS.get(name, 0)}")
    return [f"{name}: {problem}" for problem in problems]


def test_every_page_in_a_real_browser(served: str, browser: DevTools, built: Path):
    screenshots = built / "screenshots"
    shutil.rmtree(screenshots, ignore_errors=True)
    screenshots.mkdir()
    problems = []
    # Forward from the contents page by the "next" links, then back by the "previous" ones.
    route = [(name, "next") for name in ORDER[1:]] + \
            [(name, "prev") for name in reversed(ORDER[1:-1])]
    for step, (expected, how) in enumerate([(ORDER[0], served + ORDER[0])] + route):
        seen, load_problems = open_page(browser, how, screenshots if how != "prev" else None)
        name = Path(seen["path"]).name
        if name != expected:
            problems.append(f"step {step}: the {how} link led to {name}, expected {expected}")
            break
        problems += what_is_wrong(name, seen, load_problems)
        index = ORDER.index(name)
        expected_links = (ORDER[index - 1] if index > 1 else None,
                          ORDER[index + 1] if index + 1 < len(ORDER) else None)
        if name != "index.html" and (seen["prev"], seen["next"]) != expected_links:
            problems.append(f"{name}: links {seen['prev']} / {seen['next']}, "
                            f"expected {expected_links}")
    assert MATH_PAGES, "no notebook has mathematics: the formula checks would check nothing"
    assert not problems, "in the browser:\n" + "\n".join(problems)
    assert sorted(p.name for p in screenshots.iterdir()) == sorted(
        name.replace(".html", ".png") for name in ORDER)


def test_the_book_opened_as_files(browser: DevTools, built: Path):
    # The README says to open build/book/index.html: no server, file:// pages, where browsers
    # are stricter about what a page may load (fonts, scripts).
    problems = []
    for name in ORDER:
        seen, load_problems = open_page(browser, (built / name).as_uri(), None)
        problems += what_is_wrong(name, seen, load_problems)
    assert not problems, "opened as files:\n" + "\n".join(problems)

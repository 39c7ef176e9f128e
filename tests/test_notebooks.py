"""Hygiene of the committed notebooks: what strict nbval, readers and the runner rely on."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from .conftest import REPO

NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAME = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/root/|/home/|/tmp/|/work/|/Users/|[A-Z]:\\)")
MAX_BYTES = 2_500_000
TIMING = re.compile(r"perf_counter|%timeit|%%time|timeit\.|time\.time\(")


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_text(output) -> str:
    text = output.get("text", "")
    data = output.get("data", {})
    return "".join(text) + "".join(data.get("text/plain", "")) + "".join(data.get("text/html", ""))


def test_there_are_notebooks_numbered_from_01_without_gaps():
    assert NOTEBOOKS, "no notebooks found"
    numbers = []
    for path in NOTEBOOKS:
        match = NAME.match(path.name)
        assert match, f"{path.name}: expected NN_snake_case.ipynb"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    path: Path = request.param
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    content = nbformat.read(path, as_version=4)
    nbformat.validate(content)
    content.metadata["_path"] = path.name
    return content


def test_kernel_is_python3(notebook):
    assert notebook.metadata["kernelspec"]["name"] == "python3"


def test_executed_top_to_bottom_on_a_fresh_kernel(notebook):
    counts = [cell.execution_count for cell in code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1))


def test_no_errors_warnings_or_stderr(notebook):
    for index, cell in enumerate(code_cells(notebook)):
        for output in cell.outputs:
            assert output.output_type != "error", f"code cell {index} raised"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"code cell {index} wrote to stderr: {output_text(output)[:200]}")
            # How Python's warnings module prints a warning; notebook 05 prints a caught
            # ConvergenceWarning's message on purpose, which does not look like this.
            assert not re.search(r"\.py:\d+: \w*Warning", output_text(output)), (
                f"code cell {index} shows a warning")


SILENCING = re.compile(r"""(filterwarnings|simplefilter)\(\s*["']ignore|record\s*=\s*True""")


def test_no_silenced_warnings(notebook):
    # Turning a warning into an error to show it is fine; ignoring or swallowing it is not.
    for index, cell in enumerate(code_cells(notebook)):
        assert not SILENCING.search(cell.source), f"code cell {index} silences warnings"


def test_no_absolute_paths_or_object_reprs(notebook):
    for index, cell in enumerate(notebook.cells):
        assert not ABSOLUTE_PATH.search(cell.source), f"cell {index} source has a path"
        for output in cell.get("outputs", []):
            text = output_text(output)
            assert not ABSOLUTE_PATH.search(text), f"cell {index} output has a path"
            assert not re.search(r"<matplotlib\.\S+ (object )?at 0x|\[<matplotlib", text), (
                f"cell {index} prints a matplotlib object; end the cell with plt.show()")


def test_only_timing_cells_ignore_their_output(notebook):
    for index, cell in enumerate(code_cells(notebook)):
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            assert TIMING.search(cell.source), f"code cell {index} ignores output but times nothing"


def test_one_headline_cell_printing_one_line(notebook):
    headlines = [cell for cell in code_cells(notebook)
                 if "headline" in cell.metadata.get("tags", [])]
    assert len(headlines) == 1
    streams = [o for o in headlines[0].outputs if o.output_type == "stream"]
    assert len(streams) == 1 and len(streams[0].text.strip().splitlines()) == 1


def test_structure_of_a_lesson(notebook):
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    number = notebook.metadata["_path"][:2]
    opening = markdown[0]
    assert opening.startswith(f"# {number} · ")
    for part in ("What you will learn", "Prerequisites", "Time", "Where this sits"):
        assert part in opening, f"the opening cell lacks '{part}'"
    text = "\n".join(markdown)
    assert "## Summary" in text and "## Exercises" in text
    assert text.count("<details>") >= 2 and text.count("<details>") == text.count("</details>")
    if number != f"{len(NOTEBOOKS):02d}":
        following = NOTEBOOKS[int(number)].name
        assert f"({following})" in text, f"no link to the next notebook, {following}"


def test_links_between_notebooks_point_at_files_that_exist(notebook):
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    for target in re.findall(r"\]\((\d\d_[a-z0-9_]+\.ipynb)", text):
        assert (NOTEBOOK_DIR / target).is_file() or int(target[:2]) > len(NOTEBOOKS), target


def test_every_figure_has_alt_text(notebook):
    # nbconvert's HTML (and the book) take an image's alt text from the cell's "alt" metadata.
    for index, cell in enumerate(notebook.cells):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if images:
            alt = cell.metadata.get("alt", "")
            assert len(alt) >= 30, f"cell {index} draws a figure without alt text"
            assert len(images) == 1, f"cell {index} draws {len(images)} figures; one alt each"


def test_the_readme_shows_each_figure_with_its_alt_text(notebook):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    number = notebook.metadata["_path"][:2]
    figure = next(cell for cell in notebook.cells
                  if "readme-figure" in cell.metadata.get("tags", []))
    assert f'src="docs/figures/{number}.png" width="240" alt="{figure.metadata["alt"]}"' in readme

"""The main line of a notebook stands alone: a beginner may skip every "going deeper" part.

Notebooks 03 and 05 mark their optional mathematics with the tag ``going-deeper``; run
without those cells (from the repository root, on a fresh kernel), the rest must print
exactly what the full notebook prints.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .test_notebooks import NOTEBOOKS
from .test_rerun import checked, kernel_for, run, shown_text

DEEPER = "going-deeper"
WITH_DEEPER = [p for p in NOTEBOOKS if p.name.startswith(("03_", "05_"))]


def deeper(cell) -> bool:
    return DEEPER in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", WITH_DEEPER, ids=[p.name for p in WITH_DEEPER])
def test_going_deeper_parts_are_marked_and_open_with_their_heading(path: Path):
    notebook = nbformat.read(path, as_version=4)
    marked = [cell for cell in notebook.cells if deeper(cell)]
    assert any(cell.cell_type == "code" for cell in marked), "no going-deeper code"
    for index, cell in enumerate(notebook.cells):
        starts_part = deeper(cell) and not deeper(notebook.cells[index - 1])
        if starts_part:
            assert cell.cell_type == "markdown" and "Going deeper" in cell.source.split("\n")[0], (
                f"cell {index} starts a going-deeper part without its heading")


@pytest.mark.parametrize("path", WITH_DEEPER, ids=[p.name for p in WITH_DEEPER])
def test_the_main_line_runs_without_the_going_deeper_parts(path: Path):
    # A beginner may skip every going-deeper part: the rest must run, and print exactly what
    # the full notebook prints.
    notebook = nbformat.read(path, as_version=4)
    committed = {index: shown_text(cell.outputs) for index, cell in enumerate(notebook.cells)
                 if cell.cell_type == "code"}
    main_line = [(index, cell) for index, cell in enumerate(notebook.cells)
                 if cell.cell_type == "code" and not deeper(cell)]
    assert len(main_line) < len(committed)
    differ = []
    with kernel_for(notebook) as client:
        for index, cell in main_line:
            shown = run(client, index, cell)
            if checked(cell) and shown != committed[index]:
                differ.append(f"cell {index}:\n  full notebook: {committed[index]}\n"
                              f"  main line:     {shown}")
    assert not differ, "without the going-deeper parts these cells print something else:\n" + \
        "\n".join(differ)

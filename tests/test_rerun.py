"""Every notebook is safe to re-run, from any working folder.

A learner runs the notebook, scrolls back up and runs an earlier cell again. That cell then
meets the state the *whole* notebook left behind, not the state it met the first time. If a
later section re-bound one of its names (``a``, ``w``, ``cost``), it prints something else.

So each notebook is executed top to bottom and then every code cell is executed a second
time, last to first, in the same kernel; each must print what it printed the first time
(after the sanitizing nbval applies; timing cells excepted; pictures are not compared, as in
nbval). A second pass in order would not catch the problem: the earlier cells would re-bind
the names first. The kernel starts in the repository root, not in ``notebooks/`` where nbval
runs it, so this also checks that no notebook depends on its working folder.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import REPO
from .test_notebooks import NOTEBOOKS

sys.path.insert(0, str(REPO / "scripts"))
from run_notebooks import private_kernel  # noqa: E402


def sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs of tests/nbval_sanitize.cfg, as nbval applies them."""
    config = configparser.ConfigParser()
    config.read(REPO / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[section]["regex"]), config[section]["replace"])
            for section in config.sections()]


SANITIZERS = sanitizers()


def shown_text(outputs) -> list[str]:
    """What a reader sees of a cell's outputs as text, sanitized; pictures are left out.

    Consecutive pieces of one stream are joined: how printed text is split into pieces
    depends on when the kernel flushed, not on what was printed.
    """
    texts = []
    for output in outputs:
        if output.output_type == "stream":
            if texts and texts[-1].startswith(f"{output.name}: "):
                texts[-1] += output.text
                continue
            texts.append(f"{output.name}: {output.text}")
        elif output.output_type == "error":
            texts.append(f"error: {output.ename}: {output.evalue}")
        else:
            texts.append(output.get("data", {}).get("text/plain", ""))
    for pattern, replacement in SANITIZERS:
        texts = [pattern.sub(replacement, text) for text in texts]
    return texts


@contextmanager
def kernel_for(notebook) -> Iterator[NotebookClient]:
    """A client with a running kernel whose working folder is the repository root."""
    with private_kernel() as manager:
        client = NotebookClient(notebook, km=manager, timeout=600, allow_errors=True,
                                resources={"metadata": {"path": str(REPO)}})
        try:
            with client.setup_kernel():
                yield client
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


def run(client: NotebookClient, index: int, cell) -> list[str]:
    client.execute_cell(cell, index)
    shown = shown_text(cell.outputs)
    assert not any(t.startswith(("error:", "stderr:")) for t in shown), (
        f"code cell {index} failed when run from the repository root: {shown}")
    return shown


def checked(cell) -> bool:
    return "nbval-ignore-output" not in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_cell_prints_the_same_when_run_again_last_to_first(path: Path):
    notebook = nbformat.read(path, as_version=4)
    code = [(index, cell) for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code"]
    changed = []
    with kernel_for(notebook) as client:
        first = {index: run(client, index, cell) for index, cell in code}
        for index, cell in reversed(code):
            if checked(cell):
                again = run(client, index, cell)
                if again != first[index]:
                    changed.append(f"cell {index}:\n  first: {first[index]}\n  again: {again}")
    assert not changed, "re-run last to first, these cells print something else:\n" + \
        "\n".join(changed)

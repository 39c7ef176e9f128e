"""The notebook runner behind make run and make notebooks (without starting kernels)."""

from __future__ import annotations

import sys

import nbformat

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import run_notebooks  # noqa: E402


def stream(name: str, text: str):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_consecutive_pieces_of_one_stream_are_merged():
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    picture = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    cell.outputs = [stream("stdout", "a\n"), stream("stdout", "b\n"), picture,
                    stream("stdout", "c\n"), stream("stderr", "d\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    run_notebooks.merge_streams(notebook)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "a\nb\n"), ("display_data", None, None),
        ("stream", "stdout", "c\n"), ("stream", "stderr", "d\n")]


def test_the_headline_is_the_tagged_cells_first_printed_line():
    tagged = nbformat.v4.new_code_cell("print(...)", metadata={"tags": ["headline"]})
    tagged.outputs = [stream("stdout", "train 92.8 %\nmore\n")]
    other = nbformat.v4.new_code_cell("print('no')")
    other.outputs = [stream("stdout", "not this\n")]
    notebook = nbformat.v4.new_notebook(cells=[other, tagged])
    assert run_notebooks.headline_of(notebook) == "train 92.8 %"
    assert run_notebooks.headline_of(nbformat.v4.new_notebook(cells=[other])) == ""


def test_every_committed_notebook_has_merged_streams():
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            outputs = cell.get("outputs", [])
            for first, second in zip(outputs, outputs[1:], strict=False):
                assert not (first.output_type == second.output_type == "stream"
                            and first.name == second.name), path.name

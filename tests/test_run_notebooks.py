"""The notebook runner behind make run and make notebooks."""

from __future__ import annotations

import subprocess
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


def small_notebook(path, source: str):
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    return path


def test_without_ipc_the_kernel_talks_tcp_on_loopback(tmp_path, monkeypatch):
    # Windows builds of ZeroMQ have no IPC transport: the runner must fall back to TCP.
    monkeypatch.setattr(run_notebooks.zmq, "has", lambda feature: feature != "ipc")
    path = small_notebook(tmp_path / "a.ipynb", "import os; print(os.getcwd())")
    notebook, status, _ = run_notebooks.execute(path, working_dir=tmp_path)
    assert status == "ok"
    assert notebook.cells[0].outputs[0]["text"].strip() == str(tmp_path)


def test_a_failed_run_is_written_to_the_output_folder_and_reported(tmp_path):
    # In a process of its own, as make run starts it: a failed execution leaves the kernel
    # client's sockets to the garbage collector, whose warnings belong to that process.
    path = small_notebook(tmp_path / "b.ipynb", "1 / 0")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "run_notebooks.py"),
                             str(path), "--output-dir", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "shows the error" in result.stdout
    executed = nbformat.read(tmp_path / "out" / "b.ipynb", as_version=4)
    assert executed.cells[0].outputs[-1]["ename"] == "ZeroDivisionError"

"""Execute notebooks top to bottom, each on a fresh kernel, and print a results table.

    make run:        python scripts/run_notebooks.py --output-dir build/notebooks notebooks/*.ipynb
    make notebooks:  python scripts/run_notebooks.py --inplace notebooks/*.ipynb

Without notebook arguments it runs every numbered notebook of notebooks/ (handy where the
shell does not expand ``*``, as in Windows PowerShell).

Each notebook has one code cell tagged ``headline`` that prints a one-line result; the table
shows it beside the notebook's name, running time and status. The kernel is always this
interpreter's own Python, whatever kernels happen to be registered on the machine.
A notebook that fails is reported and, with ``--inplace``, left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import zmq
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

KERNEL_NAME = "python3"
REPO = Path(__file__).resolve().parent.parent


class ThisInterpreterKernels(KernelSpecManager):
    """Resolve every kernel name to an IPython kernel running on ``sys.executable``."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher",
                                "-f", "{connection_file}"],
                          display_name="Python 3 (ipykernel)", language="python")


def headline_of(notebook: nbformat.NotebookNode) -> str:
    """The first line printed by the cell tagged ``headline``, or '' if there is none."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and "headline" in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stdout":
                    return output["text"].strip().splitlines()[0]
    return ""


def merge_streams(notebook: nbformat.NotebookNode) -> None:
    """Join each cell's consecutive stdout (or stderr) pieces into one output.

    How printed text is split into pieces depends on when the kernel flushed, which varies
    from run to run; merged, a regenerated notebook is byte-identical when nothing changed.
    """
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if (merged and output.get("output_type") == "stream"
                    and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == output.get("name")):
                merged[-1]["text"] += output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged


@contextmanager
def private_kernel() -> Iterator[KernelManager]:
    """A manager for a kernel on this interpreter, shut down when the block ends.

    Where ZeroMQ supports it (Linux, macOS), the kernel talks over local socket files (IPC)
    in a private folder, not over TCP, so nothing listens on a network port; the path is
    absolute, because the kernel runs in whatever folder its notebook asks for. Windows
    builds of ZeroMQ have no IPC, so there the kernel uses TCP on 127.0.0.1, as Jupyter does.
    """
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        if os.name != "nt" and zmq.has("ipc"):
            where = {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}
        else:
            where = {"transport": "tcp", "ip": "127.0.0.1"}
        manager = KernelManager(kernel_name=KERNEL_NAME,
                                kernel_spec_manager=ThisInterpreterKernels(), **where)
        try:
            yield manager
        finally:
            if manager.has_kernel:         # nbclient leaves a kernel it was given running
                manager.shutdown_kernel()


def execute(path: Path, timeout: int = 600, record_timing: bool = False,
            working_dir: Path | None = None) -> tuple[nbformat.NotebookNode, str, float]:
    """Run the notebook at ``path``; return it, a status and seconds.

    The kernel starts in ``working_dir``, by default the notebook's own folder (as Jupyter
    does). With ``record_timing`` each code cell's metadata gets nbclient's timestamps
    (``execution``), for the benchmark; the committed notebooks are written without them.
    """
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    started = time.perf_counter()
    with private_kernel() as manager:
        client = NotebookClient(notebook, km=manager, timeout=timeout,
                                record_timing=record_timing,
                                resources={"metadata": {"path": str(working_dir or path.parent)}})
        try:
            client.execute()
            merge_streams(notebook)
            status = "ok"
        except CellExecutionError as error:
            status = f"FAILED: {error.ename}: {error.evalue}"[:300]
        except Exception as error:          # the kernel would not start, or died
            status = f"FAILED: {type(error).__name__}: {error}"[:300]
        finally:
            if getattr(client, "kc", None) is not None:
                client.kc.stop_channels()   # nbclient leaves a given kernel's client open
    return notebook, status, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: every numbered notebook in notebooks/")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--inplace", action="store_true",
                       help="write the outputs back into the notebooks (to commit them)")
    where.add_argument("--output-dir", type=Path, help="write executed copies here")
    parser.add_argument("--working-dir", type=Path,
                        help="start every kernel in this folder (default: the notebook's own)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))

    working_dir = args.working_dir.resolve() if args.working_dir else None
    rows = []
    for path in notebooks:
        print(f"running {path} ...", flush=True)
        notebook, status, seconds = execute(path, working_dir=working_dir)
        # A failed run is written to --output-dir too (its failing cell shows the error),
        # but never over a committed notebook.
        if status == "ok" or args.output_dir:
            target = path if args.inplace else args.output_dir / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
        rows.append((path.name, seconds, status, headline_of(notebook) if status == "ok" else ""))

    name_width = max(len(row[0]) for row in rows)
    print()
    print(f"{'notebook':<{name_width}}  {'seconds':>7}  status  headline")
    for name, seconds, status, headline in rows:
        shown = "ok" if status == "ok" else "FAILED"
        print(f"{name:<{name_width}}  {seconds:7.1f}  {shown:<6}  {headline or status}")
    failed = [row for row in rows if row[2] != "ok"]
    if args.output_dir:
        print(f"\nThe executed copies are in {args.output_dir}/ (a failed one shows the error "
              "under its failing cell); the notebooks in notebooks/ are unchanged.")
    if failed:
        print(f"\n{len(failed)} notebook(s) failed.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

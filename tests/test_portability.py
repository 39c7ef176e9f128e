"""The portability passes of make test: they perturb the arithmetic and catch outputs that move."""

from __future__ import annotations

import os
import re
import sys

import nbformat
import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import portability  # noqa: E402

MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


def rule(target: str) -> tuple[str, str]:
    """The prerequisites and the recipe of a Makefile target."""
    match = re.search(rf"^{target}:(.*)\n((?:\t.*\n)*)", MAKEFILE, re.MULTILINE)
    assert match, f"no target {target} in the Makefile"
    return match.group(1), match.group(2)


def test_make_test_is_the_suite_then_the_portability_passes():
    prerequisites, recipe = rule("test")
    assert "check" in prerequisites.split()
    assert "pytest" in rule("check")[1]
    assert "scripts/portability.py" in recipe
    assert "scripts/portability.py" in rule("portability")[1]


def test_nothing_sets_the_openblas_kernel():
    # Some machines need the OPENBLAS_CORETYPE they are given; tests and CI never change it.
    for path in [REPO / "Makefile", REPO / ".ci" / "run", REPO / "scripts" / "portability.py",
                 *sorted((REPO / "tests").glob("*.py"))]:
        if path.name != "test_portability.py":
            assert not re.search(r"OPENBLAS_CORETYPE\s*[=:]|\[.OPENBLAS_CORETYPE.\]\s*=",
                                 path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize(("found", "disabled"), [
    (["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"], ["X86_V4", "AVX512_ICL", "AVX512_SPR"]),
    (["X86_V3"], ["X86_V3"]),
    (["ASIMDHP", "ASIMDDP", "SVE"], ["ASIMDDP", "SVE"]),
    ([], []),
])
def test_the_highest_simd_levels_are_switched_off(found, disabled):
    assert portability.simd_levels_to_disable(found) == disabled


def test_failed_cells_are_read_from_pytests_summary():
    summary = ("FAILED notebooks/05_x.ipynb::Cell 3 - Notebook cell execution failed\n"
               "FAILED notebooks/04_y.ipynb::Cell 12\n")
    assert portability.FAILED.findall(summary) == ["notebooks/05_x.ipynb::Cell 3",
                                                   "notebooks/04_y.ipynb::Cell 12"]


def stdout(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def test_an_output_that_depends_on_the_arithmetic_set_up_fails_its_pass(tmp_path, monkeypatch,
                                                                         capsys):
    # A notebook whose committed outputs are what this machine's native set-up prints: the
    # number of BLAS threads, and the SIMD levels numpy uses. Each pass changes one of them.
    for name in portability.THREAD_VARIABLES:
        monkeypatch.setenv(name, "1")
    monkeypatch.delenv("NPY_DISABLE_CPU_FEATURES", raising=False)
    native = portability.probe(dict(os.environ))
    threads_cell = nbformat.v4.new_code_cell(
        "import numpy\nfrom threadpoolctl import threadpool_info\n"
        "print([p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'][0])",
        execution_count=1, outputs=[stdout(f"{native['blas_threads']}\n")])
    simd_cell = nbformat.v4.new_code_cell(
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__\n"
        "print([name for name in __cpu_dispatch__ if __cpu_features__[name]])",
        execution_count=2, outputs=[stdout(f"{native['simd']}\n")])
    notebook = nbformat.v4.new_notebook(cells=[threads_cell, simd_cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = tmp_path / "depends_on_the_machine.ipynb"
    nbformat.write(notebook, path)

    # Control: unperturbed, the notebook passes, so a failure below is the perturbation's doing.
    assert portability.run_nbval(dict(os.environ), [str(path)], jobs=1)[:2] == (0, [])
    status = portability.main([str(path), "--jobs", "1"])
    report = capsys.readouterr().out

    threads_line = next(line for line in report.splitlines() if "threads:" in line
                        and ("NOTICE" in line or "with threads" in line))
    simd_line = next(line for line in report.splitlines() if "simd:" in line
                     and ("NOTICE" in line or "with simd" in line))
    ran = [line for line in (threads_line, simd_line) if "NOTICE" not in line]
    assert status == (1 if ran else 0), report
    if "NOTICE" not in threads_line:
        assert f"{path.name}::Cell 0" in report, report
    if "NOTICE" not in simd_line:
        assert f"{path.name}::Cell 1" in report, report
    assert report.count("FAILED, 1 cell(s) differ") == len(ran), report

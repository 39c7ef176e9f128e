"""The routes into the series besides `make run`: other Pythons, plain pip, Windows, Colab,
and `make lab` as root (README, "Two commands" and the sections after it)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from .conftest import REPO
from .test_notebooks import NOTEBOOKS

README = (REPO / "README.md").read_text(encoding="utf-8")
MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")

# The make route needs make and a POSIX shell; the plain-pip and Windows routes have neither.
# CI always has both, so these never skip there.
needs_make = pytest.mark.skipif(shutil.which("make") is None or os.name == "nt",
                                reason="the make route needs make and a POSIX shell")


def recipe(target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert match, f"no recipe for {target}"
    return match.group(1)


# --------------------------------------------------------------------------------------
# The environment remembers its interpreter
# --------------------------------------------------------------------------------------


def fake_python(folder: Path, version: str) -> Path:
    """A stand-in 'python' that only answers the Makefile's version question."""
    script = folder / f"python{version}"
    script.write_text(f"#!/bin/sh\necho {version}\n")
    script.chmod(0o755)
    return script


@needs_make
@pytest.mark.parametrize(("made_with", "asked_for", "rebuilt"), [
    ("3.11", "3.13", True), ("3.13", "3.12", True), ("3.12", "3.12", False)])
def test_only_a_venv_of_another_python_version_is_removed(tmp_path, made_with, asked_for,
                                                          rebuilt):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /nowhere\n")
    (venv / "bin" / "python").write_text(f"#!/bin/sh\necho {made_with}\n")
    (venv / "bin" / "python").chmod(0o755)
    installed = venv / "installed-packages"              # stands for what pip put there
    installed.touch()
    result = subprocess.run(["make", "setup", f"VENV={venv}",
                             f"PYTHON={fake_python(tmp_path, asked_for)}"],
                            capture_output=True, text=True, cwd=REPO)
    assert ("Rebuilding" in result.stdout) is rebuilt, result.stdout + result.stderr
    assert installed.exists() is not rebuilt
    if not rebuilt:                                      # updated in place, stamp renewed
        assert result.returncode == 0, result.stderr
        stamps = [path.name for path in venv.glob(".installed-python*")]
        assert stamps == [f".installed-python{asked_for}"]


@needs_make
def test_a_stamp_for_the_asked_version_means_nothing_to_do(tmp_path):
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed-python3.13").touch()             # newer than requirements.txt
    result = subprocess.run(["make", "-n", "setup", f"VENV={venv}",
                             f"PYTHON={fake_python(tmp_path, '3.13')}"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and "-m venv" not in result.stdout, result.stdout


@needs_make
@pytest.mark.parametrize(("version", "message"), [
    ("3.10", "Python 3.11, 3.12 or 3.13 is needed, .* is 3.10"),
    ("3.14", "Python 3.11, 3.12 or 3.13 is needed, .* is 3.14"),
    ("", "no working Python at PYTHON="),
])
def test_other_pythons_are_refused_before_anything_is_made(tmp_path, version, message):
    python = fake_python(tmp_path, version) if version else tmp_path / "no-such-python"
    result = subprocess.run(["make", "setup", f"VENV={tmp_path / 'venv'}", f"PYTHON={python}"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode != 0 and re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "venv").exists()


# --------------------------------------------------------------------------------------
# Plain pip: requirements.txt installs the helpers package itself
# --------------------------------------------------------------------------------------


def test_requirements_install_the_helpers_package():
    lines = [line.split("#")[0].strip()
             for line in (REPO / "requirements.txt").read_text().splitlines()]
    assert "--editable ." in lines
    assert "pip install -r requirements.txt" in README


def test_helpers_import_from_any_folder_in_this_environment(tmp_path):
    # This environment was made from requirements.txt (make, or the plain-pip route), so a
    # kernel started anywhere, notebooks/ included, imports the repository's helpers.
    result = subprocess.run([sys.executable, "-c", "import helpers; print(helpers.__file__)"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).parent == REPO / "helpers"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_first_code_cell_says_what_to_do_when_helpers_are_missing(path, tmp_path):
    notebook = nbformat.read(path, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert 'find_spec("helpers")' in first.source
    # -S: no site-packages, so the helpers (and everything else installed) cannot be found.
    missing = subprocess.run([sys.executable, "-S", "-c", first.source], capture_output=True,
                             text=True, cwd=tmp_path)
    assert missing.returncode == 1
    last_line = missing.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ModuleNotFoundError: This kernel cannot import the course's "
                                "helpers package: in the repository's folder, run `python -m "
                                "pip install -r requirements.txt`")
    assert last_line.count(". ") == 0 and last_line.endswith("restart the kernel.")
    present = subprocess.run([sys.executable, "-c", first.source], capture_output=True,
                             text=True, cwd=tmp_path)
    assert present.returncode == 0 and present.stdout == present.stderr == ""


# --------------------------------------------------------------------------------------
# Windows: the documented commands are the Makefile's, with real files
# --------------------------------------------------------------------------------------


def powershell_commands() -> list[str]:
    block = re.search(r"```powershell\n(.*?)```", README, re.DOTALL)
    assert block, "no PowerShell block in the README"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_windows_commands_name_real_files_and_match_the_makefile():
    prose = README[README.index("### Windows"):README.index("### Google Colab")]
    commands = powershell_commands()
    assert commands[0].startswith("py -3.1") and commands[0].endswith("-m venv .venv")
    commands = commands[1:] + re.findall(r"`(\.venv\\[^`]+)`", prose)
    for command in commands:
        program, *arguments = command.split()
        assert program in (r".venv\Scripts\python", r".venv\Scripts\jupyter"), command
        if arguments[0] == "-m":
            assert arguments[1] in ("pip", "pytest") or (
                REPO / f"{arguments[1].replace('.', '/')}.py").is_file(), command
        elif program.endswith("python"):
            assert (REPO / arguments[0].replace("\\", "/")).is_file(), command
    # Each is a Makefile recipe's command, with .venv\Scripts for $(BIN) and \ for /.
    as_make = {c.replace("\\", "/").replace(".venv/Scripts/", "$(BIN)/") for c in commands}
    setup = MAKEFILE[MAKEFILE.index("$(STAMP):"):MAKEFILE.index("setup:")]
    expected = {
        "$(BIN)/python -m pip install -r requirements.txt": "--requirement requirements.txt"
                                                            in setup,
        "$(BIN)/python -m helpers.data": "$(BIN)/python -m helpers.data" in recipe("data"),
        "$(BIN)/python scripts/run_notebooks.py --output-dir build/notebooks":
            "$(BIN)/python scripts/run_notebooks.py --output-dir build/notebooks $(NOTEBOOKS)"
            in recipe("run"),
        "$(BIN)/jupyter lab notebooks": "$(BIN)/jupyter lab $(LAB_OPTIONS) notebooks"
                                        in recipe("lab"),
        "$(BIN)/python -m pytest -n 2 --dist loadfile":
            "$(BIN)/python -m pytest -n $(JOBS) --dist loadfile" in recipe("check")
            and re.search(r"^JOBS\s*\?=\s*2$", MAKEFILE, re.MULTILINE) is not None,
        "$(BIN)/python scripts/portability.py": "$(BIN)/python scripts/portability.py"
                                                in recipe("test"),
    }
    assert as_make == set(expected), as_make ^ set(expected)
    assert all(expected.values()), [command for command, ok in expected.items() if not ok]


# --------------------------------------------------------------------------------------
# make lab starts as root too
# --------------------------------------------------------------------------------------


@needs_make
def test_make_lab_starts_and_says_why_when_root(tmp_path):
    stamp = Path(sys.prefix) / f".installed-python{sys.version_info[0]}.{sys.version_info[1]}"
    if not stamp.is_file():
        pytest.skip("this environment was not made by make (no set-up stamp)")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    process = subprocess.Popen(
        # -o: never remake the set-up stamp here, whatever its age: this test runs inside
        # the environment the stamp stands for.
        ["make", "-s", "-o", str(stamp), "lab", f"VENV={sys.prefix}", f"PYTHON={sys.executable}",
         "LAB_OPTIONS=--no-browser --ServerApp.port=0 --ServerApp.ip=127.0.0.1"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "http://127.0.0.1:" in line:
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stdout.close()
    text = "".join(output)
    assert "http://127.0.0.1:" in text, text[-2000:]
    assert ("starting JupyterLab with --allow-root" in text) == (os.geteuid() == 0)
    assert "Running as root is not recommended" not in text or os.geteuid() == 0

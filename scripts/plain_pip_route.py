"""CI-only pass: the README's plain-pip route, in a new environment, runs every notebook.

    python scripts/plain_pip_route.py        (.ci/run calls it after make test)

Follows the README's commands for learners without make: ``python -m venv``, then
``pip install -r requirements.txt`` from the repository's folder, and nothing else. Then it
executes every notebook headless twice, once with the kernels started in the repository's
root and once in ``notebooks/``, so that ``from helpers import ...`` is shown to work from
either folder (it does because requirements.txt installs the helpers package itself).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "build" / "plain-pip-venv"


def run(command: list[str]) -> None:
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, cwd=REPO, check=True)


def main() -> int:
    shutil.rmtree(VENV, ignore_errors=True)
    python = VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    started = time.perf_counter()
    run([sys.executable, "-m", "venv", str(VENV)])
    run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", "requirements.txt"])
    setup_minutes = (time.perf_counter() - started) / 60
    run([str(python), "-m", "helpers.data"])
    timings = []
    for working_dir in (".", "notebooks"):
        started = time.perf_counter()
        run([str(python), "scripts/run_notebooks.py", "--working-dir", working_dir,
             "--output-dir", f"build/plain-pip/{'root' if working_dir == '.' else working_dir}"])
        timings.append((working_dir, time.perf_counter() - started))
    print(f"\nplain-pip route: set-up {setup_minutes:.1f} min; every notebook ran with the "
          + " and ".join(f"kernels in {where}/ ({seconds:.0f} s)" for where, seconds in timings))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"plain-pip route FAILED at: {' '.join(map(str, error.cmd))}", file=sys.stderr)
        sys.exit(1)

"""CI-only pass: the test suite (make check) on every other supported Python the machine has.

    python scripts/other_pythons.py          (.ci/run calls it after make test)

The README's two commands use one interpreter (python3.11 by default). The helpers and the
committed outputs must hold on 3.12 and 3.13 as well, so CI runs the whole suite, strict
nbval included, once per version, each in its own environment ``build/venv-<version>``.
A version that is not on the machine is reported with a NOTICE, never skipped silently.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OTHER_VERSIONS = ("3.12", "3.13")
PRINT_VERSION = "import sys; print('%d.%d' % sys.version_info[:2])"


def working_python(candidate: str | None, version: str) -> bool:
    """True if ``candidate`` runs and is Python ``version`` (pyenv shims may only pretend)."""
    if not candidate:
        return False
    try:
        result = subprocess.run([candidate, "-c", PRINT_VERSION], capture_output=True,
                                text=True, timeout=30)
    except OSError:
        return False
    return result.returncode == 0 and result.stdout.strip() == version


def find_python(version: str) -> str | None:
    """``python<version>`` on PATH, else the newest one pyenv installed, else None."""
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python{version}"),
                         reverse=True)
    return next((c for c in candidates if working_python(c, version)), None)


def main() -> int:
    rows, failed = [], False
    for version in OTHER_VERSIONS:
        python = find_python(version)
        if python is None:
            print(f"NOTICE: Python {version} is not on this machine; the suite was not run "
                  "on it.", flush=True)
            rows.append((version, "not found", ""))
            continue
        print(f"\n=== make check on Python {version} ({python}) ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run(["make", "check", f"PYTHON={python}",
                                 f"VENV=build/venv-{version}"], cwd=REPO)
        minutes = (time.perf_counter() - started) / 60
        rows.append((version, "passed" if result.returncode == 0 else "FAILED",
                     f"{minutes:.1f} min with set-up"))
        failed |= result.returncode != 0
    print("\nPython  suite      time")
    for version, status, took in rows:
        print(f"{version:<6}  {status:<9}  {took}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

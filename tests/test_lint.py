"""The code and the notebooks' code pass ruff with the configuration in pyproject.toml."""

import subprocess
import sys

from .conftest import REPO


def test_ruff_finds_nothing():
    # ruff is pinned in requirements.txt; run it from this interpreter's environment.
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise",
                             "helpers", "tests", "scripts", "bench", "notebooks"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

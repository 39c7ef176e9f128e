"""Where the dataset cache goes: in this repository, under SIGN_DIGITS_DATA, or in a per-user
folder when helpers/data.py is copied into a learner's project or installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import data

from .conftest import REPO, SMALL_COUNTS

SMALL_COUNTS_CODE = repr(SMALL_COUNTS)


def run_copy(copy: Path, code: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` with a copied data.py importable as ``data``, and ``home`` as HOME."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                   "USERPROFILE": str(home), **env}
    return subprocess.run([sys.executable, "-c", code], cwd=copy.parent, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_inside_this_repository_the_cache_is_data_sign_language_digits(monkeypatch):
    monkeypatch.delenv(data.DATA_HOME_ENV, raising=False)
    assert data.default_cache_dir() == REPO / "data" / "sign-language-digits"


def test_the_data_home_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_HOME_ENV, str(tmp_path / "my data"))
    assert data.default_cache_dir() == tmp_path / "my data" / "sign-language-digits"
    message = data.missing_data_message("no cache")
    assert str(tmp_path / "my data" / "sign-language-digits") in message


@pytest.mark.parametrize("where", ["data.py", "helpers/data.py"])
def test_a_copied_file_keeps_its_cache_in_the_home_folder(tmp_path, where):
    # ~/coursework/data.py, or ~/coursework/helpers/data.py in a project that is not this
    # repository: the folder beside the copy's parent is not the learner's to fill.
    copy = tmp_path / "coursework" / where
    copy.parent.mkdir(parents=True)
    shutil.copy(REPO / "helpers" / "data.py", copy)
    home = tmp_path / "home"
    home.mkdir()
    result = run_copy(copy, "import data; print(data.default_cache_dir())", home)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == home / "sign_digits_data" / "sign-language-digits"
    result = run_copy(copy, "import data; print(data.default_cache_dir())", home,
                      SIGN_DIGITS_DATA=str(tmp_path / "elsewhere"))
    assert Path(result.stdout.strip()) == tmp_path / "elsewhere" / "sign-language-digits"


def test_a_copy_builds_into_the_home_folder_and_says_where(tmp_path, small_archive,
                                                           small_expected):
    copy = tmp_path / "coursework" / "data.py"
    copy.parent.mkdir()
    shutil.copy(REPO / "helpers" / "data.py", copy)
    home = tmp_path / "home"
    home.mkdir()
    code = ("import data\n"
            f"summary = data.prepare_sign_digits(archive={str(small_archive[0])!r}, "
            f"expected_counts={SMALL_COUNTS_CODE}, "
            f"expected_digest={small_expected['expected_digest']!r})\n"
            "print(summary['cache_dir'])")
    result = run_copy(copy, code, home)
    assert result.returncode == 0, result.stderr
    cache = home / "sign_digits_data" / "sign-language-digits"
    assert Path(result.stdout.strip()) == cache
    assert sorted(p.name for p in cache.iterdir()) == ["X.npy", "Y.npy", "provenance.json"]
    assert sorted(p.name for p in copy.parent.iterdir()) == ["__pycache__", "data.py"]


def test_the_command_line_names_the_cache_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpers.data", "--help"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert "SIGN_DIGITS_DATA" in result.stdout


@pytest.mark.parametrize(("value", "message"), [
    ("relative/folder", "is not a full path"),
    ("~no_such_user_here/x", "is not a full path"),
])
def test_a_data_home_that_is_not_a_full_path_is_refused(monkeypatch, value, message):
    monkeypatch.setenv(data.DATA_HOME_ENV, value)
    with pytest.raises(ValueError, match=f"SIGN_DIGITS_DATA='{value}' {message}"):
        data.default_cache_dir()


def test_a_data_home_that_is_a_file_is_refused_from_the_command_line(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    result = subprocess.run([sys.executable, "-m", "helpers.data"], capture_output=True,
                            text=True, cwd=REPO, env={**os.environ, "SIGN_DIGITS_DATA": str(afile)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "names a file; it must name a folder" in result.stderr

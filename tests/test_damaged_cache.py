"""Damaged caches: a clear message for a learner's own files, a rebuild for the pipeline's own.

The pipeline knows its own cache from the provenance it writes last (with the SHA-256 of
X.npy and Y.npy); files without it are a learner's (Kaggle's X.npy and Y.npy) and are never
replaced, moved or deleted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from helpers import data

from .conftest import REPO
from .test_data_pipeline import cache_listing, kaggle_like


def learner_files(folder, X=None, Y=None):
    X_default, Y_default = kaggle_like()
    np.save(folder / "X.npy", X_default if X is None else X)
    np.save(folder / "Y.npy", Y_default if Y is None else Y)


def write_raw(path, content: bytes):
    path.write_bytes(content)


HEADER_OF_A_TERABYTE = (b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, "
                        b"'shape': (1000000, 1000000), }").ljust(128 - 1, b" ") + b"\n"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda f: write_raw(f / "X.npy", b""), "X.npy is not a readable .npy array"),
    (lambda f: np.savez(f / "X.npz", X=np.zeros(3)) or os.replace(f / "X.npz", f / "X.npy"),
     r"X.npy is a zip \(a .npz file renamed .npy\?\)"),
    (lambda f: write_raw(f / "X.npy", HEADER_OF_A_TERABYTE + bytes(64)),
     r"promises shape \(1000000, 1000000\) \(4,000,000,000,000 bytes\) but the file holds 64"),
    (lambda f: write_raw(f / "X.npy", os.urandom(2000)), "X.npy is not a readable .npy array"),
    (lambda f: np.save(f / "X.npy", np.array([{"a": 1}] * 3, dtype=object), allow_pickle=True),
     r"Python objects \(a pickle\), which are never loaded"),
    (lambda f: np.save(f / "Y.npy", np.array(["zero"] * 2062)), "holds <U4 values, not numbers"),
    (lambda f: (os.remove(f / "X.npy"), os.mkdir(f / "X.npy")), "X.npy is a folder"),
])
def test_a_learners_damaged_file_gets_one_message_naming_it(tmp_path, damage, message):
    learner_files(tmp_path)
    damage(tmp_path)
    with pytest.raises(ValueError, match=message):
        data.load_cache(tmp_path)


def test_swapped_files_are_called_swapped_not_flattened(tmp_path):
    X, Y = kaggle_like()
    learner_files(tmp_path, X=Y, Y=X)
    with pytest.raises(ValueError, match="are X.npy and Y.npy swapped"):
        data.load_cache(tmp_path)


@pytest.mark.parametrize(("change", "message"), [
    (lambda X, Y: (np.zeros_like(X), Y), "nearly one flat shade"),
    (lambda X, Y: (X * 0.5 + 0.0, Y), "the mean pixel of X is 0.33"),
    (lambda X, Y: (X[::-1], Y[::-1]), "not in Kaggle's ten blocks"),
])
def test_a_learners_files_with_the_right_shape_but_wrong_content_are_refused(tmp_path, change,
                                                                              message):
    X, Y = change(*kaggle_like())
    learner_files(tmp_path, X=X, Y=Y)
    with pytest.raises(ValueError, match=message):
        data.load_cache(tmp_path)


def test_the_command_line_names_the_damaged_file_without_a_traceback(tmp_path):
    learner_files(tmp_path)
    write_raw(tmp_path / "X.npy", HEADER_OF_A_TERABYTE)
    result = subprocess.run([sys.executable, "-m", "helpers.data", "--cache-dir", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "X.npy" in result.stderr
    assert "Unable to allocate" not in result.stderr


def pipeline_cache(folder):
    X, Y = kaggle_like()
    data.save_cache(X, Y, folder, {"source": "test"})
    return X, Y


def test_the_pipeline_records_its_files_and_loads_them_after_checking(tmp_path):
    X, Y = pipeline_cache(tmp_path)
    provenance = json.loads((tmp_path / "provenance.json").read_text())
    assert set(provenance["files_sha256"]) == {"X.npy", "Y.npy"}
    loaded_X, loaded_Y = data.load_cache(tmp_path)
    np.testing.assert_array_equal(loaded_X, X)
    assert cache_listing(tmp_path) == ["X.npy", "Y.npy", "provenance.json"]


@pytest.mark.parametrize("damage", [
    lambda f: os.remove(f / "Y.npy"),
    lambda f: np.save(f / "X.npy", np.load(f / "X.npy")[::-1]),        # rows shuffled
    lambda f: np.save(f / "X.npy", np.zeros((2062, 64, 64), np.float32)),
    lambda f: write_raw(f / "Y.npy", b"garbage"),
    lambda f: (f / ".incomplete").write_text("killed between two renames"),
])
def test_the_pipelines_own_damaged_cache_counts_as_absent_and_is_rebuilt(tmp_path, damage,
                                                                        capsys):
    pipeline_cache(tmp_path)
    damage(tmp_path)
    assert data.load_cache(tmp_path) is None
    assert "building it again" in capsys.readouterr().err


def test_a_kill_between_the_renames_recovers_by_itself(tmp_path, monkeypatch, small_archive,
                                                        small_expected):
    calls = []
    real_replace = os.replace

    def killed_after_first_rename(source, target):
        calls.append(target)
        real_replace(source, target)
        if len(calls) == 1:
            raise KeyboardInterrupt          # as if the process were killed here

    monkeypatch.setattr(data.os, "replace", killed_after_first_rename)
    cache = tmp_path / "cache"
    with pytest.raises(KeyboardInterrupt):
        data.prepare_sign_digits(cache, archive=small_archive[0], progress=False,
                                 **small_expected)
    monkeypatch.setattr(data.os, "replace", real_replace)
    assert (cache / ".incomplete").exists() and (cache / "X.npy").exists()
    summary = data.prepare_sign_digits(cache, archive=small_archive[0], progress=False,
                                       **small_expected)
    assert summary["built"]
    assert cache_listing(cache) == ["X.npy", "Y.npy", "provenance.json"]


def test_leftovers_of_killed_runs_are_cleaned_but_a_learners_files_are_untouched(tmp_path):
    old = time.time() - 3600
    for name in [".X.npy.123.abcd.tmp", ".download-xyz"]:
        path = tmp_path / name
        path.mkdir() if name.startswith(".download") else path.write_bytes(b"half")
        os.utime(path, (old, old))
    fresh = tmp_path / ".Y.npy.999.beef.tmp"                 # a build running right now
    fresh.write_bytes(b"in progress")
    (tmp_path / "my_notes.txt").write_text("mine")
    pipeline_cache(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".Y.npy.999.beef.tmp", "X.npy", "Y.npy", "my_notes.txt", "provenance.json"]


def test_a_provenance_that_is_not_json_does_not_block_valid_files(tmp_path, capsys):
    learner_files(tmp_path)
    (tmp_path / "provenance.json").write_text("[1, 2")
    summary = data.prepare_sign_digits(tmp_path)
    assert not summary["built"] and "provenance.json unreadable" in summary["source"]
    (tmp_path / "provenance.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match="holds a JSON list, not an object"):
        data.read_provenance(tmp_path)

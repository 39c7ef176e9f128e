"""Shared fixtures: small archives shaped like the real one, and the real dataset."""

from __future__ import annotations

import io
import os
import socket
import zipfile
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from helpers import data

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parent.parent
REQUIRED_ENV = "SIGN_DIGITS_REQUIRED"

#: Per-folder counts of the small test archives: every folder differs, so a mix-up shows.
SMALL_COUNTS = {str(d): 2 + d % 3 for d in range(10)}


def image_bytes(seed: int, size: tuple[int, int] = (12, 10), fmt: str = "PNG") -> bytes:
    """A small RGB image whose pixels depend on ``seed`` (lossless PNG by default)."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, fmt)
    return buffer.getvalue()


def small_images(counts: dict[str, int] = SMALL_COUNTS) -> dict[str, dict[str, bytes]]:
    """``{folder: {name: bytes}}`` with names like the real ones and distinct pixels."""
    images, seed = {}, 0
    for folder, count in counts.items():
        images[folder] = {}
        for _ in range(count):
            seed += 1
            images[folder][f"IMG_{1000 + 37 * seed}.JPG"] = image_bytes(seed)
    return images


def write_archive(path: Path, images: dict[str, dict[str, bytes]],
                  top: str = "Sign-Language-Digits-Dataset-0123abc") -> Path:
    """Write ``images`` as ``<top>/Dataset/<folder>/<name>`` plus the files the real zip has."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/README.md", "# Sign Language Digits (test copy)\n")
        archive.writestr(f"{top}/Examples/example_0.JPG", image_bytes(999))
        for folder, files in images.items():
            for name, content in files.items():
                archive.writestr(f"{top}/Dataset/{folder}/{name}", content)
    return path


@pytest.fixture
def small_archive(tmp_path: Path) -> tuple[Path, dict[str, dict[str, bytes]]]:
    """A valid small archive and the images it holds."""
    images = small_images()
    return write_archive(tmp_path / "small.zip", images), images


@pytest.fixture
def small_expected(small_archive) -> dict:
    """Keyword arguments that make the pipeline accept ``small_archive``."""
    return {"expected_counts": SMALL_COUNTS,
            "expected_digest": data.images_digest(small_archive[1])}


@pytest.fixture
def unused_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/archive.zip"


def _real_data_missing(reason: str):
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(f"{reason}, and {REQUIRED_ENV} is set: the real dataset must be tested here.")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_archive() -> Path:
    """The original archive named by SIGN_DIGITS_ARCHIVE (fails instead of skipping in CI)."""
    location = data.local_archive_from_env()
    path = data._local_path(location) if location else None
    if path is None or not path.is_file():
        _real_data_missing(f"{data.ARCHIVE_ENV} does not name a local archive")
    return path


@pytest.fixture(scope="session")
def real_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The real (X, Y), from the cache or built from the archive."""
    has_cache = all((data.default_cache_dir() / name).is_file() for name in data.CACHE_FILES)
    if not has_cache and not data.local_archive_from_env():
        _real_data_missing("no dataset cache and no archive")
    return data.load_sign_digits()

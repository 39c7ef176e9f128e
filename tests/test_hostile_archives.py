"""Damaged, hostile and unusual archives, and failing disks: clear errors, nothing written.

Issue: every case gives a message that names the file, says what was expected and what was
found, and what to do; the command line exits with status 1 and no traceback.
"""

from __future__ import annotations

import errno
import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import data

from .conftest import REPO, small_images, write_archive

TOP = "Sign-Language-Digits-Dataset-0123abc"


def patch_every_header(path: Path, offset_in_local: int, offset_in_central: int,
                       value: int) -> None:
    """Overwrite a 2-byte field of every local and central-directory header of a zip."""
    raw = bytearray(path.read_bytes())
    for signature, offset in [(b"PK\x03\x04", offset_in_local), (b"PK\x01\x02", offset_in_central)]:
        start = raw.find(signature)
        while start != -1:
            struct.pack_into("<H", raw, start + offset, value)
            start = raw.find(signature, start + 4)
    path.write_bytes(bytes(raw))


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{TOP}/README.md", "readme")
        archive.writestr(f"{TOP}/Dataset/0/IMG_1.JPG", bytes(30_000_000))   # 30 MB of zeros
    assert bomb.stat().st_size < 100_000
    with pytest.raises(data.ArchiveError, match="IMG_1.JPG declares 30,000,000 bytes"):
        data.read_archive(bomb)
    with pytest.raises(data.ArchiveError, match="zip bomb"):
        data.read_archive(bomb, max_image_bytes=10**9)


def test_the_images_together_are_limited_too(tmp_path):
    path = write_archive(tmp_path / "small.zip", small_images(), top=TOP)
    with pytest.raises(data.ArchiveError, match="the images would unpack to .* bytes"):
        data.read_archive(path, max_total_bytes=1000)


def test_an_entry_that_unpacks_to_more_than_it_declares_is_cut_off(tmp_path):
    # A lying header: zipfile stops at the declared size and then finds the data does not
    # match its checksum, so nothing beyond the declared size is ever held in memory.
    path = tmp_path / "liar.zip"
    images = small_images()
    write_archive(path, images, top=TOP)
    raw = bytearray(path.read_bytes())
    start = raw.find(b"PK\x01\x02")                        # the central directory
    while start != -1:
        struct.pack_into("<I", raw, start + 24, 10)        # declared size: 10 bytes each
        start = raw.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(raw))
    with pytest.raises(data.ArchiveError):
        data.read_archive(path)


def test_too_many_entries_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "MAX_ENTRIES", 5)
    path = write_archive(tmp_path / "many.zip", small_images(), top=TOP)
    with pytest.raises(data.ArchiveError, match="entries; the dataset's zip holds about 2,100"):
        data.read_archive(path)


def test_a_zip_made_by_macos_finder_is_read_like_the_original(tmp_path, small_expected):
    images = small_images()
    path = write_archive(tmp_path / "finder.zip", images, top=TOP)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"{TOP}/Dataset/0/.DS_Store", b"\0\0\0\1Bud1")
        archive.writestr(f"{TOP}/.DS_Store", b"\0\0\0\1Bud1")
        archive.writestr(f"__MACOSX/{TOP}/Dataset/0/._IMG_1037.JPG", b"\0\5\26\7")
        archive.writestr(f"__MACOSX/{TOP}/._Dataset", b"\0\5\26\7")
    assert data.read_archive(path) == images
    X, _ = data.build_arrays(path, **small_expected)
    assert len(X) == sum(len(files) for files in images.values())


def test_anything_else_unexpected_is_still_refused(tmp_path, small_expected):
    path = write_archive(tmp_path / "extra.zip", small_images(), top=TOP)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"{TOP}/Dataset/0/notes.txt", b"not a photo")
    with pytest.raises(data.ArchiveError, match="folder 0"):
        data.build_arrays(path, **small_expected)


def test_an_unsupported_compression_method_is_explained(tmp_path):
    path = write_archive(tmp_path / "deflate64.zip", small_images(), top=TOP)
    patch_every_header(path, 8, 10, 9)                     # method 9: Deflate64
    with pytest.raises(data.ArchiveError, match="compression method Python's zipfile cannot"):
        data.read_archive(path)


def test_an_encrypted_archive_is_explained(tmp_path):
    path = write_archive(tmp_path / "locked.zip", small_images(), top=TOP)
    patch_every_header(path, 6, 8, 0x1)                    # general purpose flag: encrypted
    with pytest.raises(data.ArchiveError, match="looks encrypted"):
        data.read_archive(path)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.data", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)


@pytest.mark.parametrize("damage", ["deflate64", "encrypted", "bomb"])
def test_the_command_line_reports_bad_archives_in_one_paragraph(tmp_path, damage):
    path = write_archive(tmp_path / "archive.zip", small_images(), top=TOP)
    if damage == "deflate64":
        patch_every_header(path, 8, 10, 9)
    elif damage == "encrypted":
        patch_every_header(path, 6, 8, 0x1)
    else:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{TOP}/Dataset/0/IMG_9.JPG", bytes(30_000_000))
    cache = tmp_path / "cache"
    result = run_cli("--cache-dir", str(cache), "--archive", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "archive.zip" in result.stderr
    assert not cache.exists() or not any(cache.iterdir())


def test_a_full_disk_is_reported_as_a_full_disk(tmp_path, monkeypatch, capsys, small_archive):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "c" / "X.npy"))

    monkeypatch.setattr(data, "save_cache", full)
    monkeypatch.setattr(data, "IMAGES_PER_DIGIT", {f: len(v) for f, v in small_archive[1].items()})
    monkeypatch.setattr(data, "IMAGES_DIGEST", data.images_digest(small_archive[1]))
    status = data.main(["--cache-dir", str(tmp_path / "c"), "--archive", str(small_archive[0])])
    message = capsys.readouterr().err
    assert status == 1
    assert "the disk is full" in message and "X.npy" in message and "--cache-dir" in message


def test_an_unreadable_archive_is_reported_without_a_traceback(tmp_path, monkeypatch, capsys,
                                                               small_archive):
    def forbidden(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(small_archive[0]))

    monkeypatch.setattr(data.zipfile, "ZipFile", forbidden)
    status = data.main(["--cache-dir", str(tmp_path / "c"), "--archive", str(small_archive[0])])
    message = capsys.readouterr().err
    assert status == 1
    assert "no permission to use" in message and "small.zip" in message


def test_a_cache_path_that_is_a_file_is_reported(tmp_path, capsys, small_archive, monkeypatch):
    monkeypatch.setattr(data, "IMAGES_PER_DIGIT", {f: len(v) for f, v in small_archive[1].items()})
    monkeypatch.setattr(data, "IMAGES_DIGEST", data.images_digest(small_archive[1]))
    blocker = tmp_path / "cache"
    blocker.write_text("I am a file")
    status = data.main(["--cache-dir", str(blocker), "--archive", str(small_archive[0])])
    message = capsys.readouterr().err
    assert status == 1 and "Traceback" not in message
    assert "cache" in message and "in the way" in message
    assert blocker.read_text() == "I am a file"


def encoded(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size).save(buffer, fmt)
    return buffer.getvalue()


def test_a_huge_image_is_refused_from_its_header_before_it_is_decoded():
    with pytest.raises(data.ArchiveError, match="is 5000 x 5000 pixels; the dataset's photos"):
        data.image_to_array(encoded((5000, 5000)), name="huge.png")


def test_a_truncated_jpeg_is_refused():
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (100, 100, 3), dtype=np.uint8)).save(buffer, "JPEG")
    cut = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with pytest.raises(data.ArchiveError, match="cut.jpg is not a readable image"):
        data.image_to_array(cut, name="cut.jpg")


def test_an_ftp_address_is_explained(tmp_path, capsys):
    status = data.main(["--cache-dir", str(tmp_path / "c"), "--archive", "ftp://example.org/a.zip"])
    message = capsys.readouterr().err
    assert status == 1
    assert "uses ftp://, but the archive can only be a local path" in message

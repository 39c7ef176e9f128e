"""Peak memory of ``python -m helpers.data`` on a zip bomb, against a normal build.

    make bench          (or: python bench/bench_memory.py [--archive PATH])

The bomb is a zip of about 2 MB holding one 2 GB entry of zeros under ``Dataset/0/``, the
case that once took 4.3 GB of memory. Each build runs in its own process and its peak
resident memory is read from the operating system when it ends. Target (issue "Harden the
data pipeline"): the bomb's peak at most about 300 MB above a normal build's. Linux and
macOS only (it needs os.wait4).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from helpers import data

BOMB_BYTES = 2 * 1024**3
ALLOWED_EXTRA_MB = 300


def write_bomb(path: Path) -> None:
    """One entry that inflates to BOMB_BYTES of zeros, written in chunks to bound memory."""
    zeros = bytes(16 * 1024**2)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("Sign-Language-Digits-Dataset-master/Dataset/0/IMG_1.JPG", "w",
                          force_zip64=True) as entry:
            for _ in range(BOMB_BYTES // len(zeros)):
                entry.write(zeros)


def peak_megabytes(archive: Path, cache: Path) -> tuple[float, int, float, str]:
    """Peak resident memory (MB), exit status, seconds and last stderr line of one build."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "helpers.data", "--archive", str(archive),
                                "--cache-dir", str(cache)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    scale = 1024**2 if sys.platform == "darwin" else 1024        # ru_maxrss: bytes on macOS
    last_line = (stderr.strip().splitlines() or [""])[-1]
    return usage.ru_maxrss / scale, os.waitstatus_to_exitcode(status), seconds, last_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=data.local_archive_from_env(),
                        help=f"the original zip (default: ${data.ARCHIVE_ENV})")
    args = parser.parse_args(argv)
    if not hasattr(os, "wait4"):
        print("NOTICE: this system has no os.wait4; peak memory not measured.")
        return 0
    if not args.archive:
        print(f"error: set {data.ARCHIVE_ENV} or pass --archive", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        bomb = Path(scratch) / "bomb.zip"
        write_bomb(bomb)
        normal, normal_status, normal_seconds, _ = peak_megabytes(Path(args.archive),
                                                                  Path(scratch) / "normal")
        peak, status, seconds, message = peak_megabytes(bomb, Path(scratch) / "bomb")
        bomb_size = bomb.stat().st_size
    print(f"normal build          peak {normal:7.0f} MB  exit {normal_status}  "
          f"{normal_seconds:5.1f} s")
    print(f"zip bomb ({bomb_size / 1e6:.1f} MB zip, {BOMB_BYTES / 1e9:.1f} GB inside)  "
          f"peak {peak:7.0f} MB  exit {status}  {seconds:5.1f} s")
    print(f"  its message: {message[:150]}")
    verdict = "met" if status == 1 and peak <= normal + ALLOWED_EXTRA_MB else "MISSED"
    print(f"bomb refused with at most {ALLOWED_EXTRA_MB} MB above a normal build: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

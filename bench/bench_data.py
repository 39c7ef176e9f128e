"""Benchmark the dataset pipeline against DESIGN section 8's targets.

    make bench          (or: python bench/bench_data.py [--archive PATH] [--repeat N])

Builds the arrays from the archive into a temporary cache (target: under 10 s) and loads
them back (target: under 0.1 s), several times each, and prints the medians. Not part of
the test suite: timings depend on the machine; a test must not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from helpers import data

BUILD_TARGET_SECONDS = 10.0
LOAD_TARGET_SECONDS = 0.1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=data.local_archive_from_env(),
                        help=f"the original zip (default: ${data.ARCHIVE_ENV})")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.archive:
        print(f"error: set {data.ARCHIVE_ENV} or pass --archive", file=sys.stderr)
        return 2

    builds, loads = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for k in range(args.repeat):
            cache = Path(scratch) / f"cache{k}"
            started = time.perf_counter()
            data.prepare_sign_digits(cache, archive=args.archive, progress=False)
            builds.append(time.perf_counter() - started)
            for _ in range(5):
                started = time.perf_counter()
                data.load_sign_digits(cache)
                loads.append(time.perf_counter() - started)

    build, load = statistics.median(builds), statistics.median(loads)
    for label, seconds, runs, target in [("build from archive", build, len(builds),
                                          BUILD_TARGET_SECONDS),
                                         ("load from cache", load, len(loads),
                                          LOAD_TARGET_SECONDS)]:
        verdict = "met" if seconds < target else "MISSED"
        print(f"{label:<19} median {seconds:6.3f} s of {runs:2d} runs "
              f"(target < {target:g} s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

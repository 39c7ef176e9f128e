"""Re-run strict nbval over the notebooks with the arithmetic perturbed, as another machine would.

    make portability:  python scripts/portability.py

The committed outputs are generated with one BLAS thread on one machine. A learner's machine
adds numbers in another order: more BLAS threads split sums differently, and other CPUs run
other SIMD code paths in numpy (and other kernels in OpenBLAS). Every printed number must
survive that, so this script re-runs strict nbval, with the same committed outputs, under
set-ups that any Linux machine can produce:

- ``threads``: two BLAS/OpenMP threads instead of one;
- ``simd``: numpy with its highest SIMD levels switched off (``NPY_DISABLE_CPU_FEATURES``),
  chosen from the levels numpy reports as found on this CPU, so the set-up always differs
  from the native one.

Each set-up is checked in a fresh interpreter before the tests run: if it did not take
effect (a one-core machine cannot run two BLAS threads; a CPU with no SIMD level above
numpy's baseline has nothing to switch off), a notice says so and that pass is skipped,
never silently. ``OPENBLAS_CORETYPE`` is never touched: some machines need the value they
are given. Exit status: 0 when every pass that ran was green, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Printed as JSON by a fresh interpreter: what numpy dispatches to, and how many BLAS threads.
PROBE = """
import json
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
from threadpoolctl import threadpool_info
blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
print(json.dumps({"simd": [name for name in __cpu_dispatch__ if __cpu_features__[name]],
                  "blas_threads": blas[0]["num_threads"] if blas else None}))
"""

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def probe(environment: dict[str, str]) -> dict:
    """What numpy reports about its SIMD levels and BLAS threads under ``environment``."""
    completed = subprocess.run([sys.executable, "-c", PROBE], env=environment, check=True,
                               capture_output=True, text=True)
    return json.loads(completed.stdout)


def simd_levels_to_disable(found: list[str]) -> list[str]:
    """The highest SIMD levels numpy found: all but the lowest, or the only one.

    ``found`` is in numpy's dispatch order, lowest level first. On a CPU with AVX-512 that
    leaves the AVX2 level (``X86_V3``), what most laptops run; on an AVX2 CPU it leaves
    numpy's baseline.
    """
    return found[1:] if len(found) > 1 else list(found)


def setups(base: dict[str, str]) -> list[tuple[str, dict[str, str], str]]:
    """``(name, environment, notice)``; a non-empty notice means the set-up cannot be made."""
    native = probe(base)
    result = []

    threads = dict(base, **{name: "2" for name in THREAD_VARIABLES})
    got = probe(threads)["blas_threads"]
    notice = "" if got == 2 else (
        f"two BLAS threads did not take effect (numpy's BLAS reports {got}; "
        f"this machine has {os.cpu_count()} CPU(s))")
    result.append(("threads: OMP/OPENBLAS/MKL_NUM_THREADS=2", threads, notice))

    disabled = simd_levels_to_disable(native["simd"])
    simd = dict(base, NPY_DISABLE_CPU_FEATURES=" ".join(disabled))
    name = f"simd: NPY_DISABLE_CPU_FEATURES={' '.join(disabled) or '(nothing to disable)'}"
    if not disabled:
        notice = ("numpy finds no SIMD level above its baseline on this CPU, so there is "
                  "nothing to switch off")
    else:
        left = probe(simd)["simd"]
        notice = "" if not set(disabled) & set(left) else (
            f"NPY_DISABLE_CPU_FEATURES did not take effect: numpy still uses {left}")
    result.append((name, simd, notice))
    return result


FAILED = re.compile(r"^FAILED (\S+::Cell \d+)", re.MULTILINE)


def run_nbval(environment: dict[str, str], notebooks: list[str],
              jobs: int) -> tuple[int, list[str], float]:
    """Strict nbval over ``notebooks``; return pytest's status, the failed cells and seconds."""
    # The repository's pytest configuration (strict nbval, the sanitizer) applies wherever the
    # notebooks are, so a test can point this script at a notebook of its own.
    folders = [str(Path(path).resolve().parent) for path in notebooks]
    command = [sys.executable, "-m", "pytest", "-q", "-rf", "-c", str(REPO / "pyproject.toml"),
               "--rootdir", os.path.commonpath(folders), "-n", str(jobs), "--dist", "loadfile",
               *notebooks]
    started = time.perf_counter()
    completed = subprocess.run(command, env=environment, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):           # not a test failure: show everything
        print(completed.stdout[-4000:], completed.stderr[-4000:], sep="\n")
    return completed.returncode, FAILED.findall(completed.stdout), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*",
                        default=sorted(str(p.relative_to(REPO))
                                       for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    parser.add_argument("--jobs", type=int, default=2, help="pytest-xdist workers (default 2)")
    args = parser.parse_args(argv)

    base = dict(os.environ)
    base.pop("NPY_DISABLE_CPU_FEATURES", None)
    status = 0
    for name, environment, notice in setups(base):
        if notice:
            print(f"portability: NOTICE, pass skipped: {name}: {notice}", flush=True)
            continue
        # Two BLAS threads per worker: half the workers, so the threads have cores to run on
        # (busy-waiting BLAS threads on an oversubscribed machine slow everything down).
        jobs = max(1, args.jobs // 2) if name.startswith("threads") else args.jobs
        print(f"portability: strict nbval with {name} ({jobs} worker(s)) ...", flush=True)
        code, failed, seconds = run_nbval(environment, args.notebooks, jobs)
        verdict = "passed" if code == 0 else f"FAILED, {len(failed)} cell(s) differ"
        print(f"portability: {verdict} in {seconds:.0f} s", flush=True)
        for cell in failed:
            print(f"    {cell}")
        if code != 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the notebooks against DESIGN section 8: each one, the series, the slowest cell.

    make bench          (or: python bench/bench_notebooks.py [notebooks ...])

A learner waits on every Shift-Enter, so each notebook must run top to bottom in at most
20 s on one core (notebook 06: 30 s), the series in at most 60 s, and no cell may take more
than about 8 s.
Seconds depend on the machine, so the targets are ratios to a floor timed in the same run:
300 bare float64 matrix-vector products on the (4096, 348) training array (one gradient-
descent run of notebook 03; about 170 ms on the machine the targets were set on). So:
each notebook at most 120 floors, the series at most 360, a cell at most 48.

The notebooks run as `make run` runs them: one after another, each on a fresh kernel, with
the thread settings of the environment (the Makefile's one BLAS thread). The floor is timed
before and after the notebooks, and the slower of the two medians is used, so that a machine
that speeds up or slows down during the run does not flatter the ratios.

Not part of the test suite: timings depend on the machine; a test must not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
from bench_logistic import floor

from helpers import data

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from run_notebooks import execute  # noqa: E402

NOTEBOOK_TARGET, SERIES_TARGET, CELL_TARGET = 120, 360, 48
# Notebook 06 trains the original's network (2,500 steps, each two matrix products with
# three rows over the training array) and sweeps its settings: its budget is 30 s, 180 floors.
OWN_TARGETS = {"06": 180}


def floor_seconds(x64: np.ndarray, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        floor(x64)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00"))
            - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        default=sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    args = parser.parse_args(argv)

    X, Y = data.load_sign_digits()
    x_train = data.train_test_arrays(*data.zero_one_subset(X, Y))[0]
    x64 = np.ascontiguousarray(x_train, dtype=np.float64)
    before = floor_seconds(x64)
    rows, failed = [], False
    for path in args.notebooks:
        notebook, status, seconds = execute(path, record_timing=True)
        failed |= status != "ok"
        cells = [(index, cell_seconds(cell)) for index, cell in enumerate(notebook.cells)
                 if cell.cell_type == "code"]
        slowest = max(cells, key=lambda pair: pair[1])
        rows.append((path.name, seconds, slowest, status))
    after = floor_seconds(x64)
    unit = max(before, after)

    print(f"floor: 300 float64 matrix-vector products on {x64.shape}: {unit * 1e3:.0f} ms "
          f"(medians {before * 1e3:.0f} ms before, {after * 1e3:.0f} ms after the notebooks)")
    width = max(len(name) for name, *_ in rows)
    print(f"{'notebook':<{width}}  {'seconds':>7}  {'floors':>6}  slowest cell (floors)")
    over = []
    for name, seconds, (index, cell_time), status in rows:
        ratio, cell_ratio = seconds / unit, cell_time / unit
        target = OWN_TARGETS.get(name[:2], NOTEBOOK_TARGET)
        print(f"{name:<{width}}  {seconds:7.1f}  {ratio:6.0f}  cell {index}: {cell_time:.1f} s "
              f"({cell_ratio:.0f}){'' if status == 'ok' else '  ' + status}")
        if ratio > target:
            over.append(f"{name} takes {ratio:.0f} floors (target {target})")
        if cell_ratio > CELL_TARGET:
            over.append(f"{name} cell {index} takes {cell_ratio:.0f} floors (target {CELL_TARGET})")
    total = sum(seconds for _, seconds, _, _ in rows)
    print(f"{'series':<{width}}  {total:7.1f}  {total / unit:6.0f}")
    if total / unit > SERIES_TARGET:
        over.append(f"the series takes {total / unit:.0f} floors (target {SERIES_TARGET})")
    for line in over:
        print(f"over target: {line}")
    if not over:
        print(f"all within target: notebook <= {NOTEBOOK_TARGET} (06: {OWN_TARGETS['06']}), "
              f"series <= {SERIES_TARGET}, cell <= {CELL_TARGET} floors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark gradient descent against its floor: the two matrix-vector products per step.

    make bench          (or: python bench/bench_logistic.py [--repeat N])

Training on x_train (4096, 348) costs two products per iteration, w.T @ x and x @ dz.T, so
300 bare float64 matrix-vector products are the floor for 150 iterations. The variants,
timed alternately in one run and reported as median ratios to that floor:

  ours        helpers.logistic.update for 150 iterations on x_train exactly as
              train_test_arrays returns it (float32), conversion and validation included.
              Target (DESIGN section 8): at most 1.15x. Also given float64 data, which
              shows what the one conversion costs.
  original    the original tutorial's loop as written: float64 weights on float32 data,
              so numpy converts the whole array inside every product.
  what-ifs    ours with one decision reversed, to show what each decision is worth:
              validating x in every iteration, converting float32 to float64 in every
              iteration, and a Fortran-ordered (column-major) array.

Not part of the test suite: timings depend on the machine; a test must not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from helpers import data, logistic

ITERATIONS = 150
LEARNING_RATE = 0.01


def floor(x64: np.ndarray) -> None:
    """150 products in each direction on a C-ordered float64 array: nothing else."""
    w = np.full(x64.shape[0], 0.01)
    dz = np.full(x64.shape[1], 0.5)
    for _ in range(ITERATIONS):
        w @ x64
        x64 @ dz


def ours(x_train: np.ndarray, y_train: np.ndarray) -> None:
    w, b = logistic.initialize_weights_and_bias(x_train.shape[0])
    logistic.update(w, b, x_train, y_train, LEARNING_RATE, ITERATIONS)


def original(x_train: np.ndarray, y_train: np.ndarray) -> None:
    """The tutorial's training loop as written (our transcription; printing left out)."""
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    w, b = np.full((x_train.shape[0], 1), 0.01), 0.0
    cost_list = []
    for _ in range(ITERATIONS):
        y_head = sigmoid(np.dot(w.T, x_train) + b)
        loss = -y_train * np.log(y_head) - (1 - y_train) * np.log(1 - y_head)
        cost = np.sum(loss) / x_train.shape[1]
        derivative_weight = np.dot(x_train, (y_head - y_train).T) / x_train.shape[1]
        derivative_bias = np.sum(y_head - y_train) / x_train.shape[1]
        cost_list.append(cost)
        w = w - LEARNING_RATE * derivative_weight
        b = b - LEARNING_RATE * derivative_bias


def validate_every_iteration(x64: np.ndarray, y_train: np.ndarray) -> None:
    """Ours on float64 data, but checking the whole of x (shapes, nan, inf) in every step."""
    w, b = logistic.initialize_weights_and_bias(x64.shape[0])
    for i in range(ITERATIONS):
        w, b, x, y = logistic._check_problem(w, b, x64, y_train)
        _, dw, db = logistic._forward_backward(w, b, x, y, i % 10 == 0)
        w, b = w - LEARNING_RATE * dw, b - LEARNING_RATE * db


def convert_every_iteration(x_train: np.ndarray, y_train: np.ndarray) -> None:
    """Ours, but converting float32 to a fresh float64 array in every step."""
    w, b, x, y = logistic._check_problem(*logistic.initialize_weights_and_bias(
        x_train.shape[0]), x_train, y_train)
    for i in range(ITERATIONS):
        x = x_train.astype(np.float64)
        _, dw, db = logistic._forward_backward(w, b, x, y, i % 10 == 0)
        w, b = w - LEARNING_RATE * dw, b - LEARNING_RATE * db


def fortran_ordered(x_fortran: np.ndarray, y_train: np.ndarray) -> None:
    """Ours, but the loop runs on a column-major float64 array (as x.T of a C array is)."""
    w, b = logistic.initialize_weights_and_bias(x_fortran.shape[0])
    for i in range(ITERATIONS):
        _, dw, db = logistic._forward_backward(w, b, x_fortran, y_train, i % 10 == 0)
        w, b = w - LEARNING_RATE * dw, b - LEARNING_RATE * db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    X, Y = data.load_sign_digits()
    x_train, _, y_train, _ = data.train_test_arrays(*data.zero_one_subset(X, Y))
    x64 = np.ascontiguousarray(x_train, dtype=np.float64)
    x_fortran = np.asfortranarray(x64)
    runs = {
        "floor: 300 products": lambda: floor(x64),
        "ours (helpers.logistic.update)": lambda: ours(x_train, y_train),
        "ours, given float64 data": lambda: ours(x64, y_train),
        "original tutorial loop": lambda: original(x_train, y_train),
        "what if: validate every iteration": lambda: validate_every_iteration(x64, y_train),
        "what if: convert every iteration": lambda: convert_every_iteration(x_train, y_train),
        "what if: Fortran-ordered array": lambda: fortran_ordered(x_fortran, y_train),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():                       # warm up caches and allocators
        run()
    for repeat in range(args.repeat):               # alternate, rotating the order
        names = list(runs)
        names = names[repeat % len(names):] + names[:repeat % len(names)]
        for name in names:
            started = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - started)

    base = statistics.median(times["floor: 300 products"])
    print(f"x_train {x_train.shape} {x_train.dtype}; {ITERATIONS} iterations; "
          f"median of {args.repeat} alternating runs")
    for name, samples in times.items():
        ratio = statistics.median(samples) / base
        note = ""
        if name.startswith("ours"):
            note = f"  (target <= 1.15x: {'met' if ratio <= 1.15 else 'MISSED'})"
        print(f"  {name:<36} {statistics.median(samples) * 1e3:7.1f} ms  {ratio:5.2f}x{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

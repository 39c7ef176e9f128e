"""Linear regression in numpy: a line, the normal equations, a fit/predict class, and
gradient descent on the mean squared error.

Layout: scikit-learn's, one example per *row*.

    x : (n,)        a single feature, for fit_line
    X : (n, d)      d features; add_bias_column(X) is (n, d + 1)
    y : (n,)        targets

Also writes the two small example datasets of notebook 04 (``python -m helpers.linear
--make-data``). Depends on numpy only.
"""

from __future__ import annotations

import argparse
import math
import numbers
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Above this condition number of X, the normal equations (whose matrix X^T X has the
#: condition number squared, 1e8) would keep fewer than 8 of float64's 16 digits.
CONDITION_LIMIT = 1e4

# --------------------------------------------------------------------------------------
# Checking inputs
# --------------------------------------------------------------------------------------


def _floats(values, name: str) -> np.ndarray:
    """``values`` as a float64 array, or an error that names ``name`` and says what it holds."""
    try:
        array = np.asarray(values)
    except ValueError as error:                 # numpy refuses rows of different lengths
        raise ValueError(f"{name} could not be made into an array: every row must have the "
                         f"same number of values (numpy says: {error})") from None
    if array.dtype.kind not in "biuf":
        kinds = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects"}
        example = array.ravel()[:1].tolist()[0] if array.size else None
        raise TypeError(f"{name} must hold real numbers, but it holds "
                        f"{kinds.get(array.dtype.kind, str(array.dtype))} (the first is "
                        f"{_shorten(repr(example))}). Convert it first, for example with "
                        "np.asarray(values, dtype=float), and check how it was read.")
    return array.astype(np.float64)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _exponent(values: np.ndarray) -> int:
    """e such that every |value| < 2**e, the smallest such (0 if all values are 0).

    ``np.ldexp(values, -e)`` then lies in (-1, 1). Multiplying by a power of two is exact,
    so scaled arithmetic gives the same digits as unscaled arithmetic wherever that does
    not overflow or underflow.
    """
    largest = float(np.max(np.abs(values), initial=0.0))
    return math.frexp(largest)[1]


def _vector(values, name: str) -> np.ndarray:
    """``values`` as a finite 1-D float array, or a ValueError that says how to fix it."""
    array = _floats(values, name)
    if array.ndim == 2 and 1 in array.shape:
        raise ValueError(f"{name} has shape {array.shape}; expected a 1-D array of shape (n,). "
                         f"Use {name}.ravel().")
    if array.ndim != 1:
        raise ValueError(f"{name} has shape {array.shape}; expected a 1-D array of shape (n,).")
    if len(array) == 0:
        raise ValueError(f"{name} is empty; expected at least one value.")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains nan or inf; remove or fill those rows first.")
    return array


def _matrix(values, name: str = "X") -> np.ndarray:
    """``values`` as a finite 2-D float array (n, d), or a ValueError that says how to fix it."""
    array = _floats(values, name)
    if array.ndim == 1:
        raise ValueError(f"{name} has shape {array.shape}; expected 2-D (n_samples, n_features). "
                         f"For a single feature use {name}.reshape(-1, 1).")
    if array.ndim != 2:
        raise ValueError(f"{name} has shape {array.shape}; expected 2-D (n_samples, n_features).")
    if 0 in array.shape:
        raise ValueError(f"{name} has shape {array.shape}: no "
                         f"{'samples' if len(array) == 0 else 'features'}. Expected at least "
                         "one row and one column.")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains nan or inf; remove or fill those rows first.")
    return array


@contextmanager
def _within_float64(what: str) -> Iterator[None]:
    """A ValueError, instead of numpy's warning and an inf, when ``what`` overflows."""
    try:
        with np.errstate(over="raise", invalid="raise"):
            yield
    except FloatingPointError:
        raise ValueError(f"{what} went beyond the range of a float64 (about 1e308). The values "
                         "of X or y are too large (or the steps grew without end): change their "
                         "units so that the numbers are closer to 1.") from None


def _same_length(first: np.ndarray, second: np.ndarray, names: str) -> None:
    if len(first) != len(second):
        a, b = names.split(",")
        raise ValueError(f"{a} has {len(first)} rows but {b.strip()} has {len(second)}; "
                         "they must describe the same samples.")


# --------------------------------------------------------------------------------------
# One feature: a line
# --------------------------------------------------------------------------------------


def fit_line(x, y) -> tuple[float, float]:
    """Least-squares line y ≈ a x + b, in closed form.

    a = sum((x - mean x)(y - mean y)) / sum((x - mean x)^2) and b = mean y - a mean x.
    (The same as the textbook's ``(x.dot(y) - y.mean() * x.sum()) / (x.dot(x) -
    x.mean() * x.sum())``, written with centred values, which lose fewer digits.) x and y
    are first divided by powers of two near their largest values, so values such as 1e200
    or 1e-200, whose squares would overflow or round to 0, work too.

    Parameters
    ----------
    x : numpy.ndarray of shape (n,)
    y : numpy.ndarray of shape (n,)

    Returns
    -------
    a : float
        The slope.
    b : float
        The intercept.

    Examples
    --------
    >>> fit_line(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]))
    (2.0, 1.0)
    """
    x, y = _vector(x, "x"), _vector(y, "y")
    _same_length(x, y, "x, y")
    if len(x) < 2:
        raise ValueError(f"a line needs at least 2 points, got {len(x)}.")
    x_exponent, y_exponent = _exponent(x), _exponent(y)
    x, y = np.ldexp(x, -x_exponent), np.ldexp(y, -y_exponent)
    dx = x - x.mean()
    spread = dx @ dx
    if spread == 0:
        raise ValueError("all x values are equal, so no slope can be fitted: the best line "
                         "would be vertical.")
    a = float(dx @ (y - y.mean()) / spread)
    try:                                        # math.ldexp raises where a float overflows
        return (math.ldexp(a, y_exponent - x_exponent),
                math.ldexp(float(y.mean() - a * x.mean()), y_exponent))
    except OverflowError:
        raise ValueError("the best line's slope or intercept is beyond the range of a float64 "
                         "(about 1e308): y is huge compared with x, or x tiny compared with y. "
                         "Change the units of x or y so that the numbers are closer to 1."
                         ) from None


def r_squared(y, y_hat) -> float:
    """Coefficient of determination: 1 - (sum of squared residuals) / (sum of squares of y).

    1 for a perfect fit, 0 for always predicting the mean of ``y``, negative for worse.

    Parameters
    ----------
    y : numpy.ndarray of shape (n,)
        The true values.
    y_hat : numpy.ndarray of shape (n,)
        The predictions.

    Returns
    -------
    float

    Examples
    --------
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> r_squared(y, y), r_squared(y, np.full(3, 2.0)), r_squared(y, y[::-1])
    (1.0, 0.0, -3.0)
    """
    y, y_hat = _vector(y, "y"), _vector(y_hat, "y_hat")
    _same_length(y, y_hat, "y, y_hat")
    if np.all(y == y[0]):
        raise ValueError("y is constant, so r-squared is undefined (it divides by the spread of "
                         "y, which is 0). Compare the errors directly instead.")
    # Both divided by one power of two so that no square overflows: the ratio is unchanged.
    exponent = max(_exponent(y), _exponent(y_hat))
    y, y_hat = np.ldexp(y, -exponent), np.ldexp(y_hat, -exponent)
    total = float(np.sum((y - y.mean()) ** 2))
    ratio = float(np.sum((y - y_hat) ** 2)) / total if total > 0 else math.inf
    if ratio > 1e300:
        raise ValueError("y_hat is so far from y, compared with how much y varies, that "
                         "r-squared is below -1e300 and means nothing. Check that y and y_hat "
                         "are in the same units and in the same order.")
    return 1 - ratio


# --------------------------------------------------------------------------------------
# Several features: the normal equations
# --------------------------------------------------------------------------------------


def add_bias_column(X) -> np.ndarray:
    """Prepend a column of ones, so that the first weight acts as the intercept.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, d)

    Returns
    -------
    numpy.ndarray of shape (n, d + 1)

    Examples
    --------
    >>> add_bias_column(np.array([[2.0, 3.0], [4.0, 5.0]]))
    array([[1., 2., 3.],
           [1., 4., 5.]])
    """
    X = _matrix(X)
    return np.hstack([np.ones((len(X), 1)), X])


def fit_normal_equations(X, y) -> np.ndarray:
    """Least-squares weights w, solving (X^T X) w = X^T y with ``np.linalg.solve``.

    Never with ``np.linalg.inv``: forming the inverse costs more and loses more digits
    than solving the system directly. Include a column of ones (:func:`add_bias_column`)
    if you want an intercept.

    X^T X squares the condition number of X (how much X magnifies rounding errors), so
    when X is nearly rank-deficient the normal equations lose most of their digits. The
    function checks this first. Columns of very different sizes (1e-20 next to 1), or
    values so large or small that X^T X would overflow or underflow, are rescaled by powers
    of two, which fixes that kind of trouble exactly. If X stays ill-conditioned after
    rescaling (condition number above :data:`CONDITION_LIMIT`), it warns and returns the
    least-squares solution that ``np.linalg.lstsq`` finds on the rescaled X.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, d)
        The design matrix.
    y : numpy.ndarray of shape (n,)

    Returns
    -------
    numpy.ndarray of shape (d,)

    Raises
    ------
    ValueError
        If X's columns are not independent (rank below d), so that many weights fit
        equally well, with the likely causes.

    Warns
    -----
    UserWarning
        If X is ill-conditioned even after rescaling its columns (see above).

    Examples
    --------
    >>> X = add_bias_column(np.array([[0.0], [1.0], [2.0]]))
    >>> fit_normal_equations(X, np.array([1.0, 3.0, 5.0])).round(12).tolist()
    [1.0, 2.0]
    """
    X, y = _matrix(X), _vector(y, "y")
    _same_length(X, y, "X, y")
    n, d = X.shape
    # Each column divided by a power of two near its largest value: the rank and the
    # conditioning then describe how the columns depend on each other, not their units.
    column_exponents = np.array([_exponent(X[:, j]) for j in range(d)])
    X_scaled = np.ldexp(X, -column_exponents)
    singular_values = np.linalg.svd(X_scaled, compute_uv=False)
    rank = int(np.sum(singular_values > singular_values[0] * max(n, d) * np.finfo(float).eps))
    if rank < d:
        causes = [f"fewer rows ({n}) than columns ({d})"] if n < d else []
        zero = [j for j in range(d) if not X[:, j].any()]
        if zero:
            causes.append(f"columns that are all zero ({zero})")
        constant = [j for j in range(d) if np.all(X[:, j] == X[0, j]) and X[:, j].any()]
        if len(constant) > 1:
            causes.append(f"more than one constant column ({constant}; a bias column plus "
                          "another constant column is the usual case)")
        causes.append("a column that is a copy, a multiple or a sum of others")
        raise ValueError(f"X has rank {rank} but {d} columns, so X^T X is singular and the "
                         f"weights are not unique. Likely: {'; or '.join(causes)}. Drop the "
                         "redundant columns or add more rows.")
    y_exponent = _exponent(y)
    # Sizes between 2**-300 and 2**300 keep every entry of X^T X and X^T y within float64.
    moderate = np.all(np.abs(column_exponents) <= 300) and abs(y_exponent) <= 300
    if moderate and np.linalg.cond(X) <= CONDITION_LIMIT:
        return np.linalg.solve(X.T @ X, X.T @ y)        # the textbook formula, as written
    y_scaled = np.ldexp(y, -y_exponent)
    condition = singular_values[0] / singular_values[-1]
    if condition <= CONDITION_LIMIT:                    # only the sizes were the trouble
        weights = np.linalg.solve(X_scaled.T @ X_scaled, X_scaled.T @ y_scaled)
    else:
        digits_left = 16 - round(2 * math.log10(condition))
        warnings.warn(f"X is ill-conditioned: its condition number is {condition:.1e}, so "
                      f"X^T X has {condition ** 2:.1e} and the normal equations would keep "
                      f"{f'only about {digits_left}' if digits_left > 0 else 'none'} of "
                      "float64's 16 digits. Returning np.linalg.lstsq's least-squares "
                      "solution (on the rescaled columns) instead. Some columns are nearly "
                      "copies or combinations of others (for example high powers of x); "
                      "dropping or combining them gives a better model.", stacklevel=2)
        weights = np.linalg.lstsq(X_scaled, y_scaled, rcond=None)[0]
    # Undo the scaling: w_j = weights_j * 2**(y_exponent - column_exponent_j), if it fits.
    shifts = y_exponent - column_exponents
    if np.any(np.frexp(weights)[1] + shifts > 1024):
        raise ValueError("some weights are beyond the range of a float64 (about 1e308): y is "
                         "huge compared with some columns of X. Change the units of X or y so "
                         "that the numbers are closer to 1.")
    return np.ldexp(weights, shifts)


class LinearRegression:
    """Ordinary least squares with an intercept, used like scikit-learn's estimator.

    ``fit`` returns the estimator itself; learned attributes end in an underscore.

    Attributes
    ----------
    coef_ : numpy.ndarray of shape (d,)
        One weight per feature, after ``fit``.
    intercept_ : float
    n_features_in_ : int

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    >>> y = 1.0 + 2.0 * X[:, 0] - 1.0 * X[:, 1]
    >>> model = LinearRegression().fit(X, y)
    >>> model.coef_.round(12).tolist(), round(model.intercept_, 12), model.score(X, y)
    ([2.0, -1.0], 1.0, 1.0)
    """

    def fit(self, X, y) -> LinearRegression:
        """Learn ``coef_`` and ``intercept_`` from X (n, d) and y (n,); return self."""
        X = _matrix(X)
        weights = fit_normal_equations(add_bias_column(X), y)
        self.intercept_ = float(weights[0])
        self.coef_ = weights[1:]
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X) -> np.ndarray:
        """Predictions of shape (n,) for X of shape (n, d)."""
        if not hasattr(self, "coef_"):
            raise ValueError("this LinearRegression is not fitted yet; call fit(X, y) first.")
        X = _matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but the model was fitted with "
                             f"{self.n_features_in_}.")
        return X @ self.coef_ + self.intercept_

    def score(self, X, y) -> float:
        """r-squared of the predictions for X against y (see :func:`r_squared`)."""
        return r_squared(y, self.predict(X))

    def __repr__(self) -> str:
        return "LinearRegression()"


# --------------------------------------------------------------------------------------
# The same model by gradient descent
# --------------------------------------------------------------------------------------


def mean_squared_error(X, y, w) -> float:
    """mean((X w - y)^2) for X (n, d), y (n,), w (d,).

    Examples
    --------
    >>> mean_squared_error(np.eye(2), np.array([1.0, 1.0]), np.array([1.0, 3.0]))
    2.0
    """
    X, y, w = _matrix(X), _vector(y, "y"), _vector(w, "w")
    _same_length(X, y, "X, y")
    if len(w) != X.shape[1]:
        raise ValueError(f"w has {len(w)} entries but X has {X.shape[1]} columns.")
    with _within_float64("The mean squared error"):
        return float(np.mean((X @ w - y) ** 2))


def gradient_descent(X, y, learning_rate: float,
                     num_iterations: int) -> tuple[np.ndarray, list[float]]:
    """Minimise the mean squared error mean((X w - y)^2) by gradient descent from w = 0.

    The gradient is 2 X^T (X w - y) / n: the residuals, weighted by each feature.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, d)
        The design matrix (with a bias column if you want an intercept).
    y : numpy.ndarray of shape (n,)
    learning_rate : float
        Must be below :func:`stable_learning_rate_limit` of X, or a ValueError says so.
    num_iterations : int

    Returns
    -------
    w : numpy.ndarray of shape (d,)
    costs : list of float
        The mean squared error before each step and after the last: num_iterations + 1.

    Examples
    --------
    >>> X = add_bias_column(np.array([[0.0], [1.0], [2.0]]))
    >>> w, costs = gradient_descent(X, np.array([1.0, 3.0, 5.0]), 0.1, 2000)
    >>> w.round(6).tolist(), costs[0] > costs[-1]
    ([1.0, 2.0], True)
    """
    X, y = _matrix(X), _vector(y, "y")
    _same_length(X, y, "X, y")
    try:                                        # float(10**400) raises OverflowError
        rate_is_fine = (isinstance(learning_rate, numbers.Real)
                        and not isinstance(learning_rate, bool)
                        and 0 < float(learning_rate) < math.inf)
    except OverflowError:
        rate_is_fine = False
    if not rate_is_fine:
        raise ValueError(f"learning_rate must be a positive number, got "
                         f"{_shorten(repr(learning_rate))}.")
    learning_rate = float(learning_rate)
    if (isinstance(num_iterations, bool) or not isinstance(num_iterations, numbers.Integral)
            or num_iterations < 1):
        raise ValueError(f"num_iterations must be a positive whole number, got "
                         f"{num_iterations!r}.")
    n = len(y)
    limit = stable_learning_rate_limit(X)
    if limit == 0:
        raise ValueError("X is so large that no learning rate is small enough for gradient "
                         "descent to converge in float64. Scale the features to about 1.")
    if learning_rate >= limit:
        raise ValueError(f"learning_rate {learning_rate:g} is at or above {limit:.4g}, the "
                         "largest rate for which gradient descent converges on this X (2 "
                         "divided by the largest eigenvalue of 2 X^T X / n); it would "
                         "diverge. Use a smaller rate, or scale the features.")
    w = np.zeros(X.shape[1])
    costs = []
    with _within_float64("Gradient descent"):
        for _ in range(num_iterations):
            residuals = X @ w - y
            costs.append(float(np.mean(residuals ** 2)))
            w = w - learning_rate * (2 / n) * (X.T @ residuals)
        costs.append(float(np.mean((X @ w - y) ** 2)))
    return w, costs


def stable_learning_rate_limit(X) -> float:
    """The largest learning rate for which gradient descent on the mean squared error converges.

    The cost's curvature is the matrix 2 X^T X / n; a step is stable along every direction
    only if learning_rate * (largest eigenvalue) < 2.

    Parameters
    ----------
    X : numpy.ndarray of shape (n, d)

    Returns
    -------
    float
        ``math.inf`` if X is so small that every float learning rate is stable.

    Examples
    --------
    >>> stable_learning_rate_limit(np.array([[1.0], [1.0]]))    # curvature 2: limit 2 / 2
    1.0
    """
    X = _matrix(X)
    if not X.any():
        raise ValueError("X is all zero, so the cost does not depend on the weights: there is "
                         "nothing for gradient descent to learn.")
    # With X = X_scaled * 2**e, the curvature is 4**e times X_scaled's: no overflow either way.
    exponent = _exponent(X)
    X_scaled = np.ldexp(X, -exponent)
    largest = float(np.linalg.eigvalsh(2 * X_scaled.T @ X_scaled / len(X))[-1])
    try:
        return math.ldexp(2 / largest, -2 * exponent)
    except OverflowError:
        return math.inf


# --------------------------------------------------------------------------------------
# The example datasets of notebook 04
# --------------------------------------------------------------------------------------

#: How the example data is made: y = sum(coefficients * x) + intercept + normal noise.
EXAMPLE_DATA = {
    "data_1d.csv": {"columns": ["x"], "coefficients": [2.5], "intercept": 4.0,
                    "noise": 2.0, "n": 100, "seed": 1},
    "data_2d.csv": {"columns": ["x1", "x2"], "coefficients": [1.5, -0.8], "intercept": 3.0,
                    "noise": 1.5, "n": 100, "seed": 2},
}


def example_path(name: str) -> Path:
    """Where the committed example file ``name`` is, whatever the working folder.

    Notebooks open the example data through this function instead of a relative path such
    as ``../data/data_1d.csv``, which only works when the kernel starts in ``notebooks/``.

    Parameters
    ----------
    name : str
        One of the keys of :data:`EXAMPLE_DATA`, e.g. ``"data_1d.csv"``.

    Returns
    -------
    pathlib.Path
        ``data/<name>`` in this repository.

    Examples
    --------
    >>> example_path("data_2d.csv").name
    'data_2d.csv'
    """
    if not isinstance(name, str) or name not in EXAMPLE_DATA:
        raise ValueError(f"no example data called {name!r}; the examples are "
                         f"{', '.join(sorted(EXAMPLE_DATA))}.")
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing. Write the example files with "
                                f"python -m helpers.linear --make-data --folder {DATA_DIR}")
    return path


def make_example(name: str) -> str:
    """The CSV text of one example dataset, identical on every run.

    Inputs are uniform on [0, 10]; noise is normal with the given standard deviation. The
    legacy ``RandomState`` is used on purpose: numpy guarantees that its streams never
    change between versions, so the committed files can always be regenerated byte for byte.

    Examples
    --------
    >>> make_example("data_1d.csv").splitlines()[0]
    'x,y'
    """
    if not isinstance(name, str) or name not in EXAMPLE_DATA:
        raise ValueError(f"no example data called {name!r}; the examples are "
                         f"{', '.join(sorted(EXAMPLE_DATA))}.")
    spec = EXAMPLE_DATA[name]
    rng = np.random.RandomState(spec["seed"])
    inputs = rng.uniform(0, 10, size=(spec["n"], len(spec["columns"])))
    y = inputs @ np.array(spec["coefficients"]) + spec["intercept"]
    y = y + rng.normal(0, spec["noise"], size=spec["n"])
    lines = [",".join(spec["columns"] + ["y"])]
    lines += [",".join(f"{value:.4f}" for value in row) for row in np.column_stack([inputs, y])]
    return "\n".join(lines) + "\n"


def write_examples(folder: str | os.PathLike = DATA_DIR) -> list[Path]:
    """Write every example CSV into ``folder`` (each to a temporary file, then renamed).

    The folder is created if it does not exist yet.
    """
    if not isinstance(folder, (str, os.PathLike)) or str(folder).strip() == "":
        raise ValueError(f"folder must name a folder, got {folder!r}; for the repository's own "
                         f"use {DATA_DIR}.")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder; pass the folder the "
                                 "CSV files should go into.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXAMPLE_DATA:
        target = Path(folder) / name
        temporary = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(make_example(name), encoding="ascii", newline="\n")
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)        # only left if writing failed
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.linear",
                                     description="Write notebook 04's example data.")
    parser.add_argument("--make-data", action="store_true", required=True,
                        help="write data/data_1d.csv and data/data_2d.csv")
    parser.add_argument("--folder", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    try:
        written = write_examples(args.folder)
    except (OSError, ValueError) as error:
        reason = str(error)
        if getattr(error, "strerror", None):    # an error of the operating system
            reason = f"{error.strerror}; choose a folder you can write to with --folder"
        print(f"Could not write the example data into {args.folder}: {reason.rstrip('.')}.",
              file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Logistic regression as a one-neuron network, in numpy, trained by gradient descent.

The layout follows the original tutorial: one example per *column*.

    x : (n_features, m)    w : (n_features, 1)    b : float    y : (1, m) of 0 and 1

    z = w.T @ x + b            (1, m)   forward
    y_hat = sigmoid(z)         (1, m)
    cost = mean log-loss       float
    dz = y_hat - y             (1, m)   backward (derived in notebook 02)
    dw = x @ dz.T / m          (n_features, 1)
    db = mean(dz)              float

Numerically sound: the sigmoid never overflows and the cost is computed from ``z`` itself,
so it stays finite even when a prediction rounds to exactly 0 or 1. Depends on numpy only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

# --------------------------------------------------------------------------------------
# Checking inputs (done once per public call, never inside the training loop)
# --------------------------------------------------------------------------------------


def _number(value, name: str) -> float:
    """``value`` as a float if it is one finite real number, else an error naming ``name``.

    ``True`` is refused although Python counts it as 1: passing a flag where a number
    belongs is almost always a slip.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number (an int or a float), got {value!r} of "
                        f"type {type(value).__name__}.")
    try:
        value = float(value)
    except OverflowError:                       # an int beyond float64, such as 10**400
        value = math.inf
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return value


def _count(value, name: str) -> int:
    """``value`` as an int if it is a whole number >= 1 (not a bool), else a clear error."""
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral)
            or value < 1):
        raise ValueError(f"{name} must be a positive whole number, got {value!r}.")
    return int(value)


def _real_array(values, name: str) -> np.ndarray:
    """``values`` as an array of real numbers, or a TypeError saying what it holds instead."""
    try:
        array = np.asarray(values)
    except ValueError as error:                 # numpy refuses rows of different lengths
        raise ValueError(f"{name} could not be made into an array: every row must have the "
                         f"same number of values (numpy says: {error})") from None
    if array.dtype.kind not in "biuf":
        kind = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "Python objects"}
        raise TypeError(f"{name} must hold real numbers, but it holds "
                        f"{kind.get(array.dtype.kind, f'values of dtype {array.dtype}')}. "
                        "Convert it first, for example with np.asarray(values, dtype=float), "
                        "and check how it was loaded.")
    return array


@contextmanager
def _overflow_is_an_error(what: str, training: bool = False) -> Iterator[None]:
    """Turn numpy's overflow and invalid-value warnings inside the block into a ValueError.

    A float64 overflows beyond about 1e308. In gradient descent that nearly always means
    the learning rate is too large and the steps grow without end (divergence), so the
    error says so instead of letting nan spread silently through the weights.
    """
    try:
        with np.errstate(over="raise", invalid="raise"):
            yield
    except FloatingPointError as error:
        divergence = ("Gradient descent diverges when the learning rate is too large: try one "
                      "ten times smaller. " if training else "")
        raise ValueError(f"{what} went beyond the range of a float64 ({error}). {divergence}"
                         "Inputs or weights far larger than 1 overflow too: scale the inputs "
                         "to about [0, 1] first.") from None


def _as_examples(x, name: str = "x") -> np.ndarray:
    """``x`` as a C-ordered float64 (n_features, m) array, or a ValueError saying why not."""
    x = _real_array(x, name)
    if x.ndim != 2:
        hint = (" Flatten the images first: x.reshape(len(x), -1).T" if x.ndim == 3 else "")
        raise ValueError(f"{name} has shape {x.shape}; expected 2-D (n_features, n_examples), "
                         f"one example per column.{hint}")
    if 0 in x.shape:
        raise ValueError(f"{name} has shape {x.shape}: no "
                         f"{'examples' if x.shape[1] == 0 else 'features'}. Expected at least "
                         "one feature (row) and one example (column); check how it was "
                         "selected or split.")
    x = np.ascontiguousarray(x, dtype=np.float64)
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains nan or inf; check how the data was loaded.")
    return x


def _check_weights(w, b, n_features: int, x_shape: tuple[int, int]) -> tuple[np.ndarray, float]:
    w = _real_array(w, "w").astype(np.float64)
    if w.shape != (n_features, 1):
        if w.ndim == 2 and w.shape[1] == 1 and x_shape[1] == w.shape[0]:
            raise ValueError(f"x has shape {x_shape} but w has {w.shape[0]} rows: expected x of "
                             f"shape (n_features, n_examples) = ({w.shape[0]}, {x_shape[0]}). "
                             "Did you forget to transpose? Use x.T.")
        raise ValueError(f"w has shape {w.shape}; expected ({n_features}, 1), one weight per "
                         f"row of x (x has shape {x_shape}).")
    if isinstance(b, (np.ndarray, list, tuple)):
        if np.size(b) != 1:
            raise ValueError(f"b must be one number, got an array of shape {np.shape(b)}.")
        b = np.asarray(b).item()
    b = _number(b, "b")
    if not (np.isfinite(w).all() and np.isfinite(b)):
        raise ValueError("w or b contains nan or inf; a learning rate that is too large makes "
                         "gradient descent diverge.")
    return w, b


def _check_labels(y, m: int, rows: int = 1, name: str = "y") -> np.ndarray:
    """``y`` as a float64 (rows, m) array of 0 and 1, or a ValueError saying how to fix it."""
    y = _real_array(y, name).astype(np.float64)
    if y.shape != (rows, m):
        hint = ""
        if y.shape == (m,) and rows == 1:
            hint = f" Use {name}.reshape(1, -1)."
        elif y.shape == (m, rows):
            hint = f" Did you forget to transpose? Use {name}.T."
        raise ValueError(f"{name} has shape {y.shape}; expected ({rows}, {m}), one label per "
                         f"column of x.{hint}")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"{name} must hold only 0 and 1, found {np.unique(y)[:5]}; each "
                         "prediction is one of two classes.")
    return y


def _check_problem(w, b, x, y) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    x = _as_examples(x)
    w, b = _check_weights(w, b, x.shape[0], x.shape)
    return w, b, x, _check_labels(y, x.shape[1])


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


def initialize_weights_and_bias(dimension: int, value: float = 0.01) -> tuple[np.ndarray, float]:
    """Start every weight at ``value`` and the bias at 0.

    Parameters
    ----------
    dimension : int
        Number of features (4096 for 64x64 images).
    value : float, default 0.01
        Starting weight. With one neuron any start works (the cost has a single valley);
        networks with hidden layers need random starts instead.

    Returns
    -------
    w : numpy.ndarray of shape (dimension, 1), float64
    b : float

    Examples
    --------
    >>> w, b = initialize_weights_and_bias(3)
    >>> w.ravel().tolist(), b
    ([0.01, 0.01, 0.01], 0.0)
    """
    return np.full((_count(dimension, "dimension"), 1), _number(value, "value")), 0.0


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), exact and without overflow for any input.

    ``e^-z`` overflows for z below about -709. Writing the negative side as
    e^z / (1 + e^z) means ``exp`` only ever sees -|z| <= 0, so it cannot overflow.

    Parameters
    ----------
    z : float or numpy.ndarray

    Returns
    -------
    float or numpy.ndarray of the same shape, in [0, 1]

    Examples
    --------
    >>> print(round(sigmoid(0.0), 4), round(sigmoid(4.0), 4), sigmoid(-1e4), sigmoid(1e4))
    0.5 0.982 0.0 1.0
    """
    result = _sigmoid(_real_array(z, "z").astype(np.float64, copy=False))
    return float(result) if result.ndim == 0 else result


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """:func:`sigmoid` of a checked float64 array, without the check (the training loop's)."""
    e = np.exp(-np.abs(z))                      # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _cost_from_logits(z: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss from z, never taking log(0), exact for every z.

    With y_hat = sigmoid(z): -log(y_hat) = log(1 + e^-z) and -log(1 - y_hat) = log(1 + e^z).
    For labels of 0 and 1 both are log(1 + e^(s z)) with s = 1 - 2y (+1 for y = 0, -1 for
    y = 1), and ``np.logaddexp(0, s * z)`` computes that without overflow and without the
    cancellation of the form log(1 + e^z) - y z, which gives 0 instead of 4e-18 at z = 40.
    """
    return float(np.mean(np.logaddexp(0.0, (1.0 - 2.0 * y) * z)))


def _forward_backward(w: np.ndarray, b: float, x: np.ndarray, y: np.ndarray,
                      want_cost: bool = True,
                      l2: float = 0.0) -> tuple[float | None, np.ndarray, float]:
    """One forward and backward pass on checked float64 arrays (the training loop's body).

    ``l2`` adds (l2 / 2) * ||w||^2 to the cost, and so l2 * w to its gradient; the bias
    is not penalised.
    """
    m = x.shape[1]
    z = w.T @ x + b                             # (1, m)
    dz = _sigmoid(z) - y                        # (1, m): dL/dz for each example
    derivative_weight = x @ dz.T / m            # (n_features, 1)
    derivative_bias = float(np.sum(dz) / m)
    cost = _cost_from_logits(z, y) if want_cost else None
    if l2:
        derivative_weight = derivative_weight + l2 * w
        if want_cost:
            cost += l2 / 2 * float(np.sum(w * w))
    return cost, derivative_weight, derivative_bias


def forward_propagation(w: np.ndarray, b: float, x: np.ndarray, y: np.ndarray) -> float:
    """The cost: mean binary cross-entropy of the predictions sigmoid(w.T @ x + b).

    Parameters
    ----------
    w : numpy.ndarray of shape (n_features, 1)
    b : float
    x : numpy.ndarray of shape (n_features, m)
    y : numpy.ndarray of shape (1, m), 0 and 1

    Returns
    -------
    float
        -mean(y log y_hat + (1 - y) log(1 - y_hat)), computed from z so that it is finite
        even when y_hat rounds to 0 or 1, and equal to the textbook formula wherever that
        is finite.

    Examples
    --------
    >>> w, b = np.zeros((2, 1)), 0.0            # predicts 0.5 for everything
    >>> round(forward_propagation(w, b, np.ones((2, 3)), np.array([[0, 1, 1]])), 6)
    0.693147
    """
    w, b, x, y = _check_problem(w, b, x, y)
    with _overflow_is_an_error("The cost"):
        return _cost_from_logits(w.T @ x + b, y)


def forward_backward_propagation(w: np.ndarray, b: float, x: np.ndarray,
                                 y: np.ndarray, l2: float = 0.0) -> tuple[float, dict]:
    """The cost and its gradients with respect to ``w`` and ``b``.

    Parameters
    ----------
    w : numpy.ndarray of shape (n_features, 1)
    b : float
    x : numpy.ndarray of shape (n_features, m)
    y : numpy.ndarray of shape (1, m)
    l2 : float, default 0
        Strength of an L2 penalty (l2 / 2) * ||w||^2 added to the mean log-loss. To match
        scikit-learn's ``LogisticRegression(C=C)``, use l2 = 1 / (C * m).

    Returns
    -------
    cost : float
    gradients : dict
        ``"derivative_weight"``: numpy.ndarray of shape (n_features, 1), x (y_hat - y)^T / m;
        ``"derivative_bias"``: float, mean(y_hat - y).

    Examples
    --------
    >>> cost, gradients = forward_backward_propagation(np.zeros((2, 1)), 0.0,
    ...                                                np.array([[1.0], [2.0]]), np.array([[1]]))
    >>> gradients["derivative_weight"].ravel().tolist(), gradients["derivative_bias"]
    ([-0.5, -1.0], -0.5)
    """
    w, b, x, y = _check_problem(w, b, x, y)
    l2 = _check_l2(l2)
    with _overflow_is_an_error("The cost or its gradient"):
        cost, derivative_weight, derivative_bias = _forward_backward(w, b, x, y, l2=l2)
    return cost, {"derivative_weight": derivative_weight, "derivative_bias": derivative_bias}


def _check_l2(l2) -> float:
    """``l2`` as a float >= 0 (the penalty strength), or a clear error."""
    if (isinstance(l2, (bool, np.bool_)) or not isinstance(l2, numbers.Real)
            or not math.isfinite(l2) or l2 < 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}; for scikit-learn's C use "
                         "l2 = 1 / (C * m).")
    return float(l2)


def _check_learning_rate(learning_rate) -> float:
    """``learning_rate`` as a Python float > 0, so that it never changes the weights' dtype."""
    learning_rate = _number(learning_rate, "learning_rate")
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    return learning_rate


def update(w: np.ndarray, b: float, x: np.ndarray, y: np.ndarray, learning_rate: float,
           num_iterations: int, record_every: int = 10, verbose: bool = False,
           l2: float = 0.0, nesterov: bool = False,
           callback: Callable[[int, np.ndarray, float], None] | None = None
           ) -> tuple[dict, dict, list[float]]:
    """Gradient descent: ``num_iterations`` steps of w -= learning_rate * dw, b -= ... * db.

    With ``nesterov=True`` each step is taken from a look-ahead point instead,
    v = w + i / (i + 3) * (w - w_before), which carries the momentum of the last step:
    on long, narrow valleys (an ill-conditioned cost) this converges far faster.

    Parameters
    ----------
    w : numpy.ndarray of shape (n_features, 1)
        Starting weights (not modified).
    b : float
    x : numpy.ndarray of shape (n_features, m)
    y : numpy.ndarray of shape (1, m)
    learning_rate : float
    num_iterations : int
    record_every : int, default 10
        Record (and, if ``verbose``, print) the cost at iterations 0, record_every, ...
    verbose : bool, default False
        Print "Cost after iteration i: c" lines.
    l2 : float, default 0
        L2 penalty strength (see :func:`forward_backward_propagation`).
    nesterov : bool, default False
        Use Nesterov's accelerated gradient instead of plain steps.
    callback : callable, optional
        Called as ``callback(i, w, b)`` at every recorded iteration, with the parameters
        before that iteration's step (for example to measure how far they still are).

    Returns
    -------
    parameters : dict
        ``"weight"`` (n_features, 1) and ``"bias"`` float after the last step.
    gradients : dict
        The gradients computed in the last iteration (before its step).
    costs : list of float
        The cost at iterations 0, record_every, 2 * record_every, ..., at the point where
        the gradient is taken (the look-ahead point with ``nesterov``).

    Raises
    ------
    ValueError
        If a number leaves float64's range (gradient descent diverged), naming the
        iteration, instead of returning weights full of nan.

    Examples
    --------
    >>> x, y = np.array([[0.0, 1.0, 2.0, 3.0]]), np.array([[0, 0, 1, 1]])
    >>> parameters, _, costs = update(np.zeros((1, 1)), 0.0, x, y, 0.5, 200, record_every=100)
    >>> [round(c, 4) for c in costs]      # log 2 at first (w = 0 predicts 0.5), then lower
    [0.6931, 0.1413]
    """
    learning_rate = _check_learning_rate(learning_rate)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function called as callback(i, w, b), got "
                        f"{type(callback).__name__} {callback!r:.40}.")
    num_iterations = _count(num_iterations, "num_iterations")
    record_every = _count(record_every, "record_every")
    l2 = _check_l2(l2)
    # Convert and check once, here: float32 data would otherwise be converted to float64
    # inside every product, and checking all of x costs about as much as one product.
    w, b, x, y = _check_problem(w, b, x, y)
    costs = []
    w_before, b_before = w, b
    for i in range(num_iterations):
        with _overflow_is_an_error(f"Gradient descent at iteration {i}", training=True):
            at_w, at_b = w, b
            if nesterov:
                momentum = i / (i + 3)
                at_w, at_b = w + momentum * (w - w_before), b + momentum * (b - b_before)
            record = i % record_every == 0
            cost, derivative_weight, derivative_bias = _forward_backward(at_w, at_b, x, y,
                                                                         record, l2)
            w_before, b_before = w, b
            w = at_w - learning_rate * derivative_weight
            # b is a Python float, which overflows to inf without a warning: check it here.
            b = float(np.float64(at_b) - learning_rate * np.float64(derivative_bias))
        if record:
            costs.append(cost)
            if verbose:
                print(f"Cost after iteration {i}: {cost:f}")
            if callback is not None:
                callback(i, w_before, b_before)
    parameters = {"weight": w, "bias": b}
    gradients = {"derivative_weight": derivative_weight, "derivative_bias": derivative_bias}
    return parameters, gradients, costs


def predict_probability(w: np.ndarray, b: float, x: np.ndarray) -> np.ndarray:
    """sigmoid(w.T @ x + b): the model's probability that each example is class 1.

    Returns
    -------
    numpy.ndarray of shape (1, m)
    """
    x = _as_examples(x)
    w, b = _check_weights(w, b, x.shape[0], x.shape)
    with _overflow_is_an_error("w.T @ x + b"):
        return _sigmoid(w.T @ x + b)


def predict(w: np.ndarray, b: float, x: np.ndarray) -> np.ndarray:
    """Class predictions: 1 where the probability is above 0.5, else 0 (0.5 itself gives 0).

    Parameters
    ----------
    w : numpy.ndarray of shape (n_features, 1)
    b : float
    x : numpy.ndarray of shape (n_features, m)

    Returns
    -------
    numpy.ndarray of shape (1, m), float 0.0 and 1.0

    Examples
    --------
    >>> predict(np.array([[1.0]]), 0.0, np.array([[-2.0, 0.0, 3.0]])).tolist()
    [[0.0, 0.0, 1.0]]
    """
    return (predict_probability(w, b, x) > 0.5).astype(np.float64)


def accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Percentage of predictions equal to the labels; both must hold only 0 and 1.

    Computed as the original tutorial does, 100 - mean(|y_pred - y_true|) * 100, so the
    printed digits match its output exactly.

    Examples
    --------
    >>> accuracy(np.array([[1, 0, 1, 1]]), np.array([[1, 0, 0, 1]]))
    75.0
    """
    y_pred = _real_array(y_pred, "y_pred").astype(np.float64)
    y_true = _real_array(y_true, "y_true").astype(np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred has shape {y_pred.shape} but y_true has {y_true.shape}; "
                         "both should be (1, m).")
    if y_pred.ndim > 2 or (y_pred.ndim == 2 and y_pred.shape[0] != 1):
        raise ValueError(f"y_pred and y_true have shape {y_pred.shape}; expected (1, m) or (m,), "
                         "one 0/1 prediction per example. For one-hot rows of several classes, "
                         "compare the class numbers instead (e.g. argmax along axis 1).")
    if y_pred.size == 0:
        raise ValueError("y_pred and y_true are empty; there is nothing to score.")
    for name, values in (("y_pred", y_pred), ("y_true", y_true)):
        if not np.isin(values, (0.0, 1.0)).all():
            found = np.unique(values[~np.isin(values, (0.0, 1.0))])[:3]
            raise ValueError(f"{name} must hold only 0 and 1, but holds {found.tolist()}. "
                             + ("Did you pass probabilities? Use predict(w, b, x), or "
                                "(probabilities > 0.5)." if name == "y_pred" else
                                "Labels of the two classes are 0 and 1."))
    return float(100 - np.mean(np.abs(y_pred - y_true)) * 100)


def logistic_regression(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray,
                        y_test: np.ndarray, learning_rate: float, num_iterations: int,
                        verbose: bool = False) -> dict:
    """Initialise, train with gradient descent, predict, and score on both sets.

    Parameters
    ----------
    x_train : numpy.ndarray of shape (n_features, m_train)
    y_train : numpy.ndarray of shape (1, m_train)
    x_test : numpy.ndarray of shape (n_features, m_test)
    y_test : numpy.ndarray of shape (1, m_test)
    learning_rate : float
    num_iterations : int
    verbose : bool, default False
        Print the cost every 10 iterations and both accuracies.

    Returns
    -------
    dict
        ``"costs"`` (every 10 iterations), ``"parameters"`` (``"weight"``, ``"bias"``),
        ``"train_accuracy"`` and ``"test_accuracy"`` in percent, ``"y_prediction_train"``
        (1, m_train) and ``"y_prediction_test"`` (1, m_test).

    Examples
    --------
    >>> x = np.array([[0.0, 1.0, 2.0, 3.0]])
    >>> y = np.array([[0, 0, 1, 1]])
    >>> result = logistic_regression(x, y, x, y, learning_rate=0.5, num_iterations=200)
    >>> result["train_accuracy"], result["test_accuracy"]
    (100.0, 100.0)
    """
    x_train = _as_examples(x_train, "x_train")
    w, b = initialize_weights_and_bias(x_train.shape[0])
    parameters, _, costs = update(w, b, x_train, y_train, learning_rate, num_iterations,
                                  verbose=verbose)
    y_prediction_train = predict(parameters["weight"], parameters["bias"], x_train)
    y_prediction_test = predict(parameters["weight"], parameters["bias"], x_test)
    result = {
        "costs": costs,
        "parameters": parameters,
        "train_accuracy": accuracy(y_prediction_train, y_train),
        "test_accuracy": accuracy(y_prediction_test, y_test),
        "y_prediction_train": y_prediction_train,
        "y_prediction_test": y_prediction_test,
    }
    if verbose:
        print(f"train accuracy: {result['train_accuracy']} %")
        print(f"test accuracy: {result['test_accuracy']} %")
    return result


def gradient_check(w: np.ndarray, b: float, x: np.ndarray, y: np.ndarray,
                   eps: float = 1e-7) -> float:
    """Relative difference between the analytic gradient and central differences.

    Each of the n_features + 1 parameters is moved by +eps and -eps in turn and the cost
    recomputed, so this costs 2 (n_features + 1) forward passes: a check, not a trainer.

    Parameters
    ----------
    w : numpy.ndarray of shape (n_features, 1)
    b : float
    x : numpy.ndarray of shape (n_features, m)
    y : numpy.ndarray of shape (1, m)
    eps : float, default 1e-7

    Returns
    -------
    float
        ||analytic - numerical|| / (||analytic|| + ||numerical||) over all of (w, b).
        About 1e-7 or less means the gradient is right; above 1e-3 something is wrong.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.normal(size=(3, 5)), np.array([[0, 1, 1, 0, 1]])
    >>> gradient_check(rng.normal(size=(3, 1)), 0.1, x, y) < 1e-7
    True
    """
    w, b, x, y = _check_problem(w, b, x, y)
    eps = _number(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be a small positive step such as 1e-7, got {eps!r}.")
    if np.any(w + eps == w) or b + eps == b:
        raise ValueError(f"eps = {eps!r} is too small to change the parameters (w + eps == w "
                         f"where |w| is about {float(np.max(np.abs(w))):.3g}); use about 1e-7 "
                         "times their size.")
    with _overflow_is_an_error("The gradient check"):
        _, derivative_weight, derivative_bias = _forward_backward(w, b, x, y, want_cost=False)
        analytic = np.append(derivative_weight.ravel(), derivative_bias)
        numerical = np.empty_like(analytic)
        for j in range(len(w)):
            w_plus, w_minus = w.copy(), w.copy()
            w_plus[j] += eps
            w_minus[j] -= eps
            numerical[j] = (_cost_from_logits(w_plus.T @ x + b, y)
                            - _cost_from_logits(w_minus.T @ x + b, y)) / (2 * eps)
        numerical[-1] = (_cost_from_logits(w.T @ x + b + eps, y)
                         - _cost_from_logits(w.T @ x + b - eps, y)) / (2 * eps)
        scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    if scale == 0:
        return 0.0                  # both gradients are exactly zero: they agree
    return float(np.linalg.norm(analytic - numerical) / scale)

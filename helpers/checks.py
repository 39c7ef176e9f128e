"""Checks for the "Your turn" exercises: run the learner's function, compare, explain.

Each ``check_<name>(function)`` calls ``function`` on a few chosen inputs, including the
edge cases the series teaches (large |z| for the sigmoid, shapes that are easy to
transpose, a bias that must stay one number), compares what comes back with this course's
own implementation, and prints a short diagnosis in plain words: which input, what came
back, what was expected, and the most likely cause. It returns True when everything
passes and False otherwise. A wrong answer never raises; a misuse does (passing something
that is not a function). Warnings raised by the learner's code are caught and reported as
part of the diagnosis, since they usually name the bug (an overflow in ``np.exp``).

Unlike the other helpers, this file is not meant to be copied alone: it imports them, so
that every expected value is computed by the code the notebooks use.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from . import data, graph, linear, logistic, network

__all__ = ["check_flatten", "check_zero_one_subset", "check_tanh_slope",
           "check_hypotenuse_gradients", "check_sigmoid", "check_cost_from_z",
           "check_forward_backward_propagation", "check_update", "check_fit_line",
           "check_r_squared", "check_centre", "check_l2_gradients",
           "check_hidden_layer_forward", "check_hidden_layer_backward"]


class _Call:
    """What one call of the learner's function gave: a value, an exception, warnings."""

    def __init__(self, function: Callable, *args):
        self.value, self.error = None, None
        copies = [_copy(a) for a in args]           # so that changes in place can be seen
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self.value = function(*copies)
            except Exception as error:  # noqa: BLE001 - a learner's bug is reported, not raised
                self.error = error
        self.warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
        self.changed_inputs = any(_changed(before, after)
                                  for before, after in zip(args, copies, strict=True))


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    return value


def _changed(before, after) -> bool:
    if isinstance(before, dict):
        return any(_changed(before[key], after.get(key)) for key in before)
    return isinstance(before, np.ndarray) and not (
        isinstance(after, np.ndarray) and np.array_equal(before, after, equal_nan=True))


def _pair(value) -> tuple | None:
    """A returned pair as a tuple (a list of two is accepted too), else None."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return tuple(value)
    return None


def _function(function, name: str) -> tuple[Callable, str]:
    """The learner's function and the name to call it by in messages (its own name)."""
    if not callable(function):
        raise TypeError(f"check_{name} needs your function itself, e.g. check_{name}({name}) "
                        f"without parentheses after the name; got {type(function).__name__} "
                        f"{function!r:.60}.")
    own_name = getattr(function, "__name__", "")
    return function, own_name if own_name.isidentifier() else name


def _as_array(value) -> np.ndarray | None:
    if value is None or (isinstance(value, (tuple, list)) and any(v is None for v in value)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def _array_problem(got, expected: np.ndarray, what: str, m: int | None = None) -> str | None:
    """None if ``got`` matches ``expected``; else one sentence naming the likely mistake."""
    if got is None:
        return (f"{what} is None: the function returns nothing yet (is the `return` line "
                "missing?).")
    array = _as_array(got)
    if array is None and isinstance(got, (tuple, list)):
        return f"{what} holds None: is a `return` missing in a function it calls?"
    if array is None:
        return f"{what} is a {type(got).__name__}, not numbers; expected an array of shape " \
               f"{expected.shape}."
    if array.size == 1 and expected.size == 1:           # 0.5, [0.5] and [[0.5]] are alike
        array = array.reshape(expected.shape)
    if array.shape != expected.shape:
        if array.shape == expected.shape[::-1] and array.ndim == 2:
            return (f"{what} has shape {array.shape}; expected {expected.shape}: did you "
                    "forget a transpose (.T)?")
        if array.size == expected.size:
            return (f"{what} has shape {array.shape}; expected {expected.shape}: the right "
                    f"number of values in the wrong shape (reshape, or keepdims=True).")
        if expected.ndim == 2 and array.ndim == 2 and array.shape[0] == expected.shape[0] \
                and expected.shape[1] == 1:
            return (f"{what} has shape {array.shape}; expected {expected.shape}: one value "
                    "per row is expected; sum (or average) over the examples, along axis 1.")
        return f"{what} has shape {array.shape}; expected {expected.shape}."
    if not np.isfinite(array).all():
        return (f"{what} contains nan or inf; expected {_show(expected)}. Something "
                "overflowed or divided by zero (see the warnings, if any).")
    if np.allclose(array, expected, rtol=1e-7, atol=1e-12):
        return None
    if np.allclose(array, -expected, rtol=1e-7, atol=1e-12):
        return f"{what} has the wrong sign: got {_show(array)}, expected {_show(expected)}."
    if m is not None and m > 1 and np.allclose(array, expected * m, rtol=1e-7, atol=1e-12):
        return (f"{what} is {m} times too large (got {_show(array)}, expected "
                f"{_show(expected)}): a sum where the mean is needed; divide by m = {m}.")
    return f"{what} is {_show(array)}; expected {_show(expected)}."


def _show(value) -> str:
    array = np.asarray(value, dtype=np.float64)
    if array.size == 1:
        return f"{array.item():.6g}"
    return np.array2string(array, precision=4, threshold=8, edgeitems=2).replace("\n", "")


def _report(name: str, problems: list[str]) -> bool:
    if problems:
        print(f"{name}: not yet. " + problems[0])
        for problem in problems[1:2]:                # more at once would bury the first
            print("  also: " + problem)
        return False
    print(f"{name}: all checks passed.")
    return True


def _failed_call(call: _Call, what: str) -> str | None:
    """The learner's exception, or a function that returns nothing, as a sentence."""
    if call.error is not None:
        hint = ""
        if "mismatch in its core dimension" in str(call.error) or "not aligned" in str(call.error):
            hint = (" The shapes of a matrix product do not fit: compare each array's shape "
                    "with the one the exercise gives (a .T too many, or too few?).")
        return f"{what} raised {type(call.error).__name__}: {call.error}{hint}"
    if call.value is None:
        return (f"{what} returned None: the function returns nothing yet (is the `return` "
                "line missing?).")
    return None


def _warned(call: _Call, what: str, hint: str) -> str | None:
    if call.warnings:
        return f"{what} raised a warning ({call.warnings[0]}); {hint}"
    return None


def check_flatten(function: Callable) -> bool:
    """Check ``function(images)``: (m, 64, 64) images to a (4096, m) array, one per column.

    Examples
    --------
    >>> check_flatten(lambda images: images.reshape(len(images), -1).T)
    flatten: all checks passed.
    True
    """
    function, label = _function(function, "flatten")
    images = np.arange(3 * 64 * 64, dtype=np.float64).reshape(3, 64, 64) / 1000
    expected = images.reshape(3, -1).T
    call = _Call(function, images)
    what = f"{label}(images of shape (3, 64, 64))"
    problem = _failed_call(call, what)
    if problem is None:
        problem = _array_problem(call.value, expected, what)
        if problem and _as_array(call.value) is not None \
                and _as_array(call.value).shape == expected.shape \
                and np.allclose(np.sort(_as_array(call.value), axis=None),
                                np.sort(expected, axis=None)):
            problem = (f"{what} has the right shape and the right values in the wrong "
                       "places: flatten each image row after row (images.reshape(m, 4096)), "
                       "then transpose (.T) so that each column is one image.")
    return _report("flatten", [problem] if problem else [])


def check_tanh_slope(function: Callable) -> bool:
    """Check ``function(z)``: the local derivative of tanh at z (notebook 02).

    Examples
    --------
    >>> check_tanh_slope(lambda z: 1 - np.tanh(z) ** 2)
    tanh_slope: all checks passed.
    True
    """
    function, label = _function(function, "tanh_slope")
    problems = []
    for z in [0.5, -2.0, 0.0]:
        at = graph.Value(z)
        at.tanh().backward()                       # notebook 02's engine gives the slope
        expected = np.array(at.grad)
        call = _Call(function, z)
        problem = _failed_call(call, f"{label}({z})")
        if problem is None:
            got = _as_array(call.value)
            if got is not None and got.shape == () and np.isclose(got, np.tanh(z)) and z != 0:
                problem = (f"{label}({z}) returned tanh({z}) = {np.tanh(z):.6g} itself; "
                           "the slope is 1 - tanh(z)**2.")
            elif got is not None and got.shape == () and np.isclose(got, 1 - z ** 2) and z != 0:
                problem = (f"{label}({z}) = {got.item():.6g} is 1 - z**2; the slope is "
                           "1 - tanh(z)**2, with tanh applied first.")
            else:
                problem = _array_problem(call.value, expected, f"{label}({z})")
        if problem:
            problems.append(problem)
            break                                   # one input at a time: fix, then re-run
    return _report("tanh_slope", problems)


def check_sigmoid(function: Callable) -> bool:
    """Check ``function(z)``: the sigmoid 1 / (1 + exp(-z)), for any z, of any shape.

    Examples
    --------
    >>> check_sigmoid(logistic.sigmoid)
    sigmoid: all checks passed.
    True
    """
    function, label = _function(function, "sigmoid")
    problems = []
    cases = [(np.array([[-2.0, 0.5, 3.0]]), f"{label}([[-2, 0.5, 3]])"),
             (np.array([[-1000.0, 1000.0]]), f"{label}([[-1000, 1000]])"),
             (np.array([0.0]), f"{label}([0])")]
    for z, what in cases:
        call = _Call(function, z)
        problem = _failed_call(call, what)
        expected = np.asarray(logistic.sigmoid(z))
        if problem is None and call.warnings and "overflow" in call.warnings[0]:
            problem = (f"{what} raised an overflow warning ({call.warnings[0]}): exp(1000) "
                       "overflowed. Compute e = exp(-|z|) = np.exp(-np.abs(z)), at most 1, once, "
                       "and build both cases from it: 1 / (1 + e) for z >= 0, e / (1 + e) for "
                       "z < 0. (np.where computes both of its branches for every z, so "
                       "np.exp(z) inside it still overflows.)")
        if problem is None:
            got = _as_array(call.value)
            flipped = 1 - expected                            # sigmoid(-z); equal at z = 0
            if got is not None and got.shape == expected.shape and np.any(expected != 0.5) \
                    and np.allclose(got, flipped, rtol=1e-7, atol=1e-12):
                problem = (f"{what} is {_show(got)}; expected {_show(expected)}: the sign of z "
                           "is flipped. It is exp(-z) in 1 / (1 + exp(-z)), so that large z "
                           "gives values near 1.")
            else:
                problem = _array_problem(call.value, expected, what)
        if problem is None:
            problem = _warned(call, what, "a sigmoid should not need to warn.")
        if problem:
            problems.append(problem)
            break                                   # one input at a time: fix, then re-run
    return _report("sigmoid", problems)


def check_cost_from_z(function: Callable) -> bool:
    """Check ``function(z, y)``: the mean log-loss of the predictions sigmoid(z), from z.

    ``z`` and ``y`` have shape (1, m). The log-loss is
    -mean(y log(a) + (1 - y) log(1 - a)) with a = sigmoid(z); it must stay exact for
    large |z|, where a rounds to 0 or 1 (notebook 03 computes it from z directly).

    Examples
    --------
    >>> check_cost_from_z(lambda z, y: float(np.mean(np.logaddexp(0, (1 - 2 * y) * z))))
    cost_from_z: all checks passed.
    True
    """
    function, label = _function(function, "cost_from_z")
    problems = []
    cases = [(np.array([[0.0, 2.0, -1.0, 0.5]]), np.array([[1, 0, 1, 0]]),
              f"{label}(z = [[0, 2, -1, 0.5]], y = [[1, 0, 1, 0]])"),
             (np.array([[40.0, -800.0, 800.0]]), np.array([[0, 1, 1]]),
              f"{label}(z = [[40, -800, 800]], y = [[0, 1, 1]])")]
    for z, y, what in cases:
        expected = logistic._cost_from_logits(z, y)
        call = _Call(function, z, y)
        problem = _failed_call(call, what)
        if problem is None and call.warnings:
            problem = (f"{what} raised a warning ({call.warnings[0]}). At |z| = 800, exp(z) "
                       "overflows, and sigmoid(z) rounds to 0 or 1 so that log(0) = -inf: "
                       "compute the cost from z with np.logaddexp(0, z), which is "
                       "log(1 + exp(z)) without overflow.")
        got = None if problem else _as_array(call.value)
        if problem is None and (got is None or got.size != 1):
            problem = (f"{what} returned {call.value!r:.80}; expected one number, "
                       f"{expected:.6g} (take the mean over the examples).")
        if problem is None:
            got = got.item()
            y_half = float(np.mean(y * np.logaddexp(0, -z)))
            if not np.isfinite(got):
                problem = (f"{what} is {got}; expected {expected:.6g}. sigmoid(z) rounded to "
                           "0 or 1 and its log is -inf: compute the cost from z, e.g. "
                           "log(1 + exp(-z)) as np.logaddexp(0, -z).")
            elif np.isclose(got, expected, rtol=1e-7, atol=1e-12):
                continue
            elif np.isclose(got, -expected, rtol=1e-7):
                problem = (f"{what} is {got:.6g}; expected {expected:.6g}: the minus sign in "
                           "front of the mean is missing (a log-loss is never negative).")
            elif np.isclose(got, expected * z.shape[1], rtol=1e-7):
                problem = (f"{what} is {got:.6g}, {z.shape[1]} times {expected:.6g}: a sum "
                           f"where the mean is needed; divide by m = {z.shape[1]}.")
            elif np.isclose(got, y_half, rtol=1e-7):
                problem = (f"{what} is {got:.6g}; expected {expected:.6g}: only the y log(a) "
                           "term is there; the (1 - y) log(1 - a) term for the zeros is "
                           "missing (the original tutorial's two-layer cost has this bug).")
            else:
                problem = f"{what} is {got:.6g}; expected {expected:.6g}."
        if problem:
            problems.append(problem)
            break                                   # one input at a time: fix, then re-run
    return _report("cost_from_z", problems)


def _logistic_problem() -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 5))
    y = np.array([[1, 0, 0, 1, 1]])
    return np.array([[0.2], [-0.1], [0.4]]), 0.3, x, y


def check_forward_backward_propagation(function: Callable) -> bool:
    """Check ``function(w, b, x, y)`` -> ``(cost, gradients)``, notebook 03's pass.

    w (n, 1), b a number, x (n, m), y (1, m); ``gradients`` holds "derivative_weight"
    (n, 1) and "derivative_bias", one number.

    Examples
    --------
    >>> check_forward_backward_propagation(logistic.forward_backward_propagation)
    forward_backward_propagation: all checks passed.
    True
    """
    name = "forward_backward_propagation"
    function, label = _function(function, name)
    w, b, x, y = _logistic_problem()
    m = x.shape[1]
    cost, gradients = logistic.forward_backward_propagation(w, b, x, y)
    call = _Call(function, w, b, x, y)
    what = f"{label}(w, b, x, y) with w (3, 1), b = 0.3, x (3, 5), y (1, 5)"
    problem = _failed_call(call, what)
    pair = _pair(call.value)
    if problem is None and not (pair and isinstance(pair[1], dict)):
        problem = (f"{what} returned {type(call.value).__name__}; expected a pair "
                   "(cost, gradients) with gradients a dict.")
    if problem:
        return _report(name, [problem])
    got_cost, got_gradients = pair
    problems = []
    missing = {"derivative_weight", "derivative_bias"} - set(got_gradients)
    if missing:
        problems.append(f"the gradients dict lacks {sorted(missing)}; it needs the keys "
                        "'derivative_weight' and 'derivative_bias'.")
    else:
        without_bias = logistic.forward_backward_propagation(w, 0.0, x, y)[1]
        dw = got_gradients["derivative_weight"]
        db = got_gradients["derivative_bias"]
        if _array_problem(dw, without_bias["derivative_weight"], "") is None:
            problems.append("derivative_weight matches a model without the bias: add b to "
                            "z = w.T @ x + b.")
        else:
            problem = _array_problem(dw, gradients["derivative_weight"], "derivative_weight", m)
            if problem:
                problems.append(problem)
        if np.ndim(db) != 0 and np.size(db) != 1:
            problems.append(f"derivative_bias has shape {np.shape(db)}; the bias is one number, "
                            "so its derivative is one number too: take the mean of "
                            "(a - y) over the examples (np.sum(...) / m).")
        else:
            problem = _array_problem(np.reshape(np.asarray(db, dtype=float), ()),
                                     np.array(gradients["derivative_bias"]), "derivative_bias", m)
            if problem:
                problems.append(problem)
    if np.size(got_cost) == 1 and _as_array(got_cost) is not None:
        got_cost = _as_array(got_cost).reshape(())           # accept 0.69 as well as [[0.69]]
    problem = _array_problem(got_cost, np.array(cost), "the cost", m)
    if problem:
        problems.append(problem)
    if call.changed_inputs:
        problems.append("it changed its inputs in place; compute new arrays instead.")
    return _report(name, problems)


def check_update(function: Callable) -> bool:
    """Check ``function(w, b, x, y, learning_rate, num_iterations)``: gradient descent.

    It returns ``(parameters, gradients, costs)`` as notebook 03's ``update``;
    ``parameters`` holds "weight" and "bias" after
    ``num_iterations`` steps of gradient descent.

    Examples
    --------
    >>> check_update(logistic.update)
    update: all checks passed.
    True
    """
    function, label = _function(function, "update")
    w, b, x, y = _logistic_problem()
    expected = logistic.update(w, b, x, y, 0.5, 4)[0]
    what = f"{label}(w, b, x, y, learning_rate=0.5, num_iterations=4)"
    call = _Call(function, w, b, x, y, 0.5, 4)
    problem = _failed_call(call, what)
    if problem is None and not (isinstance(call.value, tuple) and len(call.value) >= 1
                                and isinstance(call.value[0], dict)
                                and {"weight", "bias"} <= set(call.value[0])):
        problem = (f"{what} returned {type(call.value).__name__}; expected a tuple whose first "
                   "item is a dict with 'weight' and 'bias'.")
    if problem:
        return _report("update", [problem])
    got = call.value[0]
    problems = []
    uphill_w, uphill_b = w, b                        # the same steps with a plus sign
    for _ in range(4):
        _, gradients = logistic.forward_backward_propagation(uphill_w, uphill_b, x, y)
        uphill_w = uphill_w + 0.5 * gradients["derivative_weight"]
        uphill_b = uphill_b + 0.5 * gradients["derivative_bias"]
    if _array_problem(got["weight"], uphill_w, "") is None:
        problems.append("the weights moved uphill: the wrong sign. Subtract: "
                        "w = w - learning_rate * derivative_weight.")
    elif np.isclose(np.asarray(got["bias"], dtype=float).sum(), b) and expected["bias"] != b:
        problems.append(f"the bias is still {b}, its starting value: update it too, "
                        "b = b - learning_rate * derivative_bias.")
    else:
        for steps in (3, 5):
            other = logistic.update(w, b, x, y, 0.5, steps)[0]
            if _array_problem(got["weight"], other["weight"], "") is None:
                problems.append(f"the weights are those after {steps} steps, not 4: check the "
                                "range of the loop.")
                break
        else:
            for key in ("weight", "bias"):
                problem = _array_problem(got[key], np.asarray(expected[key]), key)
                if problem:
                    problems.append(problem)
    if call.changed_inputs:
        problems.append("it changed the w you passed in (w -= ... works in place): write "
                        "w = w - ... so that the caller's array is left alone.")
    return _report("update", problems)


def check_fit_line(function: Callable) -> bool:
    """Check ``function(x, y)`` -> ``(slope, intercept)`` of the least-squares line.

    Examples
    --------
    >>> check_fit_line(linear.fit_line)
    fit_line: all checks passed.
    True
    """
    function, label = _function(function, "fit_line")
    x = np.array([0.0, 1.0, 2.0, 3.0, 5.0])
    y = np.array([1.0, 2.9, 5.2, 6.8, 11.1])
    slope, intercept = linear.fit_line(x, y)
    what = f"{label}(x = [0, 1, 2, 3, 5], y = [1, 2.9, 5.2, 6.8, 11.1])"
    call = _Call(function, x, y)
    problem = _failed_call(call, what)
    if problem is None:
        values = _as_array(call.value)
        if values is None or values.shape != (2,):
            problem = (f"{what} returned {call.value!r:.80}; expected two numbers, "
                       "(slope, intercept).")
        elif np.allclose(values, [intercept, slope]):
            problem = (f"{what} returned ({values[0]:.6g}, {values[1]:.6g}): the intercept "
                       "first; return (slope, intercept).")
        elif np.isclose(values[0], slope) and not np.isclose(values[1], intercept):
            problem = (f"the slope {values[0]:.6g} is right but the intercept is "
                       f"{values[1]:.6g}; expected {intercept:.6g} = mean(y) - slope * mean(x).")
        else:
            problem = _array_problem(values, np.array([slope, intercept]), f"{what}")
    return _report("fit_line", [problem] if problem else [])


def check_r_squared(function: Callable) -> bool:
    """Check ``function(y, y_hat)``: 1 - (sum of squared residuals) / (sum of squares of y).

    Examples
    --------
    >>> check_r_squared(linear.r_squared)
    r_squared: all checks passed.
    True
    """
    function, label = _function(function, "r_squared")
    y = np.array([1.0, 2.0, 4.0, 7.0])
    y_hat = np.array([1.5, 2.5, 3.0, 7.5])       # its mean differs from y's, on purpose
    expected = linear.r_squared(y, y_hat)
    residual_share = 1 - expected
    what = f"{label}(y = [1, 2, 4, 7], y_hat = [1.5, 2.5, 3, 7.5])"
    call = _Call(function, y, y_hat)
    problem = _failed_call(call, what)
    if problem is None:
        got = _as_array(call.value)
        if got is None or got.size != 1:
            problem = f"{what} returned {call.value!r:.80}; expected one number, {expected:.6g}."
        elif np.isclose(got, residual_share):
            problem = (f"{what} is {got.item():.6g}, the share of the variation left in the "
                       f"residuals; r-squared is 1 minus that, {expected:.6g}.")
        elif np.isclose(got, linear.r_squared(y_hat, y)):
            problem = (f"{what} is {got.item():.6g}; expected {expected:.6g}: the arguments "
                       "are swapped. The sum of squares is around the mean of y, the data.")
        else:
            problem = _array_problem(got.reshape(()), np.array(expected), what)
    return _report("r_squared", [problem] if problem else [])


def check_l2_gradients(function: Callable) -> bool:
    """Check ``function(w, b, x, y, l2)`` -> ``(dw, db)``: log-loss plus (l2 / 2) ||w||^2.

    Notebook 05's gradients: dw = x (a - y)^T / m + l2 w, db = mean(a - y); the bias is
    not penalised.

    Examples
    --------
    >>> def gradients(w, b, x, y, l2):
    ...     _, plain = logistic.forward_backward_propagation(w, b, x, y, l2=l2)
    ...     return plain["derivative_weight"], plain["derivative_bias"]
    >>> check_l2_gradients(gradients)
    l2_gradients: all checks passed.
    True
    """
    function, label = _function(function, "l2_gradients")
    w, b, x, y = _logistic_problem()
    l2 = 0.1
    m = x.shape[1]
    _, penalised = logistic.forward_backward_propagation(w, b, x, y, l2=l2)
    _, plain = logistic.forward_backward_propagation(w, b, x, y)
    what = f"{label}(w, b, x, y, l2=0.1)"
    call = _Call(function, w, b, x, y, l2)
    problem = _failed_call(call, what)
    if problem is None and not _pair(call.value):
        problem = f"{what} returned {type(call.value).__name__}; expected a pair (dw, db)."
    if problem:
        return _report("l2_gradients", [problem])
    dw, db = _pair(call.value)
    problems = []
    if _array_problem(dw, plain["derivative_weight"], "") is None:
        problems.append("dw has no penalty term: add l2 * w, the gradient of (l2 / 2) ||w||^2.")
    elif _array_problem(dw, plain["derivative_weight"] + 2 * l2 * w, "") is None:
        problems.append("dw adds 2 * l2 * w; the penalty is (l2 / 2) ||w||^2, whose gradient "
                        "is l2 * w.")
    else:
        problem = _array_problem(dw, penalised["derivative_weight"], "dw", m)
        if problem:
            problems.append(problem)
    db_array = _as_array(db)
    if db_array is None:
        problems.append(f"db is {db!r:.60}, not a number: the bias's gradient is one number, "
                        "the mean of (a - y).")
    elif db_array.size == 1 and not np.isclose(db_array.item(), plain["derivative_bias"]) \
            and np.isclose(db_array.item(), plain["derivative_bias"] + l2 * b):
        problems.append("db includes l2 * b: the bias is not penalised, so db = mean(a - y).")
    elif db_array.size != 1:
        problems.append(f"db has shape {np.shape(db)}; the bias is one number, so db is one "
                        "number: the mean of (a - y).")
    else:
        problem = _array_problem(db_array, np.array(plain["derivative_bias"]), "db", m)
        if problem:
            problems.append(problem)
    return _report("l2_gradients", problems)


def check_hidden_layer_backward(function: Callable) -> bool:
    """Check ``function(parameters, cache, x, y)``: the two-layer network's gradients.

    As :func:`helpers.network.backward_propagation`: a dict with dweight1 (n_h, n_x),
    dbias1 (n_h, 1), dweight2 (1, n_h) and dbias2 (1, 1).

    Examples
    --------
    >>> check_hidden_layer_backward(network.backward_propagation)
    hidden_layer_backward: all checks passed.
    True
    """
    name = "hidden_layer_backward"
    function, label = _function(function, name)
    rng = np.random.default_rng(11)
    x = rng.normal(size=(4, 6))
    y = np.array([[0, 1, 1, 0, 1, 0]])
    m = x.shape[1]
    parameters = network.initialize_parameters(4, 3, seed=2, scale=1.0)
    _, cache = network.forward_propagation(x, parameters)
    expected = network.backward_propagation(parameters, cache, x, y)
    what = f"{label}(parameters, cache, x, y) with 4 inputs, 3 hidden units, 6 examples"
    call = _Call(function, parameters, cache, x, y)
    problem = _failed_call(call, what)
    if problem is None and not isinstance(call.value, dict):
        problem = f"{what} returned {type(call.value).__name__}; expected a dict of gradients."
    if problem is None and set(expected) - set(call.value):
        problem = (f"the gradients dict lacks {sorted(set(expected) - set(call.value))}; "
                   f"expected the keys {sorted(expected)}.")
    if problem:
        return _report(name, [problem])
    got = call.value
    problems = []
    no_slope = (parameters["weight2"].T @ (cache["A2"] - y)) @ x.T / m
    if _array_problem(got["dweight1"], no_slope, "") is None:
        problems.append("dweight1 lacks tanh's slope: dZ1 = (weight2.T @ dZ2) * (1 - A1**2).")
    for key in ("dweight1", "dbias1", "dweight2", "dbias2"):
        if key == "dweight1" and problems:
            continue
        problem = _array_problem(got[key], expected[key], key, m)
        if problem:
            problems.append(problem)
    if call.changed_inputs:
        problems.append("it changed the cache or parameters passed in (-= works in place): "
                        "compute new arrays, e.g. dZ2 = cache['A2'] - y.")
    return _report(name, problems)


def check_zero_one_subset(function: Callable) -> bool:
    """Check ``function(X, Y, per_class)`` -> ``(X01, y01)``, as notebook 01's subset.

    The first ``per_class`` images of digit 0, then the first ``per_class`` of digit 1,
    found with :func:`helpers.data.digits` (Kaggle's columns are not the digits), and the
    labels as a column of 0.0 then 1.0.

    Examples
    --------
    >>> check_zero_one_subset(data.zero_one_subset)
    zero_one_subset: all checks passed.
    True
    """
    name = "zero_one_subset"
    function, label = _function(function, name)
    columns = [1, 4, 0, 1, 0, 4, 1, 7, 4]      # Kaggle columns: digits 0, 1, 9, 0, 9, 1, 0, 3, 1
    Y = np.eye(10)[columns]
    X = np.arange(len(columns), dtype=np.float64).reshape(-1, 1, 1) * np.ones((1, 2, 2))
    expected_X, expected_y = data.zero_one_subset(X, Y, 2)
    what = f"{label}(X, Y, per_class=2) on 9 small images"
    call = _Call(function, X, Y, 2)
    problem = _failed_call(call, what)
    if problem is None and not _pair(call.value):
        problem = f"{what} returned {type(call.value).__name__}; expected a pair (X01, y01)."
    if problem:
        return _report(name, [problem])
    got_X, got_y = _pair(call.value)
    problems = []
    by_column = np.concatenate([np.flatnonzero(Y.argmax(axis=1) == digit)[:2] for digit in (0, 1)])
    if _as_array(got_X) is not None and np.shape(got_X) == expected_X.shape \
            and np.array_equal(_as_array(got_X), X[by_column]):
        problems.append("the images were chosen by Y's column number, but Kaggle's columns are "
                        "not the digits (column 0 holds the nines): use data.digits(Y) == 0 "
                        "and == 1.")
    else:
        problem = _array_problem(got_X, expected_X, "X01")
        if problem:
            problems.append(problem + " Expected the first 2 zeros, then the first 2 ones.")
    problem = _array_problem(got_y, expected_y, "y01")
    if problem:
        problems.append(problem)
    return _report(name, problems)


def check_hypotenuse_gradients(function: Callable) -> bool:
    """Check ``function(a, b)`` -> ``(dc/da, dc/db)`` for c = sqrt(a**2 + b**2) (notebook 02).

    Examples
    --------
    >>> check_hypotenuse_gradients(lambda a, b: (a / np.hypot(a, b), b / np.hypot(a, b)))
    hypotenuse_gradients: all checks passed.
    True
    """
    name = "hypotenuse_gradients"
    function, label = _function(function, name)
    problems = []
    for a, b in [(3.0, 4.0), (-1.0, 2.0)]:
        a_value, b_value = graph.Value(a), graph.Value(b)
        (a_value ** 2 + b_value ** 2).sqrt().backward()      # notebook 02's engine
        expected = np.array([a_value.grad, b_value.grad])
        what = f"{label}({a}, {b})"
        call = _Call(function, a, b)
        problem = _failed_call(call, what)
        if problem is None:
            got = _as_array(call.value)
            if got is not None and got.shape == (2,) and np.allclose(got, [2 * a, 2 * b]):
                problem = (f"{what} = ({got[0]:.6g}, {got[1]:.6g}) are the slopes of a^2 + b^2 "
                           "only: multiply by the outer slope, d sqrt(s)/ds = 1 / (2 sqrt(s)) "
                           "(the chain rule).")
            else:
                problem = _array_problem(call.value, expected, what)
        if problem:
            problems.append(problem)
            break                                   # one input at a time: fix, then re-run
    return _report(name, problems)


def check_centre(function: Callable) -> bool:
    """Check ``function(x_train, x_test)`` -> both minus the training images' mean image.

    One example per column, as in notebook 05: the mean is over the columns (axis 1) of
    the *training* set only, and the same mean is subtracted from the test set.

    Examples
    --------
    >>> def centre(x_train, x_test):
    ...     mean_image = x_train.mean(axis=1, keepdims=True)
    ...     return x_train - mean_image, x_test - mean_image
    >>> check_centre(centre)
    centre: all checks passed.
    True
    """
    function, label = _function(function, "centre")
    rng = np.random.default_rng(5)
    x_train, x_test = rng.random((4, 6)), rng.random((4, 3)) + 0.5
    mean_image = x_train.mean(axis=1, keepdims=True)
    what = f"{label}(x_train (4, 6), x_test (4, 3))"
    call = _Call(function, x_train, x_test)
    problem = _failed_call(call, what)
    if problem and "broadcast" in problem:
        problem += (" The mean image has the wrong shape: it is the mean over the examples, "
                    "x_train.mean(axis=1, keepdims=True), of shape (n_features, 1).")
    if problem is None and not _pair(call.value):
        problem = f"{what} returned {type(call.value).__name__}; expected a pair of arrays."
    if problem:
        return _report("centre", [problem])
    got_train, got_test = _pair(call.value)
    problems = []
    if _as_array(got_train) is not None and np.shape(got_train) == x_train.shape \
            and np.allclose(got_train, x_train - x_train.mean(axis=0, keepdims=True)):
        problems.append("the training images were centred with the mean over axis 0, the "
                        "pixels of each image; the mean image is over the examples: "
                        "x_train.mean(axis=1, keepdims=True).")
    else:
        problem = _array_problem(got_train, x_train - mean_image, "the centred training set")
        if problem:
            problems.append(problem)
    if _as_array(got_test) is not None and np.shape(got_test) == x_test.shape \
            and np.allclose(got_test, x_test - x_test.mean(axis=1, keepdims=True)):
        problems.append("the test images were centred with their own mean: subtract the "
                        "training images' mean image, so that nothing about the test set is "
                        "used before testing.")
    else:
        problem = _array_problem(got_test, x_test - mean_image, "the centred test set")
        if problem:
            problems.append(problem)
    if call.changed_inputs:
        problems.append("it changed the arrays you passed in (x -= ... works in place): write "
                        "x_train - mean so that the caller's images are left alone.")
    return _report("centre", problems)


def check_hidden_layer_forward(function: Callable) -> bool:
    """Check ``function(x, parameters)`` -> ``(A2, cache)``, the two-layer forward pass.

    As :func:`helpers.network.forward_propagation`: tanh hidden layer, sigmoid output;
    ``cache`` holds Z1, A1, Z2 and A2.

    Examples
    --------
    >>> check_hidden_layer_forward(network.forward_propagation)
    hidden_layer_forward: all checks passed.
    True
    """
    name = "hidden_layer_forward"
    function, label = _function(function, name)
    rng = np.random.default_rng(13)
    x = rng.normal(size=(4, 6))
    parameters = network.initialize_parameters(4, 3, seed=4, scale=1.0)
    parameters["bias1"] = rng.normal(size=(3, 1))
    parameters["bias2"] = np.array([[0.3]])
    expected_A2, expected = network.forward_propagation(x, parameters)
    what = f"{label}(x, parameters) with 4 inputs, 3 hidden units, 6 examples"
    call = _Call(function, x, parameters)
    problem = _failed_call(call, what)
    pair = _pair(call.value)
    if problem is None and pair and isinstance(pair[0], dict):
        problem = f"{what} returned (cache, A2); the pair is (A2, cache), in that order."
    elif problem is None and not (pair and isinstance(pair[1], dict)):
        problem = f"{what} returned {type(call.value).__name__}; expected a pair (A2, cache)."
    if problem is None and {"Z1", "A1", "Z2", "A2"} - set(pair[1]):
        problem = "the cache lacks some of Z1, A1, Z2, A2; the backward pass needs all four."
    if problem:
        return _report(name, [problem])
    got = pair[1]
    problems = []
    Z1_no_bias = parameters["weight1"] @ x
    if _array_problem(got["Z1"], Z1_no_bias, "") is None:
        problems.append("Z1 has no bias: Z1 = weight1 @ x + bias1.")
    elif _array_problem(got["A1"], logistic.sigmoid(expected["Z1"]), "") is None:
        problems.append("A1 is sigmoid(Z1); this network's hidden layer uses tanh: "
                        "A1 = np.tanh(Z1).")
    for key in ("Z1", "A1", "Z2", "A2"):
        if problems:
            break
        problem = _array_problem(got[key], expected[key], key)
        if problem:
            problems.append(problem)
    if not problems:
        problem = _array_problem(pair[0], expected_A2, "the A2 returned first")
        if problem:
            problems.append(problem)
    return _report(name, problems)

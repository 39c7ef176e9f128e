"""A two-layer neural network in numpy: a tanh hidden layer and a sigmoid output.

The layout is that of :mod:`helpers.logistic`: one example per *column*. With n_x inputs,
n_h hidden units, n_y outputs and m examples:

    x  : (n_x, m)      weight1 : (n_h, n_x)   bias1 : (n_h, 1)
    y  : (n_y, m)      weight2 : (n_y, n_h)   bias2 : (n_y, 1)

    Z1 = weight1 @ x + bias1       (n_h, m)    forward
    A1 = tanh(Z1)                  (n_h, m)
    Z2 = weight2 @ A1 + bias2      (n_y, m)
    A2 = sigmoid(Z2)               (n_y, m)    the predicted probabilities
    cost = mean over examples of the log-loss, summed over the outputs

    dZ2 = A2 - y                   (n_y, m)    backward (the same step as notebook 02's neuron)
    dweight2 = dZ2 @ A1.T / m      (n_y, n_h)
    dbias2 = row sums of dZ2 / m   (n_y, 1)
    dZ1 = weight2.T @ dZ2 * (1 - A1**2)         (n_h, m): tanh'(z) = 1 - tanh(z)**2
    dweight1 = dZ1 @ x.T / m       (n_h, n_x)
    dbias1 = row sums of dZ1 / m   (n_h, 1)

The output unit is notebook 03's neuron, so this file uses :mod:`helpers.logistic`'s
``sigmoid``, its exact log-loss and its input checks: copy ``logistic.py`` beside it.
Function names and parameter keys follow the original tutorial's (without its ``_NN``).
"""

from __future__ import annotations

import numpy as np

if __package__:                         # inside the helpers package
    from . import logistic
else:                                   # copied beside logistic.py into a learner's project
    try:
        import logistic  # type: ignore[no-redef]
    except ModuleNotFoundError:
        raise ModuleNotFoundError("network.py needs logistic.py in the same folder: copy "
                                  "helpers/logistic.py beside it.") from None

PARAMETER_NAMES = ("weight1", "bias1", "weight2", "bias2")

# --------------------------------------------------------------------------------------
# Checking inputs (once per public call, never inside the training loop)
# --------------------------------------------------------------------------------------


def _check_parameters(parameters, n_x: int | None = None) -> dict[str, np.ndarray]:
    """The four parameter arrays as finite float64, with shapes that fit each other."""
    if not isinstance(parameters, dict) or set(PARAMETER_NAMES) - set(parameters):
        found = sorted(parameters) if isinstance(parameters, dict) else type(parameters).__name__
        raise ValueError(f"parameters must be a dict with the keys {', '.join(PARAMETER_NAMES)} "
                         f"(as initialize_parameters returns), got {found}.")
    checked = {name: logistic._real_array(parameters[name], name).astype(np.float64, copy=False)
               for name in PARAMETER_NAMES}
    weight1, bias1, weight2, bias2 = (checked[name] for name in PARAMETER_NAMES)
    if weight1.ndim != 2 or weight2.ndim != 2 or bias1.ndim == 0 or bias2.ndim == 0:
        raise ValueError(f"weight1 and weight2 must be 2-D and bias1 and bias2 column vectors, "
                         f"got shapes {weight1.shape}, {weight2.shape}, {bias1.shape} and "
                         f"{bias2.shape}; initialize_parameters makes the right shapes.")
    # Three shapes tell the number of hidden units; trust the two that agree.
    votes = [weight1.shape[0], bias1.shape[0], weight2.shape[1]]
    n_h, n_y = max(votes, key=votes.count), bias2.shape[0]
    if weight1.shape[0] != n_h:
        hint = " Use weight1.T." if weight1.shape[1] == n_h else ""
        raise ValueError(f"weight1 has shape {weight1.shape}; expected (n_h, n_x) with n_h = "
                         f"{n_h} rows, one per hidden unit.{hint}")
    expected = {"bias1": (n_h, 1), "weight2": (n_y, n_h), "bias2": (n_y, 1)}
    for name, shape in expected.items():
        found = checked[name].shape
        if found != shape:
            hint = (f" Use {name}.T." if found[::-1] == shape else
                    f" Use {name}.reshape(-1, 1)." if found == shape[:1] else "")
            raise ValueError(f"{name} has shape {found}; expected {shape} for a network of "
                             f"{n_h} hidden units and {n_y} output(s).{hint}")
    if n_x is not None and weight1.shape[1] != n_x:
        raise ValueError(f"weight1 has shape {weight1.shape}, so the network takes "
                         f"{weight1.shape[1]} inputs, but x has {n_x} rows (features). x must "
                         "be (n_features, n_examples): did you forget to transpose it?")
    for name, array in checked.items():
        if not np.isfinite(array).all():
            raise ValueError(f"{name} contains nan or inf; a learning rate that is too large "
                             "makes gradient descent diverge.")
    return checked


def _check_cache(cache) -> dict[str, np.ndarray]:
    if not isinstance(cache, dict) or {"Z1", "A1", "Z2", "A2"} - set(cache):
        raise ValueError("cache must be the dict that forward_propagation returns second, "
                         "with Z1, A1, Z2 and A2.")
    return cache


def _check_cache_matches(cache, parameters: dict[str, np.ndarray],
                         x: np.ndarray) -> dict[str, np.ndarray]:
    """``cache`` as float64 arrays, after checking it is the forward pass of ``parameters``.

    A cache from other parameters (made before an update) or another x would give wrong
    gradients without any error. Recomputing the whole pass would double the cost of every
    training step, so a few columns, spread over the examples, are recomputed and compared.
    """
    given = {key: logistic._real_array(value, f"cache['{key}']").astype(np.float64, copy=False)
             for key, value in _check_cache(cache).items() if key in ("Z1", "A1", "Z2", "A2")}
    columns = np.unique(np.linspace(0, x.shape[1] - 1, num=8).astype(int))
    fresh = _forward(parameters, x[:, columns])
    # A product over fewer columns may add in another order, so the two passes agree to
    # rounding, not bit for bit: allow 1e-9 of the size of the terms summed into each z.
    size1 = np.abs(parameters["weight1"]) @ np.abs(x[:, columns]) + np.abs(parameters["bias1"])
    size2 = np.abs(parameters["weight2"]) @ np.abs(fresh["A1"]) + np.abs(parameters["bias2"])
    allowed = {"Z1": size1, "A1": size1, "Z2": size2, "A2": size2}
    for key in ("Z1", "A1", "Z2", "A2"):
        expected_shape = (fresh[key].shape[0], x.shape[1])
        if given[key].shape != expected_shape or not np.all(
                np.abs(given[key][:, columns] - fresh[key]) <= 1e-9 * allowed[key]):
            raise ValueError(f"cache['{key}'] is not what forward_propagation(x, parameters) "
                             "gives for this x and these parameters (a cache made before an "
                             "update, or for other data?). Run forward_propagation again and "
                             "pass its cache.")
        if not np.isfinite(given[key]).all():
            raise ValueError(f"cache['{key}'] contains nan or inf; pass the cache that "
                             "forward_propagation returns.")
    return given


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------


def initialize_parameters(n_x: int, n_h: int, n_y: int = 1, scale: float = 0.1,
                          seed: int | None = None) -> dict[str, np.ndarray]:
    """Random weights (normal, times ``scale``) and zero biases.

    The weights must differ: if every hidden unit started with the same weights, every one
    would compute the same thing and receive the same gradient, so they would stay equal
    forever and the hidden layer would act like a single unit.

    Parameters
    ----------
    n_x : int
        Number of inputs (4096 for 64x64 images).
    n_h : int
        Number of hidden units.
    n_y : int, default 1
        Number of outputs.
    scale : float, default 0.1
        Standard deviation of the starting weights (the original tutorial's 0.1).
    seed : int, optional
        Seed of the numpy Generator, for a start that is the same on every run.

    Returns
    -------
    dict
        ``weight1`` (n_h, n_x), ``bias1`` (n_h, 1), ``weight2`` (n_y, n_h), ``bias2``
        (n_y, 1), all float64.

    Examples
    --------
    >>> parameters = initialize_parameters(4, 3, seed=0)
    >>> {name: value.shape for name, value in parameters.items()}
    {'weight1': (3, 4), 'bias1': (3, 1), 'weight2': (1, 3), 'bias2': (1, 1)}
    """
    n_x, n_h = logistic._count(n_x, "n_x"), logistic._count(n_h, "n_h")
    n_y = logistic._count(n_y, "n_y")
    scale = logistic._number(scale, "scale")
    if not 1e-100 <= scale <= 1e100:
        raise ValueError(f"scale must be between 1e-100 and 1e100 (0.1 is usual), got "
                         f"{scale!r}: at 0 (or rounding to it) every hidden unit starts equal "
                         "and never becomes different; far above 1 the weights overflow.")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise TypeError(f"seed must be a whole number >= 0 or None, got {seed!r}.")
    rng = np.random.default_rng(seed)
    return {"weight1": rng.standard_normal((n_h, n_x)) * scale, "bias1": np.zeros((n_h, 1)),
            "weight2": rng.standard_normal((n_y, n_h)) * scale, "bias2": np.zeros((n_y, 1))}


def _forward(parameters: dict[str, np.ndarray], x: np.ndarray) -> dict[str, np.ndarray]:
    """The forward pass on checked arrays (the training loop's first half)."""
    Z1 = parameters["weight1"] @ x + parameters["bias1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["weight2"] @ A1 + parameters["bias2"]
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": logistic._sigmoid(Z2)}


def _cost(Z2: np.ndarray, y: np.ndarray) -> float:
    """Mean over the examples of the log-loss summed over the outputs, from the logits."""
    return logistic._cost_from_logits(Z2, y) * Z2.shape[0]


def _backward(parameters: dict[str, np.ndarray], cache: dict[str, np.ndarray], x: np.ndarray,
              y: np.ndarray) -> dict[str, np.ndarray]:
    """The backward pass on checked arrays (the training loop's second half)."""
    m = x.shape[1]
    dZ2 = cache["A2"] - y                                             # (n_y, m)
    dZ1 = (parameters["weight2"].T @ dZ2) * (1.0 - cache["A1"] ** 2)  # (n_h, m)
    return {"dweight1": dZ1 @ x.T / m, "dbias1": dZ1.sum(axis=1, keepdims=True) / m,
            "dweight2": dZ2 @ cache["A1"].T / m, "dbias2": dZ2.sum(axis=1, keepdims=True) / m}


def forward_propagation(x, parameters) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The network's predictions for ``x``, and what the backward pass needs.

    Parameters
    ----------
    x : numpy.ndarray of shape (n_x, m)
    parameters : dict
        As :func:`initialize_parameters` returns.

    Returns
    -------
    A2 : numpy.ndarray of shape (n_y, m)
        The predicted probabilities of class 1.
    cache : dict
        ``Z1``, ``A1`` (n_h, m) and ``Z2``, ``A2`` (n_y, m).

    Examples
    --------
    >>> parameters = initialize_parameters(2, 3, seed=0)
    >>> A2, cache = forward_propagation(np.ones((2, 5)), parameters)
    >>> A2.shape, cache["A1"].shape
    ((1, 5), (3, 5))
    """
    x = logistic._as_examples(x)
    parameters = _check_parameters(parameters, x.shape[0])
    with logistic._overflow_is_an_error("The forward pass"):
        cache = _forward(parameters, x)
    return cache["A2"], cache


def compute_cost(cache, y) -> float:
    """The mean log-loss of the predictions, computed exactly from the logits ``Z2``.

    -mean(y log A2 + (1 - y) log(1 - A2)), summed over the outputs when there are several.
    Computed from Z2 rather than from A2, so that it stays exact and finite even where A2
    rounds to 1 (Z2 above about 37) or to 0 (below about -745); no clipping is needed.

    Parameters
    ----------
    cache : dict
        The second result of :func:`forward_propagation`.
    y : numpy.ndarray of shape (n_y, m), 0 and 1

    Returns
    -------
    float

    Examples
    --------
    >>> cache = {"Z1": None, "A1": None, "Z2": np.zeros((1, 4)), "A2": np.full((1, 4), 0.5)}
    >>> round(compute_cost(cache, np.array([[0, 1, 1, 0]])), 6)      # log 2
    0.693147
    """
    Z2 = logistic._real_array(_check_cache(cache)["Z2"], "cache['Z2']").astype(np.float64)
    if Z2.ndim != 2:
        raise ValueError(f"cache['Z2'] has shape {Z2.shape}; expected (n_y, m).")
    if not np.isfinite(Z2).all():
        raise ValueError("cache['Z2'] contains nan or inf; pass the cache that "
                         "forward_propagation returns.")
    y = logistic._check_labels(y, Z2.shape[1], rows=Z2.shape[0])
    with logistic._overflow_is_an_error("The cost"):
        return _cost(Z2, y)


def backward_propagation(parameters, cache, x, y) -> dict[str, np.ndarray]:
    """The gradients of :func:`compute_cost` with respect to every parameter.

    Parameters
    ----------
    parameters : dict
    cache : dict
        From :func:`forward_propagation` on the same ``x`` and ``parameters``.
    x : numpy.ndarray of shape (n_x, m)
    y : numpy.ndarray of shape (n_y, m)

    Returns
    -------
    dict
        ``dweight1``, ``dbias1``, ``dweight2``, ``dbias2``, each the shape of its parameter.

    Examples
    --------
    >>> parameters = initialize_parameters(2, 3, seed=0)
    >>> x, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0, 1]])
    >>> grads = backward_propagation(parameters, forward_propagation(x, parameters)[1], x, y)
    >>> {name: value.shape for name, value in grads.items()}
    {'dweight1': (3, 2), 'dbias1': (3, 1), 'dweight2': (1, 3), 'dbias2': (1, 1)}
    """
    x = logistic._as_examples(x)
    parameters = _check_parameters(parameters, x.shape[0])
    y = logistic._check_labels(y, x.shape[1], rows=parameters["weight2"].shape[0])
    with logistic._overflow_is_an_error("The backward pass"):
        cache = _check_cache_matches(cache, parameters, x)
        return _backward(parameters, cache, x, y)


def update_parameters(parameters, grads, learning_rate: float) -> dict[str, np.ndarray]:
    """One step of gradient descent: each parameter minus learning_rate times its gradient.

    Parameters
    ----------
    parameters : dict
        ``weight1``, ``bias1``, ``weight2``, ``bias2``.
    grads : dict
        ``dweight1``, ``dbias1``, ``dweight2``, ``dbias2``, as :func:`backward_propagation`
        returns.
    learning_rate : float

    Returns
    -------
    dict
        New arrays; ``parameters`` is not modified.

    Examples
    --------
    >>> parameters = initialize_parameters(2, 3, seed=0)
    >>> zero = {f"d{name}": np.zeros_like(value) for name, value in parameters.items()}
    >>> new = update_parameters(parameters, zero, 0.5)
    >>> all(np.array_equal(new[name], parameters[name]) for name in parameters)
    True
    """
    parameters = _check_parameters(parameters)
    learning_rate = logistic._check_learning_rate(learning_rate)
    if not isinstance(grads, dict) or {f"d{name}" for name in PARAMETER_NAMES} - set(grads):
        raise ValueError("grads must be the dict that backward_propagation returns, with "
                         "dweight1, dbias1, dweight2 and dbias2.")
    new = {}
    for name in PARAMETER_NAMES:
        gradient = logistic._real_array(grads[f"d{name}"], f"d{name}").astype(np.float64)
        if gradient.shape != parameters[name].shape:
            raise ValueError(f"d{name} has shape {gradient.shape} but {name} has "
                             f"{parameters[name].shape}.")
        if not np.isfinite(gradient).all():
            raise ValueError(f"d{name} contains nan or inf; pass the gradients that "
                             "backward_propagation returns.")
        with logistic._overflow_is_an_error("The update"):
            new[name] = parameters[name] - learning_rate * gradient
    return new


def predict(parameters, x) -> np.ndarray:
    """Class predictions: 1 where the predicted probability is above 0.5, else 0.

    Parameters
    ----------
    parameters : dict
    x : numpy.ndarray of shape (n_x, m)

    Returns
    -------
    numpy.ndarray of shape (n_y, m), float 0.0 and 1.0

    Examples
    --------
    >>> parameters = initialize_parameters(2, 3, seed=0)
    >>> predict(parameters, np.zeros((2, 4))).tolist()     # z = 0 everywhere: 0.5, not above
    [[0.0, 0.0, 0.0, 0.0]]
    """
    A2, _ = forward_propagation(x, parameters)
    return (A2 > 0.5).astype(np.float64)


def two_layer_neural_network(x_train, y_train, x_test, y_test, n_h: int = 3,
                             num_iterations: int = 2500, learning_rate: float = 0.01,
                             seed: int | None = 42, record_every: int = 100) -> dict:
    """Initialise, train by gradient descent, and score on both sets (the original's run).

    Parameters
    ----------
    x_train : numpy.ndarray of shape (n_x, m_train)
    y_train : numpy.ndarray of shape (1, m_train)
    x_test : numpy.ndarray of shape (n_x, m_test)
    y_test : numpy.ndarray of shape (1, m_test)
    n_h : int, default 3
        Hidden units.
    num_iterations : int, default 2500
    learning_rate : float, default 0.01
    seed : int or None, default 42
        Seed of the starting weights (None: a different start on every run).
    record_every : int, default 100
        Record the cost at iterations 0, record_every, ...

    Returns
    -------
    dict
        ``costs`` (list of float), ``parameters`` (after the last step),
        ``train_accuracy`` and ``test_accuracy`` in percent.

    Examples
    --------
    >>> x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    >>> y = np.array([[0, 1, 1, 0]])                  # XOR: no single line separates it
    >>> result = two_layer_neural_network(x, y, x, y, n_h=4, num_iterations=2000,
    ...                                   learning_rate=2.0, seed=1)
    >>> result["train_accuracy"]
    100.0
    """
    x_train = logistic._as_examples(x_train, "x_train")
    x_test = logistic._as_examples(x_test, "x_test")
    if x_test.shape[0] != x_train.shape[0]:
        raise ValueError(f"x_train has {x_train.shape[0]} rows (features) but x_test has "
                         f"{x_test.shape[0]}; both must be (n_features, n_examples).")
    y_train = logistic._check_labels(y_train, x_train.shape[1], name="y_train")
    y_test = logistic._check_labels(y_test, x_test.shape[1], name="y_test")
    num_iterations = logistic._count(num_iterations, "num_iterations")
    record_every = logistic._count(record_every, "record_every")
    learning_rate = logistic._check_learning_rate(learning_rate)
    parameters = initialize_parameters(x_train.shape[0], n_h, 1, seed=seed)
    costs = []
    for i in range(num_iterations):
        with logistic._overflow_is_an_error(f"Gradient descent at iteration {i}", training=True):
            cache = _forward(parameters, x_train)
            if i % record_every == 0:
                costs.append(_cost(cache["Z2"], y_train))
            grads = _backward(parameters, cache, x_train, y_train)
            parameters = {name: parameters[name] - learning_rate * grads[f"d{name}"]
                          for name in PARAMETER_NAMES}
    return {"costs": costs, "parameters": parameters,
            "train_accuracy": logistic.accuracy(predict(parameters, x_train), y_train),
            "test_accuracy": logistic.accuracy(predict(parameters, x_test), y_test)}


def gradient_check(parameters, x, y, eps: float = 1e-5) -> float:
    """Relative difference between the backward pass and central differences of the cost.

    Every parameter is moved by +eps and -eps in turn and the cost recomputed: 2 forward
    passes per parameter, so use a small network and a few examples. Check at a random
    point with weights of size about 1 (``scale=1.0``): at a start of tiny weights the
    gradients are tiny too, and rounding in the cost differences dominates the comparison.

    Parameters
    ----------
    parameters : dict
    x : numpy.ndarray of shape (n_x, m)
    y : numpy.ndarray of shape (n_y, m)
    eps : float, default 1e-5
        The step of the central differences.

    Returns
    -------
    float
        ||analytic - numerical|| / (||analytic|| + ||numerical||) over all parameters;
        about 1e-7 or less means the gradients are right.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.normal(size=(3, 6)), np.array([[0, 1, 1, 0, 1, 0]])
    >>> gradient_check(initialize_parameters(3, 4, seed=1, scale=1.0), x, y) < 1e-7
    True
    """
    x = logistic._as_examples(x)
    parameters = _check_parameters(parameters, x.shape[0])
    y = logistic._check_labels(y, x.shape[1], rows=parameters["weight2"].shape[0])
    eps = logistic._number(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be a small positive step such as 1e-5, got {eps!r}.")
    if any(np.any(value + eps == value) for value in parameters.values()):
        raise ValueError(f"eps = {eps!r} is too small to change some parameters (p + eps == "
                         "p); use about 1e-5 times their size.")
    with logistic._overflow_is_an_error("The gradient check"):
        grads = _backward(parameters, _forward(parameters, x), x, y)
        analytic, numerical = [], []
        moved = {key: value.copy() for key, value in parameters.items()}
        for name in PARAMETER_NAMES:
            for index in np.ndindex(parameters[name].shape):
                moved[name][index] = parameters[name][index] + eps
                cost_plus = _cost(_forward(moved, x)["Z2"], y)
                moved[name][index] = parameters[name][index] - eps
                cost_minus = _cost(_forward(moved, x)["Z2"], y)
                moved[name][index] = parameters[name][index]          # back to the start
                numerical.append((cost_plus - cost_minus) / (2 * eps))
                analytic.append(grads[f"d{name}"][index])
        analytic, numerical = np.array(analytic), np.array(numerical)
        size = np.linalg.norm(analytic) + np.linalg.norm(numerical)
        return 0.0 if size == 0 else float(np.linalg.norm(analytic - numerical) / size)

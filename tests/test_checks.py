"""helpers/checks.py: the series' own code passes; typical mistakes fail, named in words."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from helpers import checks, data, linear, logistic, network


def diagnosis(capsys, check, function) -> tuple[bool, str]:
    passed = check(function)
    return passed, capsys.readouterr().out


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def forward_backward(w, b, x, y):
    return logistic.forward_backward_propagation(w, b, x, y)


def gradients_changed(change_weight=lambda dw: dw, change_bias=lambda db: db):
    """forward_backward_propagation with its gradients passed through a mistake."""
    def wrong(w, b, x, y):
        cost, gradients = forward_backward(w, b, x, y)
        return cost, {"derivative_weight": change_weight(gradients["derivative_weight"]),
                      "derivative_bias": change_bias(gradients["derivative_bias"])}
    return wrong


def log_loss_from_z(z, y):
    return float(np.mean(np.logaddexp(0, (1 - 2 * y) * z)))


def hidden_backward(parameters, cache, x, y, *, slope=True, transpose=False, total=False,
                    flat_bias=False):
    m = x.shape[1]
    dZ2 = cache["A2"] - y
    dZ1 = parameters["weight2"].T @ dZ2 * ((1 - cache["A1"] ** 2) if slope else 1.0)
    divide = 1 if total else m
    grads = {"dweight1": dZ1 @ x.T / divide, "dbias1": dZ1.sum(axis=1, keepdims=True) / divide,
             "dweight2": dZ2 @ cache["A1"].T / divide,
             "dbias2": dZ2.sum(axis=1, keepdims=True) / divide}
    if transpose:
        grads["dweight1"] = grads["dweight1"].T
    if flat_bias:
        grads["dbias1"] = grads["dbias1"].ravel()
    return grads


def l2_gradients(w, b, x, y, l2, *, factor=1.0, penalise_bias=False):
    _, plain = logistic.forward_backward_propagation(w, b, x, y)
    db = plain["derivative_bias"] + (l2 * b if penalise_bias else 0.0)
    return plain["derivative_weight"] + factor * l2 * w, db


def update_with(sign=-1.0, move_bias=True, in_place=False, steps=None):
    def update(w, b, x, y, learning_rate, num_iterations):
        if not in_place:
            w = w.copy()
        for _ in range(num_iterations if steps is None else steps):
            _, gradients = logistic.forward_backward_propagation(w, b, x, y)
            w += sign * learning_rate * gradients["derivative_weight"]
            if move_bias:
                b = b + sign * learning_rate * gradients["derivative_bias"]
        return {"weight": w, "bias": b}, {}, []
    return update


# (check, the series' implementation or a right one written differently)
RIGHT = [
    (checks.check_flatten, lambda images: images.reshape(images.shape[0], -1).T),
    (checks.check_tanh_slope, lambda z: 1 / np.cosh(z) ** 2),
    (checks.check_sigmoid, logistic.sigmoid),
    (checks.check_cost_from_z, log_loss_from_z),
    (checks.check_forward_backward_propagation, logistic.forward_backward_propagation),
    (checks.check_update, logistic.update),
    (checks.check_update, update_with()),
    (checks.check_fit_line, linear.fit_line),
    (checks.check_r_squared, linear.r_squared),
    (checks.check_l2_gradients, l2_gradients),
    (checks.check_hidden_layer_backward, network.backward_propagation),
    (checks.check_hidden_layer_backward, hidden_backward),
]


def name_of(item) -> str:
    return getattr(item, "__name__", "")


# (check, a typical wrong implementation, words the diagnosis must contain)
WRONG = [
    (checks.check_flatten, lambda images: images.reshape(images.shape[0], -1), [".T", "(4096, 3)"]),
    (checks.check_flatten, lambda images: images.reshape(-1, images.shape[0]),
     ["wrong places", "then transpose"]),
    (checks.check_flatten, lambda images: None, ["None", "return"]),
    (checks.check_tanh_slope, lambda z: 1 - z ** 2, ["1 - tanh(z)**2", "tanh applied first"]),
    (checks.check_tanh_slope, np.tanh, ["tanh", "itself"]),
    (checks.check_sigmoid, naive_sigmoid, ["overflow", "exp(-|z|)"]),
    (checks.check_sigmoid, lambda z: 1 / (1 + np.exp(np.clip(z, -500, 500))), ["sign"]),
    (checks.check_sigmoid, lambda z: None, ["None"]),
    (checks.check_cost_from_z,
     lambda z, y: float(-np.mean(y * np.log(naive_sigmoid(z))
                                 + (1 - y) * np.log(1 - naive_sigmoid(z)))),
     ["warning", "logaddexp"]),
    (checks.check_cost_from_z, lambda z, y: float(np.sum(np.logaddexp(0, (1 - 2 * y) * z))),
     ["mean", "divide by m"]),
    (checks.check_cost_from_z, lambda z, y: -log_loss_from_z(z, y), ["minus sign"]),
    (checks.check_cost_from_z, lambda z, y: float(np.mean(y * np.logaddexp(0, -z))),
     ["(1 - y) log(1 - a)", "missing"]),
    (checks.check_forward_backward_propagation, gradients_changed(lambda dw: dw.T),
     ["(1, 3)", "(3, 1)", ".T"]),
    (checks.check_forward_backward_propagation,
     lambda w, b, x, y: forward_backward(w, 0.0, x, y), ["bias"]),
    (checks.check_forward_backward_propagation, gradients_changed(lambda dw: dw * 5),
     ["mean", "divide by m"]),
    (checks.check_forward_backward_propagation,
     gradients_changed(lambda dw: -dw, lambda db: -db), ["wrong sign"]),
    (checks.check_forward_backward_propagation,
     lambda w, b, x, y: (forward_backward(w, b, x, y)[0],
                         {"derivative_weight": forward_backward(w, b, x, y)[1]["derivative_weight"],
                          "derivative_bias": logistic.sigmoid(w.T @ x + b) - y}),
     ["bias is one number"]),
    (checks.check_update, update_with(sign=+1.0), ["uphill", "sign"]),
    (checks.check_update, update_with(move_bias=False), ["bias", "update it too"]),
    (checks.check_update, update_with(steps=3), ["3 steps"]),
    (checks.check_update, update_with(in_place=True), ["in place", "w = w -"]),
    (checks.check_fit_line, lambda x, y: linear.fit_line(x, y)[::-1], ["intercept first"]),
    (checks.check_fit_line, lambda x, y: (linear.fit_line(x, y)[0], float(np.mean(y))),
     ["intercept", "mean(y) - slope * mean(x)"]),
    (checks.check_r_squared, lambda y, y_hat: 1 - linear.r_squared(y, y_hat), ["1 minus"]),
    (checks.check_r_squared, lambda y, y_hat: linear.r_squared(y_hat, y), ["swapped"]),
    (checks.check_l2_gradients, lambda *args: l2_gradients(*args, factor=0.0),
     ["penalty", "l2 * w"]),
    (checks.check_l2_gradients, lambda *args: l2_gradients(*args, factor=2.0), ["2 * l2 * w"]),
    (checks.check_l2_gradients, lambda *args: l2_gradients(*args, penalise_bias=True),
     ["bias is not penalised"]),
    (checks.check_hidden_layer_backward, lambda *args: hidden_backward(*args, slope=False),
     ["tanh's slope", "1 - A1**2"]),
    (checks.check_hidden_layer_backward, lambda *args: hidden_backward(*args, transpose=True),
     ["(4, 3)", "(3, 4)", ".T"]),
    (checks.check_hidden_layer_backward, lambda *args: hidden_backward(*args, total=True),
     ["mean", "divide by m = 6"]),
    (checks.check_hidden_layer_backward, lambda *args: hidden_backward(*args, flat_bias=True),
     ["(3,)", "keepdims=True"]),
]


def test_a_learners_exception_is_reported_not_raised(capsys):
    def broken(z):
        raise IndexError("index 3 is out of bounds")

    passed, out = diagnosis(capsys, checks.check_sigmoid, broken)
    assert passed is False
    assert "raised IndexError: index 3 is out of bounds" in out


@pytest.mark.parametrize("check", [getattr(checks, name) for name in checks.__all__])
def test_passing_a_value_instead_of_the_function_is_a_misuse(check):
    with pytest.raises(TypeError, match="needs your function itself"):
        check(0.5)


def test_checks_leave_the_warning_filters_as_they_were(capsys):
    before = list(warnings.filters)
    checks.check_sigmoid(naive_sigmoid)
    capsys.readouterr()
    assert list(warnings.filters) == before


def subset_by_column(X, Y, per_class):
    rows = np.concatenate([np.flatnonzero(Y.argmax(axis=1) == d)[:per_class] for d in (0, 1)])
    return X[rows], np.repeat([0.0, 1.0], per_class).reshape(-1, 1)


def centre_with(axis=1, own_test_mean=False):
    def centre(x_train, x_test):
        mean_image = x_train.mean(axis=axis, keepdims=True)
        test_mean = x_test.mean(axis=1, keepdims=True) if own_test_mean else mean_image
        return x_train - mean_image, x_test - test_mean
    return centre


def forward_with(bias=True, hidden=np.tanh):
    def forward(x, parameters):
        Z1 = parameters["weight1"] @ x + (parameters["bias1"] if bias else 0.0)
        A1 = hidden(Z1)
        Z2 = parameters["weight2"] @ A1 + parameters["bias2"]
        A2 = logistic.sigmoid(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return forward


MORE_RIGHT = [
    (checks.check_zero_one_subset, lambda X, Y, per_class: (
        data.zero_one_subset(X, Y, per_class))),
    (checks.check_hypotenuse_gradients, lambda a, b: (a / np.sqrt(a * a + b * b),
                                                      b / np.sqrt(a * a + b * b))),
    (checks.check_centre, centre_with()),
    (checks.check_hidden_layer_forward, forward_with()),
]

MORE_WRONG = [
    (checks.check_zero_one_subset, subset_by_column, ["data.digits(Y)", "not the digits"]),
    (checks.check_zero_one_subset,
     lambda X, Y, p: (data.zero_one_subset(X, Y, p)[0],
                      np.repeat([0.0, 1.0], p)), ["(4,)", "(4, 1)"]),
    (checks.check_hypotenuse_gradients, lambda a, b: (2 * a, 2 * b),
     ["chain rule", "1 / (2 sqrt(s))"]),
    (checks.check_centre, centre_with(axis=0), ["axis=1"]),
    (checks.check_centre, centre_with(own_test_mean=True),
     ["test images", "training images' mean"]),
    (checks.check_hidden_layer_forward, forward_with(bias=False), ["bias1", "no bias"]),
    (checks.check_hidden_layer_forward, forward_with(hidden=logistic.sigmoid), ["tanh"]),
]


@pytest.mark.parametrize("check", [getattr(checks, name) for name in checks.__all__])
def test_a_function_that_returns_nothing_yet_is_told_so(capsys, check):
    def stub(*args):
        return None

    passed, out = diagnosis(capsys, check, stub)
    assert passed is False
    assert "returns nothing yet" in out and "nan" not in out


def masked_sigmoid(z):
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def forward_pair(x, parameters):
    return list(forward_with()(x, parameters))


def backward_in_place(parameters, cache, x, y):
    cache["A2"] -= y                                # the cache is dZ2 now
    return hidden_backward(parameters, {**cache, "A2": cache["A2"] + y}, x, y)


def one_number_bias2(parameters, cache, x, y):
    grads = hidden_backward(parameters, cache, x, y)
    return {**grads, "dbias2": float(grads["dbias2"].item())}


def centre_in_place(x_train, x_test):
    mean_image = x_train.mean(axis=1, keepdims=True)
    x_train -= mean_image
    x_test -= mean_image
    return x_train, x_test


def helper_without_return(w, b, x, y, l2):
    return l2_gradients(w, b, x, y, l2)[0], None


# Found by an independent review: right answers written otherwise, mistakes named wrongly.
REVIEW_RIGHT = [
    (checks.check_sigmoid, masked_sigmoid),
    (checks.check_hidden_layer_forward, forward_pair),
    (checks.check_hidden_layer_backward, one_number_bias2),
    (checks.check_centre, lambda x_train, x_test: list(centre_with()(x_train, x_test))),
]

REVIEW_WRONG = [
    (checks.check_sigmoid,
     lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
     ["np.where computes both"]),
    (checks.check_r_squared, lambda y, y_hat: 1 - np.var(y - y_hat) / np.var(y), ["expected"]),
    (checks.check_r_squared,
     lambda y, y_hat: 1 - np.sum((y - y_hat) ** 2) / np.sum((y - y_hat.mean()) ** 2),
     ["expected"]),
    (checks.check_l2_gradients, helper_without_return, ["db", "one number"]),
    (checks.check_centre, centre_in_place, ["in place"]),
    (checks.check_hidden_layer_backward, backward_in_place, ["in place"]),
    (checks.check_hidden_layer_forward,
     lambda x, p: forward_with()(x, p)[::-1], ["(A2, cache), in that order"]),
    (checks.check_hidden_layer_forward,
     lambda x, p: forward_with()(x, {**p, "weight1": p["weight1"].T}), [".T"]),
]


def test_messages_call_the_function_by_its_own_name(capsys):
    def my_forward(x, parameters):
        return None

    diagnosis(capsys, checks.check_hidden_layer_forward, my_forward)
    checks.check_hidden_layer_forward(my_forward)
    assert "my_forward(x, parameters)" in capsys.readouterr().out


# The series' own code and right answers written otherwise pass; each typical mistake fails
# with a diagnosis containing the given words.
ALL_RIGHT = RIGHT + MORE_RIGHT + REVIEW_RIGHT
ALL_WRONG = WRONG + MORE_WRONG + REVIEW_WRONG


@pytest.mark.parametrize(("check", "function"), ALL_RIGHT, ids=name_of)
def test_the_right_answer_passes(capsys, check, function):
    passed, out = diagnosis(capsys, check, function)
    assert passed, out
    assert "all checks passed" in out


@pytest.mark.parametrize(("check", "function", "words"), ALL_WRONG,
                         ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(ALL_WRONG)])
def test_a_typical_mistake_is_named(capsys, check, function, words):
    passed, out = diagnosis(capsys, check, function)
    assert passed is False
    assert "not yet" in out
    for word in words:
        assert word in out, f"{word!r} not in the diagnosis:\n{out}"

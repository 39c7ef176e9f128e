"""helpers.logistic: the maths, the training loop, bad input, and the original results."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import pytest

from helpers import data
from helpers import logistic as lg
from helpers.graph import Value

# --------------------------------------------------------------------------------------
# sigmoid and the cost
# --------------------------------------------------------------------------------------


def test_sigmoid_at_zero_small_and_known_values():
    assert lg.sigmoid(0.0) == 0.5
    assert lg.sigmoid(4.0) == pytest.approx(1 / (1 + np.exp(-4.0)), rel=1e-15)
    assert round(lg.sigmoid(4.0), 3) == 0.982          # the tutorial's "almost 0.9" is wrong
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(lg.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_allclose(lg.sigmoid(z) + lg.sigmoid(-z), 1.0, rtol=1e-15)


@pytest.mark.parametrize("z", [1e4, -1e4, 710.0, -710.0, 1e308, -1e308])
def test_sigmoid_never_overflows(z):
    # pytest runs with warnings as errors, so an overflow warning would fail this test.
    s = lg.sigmoid(z)
    exact = 1 / (1 + math.exp(-z)) if z > 0 else math.exp(z) / (1 + math.exp(z))
    assert s == exact         # e.g. sigmoid(-710) = e^-710 = 4.5e-309, not rounded to 0
    arr = lg.sigmoid(np.array([[z, -z, 0.0]]))
    assert arr.shape == (1, 3) and np.isfinite(arr).all()


def test_sigmoid_keeps_tiny_probabilities_exact():
    # 1/(1 + e^40) is about 4.2e-18: a formula that computes 1 - sigmoid(40) would give 0.
    assert lg.sigmoid(-40.0) == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-14)


def textbook_cost(w, b, x, y):
    y_hat = 1 / (1 + np.exp(-(w.T @ x + b)))
    return float(np.mean(-y * np.log(y_hat) - (1 - y) * np.log(1 - y_hat)))


@pytest.mark.parametrize("seed", range(5))
def test_cost_equals_the_textbook_formula_where_that_is_accurate(seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(6, 20)), rng.normal(size=(6, 1))
    y = rng.integers(0, 2, size=(1, 20))
    assert lg.forward_propagation(w, 0.3, x, y) == pytest.approx(textbook_cost(w, 0.3, x, y),
                                                                 rel=1e-13)


def test_cost_stays_finite_and_exact_when_predictions_saturate():
    x = np.array([[50.0, -50.0, 800.0, -800.0]])
    y = np.array([[0, 1, 0, 1]])                       # all four confidently wrong
    w = np.ones((1, 1))
    cost = lg.forward_propagation(w, 0.0, x, y)
    # Each loss is log(1 + e^|z|), which is |z| to far more digits than a float holds
    # beyond |z| = 50 (the correction log(1 + e^-50) is 2e-22).
    assert cost == pytest.approx((50 + 50 + 800 + 800) / 4, rel=1e-15)
    with np.errstate(all="ignore"):                    # the textbook formula fails here...
        assert not np.isfinite(textbook_cost(w, 0.0, x, y))    # ...which is the point


def test_cost_matches_a_50_digit_reference_in_the_saturated_regime():
    getcontext().prec = 50
    rng = np.random.default_rng(3)
    z = rng.uniform(20, 35, size=40)                   # like the first step of the real run
    y = rng.integers(0, 2, size=40).astype(float)
    reference = sum((Decimal(float(t)).exp() + 1).ln() - Decimal(float(c)) * Decimal(float(t))
                    for t, c in zip(z, y, strict=True)) / len(z)
    ours = lg.forward_propagation(np.ones((1, 1)), 0.0, z[None, :], y[None, :])
    assert abs(Decimal(ours) - reference) < Decimal("1e-14")


# --------------------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_gradients_against_central_differences(seed):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 8), rng.integers(1, 12)
    x, w, b = rng.normal(size=(n, m)), rng.normal(size=(n, 1)), float(rng.normal())
    y = rng.integers(0, 2, size=(1, m))
    _, gradients = lg.forward_backward_propagation(w, b, x, y)
    eps = 1e-6
    for j in range(n):
        step = np.zeros_like(w)
        step[j] = eps
        numerical = (lg.forward_propagation(w + step, b, x, y)
                     - lg.forward_propagation(w - step, b, x, y)) / (2 * eps)
        assert gradients["derivative_weight"][j, 0] == pytest.approx(numerical, rel=1e-6,
                                                                     abs=1e-9)
    numerical_b = (lg.forward_propagation(w, b + eps, x, y)
                   - lg.forward_propagation(w, b - eps, x, y)) / (2 * eps)
    assert gradients["derivative_bias"] == pytest.approx(numerical_b, rel=1e-6, abs=1e-9)
    assert lg.gradient_check(w, b, x, y) < 1e-6


def test_gradients_against_the_computation_graph():
    rng = np.random.default_rng(11)
    x, w, b = rng.uniform(0, 1, size=(2, 3)), rng.normal(size=(2, 1)), -0.4
    y = np.array([[1.0, 0.0, 1.0]])
    weights = [Value(w[j, 0]) for j in range(2)]
    bias = Value(b)
    cost = Value(0.0)
    for i in range(3):
        p = (weights[0] * x[0, i] + weights[1] * x[1, i] + bias).sigmoid()
        cost = cost + -(y[0, i] * p.log() + (1 - y[0, i]) * (1 - p).log()) / 3
    cost.backward()
    value, gradients = lg.forward_backward_propagation(w, b, x, y)
    assert value == pytest.approx(cost.data, rel=1e-14)
    np.testing.assert_allclose(gradients["derivative_weight"].ravel(),
                               [weight.grad for weight in weights], rtol=1e-13)
    assert gradients["derivative_bias"] == pytest.approx(bias.grad, rel=1e-13)


def test_gradient_check_flags_a_wrong_gradient(monkeypatch):
    rng = np.random.default_rng(5)
    x, w, y = rng.normal(size=(4, 9)), rng.normal(size=(4, 1)), rng.integers(0, 2, (1, 9))
    correct = lg.gradient_check(w, 0.0, x, y)
    real = lg._forward_backward

    def forgot_to_divide_by_m(w, b, x, y, want_cost=True):
        cost, dw, db = real(w, b, x, y, want_cost)
        return cost, dw * x.shape[1], db

    monkeypatch.setattr(lg, "_forward_backward", forgot_to_divide_by_m)
    assert correct < 1e-7 and lg.gradient_check(w, 0.0, x, y) > 0.5


# --------------------------------------------------------------------------------------
# Gradient descent, prediction, accuracy
# --------------------------------------------------------------------------------------


def test_one_step_computed_by_hand():
    # One feature, two examples: x = [2, -1], y = [1, 0], w = 0.5, b = 0.
    # z = [1, -0.5]; y_hat = sigmoid(z); dz = y_hat - y;
    # dw = (2 dz1 - dz2) / 2; db = (dz1 + dz2) / 2; one step with learning rate 0.1.
    x, y = np.array([[2.0, -1.0]]), np.array([[1.0, 0.0]])
    s1, s2 = 1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(0.5))
    dz1, dz2 = s1 - 1, s2 - 0
    parameters, gradients, costs = lg.update(np.array([[0.5]]), 0.0, x, y, 0.1, 1)
    assert gradients["derivative_weight"][0, 0] == pytest.approx((2 * dz1 - dz2) / 2, rel=1e-15)
    assert gradients["derivative_bias"] == pytest.approx((dz1 + dz2) / 2, rel=1e-15)
    assert parameters["weight"][0, 0] == pytest.approx(0.5 - 0.1 * (2 * dz1 - dz2) / 2)
    assert parameters["bias"] == pytest.approx(-0.1 * (dz1 + dz2) / 2)
    assert costs == [pytest.approx((-np.log(s1) - np.log(1 - s2)) / 2)]


def test_update_does_not_modify_its_inputs_and_records_every_tenth_cost(capsys):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(3, 10)), rng.integers(0, 2, size=(1, 10))
    w = np.full((3, 1), 0.01)
    _, _, costs = lg.update(w, 0.0, x, y, 0.1, 25)
    assert len(costs) == 3 and capsys.readouterr().out == ""        # iterations 0, 10, 20
    np.testing.assert_array_equal(w, 0.01)
    lg.update(w, 0.0, x, y, 0.1, 25, record_every=5, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Cost after iteration {i}"
                                                       for i in range(0, 25, 5)]


def test_predict_threshold_is_strictly_above_one_half():
    w = np.array([[1.0]])
    x = np.array([[-1e-12, 0.0, 1e-12]])               # probabilities just below, at, above 0.5
    np.testing.assert_array_equal(lg.predict(w, 0.0, x), [[0.0, 0.0, 1.0]])
    assert lg.predict(w, 0.0, x).shape == (1, 3)


def test_accuracy_in_percent():
    assert lg.accuracy(np.array([[1, 1, 0, 0]]), np.array([[1, 0, 0, 0]])) == 75.0
    with pytest.raises(ValueError, match=r"\(1, 4\) but y_true has \(4,\)"):
        lg.accuracy(np.zeros((1, 4)), np.zeros(4))


def test_a_separable_problem_reaches_100_percent():
    rng = np.random.default_rng(42)
    x = rng.normal(size=(5, 200))
    true_w = rng.normal(size=(5, 1))
    margin = (true_w.T @ x).ravel()
    keep = np.abs(margin) > 0.5                        # a clear gap between the classes
    x, y = x[:, keep], (margin[keep] > 0).astype(float)[None, :]
    result = lg.logistic_regression(x, y, x, y, learning_rate=1.0, num_iterations=2000)
    assert result["train_accuracy"] == 100.0
    assert result["costs"][-1] < result["costs"][0] / 10


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------


@pytest.fixture
def problem():
    rng = np.random.default_rng(1)
    return np.full((6, 1), 0.01), 0.0, rng.uniform(size=(6, 8)), rng.integers(0, 2, size=(1, 8))


def test_x_must_be_2d(problem):
    w, b, x, y = problem
    with pytest.raises(ValueError, match=r"x has shape \(8, 2, 3\); expected 2-D .* Flatten"):
        lg.forward_propagation(w, b, x.T.reshape(8, 2, 3), y)


def test_swapped_x_says_transpose(problem):
    w, b, x, y = problem
    with pytest.raises(ValueError, match="Did you forget to transpose"):
        lg.update(w, b, x.T, y, 0.1, 5)


def test_w_of_the_wrong_length(problem):
    _, b, x, y = problem
    with pytest.raises(ValueError, match=r"w has shape \(5, 1\); expected \(6, 1\)"):
        lg.forward_propagation(np.zeros((5, 1)), b, x, y)


@pytest.mark.parametrize(("labels", "message"), [
    (lambda y: y.ravel(), r"y has shape \(8,\); expected \(1, 8\).*reshape"),
    (lambda y: y.T, r"y has shape \(8, 1\).*transpose"),
    (lambda y: y * 2, "only 0 and 1"),
])
def test_bad_labels(problem, labels, message):
    w, b, x, y = problem
    with pytest.raises(ValueError, match=message):
        lg.forward_backward_propagation(w, b, x, labels(y))


def test_non_finite_values(problem):
    w, b, x, y = problem
    x[2, 3] = np.nan
    with pytest.raises(ValueError, match="x contains nan or inf"):
        lg.forward_propagation(w, b, x, y)
    with pytest.raises(ValueError, match="learning rate that is too large"):
        lg.predict(np.full((6, 1), np.inf), b, np.ones((6, 2)))


@pytest.mark.parametrize(("learning_rate", "iterations"), [(0.0, 10), (-0.1, 10), (np.nan, 10),
                                                           (0.1, 0), (0.1, -3), (0.1, 2.5)])
def test_non_positive_learning_rate_or_iterations(problem, learning_rate, iterations):
    w, b, x, y = problem
    with pytest.raises(ValueError, match="must be a (positive|finite)"):
        lg.update(w, b, x, y, learning_rate, iterations)


def test_bad_dimension():
    with pytest.raises(ValueError, match="positive whole number"):
        lg.initialize_weights_and_bias(0)


# --------------------------------------------------------------------------------------
# The original tutorial's run, on the real data (never skipped in CI)
# --------------------------------------------------------------------------------------


def test_the_original_run_is_reproduced_exactly(real_arrays):
    x_train, x_test, y_train, y_test = data.train_test_arrays(*data.zero_one_subset(*real_arrays))
    result = lg.logistic_regression(x_train, y_train, x_test, y_test, learning_rate=0.01,
                                    num_iterations=150)
    # The original tutorial's published accuracies, to every printed digit.
    assert result["train_accuracy"] == 92.816091954023
    assert result["test_accuracy"] == 93.54838709677419
    assert abs(result["costs"][0] - 14.014) < 0.005
    assert len(result["costs"]) == 15 and result["costs"][-1] < 0.2


# --------------------------------------------------------------------------------------
# The L2 penalty, Nesterov momentum and the callback (used by notebook 05)
# --------------------------------------------------------------------------------------


def test_l2_cost_and_gradient_against_central_differences():
    rng = np.random.default_rng(21)
    x, w, y = rng.normal(size=(4, 15)), rng.normal(size=(4, 1)), rng.integers(0, 2, (1, 15))
    l2, eps = 0.3, 1e-6
    cost, gradients = lg.forward_backward_propagation(w, 0.2, x, y, l2=l2)
    assert cost == pytest.approx(lg.forward_propagation(w, 0.2, x, y) + l2 / 2 * np.sum(w**2))
    for j in range(4):
        step = np.zeros_like(w)
        step[j] = eps
        numerical = (lg.forward_backward_propagation(w + step, 0.2, x, y, l2=l2)[0]
                     - lg.forward_backward_propagation(w - step, 0.2, x, y, l2=l2)[0]) / (2 * eps)
        assert gradients["derivative_weight"][j, 0] == pytest.approx(numerical, rel=1e-6)
    _, plain = lg.forward_backward_propagation(w, 0.2, x, y)
    assert gradients["derivative_bias"] == plain["derivative_bias"]      # b is not penalised


def test_default_update_is_the_plain_loop():
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(3, 12)), rng.integers(0, 2, (1, 12)).astype(float)
    w, b = np.full((3, 1), 0.01), 0.0
    for _ in range(30):
        _, gradients = lg.forward_backward_propagation(w, b, x, y)
        w = w - 0.5 * gradients["derivative_weight"]
        b = b - 0.5 * gradients["derivative_bias"]
    parameters, _, _ = lg.update(np.full((3, 1), 0.01), 0.0, x, y, 0.5, 30)
    np.testing.assert_array_equal(parameters["weight"], w)
    assert parameters["bias"] == b


def test_nesterov_is_much_faster_on_an_ill_conditioned_problem():
    rng = np.random.default_rng(3)
    # Features on very different scales give a long, narrow valley.
    x = rng.normal(size=(2, 200)) * np.array([[10.0], [0.1]])
    y = (rng.uniform(size=(1, 200)) < lg.sigmoid(0.3 * x[0:1] + 8 * x[1:2])).astype(float)
    rate = 1 / (0.25 * np.linalg.eigvalsh(x @ x.T / 200)[-1] + 0.01)
    exact, _, _ = lg.update(np.zeros((2, 1)), 0.0, x, y, rate, 50_000, l2=0.01, nesterov=True)
    errors = {}
    for nesterov in (False, True):
        found, _, _ = lg.update(np.zeros((2, 1)), 0.0, x, y, rate, 500, l2=0.01,
                                nesterov=nesterov)
        errors[nesterov] = np.linalg.norm(found["weight"] - exact["weight"])
    assert errors[True] < errors[False] / 10


def test_callback_sees_the_parameters_before_each_recorded_step():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(2, 6)), rng.integers(0, 2, (1, 6))
    seen = []
    lg.update(np.zeros((2, 1)), 0.0, x, y, 0.1, 7, record_every=3,
              callback=lambda i, w, b: seen.append((i, w.copy(), b)))
    assert [i for i, _, _ in seen] == [0, 3, 6]
    np.testing.assert_array_equal(seen[0][1], 0.0)
    after_three, _, _ = lg.update(np.zeros((2, 1)), 0.0, x, y, 0.1, 3)
    np.testing.assert_allclose(seen[1][1], after_three["weight"], rtol=1e-15)


@pytest.mark.parametrize("l2", [-0.1, np.inf, "0.1", True])
def test_bad_l2(l2):
    with pytest.raises(ValueError, match="l2 must be a number >= 0"):
        lg.update(np.zeros((1, 1)), 0.0, np.ones((1, 2)), np.array([[0, 1]]), 0.1, 2, l2=l2)


@pytest.mark.parametrize(("y_pred", "message"), [
    (np.array([[0.9, 0.2, 0.6]]), "Did you pass probabilities"),
    (np.array([[5.0, 0.0, 1.0]]), "must hold only 0 and 1, but holds \\[5.0\\]"),
    (np.array([[np.nan, 0.0, 1.0]]), "must hold only 0 and 1"),
])
def test_accuracy_refuses_anything_but_zeros_and_ones(y_pred, message):
    with pytest.raises(ValueError, match=message):
        lg.accuracy(y_pred, np.array([[1.0, 0.0, 1.0]]))


def test_accuracy_refuses_empty_input():
    with pytest.raises(ValueError, match="nothing to score"):
        lg.accuracy(np.zeros((1, 0)), np.zeros((1, 0)))


# --------------------------------------------------------------------------------------
# Arguments that are numbers of the wrong kind, and arithmetic that leaves float64's range
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda w, b, x, y: lg.update(w, b, x[:, :0], y[:, :0], 0.1, 5), ValueError,
     r"x has shape \(6, 0\): no examples"),
    (lambda w, b, x, y: lg.forward_backward_propagation(w[:0], b, x[:0], y), ValueError,
     r"x has shape \(0, 8\): no features"),
    (lambda w, b, x, y: lg.update(w, b, x, y, True, 5), TypeError,
     "learning_rate must be a real number .* got True of type bool"),
    (lambda w, b, x, y: lg.update(w, b, x, y, 0.1, True), ValueError,
     "num_iterations must be a positive whole number, got True"),
    (lambda w, b, x, y: lg.update(w, b, x, y, 0.1, 5, record_every=True), ValueError,
     "record_every must be a positive whole number"),
    (lambda w, b, x, y: lg.update(w, "0.5", x, y, 0.1, 5), TypeError,
     "b must be a real number .* got '0.5' of type str"),
    (lambda w, b, x, y: lg.update(w, None, x, y, 0.1, 5), TypeError,
     "b must be a real number .* got None"),
    (lambda w, b, x, y: lg.update(w, np.nan, x, y, 0.1, 5), ValueError,
     "b must be a finite number, got nan"),
    (lambda w, b, x, y: lg.update(w, b, x.astype(str), y, 0.1, 5), TypeError,
     "x must hold real numbers, but it holds strings"),
    (lambda w, b, x, y: lg.update(w, b, x + 1j, y, 0.1, 5), TypeError,
     "x must hold real numbers, but it holds complex numbers"),
    (lambda w, b, x, y: lg.forward_propagation(w + 0j, b, x, y), TypeError,
     "w must hold real numbers"),
    (lambda w, b, x, y: lg.forward_propagation(w, b, x, y.astype(object)), TypeError,
     "y must hold real numbers, but it holds Python objects"),
    (lambda w, b, x, y: lg.gradient_check(w, b, x, y, eps=0), ValueError,
     "eps must be a small positive step"),
    (lambda w, b, x, y: lg.gradient_check(w, b, x, y, eps=np.nan), ValueError,
     "eps must be a finite number"),
])
def test_arguments_of_the_wrong_kind_are_named(problem, call, error, message):
    with pytest.raises(error, match=message):
        call(*problem)


@pytest.mark.parametrize(("dimension", "value", "message"), [
    (True, 0.01, "dimension must be a positive whole number, got True"),
    (3, np.nan, "value must be a finite number, got nan"),
    (3, "0.01", "value must be a real number"),
])
def test_bad_initial_values(dimension, value, message):
    with pytest.raises((ValueError, TypeError), match=message):
        lg.initialize_weights_and_bias(dimension, value)


@pytest.mark.parametrize("learning_rate", [np.float32(0.5), Fraction(1, 2), np.int64(1)])
def test_any_real_learning_rate_gives_float64_parameters(problem, learning_rate):
    w, b, x, y = problem
    parameters, _, _ = lg.update(w, b, x, y, learning_rate, 3)
    reference, _, _ = lg.update(w, b, x, y, float(learning_rate), 3)
    assert type(parameters["bias"]) is float
    assert parameters["weight"].dtype == np.float64
    assert parameters["bias"] == reference["bias"]


def test_divergence_is_reported_not_turned_into_nan(problem):
    w, b, x, y = problem
    # Inputs near float64's largest value: the very first product overflows. numpy would
    # warn and carry inf and nan into the weights; the helpers say what went wrong instead.
    with pytest.raises(ValueError, match="Gradient descent at iteration [01] went beyond the "
                                         "range of a float64.*learning rate is too large"):
        lg.update(w, b, x * 1e307, y, 0.1, 5)
    # A huge learning rate: each step moves w by about 1e307, so within a few steps w or
    # w.T @ x passes float64's largest value, about 1.8e308.
    with pytest.raises(ValueError, match="Gradient descent at iteration [0-9]+ went beyond"):
        lg.update(w, b, x, y, 1e308, 20)
    with pytest.raises(ValueError, match="The cost went beyond the range"):
        lg.forward_propagation(np.ones((6, 1)), b, x * 1e308, y)    # six terms near 1e308
    with pytest.raises(ValueError, match=r"w.T @ x \+ b went beyond"):
        lg.predict(np.full((6, 1), 1e300), b, x * 1e300)


def test_gradient_check_of_a_zero_gradient_is_zero():
    # x = 0 and a balanced y make both gradients exactly 0; the relative difference is
    # then 0 / 0, which the helper defines as agreement rather than returning nan.
    x, y = np.zeros((2, 2)), np.array([[0, 1]])
    assert lg.gradient_check(np.zeros((2, 1)), 0.0, x, y) == 0.0


def test_more_inputs_that_are_named_not_crashes(problem):
    w, b, x, y = problem
    with pytest.raises(ValueError, match="learning_rate must be a finite number"):
        lg.update(w, b, x, y, 10**400, 5)
    with pytest.raises(ValueError, match="x could not be made into an array: every row must"):
        lg.forward_propagation(w, b, [[0.0, 1.0, 2.0], [3.0]], y)
    with pytest.raises(ValueError, match=r"x_train has shape \(0, 4\): no features"):
        lg.logistic_regression(np.zeros((0, 4)), y[:, :4], np.zeros((0, 4)), y[:, :4], 0.1, 5)
    with pytest.raises(ValueError, match="x_train has shape"):
        lg.logistic_regression(3.0, y, x, y, 0.1, 5)
    with pytest.raises(TypeError, match="callback must be a function"):
        lg.update(w, b, x, y, 0.1, 5, callback=3)
    with pytest.raises(TypeError, match="z must hold real numbers, but it holds strings"):
        lg.sigmoid("a")
    with pytest.raises(TypeError, match="z must hold real numbers, but it holds Python objects"):
        lg.sigmoid(None)
    with pytest.raises(ValueError, match="eps = 1e-20 is too small to change the parameters"):
        lg.gradient_check(w, b, x, y, eps=1e-20)


@pytest.mark.parametrize(("y_pred", "y_true", "error", "message"), [
    (np.eye(10)[[0, 1]], np.eye(10)[[0, 2]], ValueError, "For one-hot rows"),
    ([["a", "b"]], [[0, 1]], TypeError, "y_pred must hold real numbers, but it holds strings"),
    ([["0", "1"]], [[0, 1]], TypeError, "holds strings"),
    ([[0j, 1]], [[0, 1]], TypeError, "holds complex numbers"),
])
def test_accuracy_refuses_one_hot_rows_and_non_numbers(y_pred, y_true, error, message):
    with pytest.raises(error, match=message):
        lg.accuracy(y_pred, y_true)


def test_overflow_outside_training_does_not_blame_the_learning_rate(problem):
    w, b, x, y = problem
    with pytest.raises(ValueError, match="The cost went beyond") as caught:
        lg.forward_propagation(np.ones((6, 1)), b, x * 1e308, y)
    assert "learning rate" not in str(caught.value)
    assert "scale the inputs" in str(caught.value)

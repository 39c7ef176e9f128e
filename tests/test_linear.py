"""helpers.linear against numpy's and scikit-learn's least squares, the data, bad input."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression as SklearnLinearRegression
from sklearn.metrics import r2_score

from helpers import linear

from .conftest import REPO


@pytest.mark.parametrize("seed", range(8))
def test_fit_line_matches_polyfit(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 200))
    x = rng.uniform(-50, 50, n)
    y = rng.normal(3, 2) * x + rng.normal(0, 10) + rng.normal(0, 5, n)
    slope, intercept = linear.fit_line(x, y)
    reference_slope, reference_intercept = np.polyfit(x, y, 1)
    assert slope == pytest.approx(reference_slope, rel=1e-10, abs=1e-12)
    assert intercept == pytest.approx(reference_intercept, rel=1e-10, abs=1e-10)


@pytest.mark.parametrize(("n", "d"), [(3, 1), (10, 2), (50, 5), (200, 10), (1000, 30)])
def test_normal_equations_match_lstsq_and_scikit_learn(n, d):
    rng = np.random.default_rng(n * d)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 2.0 + rng.normal(0, 0.1, n)
    design = linear.add_bias_column(X)
    ours = linear.fit_normal_equations(design, y)
    reference, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-8)

    model = linear.LinearRegression().fit(X, y)
    theirs = SklearnLinearRegression().fit(X, y)
    np.testing.assert_allclose(model.coef_, theirs.coef_, rtol=0, atol=1e-8)
    assert model.intercept_ == pytest.approx(theirs.intercept_, abs=1e-8)
    np.testing.assert_allclose(model.predict(X), theirs.predict(X), rtol=0, atol=1e-8)
    assert model.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-10)


def test_the_class_follows_scikit_learn_conventions():
    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 3.0, 5.0])
    model = linear.LinearRegression()
    assert model.fit(X, y) is model
    assert model.n_features_in_ == 1 and isinstance(model.intercept_, float)
    assert model.coef_.shape == (1,) and model.predict(X).shape == (3,)
    assert repr(model) == "LinearRegression()"


@pytest.mark.parametrize("seed", range(5))
def test_r_squared_matches_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=30)
    for y_hat in (y + rng.normal(0, 0.3, 30), np.full(30, y.mean()), -y, rng.normal(size=30)):
        assert linear.r_squared(y, y_hat) == pytest.approx(r2_score(y, y_hat), abs=1e-12)
    assert linear.r_squared(y, -y) < 0            # worse than predicting the mean


def test_gradient_descent_converges_to_the_closed_form():
    data = np.loadtxt(REPO / "data" / "data_2d.csv", delimiter=",", skiprows=1)
    X, y = linear.add_bias_column(data[:, :2]), data[:, 2]
    exact = linear.fit_normal_equations(X, y)
    w, costs = linear.gradient_descent(X, y, learning_rate=0.01, num_iterations=6000)
    np.testing.assert_allclose(w, exact, rtol=0, atol=1e-6)
    # Below the stable limit every step lowers a quadratic cost. Near the minimum the true
    # decrease drops below rounding: each cost is a mean of 100 rounded squares, good to a
    # few units in the last place (here up to 3 x 4.4e-16), hence a relative slack of 1e-14.
    assert len(costs) == 6001
    assert all(b <= a * (1 + 1e-14) for a, b in zip(costs, costs[1:], strict=False))
    assert costs[-1] == pytest.approx(linear.mean_squared_error(X, y, exact), rel=1e-12)


def test_the_stable_limit_is_where_gradient_descent_stops_converging():
    X = linear.add_bias_column(np.random.default_rng(0).uniform(0, 10, size=(40, 2)))
    y = X @ np.array([1.0, 2.0, -1.0])
    limit = linear.stable_learning_rate_limit(X)
    _, costs = linear.gradient_descent(X, y, 0.98 * limit, 300)
    assert costs[-1] < costs[0]
    with pytest.raises(ValueError, match="would diverge"):
        linear.gradient_descent(X, y, 1.01 * limit, 300)


# --------------------------------------------------------------------------------------
# The example data
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(linear.EXAMPLE_DATA))
def test_the_generator_reproduces_the_committed_csv_byte_for_byte(name, tmp_path):
    committed = (REPO / "data" / name).read_bytes()
    assert linear.make_example(name).encode("ascii") == committed
    result = subprocess.run([sys.executable, "-m", "helpers.linear", "--make-data",
                             "--folder", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_bytes() == committed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(linear.EXAMPLE_DATA)


@pytest.mark.parametrize("name", sorted(linear.EXAMPLE_DATA))
def test_the_example_data_recovers_its_true_coefficients(name):
    spec = linear.EXAMPLE_DATA[name]
    data = np.loadtxt(REPO / "data" / name, delimiter=",", skiprows=1)
    assert data.shape == (spec["n"], len(spec["columns"]) + 1)
    model = linear.LinearRegression().fit(data[:, :-1], data[:, -1])
    # 100 points with this noise pin each coefficient down to within a few tenths.
    np.testing.assert_allclose(model.coef_, spec["coefficients"], atol=0.2)
    assert model.intercept_ == pytest.approx(spec["intercept"], abs=1.0)


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------


def test_fit_line_bad_input():
    with pytest.raises(ValueError, match=r"shape \(3, 1\); expected a 1-D .*x\.ravel\(\)"):
        linear.fit_line(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="x has 3 rows but y has 2"):
        linear.fit_line(np.arange(3.0), np.arange(2.0))
    with pytest.raises(ValueError, match="all x values are equal"):
        linear.fit_line(np.ones(4), np.arange(4.0))
    with pytest.raises(ValueError, match="at least 2 points"):
        linear.fit_line([1.0], [2.0])
    with pytest.raises(ValueError, match="nan or inf"):
        linear.fit_line([1.0, np.nan, 3.0], [1.0, 2.0, 3.0])


def test_r_squared_of_a_constant_target_is_an_error():
    with pytest.raises(ValueError, match="y is constant"):
        linear.r_squared(np.full(5, 2.0), np.arange(5.0))


@pytest.mark.parametrize(("X", "message"), [
    (np.arange(4.0), r"expected 2-D .*X\.reshape\(-1, 1\)"),
    (np.zeros((2, 2, 2)), "expected 2-D"),
    (np.array([[1.0, np.inf]]), "nan or inf"),
])
def test_matrix_inputs_must_be_2d_and_finite(X, message):
    with pytest.raises(ValueError, match=message):
        linear.add_bias_column(X)


def test_singular_design_matrices_say_why():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(20, 2))
    duplicated = np.column_stack([base, base[:, 0]])
    with pytest.raises(ValueError, match="rank 3 but 4 columns.*copy, a multiple or a sum"):
        linear.fit_normal_equations(linear.add_bias_column(duplicated), rng.normal(size=20))
    constant = np.column_stack([base, np.full(20, 5.0)])
    with pytest.raises(ValueError, match="more than one constant column"):
        linear.fit_normal_equations(linear.add_bias_column(constant), rng.normal(size=20))
    with pytest.raises(ValueError, match=r"fewer rows \(2\) than columns \(4\)"):
        linear.LinearRegression().fit(rng.normal(size=(2, 3)), rng.normal(size=2))


def test_estimator_bad_input():
    model = linear.LinearRegression()
    with pytest.raises(ValueError, match="not fitted yet"):
        model.predict(np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        model.fit(np.arange(5.0), np.arange(5.0))
    with pytest.raises(ValueError, match="X has 5 rows but y has 4"):
        model.fit(np.zeros((5, 1)), np.zeros(4))
    model.fit(np.arange(10.0).reshape(5, 2) ** 1.5, np.arange(5.0))
    with pytest.raises(ValueError, match="X has 3 features, but the model was fitted with 2"):
        model.predict(np.zeros((1, 3)))


@pytest.mark.parametrize(("rate", "iterations"), [(0.0, 10), (-1.0, 10), (0.01, 0), (0.01, 1.5)])
def test_gradient_descent_bad_schedule(rate, iterations):
    with pytest.raises(ValueError, match="must be a positive"):
        linear.gradient_descent(np.ones((3, 1)), np.ones(3), rate, iterations)


# --------------------------------------------------------------------------------------
# Extreme scales, near-dependence and inputs that are not numbers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e150, 1.0])
def test_fit_line_and_r_squared_work_at_any_scale(scale):
    # The same data in other units: the slope is unchanged (x and y scale together), the
    # intercept and r-squared follow exactly. Squares of 1e200 overflow and of 1e-200
    # round to 0, so unscaled arithmetic fails at both ends.
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 40)
    y = 2.0 * x + 1.0 + rng.normal(0, 0.5, 40)
    slope, intercept = linear.fit_line(x, y)
    big_slope, big_intercept = linear.fit_line(x * scale, y * scale)
    assert big_slope == pytest.approx(slope, rel=1e-12)
    assert big_intercept == pytest.approx(intercept * scale, rel=1e-12)
    assert linear.r_squared(y * scale, (slope * x + intercept) * scale) == pytest.approx(
        linear.r_squared(y, slope * x + intercept), rel=1e-12)


def test_scaling_changes_no_digit_of_ordinary_results():
    # Dividing by powers of two is exact, so ordinary data gives the textbook formulas'
    # results bit for bit (the committed notebook outputs rely on it).
    rng = np.random.default_rng(6)
    x, y = rng.uniform(-3, 7, 25), rng.normal(size=25)
    dx = x - x.mean()
    slope = dx @ (y - y.mean()) / (dx @ dx)
    assert linear.fit_line(x, y) == (slope, y.mean() - slope * x.mean())
    y_hat = y + rng.normal(0, 0.3, 25)
    expected = 1 - np.sum((y - y_hat) ** 2) / np.sum((y - y.mean()) ** 2)
    assert linear.r_squared(y, y_hat) == expected


def test_fit_line_says_when_the_answer_is_beyond_float64():
    with pytest.raises(ValueError, match="beyond the range of a float64"):
        linear.fit_line(np.arange(5.0) * 1e-200, np.arange(5.0) * 1e200)


def test_r_squared_of_hopeless_predictions_is_an_error_not_minus_infinity():
    y = np.arange(5.0)
    with pytest.raises(ValueError, match="below -1e300.*same units"):
        linear.r_squared(y, y * 1e200)


def test_badly_scaled_columns_are_rescaled_not_called_copies():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 2)) * [1e-20, 1e20]
    y = X @ [3e20, 2e-20] + 1.0 + rng.normal(0, 0.1, 40)
    design = linear.add_bias_column(X)
    ours = linear.fit_normal_equations(design, y)
    # Columns scaled to comparable sizes by hand: an ordinary, well-conditioned problem.
    unit = design / [1.0, 1e-20, 1e20]
    reference = np.linalg.lstsq(unit, y, rcond=None)[0] / [1.0, 1e-20, 1e20]
    np.testing.assert_allclose(ours, reference, rtol=1e-9)


def test_nearly_dependent_columns_warn_and_use_lstsq():
    # A third column equal to the first plus 1e-9 noise: condition number about 1e9, so X^T X
    # has about 1e18 and solve would keep no digit; lstsq on X keeps about seven.
    rng = np.random.default_rng(8)
    X = rng.normal(size=(50, 2))
    X = np.column_stack([X, X[:, 0] + 1e-9 * rng.normal(size=50)])
    y = X @ [1.0, 2.0, 3.0] + rng.normal(0, 0.1, 50)
    with pytest.warns(UserWarning, match=r"ill-conditioned: its condition number is [0-9.]+e\+09"
                                         ".*keep none of float64's 16 digits.*lstsq"):
        ours = linear.fit_normal_equations(X, y)
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(X @ ours, X @ reference, rtol=0, atol=1e-6)


@pytest.mark.parametrize(("X", "error", "message"), [
    (np.zeros((0, 2)), ValueError, r"shape \(0, 2\): no samples"),
    (np.zeros((3, 0)), ValueError, r"shape \(3, 0\): no features"),
    ([[1.0, 2.0], [3.0]], ValueError, "every row must have the same number of values"),
    ([["1.5", "2"], ["3", "4"]], TypeError, "X must hold real numbers, but it holds strings "
                                            r"\(the first is '1.5'\)"),
    (np.ones((2, 2)) + 1j, TypeError, "holds complex numbers"),
])
def test_matrices_that_are_not_numbers_are_named(X, error, message):
    with pytest.raises(error, match=message):
        linear.add_bias_column(X)


def test_all_zero_columns_are_named():
    with pytest.raises(ValueError, match=r"rank 1 but 3 columns.*all zero \(\[1, 2\]\)"):
        linear.fit_normal_equations(linear.add_bias_column(np.zeros((5, 2))), np.ones(5))


def test_empty_or_textual_vectors():
    with pytest.raises(ValueError, match="x is empty"):
        linear.fit_line([], [])
    with pytest.raises(TypeError, match="y must hold real numbers, but it holds strings"):
        linear.fit_line([1.0, 2.0], ["a", "b"])


@pytest.mark.parametrize(("rate", "iterations"), [(True, 10), (0.01, True)])
def test_gradient_descent_refuses_bools(rate, iterations):
    with pytest.raises(ValueError, match="must be a positive"):
        linear.gradient_descent(np.ones((3, 1)), np.ones(3), rate, iterations)


def test_unknown_example_name():
    with pytest.raises(ValueError, match="no example data called 'data_3d.csv'; the examples "
                                         "are data_1d.csv, data_2d.csv"):
        linear.make_example("data_3d.csv")


def test_write_examples_creates_a_missing_folder(tmp_path):
    written = linear.write_examples(tmp_path / "new" / "folder")
    assert [path.read_text() for path in written] == [linear.make_example(path.name)
                                                      for path in written]
    assert sorted(p.name for p in (tmp_path / "new" / "folder").iterdir()) == sorted(
        linear.EXAMPLE_DATA)


def test_write_examples_into_a_file_is_a_clear_error(tmp_path, capsys):
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder")
    assert linear.main(["--make-data", "--folder", str(in_the_way)]) == 1
    error = capsys.readouterr().err
    assert "is a file, not a folder" in error and ".." not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]       # nothing half-written


@pytest.mark.parametrize(("X", "y", "expected"), [
    # Every column equally huge or tiny: cond(X) = 1, but X^T X would overflow or underflow.
    (np.diag([8e307, 8e307]), [1.0, 2.0], [1.25e-308, 2.5e-308]),
    ([[1e155], [2e155], [3e155]], [1.0, 2.0, 3.0], [1e-155]),
    ([[1e-170], [2e-170], [3e-170]], [1.0, 2.0, 3.0], [1e170]),
])
def test_normal_equations_at_extreme_sizes(X, y, expected):
    np.testing.assert_allclose(linear.fit_normal_equations(X, y), expected, rtol=1e-12)


def test_weights_beyond_float64_are_an_error_not_inf():
    with pytest.raises(ValueError, match="some weights are beyond the range of a float64"):
        linear.LinearRegression().fit([[1e-200], [2e-200], [3e-200]], [1e200, 2e200, 3.1e200])


@pytest.mark.parametrize(("x", "y"), [([1e308, -1e308], [0.0, 1.0]), ([0.0, 1.0], [0.0, 1e308]),
                                      ([1.7e308, 1.6e308, 1.5e308], [1.0, 2.0, 3.0])])
def test_fit_line_near_the_largest_float(x, y):
    # The exact least-squares line through these points, computed with fractions.
    xs, ys = [Fraction(v) for v in x], [Fraction(v) for v in y]
    x_mean, y_mean = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = (sum((a - x_mean) * (b - y_mean) for a, b in zip(xs, ys, strict=True))
             / sum((a - x_mean) ** 2 for a in xs))
    ours = linear.fit_line(x, y)
    assert ours[0] == pytest.approx(float(slope), rel=1e-12)
    assert ours[1] == pytest.approx(float(y_mean - slope * x_mean), rel=1e-12, abs=1e-300)


def test_r_squared_near_the_largest_float():
    y = np.array([5e307, 1e308, 1.5e308])
    assert linear.r_squared(y, y[::-1]) == pytest.approx(-3.0, rel=1e-12)
    assert linear.r_squared([1e308, 0.0, -1e308], [1e308, 0.0, -1e308]) == 1.0


@pytest.mark.parametrize("values", [None, [Fraction(1), Fraction(2)], [10**400, 1]])
def test_python_objects_are_named_not_a_crash(values):
    with pytest.raises(TypeError, match="x must hold real numbers, but it holds Python objects"):
        linear.fit_line(values, [1.0, 2.0])


def test_gradient_descent_and_its_helpers_at_extreme_sizes():
    design = linear.add_bias_column([[0.0], [1.0], [2.0]])
    with pytest.raises(ValueError, match="went beyond the range of a float64"):
        linear.gradient_descent(design, np.array([1.0, 2.0, 3.0]) * 1e200, 0.1, 5)
    with pytest.raises(ValueError, match="so large that no learning rate is small enough"):
        linear.gradient_descent(design * 1e200, [1.0, 2.0, 3.0], 1e-300, 5)
    with pytest.raises(ValueError, match="X is all zero"):
        linear.stable_learning_rate_limit(np.zeros((3, 2)))
    assert linear.stable_learning_rate_limit(np.full((3, 1), 1e-170)) == math.inf
    # Scaling X by 2**k scales the limit by 4**-k exactly.
    assert linear.stable_learning_rate_limit(design * 2.0**100) == \
        linear.stable_learning_rate_limit(design) * 2.0**-200
    with pytest.raises(ValueError, match="The mean squared error went beyond"):
        linear.mean_squared_error(np.eye(2), [1e200, 0.0], [-1e200, 0.0])
    with pytest.raises(ValueError, match=r"learning_rate must be a positive number, got 10+\.\.\."):
        linear.gradient_descent(np.ones((3, 1)), np.ones(3), 10**400, 5)


@pytest.mark.parametrize("folder", ["", None, 3])
def test_write_examples_needs_a_folder(folder):
    with pytest.raises(ValueError, match="folder must name a folder"):
        linear.write_examples(folder)


def test_example_names_must_be_strings():
    with pytest.raises(ValueError, match=r"no example data called \['x'\]"):
        linear.make_example(["x"])

"""Our models against scikit-learn's on the real data (notebook 05's claims)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression as SklearnLinearRegression
from sklearn.linear_model import LogisticRegression

from helpers import data, linear
from helpers import logistic as lg

from .conftest import REPO


@pytest.fixture(scope="module")
def split(real_arrays):
    return data.train_test_arrays(*data.zero_one_subset(*real_arrays))


def test_scikit_learn_reproduces_the_original_tutorials_scores(split):
    x_train, x_test, y_train, y_test = split
    model = LogisticRegression(random_state=42, max_iter=150).fit(x_train.T, y_train.ravel())
    # The tutorial printed test accuracy 0.967741935483871 and train accuracy 1.0.
    assert model.score(x_test.T, y_test.ravel()) == 60 / 62
    assert model.score(x_train.T, y_train.ravel()) == 1.0
    assert model.n_iter_[0] < 150                    # stops at its tolerance, not at max_iter


def test_too_few_iterations_give_a_convergence_warning(split):
    x_train, _, y_train, _ = split
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(max_iter=20).fit(x_train.T, y_train.ravel())


def test_our_l2_matched_model_agrees_with_scikit_learn_at_c_1(split):
    x_train, x_test, y_train, y_test = split
    m = x_train.shape[1]
    reference = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(x_train.T,
                                                                          y_train.ravel())
    with_bias = np.vstack([x_train.astype(np.float64), np.ones((1, m))])
    largest_curvature = 0.25 * np.linalg.eigvalsh(with_bias.T @ with_bias / m)[-1] + 1 / m
    parameters, _, _ = lg.update(np.zeros((x_train.shape[0], 1)), 0.0, x_train, y_train,
                                 learning_rate=1 / largest_curvature, num_iterations=20_000,
                                 l2=1 / m, nesterov=True)
    ours = lg.predict(parameters["weight"], parameters["bias"], x_test).ravel()
    np.testing.assert_array_equal(ours, reference.predict(x_test.T))
    # Measured: 0.9996 % after 20,000 Nesterov steps (notebook 05); bounded at 1.5 %.
    difference = (np.linalg.norm(parameters["weight"].ravel() - reference.coef_.ravel())
                  / np.linalg.norm(reference.coef_))
    assert difference < 0.015


@pytest.mark.parametrize("name", sorted(linear.EXAMPLE_DATA))
def test_linear_models_agree_on_the_notebook_04_data(name):
    table = np.loadtxt(REPO / "data" / name, delimiter=",", skiprows=1)
    X, y = table[:, :-1], table[:, -1]
    ours, theirs = linear.LinearRegression().fit(X, y), SklearnLinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-10)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, abs=1e-10)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-12)


def test_linear_models_agree_on_the_diabetes_data():
    X, y = load_diabetes(return_X_y=True)
    for columns in ([2], list(range(10))):
        ours = linear.LinearRegression().fit(X[:, columns], y)
        theirs = SklearnLinearRegression().fit(X[:, columns], y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9)
        assert ours.score(X[:, columns], y) == pytest.approx(theirs.score(X[:, columns], y),
                                                             abs=1e-12)

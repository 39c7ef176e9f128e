"""helpers.network: gradients against central differences, the exact cost, training, bad input."""

from __future__ import annotations

from decimal import Decimal, getcontext

import numpy as np
import pytest

from helpers import network as nn


def random_problem(seed: int, n_x: int, n_h: int, n_y: int, m: int):
    rng = np.random.default_rng(seed)
    parameters = nn.initialize_parameters(n_x, n_h, n_y, scale=1.0, seed=seed)
    parameters["bias1"] = rng.normal(size=(n_h, 1))
    parameters["bias2"] = rng.normal(size=(n_y, 1))
    x = rng.normal(size=(n_x, m))
    y = rng.integers(0, 2, size=(n_y, m)).astype(float)
    return parameters, x, y


@pytest.mark.parametrize(("seed", "n_x", "n_h", "n_y", "m"), [
    (0, 2, 3, 1, 5), (1, 4, 1, 1, 7), (2, 5, 6, 1, 3), (3, 3, 4, 2, 6), (4, 8, 3, 1, 10),
    (5, 1, 5, 3, 4)])
def test_backward_matches_central_differences(seed, n_x, n_h, n_y, m):
    parameters, x, y = random_problem(seed, n_x, n_h, n_y, m)
    grads = nn.backward_propagation(parameters, nn.forward_propagation(x, parameters)[1], x, y)
    for name in nn.PARAMETER_NAMES:
        assert grads[f"d{name}"].shape == parameters[name].shape
    assert nn.gradient_check(parameters, x, y) < 1e-7
    # The same check written out for one weight, independently of gradient_check's loop.
    step = 1e-6
    plus = {k: v.copy() for k, v in parameters.items()}
    minus = {k: v.copy() for k, v in parameters.items()}
    plus["weight1"][0, 0] += step
    minus["weight1"][0, 0] -= step
    numerical = (nn.compute_cost(nn.forward_propagation(x, plus)[1], y)
                 - nn.compute_cost(nn.forward_propagation(x, minus)[1], y)) / (2 * step)
    assert grads["dweight1"][0, 0] == pytest.approx(numerical, rel=1e-6, abs=1e-9)


def test_a_wrong_gradient_is_caught_by_the_check(monkeypatch):
    parameters, x, y = random_problem(7, 3, 4, 1, 6)
    real_backward = nn._backward

    def off_by_a_factor(parameters, cache, x, y):
        grads = real_backward(parameters, cache, x, y)
        return {**grads, "dweight1": grads["dweight1"] * 1.01}

    monkeypatch.setattr(nn, "_backward", off_by_a_factor)
    assert nn.gradient_check(parameters, x, y) > 1e-4


@pytest.mark.parametrize("z", [-745.0, -60.0, -40.0, 40.0, 60.0, 745.0])
def test_the_cost_is_exact_far_from_zero(z):
    # log(1 + e^z) - y z for y = 1 and y = 0, in 50-digit decimal arithmetic as reference.
    getcontext().prec = 50
    soft_plus = (1 + Decimal(z).exp()).ln()
    for label in (0.0, 1.0):
        exact = float(soft_plus - Decimal(label) * Decimal(z))
        cache = {"Z1": None, "A1": None, "Z2": np.array([[z]]), "A2": None}
        assert nn.compute_cost(cache, np.array([[label]])) == pytest.approx(exact, rel=1e-15,
                                                                               abs=1e-300)


def test_several_outputs_sum_their_losses():
    parameters, x, y = random_problem(8, 3, 4, 2, 5)
    _, cache = nn.forward_propagation(x, parameters)
    one_each = [nn.compute_cost({**cache, "Z2": cache["Z2"][[k]]}, y[[k]]) for k in range(2)]
    assert nn.compute_cost(cache, y) == pytest.approx(sum(one_each), rel=1e-14)


def test_update_returns_new_arrays_and_leaves_the_input_alone():
    parameters, x, y = random_problem(9, 3, 2, 1, 4)
    before = {k: v.copy() for k, v in parameters.items()}
    grads = nn.backward_propagation(parameters, nn.forward_propagation(x, parameters)[1], x, y)
    new = nn.update_parameters(parameters, grads, 0.5)
    for name in nn.PARAMETER_NAMES:
        np.testing.assert_array_equal(parameters[name], before[name])
        np.testing.assert_allclose(new[name], before[name] - 0.5 * grads[f"d{name}"], rtol=0,
                                   atol=0)


def test_initialisation_is_seeded_and_scaled():
    a, b = nn.initialize_parameters(50, 40, seed=3), nn.initialize_parameters(50, 40, seed=3)
    for name in nn.PARAMETER_NAMES:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.array_equal(a["weight1"], nn.initialize_parameters(50, 40, seed=4)["weight1"])
    # 2,000 draws of normal * 0.1: the sample deviation is 0.1 within a few percent.
    assert a["weight1"].std() == pytest.approx(0.1, rel=0.1)
    assert not a["bias1"].any() and not a["bias2"].any()


def test_equal_starting_weights_keep_the_hidden_units_identical():
    # The reason for random starts: with every hidden unit the same, every gradient step
    # treats them the same, so they never become different.
    rng = np.random.default_rng(10)
    x, y = rng.normal(size=(4, 12)), rng.integers(0, 2, size=(1, 12))
    parameters = {"weight1": np.full((3, 4), 0.2), "bias1": np.zeros((3, 1)),
                  "weight2": np.full((1, 3), 0.3), "bias2": np.zeros((1, 1))}
    for _ in range(50):
        grads = nn.backward_propagation(parameters, nn.forward_propagation(x, parameters)[1],
                                        x, y)
        parameters = nn.update_parameters(parameters, grads, 0.5)
    assert np.ptp(parameters["weight1"], axis=0).max() == 0.0
    assert np.ptp(parameters["weight2"]) == 0.0


def test_a_hidden_layer_learns_what_one_neuron_cannot():
    # XOR: the labels of (0, 0), (0, 1), (1, 0), (1, 1) are 0, 1, 1, 0.
    x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0, 1, 1, 0]])
    result = nn.two_layer_neural_network(x, y, x, y, n_h=4, num_iterations=2000,
                                         learning_rate=2.0, seed=1)
    assert result["train_accuracy"] == 100.0
    assert len(result["costs"]) == 20 and result["costs"][-1] < result["costs"][0] / 10
    np.testing.assert_array_equal(nn.predict(result["parameters"], x), y)


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------


@pytest.fixture
def small():
    return random_problem(11, 3, 2, 1, 5)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda p, x, y: nn.forward_propagation(x.T, p), ValueError,
     r"weight1 has shape \(2, 3\), so the network takes 3 inputs, but x has 5 rows.*transpose"),
    (lambda p, x, y: nn.forward_propagation(x, {"weight1": p["weight1"]}), ValueError,
     "parameters must be a dict with the keys weight1, bias1, weight2, bias2"),
    (lambda p, x, y: nn.forward_propagation(x, {**p, "bias1": np.zeros((3, 1))}), ValueError,
     r"bias1 has shape \(3, 1\); expected \(2, 1\)"),
    (lambda p, x, y: nn.forward_propagation(x, {**p, "weight1": p["weight1"].T}), ValueError,
     r"weight1 has shape \(3, 2\); expected \(n_h, n_x\) with n_h = 2 .*Use weight1\.T"),
    (lambda p, x, y: nn.forward_propagation(x, {**p, "weight2": p["weight2"].T}), ValueError,
     r"weight2 has shape \(2, 1\); expected \(1, 2\).*Use weight2\.T"),
    (lambda p, x, y: nn.forward_propagation(x, {**p, "bias1": np.zeros(2)}), ValueError,
     r"bias1\.reshape\(-1, 1\)"),
    (lambda p, x, y: nn.forward_propagation(x, {**p, "weight2": p["weight2"] * np.nan}),
     ValueError, "weight2 contains nan or inf"),
    (lambda p, x, y: nn.backward_propagation(p, nn.forward_propagation(x, p)[1], x, y.T),
     ValueError, r"y has shape \(5, 1\); expected \(1, 5\).*y\.T"),
    (lambda p, x, y: nn.backward_propagation(p, nn.forward_propagation(x, p)[1], x, y * 2),
     ValueError, "y must hold only 0 and 1"),
    (lambda p, x, y: nn.backward_propagation(p, nn.forward_propagation(x[:, :3] * 2, p)[1], x, y),
     ValueError, r"cache\['Z1'\] is not what forward_propagation\(x, parameters\) gives"),
    (lambda p, x, y: nn.backward_propagation(nn.update_parameters(
        p, nn.backward_propagation(p, nn.forward_propagation(x, p)[1], x, y), 0.5),
        nn.forward_propagation(x, p)[1], x, y),
     ValueError, "a cache made before an update"),
    (lambda p, x, y: nn.backward_propagation(p, {**nn.forward_propagation(x, p)[1],
                                                 "A1": np.full((2, 5), np.inf)}, x, y),
     ValueError, r"cache\['A1'\] is not what forward_propagation"),
    (lambda p, x, y: nn.backward_propagation(p, {**nn.forward_propagation(x, p)[1],
                                                 "A2": np.full((1, 5), np.nan)}, x, y),
     ValueError, r"cache\['A2'\] is not what forward_propagation"),
    (lambda p, x, y: nn.compute_cost({"Z1": 0, "A1": 0, "A2": 0, "Z2": np.full((1, 5), np.nan)},
                                     y), ValueError, r"cache\['Z2'\] contains nan or inf"),
    (lambda p, x, y: nn.update_parameters(p, {f"d{k}": v * np.inf for k, v in p.items()}, 0.1),
     ValueError, "dweight1 contains nan or inf"),
    (lambda p, x, y: nn.two_layer_neural_network(x, y, x, y.ravel()), ValueError,
     r"y_test has shape \(5,\); expected \(1, 5\).*y_test\.reshape"),
    (lambda p, x, y: nn.initialize_parameters(200, 3, scale=1e308), ValueError,
     "scale must be between 1e-100 and 1e100"),
    (lambda p, x, y: nn.initialize_parameters(3, 2, seed=-1), TypeError,
     "seed must be a whole number >= 0"),
    (lambda p, x, y: nn.gradient_check(p, x, y, eps=1e-300), ValueError,
     "eps = 1e-300 is too small"),
    (lambda p, x, y: nn.compute_cost({"Z2": np.zeros((1, 5))}, y), ValueError,
     "cache must be the dict that forward_propagation returns"),
    (lambda p, x, y: nn.update_parameters(p, {"dweight1": 0}, 0.1), ValueError,
     "grads must be the dict that backward_propagation returns"),
    (lambda p, x, y: nn.update_parameters(p, {f"d{k}": v for k, v in p.items()}, True),
     TypeError, "learning_rate must be a real number"),
    (lambda p, x, y: nn.initialize_parameters(3, 0), ValueError,
     "n_h must be a positive whole number"),
    (lambda p, x, y: nn.initialize_parameters(3, 2, scale=0), ValueError,
     "scale must be between 1e-100 and 1e100"),
    (lambda p, x, y: nn.initialize_parameters(3, 2, seed=1.5), TypeError,
     "seed must be a whole number"),
    (lambda p, x, y: nn.two_layer_neural_network(x, y, x[:2], y, num_iterations=2), ValueError,
     "x_train has 3 rows .* but x_test has 2"),
    (lambda p, x, y: nn.gradient_check(p, x, y, eps=0), ValueError, "eps must be a small"),
])
def test_bad_input_is_named(small, call, error, message):
    with pytest.raises(error, match=message):
        call(*small)


def test_overflow_is_reported_with_the_iteration():
    # tanh and sigmoid keep every gradient small, so a large learning rate alone makes the
    # weights oscillate rather than overflow; inputs near float64's largest value do overflow
    # (400 terms of 0.1 * 1e308 in weight1 @ x).
    x = np.full((400, 4), 1e308)
    y = np.array([[0, 1, 0, 1]])
    with pytest.raises(ValueError, match="Gradient descent at iteration 0 went beyond the range "
                                         "of a float64.*scale the inputs"):
        nn.two_layer_neural_network(x, y, x, y, num_iterations=5)
    with pytest.raises(ValueError, match="The forward pass went beyond"):
        nn.forward_propagation(x, nn.initialize_parameters(400, 3, seed=0))


def test_a_copy_beside_logistic_py_works_alone(tmp_path):
    import shutil
    import subprocess
    import sys

    from .conftest import REPO
    for name in ("network.py", "logistic.py"):
        shutil.copy(REPO / "helpers" / name, tmp_path / name)
    code = ("import network, numpy as np\n"
            "x = np.array([[0., 0., 1., 1.], [0., 1., 0., 1.]]); y = np.array([[0, 1, 1, 0]])\n"
            "print(network.__file__, network.two_layer_neural_network(x, y, x, y, n_h=4, "
            "num_iterations=2000, learning_rate=2.0, seed=1)['train_accuracy'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "network.py"), "100.0"]


def test_gradient_check_at_the_default_start_on_xor():
    # Weights of 0.1 * N(0, 1): small gradients, where a step of 1e-7 drowns in rounding.
    # The default step of 1e-5 keeps the check below 1e-7 for correct gradients.
    x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0, 1, 1, 0]])
    for seed in range(6):
        assert nn.gradient_check(nn.initialize_parameters(2, 3, seed=seed), x, y) < 1e-7


def test_a_copy_without_logistic_py_says_so(tmp_path):
    import shutil
    import subprocess
    import sys

    from .conftest import REPO
    shutil.copy(REPO / "helpers" / "network.py", tmp_path / "network.py")
    result = subprocess.run([sys.executable, "-c", "import network"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: network.py needs logistic.py in the same folder: copy "
        "helpers/logistic.py beside it.")


def test_a_cache_is_checked_without_a_second_forward_pass():
    # backward_propagation recomputes only a few columns of the cache (a full second forward
    # pass would double every training step), yet stale caches and nan anywhere are caught.
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(4, 40)), rng.integers(0, 2, size=(1, 40))
    parameters = nn.initialize_parameters(4, 3, seed=0, scale=1.0)
    _, cache = nn.forward_propagation(x, parameters)
    expected = nn.backward_propagation(parameters, cache, x, y)
    for name, value in expected.items():
        np.testing.assert_allclose(value, nn._backward(parameters, cache, x, y)[name], rtol=0)
    with pytest.raises(ValueError, match="a cache made before an update"):
        nn.backward_propagation(nn.update_parameters(parameters, expected, 0.1), cache, x, y)
    with pytest.raises(ValueError, match="for other data"):
        nn.backward_propagation(parameters, cache, x + 1.0, y)
    broken_A1 = cache["A1"].copy()
    broken_A1[:, 20] = np.nan                       # column 20 is not among those recomputed
    with pytest.raises(ValueError, match=r"cache\['A1'\] contains nan or inf"):
        nn.backward_propagation(parameters, {**cache, "A1": broken_A1}, x, y)


def test_a_fresh_cache_is_never_refused_for_rounding():
    # The columns recomputed by the check are multiplied in a smaller product, which may add
    # in another order: on image-sized data an exact-to-1e-12 comparison refused a fresh
    # cache for one seed in twenty. The allowance is relative to the size of the terms.
    rng = np.random.default_rng(0)
    x, y = rng.random((4096, 348)), rng.integers(0, 2, size=(1, 348))
    for seed in range(20):
        parameters = nn.initialize_parameters(4096, 3, seed=seed)
        _, cache = nn.forward_propagation(x, parameters)
        grads = nn.backward_propagation(parameters, cache, x, y)
        assert grads["dweight1"].shape == (3, 4096)

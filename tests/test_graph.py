"""helpers.graph: gradients against finite differences, the backward pass, bad input, drawing."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.lines import Line2D

from helpers.graph import Value, draw_graph, numerical_derivative, topological_order

# --------------------------------------------------------------------------------------
# Random expressions built from every operation, checked against central differences
# --------------------------------------------------------------------------------------

# Each step combines earlier values; the unary steps first map their operand into the
# operation's domain (log of 1 + v², sqrt of v² + 0.25, ...) so any program is defined.
STEPS = {
    "add": lambda u, v: u + v,
    "sub": lambda u, v: u - v,
    "mul": lambda u, v: u * v,
    "div": lambda u, v: u / (1 + v * v),
    "neg": lambda u, v: -u,
    "square": lambda u, v: u ** 2,
    "cube": lambda u, v: u ** 3,
    "inverse": lambda u, v: (1 + u * u) ** -1,
    "half_power": lambda u, v: (0.5 + u * u) ** 0.5,
    "exp": lambda u, v: (0.5 * u.sigmoid()).exp(),
    "log": lambda u, v: (1 + u * u).log(),
    "sqrt": lambda u, v: (u * u + 0.25).sqrt(),
    "sigmoid": lambda u, v: u.sigmoid(),
    "tanh": lambda u, v: (u * v).tanh(),
    "number_left": lambda u, v: 2.5 - u * 0.5 + 3.0 / (2 + u * u),
    "number_right": lambda u, v: u + 1.5,
}


def random_program(rng: np.random.Generator, n_inputs: int = 3, n_steps: int = 7):
    names = list(STEPS)
    return [(names[rng.integers(len(names))], int(rng.integers(n_inputs + k)),
             int(rng.integers(n_inputs + k))) for k in range(n_steps)]


def run(program, inputs: list[Value]) -> Value:
    values = list(inputs)
    for name, i, j in program:
        values.append(STEPS[name](values[i], values[j]))
    # Sum the last three so that several branches reach the output.
    return values[-1] + values[-2] * 0.5 + values[-3]


@pytest.mark.parametrize("seed", range(40))
def test_backward_matches_central_differences_on_random_expressions(seed):
    rng = np.random.default_rng(seed)
    program = random_program(rng)
    start = rng.uniform(-1.5, 1.5, size=3)
    inputs = [Value(x, f"x{k}") for k, x in enumerate(start)]
    output = run(program, inputs)
    output.backward()
    for k in range(3):
        def f(t, k=k):
            point = [Value(t if m == k else x) for m, x in enumerate(start)]
            return run(program, point)
        # Central differences with h = 1e-6 are exact to about h^2 |f'''| + 1e-16 |f| / h,
        # i.e. 1e-9 here; the tolerance leaves a wide margin above that, far below any bug.
        assert inputs[k].grad == pytest.approx(numerical_derivative(f, start[k]),
                                               rel=1e-6, abs=1e-7), program


def test_every_operation_appears_in_the_random_programs():
    used = {name for seed in range(40)
            for name, _, _ in random_program(np.random.default_rng(seed))}
    assert used == set(STEPS)


def test_the_textbook_example():
    a, b = Value(3.0, "a"), Value(4.0, "b")
    c = (a ** 2 + b ** 2).sqrt()
    c.backward()
    assert c.data == 5.0
    assert a.grad == pytest.approx(3 / 5) and b.grad == pytest.approx(4 / 5)   # a/c, b/c


def test_local_gradients_of_each_operation():
    x = Value(2.0)
    cases = {x + 1: 1.0, 1 + x: 1.0, x - 1: 1.0, 1 - x: -1.0, x * 3: 3.0, 3 * x: 3.0,
             x / 4: 0.25, 4 / x: -1.0, -x: -1.0, x ** 3: 12.0, x.exp(): math.exp(2),
             x.log(): 0.5, x.sqrt(): 0.5 / math.sqrt(2),
             x.sigmoid(): math.exp(-2) / (1 + math.exp(-2)) ** 2}
    for node, slope in cases.items():
        node.backward()
        assert x.grad == pytest.approx(slope, rel=1e-12), node


# --------------------------------------------------------------------------------------
# The backward pass
# --------------------------------------------------------------------------------------


def test_a_node_used_twice_accumulates_both_contributions():
    a, b = Value(3.0, "a"), Value(-2.0, "b")
    d = a * a
    d.backward()
    assert a.grad == 6.0                                  # 2a: one a from each edge
    e = a * b + a                                         # de/da = b + 1
    e.backward()
    assert a.grad == -1.0 and b.grad == 3.0


def test_backward_twice_gives_the_same_grads():
    a, b = Value(1.5, "a"), Value(0.5, "b")
    out = (a * b + a.exp()).log() * a
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first


def test_a_long_chain_needs_no_recursion():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + 1.0
    y.backward()
    assert y.data == 5001.0 and x.grad == 1.0


def test_topological_order_lists_parents_first_and_each_node_once():
    a = Value(2.0, "a")
    b = a * a
    c = b + a
    order = topological_order(c)
    assert order[-1] is c and len(order) == len({id(n) for n in order}) == 3
    for node in order:
        for parent in node.parents:
            assert order.index(parent) < order.index(node)


def test_numerical_derivative_accepts_floats_and_values():
    assert numerical_derivative(lambda t: t ** 3, 2.0) == pytest.approx(12.0, rel=1e-9)
    assert numerical_derivative(lambda t: Value(t).exp(), 0.0) == pytest.approx(1.0, rel=1e-9)


# --------------------------------------------------------------------------------------
# Extreme inputs: exact, finite, and no warnings (pytest turns warnings into errors)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("z", [1e4, -1e4, 745.0, -745.0, 36.0, -36.0])
def test_sigmoid_is_stable_at_extreme_inputs(z):
    s = Value(z, "z").sigmoid()
    assert 0.0 <= s.data <= 1.0
    assert s.data == pytest.approx(1 / (1 + math.exp(-z)) if z > -700 else 0.0, abs=1e-300)
    s.backward()
    assert math.isfinite(s.parents[0].grad)


def test_log_is_exact_at_extreme_inputs():
    assert Value(1e-300).log().data == pytest.approx(-300 * math.log(10))
    assert Value(1e300).log().data == pytest.approx(300 * math.log(10))


# --------------------------------------------------------------------------------------
# Bad input: clear errors, never a nan that travels on
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["3.0", [1.0], None, 1 + 2j, np.array([1.0, 2.0])])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="Value 'x'"):
        Value(bad, "x")


def test_one_element_arrays_and_numpy_scalars_are_numbers():
    assert Value(np.float32(2.5)).data == 2.5 and Value(np.array([[4.0]])).data == 4.0


@pytest.mark.parametrize("bad", [math.nan, math.inf, np.float64("nan")])
def test_non_finite_numbers_are_rejected(bad):
    with pytest.raises(ValueError, match="only finite numbers"):
        Value(bad, "x")


def test_log_and_sqrt_outside_their_domain_name_the_node():
    with pytest.raises(ValueError, match="log of 'p' = 0"):
        Value(0.0, "p").log()
    with pytest.raises(ValueError, match="log of 'p' = -2"):
        Value(-2.0, "p").log()
    with pytest.raises(ValueError, match="sqrt of 'q' = -1"):
        Value(-1.0, "q").sqrt()


def test_other_impossible_operations():
    with pytest.raises(ZeroDivisionError, match="'b', which is 0"):
        Value(1.0, "a") / Value(0.0, "b")
    with pytest.raises(ValueError, match="fractional power"):
        Value(-8.0, "n") ** (1 / 3)
    with pytest.raises(ZeroDivisionError):
        Value(0.0, "z") ** -1
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(OverflowError, match="exp\\('big' = 1000\\)"):
        Value(1000.0, "big").exp()
    with pytest.raises(OverflowError, match="too large"):
        Value(1e200) * Value(1e200)


def test_an_infinite_slope_is_reported_by_backward():
    x = Value(0.0, "x")
    root = x.sqrt()
    assert root.data == 0.0
    with pytest.raises(ValueError, match="derivative of sqrt at 'x' = 0 is infinite"):
        root.backward()
    unused = x.sqrt() * 0.0                 # no gradient flows through it: nothing to report
    unused.backward()
    assert x.grad == 0.0


# --------------------------------------------------------------------------------------
# Drawing (Agg backend, set in conftest)
# --------------------------------------------------------------------------------------


def logistic_graph() -> Value:
    x1, x2, w1, w2, b, y = (Value(v, name) for v, name in
                            [(0.5, "x1"), (0.8, "x2"), (0.3, "w1"), (-0.2, "w2"), (0.1, "b"),
                             (1.0, "y")])
    y_hat = (w1 * x1 + w2 * x2 + b).sigmoid()
    loss = -(y * y_hat.log() + (1 - y) * (1 - y_hat).log())
    loss.backward()
    return loss


def box_extents(ax):
    return [patch.get_extents().transformed(ax.transData.inverted())
            for patch in ax.patches if patch.get_gid() == "value"]


@pytest.mark.parametrize("build", [lambda: (Value(3.0, "a") ** 2 + 16).sqrt(),
                                   lambda: Value(3.0, "a") * Value(3.0, "a"),
                                   logistic_graph])
def test_draw_graph_draws_one_box_per_value_and_one_circle_per_operation(build):
    root = build()
    ax = draw_graph(root)
    nodes = topological_order(root)
    gids = [patch.get_gid() for patch in ax.patches]
    assert gids.count("value") == len(nodes)
    assert gids.count("op") == sum(1 for node in nodes if node.parents)
    texts = " ".join(text.get_text() for text in ax.texts)
    for node in nodes:
        assert f"data {node.data + 0.0:.4g}" in texts
    plt.close(ax.figure)


def loss_part():
    loss = logistic_graph()
    prediction = next(node for node in topological_order(loss) if node.op == "sigmoid")
    return draw_graph(loss, stop_at=[prediction])


@pytest.mark.parametrize(("draw", "values"), [(lambda: draw_graph(logistic_graph()), 21),
                                              (loss_part, 12)], ids=["whole", "loss part"])
def test_the_logistic_graph_is_legible(draw, values):
    ax = draw()
    boxes = box_extents(ax)
    assert len(boxes) == values
    for i, first in enumerate(boxes):               # no two boxes overlap
        for second in boxes[i + 1:]:
            assert not first.overlaps(second)
    for line in ax.lines:                           # no routed arrow runs through a box
        assert isinstance(line, Line2D)
        xs, ys = line.get_data()
        for k in range(len(xs) - 1):
            (x0, y0), (x1, y1) = (xs[k], ys[k]), (xs[k + 1], ys[k + 1])
            for t in np.linspace(0.05, 0.95, 40):
                px, py = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                assert not any(box.contains(px, py) for box in boxes), (px, py)
    plt.close(ax.figure)


def test_draw_graph_uses_the_axes_it_is_given_and_can_hide_grads():
    figure, ax = plt.subplots()
    returned = draw_graph(Value(2.0, "u").exp(), ax=ax, show_grad=False)
    assert returned is ax
    assert not any("grad" in text.get_text() for text in ax.texts)
    plt.close(figure)


def test_a_long_graph_can_be_drawn_in_two_parts_that_share_one_value():
    loss = logistic_graph()
    prediction = next(node for node in topological_order(loss) if node.op == "sigmoid")
    forward = topological_order(prediction)
    rest = topological_order(loss, stop_at=[prediction])
    rest_ids = {id(node) for node in rest}
    assert id(prediction) in rest_ids
    assert not rest_ids & {id(parent) for parent in prediction.parents}
    # Together the parts hold every value once, except the shared one, which is in both.
    assert len(forward) + len(rest) - 1 == len(topological_order(loss))
    ax = draw_graph(loss, stop_at=[prediction])
    gids = [patch.get_gid() for patch in ax.patches]
    assert gids.count("value") == len(rest)
    assert gids.count("op") == sum(1 for node in rest if node.parents and node is not prediction)
    width_in_inches = ax.figure.get_size_inches()[0]
    whole = draw_graph(loss)
    assert width_in_inches < 0.7 * whole.figure.get_size_inches()[0]
    plt.close(ax.figure)
    plt.close(whole.figure)


# --------------------------------------------------------------------------------------
# Overflow in powers, bad steps and results for finite differences, graphs too big to draw
# --------------------------------------------------------------------------------------


def test_power_overflow_names_the_operation_like_the_others():
    with pytest.raises(OverflowError, match=r"\*\*400 of 'ten' gives a number too large for a "
                                            "float"):
        Value(10.0, "ten") ** 400
    with pytest.raises(OverflowError, match=r"\*\*308.5 of '10' gives a number too large"):
        Value(10.0) ** 308.5                # 10**308.5 is about 3e308, past float64's 1.8e308


@pytest.mark.parametrize(("h", "error", "message"), [
    (0.0, ValueError, "h must be a small positive step"),
    (-1e-6, ValueError, "h must be a small positive step"),
    (math.nan, ValueError, "h is nan; only finite numbers are allowed"),
    ("1e-6", TypeError, "h must be a real number, got str '1e-6'"),
    (1e-20, ValueError, r"h = 1e-20 is too small to change x = 1 \(x \+ h == x"),
])
def test_numerical_derivative_bad_steps(h, error, message):
    with pytest.raises(error, match=message):
        numerical_derivative(lambda t: t * t, 1.0, h)


@pytest.mark.parametrize(("f", "message"), [
    (lambda t: "abc", r"f must return one number or a Value, but f\(1.000001\) returned str "
                      "'abc'"),
    (lambda t: np.array([t, t]), r"f\(1.000001\) returned ndarray"),
    (lambda t: None, r"f\(1.000001\) returned NoneType None"),
])
def test_numerical_derivative_of_something_that_is_not_a_function_to_numbers(f, message):
    with pytest.raises(TypeError, match=message):
        numerical_derivative(f, 1.0)


def test_numerical_derivative_accepts_values_numpy_scalars_and_one_element_arrays():
    # The exact derivative of t**2 at 3 is 6; central differences are exact for a quadratic
    # up to rounding.
    for f in (lambda t: Value(t) ** 2, lambda t: np.float64(t) ** 2, lambda t: np.array([t * t])):
        assert numerical_derivative(f, 3.0) == pytest.approx(6.0, abs=1e-6)


def test_draw_graph_needs_a_value():
    with pytest.raises(TypeError, match="draw_graph needs the Value at the end of a graph, "
                                        "got float 3.0"):
        draw_graph(3.0)


def test_draw_graph_refuses_graphs_too_big_to_read():
    a = Value(1.0, "a")
    wide = a
    for _ in range(1500):                   # 1,501 values: the case that took minutes to save
        wide = wide + a
    with pytest.raises(ValueError, match="this graph has 1501 values; .* up to about 60"):
        draw_graph(wide)
    long = a
    for _ in range(14):                     # a chain 15 values long, each with a constant
        long = long * 1.5
    with pytest.raises(ValueError, match="this graph is 15 values long; .*stop_at"):
        draw_graph(long)
    # The same chain drawn in two parts fits.
    middle = a
    for _ in range(7):
        middle = middle * 1.5
    tail = middle
    for _ in range(7):
        tail = tail * 1.5
    ax = draw_graph(tail, stop_at=[middle])
    assert sum(patch.get_gid() == "value" for patch in ax.patches) == 15   # 8 values, 7 constants
    plt.close(ax.figure)


def test_more_misuses_get_named():
    with pytest.raises(TypeError, match="only a plain number may be an exponent.*math.log"):
        2 ** Value(3.0)
    with pytest.raises(ValueError, match="Value 'big' is inf; only finite numbers"):
        Value(10**400, "big")
    with pytest.raises(OverflowError, match=r"f\(1e\+300\) overflowed; try a smaller h"):
        numerical_derivative(lambda t: t ** 3, 2.0, h=1e300)
    with pytest.raises(TypeError, match="f must be a function of one number, got int 3"):
        numerical_derivative(3, 2.0)
    with pytest.raises(ValueError, match="h = 1e-06 is too small to change x = 1e\\+308"):
        numerical_derivative(lambda t: t, 1e308)
    tiny = Value(1e-300, "tiny")
    result = tiny.log() * 1e10          # d/d tiny = 1e10 / 1e-300: beyond float64
    with pytest.raises(OverflowError, match="gradient reaching 'tiny' through log is too large"):
        result.backward()


def test_draw_graph_argument_checks():
    a = Value(2.0, "a")
    middle = a * 3.0
    ax = draw_graph(middle * 2.0, stop_at=middle)     # one Value is taken as [middle]
    assert sum(patch.get_gid() == "value" for patch in ax.patches) == 3
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="stop_at must be a list of Values"):
        draw_graph(middle, stop_at=[1, 2])
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_graph(middle, ax=3)


@pytest.mark.parametrize("x", [-3.0, -0.7, -1e-3, 1e-3, 0.4, 2.5])
def test_tanh_and_relu_match_central_differences(x):
    for op in ("tanh", "relu"):
        node = Value(x, "x")
        out = getattr(node * 1.5, op)() * 2.0
        out.backward()
        reference = numerical_derivative(lambda t, op=op: getattr(Value(t) * 1.5, op)() * 2.0,
                                         x, h=1e-5 if op == "tanh" else 1e-4)
        assert node.grad == pytest.approx(reference, rel=1e-8, abs=1e-10), op


def test_tanh_and_relu_values_and_the_kink_of_relu():
    assert Value(0.5).tanh().data == math.tanh(0.5)
    assert Value(-800.0).tanh().data == -1.0             # saturates without overflow
    assert (Value(-2.0).relu().data, Value(3.0).relu().data) == (0.0, 3.0)
    zero = Value(0.0, "z")
    zero.relu().backward()
    assert zero.grad == 0.0                              # the convention at the kink

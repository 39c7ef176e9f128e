"""A scalar computation graph: build an expression, evaluate it, differentiate it backwards.

Every arithmetic step on a :class:`Value` creates a new node that remembers its parents and
the *local* derivative of its result with respect to each parent. ``backward()`` then applies
the chain rule from the output back to the inputs:

    parent.grad += (d node / d parent) * node.grad        for every edge, outputs first

That loop is all of backpropagation. :func:`draw_graph` draws the graph with matplotlib and
:func:`numerical_derivative` checks a gradient by finite differences.

Depends on the standard library and matplotlib (for drawing) only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyBboxPatch


def _as_float(data, what: str) -> float:
    """``data`` as a finite Python float, or a TypeError / ValueError that starts with ``what``."""
    if hasattr(data, "shape") and hasattr(data, "item"):          # a numpy scalar or array
        if getattr(data, "size", 1) != 1:
            raise TypeError(f"{what} must be one number, got an array of shape {data.shape}. "
                            "Build one Value per element instead.")
        data = data.item()
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        raise TypeError(f"{what} must be a real number, got "
                        f"{type(data).__name__} {data!r:.60}.")
    try:
        data = float(data)
    except OverflowError:                       # an int beyond float64, such as 10**400
        data = math.inf
    if not math.isfinite(data):
        raise ValueError(f"{what} is {data}; only finite numbers are allowed.")
    return data


class Value:
    """One scalar node of a computation graph.

    Parameters
    ----------
    data : float
        The number this node holds (an int, a float or a one-element numpy array).
    label : str, optional
        A name shown in error messages and drawings.

    Attributes
    ----------
    data : float
    grad : float
        d(output)/d(this node) after ``output.backward()``; 0.0 before.
    label : str
    parents : tuple of Value
        The nodes this one was computed from (empty for an input).
    op : str
        The operation that made it: ``"+"``, ``"*"``, ``"exp"``, ... or ``""`` for an input.
    local_grads : tuple of float
        d(this node)/d(parent), one per parent, computed in the forward pass.

    Examples
    --------
    >>> a, b = Value(3.0, "a"), Value(4.0, "b")
    >>> c = (a**2 + b**2).sqrt()
    >>> c.backward()
    >>> print(c.data, round(a.grad, 12), round(b.grad, 12))    # c = 5, dc/da = a/c, dc/db = b/c
    5.0 0.6 0.8
    """

    def __init__(self, data, label: str = "", *, _parents: tuple[Value, ...] = (),
                 _op: str = "", _local_grads: tuple[float, ...] = ()):
        self.label = str(label)
        self.data = _as_float(data, f"Value {self.label!r}")
        self.grad = 0.0
        self.parents = _parents
        self.op = _op
        self.local_grads = _local_grads

    def __repr__(self) -> str:
        name = f"{self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # ---------------------------------------------------------------- building the graph

    @staticmethod
    def _wrap(other) -> Value:
        """A plain number on either side of an operator becomes a constant node."""
        if isinstance(other, Value):
            return other
        return Value(other, label=f"{_as_float(other, 'constant'):g}")

    def _result(self, data: float, op: str, parents: tuple[Value, ...],
                local_grads: tuple[float, ...]) -> Value:
        if not math.isfinite(data):
            names = ", ".join(repr(p.label or f"{p.data:g}") for p in parents)
            raise OverflowError(f"{op} of {names} gives {data}; the numbers are too large "
                                "for a float.")
        return Value(data, _parents=parents, _op=op, _local_grads=local_grads)

    def __add__(self, other) -> Value:
        other = self._wrap(other)
        return self._result(self.data + other.data, "+", (self, other), (1.0, 1.0))

    def __radd__(self, other) -> Value:
        return self._wrap(other) + self

    def __sub__(self, other) -> Value:
        other = self._wrap(other)
        return self._result(self.data - other.data, "-", (self, other), (1.0, -1.0))

    def __rsub__(self, other) -> Value:
        return self._wrap(other) - self

    def __mul__(self, other) -> Value:
        other = self._wrap(other)
        return self._result(self.data * other.data, "*", (self, other), (other.data, self.data))

    def __rmul__(self, other) -> Value:
        return self._wrap(other) * self

    def __truediv__(self, other) -> Value:
        other = self._wrap(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self.label or self.data!r} by "
                                    f"{other.label or 'a value'!r}, which is 0.")
        quotient = self.data / other.data
        return self._result(quotient, "/", (self, other),
                            (1.0 / other.data, -quotient / other.data))

    def __rtruediv__(self, other) -> Value:
        return self._wrap(other) / self

    def __neg__(self) -> Value:
        return self._result(-self.data, "neg", (self,), (-1.0,))

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("only a plain number may be an exponent: write x ** 2, or use "
                            "(y * x.log()).exp() for x ** y with y a Value.")
        n = _as_float(exponent, "the exponent")
        if self.data < 0 and not n.is_integer():
            raise ValueError(f"{self.label or 'value'!r} = {self.data:g} ** {n:g} has no real "
                             "result: a negative number to a fractional power.")
        if self.data == 0 and n < 0:
            raise ZeroDivisionError(f"{self.label or 'value'!r} is 0, so ** {n:g} divides by 0.")
        try:
            result = self.data ** n
            if n == 0:
                slope = 0.0
            elif self.data == 0 and n < 1:
                slope = math.inf       # like sqrt at 0: backward() reports it if it is used
            else:
                slope = n * self.data ** (n - 1)
        except OverflowError:          # Python's float power raises instead of giving inf
            result = math.inf
        if not math.isfinite(result) or (math.isinf(slope) and self.data != 0):
            raise OverflowError(f"**{n:g} of {self.label or f'{self.data:g}'!r} gives a number "
                                "too large for a float.")
        return self._result(result, f"**{n:g}", (self,), (slope,))

    def __rpow__(self, base) -> Value:
        raise TypeError("only a plain number may be an exponent, and this one is a Value: for "
                        "base ** x write (x * math.log(base)).exp().")

    def exp(self) -> Value:
        """e to the power of this value."""
        try:
            result = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.label or 'value'!r} = {self.data:g}) is too large "
                                "for a float.") from None
        return self._result(result, "exp", (self,), (result,))

    def log(self) -> Value:
        """Natural logarithm; a ValueError names the node if it is not positive."""
        if self.data <= 0:
            raise ValueError(f"log of {self.label or 'a value'!r} = {self.data:g}: the "
                             "logarithm needs a positive number.")
        return self._result(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def sqrt(self) -> Value:
        """Square root; a ValueError names the node if it is negative."""
        if self.data < 0:
            raise ValueError(f"sqrt of {self.label or 'a value'!r} = {self.data:g}: the "
                             "square root needs a number that is not negative.")
        root = math.sqrt(self.data)
        return self._result(root, "sqrt", (self,), (0.5 / root if root else math.inf,))

    def tanh(self) -> Value:
        """Hyperbolic tangent, in (-1, 1); its derivative is 1 - tanh(x)**2."""
        t = math.tanh(self.data)
        # 1 - t*t loses every digit once t rounds to +-1 (|x| > 19); with e = e^(-2|x|) the
        # same slope is 4e / (1 + e)^2, exact for every x.
        e = math.exp(-2.0 * abs(self.data))
        return self._result(t, "tanh", (self,), (4.0 * e / (1.0 + e) ** 2,))

    def relu(self) -> Value:
        """max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 is taken at x = 0)."""
        return self._result(max(0.0, self.data), "relu", (self,),
                            (1.0 if self.data > 0 else 0.0,))

    def sigmoid(self) -> Value:
        """1 / (1 + e^-x), computed without overflow for any input."""
        if self.data >= 0:
            s = 1.0 / (1.0 + math.exp(-self.data))
        else:                                   # e^x / (1 + e^x): exp of a negative number
            e = math.exp(self.data)
            s = e / (1.0 + e)
        return self._result(s, "sigmoid", (self,), (s * (1.0 - s),))

    # ------------------------------------------------------------ differentiating it

    def backward(self) -> None:
        """Fill in ``.grad`` of every node that this one depends on.

        First every node of this graph has its grad reset to 0.0, so calling ``backward()``
        again gives the same result (it never adds to grads from an earlier call). Then this
        node's grad is set to 1 and, in reverse topological order, each node passes
        ``local_grad * grad`` to each of its parents. A node used several times receives
        one contribution per use, and they add up.

        Raises
        ------
        ValueError
            If a local derivative is infinite (e.g. ``sqrt`` at 0), naming the node.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                if math.isinf(local):
                    if node.grad == 0:
                        continue           # nothing flows back along this edge
                    raise ValueError(f"the derivative of {node.op} at "
                                     f"{parent.label or parent.data!r} = {parent.data:g} is "
                                     "infinite; the gradient does not exist there.")
                parent.grad += local * node.grad
                if not math.isfinite(parent.grad):
                    raise OverflowError(f"the gradient reaching {parent.label or parent.data!r} "
                                        f"through {node.op} is too large for a float.")


def topological_order(root: Value, stop_at: Collection[Value] = ()) -> list[Value]:
    """Every node ``root`` depends on, each after all of its parents, ``root`` last.

    Parameters
    ----------
    root : Value
    stop_at : collection of Value, optional
        Nodes whose parents are not followed: they are listed as if they were inputs.

    Examples
    --------
    >>> a = Value(2.0, "a")
    >>> b = a * a
    >>> [node.label or node.op for node in topological_order(b + 1)]
    ['a', '*', '1', '+']
    """
    cut = {id(node) for node in stop_at}
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:                                # depth first, without recursion limits
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent in reversed(node.parents if id(node) not in cut else ()):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order


def numerical_derivative(f: Callable[[float], float | Value], x: float,
                         h: float = 1e-6) -> float:
    """Central difference (f(x + h) - f(x - h)) / (2 h), to check a gradient.

    Parameters
    ----------
    f : callable
        Takes a float, returns a float or a :class:`Value`.
    x : float
    h : float, default 1e-6
        Step. Much smaller and rounding errors grow; much larger and the curvature shows.

    Returns
    -------
    float
        Close to f'(x): the error shrinks like h**2 until rounding takes over.

    Examples
    --------
    >>> round(numerical_derivative(lambda t: t ** 3, 2.0), 6)
    12.0
    """
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {type(f).__name__} {f!r:.40}.")
    x, h = _as_float(x, "x"), _as_float(h, "h")
    if h <= 0:
        raise ValueError(f"h must be a small positive step such as 1e-6, got {h!r}.")
    if x + h == x or x - h == x:
        raise ValueError(f"h = {h:g} is too small to change x = {x:g} (x + h == x in float64); "
                         "use about 1e-6 times the size of x.")

    def number(at: float) -> float:
        try:
            result = f(at)
        except OverflowError:
            raise OverflowError(f"f({at!r}) overflowed; try a smaller h.") from None
        if isinstance(result, Value):
            return result.data
        if isinstance(result, numbers.Real) or getattr(result, "size", None) == 1:
            return _as_float(result, f"f({at!r})")
        raise TypeError(f"f must return one number or a Value, but f({at!r}) returned "
                        f"{type(result).__name__} {result!r:.60}.")

    slope = (number(x + h) - number(x - h)) / (2 * h)
    if not math.isfinite(slope):
        raise OverflowError(f"the difference quotient at x = {x:g} with h = {h:g} is too large "
                            "for a float; try a larger h.")
    return slope


# -------------------------------------------------------------------------- drawing

BOX_WIDTH, BOX_HEIGHT = 1.8, 1.05     # drawing units; one unit is INCHES_PER_UNIT on paper
OP_RADIUS = 0.34
COLUMN_STEP = 3.0           # from one value column to the next; the op sits in between
ROW_STEP = 1.35
INCHES_PER_UNIT = 0.5
MAX_DRAWN_VALUES = 60       # beyond this a drawing is unreadable and slow to render
MAX_DRAWN_COLUMNS = 12      # about 18 inches wide
OP_SYMBOLS = {"*": "×", "-": "−", "neg": "−x", "sigmoid": "σ", "sqrt": "√"}


def _layout(root: Value, stop_at: Collection[Value] = ()
            ) -> tuple[dict[int, tuple[float, float]], dict[tuple, list]]:
    """Positions of the values and the routes of the arrows, in drawing units.

    Columns: the output is rightmost and every other value sits one column left of the
    first value that uses it ("as late as possible"), so inputs appear next to where they
    are used; then a value computed only from computed values moves left to sit just after
    its parents, so a chain of steps reads along a row. An arrow that has to cross columns
    gets a waypoint in each one, and waypoints take part in the row layout like small
    nodes, so no box sits on an arrow's way.

    Rows: columns are placed from the output backwards. Each value or waypoint wants the
    mean height of what it feeds (a first operand a little above a second one); within a
    column they are sorted by that height and spread apart just enough not to overlap.

    Returns
    -------
    position : dict
        ``id(value) -> (x, y)`` of the box centre.
    routes : dict
        ``(id(parent), id(user), operand index) -> [(x, y), ...]``, the waypoints between
        the parent's box and the user's operation circle (empty for neighbouring columns).
    """
    order = topological_order(root, stop_at)
    cut = {id(node) for node in stop_at}

    def parents(node: Value) -> tuple[Value, ...]:
        return () if id(node) in cut else node.parents

    column: dict[int, int] = {id(root): 0}
    users: dict[int, list[Value]] = {id(node): [] for node in order}
    for node in order:
        for parent in parents(node):
            users[id(parent)].append(node)
    for node in reversed(order[:-1]):           # every user comes before its parents
        column[id(node)] = min(column[id(user)] for user in users[id(node)]) - 1
    for node in order[:-1]:                     # every parent comes before its users
        if parents(node) and all(parents(parent) for parent in parents(node)):
            column[id(node)] = max(column[id(parent)] for parent in parents(node)) + 1

    # A slot is a value (keyed by its id) or a waypoint (keyed by a tuple). Each slot
    # records what it feeds: (slot, offset), the offset putting first operands above.
    slots: dict[int, list] = {}
    feeds: dict = {}
    waypoints: dict[tuple, list] = {}
    for node in order:
        slots.setdefault(column[id(node)], []).append(id(node))
        feeds.setdefault(id(node), [])
    for user in order:
        n = len(parents(user))
        for k, parent in enumerate(parents(user)):
            edge = (id(parent), id(user), k)
            chain = [("via", *edge, c) for c in range(column[id(parent)] + 1, column[id(user)])]
            waypoints[edge] = chain
            for slot in chain:
                slots[int(slot[-1])].append(slot)
            steps = [id(parent), *chain]
            for here, there in zip(steps[:-1], steps[1:], strict=True):
                feeds.setdefault(here, []).append((there, 0.0))
            feeds.setdefault(steps[-1], []).append((id(user), ((n - 1) / 2 - k) * ROW_STEP / 2))

    def gap(upper, lower) -> float:
        real = isinstance(upper, int) + isinstance(lower, int)
        return (ROW_STEP, BOX_HEIGHT / 2 + 0.3, 0.4)[2 - real]

    y: dict = {}
    for c in sorted(slots, reverse=True):
        wanted = {slot: (sum(y[target] + offset for target, offset in feeds[slot])
                         / len(feeds[slot]) if feeds[slot] else 0.0) for slot in slots[c]}
        ordered = sorted(slots[c], key=lambda slot: -wanted[slot])
        placed = [wanted[ordered[0]]]
        for upper, lower in zip(ordered[:-1], ordered[1:], strict=True):
            placed.append(min(wanted[lower], placed[-1] - gap(upper, lower)))
        shift = sum(wanted[s] - at for s, at in zip(ordered, placed, strict=True)) / len(placed)
        for slot, at in zip(ordered, placed, strict=True):
            y[slot] = at + shift
    # Left to right, let the waypoints of each column swap places so that they keep the
    # top-to-bottom order of where their arrows come from: two arrows then never cross
    # between columns. Only waypoints move, and only into waypoint places.
    came_from = {there: here for here, targets in feeds.items() for there, _ in targets
                 if not isinstance(there, int)}
    for c in sorted(slots):
        vias = [slot for slot in slots[c] if not isinstance(slot, int)]
        heights = sorted((y[slot] for slot in vias), reverse=True)
        for slot, height in zip(sorted(vias, key=lambda v: -y[came_from[v]]), heights,
                                strict=True):
            y[slot] = height

    shift_x = min(column.values())
    position = {id(n): ((column[id(n)] - shift_x) * COLUMN_STEP, y[id(n)]) for n in order}
    routes = {edge: [((slot[-1] - shift_x) * COLUMN_STEP, y[slot]) for slot in chain]
              for edge, chain in waypoints.items()}
    return position, routes


def draw_graph(root: Value, ax: Axes | None = None, show_grad: bool = True,
               stop_at: Collection[Value] = ()) -> Axes:
    """Draw the graph that computes ``root``, left to right, with matplotlib.

    Each value is a box showing its label, ``data`` and (if ``show_grad``) ``grad``; each
    operation is a circle in front of the value it makes; arrows follow the data flow.
    Readable at a notebook's width up to about 6 columns of values; draw a larger graph in
    parts with ``stop_at``.

    Parameters
    ----------
    root : Value
        The output; everything it depends on is drawn.
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the graph if omitted.
    show_grad : bool, default True
    stop_at : collection of Value, optional
        Values drawn without what computes them, as if they were inputs (in the colour of
        computed values), so that a long graph can be drawn in two parts.

    Returns
    -------
    matplotlib.axes.Axes
        Value boxes carry the gid ``"value"`` and operation circles ``"op"``.

    Raises
    ------
    ValueError
        If the graph has more than :data:`MAX_DRAWN_VALUES` values or is more than
        :data:`MAX_DRAWN_COLUMNS` values long: such a drawing is unreadable and can take
        minutes and gigabytes to render. Draw it in parts with ``stop_at``.

    Examples
    --------
    >>> a = Value(3.0, "a")
    >>> ax = draw_graph(a * 2 + 1)
    >>> sum(patch.get_gid() == "value" for patch in ax.patches)
    5
    >>> plt.close(ax.figure)
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph needs the Value at the end of a graph, got "
                        f"{type(root).__name__} {root!r:.40}. Build the expression from Value "
                        "objects, e.g. a = Value(2.0, 'a'); draw_graph(a * a + 1).")
    if isinstance(stop_at, Value):
        stop_at = [stop_at]
    if not all(isinstance(node, Value) for node in stop_at):
        raise TypeError("stop_at must be a list of Values of this graph, e.g. stop_at=[y_hat].")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (e.g. from plt.subplots()), got "
                        f"{type(ax).__name__}.")
    nodes = topological_order(root, stop_at)
    if len(nodes) > MAX_DRAWN_VALUES:
        raise ValueError(f"this graph has {len(nodes)} values; a drawing is readable up to "
                         f"about {MAX_DRAWN_VALUES}. Draw the part after some values with "
                         "stop_at=[...], or list the nodes with topological_order(root).")
    position, routes = _layout(root, stop_at)
    columns = round((max(p[0] for p in position.values())
                     - min(p[0] for p in position.values())) / COLUMN_STEP) + 1
    if columns > MAX_DRAWN_COLUMNS:
        raise ValueError(f"this graph is {columns} values long; a drawing is readable up to "
                         f"about {MAX_DRAWN_COLUMNS} columns. Draw it in parts with "
                         "stop_at=[...].")
    cut = {id(node) for node in stop_at}
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ys += [y for route in routes.values() for _, y in route]      # arrows routed above or below
    if ax is None:
        width = max(xs) - min(xs) + BOX_WIDTH + 0.6
        height = max(ys) - min(ys) + BOX_HEIGHT + 0.6
        figure, ax = plt.subplots(figsize=(max(3.0, INCHES_PER_UNIT * width),
                                           max(1.6, INCHES_PER_UNIT * height)))
        figure.subplots_adjust(left=0, right=1, bottom=0, top=1)
    arrow = {"arrowstyle": "-|>", "color": "0.35", "linewidth": 1.0, "shrinkA": 0, "shrinkB": 0}

    for node in nodes:
        x, y = position[id(node)]
        box = FancyBboxPatch((x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2), BOX_WIDTH, BOX_HEIGHT,
                             boxstyle="round,pad=0.02,rounding_size=0.12", gid="value",
                             facecolor="#eef3fb" if node.parents else "#fdf3dc",
                             edgecolor="0.3", linewidth=1.0)
        ax.add_patch(box)
        # "+ 0.0" turns a negative zero into 0, which is what a reader expects to see.
        lines = [f"data {node.data + 0.0:.4g}"]
        if show_grad:
            lines.append(f"grad {node.grad + 0.0:.4g}")
        if node.label:
            ax.text(x, y + BOX_HEIGHT * 0.24, node.label, ha="center", va="center",
                    fontsize=9, fontweight="bold")
            ax.text(x, y - BOX_HEIGHT * 0.14, "\n".join(lines), ha="center", va="center",
                    fontsize=7.5, linespacing=1.15)
        else:
            ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=7.5,
                    linespacing=1.15)
        if not node.parents or id(node) in cut:
            continue
        op_x = x - COLUMN_STEP / 2
        ax.add_patch(Circle((op_x, y), OP_RADIUS, gid="op", facecolor="white",
                            edgecolor="0.3", linewidth=1.0))
        symbol = OP_SYMBOLS.get(node.op, node.op)
        ax.text(op_x, y, symbol, ha="center", va="center",
                fontsize=10 if len(symbol) <= 2 else 7.5)
        ax.annotate("", xy=(x - BOX_WIDTH / 2, y), xytext=(op_x + OP_RADIUS, y),
                    arrowprops=arrow)
        for k, parent in enumerate(node.parents):
            px, py = position[id(parent)]
            # A value used twice by one operation (a * a) gets two parallel arrows.
            uses = [j for j, p in enumerate(node.parents) if p is parent]
            lift = (uses.index(k) - (len(uses) - 1) / 2) * 0.3
            # Through each column it crosses, a long arrow runs level, in its own row, so it
            # cannot cut through a box of that column; it only slants between columns.
            points = [(px + BOX_WIDTH / 2, py + lift)]
            for wx, wy in routes[(id(parent), id(node), k)]:
                points += [(wx - BOX_WIDTH / 2, wy), (wx + BOX_WIDTH / 2, wy)]
            if len(points) > 1:                         # a long arrow: a line via its waypoints
                route_x, route_y = [p[0] for p in points], [p[1] for p in points]
                ax.plot(route_x, route_y, color=arrow["color"], linewidth=arrow["linewidth"])
            end = (op_x - math.sqrt(OP_RADIUS**2 - lift**2), y + lift)
            ax.annotate("", xy=end, xytext=points[-1], arrowprops=arrow)

    ax.set_xlim(min(xs) - BOX_WIDTH / 2 - 0.3, max(xs) + BOX_WIDTH / 2 + 0.3)
    ax.set_ylim(min(ys) - BOX_HEIGHT / 2 - 0.3, max(ys) + BOX_HEIGHT / 2 + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
